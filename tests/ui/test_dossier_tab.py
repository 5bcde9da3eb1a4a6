"""Dossier tab: editing an item updates the findings at once; undo restores; bad input is refused."""

from __future__ import annotations

from datetime import date

from PySide6.QtTest import QAbstractItemModelTester

from app.rules.facts import DocStatus
from app.ui.main_window import MainWindow

TODAY = date(2026, 11, 25)


def project_id(window: MainWindow, name: str) -> int:
    model = window.projects_tab.model
    return next(model.row_at(r).id for r in range(model.rowCount()) if model.row_at(r).name == name)


def codes(window: MainWindow) -> list[str]:
    model = window.dossier_tab.findings_model
    return [model.finding(r).code for r in range(model.rowCount())]


def open_project(window: MainWindow, name: str) -> None:
    window.ctx.project_selected.emit(project_id(window, name))
    window.show_tab("dossier")


def test_mark_item_submitted_removes_its_finding_and_undo_restores(window: MainWindow) -> None:
    open_project(window, "江津区智慧养老服务平台")
    tab = window.dossier_tab
    QAbstractItemModelTester(tab.tree_model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    assert "DOS-DATACAT" in codes(window)
    tab.select_item("data_catalogue")
    assert tab.editor.kind is not None and tab.editor.kind.value == "data_catalogue"
    tab.editor.mark_submitted()
    assert "DOS-DATACAT" not in codes(window)
    assert tab.items["data_catalogue"].status == DocStatus.SUBMITTED
    assert tab.selected_item_key() == "data_catalogue"  # the selection survives the refresh
    window.undo_action.trigger()
    assert "DOS-DATACAT" in codes(window)
    window.redo_action.trigger()
    assert "DOS-DATACAT" not in codes(window)


def test_ticking_chapters_clears_chapter_findings(window: MainWindow) -> None:
    open_project(window, "江津区生态环境监测监控平台")
    tab = window.dossier_tab
    assert {"DOS-CH-SEC", "DOS-CH-INTENSIVE"} <= set(codes(window))
    tab.select_item("fsr.ch.sec")  # a chapter selects its document in the editor
    assert tab.editor.kind is not None and tab.editor.kind.value == "fsr"
    tab.editor.part_checks[("chapter", "sec")].setChecked(True)
    assert tab.editor.save()
    assert "DOS-CH-SEC" not in codes(window)
    assert "DOS-CH-INTENSIVE" in codes(window)


def test_not_applicable_needs_a_reason(window: MainWindow) -> None:
    open_project(window, "江津区智慧养老服务平台")
    tab = window.dossier_tab
    tab.select_item("share_feedback")
    editor = tab.editor
    editor.status.setCurrentIndex(editor.status.findData(DocStatus.NOT_APPLICABLE))
    depth = window.ctx.undo_stack.count()
    assert not editor.save()
    assert (
        editor.error.isVisibleTo(editor) and "理由" in editor.error.text()
    ) or "reason" in editor.error.text()
    assert window.ctx.undo_stack.count() == depth
    editor.reason.setText("本系统不使用共享数据")
    assert editor.save()
    assert "DOS-SHARE-MECH" not in codes(window)


def test_wrong_date_format_is_refused_beside_the_field(window: MainWindow) -> None:
    open_project(window, "江津区智慧养老服务平台")
    tab = window.dossier_tab
    tab.select_item("data_catalogue")
    tab.editor.status.setCurrentIndex(tab.editor.status.findData(DocStatus.SUBMITTED))
    tab.editor.submitted.setText("2026/13/01")
    assert not tab.editor.save()
    assert "there is no date '2026/13/01'" in tab.editor.error.text()  # month 13
    tab.editor.submitted.setText("13.01.2026")
    assert not tab.editor.save()
    assert "is not a date; write it as 2026-12-01" in tab.editor.error.text()
    assert "DOS-DATACAT" in codes(window)


def test_review_form_computes_reduction_and_saves(window: MainWindow) -> None:
    open_project(window, "江津区智慧养老服务平台")
    form = window.dossier_tab.review_form
    form.declared.setText("700")
    form.reviewed.setText("620")
    assert "80.00" in form.reduction.text() and "11.43%" in form.reduction.text()
    form.conclusion.setCurrentIndex(form.conclusion.findData("agree_revise"))
    form.answers["art8_basis"].setCurrentIndex(form.answers["art8_basis"].findData("yes"))
    form.opinion.setPlainText("建议补充数据资源目录。")
    assert form.save()
    assert "EST-REDUCTION" in codes(window)
    form.show_project(form.project_id)
    assert form.conclusion.currentData() == "agree_revise"
    assert form.answers["art8_basis"].currentData() == "yes"
    form.reviewed.setText("800")
    assert not form.save()  # reviewed above declared


def test_an_edit_updates_the_findings_at_once_evaluating_only_what_it_touches(
    window: MainWindow,
) -> None:
    """The kept findings: marking a document submitted re-evaluates the edited project (and
    what depends on it) before the edit returns; nothing is evaluated in full."""
    open_project(window, "江津区智慧养老服务平台")
    tab = window.dossier_tab
    counts_before = window.projects_tab.model.counts(tab.project.id)
    tab.select_item("data_catalogue")
    tab.editor.mark_submitted()
    assert window.ctx.findings_known
    assert "DOS-DATACAT" not in codes(window)  # the project's own findings, at once
    assert "DUP-SIMILAR" in codes(window)  # its duplicates, kept
    refreshed = window.ctx.last_refresh
    assert refreshed is not None and not refreshed.full and 1 <= refreshed.evaluated <= 3
    assert window.projects_tab.model.counts(tab.project.id).blockers == counts_before.blockers - 1
