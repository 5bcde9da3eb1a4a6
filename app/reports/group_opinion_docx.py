"""The expert group's opinion of a review round (专家评审意见) as a Word document: one page per
project, in the layout of the approval replies (app.reports.opinion_docx).

What it says comes as a `GroupOpinionData`, assembled by app.services.group_opinion (the merged
reviews, scores, conclusions, dissent); this module only lays it out: no store, no session. A
draft (征求意见稿, the gate refused it) is marked in every title and page header, and each
project the gate named opens with why.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from app.reports.opinion_docx import (
    HEADING_FONT,
    MEASURES_CITED,
    NUMERALS,
    TITLE_FONT,
    add_paragraph,
    chinese_date,
    mark_draft,
    official_document,
    prepare_document,
)
from app.reports.titles import DRAFT_MARK


@dataclass(frozen=True, slots=True)
class GroupOpinionProject:
    """One project's page."""

    project_id: int
    code: str
    name: str
    unit: str
    #: the experts whose reviews make the opinion, as signed: 姓名（单位）
    members: tuple[str, ...]
    #: (heading, paragraphs) of the numbered points
    points: tuple[tuple[str, tuple[str, ...]], ...]
    #: in a draft: why the gate refused this project's opinion (empty otherwise)
    unresolved: str = ""


@dataclass(frozen=True, slots=True)
class GroupOpinionData:
    round_name: str
    projects: tuple[GroupOpinionProject, ...]
    today: date
    draft: bool = False


def build_group_opinion(data: GroupOpinionData) -> DocxDocument:
    doc = official_document()
    prepare_document(doc)
    mark = DRAFT_MARK if data.draft else ""
    for index, o in enumerate(data.projects):
        title = add_paragraph(doc, f"关于{o.name}的专家评审意见{mark}", font=TITLE_FONT, size=22,
                              align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, pitch=Pt(36))  # fmt: skip
        title.paragraph_format.page_break_before = index > 0  # one project per page
        add_paragraph(doc, "", indent=False)
        if o.unresolved:
            add_paragraph(doc, f"本件为征求意见稿，不是正式的专家组评审意见：{o.unresolved}，专家组意见尚未形成同意的结论。", bold=True)  # fmt: skip
        add_paragraph(doc, f"受区发展改革委委托，{len(o.members)}名专家组成专家组（{data.round_name}），依据{MEASURES_CITED}，对{o.unit}报送的{o.name}（项目编码{o.code}）有关材料进行了评审。专家组各成员独立填写评审表，汇总形成意见如下：")  # fmt: skip
        for number, (heading, paragraphs) in enumerate(o.points):
            head = add_paragraph(doc, f"{NUMERALS[number]}、{heading}", font=HEADING_FONT)
            head.paragraph_format.keep_with_next = True
            for text in paragraphs:
                add_paragraph(doc, text)
        add_paragraph(doc, "", indent=False)
        add_paragraph(doc, "专家组成员：" + "、".join(o.members))
        signed = add_paragraph(doc, "评审专家组", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        signed.paragraph_format.right_indent = Pt(64)
        dated = add_paragraph(doc, chinese_date(data.today), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)  # fmt: skip
        dated.paragraph_format.right_indent = Pt(64)
    if not data.projects:
        add_paragraph(doc, "该评审批次没有项目。")
    if data.draft:
        mark_draft(doc)
    return doc


def render_group_opinion(data: GroupOpinionData, *, anchor: str) -> bytes:
    """The document's bytes; `anchor` (the audit head as text) goes into its comments."""
    doc = build_group_opinion(data)
    doc.core_properties.comments = anchor
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
