"""DB-5: hot backups while a writer commits, restore round trip, rotation over 400 days.

A writer thread commits continuously through the store (plan and budget of one project set
to the same amount in one transaction) while 100 backups run through the backup API
(`migrate.backup`). Every backup passes `integrity_check` and shows a committed state
(plan = budget); restoring a backup gives a database whose `iterdump` equals the backup's.
Rotation: a daily backup on each of 400 simulated days (with pre-migration backups along the
way) leaves exactly the set an independent reckoning of 7 daily / 4 weekly / 12 monthly /
90 days expects.
"""

from __future__ import annotations

import sqlite3
import threading
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from app.models.backups import (
    KEEP_DAILY,
    KEEP_MONTHLY,
    KEEP_SPECIAL_DAYS,
    KEEP_WEEKLY,
    backups_of,
    daily_backup,
    restore,
)
from app.models.migrate import backup
from app.services.editing import set_line_amount
from app.services.store import open_store
from tests.reliability.sqlite_dump import dump_hash

pytestmark = pytest.mark.reliability
BACKUPS = 100
RESTORES = 20


def test_db5_hot_backups_and_restore(demo_db: Path) -> None:
    store = open_store(str(demo_db))
    stop = threading.Event()
    commits = [0]

    def writer() -> None:
        k = 0
        while not stop.is_set():
            k += 1
            with store.write() as session:
                set_line_amount(session, 1, 2031, "plan", k * 100)
                set_line_amount(session, 1, 2031, "budget", k * 100)
            commits[0] = k

    thread = threading.Thread(target=writer)
    thread.start()
    made: list[Path] = []
    invalid = inconsistent = 0
    try:
        for _ in range(BACKUPS):
            path = backup(demo_db, "manual")  # raises unless integrity_check says ok
            made.append(path)
            conn = sqlite3.connect(path)
            try:
                invalid += conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok"
                plan, budget = (
                    conn.execute(
                        f"SELECT amount_yuan FROM {table} WHERE project_id=1 AND year=2031"
                    ).fetchone()
                    for table in ("plan_lines", "budget_lines")
                )
                inconsistent += plan != budget
            finally:
                conn.close()
    finally:
        stop.set()
        thread.join()
        store.close()
    distinct_states = len({dump_hash(p) for p in made[:: BACKUPS // 10]})
    identical = 0
    for path in made[:: BACKUPS // RESTORES]:
        restore(demo_db, path)
        identical += dump_hash(demo_db) == dump_hash(path)
    print(
        f"DB-5: backups={len(made)} valid={len(made) - invalid} consistent={len(made) - inconsistent} "
        f"writer_commits={commits[0]} distinct_states_in_sample={distinct_states} "
        f"restores={RESTORES} identical={identical}"
    )
    assert (invalid, inconsistent, identical) == (0, 0, RESTORES)
    assert commits[0] > 0 and distinct_states > 1  # the backups really ran beside the writer


def expected_days(today: date, days: list[date]) -> set[date]:
    """Independent reckoning: the last 7 days, the last day of each of the 4 latest ISO weeks
    and of the 12 latest months (each as far as it has gone)."""
    keep = set(sorted(days)[-KEEP_DAILY:])
    last_of_week: dict[tuple[int, int], date] = {}
    last_of_month: dict[tuple[int, int], date] = {}
    for d in sorted(days):
        last_of_week[d.isocalendar()[:2]] = d
        last_of_month[(d.year, d.month)] = d
    keep.update(last_of_week[w] for w in sorted(last_of_week)[-KEEP_WEEKLY:])
    keep.update(last_of_month[m] for m in sorted(last_of_month)[-KEEP_MONTHLY:])
    return keep


def test_db5_rotation_over_400_days(tmp_path: Path) -> None:
    db = tmp_path / "tiny.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    start = date(2025, 1, 1)
    days = [start + timedelta(days=i) for i in range(400)]
    special: list[date] = []
    for i, day in enumerate(days):
        if i % 45 == 0:  # a migration now and then
            backup(db, "pre-migration", datetime.combine(day, datetime.min.time()))
            special.append(day)
        assert daily_backup(db, day) is not None
    today = days[-1]
    kept = backups_of(db)
    kept_daily = {b.made_at.date() for b in kept if b.reason == "daily"}
    kept_special = {b.made_at.date() for b in kept if b.reason == "pre-migration"}
    want_daily = expected_days(today, days)
    want_special = {d for d in special if d >= today - timedelta(days=KEEP_SPECIAL_DAYS)}
    print(
        f"DB-5: rotation days=400 kept_daily={len(kept_daily)} expected_daily={len(want_daily)} "
        f"kept_pre_migration={len(kept_special)} expected_pre_migration={len(want_special)} "
        f"exact={kept_daily == want_daily and kept_special == want_special}"
    )
    assert kept_daily == want_daily and kept_special == want_special
