"""Forms and states that explain themselves (issue 11, problems 7, 8, 9, 10): dates typed the
way people write them, 取消 asks before discarding, the review form roomy with its save button in
view and the reviewer's name filled in, the derived 「纳入年度项目清单」 row the same in list and
editor, acceptance not yet due, an empty rolling plan that says why."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from app.services.editing import load_acceptance
from app.ui.dialogs.project_form import ProjectForm

from .interact import click_index, click_project, tree_index, type_text

FORMS = ("2026-12-01", "2026/12/1", "2026.12.1", "2026年12月1日", "20261201", "２０２６／１２／１")


@pytest.mark.parametrize("text", FORMS)
def test_one_parser_reads_every_form_people_write(text: str) -> None:
    from app.rules.dates import parse_date

    assert parse_date(text) == date(2026, 12, 1)


def test_the_parser_tells_a_wrong_day_from_a_wrong_form() -> None:
    from app.rules.dates import DateFormatError, parse_date

    with pytest.raises(DateFormatError) as no_day:
        parse_date("2026/2/30")
    assert no_day.value.no_such_day
    with pytest.raises(DateFormatError) as no_form:
        parse_date("1.12.2026")
    assert not no_form.value.no_such_day


def test_the_excel_import_reads_dates_with_the_same_parser() -> None:
    """What a form accepts the import accepts: the import has no date patterns of its own."""
    import inspect

    from app.services import ledger_table, submission_import

    for module in (submission_import, ledger_table):  # the department workbook, any ledger
        source = inspect.getsource(module)
        assert "from app.rules.dates import" in source and "_DATE_PATTERNS" not in source, module
    assert 're.compile(r"(\\d{4})' not in inspect.getsource(submission_import)


def acceptance_form(window: Any, qtbot: Any, name: str) -> Any:
    click_project(qtbot, window, name)
    window.show_tab("acceptance")
    tab = window.acceptance_tab
    tab.side.setCurrentWidget(tab.acceptance_form)
    return tab.acceptance_form


@pytest.mark.parametrize("typed", ["2026/10/8", "2026年10月8日", "20261008"])
def test_a_date_field_accepts_what_the_import_accepts(window: Any, qtbot: Any, typed: str) -> None:  # fmt: skip
    form = acceptance_form(window, qtbot, "江津区就业创业服务平台")
    form.organized.clear()
    type_text(qtbot, form.organized, typed)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.error.isHidden(), form.error.text()
    with window.ctx.store.read() as session:
        assert load_acceptance(session, form.project_id).organized_on == date(2026, 10, 8)
    assert form.organized.text() == "2026-10-08"  # shown back in one form


def test_a_bad_date_is_explained_in_the_ui_language(window: Any, qtbot: Any, chinese: None) -> None:  # fmt: skip
    form = acceptance_form(window, qtbot, "江津区就业创业服务平台")
    form.organized.clear()
    qtbot.keyClicks(form.organized, "2026/13/1")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "不存在" in form.error.text()
    form.organized.clear()
    type_text(qtbot, form.organized, "下周一")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "不是日期" in form.error.text() and "2026/12/1" in form.error.text()
    assert QApplication.focusWidget() is form.organized or not form.isActiveWindow()


def test_project_form_dates_and_approval_cells_accept_the_same_forms(window: Any, qtbot: Any) -> None:  # fmt: skip
    form = ProjectForm(window.ctx)
    qtbot.addWidget(form)
    type_text(qtbot, form.name, "江津区日期测试平台")
    qtbot.keyClicks(form.total, "100")
    qtbot.keyClicks(form.dates["planned_completion_on"], "2027.6.30")
    form._add_row("approvals", ("one_step", "2026年3月1日", "20260320", "100", "", "", "", "", ""))
    value, problems = form.collect()
    assert not problems and value is not None
    assert value.planned_completion_on == date(2027, 6, 30)
    assert (value.approvals[0].applied_on, value.approvals[0].approved_on) == (date(2026, 3, 1), date(2026, 3, 20))  # fmt: skip


def test_cancel_with_unsaved_edits_asks_before_discarding(window: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    pid = click_project(qtbot, window, "江津区智慧养老服务平台")
    form = ProjectForm(window.ctx, pid)
    qtbot.addWidget(form)
    form.show()
    cancel = form.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel)
    asked: list[str] = []
    answer = QMessageBox.StandardButton.Cancel
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[1]) or answer)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)  # nothing typed: closes, no question
    assert not asked and not form.isVisible()
    form = ProjectForm(window.ctx, pid)
    qtbot.addWidget(form)
    form.show()
    cancel = form.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel)
    type_text(qtbot, form.name, "（改）")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert asked and form.isVisible()  # kept open: the edit is still there
    assert form.name.text().endswith("（改）")
    answer = QMessageBox.StandardButton.Discard
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert len(asked) == 2 and not form.isVisible()
    assert (
        window.projects_tab.model.row_at(window.projects_tab.model.row_of(pid)).name
        == "江津区智慧养老服务平台"
    )


def test_review_form_is_roomy_prefilled_and_its_save_button_always_in_view(window: Any, qtbot: Any) -> None:  # fmt: skip
    window.ctx.store.actor = "王审核"  # the name given at first start
    window.resize(1366, 768)
    click_project(qtbot, window, "江津区智慧养老服务平台")
    window.show_tab("dossier")
    tab = window.dossier_tab
    tab.side.setCurrentWidget(tab.review_form)
    form = tab.review_form
    QApplication.processEvents()
    assert form.reviewer.text() == "王审核"
    comment = next(iter(form.comments.values()))
    assert comment.height() >= 3 * comment.fontMetrics().lineSpacing()
    assert comment.width() >= 0.6 * form.scroll.viewport().width()
    assert form.opinion.height() >= 6 * form.opinion.fontMetrics().lineSpacing()
    # the save button is outside the scrolled body: in view whatever the scroll position
    assert not form.scroll.widget().isAncestorOf(form.save_button)
    form.scroll.verticalScrollBar().setValue(0)
    top_left = form.save_button.mapTo(window, QPoint(0, 0))
    assert window.rect().contains(top_left) and form.save_button.isVisible()
    type_text(qtbot, comment, "依据充分。\n有区委文件。")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    form.show_project(form.project_id)
    assert form.reviewer.text() == "王审核"
    assert next(iter(form.comments.values())).toPlainText() == "依据充分。\n有区委文件。"


def test_the_list_row_reads_the_same_in_the_checklist_and_the_editor(window: Any, qtbot: Any) -> None:  # fmt: skip
    from app.ui.tabs.dossier_tab import KEY_ROLE

    click_project(qtbot, window, "江津区生态环境监测监控平台")
    window.show_tab("dossier")
    tab = window.dossier_tab
    row = tree_index(tab.tree_model, KEY_ROLE, "list")
    status = row.sibling(row.row(), 2).data()
    assert status == "Approved/passed"
    assert row.sibling(row.row(), 4).data() == ""  # 文号: no years in it
    assert "2026" in row.sibling(row.row(), 5).data()  # the years are said where they belong
    click_index(qtbot, tab.tree, row)
    assert tab.editor.status.currentText() == status


def test_acceptance_of_a_project_in_approval_is_not_due_not_missing(window: Any, qtbot: Any) -> None:  # fmt: skip
    click_project(qtbot, window, "江津区生态环境监测监控平台")  # S2 审批
    window.show_tab("acceptance")
    tab = window.acceptance_tab
    statuses = {tab.tree_model.index(r, 2).data() for r in range(tab.tree_model.rowCount())}
    assert "Missing" not in statuses and "Not yet due" in statuses
    assert tab.not_due_label.isVisible() and "not due" in tab.not_due_label.text()
    click_project(qtbot, window, "江津区就业创业服务平台")  # completed: the materials are owed
    window.show_tab("acceptance")
    statuses = {tab.tree_model.index(r, 2).data() for r in range(tab.tree_model.rowCount())}
    assert "Not yet due" not in statuses and not tab.not_due_label.isVisible()


def test_an_empty_rolling_plan_says_why_and_how_to_fill_it(window: Any, qtbot: Any) -> None:
    window.year_combo.setCurrentIndex(window.year_combo.findData(2026))
    window.show_tab("budget")
    tab = window.budget_tab
    tab.views.setCurrentIndex(1)
    assert tab.rolling_empty.isVisible()
    text = tab.rolling_empty.text()
    assert "2026" in text and "Art 8" in text and "import-json" in text
    assert "2027–2029" in text
    qtbot.mouseClick(tab.rolling_button, Qt.MouseButton.LeftButton)
    assert window.ctx.year == 2027 and window.year_combo.currentData() == 2027
    assert not tab.rolling_empty.isVisible() and tab.rolling_model.rowCount() > 1


def test_the_reviewer_window_reads_in_the_ui_language(qtbot: Any, demo_store: Any, tmp_path: Any) -> None:  # fmt: skip
    """An English reviewer saw 项目编码, 建设性质 新建 and 已提交 in the project's facts."""
    from app.services.experts import list_rounds
    from app.services.packages import export_round_packages
    from app.ui.reviewer_window import open_reviewer

    with demo_store.read() as session:
        confirmed = [r.id for r in list_rounds(session) if r.confirmed]
    package = export_round_packages(demo_store, confirmed[-1], tmp_path)[0]
    reviewer = open_reviewer(package)
    assert reviewer is not None
    qtbot.addWidget(reviewer)
    text = reviewer.facts.toPlainText()
    assert "Project code" in text and "Dossier checklist" in text and "Submitted" in text
    # (the 不适用 reasons travel in Chinese only: the package format has no English for them)
    assert "Construction type" in text and "New" in text
    assert not [w for w in ("项目编码", "已提交", "审批材料核查表", "总投资") if w in text], text


def test_o_and_m_is_not_shown_as_om_with_an_accelerator(window: Any) -> None:
    """Group box titles and form labels take "&M" for an accelerator: "O&M" read "OM"."""
    from PySide6.QtWidgets import QLabel

    from app.ui.dialogs.project_form import ProjectForm

    box = window.acceptance_tab.acceptance_form.om_box
    assert box.title().startswith("O&&M")
    form = ProjectForm(window.ctx)
    labels = [w.text() for w in form.findChildren(QLabel) if "O&" in w.text()]
    assert labels and all("O&&M" in text for text in labels)
