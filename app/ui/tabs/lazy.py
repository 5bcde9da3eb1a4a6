"""Tabs that only do their work when someone looks at them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget


class LazyTab(QWidget):
    """`when_visible(fn)` runs fn now if the tab is on screen, else at its next show."""

    _pending: Callable[[], None] | None = None

    def when_visible(self, fn: Callable[[], None]) -> None:
        if self.isVisible():
            self._pending = None
            fn()
        else:
            self._pending = fn

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        pending, self._pending = self._pending, None
        if pending is not None:
            pending()
