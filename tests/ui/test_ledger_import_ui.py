"""File → 导入: an existing ledger and an edited plan table, through the real window.

Only the operating system's dialogs (QFileDialog / QMessageBox statics) are replaced."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import select

from app.models import PlanLine, Project
from app.services.plan_tables import write_plan
from tests.services import ledger_files
from tests.ui.conftest import TODAY


def menu_action(window: Any, text: str) -> Any:
    """The Import menu's action whose text starts with `text` (what the user clicks)."""
    found = [a for a in window.import_menu.actions() if a.text().startswith(text)]
    assert len(found) == 1, [a.text() for a in window.import_menu.actions()]
    return found[0]


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    seen: dict[str, Any] = {"open": None, "info": [], "warning": []}
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(seen["open"]), ""))
    monkeypatch.setattr(
        QMessageBox, "information", lambda _p, title, text, *a, **k: seen["info"].append(text)
    )
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _p, title, text, *a, **k: seen["warning"].append(text)
    )
    return seen


def names_in_list(window: Any) -> set[str]:
    model = window.projects_tab.model
    return {model.row_at(r).name for r in range(model.rowCount())}


def test_a_ledger_is_mapped_previewed_and_imported_from_the_menu(
    qtbot, window, dialogs, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    ledger_files.merged_wan(tmp_path / "台账.xlsx")
    dialogs["open"] = tmp_path / "台账.xlsx"
    menu_action(window, "Import an existing ledger").trigger()
    dialog = window.ledger_actions.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.preview_table.rowCount() == 4
    assert dialog.preview_table.item(0, 2).text() == "台账智慧警务平台"
    assert (
        dialog.tabs.tabText(1) == "Skipped rows (6)" and dialog.tabs.tabText(2) == "New units (1)"
    )
    # the user decides not to import the 备注 column (L)
    remark_box = dialog.mapping_box(11)
    assert remark_box.currentData() == "remark"
    remark_box.setCurrentIndex(remark_box.findData(""))
    qtbot.waitUntil(lambda: not dialog._timer.isActive())
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert dialogs["info"] and "4 project(s) created" in dialogs["info"][0]
    qtbot.waitUntil(lambda: "台账智慧警务平台" in names_in_list(window))
    with window.ctx.store.read() as s:
        remark = s.scalar(select(Project.remark).where(Project.name == "台账视频监控扩容"))
    assert remark == ""


def test_problems_are_listed_and_only_the_valid_rows_on_request(
    qtbot, window, dialogs, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    ledger_files.merged_wan(tmp_path / "台账.xlsx")
    wb = load_workbook(tmp_path / "台账.xlsx")
    wb.active["E7"] = "八百万"
    wb.save(tmp_path / "台账.xlsx")
    dialogs["open"] = tmp_path / "台账.xlsx"
    menu_action(window, "Import an existing ledger").trigger()
    dialog = window.ledger_actions.dialog
    assert not dialog.import_button.isEnabled() and dialog.valid_button.isEnabled()
    assert dialog.problem_table.item(0, 0).text() == "2024年台账!E7"
    assert dialog.tabs.currentIndex() == 0
    qtbot.mouseClick(dialog.valid_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "台账视频监控扩容" in names_in_list(window))
    assert "台账智慧警务平台" not in names_in_list(window)


def test_an_unreadable_file_is_refused_with_a_message(window, dialogs, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "x.xlsx").write_bytes(b"PK\x03\x04 broken")
    dialogs["open"] = tmp_path / "x.xlsx"
    menu_action(window, "Import an existing ledger").trigger()
    assert window.ledger_actions.dialog is None
    assert dialogs["warning"] and dialogs["warning"][0]


def edited_plan(window: Any, path: Path) -> tuple[str, str]:
    write_plan(window.ctx.store, 2027, "plan", path, today=TODAY)
    wb = load_workbook(path)
    ws = wb.active
    rows = [r for r in range(1, ws.max_row + 1) if isinstance(ws.cell(r, 1).value, int)]
    first, second = ws.cell(rows[0], 2).value, ws.cell(rows[1], 2).value
    ws.cell(rows[0], 7).value = 1000
    ws.cell(rows[1], 7).value = 2000
    wb.save(path)
    return first, second


def plan_amount(window: Any, name: str) -> int:
    with window.ctx.store.read() as s:
        return int(
            s.scalar(
                select(PlanLine.amount_yuan)
                .join(Project)
                .where(Project.name == name, PlanLine.year == 2027)
            )
        )


def test_an_edited_plan_table_comes_back_as_a_change_list_and_one_undo_step(
    qtbot, window, dialogs, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    first, second = edited_plan(window, tmp_path / "计划表.xlsx")
    before_second = plan_amount(window, second)
    dialogs["open"] = tmp_path / "计划表.xlsx"
    menu_action(window, "Import an edited plan table").trigger()
    dialog = window.ledger_actions.dialog
    table = dialog.change_table
    assert table.rowCount() == 2 and dialog.tabs.tabText(0) == "Changes (2)"
    # the user unticks the second project's change
    row = next(r for r in range(2) if table.item(r, 1).text() == second)
    rect = table.visualItemRect(table.item(row, 0))
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.left() + 10, rect.center().y())
    )
    assert table.item(row, 0).checkState() == Qt.CheckState.Unchecked
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert plan_amount(window, first) == 10_000_000
    assert plan_amount(window, second) == before_second
    assert "1 change(s) applied" in window.statusBar().currentMessage()
    before_first = None
    window.undo_action.trigger()
    before_first = plan_amount(window, first)
    assert before_first != 10_000_000
    window.redo_action.trigger()
    assert plan_amount(window, first) == 10_000_000


def test_the_import_menu_in_chinese(window, chinese) -> None:  # type: ignore[no-untyped-def]
    from app.ui.ledger_actions import LedgerActions

    actions = LedgerActions(window.ctx, window)
    assert actions.ledger_action.text() == "导入已有台账（Excel、WPS、CSV）…"
    assert actions.plan_action.text() == "导入修改后的计划表…"


def test_a_plan_table_without_its_title_asks_for_the_year(
    qtbot, window, dialogs, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QInputDialog

    edited_plan(window, tmp_path / "计划表.xlsx")
    wb = load_workbook(tmp_path / "计划表.xlsx")
    ws = wb.active
    for row in ws.iter_rows(min_row=1, max_row=2):
        for cell in row:
            if cell.coordinate in ("A1", "N2"):
                cell.value = None  # the title and 「单位：万元」 are cleared
    wb.save(tmp_path / "计划表.xlsx")
    asked: list[str] = []
    monkeypatch.setattr(
        QInputDialog, "getInt", lambda _p, title, *a, **k: (asked.append(title), (2027, True))[1]
    )
    dialogs["open"] = tmp_path / "计划表.xlsx"
    menu_action(window, "Import an edited plan table").trigger()
    dialog = window.ledger_actions.dialog
    assert asked == ["Year of the plan table"]
    assert dialog is not None and dialog.reading.year == 2027 and len(dialog.reading.changes) == 2
