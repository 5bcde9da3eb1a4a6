"""Findings where the user works (issue 11, problem 3): every tab showing a project shows its
findings with severity, article and message, and every finding the engine emits on the demo is
listed on some tab, so the project list's counts can be traced to their messages."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from app.rules.catalogue import CODES, RULES
from app.services.budget import FUNDING_CODES
from app.ui.models.findings_table import FINDING_ROLE
from app.ui.models.project_table import SEVERITY_COLUMNS, ProjectTableModel
from app.ui.tabs.budget_tab import PROJECT_ROLE

from .interact import click_index, click_project, project_list_index, tree_index

#: the budget tab's findings column (its last)
COL_FINDINGS = 7


def test_every_code_of_the_catalogue_has_a_home_tab() -> None:
    from app.ui.finding_tabs import home_tab, tabs_for

    for code in CODES:
        assert home_tab(code) in ("dossier", "budget", "acceptance"), code
        # the budget tab's pane lists exactly the codes its rows carry
        assert ("budget" in tabs_for(code)) == code.startswith(FUNDING_CODES), code


def test_budget_rows_show_severity_title_and_a_tooltip_with_article_and_message(
    window: Any, qtbot: Any
) -> None:
    pid = click_project(qtbot, window, "江津区劳动保障监察信息系统")
    window.year_combo.setCurrentIndex(window.year_combo.findData(2027))
    window.show_tab("budget")
    tab = window.budget_tab
    cell = tree_index(tab.model, PROJECT_ROLE, pid, COL_FINDINGS)
    shown = cell.data()
    assert "BUD-MISMATCH" not in shown  # no raw code: what a person reads
    assert "Error" in shown and RULES["BUD-MISMATCH"].title_en in shown
    finding = next(f for f in window.ctx.findings() if f.code == "BUD-MISMATCH")
    tooltip = cell.data(Qt.ItemDataRole.ToolTipRole)
    assert "Art. 10" in tooltip and finding.message_en in tooltip


def test_budget_findings_pane_lists_the_selected_rows_findings(window: Any, qtbot: Any) -> None:
    window.year_combo.setCurrentIndex(window.year_combo.findData(2027))
    window.show_tab("budget")
    tab = window.budget_tab
    mismatch = next(f for f in window.ctx.findings() if f.code == "BUD-MISMATCH")
    click_index(qtbot, tab.view, tree_index(tab.model, PROJECT_ROLE, mismatch.project_id))
    model = tab.findings_model
    shown = [model.finding(r) for r in range(model.rowCount())]
    assert mismatch in shown
    row = shown.index(mismatch)
    assert model.index(row, 1).data() == "Error"
    assert model.index(row, 2).data() == "Art. 10"
    assert model.index(row, 4).data() == mismatch.message_en
    assert tab.findings_view.isVisible()


def test_project_list_counts_carry_their_messages(window: Any) -> None:
    """Hovering a count shows the findings it counts: severity, article and message."""
    datacat = next(f for f in window.ctx.findings() if f.code == "DOS-DATACAT")
    index = project_list_index(
        window, datacat.project_name, ProjectTableModel.FIRST_SEVERITY + SEVERITY_COLUMNS.index(datacat.severity)
    )  # fmt: skip
    assert index.data() == 1
    tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert datacat.message_en in tooltip and "Art. 14" in tooltip and "Blocker" in tooltip


def test_double_click_on_a_count_opens_the_tab_listing_those_findings(window: Any, qtbot: Any) -> None:  # fmt: skip
    archive = next(f for f in window.ctx.findings() if f.code == "ACC-ARCHIVE" and f.open)
    index = project_list_index(
        window, archive.project_name, ProjectTableModel.FIRST_SEVERITY + SEVERITY_COLUMNS.index(archive.severity)
    )  # fmt: skip
    click_index(qtbot, window.projects_tab.view, index, double=True)
    assert window.current_tab() == "acceptance"
    model = window.acceptance_tab.findings_model
    assert archive in [model.finding(r) for r in range(model.rowCount())]


def shown_on_tabs(window: Any) -> list[Any]:
    """The findings listed in the findings panes of the project tabs, for the current project."""
    shown: list[Any] = []
    for key in ("dossier", "acceptance", "budget"):
        window.show_tab(key)
        model = window.tab_widgets[key].findings_model
        shown += [model.index(r, 0).data(FINDING_ROLE) for r in range(model.rowCount())]
    return shown


def test_every_finding_of_the_demo_is_listed_on_some_tab(window: Any, qtbot: Any) -> None:
    findings = window.ctx.findings()
    assert {f.code for f in findings} >= {"BUD-MISMATCH", "BUD-NOPLAN", "PLAN-OVERESTIMATE"}
    by_project: dict[str, list[Any]] = {}
    for f in findings:
        by_project.setdefault(f.project_name, []).append(f)
    missing = []
    for name, expected in by_project.items():
        click_project(qtbot, window, name)
        shown = shown_on_tabs(window)
        missing += [f"{f.code} {name}" for f in expected if f not in shown]
    assert not missing, missing
