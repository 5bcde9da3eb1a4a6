"""Daily backups, rotation over a simulated 400 days, restore keeps the replaced file."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from app.models.backups import (
    KEEP_DAILY,
    KEEP_MONTHLY,
    KEEP_WEEKLY,
    Backup,
    backups_of,
    daily_backup,
    keep_set,
    restore,
)


@pytest.mark.sqlite_only("file backups")
def test_first_open_of_the_day_makes_one_verified_backup(demo_db: Path) -> None:
    first = daily_backup(demo_db, date(2026, 11, 25))
    assert first is not None
    assert sqlite3.connect(first).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert daily_backup(demo_db, date(2026, 11, 25)) is None  # same day: no second one
    assert [b.reason for b in backups_of(demo_db)] == ["daily"]


def test_rotation_over_400_days_keeps_exactly_the_configured_set() -> None:
    start = date(2025, 1, 1)
    items = [
        Backup(
            Path(f"/b/db-{i}.db"),
            datetime.combine(start + timedelta(days=i), datetime.min.time()),
            "daily",
        )
        for i in range(400)
    ]
    items += [
        Backup(
            Path(f"/b/db-m{i}.db"),
            datetime.combine(start + timedelta(days=i), datetime.min.time()),
            "pre-migration",
        )
        for i in (10, 380)
    ]
    items.sort(key=lambda b: b.made_at, reverse=True)
    today = start + timedelta(days=399)
    keep = keep_set(items, today)
    daily = [b for b in items if b.reason == "daily"]
    kept_days = sorted((b.made_at.date() for b in daily if b.path in keep), reverse=True)
    assert kept_days[:KEEP_DAILY] == [today - timedelta(days=i) for i in range(KEEP_DAILY)]
    weeks = {d.isocalendar()[:2] for d in kept_days}
    months = {(d.year, d.month) for d in kept_days}
    assert len(months) == KEEP_MONTHLY and len(weeks) >= KEEP_WEEKLY
    assert len(kept_days) <= KEEP_DAILY + KEEP_WEEKLY + KEEP_MONTHLY
    assert Path("/b/db-m380.db") in keep and Path("/b/db-m10.db") not in keep  # 90-day rule


@pytest.mark.sqlite_only("file backups")
def test_restore_puts_the_backup_in_place_and_keeps_the_old_file(demo_db: Path) -> None:
    made = daily_backup(demo_db, date(2026, 11, 25))
    assert made is not None
    demo_db.write_bytes(b"garbage")
    aside = restore(demo_db, made)
    assert aside.read_bytes() == b"garbage"
    assert sqlite3.connect(demo_db).execute("SELECT count(*) FROM projects").fetchone()[0] == 48
