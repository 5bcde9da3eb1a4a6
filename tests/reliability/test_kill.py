"""DB-1: kill -9 during writes through the store layer: no acknowledged commit is lost.

The child runs realistic service calls (create a project, set plan and budget amounts) and
prints `ACK <id> <amount>` after each commit; the parent kills it with SIGKILL 0.3–0.8 s after
it starts writing, then checks every acknowledged commit, `integrity_check`, and the
invariants (amounts agree with the project's number, plan and budget lines come together,
one audit insert per project, the audit chain verifies). The next child is started (and its
imports paid for) while the current one writes, so the kills cost little wall time.
CI runs 50 kills; the bench variant 200 (RELIABILITY.md §3.1).
"""

from __future__ import annotations

import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import sys
sys.path.insert(0, {root!r})
from datetime import date
from app.services.store import open_store
from app.rules.facts import ConstructionType
from app.services.editing import set_line_amount
from app.services.project_edit import ProjectInput, save_project

store = open_store({db!r})
print("READY", flush=True)
sys.stdin.readline()
i = int(sys.argv[1])
while True:
    i += 1
    with store.write() as session:
        pid = save_project(session, ProjectInput(name=f"压力测试项目{{i}}", unit_id=1, type=ConstructionType.NEW,
                                                 total_investment_yuan=i * 10_000), today=date(2026, 11, 25))
        set_line_amount(session, pid, 2027, "plan", i * 100)
        set_line_amount(session, pid, 2027, "budget", i * 100)
    print(f"ACK {{pid}} {{i * 100}}", flush=True)
"""


def spawn(db: Path, start: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD.format(root=str(ROOT), db=str(db)), str(start)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def invariant_failures(conn: sqlite3.Connection) -> list[str]:
    """Every stress project is whole: its amounts match its number, plan and budget together,
    and the audit trail recorded its creation exactly once."""
    failures = []
    rows = conn.execute(
        "SELECT p.id, p.name, p.total_investment_yuan, "
        "(SELECT amount_yuan FROM plan_lines WHERE project_id = p.id AND year = 2027), "
        "(SELECT amount_yuan FROM budget_lines WHERE project_id = p.id AND year = 2027), "
        "(SELECT count(*) FROM audit_entries a WHERE a.table_name = 'projects' "
        " AND a.row_id = CAST(p.id AS TEXT) AND a.operation = 'insert') "
        "FROM projects p WHERE p.name LIKE '压力测试项目%'"
    ).fetchall()
    for pid, name, total, plan, budget, audited in rows:
        match = re.fullmatch(r"压力测试项目(\d+)", name)
        i = int(match.group(1)) if match else -1
        if (total, plan, budget, audited) != (i * 10_000, i * 100, i * 100, 1):
            failures.append(f"project {pid}: {total} {plan} {budget} audit={audited}")
    return failures


def chain_ok(db: Path) -> bool:
    from app.services.audit import verify_chain
    from app.services.store import open_store

    store = open_store(str(db))
    try:
        with store.read() as session:
            result = verify_chain(session)
    finally:
        store.close()
    if not result.ok:
        print(result.message("en"))
    return result.ok


def run_kills(db: Path, kills: int, seed: int) -> None:
    rng = random.Random(seed)
    acked: dict[int, int] = {}
    integrity_failures = invariant_failures_count = 0
    started = time.perf_counter()
    base = 0
    child = spawn(db, base)
    for k in range(kills):
        assert child.stdout is not None and child.stdin is not None
        ready = child.stdout.readline()
        assert ready.strip() == "READY", ready + (child.stderr.read() if child.stderr else "")
        child.stdin.write("GO\n")
        child.stdin.flush()
        base += 1_000_000  # distinct project numbers per child
        following = spawn(db, base) if k + 1 < kills else None  # imports while this one writes
        time.sleep(rng.uniform(0.3, 0.8))
        child.send_signal(signal.SIGKILL)
        out, _err = child.communicate()
        for line in out.splitlines():
            if line.startswith("ACK "):
                _, pid, amount = line.split()
                acked[int(pid)] = int(amount)
        conn = sqlite3.connect(db)
        try:
            integrity_failures += conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok"
        finally:
            conn.close()
        if following is not None:
            child = following
    conn = sqlite3.connect(db)
    try:
        lost = 0
        for pid, amount in acked.items():
            plan = conn.execute(
                "SELECT amount_yuan FROM plan_lines WHERE project_id=? AND year=2027", (pid,)
            ).fetchone()
            budget = conn.execute(
                "SELECT amount_yuan FROM budget_lines WHERE project_id=? AND year=2027", (pid,)
            ).fetchone()
            lost += not (plan == (amount,) and budget == (amount,))
        broken = invariant_failures(conn)
    finally:
        conn.close()
    invariant_failures_count = len(broken) + (not chain_ok(db))
    wall = time.perf_counter() - started
    print(
        f"DB-1: kills={kills} acked={len(acked)} lost={lost} integrity_failures={integrity_failures} "
        f"invariant_failures={invariant_failures_count} wall_s={wall:.1f}"
    )
    assert acked, "the children never committed: the test would prove nothing"
    assert (lost, integrity_failures, invariant_failures_count) == (0, 0, 0), broken[:5]


@pytest.mark.reliability
def test_db1_sigkill_loses_no_acknowledged_commit(demo_db: Path) -> None:
    run_kills(demo_db, int(os.environ.get("REVIEWDESK_KILLS", "50")), 20261125)


@pytest.mark.bench  # not `reliability`: `-m reliability` is the CI subset
def test_db1_bench_200_kills(demo_db: Path) -> None:
    run_kills(demo_db, 200, 20261126)
