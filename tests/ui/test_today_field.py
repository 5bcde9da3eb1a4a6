"""The toolbar's 「today」 (issue 11, Deliver 7: every date field reads what the Excel import
reads). It was a QDateEdit: 「2026-12-01」 typed from the keyboard became 2026-11-12, and the
deadlines moved to that day without a word."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.ui.main_window import MainWindow
from tests.ui.desk import type_text


def type_today(qtbot: Any, window: MainWindow, text: str) -> None:
    field = window.today_edit
    field.setFocus()
    field.selectAll()
    type_text(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


@pytest.mark.parametrize("typed", ["2026-12-01", "2026/12/1", "2026.12.1", "20261201", "2026年12月1日"])  # fmt: skip
def test_today_typed_as_people_write_it(qtbot: Any, window: MainWindow, typed: str) -> None:
    type_today(qtbot, window, typed)
    assert window.ctx.today == date(2026, 12, 1)
    assert window.today_edit.text() == "2026-12-01"


def test_a_day_that_does_not_exist_is_refused_and_said(qtbot: Any, window: MainWindow) -> None:
    before = window.ctx.today
    type_today(qtbot, window, "2026/13/1")
    assert window.ctx.today == before and window.today_edit.text() == before.isoformat()
    assert "2026/13/1" in window.statusBar().currentMessage()


def test_today_picked_from_the_calendar(qtbot: Any, window: MainWindow) -> None:
    before = window.ctx.today
    window.today_edit.calendar_action.trigger()
    calendar = window.today_edit.calendar
    assert calendar is not None and calendar.isVisible()
    qtbot.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Right)
    qtbot.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert window.ctx.today == date.fromordinal(before.toordinal() + 1)
    assert not calendar.isVisible()
