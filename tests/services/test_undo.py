"""Undoable edits through app.services.undo: applied between snapshots, restored from them, and
an engine refusal named as the store's (StoreBusy, StoreWriteFailed) for the GUI to show."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select

import app.models.db as dbmod
from app.models import PlanLine
from app.models.db import Store
from app.services.editing import set_line_amount
from app.services.store import open_store
from app.services.undo import StoreBusy, StoreWriteFailed, apply_edit, restore_projects

pytestmark = pytest.mark.sqlite_only


def plan_amount(store: Store, project_id: int, year: int) -> int | None:
    with store.read() as session:
        return session.scalar(
            select(PlanLine.amount_yuan).where(PlanLine.project_id == project_id, PlanLine.year == year)
        )  # fmt: skip


def set_amount(project_id: int, yuan: int) -> Any:
    def edit(session: Any) -> int:
        set_line_amount(session, project_id, 2026, "plan", yuan)
        return project_id

    return edit


def test_an_edit_is_applied_between_snapshots_and_undone_from_them(demo_store: Store) -> None:
    original = plan_amount(demo_store, 1, 2026)
    applied = apply_edit(demo_store, 1, set_amount(1, 1_234_567))
    assert applied.project_id == 1 and applied.before != applied.after
    assert plan_amount(demo_store, 1, 2026) == 1_234_567
    restore_projects(demo_store, {1: applied.before})  # undo
    assert plan_amount(demo_store, 1, 2026) == original != 1_234_567
    restore_projects(demo_store, {1: applied.after})  # redo
    assert plan_amount(demo_store, 1, 2026) == 1_234_567


def test_a_locked_database_is_store_busy(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 200)
    store = open_store(str(demo_db))
    blocker = sqlite3.connect(demo_db, timeout=0.1, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreBusy) as busy:
            apply_edit(store, 1, set_amount(1, 7))
        assert "正忙" in busy.value.message_zh and "busy" in busy.value.message_en
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
        store.close()


def test_another_engine_failure_is_store_write_failed(demo_store: Store) -> None:
    def fail(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith(("UPDATE plan_lines", "INSERT INTO plan_lines")):
            raise sqlite3.OperationalError("disk I/O error")

    before = plan_amount(demo_store, 1, 2026)
    event.listen(demo_store.engine, "before_cursor_execute", fail)
    try:
        with pytest.raises(StoreWriteFailed) as failed:
            apply_edit(demo_store, 1, set_amount(1, 8))
    finally:
        event.remove(demo_store.engine, "before_cursor_execute", fail)
    assert "disk I/O error" in failed.value.detail
    assert plan_amount(demo_store, 1, 2026) == before  # nothing was saved
