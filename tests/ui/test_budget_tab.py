"""Budget tab: editing a budget amount in place raises BUD-MISMATCH, undo restores it."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtTest import QAbstractItemModelTester

from app.ui.main_window import MainWindow
from app.ui.tabs.budget_tab import CODES_ROLE, COL_BUDGET, COL_FINDINGS, PROJECT_ROLE

from .test_dossier_tab import project_id

TODAY = date(2026, 11, 25)


@pytest.fixture
def budget(window: MainWindow) -> MainWindow:
    window.ctx.set_year(2027)
    window.show_tab("budget")
    return window


def find_row(window: MainWindow, pid: int) -> tuple[int, object]:
    model = window.budget_tab.model
    for r in range(model.rowCount()):
        parent = model.index(r, 0)
        for c in range(model.rowCount(parent)):
            if model.index(c, 0, parent).data(PROJECT_ROLE) == pid:
                return c, parent
    raise AssertionError("row not found")


def row_codes(window: MainWindow, pid: int) -> str:
    row, parent = find_row(window, pid)
    return window.budget_tab.model.index(row, COL_FINDINGS, parent).data(CODES_ROLE)  # type: ignore[arg-type]


def test_editing_budget_amount_raises_mismatch_and_undo_restores(qtbot, budget: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window = budget
    QAbstractItemModelTester(
        window.budget_tab.model, QAbstractItemModelTester.FailureReportingMode.Fatal
    )
    pid = project_id(window, "江津区政务服务“一网通办”平台优化")
    assert "BUD-MISMATCH" not in row_codes(window, pid)
    row, parent = find_row(window, pid)
    item = window.budget_tab.model.itemFromIndex(
        window.budget_tab.model.index(row, COL_BUDGET, parent)
    )  # type: ignore[arg-type]
    item.setText("900.5")
    qtbot.waitUntil(lambda: "BUD-MISMATCH" in row_codes(window, pid))
    row, parent = find_row(window, pid)
    assert window.budget_tab.model.index(row, COL_BUDGET, parent).data() == "900.50"  # type: ignore[arg-type]
    window.undo_action.trigger()
    assert "BUD-MISMATCH" not in row_codes(window, pid)


def test_money_trail_and_rolling_plan(budget: MainWindow) -> None:
    window = budget
    pid = project_id(window, "江津区政务服务“一网通办”平台优化")
    window.ctx.project_selected.emit(pid)
    text = window.budget_tab.trail.text()
    assert "1,097.60" in text and "980.00" in text  # declared → reviewed
    assert window.budget_tab.rolling_model.rowCount() > 1


def test_bad_amount_is_refused_without_change(
    qtbot, budget: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    window = budget
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: shown.append(a[2]))
    pid = project_id(window, "江津区政务服务“一网通办”平台优化")
    depth = window.ctx.undo_stack.count()
    row, parent = find_row(window, pid)
    item = window.budget_tab.model.itemFromIndex(
        window.budget_tab.model.index(row, COL_BUDGET, parent)
    )  # type: ignore[arg-type]
    item.setText("12.345678")
    qtbot.waitUntil(lambda: bool(shown))
    assert shown and window.ctx.undo_stack.count() == depth
    assert "BUD-MISMATCH" not in row_codes(window, pid)


def test_a_year_of_many_projects_shows_its_units_closed_and_opens_them_one_by_one(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """At 100,000 projects a year holds tens of thousands of rows: the tab loaded every project
    whole (minutes, gigabytes). Past OPEN_ALL_ROWS the units show closed with their subtotals
    and a unit's rows are made when it is opened (here the demo with a threshold of 3)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from app.ui.tabs import budget_tab
    from app.ui.tabs.budget_tab import COL_PLAN, UNIT_ROLE

    from .interact import click_index, click_project, type_over

    monkeypatch.setattr(budget_tab, "OPEN_ALL_ROWS", 3)
    name = "江津区政务服务“一网通办”平台优化"
    window.ctx.set_year(2027)
    window.show_tab("budget")
    tab = window.budget_tab
    model, view = tab.model, tab.view
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    units = [model.index(r, 0) for r in range(model.rowCount()) if model.index(r, 0).data(UNIT_ROLE)]  # fmt: skip
    assert len(units) > 1
    assert not any(view.isExpanded(u) for u in units)
    assert not any(model.index(0, 0, u).data(PROJECT_ROLE) for u in units)  # no row made yet
    amount = view.fontMetrics().horizontalAdvance("99,999,999.00")
    assert all(
        view.columnWidth(c) >= amount for c in range(COL_PLAN, COL_FINDINGS)
    )  # not 「5,55…」

    # the keyboard opens a unit: its rows are made, and they add up to its subtotal
    first = units[0]
    first_unit = first.data(UNIT_ROLE)
    click_index(qtbot, view, first)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.isExpanded(first)
    rows = [model.index(r, COL_PLAN, first) for r in range(model.rowCount(first))]
    assert rows and all(r.data(PROJECT_ROLE) for r in rows)
    plan = sum(round(float(r.data().replace(",", "")) * 10_000) for r in rows if r.data() not in ("", "—", None))  # fmt: skip
    assert plan == round(float(first.sibling(first.row(), COL_PLAN).data().replace(",", "")) * 10_000)  # fmt: skip

    # the project chosen in the list is shown in its unit, opened for it
    pid = click_project(qtbot, window, name)
    window.show_tab("budget")
    QApplication.processEvents()
    assert view.currentIndex().data(PROJECT_ROLE) == pid
    unit_of_project = view.currentIndex().parent()
    assert view.isExpanded(unit_of_project)
    units_opened = {first_unit, unit_of_project.data(UNIT_ROLE)}

    # an amount typed in its cell: the tab reloads and the opened units stay open
    row, parent = find_row(window, pid)
    cell = model.index(row, COL_BUDGET, parent)
    click_index(qtbot, view, cell, double=True)
    editor = QApplication.focusWidget()
    type_over(qtbot, editor, "900.5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "BUD-MISMATCH" in row_codes(window, pid))
    opened = {model.index(r, 0).data(UNIT_ROLE) for r in range(model.rowCount()) if view.isExpanded(model.index(r, 0))}  # fmt: skip
    assert units_opened <= opened  # (the model was made again: indexes from before are gone)
    assert find_row(window, pid)[1].data(UNIT_ROLE) in opened


def test_an_amount_typed_reads_the_year_once(
    qtbot, budget: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """An edit's data_changed and its check's findings_ready each reloaded the table: two reads
    of the year per amount typed (seconds each at 100,000 projects). One now."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from app.ui.tabs import budget_tab

    from .interact import click_index, type_over

    reads: list[int] = []
    real = budget_tab.budget_page
    monkeypatch.setattr(budget_tab, "budget_page", lambda *a, **k: reads.append(1) or real(*a, **k))
    window = budget
    pid = project_id(window, "江津区政务服务“一网通办”平台优化")
    row, parent = find_row(window, pid)
    click_index(qtbot, window.budget_tab.view, window.budget_tab.model.index(row, COL_BUDGET, parent), double=True)  # fmt: skip
    editor = QApplication.focusWidget()
    type_over(qtbot, editor, "900.5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "BUD-MISMATCH" in row_codes(window, pid))
    QApplication.processEvents()
    assert window.ctx.findings_known
    assert len(reads) == 1
