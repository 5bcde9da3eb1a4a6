"""DB-1: kill -9 during writes through the store layer: no acknowledged commit is lost.

The child runs realistic service calls (create a project, set plan and budget amounts) and
prints `ACK <id> <amount>` after each commit; the parent kills it with SIGKILL at a random
moment and checks every acknowledged commit, `integrity_check`, and the invariants.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("REVIEWDESK_KILLS", "12"))

CHILD = """
import sys
sys.path.insert(0, {root!r})
from datetime import date
from app.models.db import open_store
from app.rules.facts import ConstructionType
from app.services.editing import set_line_amount
from app.services.project_edit import ProjectInput, save_project

store = open_store({db!r})
i = 0
while True:
    i += 1
    with store.write() as session:
        pid = save_project(session, ProjectInput(name=f"压力测试项目{{i}}", unit_id=1, type=ConstructionType.NEW,
                                                 total_investment_yuan=i * 10_000), today=date(2026, 11, 25))
        set_line_amount(session, pid, 2027, "plan", i * 100)
        set_line_amount(session, pid, 2027, "budget", i * 100)
    print(f"ACK {{pid}} {{i * 100}}", flush=True)
"""


@pytest.mark.reliability
def test_sigkill_loses_no_acknowledged_commit(demo_db: Path) -> None:
    rng = random.Random(20261125)
    acked: dict[int, int] = {}
    for _ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD.format(root=str(ROOT), db=str(demo_db))],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        time.sleep(rng.uniform(0.8, 1.6))  # imports take ~0.6 s; then it writes
        child.send_signal(signal.SIGKILL)
        out, _err = child.communicate()
        for line in out.splitlines():
            if line.startswith("ACK "):
                _, pid, amount = line.split()
                acked[int(pid)] = int(amount)
    assert acked, "the child never committed: the test would prove nothing"
    conn = sqlite3.connect(demo_db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for pid, amount in acked.items():
            plan = conn.execute(
                "SELECT amount_yuan FROM plan_lines WHERE project_id=? AND year=2027", (pid,)
            ).fetchone()
            budget = conn.execute(
                "SELECT amount_yuan FROM budget_lines WHERE project_id=? AND year=2027", (pid,)
            ).fetchone()
            assert plan == (amount,) and budget == (amount,), pid
        # invariant: a stress project never has a plan line without its budget line (one transaction)
        orphans = conn.execute(
            "SELECT count(*) FROM plan_lines p JOIN projects x ON x.id = p.project_id "
            "WHERE x.name LIKE '压力测试项目%' AND NOT EXISTS "
            "(SELECT 1 FROM budget_lines b WHERE b.project_id = p.project_id AND b.year = p.year)"
        ).fetchone()[0]
        assert orphans == 0
    finally:
        conn.close()
    print(f"DB-1: {KILLS} kills, {len(acked)} acknowledged commits, 0 lost, integrity ok")
