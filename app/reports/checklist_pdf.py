"""Dossier and acceptance checklists of one project as PDF, for signing on paper.

The items come from `app.rules.checklists` (the same truth as the GUI and the CLI). User text
is sanitized and XML-escaped before it reaches reportlab's Paragraph markup; long remarks go
to numbered notes below the table instead of one giant cell. What a checklist shows comes as a
`ChecklistData` from app.services.checklists, which also writes the file atomically: this module
only lays it out (no store, no session).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.reports.fonts import cjk_font
from app.rules.checklists import ChecklistItem, acceptance_checklist, dossier_checklist, two_step
from app.rules.facts import ConstructionType, DocStatus, ProjectFacts, Severity
from app.rules.findings import Finding
from app.rules.money import format_wan
from app.services.atomic import sanitize_text

KINDS = ("dossier", "acceptance")
TITLES = {"dossier": "项目审批材料核查表", "acceptance": "项目竣工验收核查表"}
RELEVANT = {
    "dossier": ("DOS-", "APV-", "PLAN-", "DUP-", "EST-", "UNIT-"),
    "acceptance": ("ACC-", "OM-", "PERF-", "SUP-"),
}
STATUS_ZH = {
    DocStatus.MISSING: "缺",
    DocStatus.SUBMITTED: "已提交",
    DocStatus.APPROVED: "已批复",
    DocStatus.NOT_APPLICABLE: "不适用",
}
#: an approved acceptance item (验收报告, 测评报告…) has passed rather than been replied to
APPROVED_ZH = {"dossier": "已批复", "acceptance": "已通过"}
STATUS_COLOUR = {
    DocStatus.MISSING: colors.HexColor("#fde0dc"),
    DocStatus.SUBMITTED: colors.HexColor("#fff4d6"),
    DocStatus.APPROVED: colors.HexColor("#dcf2dc"),
    DocStatus.NOT_APPLICABLE: colors.HexColor("#eeeeee"),
}
SEVERITY_ZH = {
    Severity.BLOCKER: "阻断",
    Severity.ERROR: "错误",
    Severity.WARNING: "警告",
    Severity.INFO: "提示",
}
TYPE_PATH = {True: "两步审批（可研、初步设计及概算）", False: "一步审批（可研及概算）"}
LONG_REMARK = 80  # characters: longer remarks become numbered notes under the table


def text(value: object, field: str | None = None) -> str:
    """User text for Paragraph markup: sanitized (a removal is logged with `field`), then escaped."""
    return escape(sanitize_text(value, field))


def article_zh(article: str) -> str:
    return "第" + article.replace(", ", "、") + "条"


class NumberedCanvas(pdfcanvas.Canvas):
    """第 N 页 共 M 页 in the footer (pages are kept until the total is known)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont(cjk_font(), 9)
            self.drawCentredString(A4[0] / 2, 10 * mm, f"第 {self._pageNumber} 页 共 {total} 页")
            super().showPage()
        super().save()


def styles() -> dict[str, ParagraphStyle]:
    font = cjk_font()
    base = ParagraphStyle("base", fontName=font, fontSize=9.5, leading=13, wordWrap="CJK")
    return {
        "base": base,
        "title": ParagraphStyle(
            "title", parent=base, fontSize=18, leading=24, alignment=TA_CENTER, spaceAfter=4 * mm
        ),
        "head": ParagraphStyle(
            "head", parent=base, fontSize=11, leading=15, spaceBefore=4 * mm, spaceAfter=2 * mm
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=12),
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11),
        "sub": ParagraphStyle("sub", parent=base, fontSize=8.5, leading=11, leftIndent=8),
        "note": ParagraphStyle(
            "note", parent=base, fontSize=9, leading=12.5, leftIndent=12, firstLineIndent=-12
        ),
    }


def _date_number(item: ChecklistItem) -> str:
    """日期 / 文号 cell: the approval (else submission) date and the document number."""
    when = item.approved_on or item.submitted_on
    return " ".join(x for x in ((when.isoformat() if when else ""), item.number) if x)


def _remark(item: ChecklistItem, reviewer: str) -> str:
    """说明 cell: the 不适用 reason, the remark stored with the item, the reviewer's remark."""
    parts = [sanitize_text(item.reason_zh, f"{item.key}.reason"), sanitize_text(item.note_zh, f"{item.key}.note"), sanitize_text(item.remark, f"{item.key}.remark")]  # fmt: skip
    if reviewer.strip():
        parts.append("评审意见：" + reviewer.strip())
    return "；".join(p.strip() for p in parts if p.strip())


def _item_rows(
    items: list[ChecklistItem],
    kind: str,
    st: dict[str, ParagraphStyle],
    notes: list[str],
    reviewer_remarks: Mapping[str, str],
) -> tuple[list[list[Any]], list[tuple[Any, ...]]]:
    rows: list[list[Any]] = []
    commands: list[tuple[Any, ...]] = []
    number = sub = 0
    for item in items:
        label_text = sanitize_text(item.label_zh, f"{item.key}.label")
        if item.parent is None:
            number, sub = number + 1, 0
            label = Paragraph(escape(label_text), st["cell"])
            seq = str(number)
        else:  # a chapter / opinion / element, indented under its document
            sub += 1
            label = Paragraph("· " + escape(label_text), st["sub"])
            seq = f"{number}.{sub}"
        remark = _remark(item, sanitize_text(reviewer_remarks.get(item.key, ""), f"{item.key}.reviewer_remark"))  # fmt: skip
        if len(remark) > LONG_REMARK:
            notes.append(f"第 {seq} 项 {label_text}：{remark}")
            remark = f"见附注 {len(notes)}"
        status = APPROVED_ZH[kind] if item.status == DocStatus.APPROVED else STATUS_ZH[item.status]
        rows.append([
            Paragraph(seq, st["cell" if item.parent is None else "small"]),
            label,
            Paragraph(article_zh(item.article), st["cell"]),
            Paragraph(status, st["cell"]),
            Paragraph(text(_date_number(item), f"{item.key}.date_number"), st["small"]),
            Paragraph(escape(remark), st["small"]),
        ])  # fmt: skip
        row_index = len(rows)  # +1 for the header row, -1 for zero-based: same number
        commands.append(("BACKGROUND", (3, row_index), (3, row_index), STATUS_COLOUR[item.status]))
        if not item.applicable:
            commands.append(("TEXTCOLOR", (0, row_index), (-1, row_index), colors.grey))
    return rows, commands


def relevant_findings(
    project: ProjectFacts, kind: str, items: list[ChecklistItem], findings: list[Finding]
) -> list[Finding]:
    """Open findings of the project about this checklist: by code family or by item key."""
    keys = {item.key for item in items} | {i.doc_kind.value for i in items if i.doc_kind}
    return [
        f
        for f in findings
        if f.open
        and f.project_id == project.id
        and (f.code.startswith(RELEVANT[kind]) or (f.item is not None and f.item in keys))
    ]


def build_story(
    project: ProjectFacts,
    unit_name: str,
    kind: str,
    findings: list[Finding],
    today: date,
    reviewer_remarks: Mapping[str, str] | None = None,
) -> list[Any]:
    st = styles()
    items = dossier_checklist(project) if kind == "dossier" else acceptance_checklist(project)
    story: list[Any] = [Paragraph(TITLES[kind], st["title"])]
    path = (
        "运行维护项目（第九条审批路径不适用）"
        if project.type == ConstructionType.OM
        else TYPE_PATH[two_step(project)]
    )
    info = [
        ("项目名称", project.name), ("项目编码", project.code), ("建设单位", unit_name),
        ("建设性质", project.type.value), ("总投资", f"{format_wan(project.total_investment_yuan)} 万元"),
        ("审批路径", path), ("核查日期", f"{today.year}年{today.month}月{today.day}日"),
    ]  # fmt: skip
    info_rows = [[Paragraph(k, st["cell"]), Paragraph(text(v, k), st["cell"])] for k, v in info]
    info_table = Table(info_rows, colWidths=[28 * mm, 146 * mm])
    info_table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey), ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f2f2f2")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))  # fmt: skip
    story += [info_table, Paragraph("核查事项", st["head"])]
    notes: list[str] = []
    rows, commands = _item_rows(items, kind, st, notes, reviewer_remarks or {})
    header = [
        Paragraph(h, st["cell"])
        for h in ("序号", "核查事项", "依据条款", "状态", "日期 / 文号", "说明")
    ]
    table = Table(
        [header, *rows],
        colWidths=[14 * mm, 52 * mm, 20 * mm, 18 * mm, 28 * mm, 42 * mm],  # "10.10" on one line
        repeatRows=1,
    )
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), *commands,
    ]))  # fmt: skip
    story.append(table)
    if notes:
        story.append(Paragraph("附注", st["head"]))
        story += [
            Paragraph(f"{i}. {escape(note)}", st["note"]) for i, note in enumerate(notes, start=1)
        ]
    relevant = relevant_findings(project, kind, items, findings)
    # the findings and the signatures stay together: a signature never stands alone on a page
    closing: list[Any] = [Paragraph(f"检查发现（{len(relevant)} 项）", st["head"])]
    if relevant:
        rows_f = [[Paragraph(h, st["cell"]) for h in ("代码", "级别", "依据", "说明")]] + [
            [Paragraph(f.code, st["small"]), Paragraph(SEVERITY_ZH[f.severity], st["small"]),
             Paragraph(article_zh(f.article), st["small"]), Paragraph(text(f.message_zh, f"finding {f.code}"), st["small"])]
            for f in relevant
        ]  # fmt: skip
        findings_table = Table(
            rows_f, colWidths=[30 * mm, 14 * mm, 20 * mm, 110 * mm], repeatRows=1
        )
        findings_table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8"))]))  # fmt: skip
        closing.append(findings_table)
    else:
        closing.append(Paragraph("无与本核查表相关的未解决问题。", st["base"]))
    signature = Table(
        [[Paragraph("评审人（签字）：", st["base"]), "", Paragraph("日期：", st["base"]), ""],
         [Paragraph("复核人（签字）：", st["base"]), "", Paragraph("日期：", st["base"]), ""]],
        colWidths=[32 * mm, 70 * mm, 16 * mm, 56 * mm], rowHeights=[14 * mm, 14 * mm],
    )  # fmt: skip
    signature.setStyle(TableStyle([("LINEBELOW", (1, 0), (1, -1), 0.6, colors.black),
                                   ("LINEBELOW", (3, 0), (3, -1), 0.6, colors.black),
                                   ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))  # fmt: skip
    story.append(KeepTogether([*closing, Spacer(1, 8 * mm), signature]))
    return story


@dataclass(frozen=True, slots=True)
class ChecklistData:
    """What one checklist shows, assembled by app.services.checklists.checklist_data."""

    project: ProjectFacts
    unit_name: str
    kind: str  # dossier | acceptance
    findings: tuple[Finding, ...]  # the open findings of the project (the relevant ones are shown)
    today: date
    #: checklist item key ("fsr", "fsr.ch.sec", "list") → the reviewer's remark for that row
    reviewer_remarks: Mapping[str, str] = field(default_factory=dict)


def render_checklist_pdf(data: ChecklistData, *, anchor: str) -> bytes:
    """The PDF's bytes; `anchor` (the audit head as text) goes into its /Subject."""
    if data.kind not in KINDS:
        raise ValueError(f"unknown checklist kind {data.kind!r}")
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm, bottomMargin=18 * mm,
        title=f"{TITLES[data.kind]} — {sanitize_text(data.project.name, 'PDF title')}", author="ReviewDesk",
        subject=anchor,
    )  # fmt: skip
    story = build_story(data.project, data.unit_name, data.kind, list(data.findings), data.today,
                        data.reviewer_remarks)  # fmt: skip
    doc.build(story, canvasmaker=NumberedCanvas)
    return buffer.getvalue()
