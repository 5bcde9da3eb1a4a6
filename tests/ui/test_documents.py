"""File → Export / Import from the GUI: plan tables, locked targets, submission import dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QMessageBox

from app.services import atomic
from app.ui.main_window import MainWindow


def test_export_menu_writes_every_plan_table(window: MainWindow, tmp_path: Path) -> None:
    assert len(window.export_menu.actions()) >= 4
    window.ctx.set_year(2027)
    for kind in ("list", "plan", "rolling", "reconciliation"):
        out = window.documents.export_plan(kind, path=tmp_path / f"{kind}.xlsx")
        assert out is not None and load_workbook(out).active.max_row > 3


def test_locked_target_offers_retry_and_keeps_old_file(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"old contents")

    def locked(*_a: object) -> None:
        raise PermissionError(13, "in use")

    monkeypatch.setattr(atomic.os, "replace", locked)
    monkeypatch.setattr(atomic, "LOCK_RETRY_SECONDS", 0.0)
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)  # user closes the dialog: cancel
    assert window.documents.export_plan("plan", path=target) is None
    assert target.read_bytes() == b"old contents"


def test_submission_template_then_import_with_problems(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    template = window.documents.write_template(path=tmp_path / "t.xlsx")
    assert template is not None
    wb = load_workbook(template)
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    good = {
        "项目名称": "江津区测试导入项目",
        "建设单位": "重庆市江津区大数据发展局",
        "建设性质": "新建",
        "总投资（万元）": 100,
        "申报年度": 2027,
    }
    bad = dict(good, 项目名称="江津区另一个项目", 建设单位="不存在的单位")
    for row, values in ((2, good), (3, bad)):
        for column, header in enumerate(headers, start=1):
            if header in values:
                ws.cell(row=row, column=column, value=values[header])
    wb.save(template)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    before = window.projects_tab.model.rowCount()
    report = window.documents.import_submissions(path=template, dialog_choice="cancel")
    assert report is not None and getattr(report, "issues", None)
    assert window.projects_tab.model.rowCount() == before  # nothing imported
    result = window.documents.import_submissions(path=template, dialog_choice="valid")
    assert getattr(result, "created", 0) == 1
    assert window.projects_tab.model.rowCount() == before + 1


def test_checklist_pdf_from_the_menu(window: MainWindow, tmp_path: Path) -> None:
    window.ctx.project_selected.emit(5)
    out = window.documents.export_checklist("dossier", path=tmp_path / "c.pdf")
    assert out is not None and out.read_bytes().startswith(b"%PDF")


def test_opinion_from_the_menu(window: MainWindow, tmp_path: Path) -> None:
    from docx import Document

    window.ctx.project_selected.emit(12)
    out = window.documents.export_opinion("one_step", path=tmp_path / "o.docx")
    assert out is not None and "批复" in "".join(p.text for p in Document(str(out)).paragraphs)


def test_project_context_menu_offers_the_documents(window: MainWindow) -> None:
    actions = window.projects_tab.view.actions()
    assert window.documents.opinion_actions["one_step"] in actions
    assert window.documents.checklist_actions["dossier"] in actions


def test_a_reply_reads_its_projects_findings_not_the_whole_store(
    qtbot: object, window: MainWindow, boundary: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reply's gate and requirements read the project's findings, current: it read every
    finding of the store (500,000 at 100,000 projects: seconds and hundreds of MB per reply)."""
    from docx import Document

    from app.services.kept_view import KeptView
    from tests.ui.desk import select_project

    def everything(_self: KeptView) -> list[object]:
        raise AssertionError("a reply read every finding of the store")

    monkeypatch.setattr(KeptView, "all", everything)
    select_project(qtbot, window, "一网通办")
    window.documents.opinion_actions["one_step"].trigger()
    written = boundary.saves()[-1].answer  # type: ignore[attr-defined]
    assert "批复" in "".join(p.text for p in Document(written).paragraphs)
