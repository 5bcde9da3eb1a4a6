"""Journey c (issue 11): a reviewer checks a dossier, then exports its documents.

From the project list (search, click, double-click) to the dossier tab; a finding clicked
selects its checklist item, a chapter is ticked and saved, a file is attached; the review form
is filled with the keyboard and saved; the checklist PDF is exported from the menu, and the 批复
when the approval gate allows it — for 江津区智慧养老服务平台 it does not, and the refusal says
why, updated as the reviewer resolves one of the reasons.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox

from app.ui.dialogs.opinion_gate import OpinionGateDialog
from app.ui.main_window import MainWindow
from app.ui.models.findings_table import FINDING_ROLE
from tests.ui.desk import OsBoundary, select_project, trigger, type_text

ECOLOGY = "江津区生态环境监测监控平台"
ELDERLY = "江津区智慧养老服务平台"


def open_dossier(qtbot: Any, window: MainWindow, name: str) -> None:
    select_project(qtbot, window, name)
    tab = window.projects_tab
    rect = tab.view.visualRect(tab.proxy.index(0, 0))
    qtbot.mouseDClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.tabs.currentWidget() is window.dossier_tab
    assert name in window.dossier_tab.header.text()


def codes(window: MainWindow) -> list[str]:
    model = window.dossier_tab.findings_model
    return [model.index(r, 0).data(FINDING_ROLE).code for r in range(model.rowCount())]


def click_finding(qtbot: Any, window: MainWindow, code: str) -> None:
    view = window.dossier_tab.findings_view
    row = codes(window).index(code)
    rect = view.visualRect(window.dossier_tab.findings_model.index(row, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def choose(qtbot: Any, combo: Any, steps: int) -> None:
    """Pick an entry with the keyboard (Down from the first)."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(steps):
        qtbot.keyClick(combo, Qt.Key.Key_Down)


def test_a_reviewer_checks_a_dossier_and_exports_its_documents(
    qtbot: Any, window: MainWindow, boundary: OsBoundary, tmp_path: Path
) -> None:
    open_dossier(qtbot, window, ECOLOGY)
    tab = window.dossier_tab
    assert {"DOS-CH-SEC", "DOS-CH-INTENSIVE"} <= set(codes(window))

    # the finding leads to its item; tick the chapter, save
    click_finding(qtbot, window, "DOS-CH-SEC")
    assert tab.selected_item_key() == "fsr.ch.sec" and tab.editor.kind is not None
    check = tab.editor.part_checks[("chapter", "sec")]
    assert isinstance(check, QCheckBox) and not check.isChecked()
    qtbot.waitUntil(check.isVisible)  # shown once the editor has laid it out
    qtbot.mouseClick(
        check, Qt.MouseButton.LeftButton, pos=QPoint(6, check.height() // 2)
    )  # the box
    assert check.isChecked()
    steps = window.ctx.undo_stack.count()
    qtbot.mouseClick(tab.editor.save_button, Qt.MouseButton.LeftButton)
    assert window.ctx.undo_stack.count() == steps + 1, tab.editor.error.text()
    assert "DOS-CH-SEC" not in codes(window) and "DOS-CH-INTENSIVE" in codes(window)

    # attach the FSR as received
    received = tmp_path / "生态环境监测监控平台可研报告.pdf"
    received.write_bytes(b"%PDF-1.4\n%%EOF\n")
    boundary.open_answers.append(str(received))
    qtbot.mouseClick(tab.editor.attachments.add_button, Qt.MouseButton.LeftButton)
    assert tab.editor.attachments.filenames() == [received.name]

    # the review form, with the keyboard
    form = tab.review_form
    tab.side.setCurrentWidget(form)
    first_question = next(iter(form.answers.values()))
    choose(qtbot, first_question, 1)  # 是 / Yes
    form.reviewer.clear()
    type_text(form.reviewer, "评审员甲")
    choose(qtbot, form.conclusion, 2)  # 原则同意，修改后报批
    type_text(form.opinion, "补充集约化建设章节后报批。")
    steps = window.ctx.undo_stack.count()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert window.ctx.undo_stack.count() == steps + 1 and not form.error.text()
    form.show_project(form.project_id)  # what is stored comes back
    assert form.reviewer.text() == "评审员甲" and form.conclusion.currentData() == "agree_revise"
    assert form.opinion.toPlainText() == "补充集约化建设章节后报批。"

    # File → Export → dossier checklist (PDF)
    trigger(qtbot, window.documents.checklist_actions["dossier"])
    pdf = Path(boundary.saves()[-1].answer)
    assert pdf.name == f"JJ-2026-005 {ECOLOGY} 项目审批材料核查表.pdf"
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages).replace(" ", "")
    assert ECOLOGY in text and "集约化建设" in text

    # File → Export → 批复: allowed here (no approval blocker, no 不同意)
    trigger(qtbot, window.documents.opinion_actions["one_step"])
    reply = Path(boundary.saves()[-1].answer)
    assert reply.name == f"JJ-2026-005 关于{ECOLOGY}可行性研究报告及概算的批复.docx"
    body = "\n".join(p.text for p in Document(str(reply)).paragraphs)
    assert "原则同意" in body and "征求意见稿" not in body
    assert "缺少“集约化建设”章节" in body and "缺少“网络安全保护措施”章节" not in body
    assert "OpinionGateDialog" not in boundary.dialogs


def test_the_reply_is_refused_with_its_reasons_until_they_are_resolved(
    qtbot: Any, window: MainWindow, boundary: OsBoundary
) -> None:
    seen: list[list[str]] = []

    def read_and_close(dialog: OpinionGateDialog) -> int:
        dialog.show()
        seen.append([dialog.reasons.item(i).text() for i in range(dialog.reasons.count())])
        assert dialog.draft_button.isVisibleTo(dialog)  # DRC staff may draft it
        dialog.reject()
        return int(dialog.result())

    boundary.dialog_handlers[OpinionGateDialog] = read_and_close
    open_dossier(qtbot, window, ELDERLY)
    saves = len(boundary.saves())
    trigger(qtbot, window.documents.opinion_actions["one_step"])
    assert len(seen) == 1 and len(boundary.saves()) == saves  # refused: no save dialog
    assert any("DOS-DATACAT" in r for r in seen[0]) and any("EXPERT-REJECT" in r for r in seen[0])

    # the reviewer records the data catalogue: one reason fewer, the experts' 不同意 remains
    tab = window.dossier_tab
    click_finding(qtbot, window, "DOS-DATACAT")
    qtbot.mouseClick(tab.editor.submitted_button, Qt.MouseButton.LeftButton)
    assert "DOS-DATACAT" not in codes(window)
    trigger(qtbot, window.documents.opinion_actions["one_step"])
    assert len(seen) == 2 and [r.split("(")[-1] for r in seen[1]] == ["Art. 9, EXPERT-REJECT)"]
    assert len(boundary.saves()) == saves
