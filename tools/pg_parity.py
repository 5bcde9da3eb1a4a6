"""DB-9: run the store/service/review tests on SQLite and on PostgreSQL and compare, test by test.

    .venv/bin/python tools/pg_parity.py [pytest paths…]

The PostgreSQL run sets REVIEWDESK_TEST_PG=1: tests/pg.py starts a throw-away server
(Debian `postgresql`, `initdb` in a temporary folder) and points every store at it; tests
marked `sqlite_only` are skipped there. Both runs select the same tests; the figure compares
the tests that are not SQLite-only:

    DB-9: sqlite_passed=N pg_passed=N pg_skipped_sqlite_only=K dialect_failures=0 wall_s=…

`dialect_failures` counts tests that pass on SQLite and not on PostgreSQL. Exit status 1 when
there is any, or when a test fails on PostgreSQL; 0 otherwise.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATHS = (
    "tests/store",
    "tests/services",
    "tests/review",
    "tests/reports",
    "tests/test_cli.py",
    "tests/reliability/test_sec_roles.py",
)
SQLITE_ONLY_PREFIX = "sqlite_only:"


def run(paths: list[str], pg: bool, junit: Path) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("REVIEWDESK_TEST_PG", None)
    if pg:
        env["REVIEWDESK_TEST_PG"] = "1"
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={junit}", *paths],
        cwd=ROOT, env=env, check=False,
    )  # fmt: skip
    return time.perf_counter() - started


def outcomes(junit: Path) -> dict[str, tuple[str, str]]:
    """test id → (passed | failed | skipped, skip reason)."""
    result: dict[str, tuple[str, str]] = {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        test_id = f"{case.get('classname')}::{case.get('name')}"
        status, reason = "passed", ""
        for child in case:
            if child.tag in ("failure", "error"):
                status = "failed"
            elif child.tag == "skipped":
                status, reason = "skipped", child.get("message", "")
        if test_id in result and result[test_id][0] == "failed":
            continue  # a teardown error recorded after the call keeps the failure
        result[test_id] = (status, reason)
    return result


def main(argv: list[str]) -> int:
    paths = argv or list(PATHS)
    with tempfile.TemporaryDirectory(prefix="db9-") as folder:
        sqlite_xml, pg_xml = Path(folder, "sqlite.xml"), Path(folder, "pg.xml")
        sqlite_s = run(paths, False, sqlite_xml)
        pg_s = run(paths, True, pg_xml)
        on_sqlite, on_pg = outcomes(sqlite_xml), outcomes(pg_xml)
    sqlite_only = {
        t for t, (status, reason) in on_pg.items()
        if status == "skipped" and SQLITE_ONLY_PREFIX in reason
    }  # fmt: skip
    compared = (set(on_sqlite) | set(on_pg)) - sqlite_only
    sqlite_passed = {t for t in compared if on_sqlite.get(t, ("",))[0] == "passed"}
    pg_passed = {t for t in compared if on_pg.get(t, ("",))[0] == "passed"}
    pg_failed = {t for t in compared if on_pg.get(t, ("",))[0] in ("failed", "")}
    dialect = sorted(sqlite_passed - pg_passed)
    for test_id in dialect:
        print(f"dialect failure: {test_id} passes on SQLite, {on_pg.get(test_id, ('missing',))[0]} on PostgreSQL")  # fmt: skip
    for test_id in sorted(pg_failed - set(dialect)):
        print(f"fails on PostgreSQL (and not passing on SQLite either): {test_id}")
    print(
        f"DB-9: sqlite_passed={len(sqlite_passed)} pg_passed={len(pg_passed)} "
        f"pg_skipped_sqlite_only={len(sqlite_only)} dialect_failures={len(dialect)} "
        f"wall_s={pg_s:.1f} (sqlite_wall_s={sqlite_s:.1f})"
    )
    return 1 if dialect or pg_failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
