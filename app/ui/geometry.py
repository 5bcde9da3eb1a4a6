"""Top-level windows that fit the screen: sized to its work area (without the taskbar) on first
start, brought back inside it when a saved geometry came from a larger or a missing monitor."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: the least size of a window on first start on a large screen
DEFAULT_SIZE = QSize(1280, 800)
#: room for the title bar and borders before the window manager has told us their size
FRAME_ALLOWANCE = QMargins(8, 32, 8, 8)


def fit_rect(rect: QRect, area: QRect, frame: QMargins) -> QRect:
    """`rect` (the client area) shrunk and moved so that, with its `frame`, it lies inside
    `area` (the screen's work area: without the taskbar)."""
    width = min(rect.width(), area.width() - frame.left() - frame.right())
    height = min(rect.height(), area.height() - frame.top() - frame.bottom())
    left = min(max(rect.left(), area.left() + frame.left()), area.right() - frame.right() - width + 1)  # fmt: skip
    top = min(max(rect.top(), area.top() + frame.top()), area.bottom() - frame.bottom() - height + 1)  # fmt: skip
    return QRect(left, top, width, height)


def work_area(window: QWidget) -> QRect:
    """The available geometry (without the taskbar) of the screen the window is on."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def frame_margins(window: QWidget) -> QMargins:
    """The window manager's frame around the window (an allowance until it is known)."""
    frame, inner = window.frameGeometry(), window.geometry()
    margins = QMargins(inner.left() - frame.left(), inner.top() - frame.top(),
                       frame.right() - inner.right(), frame.bottom() - inner.bottom())  # fmt: skip
    if window.isVisible() and not margins.isNull():
        return margins
    return FRAME_ALLOWANCE


def place_on_screen(window: QWidget) -> None:
    """First start: a laptop's whole work area, four fifths of a large screen; centred."""
    area = work_area(window)
    width = area.width() if area.width() < 1600 else max(DEFAULT_SIZE.width(), area.width() * 4 // 5)  # fmt: skip
    height = area.height() if area.height() < 1000 else max(DEFAULT_SIZE.height(), area.height() * 17 // 20)  # fmt: skip
    rect = QRect(0, 0, width, height)
    rect.moveCenter(area.center())
    window.setGeometry(fit_rect(rect, area, frame_margins(window)))


def fit_to_work_area(window: QWidget) -> None:
    """A restored (or moved) window brought back inside the work area: a geometry saved on a
    larger screen, or on a monitor that is gone, never leaves the window out of reach."""
    if window.isMaximized() or window.isFullScreen():
        return
    fitted = fit_rect(window.geometry(), work_area(window), frame_margins(window))
    if fitted != window.geometry():
        window.setGeometry(fitted)
