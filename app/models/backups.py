"""Backups of the database file: one on the first open each day, rotation, restore.

Backups are made with the SQLite backup API (`migrate.backup`) into the user data folder's
`backups/`, named `<db stem>-YYYYmmdd-HHMMSS-ffffff-<reason>.db`, and verified with
`integrity_check`. Rotation keeps 7 daily, 4 weekly and 12 monthly backups, plus every
pre-migration / pre-import backup for 90 days.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from app.models.migrate import backup
from app.paths import backups_dir

_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<reason>[a-z-]+)\.db$")
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
KEEP_SPECIAL_DAYS = 90


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    made_at: datetime
    reason: str


def backups_of(db_path: Path, folder: Path | None = None) -> list[Backup]:
    """This database's backups, newest first."""
    found = []
    for candidate in (folder or backups_dir()).glob(f"{db_path.stem}-*.db"):
        match = _NAME.match(candidate.name)
        if match and match["stem"] == db_path.stem:
            made = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S-%f")
            found.append(Backup(candidate, made, match["reason"]))
    return sorted(found, key=lambda b: b.made_at, reverse=True)


def daily_backup(
    db_path: Path, today: date, *, source: sqlite3.Connection | None = None
) -> Path | None:
    """Back up on the first open of the day (none if today's daily backup exists).

    `source`: the store's own connection when it holds the file exclusively (non-local file)."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    if any(b.reason == "daily" and b.made_at.date() == today for b in backups_of(db_path)):
        return None
    made = backup(db_path, "daily", datetime.combine(today, datetime.now().time()), source=source)
    rotate(db_path, today)
    return made


def keep_set(items: list[Backup], today: date) -> set[Path]:
    """Which backups rotation keeps (pure: tested over simulated years)."""
    keep: set[Path] = set()
    daily = [b for b in items if b.reason == "daily"]
    by_day: dict[date, Backup] = {}
    for b in daily:  # newest first: the newest of each day
        by_day.setdefault(b.made_at.date(), b)
    days = sorted(by_day, reverse=True)
    keep.update(by_day[d].path for d in days[:KEEP_DAILY])
    weeks: dict[tuple[int, int], Backup] = {}
    months: dict[tuple[int, int], Backup] = {}
    for d in days:
        iso = d.isocalendar()
        weeks.setdefault((iso.year, iso.week), by_day[d])
        months.setdefault((d.year, d.month), by_day[d])
    keep.update(b.path for b in list(weeks.values())[:KEEP_WEEKLY])
    keep.update(b.path for b in list(months.values())[:KEEP_MONTHLY])
    cutoff = today - timedelta(days=KEEP_SPECIAL_DAYS)
    keep.update(b.path for b in items if b.reason != "daily" and b.made_at.date() >= cutoff)
    return keep


def rotate(db_path: Path, today: date) -> list[Path]:
    """Delete the backups rotation does not keep; returns what was removed."""
    items = backups_of(db_path)
    keep = keep_set(items, today)
    removed = []
    for b in items:
        if b.path not in keep:
            b.path.unlink(missing_ok=True)
            removed.append(b.path)
    return removed


def restore(db_path: Path, source: Path) -> Path:
    """Put a backup in place of the database; the file it replaces is kept beside it."""
    aside = db_path.with_name(
        f"{db_path.stem}.replaced-{datetime.now():%Y%m%d-%H%M%S}{db_path.suffix}"
    )
    if db_path.exists():
        db_path.replace(aside)
    for suffix in ("-wal", "-shm"):
        stale = Path(str(db_path) + suffix)
        if stale.exists():
            stale.replace(Path(str(aside) + suffix))
    shutil.copyfile(source, db_path)
    return aside
