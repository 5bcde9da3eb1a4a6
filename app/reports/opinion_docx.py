"""Approval replies (批复) and the expert group's review opinion as Word documents.

Layout after GB/T 9704: A4; margins 37 / 35 / 28 / 26 mm; title in 方正小标宋简体 二号 (22 pt);
body in 仿宋_GB2312 三号 (16 pt) with the East-Asian font written on every run (w:eastAsia,
which Word, WPS and LibreOffice read for Chinese); first-level headings in 黑体. The text is
built from the record: the request (title and 文号), the approved scale, the approved amount in
万元, the funding source, the construction period, and one condition per open finding.

A user template (.docx) may replace the bundled layout: its paragraphs may contain the
placeholders documented in docs/templates.md; `{{正文}}` alone in a paragraph is replaced by
the numbered points.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docx import Document as new_document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from sqlalchemy import select

from app.models import Approval, Project, ProjectReview
from app.models.db import Store
from app.rules.facts import ApprovalStep, Severity
from app.rules.findings import Finding
from app.rules.money import format_wan
from app.services.atomic import atomic_write_bytes, sanitize_text
from app.services.snapshot import evaluate_store

KINDS = ("one_step", "fsr", "design", "expert")
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
ISSUER = "江津区发展和改革委员会"
NUMERALS = "一二三四五六七八九十"
SUBJECT = {
    "one_step": "可行性研究报告及概算",
    "fsr": "可行性研究报告",
    "design": "初步设计及概算",
    "expert": "评审",
}
STEP_OF = {
    "one_step": ApprovalStep.ONE_STEP,
    "fsr": ApprovalStep.FSR,
    "design": ApprovalStep.DESIGN,
}
PLACEHOLDER = re.compile(r"\{\{([^{}]+)\}\}")


@dataclass(frozen=True, slots=True)
class OpinionData:
    kind: str
    project_name: str
    unit_name: str
    number: str  # 批复文号 (blank while not approved)
    request_title: str
    request_number: str
    scale: str
    amount_yuan: int | None
    funding_source: str
    period: str
    conditions: tuple[str, ...]
    today: date
    review_opinion: str = ""
    review_conclusion: str | None = None

    @property
    def title(self) -> str:
        if self.kind == "expert":
            return f"关于{self.project_name}的专家评审意见"
        return f"关于{self.project_name}{SUBJECT[self.kind]}的批复"

    def fields(self) -> dict[str, str]:
        return {
            "标题": self.title,
            "项目名称": self.project_name,
            "建设单位": self.unit_name,
            "批复文号": self.number,
            "请示标题": self.request_title,
            "请示文号": self.request_number,
            "批复金额": format_wan(self.amount_yuan) if self.amount_yuan is not None else "",
            "资金来源": self.funding_source,
            "建设周期": self.period,
            "日期": chinese_date(self.today),
            "发文单位": ISSUER,
        }


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# --------------------------------------------------------------------------- data


def opinion_data(store: Store, project_id: int, kind: str, *, today: date, findings: list[Finding] | None = None) -> OpinionData:  # fmt: skip
    if kind not in KINDS:
        raise ValueError(f"unknown opinion kind {kind!r}")
    if findings is None:
        findings = evaluate_store(store, today)
    with store.read() as session:
        project = session.get(Project, project_id)
        if project is None:
            raise LookupError(f"no project with id {project_id}")
        step_kind = STEP_OF.get(
            kind,
            ApprovalStep.DESIGN
            if project.total_investment_yuan >= 30_000_000
            else ApprovalStep.ONE_STEP,
        )
        approval = session.scalar(
            select(Approval).where(Approval.project_id == project_id, Approval.step == step_kind)
        )
        review = session.scalar(
            select(ProjectReview)
            .where(ProjectReview.project_id == project_id)
            .order_by(ProjectReview.id)
        )
        amount = approval.approved_amount_yuan if approval and approval.approved_amount_yuan is not None else (
            project.reviewed_yuan if project.reviewed_yuan is not None else project.total_investment_yuan)  # fmt: skip
        return OpinionData(
            kind=kind,
            project_name=sanitize_text(project.name),
            unit_name=sanitize_text(project.unit.name),
            number=sanitize_text(approval.number) if approval else "",
            request_title=sanitize_text(approval.request_title if approval and approval.request_title else f"关于{project.name}{SUBJECT.get(kind, '')}的请示"),
            request_number=sanitize_text(approval.request_number) if approval else "",
            scale=sanitize_text((approval.approved_scale if approval and approval.approved_scale else "") or project.content),
            amount_yuan=amount,
            funding_source=sanitize_text(project.funding_source or "区级财政资金"),
            period=sanitize_text(approval.construction_period if approval and approval.construction_period else ""),
            conditions=conditions(findings, project_id),
            today=today,
            review_opinion=sanitize_text(review.opinion) if review else "",
            review_conclusion=review.conclusion if review else None,
        )  # fmt: skip


def conditions(findings: list[Finding], project_id: int) -> tuple[str, ...]:
    """One requirement per open blocker / error / warning of the project, worded from the finding."""
    wanted = (Severity.BLOCKER, Severity.ERROR, Severity.WARNING)
    out = []
    for f in findings:
        if f.open and f.project_id == project_id and f.severity in wanted:
            article = "第" + f.article.split(" ")[0].replace(",", "、") + "条"
            out.append(
                f"{f.message_zh.rstrip('。')}，请按《江津区政务信息化项目建设管理办法》{article}规定予以整改。"
            )
    return tuple(out)


# --------------------------------------------------------------------------- layout helpers


def set_run_font(run: object, name: str, size_pt: float, *, bold: bool = False) -> None:
    """Latin and East-Asian fonts on one run (font.name alone leaves w:eastAsia unset)."""
    run.font.name = name  # type: ignore[attr-defined]
    run.font.size = Pt(size_pt)  # type: ignore[attr-defined]
    run.font.bold = bold  # type: ignore[attr-defined]
    element = run._element if hasattr(run, "_element") else run.element  # a run, or a style
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def add_paragraph(doc: DocxDocument, text: str, *, font: str = BODY_FONT, size: float = 16, bold: bool = False,
                  align: WD_ALIGN_PARAGRAPH | None = None, indent: bool = True) -> Paragraph:  # fmt: skip
    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing = Pt(28)  # 固定值 28 磅, the usual official-document line pitch
    fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if align is not None:
        paragraph.alignment = align
    set_run_font(paragraph.add_run(sanitize_text(text)), font, size, bold=bold)
    return paragraph


def set_table_widths(table: Table, widths_mm: list[float]) -> None:
    """tblW, gridCol and every tcW in twips: WPS ignores widths written only one way."""
    twips = [int(w / 25.4 * 1440) for w in widths_mm]
    tbl = table._tbl
    tbl_pr = tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.append(tbl_w)
    tbl_w.set(qn("w:w"), str(sum(twips)))
    tbl_w.set(qn("w:type"), "dxa")
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)
    for grid_col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), twips, strict=False):
        grid_col.set(qn("w:w"), str(width))
    for row in table.rows:
        for cell, width in zip(row.cells, twips, strict=False):
            tc_pr = cell._tc.get_or_add_tcPr()
            tc_w = tc_pr.find(qn("w:tcW"))
            if tc_w is None:
                tc_w = OxmlElement("w:tcW")
                tc_pr.append(tc_w)
            tc_w.set(qn("w:w"), str(width))
            tc_w.set(qn("w:type"), "dxa")


# --------------------------------------------------------------------------- content


def points(data: OpinionData) -> list[tuple[str, str]]:
    """(heading, text) of the numbered points, in the order of published replies."""
    amount = f"{format_wan(data.amount_yuan)}万元" if data.amount_yuan is not None else "（待核定）"
    if data.kind == "expert":
        verdict = {"agree": "同意", "agree_revise": "原则同意，修改后报批", "reject": "不同意"}.get(
            data.review_conclusion or "", "（待定）"
        )
        return [
            ("项目必要性", f"专家组认为，{data.project_name}建设依据充分，符合全区政务信息化统筹建设要求。"),
            ("建设内容和规模", data.scale or "（未填写）"),
            ("投资估算", f"经评审，建议项目总投资{amount}，资金来源为{data.funding_source}。"),
            ("评审结论", f"专家组意见：{verdict}。" + (data.review_opinion or "")),
            ("修改完善要求", "".join(f"（{i}）{c}" for i, c in enumerate(data.conditions, start=1)) or "无。"),
        ]  # fmt: skip
    subject = SUBJECT[data.kind]
    requirements = list(data.conditions)
    if data.kind == "fsr":
        requirements.append("请据此抓紧编制初步设计及概算方案，按程序报批。")
    requirements.append(
        "项目建设中不得擅自调整建设内容、扩大建设规模、提高建设标准，总投资不得超过批复概算。"
    )
    requirements.append("请按月报送项目建设进展情况，项目建成后按规定组织竣工验收。")
    return [
        (
            "项目建设必要性",
            f"为提升全区政务信息化水平，原则同意你单位{data.project_name}{subject}。",
        ),
        ("建设内容和规模", data.scale or "（未填写）"),
        ("项目总投资及资金来源", f"项目总投资{amount}，资金来源为{data.funding_source}。"),
        ("建设周期", data.period or "（按建设单位报送的进度安排）"),
        ("招标采购", "请严格按照政府采购和招标投标有关规定确定承建单位和工程监理单位。"),
        ("有关要求", "".join(f"（{i}）{r}" for i, r in enumerate(requirements, start=1))),
    ]


def build_body(doc: DocxDocument, data: OpinionData) -> None:
    for index, (heading, body) in enumerate(points(data)):
        paragraph = add_paragraph(doc, f"{NUMERALS[index]}、{heading}", font=HEADING_FONT)
        paragraph.paragraph_format.keep_with_next = True
        add_paragraph(doc, body)


def build_default(data: OpinionData) -> DocxDocument:
    doc = new_document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = doc.styles["Normal"]
    set_run_font(normal, BODY_FONT, 16)  # the style too, for text typed later in Word
    number_line = data.number or ("江津发改投〔    〕    号" if data.kind != "expert" else "")
    if number_line:
        add_paragraph(doc, number_line, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    add_paragraph(doc, "", indent=False)
    add_paragraph(
        doc, data.title, font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False
    )
    add_paragraph(doc, "", indent=False)
    if data.kind == "expert":
        add_paragraph(
            doc,
            f"受区发展改革委委托，专家组对{data.unit_name}报送的{data.project_name}材料进行了评审，形成意见如下：",
        )
    else:
        add_paragraph(doc, f"{data.unit_name}：", indent=False)
        request = f"《{data.request_title}》" + (
            f"（{data.request_number}）" if data.request_number else ""
        )
        add_paragraph(doc, f"你单位{request}及有关材料收悉。根据《江津区政务信息化项目建设管理办法》（江津府办发〔2022〕154号）和项目评估意见，现将有关事项批复如下：")  # fmt: skip
    build_body(doc, data)
    add_paragraph(doc, "", indent=False)
    if data.kind != "expert":
        add_paragraph(doc, "附件：概算核定表", indent=True)
    signer = "评审专家组" if data.kind == "expert" else ISSUER
    add_paragraph(doc, signer, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    add_paragraph(doc, chinese_date(data.today), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    if data.kind != "expert":
        doc.add_page_break()
        add_paragraph(
            doc, "概算核定表", font=HEADING_FONT, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False
        )
        add_paragraph(doc, "单位：万元", size=12, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
        table = doc.add_table(rows=3, cols=3)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        rows = (("序号", "项目", "核定金额"), ("1", data.project_name, format_wan(data.amount_yuan)), ("", "合计", format_wan(data.amount_yuan)))  # fmt: skip
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                cell = table.cell(r, c)
                cell.text = ""
                set_run_font(cell.paragraphs[0].add_run(sanitize_text(value)), BODY_FONT, 12)
        set_table_widths(table, [20, 100, 36])
    return doc


def fill_template(template: Path, data: OpinionData) -> DocxDocument:
    """Replace {{占位符}} in a user template; a paragraph holding only {{正文}} becomes the points."""
    doc = new_document(str(template))
    values = data.fields()
    for paragraph in list(doc.paragraphs):
        if paragraph.text.strip() == "{{正文}}":
            anchor = paragraph
            scratch = new_document()
            build_body(scratch, data)
            for new in scratch.paragraphs:
                anchor._p.addprevious(new._p)
            anchor._p.getparent().remove(anchor._p)
            continue
        if "{{" in paragraph.text:
            replaced = PLACEHOLDER.sub(
                lambda m: values.get(m.group(1).strip(), m.group(0)), paragraph.text
            )
            style_run = paragraph.runs[0] if paragraph.runs else None
            size = style_run.font.size.pt if style_run is not None and style_run.font.size else 16
            font = (
                style_run.font.name if style_run is not None and style_run.font.name else BODY_FONT
            )
            for run in list(paragraph.runs):
                run._element.getparent().remove(run._element)
            set_run_font(paragraph.add_run(replaced), font, size)
    return doc


def build_opinion(
    store: Store, project_id: int, kind: str, *, today: date, template: Path | None = None,
    findings: list[Finding] | None = None,
) -> bytes:  # fmt: skip
    """The document's bytes; pass `findings` when writing many (the engine runs once)."""
    data = opinion_data(store, project_id, kind, today=today, findings=findings)
    doc = fill_template(template, data) if template else build_default(data)
    doc.core_properties.title = data.title
    doc.core_properties.author = "ReviewDesk"
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def write_opinion(
    store: Store, project_id: int, kind: str, path: str | Path, *, today: date, template: Path | None = None,
    findings: list[Finding] | None = None,
) -> Path:  # fmt: skip
    atomic_write_bytes(
        path,
        build_opinion(store, project_id, kind, today=today, template=template, findings=findings),
    )
    return Path(path)


def write_opinions_for_year(
    store: Store, year: int, folder: str | Path, *, today: date
) -> list[Path]:
    """The reply of every project approved in `year` with a list entry of that year."""
    from app.models import ListEntry

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with store.read() as session:
        rows = session.execute(
            select(Project.id, Project.code, Approval.step)
            .join(Approval, Approval.project_id == Project.id)
            .join(ListEntry, ListEntry.project_id == Project.id)
            .where(ListEntry.year == year, Approval.approved_on.is_not(None), Approval.step.in_([ApprovalStep.ONE_STEP, ApprovalStep.DESIGN]))
            .order_by(Project.id)
        ).all()  # fmt: skip
    written = []
    findings = evaluate_store(store, today)  # once for the whole batch
    for project_id, code, step in rows:
        kind = "one_step" if step == ApprovalStep.ONE_STEP else "design"
        target = folder / f"{code}-批复.docx"
        written.append(
            write_opinion(store, project_id, kind, target, today=today, findings=findings)
        )
    return written
