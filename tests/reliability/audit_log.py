"""A realistic audit log for the tamper battery and the bench: project edits through the ORM.

`build_log(store, n)` creates one unit and 40 projects, then edits names and amounts in
transactions of 1-40 edits until the chain holds exactly `n` entries, and signs the head on
demand at the end (as the app does on a clean exit).
"""

from __future__ import annotations

import random
from typing import Any

from app.models import Project, Unit
from app.rules.facts import ConstructionType
from app.services import audit

PROJECTS = 40


def build_log(store: Any, n: int, *, seed: int = 7) -> audit.ChainHead:
    rng = random.Random(seed)
    with store.write() as session:
        unit = Unit(name="区大数据发展局", short_name="大数据局")
        session.add(unit)
        session.flush()
        for i in range(PROJECTS):
            session.add(Project(code=f"JJ-2026-{i:03d}", name=f"项目{i}", unit_id=unit.id,
                                type=ConstructionType.NEW, total_investment_yuan=1_000_000 + i))  # fmt: skip
    counter = 0
    while True:
        with store.read() as session:
            head = audit.chain_head(session)
        left = n - (head.seq if head else 0)
        if left <= 0:
            break
        with store.write() as session:
            ids = rng.sample(range(1, PROJECTS + 1), min(left, rng.randint(1, PROJECTS)))
            for pid in ids:
                counter += 1
                project = session.get(Project, pid)
                assert project is not None
                if counter % 3:
                    project.total_investment_yuan += rng.randint(1, 9_999) * 100
                else:
                    project.name = f"智慧政务平台（第{counter}次修改）"
    with store.write() as session:
        signed = audit.checkpoint(session)
    assert signed is not None and signed.seq == n
    return signed
