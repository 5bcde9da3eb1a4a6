"""Expert pool: conflicts of interest are refused with their reason; the draw replays from its seed."""

from __future__ import annotations

import json
from typing import Any

import pytest

from app.models import ReviewRound
from app.services.editing import Invalid
from app.services.experts import (
    DEFAULT_RUBRIC,
    conflicts,
    create_round,
    draw,
    propose,
    replay_draw,
    rubric_data,
    rubric_from_data,
    set_round_experts,
)
from tests.review.helpers import add_pool


def test_conflict_of_interest_is_refused_with_the_reason(demo_store: Any) -> None:
    with demo_store.write() as session:
        experts = add_pool(session)
        round_id = create_round(session, "批次", [1, 2, 3])
        owner = conflicts(session, experts[2], [2])
        assert owner and "建设单位" in owner[0].reason_zh and "区教委" not in owner[0].reason_zh
        assert "重庆市江津区教育委员会" in owner[0].reason_zh
        avoided = conflicts(session, experts[3], [3])
        assert avoided and "须回避" in avoided[0].reason_zh
        participant = conflicts(session, experts[5], [1])
        assert participant and "参与单位" in participant[0].reason_zh
        assert conflicts(session, experts[0], [1, 2, 3]) == []
        # the test's own pool, not the demo's
        proposals = [p for p in propose(session, [1, 2, 3], "信息化") if p.expert_id in experts]
        assert [p.expert_id for p in proposals if p.eligible][:2] == [experts[0], experts[4]]
        assert {p.expert_id for p in proposals if not p.eligible} == {experts[2], experts[3], experts[5]}  # fmt: skip
    with pytest.raises(Invalid) as info, demo_store.write() as session:
        set_round_experts(session, round_id, [experts[0], experts[2]])
    assert "利益冲突" in info.value.message_zh and "张伟" in info.value.message_zh
    with demo_store.read() as session:
        assert session.get(ReviewRound, round_id).experts == []


def test_draw_is_reproducible_from_its_recorded_seed(demo_store: Any) -> None:
    with demo_store.write() as session:
        experts = add_pool(session)
        round_id = create_round(session, "批次", [1, 2, 3])
        first = draw(session, round_id, 2, 1, seed=20261125)
        again = draw(session, round_id, 2, 1, seed=20261125)
        assert first == again
        # the conflicted are out (the demo's own pool is in it too)
        assert set(first.pool) & set(experts) == {experts[0], experts[1], experts[4]}
        record = session.get(ReviewRound, round_id).draw_record
        assert json.loads(record)["seed"] == 20261125
        assert replay_draw(record) == first
        unseeded = draw(session, round_id, 2)
        assert session.get(ReviewRound, round_id).draw_seed == str(unseeded.seed)
        assert draw(session, round_id, 2, seed=unseeded.seed).members == unseeded.members
        set_round_experts(session, round_id, first.members, first.alternates)
        with pytest.raises(Invalid):  # more places than eligible experts
            draw(session, round_id, len(first.pool) + 1)


def test_rubric_is_validated() -> None:
    assert sum(c.weight for c in DEFAULT_RUBRIC) == 100
    assert rubric_from_data(rubric_data(DEFAULT_RUBRIC)) == DEFAULT_RUBRIC
    bad = rubric_data(DEFAULT_RUBRIC)
    bad[0]["weight"] = 30
    with pytest.raises(Invalid, match="add up to 100"):
        rubric_from_data(bad)
