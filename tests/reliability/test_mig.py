"""MIG-1..4: historical fixtures upgraded, pytest-alembic's checks, failing migrations, a file
from a newer version.

Fixtures are built in the test: an empty file taken to revision 0001 or 0002 with Alembic,
then filled with raw SQL generated from the column types (CJK text, NULLs, FK chains, money
at the boundaries of exact integers, 10,000 rows), then opened through the product's open
path (`open_store`: backup, upgrade, checks).
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command, op
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import create_engine, event

import app.services.audit  # noqa: F401 - registers the audit tables on the metadata
from app import __version__
from app.models import Base
from app.models.backups import backups_of
from app.models.db import StoreError
from app.models.migrate import DbState, alembic_config, classify, head_revision, revision_graph
from app.services.store import open_store
from tests.reliability.sqlite_dump import dump_hash

pytestmark = pytest.mark.reliability
MONEY = [0, 1, 9, 10, 99, 100, 999_999_999_999, 2**53 + 1, 2**63 - 1]
ROWS = 10_000


def at_revision(path: Path, revision: str) -> None:
    config = alembic_config()
    config.set_main_option("sqlalchemy.url", f"sqlite:///{path}")
    command.upgrade(config, revision)


def value(column: sa.Column[Any], i: int, parents: dict[str, int], nullable: bool) -> Any:
    """A value for `column` as the fixture's file declares it (`nullable`: its own NOT NULL,
    which an older schema may have where the models no longer do)."""
    kind = column.type
    if column.foreign_keys:
        parent = next(iter(column.foreign_keys)).column.table.name
        if nullable and i % 7 == 0:
            return None
        return i % max(parents.get(parent, 1), 1) + 1
    if nullable and i % 5 == 0:
        return None
    if isinstance(kind, sa.Enum):
        return kind.enums[i % len(kind.enums)]
    if isinstance(kind, sa.Boolean):
        return i % 2
    if isinstance(kind, sa.Integer):
        return MONEY[i % len(MONEY)] if column.name.endswith("yuan") else 1000 + i
    if isinstance(kind, sa.DateTime):
        return f"{date(2020, 1, 1) + timedelta(days=i % 3000)} 09:30:00.000000"
    if isinstance(kind, sa.Date):
        return (date(1999, 12, 31) + timedelta(days=i % 9000)).isoformat()
    if isinstance(kind, sa.String | sa.Text):
        text = f"{column.name}第{i}号：渝中区数据资源目录𠀀「测试」'引号' \"双引号\" \n第二行"
        length = getattr(kind, "length", None)
        return text[:length] if length else text
    raise AssertionError(f"no generator for {column.table.name}.{column.name}: {kind!r}")


def fill(path: Path, rows: int) -> dict[str, int]:
    """Rows in every table the file has, parents first; returns the count per table."""
    conn = sqlite3.connect(path)
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    tables = [t for t in Base.metadata.sorted_tables if t.name in present]
    per_table = max(rows // len(tables), 1)
    counts: dict[str, int] = {}
    for table in tables:
        info = conn.execute(f"PRAGMA table_info({table.name})").fetchall()
        columns = [r[1] for r in info]
        model = [(table.c[r[1]], not r[3]) for r in info]  # (column, nullable in this file)
        data = [
            tuple((i + 1) if c.primary_key and isinstance(c.type, sa.Integer) else value(c, i, counts, nullable)
                  for c, nullable in model)
            for i in range(per_table)
        ]  # fmt: skip
        conn.executemany(
            f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            data,
        )
        counts[table.name] = per_table
    conn.commit()
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()
    return counts


def table_hashes(path: Path, tables: dict[str, list[str]]) -> dict[str, tuple[int, str]]:
    """Row count and content hash of the given columns (the fixture's: unchanged by later
    migrations), ordered by rowid."""
    conn = sqlite3.connect(path)
    out = {}
    try:
        for name, columns in tables.items():
            rows = conn.execute(
                f"SELECT {', '.join(columns)} FROM {name} ORDER BY rowid"
            ).fetchall()
            out[name] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
    finally:
        conn.close()
    return out


def columns_of(path: Path, tables: list[str]) -> dict[str, list[str]]:
    conn = sqlite3.connect(path)
    try:
        return {t: [r[1] for r in conn.execute(f"PRAGMA table_info({t})")] for t in tables}
    finally:
        conn.close()


def checks(path: Path) -> tuple[int, str]:
    conn = sqlite3.connect(path)
    try:
        fk = len(conn.execute("PRAGMA foreign_key_check").fetchall())
        return fk, str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def test_mig1_historical_fixtures_upgrade_without_loss(tmp_path: Path) -> None:
    parts = []
    for revision in ("0001", "0002"):
        path = tmp_path / f"fixture-{revision}.db"
        at_revision(path, revision)
        counts = fill(path, ROWS)
        columns = columns_of(path, list(counts))
        before = table_hashes(path, columns)
        assert classify(path) == (DbState.NEEDS_UPGRADE, revision)
        open_store(str(path)).close()
        after = table_hashes(path, columns)
        lost = sum(max(before[t][0] - after[t][0], 0) for t in counts)
        changed = [t for t in counts if before[t] != after[t]]
        fk, integrity = checks(path)
        parts.append(
            f"{revision}->{classify(path)[1]} tables={len(counts)} rows={sum(counts.values())} "
            f"rows_lost={lost} changed_tables={len(changed)} fk_violations={fk} integrity={integrity}"
        )
        assert classify(path) == (DbState.OK, head_revision())
        assert (lost, changed, fk, integrity) == (0, [], 0, "ok")
        assert any(b.reason == "pre-migration" for b in backups_of(path))
    print("MIG-1: " + "; ".join(parts))


def test_mig2_pytest_alembic_checks(tmp_path: Path) -> None:
    import pytest_alembic
    from pytest_alembic.config import Config
    from pytest_alembic.tests import (
        test_model_definitions_match_ddl,
        test_single_head_revision,
        test_up_down_consistency,
        test_upgrade,
    )

    checks_run = [test_single_head_revision, test_upgrade, test_model_definitions_match_ddl,
                  test_up_down_consistency]  # fmt: skip
    passed = 0
    for check in checks_run:
        engine = create_engine(f"sqlite:///{tmp_path / (check.__name__ + '.db')}")
        with (
            engine.connect() as conn,
            pytest_alembic.runner(
                config=Config.from_raw_config(alembic_config()), engine=conn
            ) as runner,
        ):
            check(runner)
            passed += 1
        engine.dispose()
    print(f"MIG-2: {passed}/{len(checks_run)} pass (single_head_revision, upgrade, "
          "model_definitions_match_ddl, up_down_consistency)")  # fmt: skip
    assert passed == len(checks_run)


class Injected(RuntimeError):
    pass


class Faults:
    """Wraps Alembic's `op.create_table` and `op.batch_alter_table` (entry and exit: the batch
    copy runs on exit) so that step `fail_at` raises; `orphan` makes the first step also write
    a row whose parent does not exist (for the foreign_key_check before COMMIT)."""

    NAMES = ("create_table", "batch_alter_table")

    def __init__(self, monkeypatch: pytest.MonkeyPatch, fail_at: int | None = None,
                 orphan: bool = False) -> None:  # fmt: skip
        self.steps, self.fail_at, self.orphan = 0, fail_at, orphan
        self.real = {name: getattr(op, name) for name in self.NAMES}
        monkeypatch.setattr(op, "create_table", self.create_table)
        monkeypatch.setattr(op, "batch_alter_table", self.batch_alter_table)

    def step(self, what: str) -> None:
        if self.steps == self.fail_at:
            raise Injected(f"injected at step {self.steps} ({what})")
        if self.orphan and self.steps == 1:
            op.execute("INSERT INTO project_participants (project_id, unit_id) VALUES (999999, 1)")
        self.steps += 1

    def create_table(self, *args: Any, **kwargs: Any) -> Any:
        self.step(f"create_table {args[0]}")
        return self.real["create_table"](*args, **kwargs)

    @contextmanager
    def batch_alter_table(self, *args: Any, **kwargs: Any) -> Iterator[Any]:
        self.step(f"batch_alter_table {args[0]}")
        with self.real["batch_alter_table"](*args, **kwargs) as batch:
            yield batch
            self.step(f"batch copy {args[0]}")


def test_mig3_failing_latest_migration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the upgrade from the previous revision to head before its first DDL, between each
    step (batch copies included), at foreign_key_check (an orphan row), and with SQLITE_FULL."""
    previous = revision_graph()[head_revision()]
    assert previous is not None
    template = tmp_path / f"at{previous}.db"
    at_revision(template, previous)
    fill(template, 500)
    dry = tmp_path / "dry" / "reviewdesk.db"
    dry.parent.mkdir()
    dry.write_bytes(template.read_bytes())
    with monkeypatch.context() as patch:
        counter = Faults(patch)
        open_store(str(dry)).close()
    for b in backups_of(dry):
        b.path.unlink()
    scenarios: list[tuple[str, int]] = [("step", k) for k in range(counter.steps)]
    scenarios += [("foreign_key_check", 0), ("sqlite_full", 0)]
    ok_runs = 0
    for n, (kind, k) in enumerate(scenarios):
        path = tmp_path / f"case{n}" / "reviewdesk.db"
        path.parent.mkdir()
        path.write_bytes(template.read_bytes())
        before = dump_hash(path)

        def cap(dbapi_connection: Any, _record: Any, kind: str = kind) -> None:
            if kind == "sqlite_full":
                pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
                dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

        event.listen(sa.Engine, "connect", cap)
        try:
            with monkeypatch.context() as patch, pytest.raises(StoreError) as info:
                Faults(patch, k if kind == "step" else None, orphan=kind == "foreign_key_check")
                open_store(str(path))
        finally:
            event.remove(sa.Engine, "connect", cap)
        saved = [b for b in backups_of(path) if b.reason == "pre-migration"]
        message = info.value.message_zh
        good = (
            info.value.code == "migration_failed"
            and classify(path) == (DbState.NEEDS_UPGRADE, previous)
            and dump_hash(path) == before
            and len(saved) == 1
            and checks(saved[0].path)[1] == "ok"
            and previous in message
            and __version__ in message
        )
        if not good:
            print(kind, k, info.value.code, classify(path), message[:300])
        ok_runs += good
        for b in backups_of(path):
            b.path.unlink()
    print(
        f"MIG-3: {previous}->{head_revision()} scenarios={len(scenarios)} (steps={counter.steps}, "
        f"foreign_key_check, SQLITE_FULL) old_revision_identical_with_verified_backup_and_version_message={ok_runs}"
    )
    assert ok_runs == len(scenarios)


def test_mig4_newer_file_refused_without_writes(demo_db: Path, monkeypatch: pytest.MonkeyPatch,
                                                qtbot) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    from app.ui.app import AppController, install_translators, make_app

    conn = sqlite3.connect(demo_db)
    conn.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    conn.commit()
    conn.close()
    before = (hashlib.sha256(demo_db.read_bytes()).hexdigest(), demo_db.stat().st_mtime_ns)
    refused = 0
    for read_only in (False, True):
        try:
            open_store(str(demo_db), read_only=read_only).close()
        except StoreError as exc:
            refused += exc.code == "too_new" and "更新版本" in exc.message_zh
    app = make_app([])
    install_translators(app, "zh_CN")
    controller = AppController(app)
    monkeypatch.setattr(controller, "build_window", lambda: None)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a: shown.append(text))
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a: pytest.fail("no restore offer for a newer file")
    )
    refused += not controller.open(str(demo_db)) and bool(shown) and "更新版本" in shown[0]
    after = (hashlib.sha256(demo_db.read_bytes()).hexdigest(), demo_db.stat().st_mtime_ns)
    # the read-only check may leave an empty -wal/-shm beside a WAL file: no content written
    wal = Path(str(demo_db) + "-wal")
    writes = int(after != before) + int(wal.exists() and wal.stat().st_size > 0)
    print(f"MIG-4: opens=3 refused_with_newer_version_message={refused} writes={writes}")
    assert refused == 3 and writes == 0 and re.search("0099", shown[0])
