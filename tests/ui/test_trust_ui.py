"""Remembered heads and trusted checkpoint keys through the real windows: the startup check
reports a shortened trail naming both heads (and the user may accept it, recorded), a restore
made by the app is recognised, and Tools → Audit log lists the keys that signed checkpoints and
marks one trusted. Only the OS dialogs are replaced."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from app.crypto import SM2Signer, fingerprint
from app.models import Project
from app.services import audit, audit_heads
from app.ui.app import AppController
from app.ui.dialogs.audit_log import AuditLogDialog
from tests.services.test_audit_heads import delete_tail


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    state: dict[str, Any] = {"warnings": [], "questions": [], "answer": QMessageBox.StandardButton.No}  # fmt: skip

    def question(_p: Any, _t: str, text: str, *a: Any, **k: Any) -> Any:
        state["questions"].append(text)
        return state["answer"]

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: state["warnings"].append(text))  # fmt: skip
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a, **k: state["warnings"].append(text))  # fmt: skip
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a, **k: state["warnings"].append(text))  # fmt: skip
    return state


@pytest.fixture
def controller(qtbot: Any) -> Iterator[AppController]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    ctrl = AppController(app)
    ctrl.actor = "钱七"
    yield ctrl
    if ctrl.window is not None:
        ctrl.window.setProperty("replaced", True)
        ctrl.window.close()
    ctrl.close_store()


def opened(controller: AppController, qtbot: Any, db: Path) -> None:
    """Open `db` through the controller (after closing what it has open, as File → Open does
    for another file) and wait for its startup check to report."""
    controller.close_store()
    assert controller.open(str(db))
    # the check starts once the window is painted (start-up time, issue 12)
    qtbot.waitUntil(lambda: getattr(controller.audit_check, "reported", False), timeout=20_000)
    QApplication.processEvents()


def work_and_close(controller: AppController, name: str) -> audit.ChainHead:
    """A change through the app, then a clean close (the head is signed and remembered)."""
    store = controller.store
    assert store is not None
    with store.write() as session:
        project = session.get(Project, 2)
        assert project is not None
        project.name = name
    with store.read() as session:
        head = audit.chain_head(session)
    controller.close_store()
    assert head is not None
    return head


@pytest.mark.sqlite_only
def test_a_shortened_trail_is_reported_at_open_naming_both_heads_and_may_be_accepted(
    controller: AppController, qtbot: Any, demo_db: Path, shown: dict[str, Any]
) -> None:
    opened(controller, qtbot, demo_db)
    assert shown["warnings"] == [] and shown["questions"] == []
    seen = work_and_close(controller, "第一次修改")
    delete_tail(demo_db, 4)  # the last entries deleted behind the app's back
    opened(controller, qtbot, demo_db)
    assert len(shown["questions"]) == 1, shown  # DRC staff may accept it; here they do not
    text = shown["questions"][0]
    assert "truncated" in text and f"{seen.seq}:{seen.hash[:16]}" in text
    assert f"{seen.seq - 4}:" in text and "older copy" in text
    opened(controller, qtbot, demo_db)  # still reported at the next open
    assert len(shown["questions"]) == 2
    shown["answer"] = QMessageBox.StandardButton.Yes  # "I restored an old copy on purpose"
    opened(controller, qtbot, demo_db)
    assert len(shown["questions"]) == 3
    store = controller.store
    assert store is not None
    with store.read() as session:
        accepted = [e for e in audit.search_history(session, table_name="database") if e.operation == "accept_head"]  # fmt: skip
    assert accepted and accepted[0].after["remembered_head"]["seq"] == seen.seq
    assert accepted[0].actor == "钱七"
    opened(controller, qtbot, demo_db)
    assert len(shown["questions"]) == 3 and shown["warnings"] == []


@pytest.mark.sqlite_only
def test_a_restore_made_by_the_app_is_recognised_an_old_copy_put_in_place_is_not(
    controller: AppController, qtbot: Any, demo_db: Path, shown: dict[str, Any]
) -> None:
    from app.models.backups import backups_of

    opened(controller, qtbot, demo_db)  # the day's first open makes a backup
    backup = backups_of(demo_db)[0].path
    seen = work_and_close(controller, "备份之后的修改")
    # an older copy simply put in place of the file: reported
    kept = demo_db.with_name("kept.db")
    shutil.copyfile(demo_db, kept)
    shutil.copyfile(backup, demo_db)
    opened(controller, qtbot, demo_db)
    assert len(shown["questions"]) == 1 and f"{seen.seq}:{seen.hash[:16]}" in shown["questions"][0]  # fmt: skip
    controller.close_store()
    shutil.copyfile(kept, demo_db)
    # the file damaged, the app offers its backup and restores it: recognised, not reported
    demo_db.write_bytes(b"SQLite format 3\x00" + b"\x17" * 4096)
    shown["answer"] = QMessageBox.StandardButton.Yes
    opened(controller, qtbot, demo_db)
    assert "Restore the backup" in shown["questions"][-1]
    assert len(shown["questions"]) == 2 and shown["warnings"] == []
    store = controller.store
    assert store is not None
    with store.read() as session:
        restores = [e for e in audit.search_history(session, table_name="database") if e.operation == "restore"]  # fmt: skip
        result = audit_heads.verify(session, strict_keys=True)
    assert restores and restores[0].after["replaced_head"] == {"seq": seen.seq, "hash": seen.hash}
    assert restores[0].after["backup"] == backup.name
    assert result.ok


def test_tools_audit_log_lists_signing_keys_and_marks_one_trusted(
    window: Any, qtbot: Any, shown: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = window.ctx.store
    other = SM2Signer.generate()  # a colleague's workstation signed a checkpoint
    with store.write() as session:
        session.get(Project, 3).name = "二号机上的修改"
        audit.checkpoint(session, signer=other)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("科室二号机", True))
    seen: dict[str, Any] = {}

    def in_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, AuditLogDialog)
        keys = dialog.keys
        rows = {keys.item(r, 0).text(): keys.item(r, 1).text() for r in range(keys.rowCount())}
        seen["rows"] = rows
        qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
        seen["unknown"] = list(shown["warnings"])
        row = next(r for r in range(keys.rowCount()) if keys.item(r, 0).text() == fingerprint(other.key_id))  # fmt: skip
        keys.selectRow(row)
        assert dialog.trust_button.isEnabled() and not dialog.distrust_button.isEnabled()
        qtbot.mouseClick(dialog.trust_button, Qt.MouseButton.LeftButton)
        seen["after"] = {keys.item(r, 0).text(): keys.item(r, 1).text() for r in range(keys.rowCount())}  # fmt: skip
        qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
        seen["trusted"] = shown["warnings"][-1]
        dialog.accept()

    QTimer.singleShot(0, in_dialog)
    window.audit_log_action.trigger()
    assert seen["rows"][fingerprint(other.key_id)] == "Unknown"
    assert "This computer" in seen["rows"].values()
    assert fingerprint(other.key_id) in seen["unknown"][-1] and "not marked as trusted" in seen["unknown"][-1]  # fmt: skip
    assert seen["after"][fingerprint(other.key_id)] == "Trusted: 科室二号机"
    assert "intact" in seen["trusted"]
    with store.read() as session:
        entries = audit.search_history(session, table_name="trusted_keys")
    assert entries and entries[0].after["label"] == "科室二号机"
