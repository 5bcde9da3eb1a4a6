"""One current project across all tabs and docks (issue 11, problems 4 and 6): selecting a
project anywhere makes it current everywhere, each tab's header names it, and an in-place edit
on the budget tab keeps the money trail on the edited project."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from app.ui.models.findings_table import FINDING_ROLE
from app.ui.tabs.budget_tab import COL_BUDGET, PROJECT_ROLE

from .interact import click_index, click_project, tree_index


def budget_row_of(window: Any, name: str) -> Any:
    tab = window.budget_tab
    matches = tab.model.match(tab.model.index(0, 0), Qt.ItemDataRole.DisplayRole, name, 1,
                              Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)  # fmt: skip
    assert matches, name
    return matches[0]


def test_a_row_selected_on_the_budget_tab_is_current_on_every_tab(window: Any, qtbot: Any) -> None:  # fmt: skip
    click_project(qtbot, window, "江津区智慧养老服务平台")
    window.year_combo.setCurrentIndex(window.year_combo.findData(2027))
    window.show_tab("budget")
    name = "江津区劳动保障监察信息系统"
    click_index(qtbot, window.budget_tab.view, budget_row_of(window, name))
    assert name in window.budget_tab.current.text()
    assert name in window.budget_tab.trail.text()
    window.show_tab("dossier")
    assert name in window.dossier_tab.header.text()
    window.show_tab("acceptance")
    assert name in window.acceptance_tab.header.text()
    window.show_tab("projects")
    assert window.projects_tab.current_project_id() == window.ctx.current_project_id
    window.history_dock.show()
    assert window.history_dock.project_id == window.ctx.current_project_id


def test_an_in_place_edit_keeps_the_money_trail_on_the_edited_project(window: Any, qtbot: Any) -> None:  # fmt: skip
    click_project(qtbot, window, "江津区智慧养老服务平台")  # another project was current
    window.year_combo.setCurrentIndex(window.year_combo.findData(2027))
    window.show_tab("budget")
    tab = window.budget_tab
    name = "江津区劳动保障监察信息系统"
    pid = budget_row_of(window, name).data(PROJECT_ROLE)
    cell = tree_index(tab.model, PROJECT_ROLE, pid, COL_BUDGET)
    click_index(qtbot, tab.view, cell, double=True)  # opens the editor on the budget amount
    editor = tab.view.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "420")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tree_index(tab.model, PROJECT_ROLE, pid, COL_BUDGET).data() == "420.00")
    assert window.ctx.current_project_id == pid
    assert name in tab.trail.text() and "420.00" in tab.trail.text()
    assert name in tab.current.text()
    assert tab.view.currentIndex().data(PROJECT_ROLE) == pid


def test_selecting_a_deadline_or_an_expert_result_makes_its_project_current(window: Any, qtbot: Any) -> None:  # fmt: skip
    window.show_tab("deadlines")
    view, model = window.deadlines_tab.view, window.deadlines_tab.model
    finding = model.index(0, 0).data(FINDING_ROLE)
    click_index(qtbot, view, model.index(0, 4))
    assert window.ctx.current_project_id == finding.project_id
    assert finding.project_name in window.deadlines_tab.current.text()
    window.show_tab("experts")
    results = window.experts_tab.results
    last = results.rowCount() - 1
    click_index(qtbot, results, results.model().index(last, 0))
    name = results.item(last, 0).text()
    assert name in window.experts_tab.current.text()
    window.show_tab("dossier")
    assert name in window.dossier_tab.header.text()


def test_each_tab_names_the_current_project_in_its_header(window: Any, qtbot: Any) -> None:
    pid = click_project(qtbot, window, "江津区生态环境监测监控平台")
    code = window.projects_tab.model.row_at(window.projects_tab.model.row_of(pid)).code
    headers = {
        "dossier": lambda: window.dossier_tab.header.text(),
        "budget": lambda: window.budget_tab.current.text(),
        "acceptance": lambda: window.acceptance_tab.header.text(),
        "deadlines": lambda: window.deadlines_tab.current.text(),
        "experts": lambda: window.experts_tab.current.text(),
    }
    for key, text in headers.items():
        window.show_tab(key)
        assert "江津区生态环境监测监控平台" in text() and code in text(), key


def test_clicking_the_row_already_current_still_selects_its_project(window: Any, qtbot: Any) -> None:  # fmt: skip
    """Qt makes the first row current without a click: clicking it later changes no current
    row, and the project must be selected all the same."""
    window.show_tab("deadlines")
    view, model = window.deadlines_tab.view, window.deadlines_tab.model
    view.setCurrentIndex(model.index(0, 4))
    finding = model.index(0, 0).data(FINDING_ROLE)
    other = next(r for r in range(window.projects_tab.model.rowCount())
                 if window.projects_tab.model.row_at(r).id != finding.project_id)  # fmt: skip
    click_project(qtbot, window, window.projects_tab.model.row_at(other).name)
    window.show_tab("deadlines")
    assert view.currentIndex().row() == 0
    click_index(qtbot, view, model.index(0, 4))
    assert window.ctx.current_project_id == finding.project_id


def test_a_click_on_a_count_keeps_the_table_where_it_is(window: Any, qtbot: Any) -> None:
    """Selecting a project scrolled the list back to its name column: a click on a count at
    the right of a narrow window jumped the table under the mouse (and a double-click missed)."""
    from app.ui.models.project_table import ProjectTableModel

    from .interact import project_list_index

    window.resize(640, 600)
    view = window.projects_tab.view
    index = project_list_index(
        window, "江津区智慧养老服务平台", ProjectTableModel.FIRST_SEVERITY + 3
    )
    click_index(qtbot, view, index)
    scrolled = view.horizontalScrollBar().value()
    assert scrolled > 0
    assert view.currentIndex().column() == index.column()
    assert view.horizontalScrollBar().value() == scrolled
