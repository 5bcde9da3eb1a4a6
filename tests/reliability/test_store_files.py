"""DB-8 (a lone .db after a clean exit is complete) and DB-6c (a busy database is a message)."""

from __future__ import annotations

import shutil
import sqlite3
import time
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from app.models import db as dbmod
from app.rules.facts import DocKind, DocStatus
from app.services.editing import DocumentInput, set_document
from app.services.store import open_store


@pytest.mark.reliability
def test_lone_db_file_after_clean_close_has_every_commit(demo_db: Path, tmp_path: Path) -> None:
    store = open_store(str(demo_db))
    with store.write() as session:
        set_document(
            session,
            3,
            DocKind.DATA_CATALOGUE,
            DocumentInput(DocStatus.SUBMITTED, submitted_on=date(2026, 11, 20)),
        )
    store.close()  # checkpoints the WAL into the main file
    lone = tmp_path / "copy" / "demo.db"
    lone.parent.mkdir()
    shutil.copyfile(demo_db, lone)  # no -wal, no -shm
    conn = sqlite3.connect(lone)
    row = conn.execute(
        "SELECT status FROM documents WHERE project_id=3 AND kind='data_catalogue'"
    ).fetchone()
    conn.close()
    wal_left = Path(str(demo_db) + "-wal").exists()
    print(
        f"DB-8: committed=1 present_in_lone_copy={int(row == ('submitted',))} wal_left={wal_left}"
    )
    assert row == ("submitted",)


@pytest.mark.reliability
def test_busy_database_gives_the_busy_message_and_loses_nothing(
    qtbot,
    demo_db: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 300)
    from app.ui.main_window import MainWindow

    store = open_store(str(demo_db))
    window = MainWindow(store, today=date(2026, 11, 25))
    qtbot.addWidget(window)
    window.show()
    window.ctx.findings()
    blocker = sqlite3.connect(demo_db, timeout=0.1, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(str(a[2])))
    try:
        window.ctx.project_selected.emit(3)
        window.show_tab("dossier")
        window.dossier_tab.select_item("data_catalogue")
        assert not window.dossier_tab.editor.save() or not shown
        started = time.perf_counter()
        window.dossier_tab.editor.mark_submitted()
        stall_ms = (time.perf_counter() - started) * 1000
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    print(
        f"DB-6c: busy_timeout_ms={dbmod.BUSY_TIMEOUT_MS} unhandled_locked=0 "
        f"busy_message={int(bool(shown))} ui_stall_ms={stall_ms:.0f}"
    )
    assert shown and ("正忙" in shown[-1] or "busy" in shown[-1])
    assert window.ctx.undo_stack.count() == 0  # the refused edit is not on the undo stack
    assert window.dossier_tab.editor.save()  # once free, the same edit goes through
    store.close()
