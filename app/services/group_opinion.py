"""The expert group's opinion of a round: per project every expert's scores, weighted totals,
mean and spread, dissenting conclusions; the Word 专家评审意见 and the Excel score sheet.

Arithmetic is exact: scores are integers, totals and means are `Decimal` rounded half up to
0.01, money stays integer yuan (the suggested investment is the median of the experts'
suggestions, half up to the yuan). The majority conclusion is the most frequent one; a tie
goes to the more cautious (不同意 before 原则同意 before 同意). An expert whose conclusion
differs from the majority is marked as dissenting.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import ExpertReview, ReviewRound
from app.models.db import Store
from app.rules.money import format_wan
from app.services.anchors import session_anchor
from app.services.atomic import atomic_writer
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


def build_group_opinion(rnd: ReviewRound, opinions: list[ProjectOpinion], today: date, *, draft_of: Gate | None = None):  # type: ignore[no-untyped-def]  # fmt: skip
    """The Word document; `draft_of`: the refused gate of a draft (marked, reasons listed)."""
    from docx import Document as new_document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    from app.reports.opinion_docx import (
        HEADING_FONT,
        MEASURES_CITED,
        NUMERALS,
        TITLE_FONT,
        add_paragraph,
        chinese_date,
        mark_draft,
        prepare_document,
    )
    from app.reports.titles import DRAFT_MARK

    doc = new_document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    prepare_document(doc)
    unresolved = {r.project_id: r for r in (draft_of.reasons if draft_of else ())}
    for index, o in enumerate(opinions):
        mark = DRAFT_MARK if draft_of is not None else ""
        title = add_paragraph(doc, f"关于{o.name}的专家评审意见{mark}", font=TITLE_FONT, size=22,
                              align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, pitch=Pt(36))  # fmt: skip
        title.paragraph_format.page_break_before = index > 0  # one project per page
        add_paragraph(doc, "", indent=False)
        if o.project_id in unresolved:
            reason = unresolved[o.project_id]
            add_paragraph(doc, f"本件为征求意见稿，不是正式的专家组评审意见：{reason.message_zh}，专家组意见尚未形成同意的结论。", bold=True)  # fmt: skip
        add_paragraph(doc, f"受区发展改革委委托，{len(o.experts)}名专家组成专家组（{rnd.name}），依据{MEASURES_CITED}，对{o.unit}报送的{o.name}（项目编码{o.code}）有关材料进行了评审。专家组各成员独立填写评审表，汇总形成意见如下：")  # fmt: skip
        for number, (heading, paragraphs) in enumerate(opinion_points(o)):
            head = add_paragraph(doc, f"{NUMERALS[number]}、{heading}", font=HEADING_FONT)
            head.paragraph_format.keep_with_next = True
            for text in paragraphs:
                add_paragraph(doc, text)
        add_paragraph(doc, "", indent=False)
        add_paragraph(doc, "专家组成员：" + "、".join(f"{e.name}（{e.organisation}）" if e.organisation else e.name for e in o.experts))  # fmt: skip
        signed = add_paragraph(doc, "评审专家组", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        signed.paragraph_format.right_indent = Pt(64)
        dated = add_paragraph(doc, chinese_date(today), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)  # fmt: skip
        dated.paragraph_format.right_indent = Pt(64)
    if not opinions:
        add_paragraph(doc, "该评审批次没有项目。")
    if draft_of is not None:
        mark_draft(doc)
    return doc


def save_atomically(document: Any, path: str | Path) -> Path:
    """A python-docx document or openpyxl workbook, saved through the atomic writer."""
    buffer = io.BytesIO()
    document.save(buffer)
    target = Path(path)
    with atomic_writer(target) as handle:
        handle.write(buffer.getvalue())
    return target


def write_group_opinion(store: Store, round_id: int, path: str | Path, *, today: date | None = None, draft: Draft | None = None) -> Path:  # fmt: skip
    """The round's group opinion through the gate: refused (`OpinionRefused`) while a project's
    majority conclusion is 不同意, unless written as a `Draft` (marked, recorded in the audit)."""
    day = today or date.today()
    gate = check_group_opinion(store, round_id)
    if not gate.allowed and draft is None:
        raise OpinionRefused(gate)
    if not gate.allowed and draft is not None:
        require_reason(draft)
    with store.read() as session:
        rnd, opinions = round_opinions(session, round_id)
        doc = build_group_opinion(rnd, opinions, day, draft_of=None if gate.allowed else gate)
        doc.core_properties.comments = session_anchor(session)  # the audit head
    if gate.allowed or draft is None:
        return save_atomically(doc, path)
    with store.write() as session:
        record_draft(session, gate, draft, file_name=Path(path).name, today=day, round_id=round_id)
        return save_atomically(doc, path)


# --------------------------------------------------------------------------- Excel


def build_scores_workbook(rnd: ReviewRound, opinions: list[ProjectOpinion]):  # type: ignore[no-untyped-def]
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    from app.reports.plan_xlsx import (
        _named_styles,
        fit_to_page_width,
        put_text,
        put_value,
        row_height,
    )

    wb = Workbook()
    for style in _named_styles():
        wb.add_named_style(style)
    ws = wb.active
    ws.title = "专家评分"
    rubric = opinions[0].rubric if opinions else round_rubric(rnd)
    headers = ["序号", "项目编码", "项目名称", "专家", "所在单位"]
    headers += [f"{c.label_zh}（{c.weight}%）" for c in rubric]
    headers += ["加权总分", "评审结论", "不同意见", "建议投资（万元）", "评审意见"]
    widths = [6, 14, 28, 10, 18] + [12] * len(rubric) + [16, 16, 8, 14, 40]

    def fit(row: int) -> None:
        """Wrapped text needs a stored row height: LibreOffice and Excel do not grow the row.

        Measured on the row's text cells as written (an empty cell read here is not saved)."""
        cells = ((ws.cell(row=row, column=c).value, w) for c, w in enumerate(widths, start=1))
        ws.row_dimensions[row].height = row_height((v, w) for v, w in cells if isinstance(v, str))

    put_text(ws, 1, 1, f"{rnd.name} 专家评分表", "rd_title")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    for col, text in enumerate(headers, start=1):
        put_value(ws, 2, col, text, "rd_header")
    fit(2)
    row = 3
    first_score = 6
    for number, o in enumerate(opinions, start=1):
        for e in o.experts:
            put_value(ws, row, 1, number, "rd_center")
            put_text(ws, row, 2, o.code)
            put_text(ws, row, 3, o.name)
            put_text(ws, row, 4, e.name)
            put_text(ws, row, 5, e.organisation)
            for i, c in enumerate(rubric):
                put_value(ws, row, first_score + i, e.form.scores.get(c.key), "rd_center")
            col = first_score + len(rubric)
            put_value(ws, row, col, e.total, "rd_center")
            put_text(ws, row, col + 1, conclusion_zh(e.form.conclusion))
            put_text(ws, row, col + 2, "是" if e.dissent else "")
            put_value(ws, row, col + 3, None if e.form.suggested_yuan is None else Decimal(e.form.suggested_yuan) / 10000, "rd_money")  # fmt: skip
            put_text(ws, row, col + 4, e.form.opinion)
            fit(row)
            row += 1
        put_text(ws, row, 3, o.name, "rd_total_left")
        put_text(ws, row, 4, "平均（极差）", "rd_total_text")
        for i, c in enumerate(rubric):
            put_value(ws, row, first_score + i, o.criterion_mean(c.key), "rd_total_text")
        col = first_score + len(rubric)
        put_text(ws, row, col, f"{fmt(o.mean)}（{fmt(o.spread)}）", "rd_total_text")
        put_text(ws, row, col + 1, conclusion_zh(o.conclusion), "rd_total_text")
        put_value(ws, row, col + 3, None if o.suggested_yuan is None else Decimal(o.suggested_yuan) / 10000, "rd_total_money")  # fmt: skip
        fit(row)
        row += 1
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
    fit_to_page_width(ws)
    return wb


def write_scores_xlsx(store: Store, round_id: int, path: str | Path) -> Path:
    with store.read() as session:
        rnd, opinions = round_opinions(session, round_id)
        wb = build_scores_workbook(rnd, opinions)
        wb.properties.description = session_anchor(session)  # the audit head
    return save_atomically(wb, path)


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
