"""Approval replies (批复) and the expert group's review opinion as Word documents.

Layout after GB/T 9704: A4; margins 37 / 35 / 28 / 26 mm; 版头 (the issuer in red and a red
rule) above the 发文字号; title in 方正小标宋简体 二号 (22 pt); body in 仿宋_GB2312 三号 (16 pt)
at a fixed 28 pt line pitch, with the East-Asian font written on every run (w:eastAsia, which
Word, WPS and LibreOffice read for Chinese; the theme fonts of the default template are removed
so they cannot win); first-level headings in 黑体; signature and date right-aligned, the date
two characters from the margin. The font table names a fallback (w:altName: 小标宋, 仿宋, 黑体)
for machines without the 方正 / GB2312 fonts.

The text comes from an `OpinionData`, assembled by app.services.opinions.opinion_data (the
request, the approved scale and amount in 万元, the funding source, the construction period,
one requirement per open blocker / error / warning finding — never one that bars approval —
and a draft's unresolved reasons). This module only lays it out: no store, no session.
Attachment: 概算核定表 with widths in twips on the table, the grid and every cell (WPS ignores
widths given only one way). A draft (征求意见稿) carries the mark in its title and page header,
lists the unresolved reasons before the numbered points and has no 文号.

The layout is generated in code (no bundled .docx). A user template (.docx) may replace it:
its paragraphs, table cells, headers and footers may contain the placeholders documented in
docs/templates.md; a paragraph holding only `{{正文}}` is replaced by the numbered points.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from docx import Document as new_document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from app.reports import titles
from app.rules import regulation
from app.rules.facts import ApprovalStep
from app.rules.money import format_wan
from app.services.atomic import sanitize_text

KINDS = ("one_step", "fsr", "design", "expert")
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
#: w:altName written to the font table: what Word / WPS / LibreOffice look for when the
#: official font is not installed
FONT_FALLBACK = {TITLE_FONT: "小标宋", BODY_FONT: "仿宋", HEADING_FONT: "SimHei"}
ISSUER = "江津区发展和改革委员会"
LETTERHEAD = "重庆市江津区发展和改革委员会"
RED = RGBColor(0xE6, 0x00, 0x12)
MEASURES_NAME = regulation.CITED_TITLE
MEASURES = regulation.FULL
MEASURES_SHORT = "《办法》"
#: the first citation in a text, which defines the short name used by the conditions
MEASURES_CITED = f"{MEASURES_NAME}（{regulation.NUMBER}，以下简称{MEASURES_SHORT}）"
NUMERALS = "一二三四五六七八九十"
LINE_PITCH = Pt(28)  # 固定值 28 磅: 22 lines on a GB/T 9704 page
SUBJECT = titles.OPINION_SUBJECT
STEP_OF = {
    "one_step": ApprovalStep.ONE_STEP,
    "fsr": ApprovalStep.FSR,
    "design": ApprovalStep.DESIGN,
}
KIND_OF_STEP = {step: kind for kind, step in STEP_OF.items()}
PLACEHOLDER = re.compile(r"\{\{([^{}]+)\}\}")
#: the page header of a draft, on every page
DRAFT_HEADER = "征求意见稿 · 存在未解决的问题，不得作为正式文件印发"


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
    declared_yuan: int | None
    funding_source: str
    period: str
    conditions: tuple[str, ...]
    today: date
    review_opinion: str = ""
    review_conclusion: str | None = None
    #: open findings that bar approval (never requirements: listed as problems to resolve)
    barring: tuple[str, ...] = ()
    #: a draft written despite the gate: the reasons it was refused, listed as unresolved
    draft: bool = False
    unresolved: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        title = titles.opinion_title(self.kind, self.project_name)
        return title + titles.DRAFT_MARK if self.draft else title

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
            "依据": MEASURES,
            "日期": chinese_date(self.today),
            "发文单位": ISSUER,
        }


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def sentence(text: str) -> str:
    """Text ending in a full stop (the record may hold a bare phrase)."""
    text = text.strip()
    return text if not text or text[-1] in "。！？；.!?;" else text + "。"


def attachment_name(kind: str) -> str:
    """An FSR reply approves an estimate (估算), the others a budget estimate (概算)."""
    return "投资估算核定表" if kind == "fsr" else "概算核定表"


# --------------------------------------------------------------------------- layout helpers


def set_fonts(rpr: object, name: str) -> None:
    """Explicit fonts for all four scripts on an rPr; theme attributes would override them."""
    fonts = rpr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)  # type: ignore[attr-defined]
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)
    fonts.set(qn("w:hint"), "eastAsia")


def set_run_font(run: object, name: str, size_pt: float, *, bold: bool = False) -> None:
    """Latin and East-Asian fonts on one run (font.name alone leaves w:eastAsia unset)."""
    run.font.name = name  # type: ignore[attr-defined]
    run.font.size = Pt(size_pt)  # type: ignore[attr-defined]
    run.font.bold = bold  # type: ignore[attr-defined]
    element = run._element if hasattr(run, "_element") else run.element  # a run, or a style
    set_fonts(element.get_or_add_rPr(), name)


def add_paragraph(doc: DocxDocument, text: str, *, font: str = BODY_FONT, size: float = 16, bold: bool = False,
                  align: WD_ALIGN_PARAGRAPH | None = None, indent: bool = True,
                  pitch: Pt = LINE_PITCH) -> Paragraph:  # fmt: skip
    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing = pitch
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if align is not None:
        paragraph.alignment = align
    set_run_font(paragraph.add_run(sanitize_text(text, "Word paragraph")), font, size, bold=bold)
    return paragraph


def set_table_widths(table: Table, widths_mm: list[float]) -> None:
    """tblW, gridCol and every tcW in twips: WPS ignores widths written only one way."""
    twips = [round(w / 25.4 * 1440) for w in widths_mm]
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
                tc_pr.insert(0, tc_w)
            tc_w.set(qn("w:w"), str(width))
            tc_w.set(qn("w:type"), "dxa")


def prepare_document(doc: DocxDocument) -> None:
    """Document defaults without theme fonts, and fallbacks in the font table."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            set_fonts(rpr, BODY_FONT)
    set_run_font(doc.styles["Normal"], BODY_FONT, 16)  # for text typed later in Word
    for part in doc.part.package.iter_parts():
        if str(part.partname) == "/word/fontTable.xml":
            table = parse_xml(part.blob)
            for name, alt in FONT_FALLBACK.items():
                font = OxmlElement("w:font")
                font.set(qn("w:name"), name)
                for tag, value in (("altName", alt), ("charset", "86"), ("family", "modern" if name == HEADING_FONT else "roman"), ("pitch", "variable")):  # fmt: skip
                    child = OxmlElement(f"w:{tag}")
                    child.set(qn("w:val"), value)
                    font.append(child)
                table.append(font)
            part._blob = etree.tostring(
                table, xml_declaration=True, encoding="UTF-8", standalone=True
            )  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- content


def points(data: OpinionData) -> list[tuple[str, list[str]]]:
    """(heading, paragraphs) of the numbered points, in the order of published replies."""
    amount = f"{format_wan(data.amount_yuan)}万元" if data.amount_yuan is not None else "（待核定）"
    numbered = lambda items: [f"（{i}）{c}" for i, c in enumerate(items, start=1)]  # noqa: E731
    if data.kind == "expert":
        verdict = {"agree": "同意", "agree_revise": "原则同意，修改完善后报批", "reject": "不同意"}.get(
            data.review_conclusion or "", "（待定）"
        )  # fmt: skip
        necessity = (
            f"专家组认为，{data.project_name}建设依据充分，符合全区政务信息化统筹建设要求。"
            if data.review_conclusion in ("agree", "agree_revise")
            else f"专家组对{data.project_name}建设必要性的意见见评审结论。"
        )
        out = [
            ("项目必要性", [necessity]),
            ("建设内容和规模", [sentence(data.scale) or "（未填写）"]),
            ("投资估算", [f"经评审，建议项目总投资{amount}，资金来源为{data.funding_source}。"]),
            ("评审结论", [f"专家组意见：{verdict}。" + (data.review_opinion or "")]),
        ]  # fmt: skip
        if data.barring:  # not requirements: the project cannot be approved until they are solved
            out.append(("按《办法》不予审批的问题", numbered(data.barring)))
        out.append(("修改完善要求", numbered(data.conditions) or ["无。"]))
        return out
    subject = SUBJECT[data.kind]
    requirements = list(data.conditions)
    if data.kind == "fsr":
        requirements.append("请据此抓紧编制初步设计及概算方案，按程序报批。")
    requirements.append(
        "项目建设中不得擅自调整建设内容、扩大建设规模、提高建设标准，总投资不得超过批复概算。"
    )
    requirements.append("请按月报送项目建设进展情况，项目建成后按规定组织竣工验收。")
    return [
        ("项目建设必要性", [f"为提升全区政务信息化水平，原则同意你单位{data.project_name}{subject}。"]),
        ("建设内容和规模", [sentence(data.scale) or "（未填写）"]),
        ("项目总投资及资金来源", [f"项目总投资{'估算为' if data.kind == 'fsr' else ''}{amount}，资金来源为{data.funding_source}。"]),
        ("建设周期", [f"项目建设周期为{sentence(data.period)}" if data.period else "按建设单位报送的进度安排实施。"]),
        ("招标采购", ["请严格按照政府采购和招标投标有关规定确定承建单位和工程监理单位。"]),
        ("有关要求", numbered(requirements)),
    ]  # fmt: skip


def draft_notice(data: OpinionData) -> list[str]:
    """The paragraphs a draft opens with: what it is, and what is unresolved."""
    if not data.draft:
        return []
    subject = "批复" if data.kind != "expert" else "评审意见"
    lead = f"本件为征求意见稿，不是正式{subject}。下列问题尚未解决，解决前不得出具正式{subject}："
    return [lead, *(f"（{i}）{text}" for i, text in enumerate(data.unresolved, start=1))]


def build_body(doc: DocxDocument, data: OpinionData) -> None:
    for text in draft_notice(data):
        add_paragraph(doc, text, bold=True)
    for index, (heading, paragraphs) in enumerate(points(data)):
        paragraph = add_paragraph(doc, f"{NUMERALS[index]}、{heading}", font=HEADING_FONT)
        paragraph.paragraph_format.keep_with_next = True
        for text in paragraphs:
            add_paragraph(doc, text)


def add_letterhead(doc: DocxDocument, data: OpinionData) -> None:
    """版头: issuer in red 小标宋, the 发文字号 (a blank placeholder before approval), red rule."""
    head = add_paragraph(doc, LETTERHEAD, font=TITLE_FONT, size=26, align=WD_ALIGN_PARAGRAPH.CENTER,
                         indent=False, pitch=Pt(40))  # fmt: skip
    head.runs[0].font.color.rgb = RED
    head.paragraph_format.space_after = Pt(14)
    number = add_paragraph(doc, data.number or "江津发改投〔    〕    号",
                           align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)  # fmt: skip
    p_pr = number._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "12"), ("space", "8"), ("color", str(RED))):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    # CT_PPr order: pStyle, keepNext, keepLines, pageBreakBefore, framePr, widowControl,
    # numPr, suppressLineNumbers, pBdr, shd, tabs, …, spacing, ind, …, jc
    follows = [c for c in p_pr if c.tag in {qn(t) for t in ("w:shd", "w:tabs", "w:spacing", "w:ind", "w:jc")}]  # fmt: skip
    if follows:
        follows[0].addprevious(borders)
    else:
        p_pr.append(borders)


def add_estimate_table(doc: DocxDocument, data: OpinionData) -> None:
    doc.add_page_break()
    add_paragraph(doc, "附件", font=HEADING_FONT, indent=False)
    add_paragraph(doc, "", indent=False)
    add_paragraph(doc, f"{data.project_name}{attachment_name(data.kind)}", font=TITLE_FONT, size=18,
                  align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, pitch=Pt(30))  # fmt: skip
    add_paragraph(doc, "单位：万元", size=12, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    approved, declared = data.amount_yuan, data.declared_yuan
    cut = declared - approved if approved is not None and declared is not None else None
    wan = lambda v: format_wan(v) if v is not None else ""  # noqa: E731
    rows = (
        ("序号", "项目", "申报金额", "核定金额", "核减金额"),
        ("1", data.project_name, wan(declared), wan(approved), wan(cut)),
        ("", "合计", wan(declared), wan(approved), wan(cut)),
    )
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, values in enumerate(rows):
        table.rows[r].height = Mm(10)
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(0)
            if r == 0 or c == 0 or (r == len(rows) - 1 and c == 1):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif c >= 2:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            font = HEADING_FONT if r == 0 else BODY_FONT
            set_run_font(
                paragraph.add_run(sanitize_text(value, f"Word table cell {r},{c}")), font, 12
            )
    set_table_widths(table, [14, 64, 26, 26, 26])  # 156 mm: the text width


def mark_draft(doc: DocxDocument) -> None:
    """「征求意见稿」 in the page header of every section, in red bold 黑体."""
    for section in doc.sections:
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(DRAFT_HEADER)
        set_run_font(run, HEADING_FONT, 14, bold=True)
        run.font.color.rgb = RED


def official_document() -> DocxDocument:
    """A new document on the GB/T 9704 page (A4; margins 37 / 35 / 28 / 26 mm), its defaults
    without theme fonts (`prepare_document`)."""
    doc = new_document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    return doc


def build_default(data: OpinionData) -> DocxDocument:
    doc = official_document()
    section = doc.sections[0]
    section.header_distance, section.footer_distance = Mm(15), Mm(28)
    prepare_document(doc)
    if data.kind != "expert":
        add_letterhead(doc, data)
    add_paragraph(doc, "", indent=False)
    add_paragraph(doc, data.title, font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER,
                  indent=False, pitch=Pt(36))  # fmt: skip
    add_paragraph(doc, "", indent=False)
    if data.kind == "expert":
        add_paragraph(
            doc,
            f"受区发展改革委委托，专家组依据{MEASURES_CITED}，对{data.unit_name}报送的{data.project_name}有关材料进行了评审，形成意见如下：",
        )
    else:
        add_paragraph(doc, f"{data.unit_name}：", indent=False)
        request = f"《{data.request_title}》" + (
            f"（{data.request_number}）" if data.request_number else ""
        )
        add_paragraph(doc, f"你单位{request}及有关材料收悉。根据{MEASURES_CITED}和专家（第三方咨询机构）评审意见，经研究，现将有关事项批复如下：")  # fmt: skip
    build_body(doc, data)
    add_paragraph(doc, "", indent=False)
    if data.kind != "expert":
        add_paragraph(doc, f"附件：{attachment_name(data.kind)}")
        add_paragraph(doc, "", indent=False)
    signer = "评审专家组" if data.kind == "expert" else ISSUER
    # GB/T 9704 7.3.5: 成文日期右空四字, 署名 centred above it
    signed = add_paragraph(doc, signer, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    signed.paragraph_format.right_indent = Pt(max(0, 64 - (len(signer) - 7) * 8))
    dated = add_paragraph(doc, chinese_date(data.today), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)  # fmt: skip
    dated.paragraph_format.right_indent = Pt(64)
    if data.kind != "expert":
        add_estimate_table(doc, data)
    return doc


# --------------------------------------------------------------------------- user templates


def template_paragraphs(doc: DocxDocument) -> Iterator[Paragraph]:
    """Body paragraphs, table cells (nested too), headers and footers."""

    def walk(container: object) -> Iterator[Paragraph]:
        yield from container.paragraphs  # type: ignore[attr-defined]
        for table in container.tables:  # type: ignore[attr-defined]
            for row in table.rows:
                for cell in row.cells:
                    yield from walk(cell)

    yield from walk(doc)
    for section in doc.sections:
        for part in (section.header, section.footer, section.first_page_header,
                     section.first_page_footer, section.even_page_header, section.even_page_footer):  # fmt: skip
            if not part.is_linked_to_previous:
                yield from walk(part)


def fill_paragraph(paragraph: Paragraph, values: dict[str, str]) -> None:
    """Replace placeholders keeping the first run's formatting (fonts, size, colour, bold)."""
    replaced = PLACEHOLDER.sub(lambda m: values.get(m.group(1).strip(), m.group(0)), paragraph.text)
    first = paragraph.runs[0] if paragraph.runs else None
    rpr = copy.deepcopy(first._element.rPr) if first is not None and first._element.rPr is not None else None  # fmt: skip
    for run in list(paragraph.runs):
        run._element.getparent().remove(run._element)
    run = paragraph.add_run(sanitize_text(replaced, "template paragraph"))
    if rpr is not None:
        run._element.insert(0, rpr)
    fonts = run._element.get_or_add_rPr().find(qn("w:rFonts"))
    east_asia = fonts.get(qn("w:eastAsia")) if fonts is not None else None
    if not east_asia:  # the template gave no East-Asian font: its Latin one, or 仿宋
        set_fonts(run._element.get_or_add_rPr(), run.font.name or BODY_FONT)
    if run.font.size is None:
        run.font.size = Pt(16)


def fill_template(template: Path, data: OpinionData) -> DocxDocument:
    """Replace {{占位符}} in a user template; a paragraph holding only {{正文}} becomes the points."""
    doc = new_document(str(template))
    values = data.fields()  # sanitized in opinion_data, and the filled paragraph again
    for paragraph in list(template_paragraphs(doc)):
        if paragraph.text.strip() == "{{正文}}":
            scratch = new_document()
            build_body(scratch, data)
            for new in scratch.paragraphs:
                paragraph._p.addprevious(new._p)
            paragraph._p.getparent().remove(paragraph._p)
        elif "{{" in paragraph.text:
            fill_paragraph(paragraph, values)
    return doc


# --------------------------------------------------------------------------- writer


def render_opinion(data: OpinionData, *, anchor: str, template: Path | None = None) -> bytes:
    """The document's bytes: the default layout, or `template` filled; `anchor` (the audit
    head as text, app.services.anchors) goes into its comments (dc:description).

    Bytes rather than a file: a draft's file is written inside the transaction that records
    its audit entry (app.services.opinions.write_opinion)."""
    doc = fill_template(Path(template), data) if template else build_default(data)
    if data.draft:
        mark_draft(doc)
    doc.core_properties.title = data.title
    doc.core_properties.author = "ReviewDesk"
    doc.core_properties.comments = anchor
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
