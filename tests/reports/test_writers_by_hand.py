"""The document writers on data built by hand: no database, no store, no session.

Each writer takes the data a service assembled (here: typed by hand) and the audit anchor as a
value, and writes the document; the tests read the result back.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from app.reports.checklist_pdf import ChecklistData, render_checklist_pdf
from app.reports.group_opinion_docx import (
    GroupOpinionData,
    GroupOpinionProject,
    render_group_opinion,
)
from app.reports.opinion_docx import DRAFT_HEADER, OpinionData, render_opinion
from app.reports.plan_xlsx import ListRow, PlanRow, PlanTable, RollingRow, save_plan
from app.reports.scores_xlsx import ScoreLine, ScoreSheet, ScoreSummary, render_scores
from app.reports.submission_columns import SHEET_NAME
from app.reports.submission_xlsx import SubmissionRecord, save_submission
from app.rules.facts import (
    ConstructionType,
    DocKind,
    DocStatus,
    DocumentFacts,
    ListBasis,
    ProjectFacts,
    Severity,
    SubjectType,
)
from app.rules.findings import Finding

ANCHOR = "ReviewDesk audit head 42:" + "ab" * 32
TODAY = date(2026, 12, 2)


def dec(value: object) -> Decimal:
    """A money cell as read back (openpyxl gives int or float) → the exact 万元 written."""
    return Decimal(str(value))


def opinion(**changes: object) -> OpinionData:
    values: dict[str, object] = {
        "kind": "one_step", "project_name": "江津区手工数据平台", "unit_name": "区手工局",
        "number": "江津发改投〔2026〕99号", "request_title": "关于手工数据平台的请示",
        "request_number": "江津手工文〔2026〕1号", "scale": "建设数据平台一套",
        "amount_yuan": 1_234_500, "declared_yuan": 1_300_000, "funding_source": "区级财政资金",
        "period": "12个月", "conditions": ("请补充运行维护方案（《办法》第20条）。",),
        "today": TODAY,
    }  # fmt: skip
    values.update(changes)
    return OpinionData(**values)  # type: ignore[arg-type]


def test_opinion_from_hand_made_data() -> None:
    doc = Document(io.BytesIO(render_opinion(opinion(), anchor=ANCHOR)))
    texts = [p.text for p in doc.paragraphs]
    assert texts[1] == "江津发改投〔2026〕99号"
    assert "关于江津区手工数据平台可行性研究报告及概算的批复" in texts
    assert any("《关于手工数据平台的请示》（江津手工文〔2026〕1号）" in t for t in texts)
    assert any("项目总投资123.45万元" in t for t in texts)
    assert "（1）请补充运行维护方案（《办法》第20条）。" in texts
    assert "2026年12月2日" in texts
    table = doc.tables[0]
    assert [c.text for c in table.rows[1].cells] == ["1", "江津区手工数据平台", "130.00", "123.45", "6.55"]  # fmt: skip
    assert doc.core_properties.comments == ANCHOR
    assert doc.core_properties.title == "关于江津区手工数据平台可行性研究报告及概算的批复"


def test_opinion_draft_from_hand_made_data() -> None:
    data = opinion(
        number="", draft=True, unresolved=("缺数据资源目录，不予审批（《办法》第14条）。",)
    )
    doc = Document(io.BytesIO(render_opinion(data, anchor=ANCHOR)))
    texts = [p.text for p in doc.paragraphs]
    assert "（1）缺数据资源目录，不予审批（《办法》第14条）。" in texts
    assert texts[1] == "江津发改投〔    〕    号"  # a draft has no 文号
    assert doc.sections[0].header.paragraphs[0].text == DRAFT_HEADER
    assert doc.core_properties.title.endswith("（征求意见稿）")


def test_opinion_template_from_hand_made_data(tmp_path: Path) -> None:
    template = Document()
    template.add_paragraph("{{标题}} {{批复金额}}")
    template.add_paragraph("{{正文}}")
    template.save(str(tmp_path / "t.docx"))
    doc = Document(io.BytesIO(render_opinion(opinion(), anchor=ANCHOR, template=tmp_path / "t.docx")))  # fmt: skip
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "关于江津区手工数据平台可行性研究报告及概算的批复 123.45"
    assert texts[1] == "一、项目建设必要性"
    assert doc.core_properties.comments == ANCHOR


def test_checklist_from_hand_made_data() -> None:
    project = ProjectFacts(
        id=7, name="江津区手工核查项目", unit_id=1, type=ConstructionType.NEW,
        total_investment_yuan=2_000_000, code="HAND-007",
        documents=(DocumentFacts(DocKind.FSR, DocStatus.APPROVED, approved_on=date(2026, 5, 6), number="手工批〔2026〕5号"),),
    )  # fmt: skip
    finding = Finding(
        "DOS-DATACAT", Severity.BLOCKER, "14", SubjectType.PROJECT, 7, 7, project.name,
        "缺数据资源目录，不予审批", "no data catalogue",
    )  # fmt: skip
    data = ChecklistData(project, "区手工局", "dossier", (finding,), TODAY, {"fsr": "章节齐全"})
    reader = PdfReader(io.BytesIO(render_checklist_pdf(data, anchor=ANCHOR)))
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "")  # cells wrap
    for expected in ("项目审批材料核查表", "江津区手工核查项目", "HAND-007", "区手工局",
                     "手工批〔2026〕5号", "章节齐全", "DOS-DATACAT", "2026年12月2日"):  # fmt: skip
        assert expected in text, expected
    assert reader.metadata is not None and reader.metadata.subject == ANCHOR
    with pytest.raises(ValueError):
        render_checklist_pdf(ChecklistData(project, "", "nope", (), TODAY), anchor=ANCHOR)


def test_plan_tables_from_hand_made_rows(tmp_path: Path) -> None:
    rows = (
        PlanRow(1, 10, "区甲局", "甲项目", "新建", "内容甲", 5_000_000, 0, 1_500_000,
                0, 500_000, 1_000_000, "目标", "区甲局", "张三", ""),
        PlanRow(2, 10, "区甲局", "乙项目", "续建", "内容乙", 3_000_000, 1_000_000, 2_000_005,
                0, 0, 2_000_005, "", "区甲局", "李四", "备注"),
    )  # fmt: skip
    path = save_plan(PlanTable("plan", 2027, rows, TODAY), tmp_path / "plan.xlsx", anchor=ANCHOR)
    wb = load_workbook(path)
    ws = wb.active
    assert ws.title == "投资计划"
    assert ws["A1"].value == "2027年度江津区政务信息化投资项目计划表"
    assert wb.properties.description == ANCHOR
    assert ws["B6"].value == "区甲局（小计）" and ws["G6"].value == "=SUM(G7:G8)"
    assert [ws.cell(7, 2).value, dec(ws.cell(7, 7).value)] == ["甲项目", Decimal("150")]
    assert [ws.cell(8, 2).value, dec(ws.cell(8, 7).value), ws.cell(8, 14).value] == ["乙项目", Decimal("200.0005"), "备注"]  # fmt: skip
    assert ws.oddFooter.right.text == "导出日期：2026-12-02"

    listed = (ListRow(3, "JJ-1", "丙项目", "区丙局", "新建", "部门年度预算安排", "", 12_345),)
    ws = load_workbook(save_plan(PlanTable("list", 2027, listed, TODAY), tmp_path / "l.xlsx", anchor=ANCHOR)).active  # fmt: skip
    assert [c.value for c in ws[4]][:7] == [1, "丙项目", "JJ-1", "区丙局", "新建", "部门年度预算安排", None]  # fmt: skip
    assert dec(ws["H4"].value) == Decimal("1.2345")

    rolling = (RollingRow(4, "区丁局", "丁项目", "新建", (10_000, 0, 20_000)),)
    ws = load_workbook(save_plan(PlanTable("rolling", 2027, rolling, TODAY), tmp_path / "r.xlsx", anchor=ANCHOR)).active  # fmt: skip
    assert ws["E4"].value == "2027年" and ws["H5"].value == "=SUM(E5:G5)"


def test_submission_from_hand_made_records(tmp_path: Path) -> None:
    record = SubmissionRecord(
        code="HAND-1", name="=手工项目", unit="区手工局", type=ConstructionType.NEW,
        total_yuan=1_000_001, content="内容", year=2027, basis=ListBasis.BUDGET,
        consent_number="", cross_department=False, participants=(), classified=False,
        new_civil_works=False, high_energy=False, on_gov_cloud=True, cloud_justification="",
        implementing_agency="", responsible_person="王五",
        planned_completion_on=date(2027, 6, 30), declared_yuan=None, plan_yuan=500_000,
    )  # fmt: skip
    path = save_submission([record], tmp_path / "s.xlsx", year=2027, anchor=ANCHOR)
    wb = load_workbook(path)
    ws = wb[SHEET_NAME]
    assert wb.properties.description == ANCHOR
    row = [c.value for c in ws[2]]
    assert row[:4] == ["HAND-1", "=手工项目", "区手工局", "新建"]
    assert dec(row[4]) == Decimal("100.0001")
    assert ws["B2"].data_type == "s" and ws["B2"].quotePrefix  # user text, never a formula


def test_group_opinion_from_hand_made_data() -> None:
    project = GroupOpinionProject(
        project_id=9, code="HAND-9", name="手工评审项目", unit="区手工局",
        members=("甲专家（甲大学）", "乙专家"),
        points=(("项目建设必要性", ("两名专家认为有必要。",)), ("评审结论", ("专家组意见：同意。",))),
        unresolved="专家组多数意见为不同意",
    )  # fmt: skip
    data = GroupOpinionData("2026年手工批次", (project,), TODAY, draft=True)
    doc = Document(io.BytesIO(render_group_opinion(data, anchor=ANCHOR)))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "关于手工评审项目的专家评审意见（征求意见稿）"
    assert any(t.startswith("本件为征求意见稿") and "专家组多数意见为不同意" in t for t in texts)
    assert any("2名专家组成专家组（2026年手工批次）" in t and "HAND-9" in t for t in texts)
    assert "一、项目建设必要性" in texts and "二、评审结论" in texts
    assert "专家组成员：甲专家（甲大学）、乙专家" in texts
    assert "2026年12月2日" in texts
    assert doc.sections[0].header.paragraphs[0].text == DRAFT_HEADER
    assert doc.core_properties.comments == ANCHOR
    empty = Document(io.BytesIO(render_group_opinion(GroupOpinionData("空批次", (), TODAY), anchor=ANCHOR)))  # fmt: skip
    assert [p.text for p in empty.paragraphs if p.text] == ["该评审批次没有项目。"]


def test_scores_from_hand_made_lines() -> None:
    line = ScoreLine(1, "HAND-9", "手工评审项目", "甲专家", "甲大学", (80, None), Decimal("81.50"),
                     "同意", True, Decimal("12.5"), "=意见")  # fmt: skip
    summary = ScoreSummary("手工评审项目", (Decimal("80.00"), None), "81.50（0.00）", "同意", None)
    sheet = ScoreSheet("2026年手工批次", (("必要性", 60), ("技术方案", 40)), (((line,), summary),))
    wb = load_workbook(io.BytesIO(render_scores(sheet, anchor=ANCHOR)))
    ws = wb.active
    assert wb.properties.description == ANCHOR
    assert ws["A1"].value == "2026年手工批次 专家评分表"
    assert [c.value for c in ws[2]][5:8] == ["必要性（60%）", "技术方案（40%）", "加权总分"]
    row = [c.value for c in ws[3]]
    assert row[:7] == [1, "HAND-9", "手工评审项目", "甲专家", "甲大学", 80, None]
    assert dec(row[7]) == Decimal("81.5") and row[8:10] == ["同意", "是"]
    assert dec(row[10]) == Decimal("12.5") and ws["L3"].quotePrefix  # text, never a formula
    assert [c.value for c in ws[4]][2:5] == ["手工评审项目", "平均（极差）", None]
    assert ws["H4"].value == "81.50（0.00）"
