"""Inputs that parse strictly and say what is wrong beside the field."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from app.rules.dates import parse_iso_date
from app.rules.money import MoneyError, format_wan, wan_to_yuan
from app.services.editing import Invalid
from app.ui.models.findings_table import user_message


class DateField(QLineEdit):
    """Empty, or a date as YYYY-MM-DD."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setPlaceholderText("YYYY-MM-DD")
        self.setMaxLength(10)
        self.setClearButtonEnabled(True)

    def set_value(self, value: date | None) -> None:
        self.setText(value.isoformat() if value else "")

    def value(self) -> date | None:
        text = self.text().strip()
        if not text:
            return None
        try:
            return parse_iso_date(text)
        except ValueError:
            raise Invalid(
                self.objectName(),
                f"日期“{text}”格式不对，应为 YYYY-MM-DD，例如 2026-03-31",
                f"{text!r} is not a date in the form YYYY-MM-DD, e.g. 2026-03-31",
            ) from None


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
    """A red message under a form, naming the field at fault."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet("color: #b71c1c;")
        self.setWordWrap(True)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


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
