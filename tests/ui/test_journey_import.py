"""Journey a (issue 11): the DRC collects the departments' submissions from the menu.

Blank template from File → Import, filled by "the department" in Excel (openpyxl here), then
File → Import → Import department submissions: a clean workbook adds its projects (the list and
the status bar say so); a workbook with errors lists every error at its sheet!cell, the error
list is exported for the department, and nothing in the database changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from app.reports.submission_xlsx import ERROR_LIST_SHEET
from app.services.submission_import import SHEET_NAME
from app.ui.documents import ImportReportDialog
from app.ui.main_window import MainWindow
from tests.dbstate import content_hash
from tests.reliability.import_seeds import COLUMN, valid_record
from tests.ui.desk import OsBoundary, trigger, type_text

TEMPLATE = "2026年度政务信息化项目申报表（空白模板）.xlsx"


def fill(template: Path, target: Path, records: list[dict[str, Any]]) -> Path:
    """What the department does with the template in Excel."""
    wb = load_workbook(template)
    ws = wb[SHEET_NAME]
    for row, record in enumerate(records, start=2):
        for key, value in record.items():
            if value is not None:
                ws.cell(row=row, column=COLUMN[key], value=value)
    wb.save(target)
    return target


def listed(window: MainWindow, text: str) -> list[str]:
    tab = window.projects_tab
    tab.search.clear()
    type_text(tab.search, text)
    name = tab.model.COL_NAME
    return [tab.proxy.index(r, name).data() for r in range(tab.proxy.rowCount())]


def test_drc_imports_a_department_workbook_from_the_menu(
    qtbot: Any, window: MainWindow, boundary: OsBoundary, demo_store: Any, tmp_path: Path
) -> None:
    documents = window.documents
    trigger(qtbot, documents.template_action)  # File → Import → Blank submission template
    template = boundary.folder / TEMPLATE
    assert boundary.saves()[-1].suggested.endswith(TEMPLATE) and template.exists()

    department = tmp_path / "区大数据局"
    department.mkdir()
    clean = fill(
        template, department / "区大数据局2027年申报.xlsx", [valid_record(1), valid_record(2)]
    )
    before = window.projects_tab.model.total()
    count_before = window.count_label.text()
    boundary.open_answers.append(str(clean))
    trigger(qtbot, documents.import_action)  # File → Import → Import department submissions
    assert boundary.file_asks[-1].kind == "open" and boundary.file_asks[-1].filter.endswith("(*.xlsx)")  # fmt: skip
    assert window.projects_tab.model.total() == before + 2
    assert listed(window, "申报测试项目") == ["江津区申报测试项目1", "江津区申报测试项目2"]
    status = window.statusBar().currentMessage()
    assert "区大数据局2027年申报.xlsx" in status and "2 created" in status
    assert (
        window.count_label.text() != count_before and str(before + 2) in window.count_label.text()
    )

    # a second workbook with errors: a unit that does not exist, a negative total
    bad = [dict(valid_record(3), unit="不存在的单位"), dict(valid_record(4), total="-5")]
    broken = fill(template, department / "区大数据局补报（有误）.xlsx", [valid_record(5), *bad])
    seen: dict[str, Any] = {}

    def department_errors(dialog: ImportReportDialog) -> int:
        """The user reads the list, exports it for the department, and cancels the import."""
        dialog.show()
        table = dialog.table
        seen["cells"] = [f"{table.item(r, 0).text()}!{table.item(r, 2).text()}{table.item(r, 1).text()}" for r in range(table.rowCount())]  # fmt: skip
        seen["messages"] = [table.item(r, 3).text() for r in range(table.rowCount())]
        qtbot.mouseClick(dialog.export_errors_button, Qt.MouseButton.LeftButton)
        seen["notice"] = dialog.notice.isVisible() and dialog.notice.label.text()
        dialog.reject()
        return int(dialog.result())

    boundary.dialog_handlers[ImportReportDialog] = department_errors
    state = content_hash(demo_store)
    boundary.open_answers.append(str(broken))
    trigger(qtbot, documents.import_action)
    assert seen["cells"] == [
        f"{SHEET_NAME}!C3",
        f"{SHEET_NAME}!E4",
    ]  # unit of row 3, total of row 4
    assert any("不存在的单位" in m for m in seen["messages"])
    errors = boundary.saves()[-1]
    assert Path(errors.suggested).name == "区大数据局补报（有误） 错误清单.xlsx"
    exported = Path(errors.answer)
    assert seen["notice"] and exported.name in str(seen["notice"])
    wb = load_workbook(exported, read_only=True)
    rows = list(wb[ERROR_LIST_SHEET].iter_rows(values_only=True))
    wb.close()
    header, body = rows[0], rows[1:]
    assert [r[header.index("单元格")] for r in body] == [f"{SHEET_NAME}!C3", f"{SHEET_NAME}!E4"]
    assert all(r[header.index("错误说明")] for r in body)
    assert content_hash(demo_store) == state  # nothing imported, not even the valid row
    assert window.projects_tab.model.total() == before + 2
    assert listed(window, "申报测试项目5") == []
