"""The recently opened databases (文件 → 最近打开), kept in QSettings."""

from __future__ import annotations

from PySide6.QtCore import QSettings

RECENT_KEY = "files/recent"
MAX_RECENT = 8


def recent_files() -> list[str]:
    value = QSettings().value(RECENT_KEY, [])
    if isinstance(value, str):
        value = [value]
    return [str(v) for v in value or []]


def remember_file(path: str) -> None:
    files = [path, *(f for f in recent_files() if f != path)][:MAX_RECENT]
    QSettings().setValue(RECENT_KEY, files)
