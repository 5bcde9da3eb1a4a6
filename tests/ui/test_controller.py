"""Opening databases (one writer per file), recent files, switching language at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile
from PySide6.QtWidgets import QApplication, QMessageBox

from app.ui.app import AppController
from app.ui.main_window import MainWindow
from app.ui.recent import recent_files


def test_switching_language_rebuilds_the_window_translated(
    controller: AppController, demo_db: Path
) -> None:
    assert controller.open(str(demo_db))
    controller.set_language("zh_CN")
    window = controller.window
    assert isinstance(window, MainWindow)
    assert window.file_menu.title() == "文件(&F)"
    assert window.language_actions["zh_CN"].isChecked()
    window.set_language("en")
    assert isinstance(controller.window, MainWindow) and controller.window is not window
    assert controller.window.file_menu.title() == "&File"


def test_open_remembers_recent_and_locks(controller: AppController, demo_db: Path) -> None:
    assert controller.open(str(demo_db))
    assert str(demo_db.resolve()) in recent_files() or str(demo_db) in recent_files()
    other = QLockFile(str(demo_db.resolve()) + ".lock")
    assert not other.tryLock(50)  # we hold the writer lock


def test_second_writer_gets_read_only_offer(
    controller: AppController, demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    holder = QLockFile(str(demo_db.resolve()) + ".lock")
    assert holder.tryLock(50)
    try:
        asked: list[str] = []

        def answer(*args: object, **_kw: object) -> QMessageBox.StandardButton:
            asked.append(str(args[2]))
            return QMessageBox.StandardButton.Yes

        monkeypatch.setattr(QMessageBox, "question", answer)
        assert controller.open(str(demo_db))
        assert (asked and "read-only" in asked[0]) or "只读" in asked[0]
        assert controller.store is not None and controller.store.read_only
        assert controller.lock is None
    finally:
        holder.unlock()


def test_refused_open_keeps_the_current_database(
    controller: AppController, demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert controller.open(str(demo_db))
    current = controller.store
    bogus = tmp_path / "not-a-db.db"
    bogus.write_bytes(b"PK\x03\x04 this is a zip, not a database" * 20)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: shown.append(str(a[2])))
    opened = controller.open(str(bogus))
    if not opened:
        assert shown and controller.store is current
    assert bogus.read_bytes().startswith(b"PK")  # never written to


def test_unreadable_file_offers_its_newest_backup(
    controller: AppController, demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    from app.models.backups import daily_backup

    assert daily_backup(demo_db, date(2026, 11, 24)) is not None
    demo_db.write_bytes(b"PK\x03\x04 overwritten by a sync client")
    for suffix in ("-wal", "-shm"):
        Path(str(demo_db) + suffix).unlink(missing_ok=True)
    asked: list[str] = []

    def yes(*args: object, **_kw: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    assert controller.open(str(demo_db))
    assert asked and ("2026-11-24" in asked[0] or "backup" in asked[0] or "备份" in asked[0])
    assert isinstance(controller.window, MainWindow)
    assert controller.window.projects_tab.model.rowCount() == 48
    assert list(demo_db.parent.glob("demo.replaced-*.db"))  # the bad file is kept aside


def test_a_store_closed_before_the_first_paint_gets_none_of_the_start_up_work(
    controller: AppController, demo_db: Path
) -> None:
    """The start-up work waits for the first paint (issue 12): a store closed before it (a
    file opened and closed at once) gets no findings' check, audit check or backup after."""
    from app.models.backups import backups_of

    assert controller.open(str(demo_db))
    window = controller.window
    assert isinstance(window, MainWindow) and window.ctx.start_pending
    controller.close_store()
    window.show()
    for _ in range(20):  # painted: nothing starts on the closed store
        QApplication.processEvents()
    assert window.ctx._worker is None and not window.ctx.start_pending
    assert controller.audit_check is None and backups_of(demo_db) == []
    window.setProperty("replaced", True)
