"""An expert review's JSON columns read in words in the history views (both languages)."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QApplication

from app.services.experts import DEFAULT_RUBRIC, ExpertReviewInput, rubric_data
from app.ui.app import install_translators
from app.ui.audit_labels import value_text

FORM = ExpertReviewInput(
    answers={"art8_basis": "partly"}, comments={"art8_basis": "依据不足"},
    chapters={"crypto": "missing"}, scores={"performance": 70, "necessity": 80},
).to_data()  # fmt: skip
STORED = json.dumps({k: FORM[k] for k in ("answers", "comments", "chapters", "chapter_comments", "scores")}, ensure_ascii=False, sort_keys=True)  # fmt: skip
DRAW = json.dumps({"seed": 7, "count": 3, "alternates": 2, "wanted": "", "pool": [1, 2, 3, 4, 5, 6],
                   "members": [1, 2, 3], "alternate_ids": [4, 5], "drawn_at": "2026-10-22T10:00:00"})  # fmt: skip


def test_expert_review_json_in_chinese(chinese: None) -> None:
    form = value_text("expert_reviews", "answers", STORED)
    assert form == "评分：立项必要性 80、绩效目标 70 | 评审问题：建设依据是否充分：部分（依据不足） | 章节意见：密码应用方案：缺失"  # fmt: skip
    rubric = value_text("review_rounds", "rubric", json.dumps(rubric_data(DEFAULT_RUBRIC), ensure_ascii=False))  # fmt: skip
    assert rubric.startswith("立项必要性 25%、建设方案合理性 20%、")
    drawn = value_text("review_rounds", "draw_record", DRAW)
    assert drawn == "随机种子7：从6名符合条件的专家中抽取3名专家、2名候补（2026-10-22 10:00:00）"


def test_expert_review_json_in_english(qapp: QApplication) -> None:
    install_translators(qapp, "en")
    form = value_text("expert_reviews", "answers", STORED)
    assert form.startswith("Scores: Necessity 80, Performance targets 70 | Answers: Is the construction basis sufficient?: partly (依据不足)")  # fmt: skip
    assert "seed 7: 3 members and 2 alternates drawn from 6 eligible experts" in value_text("review_rounds", "draw_record", DRAW)  # fmt: skip
    # not the JSON of these columns: shown as recorded
    assert value_text("expert_reviews", "answers", "not json") == "not json"
    assert value_text("review_rounds", "draw_record", "[1, 2]") == "[1, 2]"
