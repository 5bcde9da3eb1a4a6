"""The second reading's fields through the real window (issue 17): the project form's cloud,
procurement, supervision, assessment and change fields, the item editor's refusal of 不适用 and
the technical review's departments, the acceptance form's Art 14 items, Tools → Rule settings,
and the review form's Art 14 ¶3 question."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QSpinBox,
)
from sqlalchemy import select

from app.models import Document
from app.rules.facts import DocKind, DocStatus, ReviewDepartment
from app.services.rule_settings import load_rule_settings
from app.services.snapshot import read_project
from app.ui.main_window import MainWindow

from .test_dossier_tab import codes, open_project, project_id
from .test_roles_ui import reviewer_window  # noqa: F401 - the reviewer's window fixture


def when_modal(act: Callable[[], None]) -> QTimer:
    """Run `act` once a modal dialog is open (polled: the action may run events before exec())."""
    timer = QTimer()
    timer.setInterval(20)

    def poll() -> None:
        if isinstance(QApplication.activeModalWidget(), QDialog):
            timer.stop()
            act()

    timer.timeout.connect(poll)
    timer.start()
    return timer


def in_dialog(qtbot: Any, trigger: Callable[[], object], fill: Callable[[QDialog], None]) -> None:
    """Open a modal dialog through the real action, fill it, press its real OK button."""
    done: list[object] = []

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            done.append(f"no dialog open: {dialog!r}")
            return
        try:
            fill(dialog)
            box = dialog.findChild(QDialogButtonBox)
            box.button(QDialogButtonBox.StandardButton.Ok).click()
            done.append(not dialog.isVisible() or "the dialog refused the input")
        except Exception as exc:  # reported below: the dialog must close, or exec() never returns
            done.append(repr(exc))
        if dialog.isVisible():
            QDialog.reject(dialog)  # no "Discard changes?" (a nested modal)

    timer = when_modal(act)
    trigger()
    timer.stop()
    qtbot.waitUntil(lambda: bool(done))
    assert done == [True], done


def edit_project(
    window: MainWindow, qtbot: Any, name: str, fill: Callable[[QDialog], None]
) -> None:
    window.show_tab("projects")
    window.ctx.project_selected.emit(project_id(window, name))
    in_dialog(qtbot, window.projects_tab.edit_action.trigger, fill)


def all_codes(window: MainWindow, name: str) -> list[str]:
    pid = project_id(window, name)
    return [f.code for f in window.ctx.findings() if f.project_id == pid and f.open]


def combo(dialog: QDialog, name: str, data: object) -> None:
    box = dialog.findChild(QComboBox, name)
    assert box is not None, name
    box.setCurrentIndex(box.findData(data))


def test_cloud_is_yes_no_or_not_recorded(window: MainWindow, qtbot: Any) -> None:
    name = "江津区智慧教育云平台"  # deployment not recorded in the demo
    assert "DOS-CLOUD" in all_codes(window, name)
    edit_project(window, qtbot, name, lambda d: combo(d, "on_gov_cloud", "yes"))
    assert "DOS-CLOUD" not in all_codes(window, name)
    assert read_project(window.ctx.store, project_id(window, name))[0].on_gov_cloud is True  # type: ignore[union-attr]
    edit_project(window, qtbot, name, lambda d: combo(d, "on_gov_cloud", "unrecorded"))
    assert "DOS-CLOUD" in all_codes(window, name)
    assert read_project(window.ctx.store, project_id(window, name))[0].on_gov_cloud is None  # type: ignore[union-attr]


def test_procurement_method_and_date_clear_con_procure(window: MainWindow, qtbot: Any) -> None:
    name = "江津区应急指挥综合平台"
    facts = read_project(window.ctx.store, project_id(window, name))[0]
    assert facts is not None and facts.contract_signed_on is not None
    assert "CON-PROCURE" in all_codes(window, name)

    def fill(dialog: QDialog) -> None:
        combo(dialog, "procurement_method", "open_tender")
        field = dialog.findChild(QLineEdit, "procurement_on")
        field.setText((facts.contract_signed_on + timedelta(days=1)).isoformat())  # type: ignore[operator]

    # a procurement after the contract is refused beside its field
    in_dialog_refused(window, qtbot, name, fill, "procurement_on")

    def fill_ok(dialog: QDialog) -> None:
        combo(dialog, "procurement_method", "open_tender")
        dialog.findChild(QLineEdit, "procurement_on").setText((facts.contract_signed_on - timedelta(days=20)).isoformat())  # type: ignore[operator]  # fmt: skip

    edit_project(window, qtbot, name, fill_ok)
    assert "CON-PROCURE" not in all_codes(window, name)


def in_dialog_refused(window: MainWindow, qtbot: Any, name: str, fill: Callable[[QDialog], None], field: str) -> None:  # fmt: skip
    seen: list[str] = []

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            seen.append("")
            return
        try:
            fill(dialog)
            dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
            seen.append(dialog.errors[field].text())  # type: ignore[attr-defined]
        except Exception as exc:
            seen.append("")
            raise AssertionError(repr(exc)) from exc
        finally:
            if dialog.isVisible():
                QDialog.reject(dialog)  # no "Discard changes?" (a nested modal)

    window.ctx.project_selected.emit(project_id(window, name))
    timer = when_modal(act)
    window.projects_tab.edit_action.trigger()
    timer.stop()
    qtbot.waitUntil(lambda: bool(seen))
    assert seen[0], f"no message beside {field}"


def test_supervision_reason_and_change_approval_in_the_form(window: MainWindow, qtbot: Any) -> None:
    name = "江津区区域卫生信息平台"  # investment raised, no approved change
    assert "CON-CHANGE" in all_codes(window, name)
    total = read_project(window.ctx.store, project_id(window, name))[0].total_investment_yuan  # type: ignore[union-attr]

    def note_only(dialog: QDialog) -> None:
        dialog._add_row(
            "changes", ("2026-06-01", "增加检查检验互认接口", str(total / 10_000), "", "")
        )  # type: ignore[attr-defined]

    edit_project(window, qtbot, name, note_only)
    assert "CON-CHANGE" in all_codes(window, name)  # a note is not an approval

    def approved(dialog: QDialog) -> None:
        table = dialog.changes  # type: ignore[attr-defined]
        table.item(0, 3).setText("2026-06-20")
        table.item(0, 4).setText("江津发改投〔2026〕88号")

    edit_project(window, qtbot, name, approved)
    assert "CON-CHANGE" not in all_codes(window, name)
    facts = read_project(window.ctx.store, project_id(window, name))[0]
    assert facts is not None and facts.changes[0].approved_on == date(2026, 6, 20)

    service = "江津区政务外网安全防护服务"  # 购买服务 with a reasoned 不适用 in the demo
    assert "CON-SUPERVISION" not in all_codes(window, service)
    edit_project(window, qtbot, service, lambda d: d.findChild(QLineEdit, "supervision_na_reason").setText(""))  # fmt: skip
    assert "CON-SUPERVISION" in all_codes(window, service)


def test_assessment_dates_in_the_form_clear_om_assess(window: MainWindow, qtbot: Any) -> None:
    name = "江津区人口基础信息库"  # 密评 15 months ago
    assert "OM-ASSESS" in all_codes(window, name)
    edit_project(window, qtbot, name, lambda d: d.findChild(QLineEdit, "crypto_assessed_on").setText("2026-10-01"))  # fmt: skip
    assert "OM-ASSESS" not in all_codes(window, name)


def test_item_editor_never_offers_not_applicable_for_a_prerequisite(window: MainWindow) -> None:
    open_project(window, "江津区智慧养老服务平台")
    tab = window.dossier_tab
    offered = lambda: [tab.editor.status.itemData(i) for i in range(tab.editor.status.count())]  # noqa: E731
    tab.select_item("data_catalogue")
    assert DocStatus.NOT_APPLICABLE not in offered()
    tab.select_item("share_feedback")
    assert DocStatus.NOT_APPLICABLE in offered()
    tab.select_item("crypto_plan")
    assert DocStatus.NOT_APPLICABLE not in offered()


def test_a_stored_not_applicable_prerequisite_is_shown_as_missing_with_why(
    window: MainWindow,
) -> None:
    name = "江津区智慧养老服务平台"
    pid = project_id(window, name)
    with window.ctx.store.write() as session:  # a record from an older database
        doc = session.scalar(select(Document).where(Document.project_id == pid, Document.kind == DocKind.CRYPTO_PLAN))  # fmt: skip
        assert doc is not None
        doc.status, doc.na_reason = DocStatus.NOT_APPLICABLE, "系统不涉及密码"
    window.ctx.data_changed.emit()
    open_project(window, name)
    tab = window.dossier_tab
    assert "DOS-CRYPTOPLAN" in codes(window)
    tab.select_item("crypto_plan")
    assert tab.editor.note.isVisibleTo(tab.editor) and "系统不涉及密码" in tab.editor.note.text()
    assert tab.editor.status.currentData() == DocStatus.MISSING
    assert tab.items["crypto_plan"].status == DocStatus.MISSING
    tab.editor.submitted_button.click()  # record its real status
    assert "DOS-CRYPTOPLAN" not in codes(window)


def test_departments_of_the_technical_review_are_ticked_on_the_evaluation(
    window: MainWindow,
) -> None:
    open_project(window, "江津区网格化社会治理平台")
    tab = window.dossier_tab
    assert "APV-REVIEWERS" in codes(window)
    tab.select_item("evaluation.dept.secrecy")  # a department selects its document
    assert tab.editor.kind == DocKind.EVALUATION
    for department in ReviewDepartment:
        tab.editor.part_checks[("department", department.value)].setChecked(True)
    tab.editor.save_button.click()
    assert "APV-REVIEWERS" not in codes(window)
    assert tab.items["evaluation.dept.secrecy"].status == DocStatus.SUBMITTED
    window.undo_action.trigger()
    assert "APV-REVIEWERS" in codes(window)


def test_acceptance_form_records_integration_and_sharing(window: MainWindow) -> None:
    window.show_tab("acceptance")
    window.ctx.project_selected.emit(project_id(window, "江津区城市运行监测预警平台"))
    form = window.acceptance_tab.acceptance_form
    review = [f for f in window.ctx.findings() if f.code == "ACC-REVIEW" and f.project_id == form.project_id]  # fmt: skip
    assert review[0].severity.value == "warning"
    assert form.reviewed_integration.isChecked() and not form.reviewed_sharing.isChecked()
    form.reviewed_sharing.setChecked(True)
    form.save_button.click()
    review = [f for f in window.ctx.findings() if f.code == "ACC-REVIEW" and f.project_id == form.project_id]  # fmt: skip
    assert review[0].severity.value == "info"


def test_rule_settings_from_the_tools_menu(window: MainWindow, qtbot: Any) -> None:
    name = "江津区人口基础信息库"  # 密评 15 months ago: stale at 12 months, not at 24
    assert "OM-ASSESS" in all_codes(window, name)
    assert window.rule_settings_action in window.tools_menu.actions()

    def fill(dialog: QDialog) -> None:
        dialog.findChild(QSpinBox, "assessment_period_months").setValue(24)

    in_dialog(qtbot, window.rule_settings_action.trigger, fill)
    assert "OM-ASSESS" not in all_codes(window, name)
    with window.ctx.store.read() as session:
        assert load_rule_settings(session)["assessment_period_months"] == 24


def test_rule_settings_are_read_only_for_a_reviewer(request: Any, qtbot: Any) -> None:
    reviewer = request.getfixturevalue("reviewer_window")
    seen: list[tuple[bool, bool]] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            box = dialog.findChild(QSpinBox, "assessment_period_months")
            ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
            seen.append((box.isEnabled(), ok.isEnabled()))
        finally:
            seen.append(("closed",)) if not seen else None
            if dialog is not None:
                QDialog.reject(dialog)  # no "Discard changes?" (a nested modal)

    timer = when_modal(look)
    reviewer.rule_settings_action.trigger()
    timer.stop()
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [(False, False)]


def test_review_form_asks_the_art14_open_data_question(window: MainWindow) -> None:
    from app.services.editing import load_review

    pid = project_id(window, "江津区智慧养老服务平台")
    open_project(window, "江津区智慧养老服务平台")
    form = window.dossier_tab.review_form
    form.show_project(pid)
    combo_box = form.answers["art14_open_data"]
    combo_box.setCurrentIndex(combo_box.findData("no"))
    form.comments["art14_open_data"].setPlainText("健康数据仅向合作企业开放")
    form.save_button.click()
    with window.ctx.store.read() as session:
        review = load_review(session, pid)
    assert review.answers["art14_open_data"] == "no"
    assert review.comments["art14_open_data"] == "健康数据仅向合作企业开放"


def test_acceptance_tab_says_whether_the_acceptance_came_in_time(window: MainWindow) -> None:
    window.show_tab("acceptance")
    tab = window.acceptance_tab
    window.ctx.project_selected.emit(project_id(window, "江津区建筑工地扬尘监测系统"))
    assert "days late" in tab.facts_label.text()  # organized 10 days after the due date
    late = [f for f in window.ctx.findings() if f.code == "ACC-DUE" and f.project_id == tab.acceptance_form.project_id]  # fmt: skip
    assert [f.severity.value for f in late] == ["error"]
    window.ctx.project_selected.emit(project_id(window, "江津区城市运行监测预警平台"))
    assert "in time" in tab.facts_label.text() and "overdue" not in tab.facts_label.text()
