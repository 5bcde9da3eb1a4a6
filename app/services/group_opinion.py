"""The expert group's opinion of a round: per project every expert's scores, weighted totals,
mean and spread, dissenting conclusions; the data of the Word 专家评审意见
(app.reports.group_opinion_docx) and of the Excel score sheet (app.reports.scores_xlsx), and
writing them.

Arithmetic is exact: scores are integers, totals and means are `Decimal` rounded half up to
0.01, money stays integer yuan (the suggested investment is the median of the experts'
suggestions, half up to the yuan). The majority conclusion is the most frequent one; a tie
goes to the more cautious (不同意 before 原则同意 before 同意). An expert whose conclusion
differs from the majority is marked as dissenting.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import ExpertReview, ReviewRound
from app.models.db import Store
from app.rules.money import format_wan
from app.services.anchors import session_anchor
from app.services.atomic import atomic_write_bytes
from app.services.experts import (
    CHAPTER_GRADE_LABELS,
    CHAPTERS,
    CONCLUSION_LABELS,
    QUESTIONS,
    Criterion,
    ExpertReviewInput,
    majority,
    round_rubric,
)
from app.services.opinion_gate import (
    Draft,
    Gate,
    OpinionRefused,
    check_group_opinion,
    record_draft,
    require_reason,
)
from app.services.packages import stored_form

if TYPE_CHECKING:  # the writers (python-docx, openpyxl) load only when a document is written
    from app.reports.group_opinion_docx import GroupOpinionData
    from app.reports.scores_xlsx import ScoreSheet

CENT = Decimal("0.01")


def weighted_total(scores: dict[str, int], rubric: tuple[Criterion, ...]) -> Decimal | None:
    """Σ score × weight / 100 (scores 0–100, weights in percent); None when a score is missing."""
    if any(c.key not in scores for c in rubric):
        return None
    return (Decimal(sum(scores[c.key] * c.weight for c in rubric)) / 100).quantize(CENT, ROUND_HALF_UP)  # fmt: skip


def mean(values: list[Decimal] | list[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(CENT, ROUND_HALF_UP)


def median_yuan(values: list[int]) -> int | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return int((Decimal(ordered[middle - 1] + ordered[middle]) / 2).quantize(Decimal(1), ROUND_HALF_UP))  # fmt: skip


@dataclass(frozen=True, slots=True)
class ExpertResult:
    expert_id: int
    name: str
    organisation: str
    form: ExpertReviewInput
    total: Decimal | None
    dissent: bool


@dataclass
class ProjectOpinion:
    project_id: int
    code: str
    name: str
    unit: str
    declared_yuan: int | None
    rubric: tuple[Criterion, ...]
    experts: list[ExpertResult] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # experts of the round with no review

    @property
    def totals(self) -> list[Decimal]:
        return [e.total for e in self.experts if e.total is not None]

    @property
    def mean(self) -> Decimal | None:
        return mean(self.totals)

    @property
    def spread(self) -> Decimal | None:
        """Highest minus lowest weighted total (极差)."""
        return max(self.totals) - min(self.totals) if self.totals else None

    def criterion_mean(self, key: str) -> Decimal | None:
        return mean([e.form.scores[key] for e in self.experts if key in e.form.scores])

    @property
    def conclusion(self) -> str | None:
        return majority([e.form.conclusion for e in self.experts if e.form.conclusion])

    @property
    def dissenters(self) -> list[ExpertResult]:
        return [e for e in self.experts if e.dissent]

    @property
    def suggested_yuan(self) -> int | None:
        return median_yuan([e.form.suggested_yuan for e in self.experts if e.form.suggested_yuan is not None])  # fmt: skip


def round_opinions(session: Session, round_id: int) -> tuple[ReviewRound, list[ProjectOpinion]]:
    rnd = session.get(ReviewRound, round_id)
    if rnd is None:
        raise LookupError(f"no review round {round_id}")
    rubric = round_rubric(rnd)
    members = [e for e in rnd.experts if e.role == "member"]
    reviews = {(r.project_id, r.expert_id): r for r in session.scalars(select(ExpertReview).where(ExpertReview.round_id == round_id))}  # fmt: skip
    # an alternate who returned a review counts as a member of the group
    seated = members + [e for e in rnd.experts if e.role != "member" and any(k[1] == e.expert_id for k in reviews)]  # fmt: skip
    out = []
    for rp in rnd.projects:
        p = rp.project
        opinion = ProjectOpinion(p.id, p.code, p.name, p.unit.name, p.declared_yuan, rubric)
        forms = []
        for seat in seated:
            review = reviews.get((p.id, seat.expert_id))
            if review is None:
                opinion.missing.append(seat.expert.name)
            else:
                forms.append((seat.expert, stored_form(review)))
        agreed = majority([f.conclusion for _e, f in forms if f.conclusion])
        for expert, form in forms:
            dissent = bool(form.conclusion and agreed and form.conclusion != agreed)
            opinion.experts.append(ExpertResult(expert.id, expert.name, expert.organisation, form, weighted_total(form.scores, rubric), dissent))  # fmt: skip
        out.append(opinion)
    return rnd, out


def fmt(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def conclusion_zh(code: str | None) -> str:
    return CONCLUSION_LABELS.get(code or "", ("未定", ""))[0]


# --------------------------------------------------------------------------- Word


def opinion_points(o: ProjectOpinion) -> list[tuple[str, list[str]]]:
    """(heading, paragraphs) of one project's group opinion, built from the merged reviews."""
    n = len(o.experts)
    necessity = []
    for key, article, zh, _en in QUESTIONS:
        said = Counter(e.form.answers.get(key) for e in o.experts if e.form.answers.get(key))
        if not said:
            continue
        parts = [f"{said[a]}名专家认为{w}" for a, w in (("yes", "是"), ("partly", "部分满足"), ("no", "否")) if said[a]]  # fmt: skip
        notes = "；".join(dict.fromkeys(e.form.comments[key] for e in o.experts if e.form.comments.get(key)))  # fmt: skip
        necessity.append(f"{zh}（第{article}条）：{'，'.join(parts)}。" + (f"专家意见：{notes}。" if notes else ""))  # fmt: skip
    chapters = []
    for code, zh, _en in CHAPTERS:
        grades = Counter(e.form.chapters.get(code) for e in o.experts if e.form.chapters.get(code))
        if not grades:
            continue
        parts = [f"{CHAPTER_GRADE_LABELS[g][0]}{grades[g]}人" for g in ("complete", "weak", "missing") if grades[g]]  # fmt: skip
        notes = "；".join(dict.fromkeys(e.form.chapter_comments[code] for e in o.experts if e.form.chapter_comments.get(code)))  # fmt: skip
        chapters.append(f"{zh}：{'、'.join(parts)}。" + (f"{notes}。" if notes else ""))
    weights = "、".join(f"{c.label_zh}{c.weight}%" for c in o.rubric)
    scoring = [f"专家组按{weights}的权重评分（每项满分100分）。"]
    scoring += [f"{e.name}：加权总分{fmt(e.total)}分。" for e in o.experts]
    scoring.append(f"加权总分平均{fmt(o.mean)}分，极差{fmt(o.spread)}分；各项平均分：" + "，".join(f"{c.label_zh}{fmt(o.criterion_mean(c.key))}" for c in o.rubric) + "。")  # fmt: skip
    declared = f"（申报{format_wan(o.declared_yuan)}万元）" if o.declared_yuan is not None else ""
    investment = [f"专家建议项目总投资{format_wan(o.suggested_yuan)}万元{declared}（取各专家建议值的中位数）。"] if o.suggested_yuan is not None else ["专家未提出投资建议。"]  # fmt: skip
    verdict = [f"专家组意见：{conclusion_zh(o.conclusion)}（{n}名专家中{sum(e.form.conclusion == o.conclusion for e in o.experts)}名）。"]  # fmt: skip
    verdict += [f"持不同意见：{e.name}专家意见为“{conclusion_zh(e.form.conclusion)}”。" + (f"理由：{e.form.opinion}" if e.form.opinion else "") for e in o.dissenters]  # fmt: skip
    if o.missing:
        verdict.append(f"未返回评审意见的专家：{'、'.join(o.missing)}。")
    remarks = list(dict.fromkeys(e.form.opinion for e in o.experts if e.form.opinion and not e.dissent))  # fmt: skip
    return [
        ("项目建设必要性", necessity or ["专家未作答。"]),
        ("可行性研究报告有关章节", chapters or ["专家未作评价。"]),
        ("评分情况", scoring),
        ("投资", investment),
        ("评审结论", verdict),
        ("修改完善意见", [f"（{i}）{t}" for i, t in enumerate(remarks, start=1)] or ["无。"]),
    ]


def group_opinion_data(
    rnd: ReviewRound, opinions: list[ProjectOpinion], today: date, *, draft_of: Gate | None = None
) -> GroupOpinionData:
    """What the Word document says; `draft_of`: the refused gate of a draft (marked, reasons
    listed on the projects they concern)."""
    from app.reports.group_opinion_docx import GroupOpinionData, GroupOpinionProject

    unresolved = {r.project_id: r.message_zh for r in (draft_of.reasons if draft_of else ())}
    projects = tuple(
        GroupOpinionProject(
            project_id=o.project_id, code=o.code, name=o.name, unit=o.unit,
            members=tuple(f"{e.name}（{e.organisation}）" if e.organisation else e.name for e in o.experts),
            points=tuple((heading, tuple(paragraphs)) for heading, paragraphs in opinion_points(o)),
            unresolved=unresolved.get(o.project_id, ""),
        )
        for o in opinions
    )  # fmt: skip
    return GroupOpinionData(str(rnd.name), projects, today, draft=draft_of is not None)


def write_group_opinion(store: Store, round_id: int, path: str | Path, *, today: date | None = None, draft: Draft | None = None) -> Path:  # fmt: skip
    """The round's group opinion through the gate: refused (`OpinionRefused`) while a project's
    majority conclusion is 不同意, unless written as a `Draft` (marked, recorded in the audit)."""
    from app.reports.group_opinion_docx import render_group_opinion

    day = today or date.today()
    gate = check_group_opinion(store, round_id)
    if not gate.allowed and draft is None:
        raise OpinionRefused(gate)
    if not gate.allowed and draft is not None:
        require_reason(draft)
    with store.read() as session:
        rnd, opinions = round_opinions(session, round_id)
        data = group_opinion_data(rnd, opinions, day, draft_of=None if gate.allowed else gate)
        content = render_group_opinion(data, anchor=session_anchor(session))
    if gate.allowed or draft is None:
        atomic_write_bytes(path, content)
        return Path(path)
    with store.write() as session:
        record_draft(session, gate, draft, file_name=Path(path).name, today=day, round_id=round_id)
        atomic_write_bytes(path, content)
        return Path(path)


# --------------------------------------------------------------------------- Excel


def score_sheet(rnd: ReviewRound, opinions: list[ProjectOpinion]) -> ScoreSheet:
    """Every expert's scores, project by project, with each project's means (the Excel sheet)."""
    from app.reports.scores_xlsx import ScoreLine, ScoreSheet, ScoreSummary

    rubric = opinions[0].rubric if opinions else round_rubric(rnd)

    def wan(yuan: int | None) -> Decimal | None:
        return None if yuan is None else Decimal(yuan) / 10000

    projects = []
    for number, o in enumerate(opinions, start=1):
        lines = tuple(
            ScoreLine(
                number, o.code, o.name, e.name, e.organisation,
                tuple(e.form.scores.get(c.key) for c in rubric), e.total,
                conclusion_zh(e.form.conclusion), e.dissent, wan(e.form.suggested_yuan),
                e.form.opinion,
            )
            for e in o.experts
        )  # fmt: skip
        summary = ScoreSummary(
            o.name, tuple(o.criterion_mean(c.key) for c in rubric),
            f"{fmt(o.mean)}（{fmt(o.spread)}）", conclusion_zh(o.conclusion), wan(o.suggested_yuan),
        )  # fmt: skip
        projects.append((lines, summary))
    criteria = tuple((c.label_zh, c.weight) for c in rubric)
    return ScoreSheet(str(rnd.name), criteria, tuple(projects))


def write_scores_xlsx(store: Store, round_id: int, path: str | Path) -> Path:
    from app.reports.scores_xlsx import render_scores

    with store.read() as session:
        rnd, opinions = round_opinions(session, round_id)
        content = render_scores(score_sheet(rnd, opinions), anchor=session_anchor(session))
    atomic_write_bytes(path, content)
    return Path(path)


@dataclass(frozen=True, slots=True)
class RoundView:
    """A round as the experts tab shows it: who sits (id, name, member / alternate), the seed
    of the last draw, and the results per project."""

    seated: list[tuple[int, str, str]]
    draw_seed: str
    opinions: list[ProjectOpinion]


def round_view(store: Store, round_id: int) -> RoundView:
    with store.read() as session:
        rnd, opinions = round_opinions(session, round_id)
        seated = [(e.expert_id, e.expert.name, e.role) for e in rnd.experts]
        return RoundView(seated, rnd.draw_seed or "", opinions)
