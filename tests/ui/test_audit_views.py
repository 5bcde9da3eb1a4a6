"""History views: the project's change history dock, Tools → 审计日志 with filters and 「校验」,
the user's name recorded as actor, and the startup check warning about a broken chain."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from app.models import Project
from app.services import audit
from app.ui.dialogs import user_name
from app.ui.dialogs.audit_log import AuditLogDialog
from app.ui.models.audit_table import describe_change


def test_history_dock_shows_the_projects_changes(window: Any, qtbot: Any) -> None:
    window.ctx.store.actor = "赵六"
    with window.ctx.store.write() as session:
        project = session.get(Project, 4)
        assert project is not None
        old = project.name
        project.name = "改名后的项目"
    window.history_dock.show()
    window.ctx.project_selected.emit(4)
    model = window.history_dock.model
    qtbot.waitUntil(lambda: model.rowCount() > 0)
    newest = model.entries[0]
    assert newest.actor == "赵六" and newest.project_id == 4
    change = model.index(0, 4).data()
    assert old in change and "改名后的项目" in change and "→" in change
    assert all(e.project_id == 4 for e in model.entries)
    assert window.history_dock.toggleViewAction() in window.view_menu.actions()


def test_audit_log_dialog_filters_and_verifies(
    demo_store: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    dialog = AuditLogDialog(demo_store)
    qtbot.addWidget(dialog)
    total = dialog.model.rowCount()
    assert total > 1000
    dialog.table_combo.setCurrentIndex(dialog.table_combo.findData("plan_lines"))
    assert 0 < dialog.model.rowCount() < total
    assert {e.table_name for e in dialog.model.entries} == {"plan_lines"}
    result = dialog.verify()
    assert result is not None and result.ok and str(result.entries) in shown[-1]
    assert demo_store.path is not None
    raw = sqlite3.connect(demo_store.path, isolation_level=None)
    raw.execute("UPDATE audit_entries SET actor = '某人' WHERE seq = 17")
    raw.close()
    broken = dialog.verify()
    assert broken is not None and not broken.ok and broken.first_bad_seq == 17
    assert "17" in shown[-1] and dialog.status.text() == shown[-1]


def test_describe_change_for_additions_and_imports() -> None:
    from datetime import datetime

    added = audit.HistoryEntry(1, datetime(2026, 1, 1), "甲", "plan_lines", "3", 2, "insert",
                               {}, {"id": 3, "amount_yuan": 500}, "")  # fmt: skip
    assert describe_change(added) == "Amount: 0.05 (10k yuan)"  # 500 yuan; no row id
    imported = audit.HistoryEntry(2, datetime(2026, 1, 1), "甲", "import", "", None, "import",
                                  {}, {"file": "a.json"}, "导入 JSON 数据：a.json")  # fmt: skip
    # the recorded Chinese prefix, in the UI's language
    assert describe_change(imported) == "JSON data imported: a.json"


def test_name_asked_once_and_changeable(window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = iter([("王五", True), ("王五五", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: next(answers))
    assert user_name.ensure_name() == "王五"
    assert user_name.ensure_name() == "王五"  # saved: not asked again
    window.change_user_name()
    assert window.ctx.store.actor == "王五五" and QSettings().value(user_name.NAME_KEY) == "王五五"


def test_controller_records_the_name_and_warns_about_a_broken_chain(
    qtbot: Any, demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui.app import AppController

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    raw = sqlite3.connect(demo_db, isolation_level=None)
    raw.execute("DELETE FROM audit_entries WHERE seq = 30")
    raw.close()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    controller = AppController(app)
    controller.actor = "钱七"
    assert controller.open(str(demo_db))
    try:
        assert controller.store is not None and controller.store.actor == "钱七"
        qtbot.waitUntil(lambda: bool(warnings), timeout=10_000)
        assert "30" in warnings[0]
    finally:
        if controller.window is not None:
            controller.window.setProperty("replaced", True)
            controller.window.close()
        controller.close_store()
