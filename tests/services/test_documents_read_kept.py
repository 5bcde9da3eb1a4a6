"""Documents about a few projects read those projects' kept findings, brought up to date: they
evaluated the whole store first (30 s and over 1 GB at 100,000 projects for one checklist, one
reply, a reconciliation table or a round's packages). The findings they state are the same."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.services import checklists, kept, opinions, packages, plan_tables, snapshot
from app.services.budget import money_codes
from tests.conftest import DEMO_TODAY_ISO
from tests.review.helpers import make_round

TODAY = date.fromisoformat(DEMO_TODAY_ISO)
REPLY = 12  # 江津区政务服务“一网通办”平台优化: a reply the gate allows


@pytest.fixture
def no_whole_evaluation(demo_store: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The demo store with its findings kept, and a whole-store evaluation refused."""
    assert kept.bring_current(demo_store, TODAY)

    def refused(*_args: Any, **_kwargs: Any) -> list[Any]:
        raise AssertionError("the whole store was evaluated for a document about a few projects")

    for module in (snapshot, checklists, opinions, packages, plan_tables):
        monkeypatch.setattr(module, "evaluate_store", refused, raising=False)
    return demo_store


def test_current_for_reads_the_findings_asked_for(demo_store: Any) -> None:
    every = snapshot.evaluate_store(demo_store, TODAY)
    codes = money_codes()
    assert kept.current_for(demo_store, TODAY, owners=[REPLY, 5]) == [f for f in every if f.project_id in (REPLY, 5)]  # fmt: skip
    assert kept.current_for(demo_store, TODAY, codes=codes) == [f for f in every if f.code in codes]  # fmt: skip
    assert any(f.code.startswith("BUD-") for f in kept.current_for(demo_store, TODAY, codes=codes))


@pytest.mark.sqlite_only("findings are kept on SQLite only")
def test_checklist_and_reply_read_their_projects_findings(no_whole_evaluation: Any, tmp_path: Path) -> None:  # fmt: skip
    store = no_whole_evaluation
    data = checklists.checklist_data(store, 5, "dossier", today=TODAY)
    assert data.findings and all(f.project_id == 5 for f in data.findings)
    written = opinions.write_opinion(store, REPLY, "one_step", tmp_path / "reply.docx", today=TODAY)
    assert written.stat().st_size > 0
    batch = opinions.write_opinions_for_year(store, 2026, tmp_path / "batch", today=TODAY)
    assert batch.written or batch.skipped


@pytest.mark.sqlite_only("findings are kept on SQLite only")
def test_reconciliation_and_packages_read_what_they_show(no_whole_evaluation: Any, tmp_path: Path) -> None:  # fmt: skip
    store = no_whole_evaluation
    table = plan_tables.plan_table(store, 2027, "reconciliation", today=TODAY)
    assert any(row.finding_codes for row in table.rows)
    round_id, _experts = make_round(store)
    paths = packages.export_round_packages(store, round_id, tmp_path / "out", today=TODAY)
    assert paths
