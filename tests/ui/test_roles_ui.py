"""SEC-7 in the workbench: a reviewer's window says so, and a refusal is a Chinese message."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from app.models.roles import PermissionDenied, Role
from app.services.store import open_store
from app.ui.app import AppController, install_translators
from app.ui.main_window import MainWindow
from tests.dbstate import content_hash

TODAY = date(2026, 11, 25)


@pytest.fixture
def reviewer_window(qtbot: Any, qapp: QApplication, demo_db: Path) -> Any:
    translators = install_translators(qapp, "zh_CN")
    store = open_store(str(demo_db), role="reviewer")
    win = MainWindow(store, today=TODAY)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()
    store.close()
    for translator in translators:
        qapp.removeTranslator(translator)


def test_reviewer_window_says_what_it_may_do_and_refuses_at_the_service(
    reviewer_window: Any,
) -> None:
    reviewer_window.update_status()
    label = reviewer_window.db_label  # shortened in its middle if narrow, whole in its tooltip
    assert "评审专家" in label.full_text and label.toolTip() == label.full_text
    tab = reviewer_window.tab_widgets["experts"]
    store = reviewer_window.ctx.store
    before = content_hash(store)
    tab.expert_name.setText("王建国")
    with pytest.raises(PermissionDenied) as info:  # the button is there; the service refuses
        tab.add_expert()
    assert "维护评审专家库" in info.value.message_zh
    assert content_hash(store) == before


def test_uncaught_refusal_is_shown_in_chinese(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch, chinese: None
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: shown.append(text))
    passed_on: list[BaseException] = []
    controller = AppController(qapp)
    hook = controller.error_hook(lambda _k, exc, _tb: passed_on.append(exc))
    refusal = PermissionDenied("导入部门申报表", "import a department submission", Role.REVIEWER)
    hook(PermissionDenied, refusal, None)
    other = RuntimeError("boom")
    hook(RuntimeError, other, None)
    assert shown == [refusal.message_zh] and "无权" in shown[0]
    assert passed_on == [other]


@pytest.mark.qt_no_exception_capture
def test_refusal_from_a_button_reads_english_only_in_the_english_ui(
    qtbot: Any, qapp: QApplication, demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14: the English refusal named the operation in Chinese (「may not do this: 导入数据（JSON）」)."""
    import re
    import sys

    from PySide6.QtCore import Qt

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: shown.append(text))
    controller = AppController(qapp)
    monkeypatch.setattr(sys, "excepthook", controller.error_hook(sys.excepthook))
    store = open_store(str(demo_db), role="reviewer")
    win = MainWindow(store, today=TODAY)
    qtbot.addWidget(win)
    win.show()
    try:
        win.show_tab("experts")
        tab = win.tab_widgets["experts"]
        tab.expert_name.setText("Wang")
        before = content_hash(store)
        qtbot.mouseClick(tab.add_expert_button, Qt.MouseButton.LeftButton)
        assert shown, "the refusal was not shown"
        assert "maintain the expert pool" in shown[-1]
        assert not re.search(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", shown[-1]), shown[-1]
        assert content_hash(store) == before
    finally:
        win.close()
        store.close()
