"""A one-line label that shortens its text in the middle to the room it is given (a path in the
status bar: the folders in the middle go first, the drive and the file name stay)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget


class ElidedLabel(QLabel):
    """Wants the width of its whole text (at most `widest` px), accepts down to `narrowest` px;
    the whole text is in `full_text` and in the tooltip."""

    def __init__(self, *, widest: int | None = None, narrowest: int = 80, parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.full_text = ""
        self.widest = widest
        self.narrowest = narrowest

    def set_full_text(self, text: str) -> None:
        self.full_text = text
        self.setToolTip(text)
        self.updateGeometry()
        self._elide()

    def sizeHint(self) -> QSize:
        wanted = self.fontMetrics().horizontalAdvance(self.full_text) + 4
        if self.widest is not None:
            wanted = min(wanted, self.widest)
        return QSize(wanted, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.narrowest, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        self.setText(self.fontMetrics().elidedText(self.full_text, Qt.TextElideMode.ElideMiddle, self.width() - 4))  # fmt: skip
