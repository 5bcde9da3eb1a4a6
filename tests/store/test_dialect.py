"""What differs between SQLite and PostgreSQL, checked the same way on both (DB-9).

Run on SQLite by default and on PostgreSQL with REVIEWDESK_TEST_PG=1 (tests/pg.py): ids after
an import with explicit ids, writers serialised, big money, CJK text and control characters,
a newer schema refused, a busy writer reported.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError

import app.models.db as db
from app.models import Project
from app.models.db import StoreError
from app.models.migrate import current_revision, head_revision
from app.rules.facts import ConstructionType
from app.services.jsonio import export_json, import_json
from app.services.project_edit import ProjectInput, save_project
from app.services.store import open_store
from tests.dbstate import content_hash

TODAY = date(2026, 11, 25)


def new_project(session: object, name: str, yuan: int = 1_000_000) -> int:
    value = ProjectInput(
        name=name, unit_id=1, type=ConstructionType.NEW, total_investment_yuan=yuan
    )
    return save_project(session, value, today=TODAY)  # type: ignore[arg-type]


def test_new_rows_after_an_import_with_explicit_ids(demo_db: Path, tmp_path: Path) -> None:
    source = open_store(str(demo_db))
    export_json(source, tmp_path / "all.json")
    with source.read() as session:
        top = max(session.scalars(select(Project.id)))
    source.close()
    target = open_store(str(tmp_path / "imported.db"), create=True)
    try:
        import_json(target, tmp_path / "all.json")
        with target.write() as session:  # PostgreSQL: the id sequence was moved past the import
            new_id = new_project(session, "导入后新建的项目")
        assert new_id > top
    finally:
        target.close()


def test_concurrent_writers_lose_no_update(demo_db: Path) -> None:
    stores = [open_store(str(demo_db)) for _ in range(2)]
    with stores[0].write() as session:
        session.execute(update(Project).where(Project.id == 1).values(paid_yuan=0))
    errors: list[BaseException] = []

    def bump(store: db.Store) -> None:
        try:
            for _ in range(15):
                with store.write() as session:  # read-modify-write: needs one writer at a time
                    paid = session.scalar(select(Project.paid_yuan).where(Project.id == 1))
                    session.execute(
                        update(Project).where(Project.id == 1).values(paid_yuan=(paid or 0) + 1)
                    )
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=bump, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with stores[0].read() as session:
        paid = session.scalar(select(Project.paid_yuan).where(Project.id == 1))
    for s in stores:
        s.close()
    assert errors == [] and paid == 30


def test_money_beyond_32_bits_and_cjk_text_round_trip(demo_db: Path) -> None:
    store = open_store(str(demo_db))
    big = 9_876_543_210_123  # yuan: BIGINT on PostgreSQL, never float
    name = "江津区“智慧城市”一期（含𠮷字）\t第2标段"
    with store.write() as session:
        project_id = new_project(session, name, yuan=big)
    with store.read() as session:
        project = session.get(Project, project_id)
        assert project is not None
        assert project.total_investment_yuan == big and type(project.total_investment_yuan) is int
        assert project.name == name and project.cross_department is False
    store.close()


def test_newer_schema_is_refused_and_nothing_written(demo_db: Path) -> None:
    store = open_store(str(demo_db))
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    before = content_hash(store)
    for read_only in (False, True):
        with pytest.raises(StoreError) as info:
            open_store(str(demo_db), read_only=read_only)
        assert info.value.code == "too_new" and "更新版本" in info.value.message_zh
    assert current_revision(store.engine) == "9999_future" != head_revision()
    assert content_hash(store) == before
    store.close()


def test_a_busy_writer_is_reported_not_waited_for_forever(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 300)
    holder, waiter = open_store(str(demo_db)), open_store(str(demo_db))
    before = content_hash(waiter)
    try:
        with holder.write() as session:
            session.execute(update(Project).where(Project.id == 1).values(remark="占用中"))
            with pytest.raises((StoreError, OperationalError)) as info, waiter.write() as other:
                other.execute(update(Project).where(Project.id == 2).values(remark="等待"))
            if isinstance(info.value, StoreError):  # PostgreSQL: the writer lock timed out
                assert info.value.code == "busy" and "数据库正忙" in info.value.message_zh
            else:  # SQLite: busy_timeout, "database is locked"
                assert "locked" in str(info.value)
            session.rollback()
        assert content_hash(waiter) == before
    finally:
        holder.close()
        waiter.close()
