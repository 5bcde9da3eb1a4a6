"""The toolbar's 「today」 (the day deadlines are computed for): typed in any form the one date
parser reads, or picked from a calendar.

It was a QDateEdit, whose sections took 「2026-12-01」 typed from the keyboard for 2026-11-12 (the
year section moves on by itself after four digits, then the typed '-' skipped the month) and
knew nothing of 「2026年12月1日」."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, QPoint, Qt, Signal
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QStyle, QWidget

from app.services.editing import Invalid
from app.ui.models.findings_table import user_message
from app.ui.widgets.fields import DateField


class DayEdit(DateField):
    dateChanged = Signal(QDate)
    # a typed text that is no date, explained in the UI language (the field goes back)
    refused = Signal(str)

    def __init__(self, day: QDate, parent: QWidget | None = None) -> None:
        super().__init__("today", parent)
        self.setClearButtonEnabled(False)
        self._day = day
        self.setText(day.toString(Qt.DateFormat.ISODate))
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown)
        self.calendar_action = self.addAction(icon, QLineEdit.ActionPosition.TrailingPosition)
        self.calendar_action.setToolTip(QCoreApplication.translate("DayEdit", "Pick the day from a calendar"))  # fmt: skip
        self.calendar_action.triggered.connect(self.show_calendar)
        self.calendar: QCalendarWidget | None = None
        self.setFixedWidth(self.fontMetrics().horizontalAdvance("2026-12-31") + 48)
        self.editingFinished.connect(self._typed)

    def date(self) -> QDate:
        return self._day

    def setDate(self, day: QDate) -> None:
        self.setText(day.toString(Qt.DateFormat.ISODate))
        if day != self._day:
            self._day = day
            self.dateChanged.emit(day)

    def _typed(self) -> None:
        try:
            typed: date | None = self.value()
        except Invalid as exc:
            self.setDate(self._day)  # back to the day in force
            self.refused.emit(user_message(exc))
            return
        self.setDate(QDate(typed) if typed is not None else self._day)

    def show_calendar(self) -> QCalendarWidget:
        """A calendar under the field: a click or Return on a day takes it, Escape closes."""
        calendar = QCalendarWidget(self)
        calendar.setWindowFlags(Qt.WindowType.Popup)
        calendar.setSelectedDate(self._day)
        calendar.clicked.connect(lambda day: self._picked(calendar, day))
        calendar.activated.connect(lambda day: self._picked(calendar, day))
        calendar.move(self.mapToGlobal(QPoint(0, self.height())))
        calendar.show()
        calendar.setFocus()
        self.calendar = calendar
        return calendar

    def _picked(self, calendar: QCalendarWidget, day: QDate) -> None:
        calendar.close()
        self.setDate(day)
