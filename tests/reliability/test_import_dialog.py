"""IMP-6: a submission with 37 known errors through File → Import, in Chinese (RELIABILITY §3.3).

The problem dialog lists all 37 at their cells, 「导出错误清单」 writes them to an xlsx with an
error column, nothing is imported, and every visible string is the zh_CN translation.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QApplication, QPushButton

from app.models.db import Store
from app.reports.submission_xlsx import ERROR_LIST_SHEET
from app.services.submission_import import SHEET_NAME
from app.ui.app import install_translators
from app.ui.documents import ImportReportDialog
from app.ui.main_window import MainWindow
from tests.dbstate import content_hash
from tests.reliability.import_seeds import (
    LETTER,
    SheetSpec,
    chinese,
    valid_record,
    workbook_parts,
    zip_bytes,
)

#: one bad value per column kind; each makes exactly one issue at its cell
BAD_VALUES = {
    "total": "-5",
    "declared": "一百万",
    "plan_amount": "1.23456",
    "year": "二〇二七年",
    "type": "新建设",
    "basis": "领导要求",
    "cross_department": "也许",
    "classified": "不确定",
    "new_civil_works": "待定",
    "planned_completion_on": "2027-02-30",
    "unit": "不存在的单位",
    "participants": "火星局",
    "name": None,  # a required cell left empty
}
KEYS = list(BAD_VALUES)
ERRORS = 37


def submission_with_errors(path: Path) -> set[str]:
    """13 rows, three errors in each of the first twelve and one in the last: 37 cells."""
    sheet = SheetSpec(SHEET_NAME)
    sheet.header()
    cells: set[str] = set()
    for i in range(13):
        row = i + 2
        record = valid_record(900 + i)
        for k in range(3 if i < 12 else 1):
            key = KEYS[(3 * i + k) % len(KEYS)]
            record[key] = BAD_VALUES[key]
            cells.add(f"{SHEET_NAME}!{LETTER[key]}{row}")
        sheet.put_record(row, record)
    path.write_bytes(zip_bytes(workbook_parts([sheet])))
    assert len(cells) == ERRORS
    return cells


@pytest.fixture
def chinese_ui(qapp: QApplication) -> object:
    translators = install_translators(qapp, "zh_CN")
    assert translators, "reviewdesk_zh_CN.qm did not load"
    yield translators
    install_translators(qapp, "en")


@pytest.mark.reliability
def test_imp6_37_errors_listed_exported_in_chinese_nothing_imported(
    chinese_ui: object,
    qtbot: Any,
    demo_store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = MainWindow(demo_store, today=date(2026, 11, 25))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.ctx.findings_known)  # the start-up check has finished
    source = tmp_path / "申报表-有误.xlsx"
    expected_cells = submission_with_errors(source)
    exported = tmp_path / "错误清单.xlsx"
    seen: dict[str, object] = {}

    def user_looks_and_exports(dialog: ImportReportDialog) -> int:
        """Instead of the modal loop: what the user sees, then 「导出错误清单」, then Cancel."""
        table = dialog.table
        seen["rows"] = table.rowCount()
        seen["cells"] = {
            f"{table.item(r, 0).text()}!{table.item(r, 2).text()}{table.item(r, 1).text()}"
            for r in range(table.rowCount())
        }
        seen["messages"] = [table.item(r, 3).text() for r in range(table.rowCount())]
        headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
        buttons = [b.text() for b in dialog.findChildren(QPushButton)]
        seen["strings"] = [dialog.windowTitle(), *headers, *buttons]
        seen["import_enabled"] = dialog.import_button.isEnabled()
        seen["export_label"] = dialog.export_errors_button.text()
        seen["written"] = dialog.export_errors(path=exported)
        dialog.choice = "cancel"
        return 0

    monkeypatch.setattr(ImportReportDialog, "exec", user_looks_and_exports)
    before = content_hash(demo_store)
    rows_before = window.projects_tab.model.rowCount()
    report = window.documents.import_submissions(path=source)

    messages: list[str] = seen["messages"]  # type: ignore[assignment]
    untranslated = [s for s in seen["strings"] if not chinese(s)]  # type: ignore[attr-defined]
    english = [m for m in messages if not chinese(m)]
    wb = load_workbook(exported, read_only=True)
    ws = wb[ERROR_LIST_SHEET]
    sheet_rows = list(ws.iter_rows(values_only=True))
    wb.close()
    header, body = sheet_rows[0], sheet_rows[1:]
    error_column = header.index("错误说明")
    exported_cells = {row[header.index("单元格")] for row in body}
    rows_written = window.projects_tab.model.rowCount() - rows_before
    print(
        f"IMP-6: errors={ERRORS} shown={seen['rows']} exported={len(body)} "
        f"rows_written={rows_written} db_unchanged={content_hash(demo_store) == before} "
        f"untranslated_strings={len(untranslated)} english_messages={len(english)}"
    )
    assert getattr(report, "issues", None) is not None and len(report.issues) == ERRORS  # type: ignore[attr-defined]
    assert seen["rows"] == ERRORS and seen["cells"] == expected_cells
    assert seen["export_label"] == "导出错误清单…"
    assert seen["import_enabled"] is False  # no valid row to import
    assert seen["written"] == exported
    assert len(body) == ERRORS and exported_cells == expected_cells
    assert all(chinese(row[error_column]) for row in body)
    assert untranslated == [] and english == []
    assert rows_written == 0 and content_hash(demo_store) == before
