"""The full round trip: a round with two experts on two demo projects, two packages out,
filled in reviewer mode through the widgets, both imported, aggregates and Word checked."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from app.crypto import fingerprint
from app.services.group_opinion import round_opinions, write_group_opinion, write_scores_xlsx
from app.services.opinion_gate import Draft, OpinionRefused
from app.services.packages import export_round_packages, merge_return, read_package
from app.ui.reviewer_window import ReviewerWindow, open_reviewer
from tests.review.helpers import make_round
from tests.review.test_packages import TODAY

#: expert → project → (scores in rubric order, conclusion, suggested 万元, opinion)
ANSWERS = {
    0: {2: ((90, 80, 70, 60, 80, 90), "agree", "1500", "建议补充数据共享清单"),
        3: ((60, 60, 50, 40, 50, 60), "agree_revise", "500", "压缩硬件投资")},
    1: {2: ((80, 70, 60, 70, 60, 80), "agree", "1600", "=HYPERLINK(\"x\")"),
        3: ((30, 40, 20, 30, 40, 30), "reject", "", "重复建设，不予同意")},
}  # fmt: skip


def fill(qtbot: Any, window: ReviewerWindow, answers: dict[int, Any]) -> None:
    for row in range(window.projects.count()):
        window.projects.setCurrentRow(row)
        project_id = window.projects.item(row).data(Qt.ItemDataRole.UserRole)
        scores, conclusion, wan, opinion = answers[project_id]
        form = window.form
        assert window.facts.toPlainText().startswith(window.workspace.project(project_id)["name"])
        assert window.facts.isReadOnly()
        form.answers["art8_basis"].setCurrentIndex(form.answers["art8_basis"].findData("yes"))
        form.comments["art8_basis"].setPlainText("依据较充分")
        form.chapters["sec"].setCurrentIndex(form.chapters["sec"].findData("weak"))
        form.chapter_comments["sec"].setPlainText("缺少等保测评安排")
        for spin, score in zip(form.scores.values(), scores, strict=True):
            spin.setValue(score)
        form.conclusion.setCurrentIndex(form.conclusion.findData(conclusion))
        qtbot.keyClicks(form.suggested, wan)
        form.opinion.setPlainText(opinion)
        qtbot.mouseClick(window.save_button, Qt.MouseButton.LeftButton)
        assert window.error.isHidden()
        assert window.projects.item(row).text().startswith("✓")


def test_round_trip(qtbot: Any, demo_store: Any, tmp_path: Path, monkeypatch: Any) -> None:
    round_id, experts = make_round(demo_store, (2, 3), register=False)
    packages = export_round_packages(demo_store, round_id, tmp_path / "out", today=TODAY)
    assert len(packages) == 2
    returns = []
    drc_folder = os.environ["REVIEWDESK_DATA_DIR"]
    for index, package in enumerate(packages):
        monkeypatch.setenv("REVIEWDESK_DATA_DIR", str(tmp_path / f"expert-{index}"))  # their laptop
        assert read_package(package).expert_id == experts[index]
        window = open_reviewer(package)
        assert window is not None
        qtbot.addWidget(window)
        assert window.projects.count() == 2
        fill(qtbot, window, ANSWERS[index])
        window.close()
        # reopened: the answers were kept in the draft beside the package in the data folder
        again = open_reviewer(package)
        qtbot.addWidget(again)
        assert again.form.scores["necessity"].value() == ANSWERS[index][2][0][0]
        returns.append(again.export_return(tmp_path / f"back-{index}.rdpkg"))
        again.close()
    monkeypatch.setenv("REVIEWDESK_DATA_DIR", drc_folder)
    for path in returns:  # first returns: the DRC confirms each expert's fingerprint by phone
        merge_return(demo_store, path, trust_key=fingerprint(read_package(path).issuer_key))

    with demo_store.read() as session:
        _rnd, opinions = round_opinions(session, round_id)
    first, second = opinions
    assert [e.total for e in first.experts] == [Decimal("79.00"), Decimal("70.50")]
    assert first.mean == Decimal("74.75") and first.spread == Decimal("8.50")
    assert first.criterion_mean("necessity") == Decimal("85.00")
    assert first.conclusion == "agree" and first.dissenters == []
    assert first.suggested_yuan == 15_500_000  # median of 1500 and 1600 万元
    assert second.conclusion == "reject"  # a tie goes to the more cautious conclusion
    assert [e.dissent for e in second.experts] == [True, False]
    assert second.suggested_yuan == 5_000_000

    with pytest.raises(OpinionRefused):  # the second project's majority does not agree
        write_group_opinion(demo_store, round_id, tmp_path / "意见.docx", today=TODAY)
    draft = Draft("专家组复议前内部讨论")
    docx_path = write_group_opinion(demo_store, round_id, tmp_path / "意见.docx", today=TODAY, draft=draft)  # fmt: skip
    doc = Document(str(docx_path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "关于江津区智慧教育云平台的专家评审意见" in text
    assert "加权总分平均74.75分，极差8.50分" in text
    assert "专家组意见：同意（2名专家中2名）" in text
    assert "专家建议项目总投资1,550.00万元" in text
    assert "持不同意见：王建国专家意见为“原则同意，修改后报批”" in text
    assert "建设依据是否充分（第8条）：2名专家认为是" in text and "安全" in text
    assert "建议补充数据共享清单" in text
    for paragraph in doc.paragraphs:
        for run in paragraph.runs:
            fonts = run._element.rPr.find(qn("w:rFonts"))
            assert fonts is not None and fonts.get(qn("w:eastAsia"))

    xlsx = write_scores_xlsx(demo_store, round_id, tmp_path / "评分.xlsx")
    ws = load_workbook(xlsx).active
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    expert_rows = [r for r in rows if r[3] in ("王建国", "李梅")]
    assert len(expert_rows) == 4
    assert expert_rows[0][5:11] == [90, 80, 70, 60, 80, 90]
    formula = next(c for row in ws.iter_rows() for c in row if c.value == '=HYPERLINK("x")')
    assert formula.data_type == "s" and formula.quotePrefix
