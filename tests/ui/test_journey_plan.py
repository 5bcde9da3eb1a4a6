"""Journey b (issue 11): the DRC prepares year N's plan on the budget tab.

Plan year chosen in the toolbar, the budget tab opened with its shortcut, plan and budget
amounts typed into the cells of the view; the findings and the unit subtotals follow each edit;
the annual investment plan is exported from the menu to the folder the user chose, and the
workbook holds the amounts as typed.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QLineEdit

from app.rules.catalogue import RULES
from app.ui.main_window import MainWindow
from app.ui.tabs.budget_tab import CODES_ROLE, COL_BUDGET, COL_FINDINGS, COL_PLAN, PROJECT_ROLE
from tests.ui.desk import OsBoundary, trigger, type_text

LABOUR = "江津区劳动保障监察信息系统"  # 人社局: plan 420.00, budget 385.00 → BUD-MISMATCH
ONE_NETWORK = "江津区政务服务“一网通办”平台优化"  # 大数据局: plan = budget = 980.00 = 概算
PLAN_FILE = "2027年度江津区政务信息化投资项目计划表.xlsx"


def row_of(window: MainWindow, name: str, column: int) -> QModelIndex:
    model = window.budget_tab.model
    for r in range(model.rowCount()):
        unit = model.index(r, 0)
        for c in range(model.rowCount(unit)):
            if model.index(c, 0, unit).data() == name:
                return model.index(c, column, unit)
    raise AssertionError(f"{name} is not on the budget tab")


def subtotal(window: MainWindow, name: str, column: int) -> str:
    return str(row_of(window, name, column).parent().siblingAtColumn(column).data())


def findings_shown(window: MainWindow, name: str) -> str:
    """What the row's findings cell says (its text and tooltip)."""
    cell = row_of(window, name, COL_FINDINGS)
    return f"{cell.data() or ''} {cell.data(Qt.ItemDataRole.ToolTipRole) or ''}"


def shows(window: MainWindow, name: str, code: str) -> bool:
    """The row carries the finding and says so in words (the rule's title, English UI)."""
    carried = code in str(row_of(window, name, COL_FINDINGS).data(CODES_ROLE) or "")
    said = RULES[code].title_en in findings_shown(window, name)
    assert carried == said, (code, findings_shown(window, name))
    return carried


def type_into_cell(qtbot: Any, window: MainWindow, name: str, column: int, text: str) -> None:
    """Double-click the cell, replace its text, Enter (as a user edits in place)."""
    view = window.budget_tab.view
    index = row_of(window, name, column)
    view.scrollTo(index)
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editors = [e for e in view.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1, "no editor opened on the cell"
    editor = editors[0]
    editor.selectAll()
    type_text(editor, text)
    steps = window.ctx.undo_stack.count()
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.ctx.undo_stack.count() == steps + 1, timeout=5000)  # stored
    assert row_of(window, name, column).data() == text  # as reloaded from the database


def test_drc_prepares_the_plan_on_the_budget_tab_and_exports_it(
    qtbot: Any, window: MainWindow, boundary: OsBoundary, tmp_path: Path
) -> None:
    window.year_combo.setCurrentIndex(window.year_combo.findData(2027))  # toolbar: plan year
    trigger(qtbot, window.tab_actions[2])  # View → Budget vs plan (Ctrl+3)
    assert window.tabs.currentWidget() is window.budget_tab
    assert "2027" in window.budget_tab.title.text()
    assert shows(window, LABOUR, "BUD-MISMATCH")
    assert subtotal(window, LABOUR, COL_BUDGET) == "440.00"  # 385 + 55

    type_into_cell(qtbot, window, LABOUR, COL_BUDGET, "420.00")  # budget now equals the plan
    assert not shows(window, LABOUR, "BUD-MISMATCH")
    assert subtotal(window, LABOUR, COL_BUDGET) == "475.00"

    type_into_cell(qtbot, window, ONE_NETWORK, COL_PLAN, "1,050.00")  # above 概算 980.00
    assert shows(window, ONE_NETWORK, "BUD-MISMATCH") and shows(
        window, ONE_NETWORK, "PLAN-OVERESTIMATE"
    )
    assert row_of(window, ONE_NETWORK, COL_PLAN).data(PROJECT_ROLE) is not None
    window.undo_action.trigger()  # Ctrl+Z: the plan amount as it was
    assert row_of(window, ONE_NETWORK, COL_PLAN).data() == "980.00"
    window.redo_action.trigger()
    assert row_of(window, ONE_NETWORK, COL_PLAN).data() == "1,050.00"

    planning = tmp_path / "计划科" / "2027"
    planning.mkdir(parents=True)
    boundary.save_answers.append(str(planning / PLAN_FILE))
    trigger(qtbot, window.documents.plan_actions["plan"])  # File → Export → Annual investment plan
    assert Path(boundary.saves()[-1].suggested).name == PLAN_FILE
    written = planning / PLAN_FILE
    assert written.exists() and window.saved_notice.path == written
    wb = load_workbook(written)
    ws = wb.active
    assert ws["A1"].value == "2027年度江津区政务信息化投资项目计划表"
    amounts = {}
    for row in ws.iter_rows(values_only=True):
        names = [v for v in row if isinstance(v, str) and v in (LABOUR, ONE_NETWORK)]
        money = [v for v in row if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool)]
        if names:
            amounts[names[0]] = money
    assert Decimal("1050") in [Decimal(str(v)) for v in amounts[ONE_NETWORK]]
    assert Decimal("420") in [Decimal(str(v)) for v in amounts[LABOUR]]


def test_a_background_check_finishing_mid_edit_does_not_lose_the_typing(
    qtbot: Any, window: MainWindow
) -> None:
    """Found by the journey under load: the full re-check after an edit finished while the next
    amount was being typed, reloaded the table under the open editor, and the typing was lost."""
    window.year_combo.setCurrentIndex(window.year_combo.findData(2027))
    trigger(qtbot, window.tab_actions[2])
    view = window.budget_tab.view
    rect = view.visualRect(row_of(window, ONE_NETWORK, COL_PLAN))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor = next(e for e in view.viewport().findChildren(QLineEdit) if e.isVisible())
    editor.selectAll()
    type_text(editor, "990.00")
    window.ctx.findings_ready.emit()  # the background run's result arrives now
    steps = window.ctx.undo_stack.count()
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.ctx.undo_stack.count() == steps + 1, timeout=5000)
    assert row_of(window, ONE_NETWORK, COL_PLAN).data() == "990.00"
