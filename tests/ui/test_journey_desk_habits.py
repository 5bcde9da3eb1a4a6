"""Journey f (issue 11): deadlines, a language switch mid-session, undo and redo across tabs.

A double-click on an obligation lands on its project and on the tab that deals with it; the
language is switched from the View menu while working (same tab, project, year and "today"
afterwards); edits made on two tabs are undone and redone with the keyboard from a third.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication

from app.ui.finding_tabs import home_tab
from app.ui.main_window import MainWindow
from app.ui.models.findings_table import FINDING_ROLE
from app.ui.tabs.budget_tab import CODES_ROLE, COL_BUDGET, COL_FINDINGS, PROJECT_ROLE
from app.ui.tabs.dossier_tab import KEY_ROLE
from tests.ui.desk import OsBoundary, trigger

from .interact import click_index, click_project, tick, tree_index, type_over

UPGRADE = "江津区政务服务“一网通办”平台优化"
ECOLOGY = "江津区生态环境监测监控平台"


@pytest.mark.parametrize("code", ["ACC-DUE", "CON-DELAY", "SUP-RECTIFY", "PERF-OVERDUE"])
def test_a_double_click_on_a_deadline_lands_on_its_project_and_tab(qtbot: Any, window: MainWindow, code: str) -> None:  # fmt: skip
    click_project(qtbot, window, ECOLOGY)  # another project is current before
    trigger(qtbot, window.tab_actions[4])
    model = window.deadlines_tab.model
    index = next(model.index(r, 4) for r in range(model.rowCount()) if model.index(r, 0).data(FINDING_ROLE).code == code)  # fmt: skip
    finding = index.data(FINDING_ROLE)
    click_index(qtbot, window.deadlines_tab.view, index, double=True)
    assert window.current_tab() == home_tab(code)
    tab = window.tab_widgets[home_tab(code)]
    assert finding.project_name in tab.header.text()
    listed = [tab.findings_model.finding(r) for r in range(tab.findings_model.rowCount())]
    assert finding in listed  # the obligation is there, with its message


def test_switching_the_language_mid_session_keeps_the_work_in_view(
    qtbot: Any, controller: Any, demo_db: Path, boundary: OsBoundary
) -> None:
    assert controller.open(str(demo_db))
    window = controller.window
    qtbot.addWidget(window)
    window.ctx.wait_for_checks()
    window.today_edit.setDate(QDate(2026, 11, 25))
    pid = click_project(qtbot, window, ECOLOGY)
    window.year_combo.setCurrentIndex(window.year_combo.findData(2027))
    trigger(qtbot, window.tab_actions[2])
    assert window.tabs.tabText(0) == "Projects"

    trigger(qtbot, window.language_actions["zh_CN"])
    chinese = controller.window
    assert chinese is not window
    qtbot.addWidget(chinese)
    assert chinese.tabs.tabText(0) == "项目清单" and chinese.file_menu.title() == "文件(&F)"
    assert chinese.current_tab() == "budget" and chinese.ctx.year == 2027
    assert chinese.ctx.current_project_id == pid and chinese.ctx.today == date(2026, 11, 25)
    assert "当前项目" in chinese.budget_tab.current.text() and ECOLOGY in chinese.budget_tab.current.text()  # fmt: skip
    assert "2027年度" in chinese.budget_tab.title.text()

    trigger(qtbot, chinese.language_actions["en"])
    english = controller.window
    qtbot.addWidget(english)
    assert english.tabs.tabText(0) == "Projects" and english.current_tab() == "budget"
    assert english.ctx.current_project_id == pid


def budget_cell(window: MainWindow, pid: int, column: int) -> Any:
    return tree_index(window.budget_tab.model, PROJECT_ROLE, pid, column)


def test_undo_and_redo_across_tabs_from_the_keyboard(qtbot: Any, window: MainWindow) -> None:
    window.activateWindow()
    QApplication.processEvents()
    # an amount edited in place on the budget tab
    upgrade = click_project(qtbot, window, UPGRADE)
    window.year_combo.setCurrentIndex(window.year_combo.findData(2027))
    trigger(qtbot, window.tab_actions[2])
    click_index(
        qtbot, window.budget_tab.view, budget_cell(window, upgrade, COL_BUDGET), double=True
    )
    type_over(qtbot, window.budget_tab.view.focusWidget(), "900.5")
    qtbot.keyClick(window.budget_tab.view.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: budget_cell(window, upgrade, COL_BUDGET).data() == "900.50")
    assert "BUD-MISMATCH" in budget_cell(window, upgrade, COL_FINDINGS).data(CODES_ROLE)

    # a chapter ticked on the dossier tab of another project
    click_project(qtbot, window, ECOLOGY)
    trigger(qtbot, window.tab_actions[1])
    dossier = window.dossier_tab
    click_index(qtbot, dossier.tree, tree_index(dossier.tree_model, KEY_ROLE, "fsr.ch.intensive"))
    check = dossier.editor.part_checks[("chapter", "intensive")]
    qtbot.waitUntil(check.isVisible)
    tick(qtbot, check)
    qtbot.mouseClick(dossier.editor.save_button, Qt.MouseButton.LeftButton)
    ecology = window.ctx.current_project_id
    assert ecology is not None

    def has(pid: int, code: str) -> bool:
        return any(f.code == code and f.project_id == pid for f in window.ctx.findings())

    assert not has(ecology, "DOS-CH-INTENSIVE")

    # from the project list: Ctrl+Z twice undoes both, newest first; Ctrl+Y redoes
    trigger(qtbot, window.tab_actions[0])
    assert "Undo" in window.undo_action.text()
    qtbot.keyClick(window.projects_tab.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert has(ecology, "DOS-CH-INTENSIVE") and has(upgrade, "BUD-MISMATCH")
    qtbot.keyClick(window.projects_tab.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not has(upgrade, "BUD-MISMATCH")
    qtbot.keyClick(window.projects_tab.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert has(upgrade, "BUD-MISMATCH") and has(ecology, "DOS-CH-INTENSIVE")
    # what each tab shows follows
    trigger(qtbot, window.tab_actions[2])
    assert budget_cell(window, upgrade, COL_BUDGET).data() == "900.50"
    trigger(qtbot, window.tab_actions[1])
    row = tree_index(dossier.tree_model, KEY_ROLE, "fsr.ch.intensive", 2)
    assert row.data() == "Missing"
    qtbot.keyClick(window.projects_tab.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert tree_index(dossier.tree_model, KEY_ROLE, "fsr.ch.intensive", 2).data() == "Submitted"
