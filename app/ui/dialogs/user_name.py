"""The user's name for the audit trail: asked on first run, changeable in Tools."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtWidgets import QInputDialog, QWidget

NAME_KEY = "user/name"
MAX_NAME = 100


def saved_name() -> str:
    return str(QSettings().value(NAME_KEY, "", type=str)).strip()


def ask_name(parent: QWidget | None = None, *, first_run: bool = False) -> str | None:
    """Ask for the name (pre-filled); saves and returns it, or None when cancelled or blank."""
    title = QCoreApplication.translate("user_name", "Your name")
    prompt = (
        QCoreApplication.translate("user_name", "Welcome to ReviewDesk. Every change you make is recorded in the audit trail under your name.\nYour name:")
        if first_run
        else QCoreApplication.translate("user_name", "Name recorded in the audit trail for your changes:")
    )  # fmt: skip
    text, ok = QInputDialog.getText(parent, title, prompt, text=saved_name())
    name = text.strip()[:MAX_NAME]
    if not ok or not name:
        return None
    QSettings().setValue(NAME_KEY, name)
    return name


def ensure_name(parent: QWidget | None = None) -> str:
    """The saved name, asking once if there is none (empty when the user declines)."""
    return saved_name() or ask_name(parent, first_run=True) or ""
