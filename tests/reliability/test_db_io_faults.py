"""DB-3: I/O failure injection loop (SQLite's I/O-error loop, KeePassXC's FailDevice).

For N = 1, 2, 4, … until the operation completes, the N-th page (database: `max_page_count`,
SQLITE_FULL) or the N-th write (exports: a file object raising ENOSPC) fails:
- a realistic department-submission import (300 rows) into the demo database;
- a backup (the backup API into a destination limited to N pages);
- a plan-table export over a previous export.
Every failed run must leave the store unchanged (content hash), pass `integrity_check`,
raise the disk-full message (磁盘空间不足), and keep the previous backup and export
byte-identical.
"""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from app.models import migrate
from app.models.db import StoreError
from app.paths import backups_dir
from app.reports.submission_xlsx import write_template
from app.services import atomic
from app.services.atomic import OutputFailed
from app.services.plan_tables import write_plan
from app.services.store import open_store
from app.services.submission_import import import_submission
from tests.dbstate import content_hash
from tests.services.test_atomic import FailingFile
from tests.services.test_submission_import import fill, make_row

pytestmark = [
    pytest.mark.reliability,
    # openpyxl's zip writer, abandoned mid-save by the injected ENOSPC, complains when collected
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]
TODAY = date(2026, 11, 25)
ROWS = 300


def doubling(limit: int = 1 << 16) -> list[int]:
    return [1 << k for k in range(limit.bit_length())]


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def folder_state(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_db3_io_failure_loop(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    figures: dict[str, int] = {}
    partial_imports = integrity_failures = wrong_messages = changed_previous = runs = 0

    # -- database writes: a 300-row submission import, SQLITE_FULL at the N-th new page
    xlsx = fill(write_template(tmp_path / "t.xlsx", year=2027), tmp_path / "申报.xlsx",
                [make_row(n) for n in range(ROWS)])  # fmt: skip
    store = open_store(str(demo_db))
    limit = {"pages": 0}

    @event.listens_for(store.engine, "connect")
    def _cap(dbapi_connection: Any, _record: Any) -> None:
        if limit["pages"]:
            dbapi_connection.execute(f"PRAGMA max_page_count={limit['pages']}")

    with store.read() as session:
        base_pages = int(session.connection().exec_driver_sql("PRAGMA page_count").scalar() or 0)
    try:
        for n in doubling():
            before = content_hash(store)
            limit["pages"] = base_pages + n
            store.engine.dispose()
            runs += 1
            try:
                result = import_submission(store, xlsx)
            except StoreError as exc:
                wrong_messages += exc.code != "disk_full" or "磁盘空间不足" not in exc.message_zh
                partial_imports += content_hash(store) != before
                integrity_failures += integrity(demo_db) != "ok"
                continue
            assert result.created == ROWS, result
            figures["import"] = n
            break
    finally:
        limit["pages"] = 0
        store.engine.dispose()
        store.close()
    integrity_failures += integrity(demo_db) != "ok"

    # -- backups: the destination fills up at its N-th page; earlier backups stay as they were
    first = migrate.backup(demo_db, "daily")
    real_connect = sqlite3.connect

    def capped(database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = real_connect(database, *args, **kwargs)
        if str(database).endswith(".partial"):
            conn.execute(f"PRAGMA max_page_count={limit['pages']}")
        return conn

    monkeypatch.setattr(sqlite3, "connect", capped)
    for n in doubling():
        limit["pages"] = n
        state = folder_state(backups_dir())
        runs += 1
        try:
            made = migrate.backup(demo_db, "pre-import")
        except StoreError as exc:
            wrong_messages += exc.code != "disk_full" or "磁盘空间不足" not in exc.message_zh
            changed_previous += folder_state(backups_dir()) != state  # no partial file either
            continue
        figures["backup"] = n
        integrity_failures += integrity(made) != "ok"
        break
    monkeypatch.setattr(sqlite3, "connect", real_connect)
    integrity_failures += integrity(first) != "ok"

    # -- exports: ENOSPC at the N-th write of the file object under the atomic writer
    out = tmp_path / "out"
    out.mkdir()
    store = open_store(str(demo_db))
    target = write_plan(store, 2027, "plan", out / "计划表.xlsx", today=TODAY)
    real_open = open
    for n in doubling():
        previous = folder_state(out)
        monkeypatch.setattr(atomic, "open", lambda *a, n=n, **k: FailingFile(real_open(*a, **k), n),
                            raising=False)  # fmt: skip
        runs += 1
        try:
            write_plan(store, 2027, "list", target, today=TODAY)
        except OutputFailed as exc:
            wrong_messages += "磁盘空间不足" not in exc.message_zh
            changed_previous += folder_state(out) != previous
            continue
        finally:
            monkeypatch.setattr(atomic, "open", real_open, raising=False)
        figures["export"] = n
        break
    store.close()
    print(
        f"DB-3: runs={runs} n_max_import={figures.get('import')} n_max_backup={figures.get('backup')} "
        f"n_max_export={figures.get('export')} partial_imports={partial_imports} "
        f"integrity_failures={integrity_failures} wrong_messages={wrong_messages} "
        f"changed_previous={changed_previous}"
    )
    assert set(figures) == {"import", "backup", "export"}
    assert figures["import"] > 1 and figures["backup"] > 1 and figures["export"] > 1
    assert (partial_imports, integrity_failures, wrong_messages, changed_previous) == (0, 0, 0, 0)
