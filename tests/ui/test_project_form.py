"""Project form: every problem beside its field; create, edit (path follows 3000 万元), delete with undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.rules.checklists import dossier_checklist
from app.services.snapshot import read_project
from app.ui.dialogs.project_form import ProjectForm
from app.ui.main_window import MainWindow
from app.ui.models.project_table import ProjectTableModel

from .test_dossier_tab import project_id


def row_of(window: MainWindow, name: str) -> int | None:
    model = window.projects_tab.model
    return next((r for r in range(model.rowCount()) if model.row_at(r).name == name), None)


def test_all_problems_are_shown_beside_their_fields(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    form = ProjectForm(window.ctx)
    qtbot.addWidget(form)
    form.total.setText("-5")
    form.cross.setChecked(True)
    form.dates["completed_on"].setText("2026-02-30")
    form.money["declared_yuan"].setText("12.345678")
    depth = window.ctx.undo_stack.count()
    form.accept()
    assert form.result() == 0 and window.ctx.undo_stack.count() == depth
    shown = {name for name, label in form.errors.items() if label.text()}
    assert {"total_investment_yuan", "completed_on", "declared_yuan"} <= shown
    form.total.setText("100")
    form.accept()
    shown = {name for name, label in form.errors.items() if label.text()}
    assert {"name", "participant_unit_ids"} <= shown  # validation of the whole value
    assert "problem" in form.summary.text() or "问题" in form.summary.text()


def test_one_step_approval_on_a_major_project_is_refused(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    form = ProjectForm(window.ctx)
    qtbot.addWidget(form)
    form.name.setText("江津区测试重大项目")
    form.total.setText("5000")
    form._add_row("approvals", ("one_step", "2026-03-01", "", "", "", "", "", "", ""))
    form.accept()
    assert form.errors["approvals"].text()


def test_create_edit_threshold_and_delete_with_undo(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    form = ProjectForm(window.ctx)
    qtbot.addWidget(form)
    form.name.setText("江津区新建测试平台")
    form.total.setText("2999.99")
    form._add_row("list_entries", ("2026", "budget", "", "", ""))
    form.accept()
    assert form.saved_id is not None
    new_id = form.saved_id
    assert row_of(window, "江津区新建测试平台") is not None
    assert window.projects_tab.model.total() == 49
    path_column = window.projects_tab.model.index(
        row_of(window, "江津区新建测试平台"), ProjectTableModel.COL_PATH
    ).data()  # type: ignore[arg-type]
    edit = ProjectForm(window.ctx, new_id)
    qtbot.addWidget(edit)
    assert edit.total.text() == "2999.99"
    edit.total.setText("3000.00")
    edit.accept()
    new_path = window.projects_tab.model.index(
        row_of(window, "江津区新建测试平台"), ProjectTableModel.COL_PATH
    ).data()  # type: ignore[arg-type]
    assert new_path != path_column
    # delete a documented demo project, undo brings it back with its dossier
    pid = project_id(window, "江津区智慧养老服务平台")
    before = [(i.key, i.status) for i in dossier_checklist(read_project(window.ctx.store, pid)[0])]  # type: ignore[arg-type]
    window.ctx.project_selected.emit(pid)
    assert window.projects_tab.delete_project(confirm=False)
    assert read_project(window.ctx.store, pid)[0] is None
    window.undo_action.trigger()
    after = [(i.key, i.status) for i in dossier_checklist(read_project(window.ctx.store, pid)[0])]  # type: ignore[arg-type]
    assert after == before
    window.redo_action.trigger()
    assert read_project(window.ctx.store, pid)[0] is None


def test_deleting_a_maintained_system_is_refused(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(str(a[2])))
    pid = project_id(window, "江津区电子政务外网")
    window.ctx.project_selected.emit(pid)
    assert not window.projects_tab.delete_project(confirm=False)
    assert (shown and "运行维护" in shown[0]) or "O&M" in shown[0]
    assert read_project(window.ctx.store, pid)[0] is not None


def test_edit_menu_has_the_project_actions(window: MainWindow) -> None:
    texts = [a.text() for a in window.edit_menu.actions()]
    assert window.projects_tab.add_action.text() in texts
    assert window.projects_tab.add_action.shortcut().toString() == "Ctrl+N"
    assert Qt.ContextMenuPolicy.ActionsContextMenu == window.projects_tab.view.contextMenuPolicy()
