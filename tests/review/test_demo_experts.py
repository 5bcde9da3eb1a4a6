"""The demo's expert review: a pool, a confirmed round with merged reviews whose group opinion
computes (weighted totals, median investment, a dissent, a missing expert), an open round, and
the same story every time it is built."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.models import ExpertReview, Project, ReviewRound
from app.services.demo import build_demo
from app.services.demo_experts import DRAW_SEED, FORMS, POOL
from app.services.experts import (
    get_round,
    list_experts,
    list_rounds,
    propose,
    replay_draw,
    round_project_ids,
    round_rubric,
    validate_review,
)
from app.services.group_opinion import round_opinions
from app.services.packages import stored_form
from app.services.store import open_store
from tests.conftest import DEMO_TODAY_ISO


def story(session: Any) -> list[Any]:
    """Everything the demo's expert review is made of, without the random round uids."""
    rounds = [(r.name, r.projects, r.experts, r.confirmed) for r in list_rounds(session)]
    records = [(r.draw_seed, r.draw_record, r.created_at, [(e.expert.name, e.role) for e in r.experts]) for r in session.scalars(select(ReviewRound).order_by(ReviewRound.id))]  # fmt: skip
    reviews = [(session.get(Project, r.project_id).name, r.expert_id, r.answers, r.conclusion, r.suggested_yuan, r.opinion, r.received_at) for r in session.scalars(select(ExpertReview).order_by(ExpertReview.id))]  # fmt: skip
    return [list_experts(session), rounds, records, reviews]


def test_demo_has_a_pool_a_reviewed_round_and_an_open_one(demo_store: Any) -> None:
    with demo_store.read() as session:
        experts = list_experts(session)
        assert len(experts) == len(POOL) == 12
        assert all(
            e.organisation and e.specialties and e.contact.startswith("023-") for e in experts
        )
        assert sum(bool(e.avoid) for e in experts) == 2
        reviewed, still_open = list_rounds(session)
        assert (reviewed.confirmed, reviewed.projects, reviewed.experts) == (True, 3, 3)
        assert (still_open.confirmed, still_open.projects, still_open.experts) == (False, 3, 0)
        rnd = get_round(session, reviewed.id)
        record = json.loads(rnd.draw_record)
        assert record["seed"] == DRAW_SEED and rnd.draw_seed == str(DRAW_SEED)
        replayed = replay_draw(rnd.draw_record)
        members = tuple(e.expert_id for e in rnd.experts if e.role == "member")
        assert replayed.members == members and len(replayed.alternates) == 2
        assert replayed.alternates == tuple(
            e.expert_id for e in rnd.experts if e.role == "alternate"
        )
        # the three conflicted experts of this round (two avoidances, one owner unit) were not in the draw
        names = {e.id: e.name for e in experts}
        assert {names[i] for i in names if i not in record["pool"]} == {"罗晓燕", "杨静", "蒋红梅"}
        # the merged reviews are forms as a return package carries them: they validate again
        rubric = round_rubric(rnd)
        stored = list(session.scalars(select(ExpertReview).where(ExpertReview.round_id == rnd.id)))
        assert len(stored) == 6 and {r.expert_id for r in stored} == set(members[:2])
        for review in stored:
            form = stored_form(review)
            assert validate_review(form.to_data(), rubric) == form
            assert form == validate_review(FORMS[members.index(review.expert_id)][session.get(Project, review.project_id).name], rubric)  # fmt: skip
        # the open round shows conflicts of interest: an owner unit and a participating unit
        conflicted = {p.name: p.conflicts for p in propose(session, round_project_ids(get_round(session, still_open.id))) if not p.eligible}  # fmt: skip
        assert set(conflicted) == {"陈永红", "吴海波"}
        assert "建设单位" in conflicted["陈永红"][0].reason_zh
        assert "参与单位" in conflicted["吴海波"][0].reason_zh


def test_group_opinion_of_the_demo_round_computes(demo_store: Any) -> None:
    with demo_store.read() as session:
        round_id = list_rounds(session)[0].id
        rnd, opinions = round_opinions(session, round_id)
        members = [e.expert.name for e in rnd.experts if e.role == "member"]
        by_name = {o.name: o for o in opinions}
        assert list(by_name) == ["江津区智慧养老服务平台", "江津区医养结合智慧养老服务平台", "江津区医保基金智能监管系统"]  # fmt: skip
        elderly = by_name["江津区智慧养老服务平台"]
        # 78×25% + 72×20% + 60×15% + 75×15% + 68×15% + 70×10% = 71.35; 55, 60, 40, 70, 50, 65 → 56.25
        assert [e.total for e in elderly.experts] == [Decimal("71.35"), Decimal("56.25")]
        assert (elderly.mean, elderly.spread) == (Decimal("63.80"), Decimal("15.10"))
        # 原则同意 against 不同意: the tie goes to the more cautious, the first member dissents
        assert elderly.conclusion == "reject"
        assert [e.name for e in elderly.dissenters] == [members[0]]
        assert elderly.suggested_yuan == 5_400_000  # the one who rejects suggests nothing
        insurance = by_name["江津区医保基金智能监管系统"]
        assert [e.total for e in insurance.experts] == [Decimal("80.20"), Decimal("77.55")]
        assert insurance.suggested_yuan == 7_275_000  # the median of 7 200 000 and 7 350 000
        assert insurance.conclusion == "agree_revise" and not insurance.dissenters
        assert insurance.criterion_mean("security") == Decimal("61.00")
        assert sum(len(o.dissenters) for o in opinions) == 1
        assert all(o.missing == [members[2]] for o in opinions)  # the third has not returned yet


def test_demo_expert_review_is_the_same_every_time(demo_store: Any, tmp_path: Path) -> None:
    again = open_store(str(tmp_path / "again.db"), create=True)
    try:
        with again.write() as session:
            build_demo(session, date.fromisoformat(DEMO_TODAY_ISO))
        with again.read() as session:
            second = story(session)
    finally:
        again.close()
    with demo_store.read() as session:
        assert story(session) == second
