"""The project list around the project form: keys, selection after a create, refusals, size.

The form itself (`app.ui.dialogs.project_form.ProjectForm`) is covered in test_project_form.py;
these tests drive it through the projects tab, never blocking on exec().
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QScrollArea
from sqlalchemy import select

from app.models import Project
from app.ui.dialogs.project_form import ProjectForm
from app.ui.main_window import MainWindow

from .test_dossier_tab import project_id


def opened_forms(monkeypatch: pytest.MonkeyPatch, fill=None) -> list[ProjectForm]:  # type: ignore[no-untyped-def]
    """Replace ProjectForm.exec: record the form, optionally fill it and press OK."""
    forms: list[ProjectForm] = []

    def fake_exec(form: ProjectForm) -> int:
        forms.append(form)
        if fill is None:
            return 0
        fill(form)
        form.accept()
        return form.result()

    monkeypatch.setattr(ProjectForm, "exec", fake_exec)
    return forms


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2])
def test_enter_and_f2_edit_the_project_under_the_cursor(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, key: Qt.Key
) -> None:  # type: ignore[no-untyped-def]
    forms = opened_forms(monkeypatch)
    pid = project_id(window, "江津区智慧养老服务平台")
    window.ctx.project_selected.emit(pid)
    view = window.projects_tab.view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, key)
    assert [f.project_id for f in forms] == [pid]
    assert forms[0].name.text() == "江津区智慧养老服务平台"


def test_a_created_project_is_selected_with_its_findings_counted(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    other = project_id(window, "江津区智慧养老服务平台")
    before = window.projects_tab.model.counts(other)
    assert before.total() > 0

    def fill(form: ProjectForm) -> None:
        form.name.setText("江津区新建键盘测试平台")
        form.total.setText("120")
        form._add_row("list_entries", ("2026", "budget", "", "", ""))

    opened_forms(monkeypatch, fill)
    depth = window.ctx.undo_stack.count()
    new_id = window.projects_tab.add_project()
    assert new_id is not None and window.ctx.undo_stack.count() == depth + 1
    assert window.projects_tab.current_project_id() == new_id
    # the findings are counted again in the background: the new one's, and everyone else's
    qtbot.waitUntil(lambda: window.projects_tab.model.counts(new_id).total() > 0)
    assert window.projects_tab.model.counts(other) == before
    qtbot.waitUntil(lambda: "…" not in window.problem_label.text())
    assert window.ctx.undo_stack.undoText().endswith("江津区新建键盘测试平台")


def test_the_delete_confirmation_names_the_project(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def question(*args, **_kwargs):  # type: ignore[no-untyped-def]
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    pid = project_id(window, "江津区智慧养老服务平台")
    window.ctx.project_selected.emit(pid)
    assert not window.projects_tab.delete_project()
    assert "江津区智慧养老服务平台" in asked[0]
    assert window.projects_tab.model.row_of(pid) is not None


def test_refused_delete_names_the_maintaining_project(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(str(a[2])))
    system = project_id(window, "江津区电子政务外网")
    with window.ctx.store.read() as session:
        maintainers = list(
            session.scalars(select(Project.name).where(Project.system_project_id == system))
        )
    assert maintainers
    window.ctx.project_selected.emit(system)
    depth = window.ctx.undo_stack.count()
    assert not window.projects_tab.delete_project(confirm=False)
    assert window.ctx.undo_stack.count() == depth
    assert any(name in shown[0] for name in maintainers), shown


def test_the_form_fits_a_1366_by_768_screen(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    form = ProjectForm(window.ctx, project_id(window, "江津区智慧养老服务平台"))
    qtbot.addWidget(form)
    form.show()
    assert form.width() <= 1366 and form.height() <= 768 - 60  # leave room for the taskbar
    assert form.minimumSizeHint().height() <= 768 - 60
    assert all(isinstance(form.tabs.widget(i), QScrollArea) for i in range(form.tabs.count()))


def test_enter_elsewhere_in_the_window_does_not_open_the_editor(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Enter is the list's key only: typed in the search box or the toolbar's date it opened
    the current project's editor (PySide dropped the shortcut's WidgetShortcut context)."""
    forms = opened_forms(monkeypatch)
    window.ctx.project_selected.emit(project_id(window, "江津区智慧养老服务平台"))
    for field in (window.projects_tab.search, window.today_edit):
        field.setFocus()
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert forms == []
    assert all(s.context() == Qt.ShortcutContext.WidgetShortcut for s in window.projects_tab.enter_shortcuts)  # fmt: skip
