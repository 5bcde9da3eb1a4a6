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
