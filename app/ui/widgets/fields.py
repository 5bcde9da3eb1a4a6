"""Inputs that parse strictly and say what is wrong beside the field."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.rules.dates import DateFormatError, parse_date
from app.rules.money import MoneyError, format_wan, wan_to_yuan
from app.services.editing import Invalid
from app.ui.models.findings_table import user_message


def date_problem(
    field: str, exc: DateFormatError, where_zh: str = "", where_en: str = ""
) -> Invalid:
    """A date that could not be read, explained in both languages (`where_*` prefixes a row)."""
    if exc.no_such_day:
        return Invalid(field, f"{where_zh}日期“{exc.text}”不存在，请检查月份和日",
                       f"{where_en}there is no date {exc.text!r}: check the month and the day")  # fmt: skip
    return Invalid(field, f"{where_zh}“{exc.text}”不是日期，可写作 2026-12-01、2026/12/1、2026.12.1、"
                   "2026年12月1日 或 20261201",
                   f"{where_en}{exc.text!r} is not a date; write it as 2026-12-01, 2026/12/1, "
                   "2026.12.1, 2026年12月1日 or 20261201")  # fmt: skip


class DateField(QLineEdit):
    """Empty, or a date in any form the one parser reads (2026-12-01, 2026/12/1, 2026.12.1,
    2026年12月1日, 20261201); shown back as YYYY-MM-DD once typed."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setPlaceholderText("YYYY-MM-DD")
        self.setMaxLength(20)
        self.setClearButtonEnabled(True)
        self.editingFinished.connect(self._normalise)

    def _normalise(self) -> None:
        try:
            day = parse_date(self.text()) if self.text().strip() else None
        except DateFormatError:
            return  # left as typed: saving says what is wrong
        if day is not None and self.text() != day.isoformat():
            self.setText(day.isoformat())

    def set_value(self, value: date | None) -> None:
        self.setText(value.isoformat() if value else "")

    def value(self) -> date | None:
        text = self.text().strip()
        if not text:
            return None
        try:
            return parse_date(text)
        except DateFormatError as exc:
            raise date_problem(self.objectName(), exc) from None


class MoneyField(QLineEdit):
    """Empty, or an amount in 万元 with at most four decimals."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setPlaceholderText(QCoreApplication.translate("fields", "10k yuan, e.g. 1234.5678"))

    def set_value(self, yuan: int | None) -> None:
        self.setText(
            format_wan(yuan, 4).replace(",", "").rstrip("0").rstrip(".") if yuan is not None else ""
        )

    def value(self) -> int | None:
        text = self.text().strip()
        if not text:
            return None
        try:
            return wan_to_yuan(text)
        except MoneyError as exc:
            raise Invalid(self.objectName(), exc.message_zh, exc.message_en) from None


class ErrorLabel(QLabel):
    """A red message under a form, naming the field at fault; or, in green, what was done."""

    ERROR_STYLE = "color: #b71c1c;"
    DONE_STYLE = "color: #1b5e20;"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(self.ERROR_STYLE)
        self.setWordWrap(True)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setStyleSheet(self.ERROR_STYLE)
        self.setText(text)
        self.setVisible(bool(text))

    def show_done(self, text: str) -> None:
        """A success ("3 packages written to …") is not shown in the colour of an error."""
        self.show_message(text)
        self.setStyleSheet(self.DONE_STYLE)


def form_state(root: QWidget) -> tuple[object, ...]:
    """Everything a user can change in the inputs under `root`: compared with the state when
    the form opened, it tells whether there are unsaved edits."""
    values: list[object] = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QLineEdit):
            values.append(widget.text())
        elif isinstance(widget, QPlainTextEdit):
            values.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            values.append(widget.currentIndex())
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            values.append(widget.isChecked())
        elif isinstance(widget, QTableWidget):
            values.append(tuple(
                item.text() if (item := widget.item(row, column)) is not None else None
                for row in range(widget.rowCount()) for column in range(widget.columnCount())
            ))  # fmt: skip
        elif isinstance(widget, QListWidget):
            values.append(tuple(widget.item(i).checkState() for i in range(widget.count())))
    return tuple(values)


def show_invalid(form: QWidget, error: ErrorLabel, exc: Invalid) -> None:
    """Show a validation message under the form and put the cursor in the field at fault."""
    error.show_message(user_message(exc))
    widget = form.findChild(QWidget, exc.field)
    if widget is not None:
        widget.setFocus()


def show_message(parent: QWidget, title: str, exc: Invalid) -> None:
    """A refused action explained in a message box, in the UI language."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(parent, title, user_message(exc))


def comment_box(name: str, lines: int = 3) -> QPlainTextEdit:
    """A multi-line comment: room for a sentence or two, Tab moves on to the next field."""
    box = QPlainTextEdit()
    box.setObjectName(name)
    box.setTabChangesFocus(True)
    box.setPlaceholderText(QCoreApplication.translate("fields", "Comment"))
    margins = box.contentsMargins()
    height = box.fontMetrics().lineSpacing() * lines + 2 * box.document().documentMargin()
    box.setFixedHeight(int(height) + margins.top() + margins.bottom() + 4)
    return box


def add_question(grid: QGridLayout, row: int, text: str, answer: QWidget, comment: QWidget) -> int:
    """A question on a line of its own, its answer and comment beneath (nothing squeezed into
    a third of the pane's width); returns the next free row."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setBuddy(answer)
    grid.addWidget(label, row, 0, 1, 2)
    grid.addWidget(answer, row + 1, 0, Qt.AlignmentFlag.AlignTop)
    grid.addWidget(comment, row + 1, 1)
    grid.setColumnStretch(1, 1)
    return row + 2


class ScrolledForm(QWidget):
    """A side-pane form: its body scrolls (never sideways: rows wrap instead), the error line
    and the save button stay under it, in view whatever the scroll position."""

    def __init__(self, save_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.body = QWidget()
        self.scroll.setWidget(self.body)
        self.body_layout = QVBoxLayout(self.body)
        self.error = ErrorLabel()
        self.save_button = QPushButton(save_text)
        self.save_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll, 1)
        outer.addWidget(self.error)
        outer.addLayout(buttons)

    @staticmethod
    def wrapping(form: QFormLayout) -> QFormLayout:
        """A form layout whose long labels put their field on the next line in a narrow pane."""
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return form


class _ToggleLabel(QLabel):
    """The wrapping text of a check box: a click on it ticks the box, as on a check box's text."""

    def __init__(self, text: str, check: QAbstractButton) -> None:
        super().__init__(text)
        self._check = check
        self.setWordWrap(True)
        self.setBuddy(check)

    def mouseReleaseEvent(self, event: Any) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._check.isEnabled():
            self._check.toggle()
        super().mouseReleaseEvent(event)


def wrapping_check(text: str, name: str = "") -> tuple[QWidget, QCheckBox]:
    """A check box whose long text wraps in a narrow pane (a QCheckBox's own text never does,
    and makes the pane as wide as the sentence). Returns the row to lay out and the box."""
    check = QCheckBox()
    check.setObjectName(name)
    check.setAccessibleName(text)
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(check, 0, Qt.AlignmentFlag.AlignTop)
    layout.addWidget(_ToggleLabel(text, check), 1)
    return row, check
