"""The blank submission template (项目申报表) that departments fill and send back.

Sheet 项目申报 has one header row (the columns of `app.services.submission_import.COLUMNS`,
so template and import never drift apart), drop-down lists for 建设性质, 纳入依据 and the
是/否 columns, number formats for money, year and date, and a frozen header. Sheet 填表说明
explains each column. The file is saved through the atomic writer.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from app.services.atomic import atomic_writer
from app.services.submission_import import (
    BASIS_LABELS,
    COLUMNS,
    HELP_SHEET_NAME,
    NO,
    SHEET_NAME,
    TYPE_LABELS,
    YES,
    ColumnSpec,
)

#: rows that carry the drop-downs and formats (a department rarely sends more)
TEMPLATE_ROWS = 2000
MONEY_FORMAT = "#,##0.00##"
DATE_FORMAT = "yyyy-mm-dd"
_FONT = "宋体"
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")

KIND_FORMATS = {"money": MONEY_FORMAT, "date": DATE_FORMAT, "year": "0", "text": "@"}
KIND_RULES = {
    "text": "文字",
    "unit": "文字（单位全称或简称）",
    "type": "下拉选择",
    "money": "数字（万元，最多4位小数）",
    "year": "四位年份",
    "basis": "下拉选择",
    "bool": "是/否",
    "units": "文字（多个单位用“、”分隔）",
    "date": "日期",
}


def _list_validation(options: list[str], prompt: str) -> DataValidation:
    dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
    dv.error = "请从下拉列表中选择"
    dv.errorTitle = "输入值无效"
    dv.prompt = prompt
    dv.showErrorMessage = True
    dv.showInputMessage = bool(prompt)
    return dv


def _data_sheet(ws: Worksheet, year: int) -> None:
    ws.title = SHEET_NAME
    last = TEMPLATE_ROWS + 1
    lists = {
        "type": _list_validation(list(TYPE_LABELS), "建设性质"),
        "basis": _list_validation(list(BASIS_LABELS.values()), "留空视为“部门年度预算安排”"),
        "bool": _list_validation([YES, NO], "是/否"),
    }
    for dv in lists.values():
        ws.add_data_validation(dv)
    money = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                           allow_blank=True)  # fmt: skip
    money.error, money.errorTitle, money.showErrorMessage = "金额应为不小于 0 的数字（万元）", "金额无效", True  # fmt: skip
    years = DataValidation(type="whole", operator="between", formula1="2000", formula2="2100",
                           allow_blank=True)  # fmt: skip
    years.error, years.errorTitle, years.showErrorMessage = "请填写四位年份", "年度无效", True
    years.prompt, years.showInputMessage = f"例如 {year}", True
    ws.add_data_validation(money)
    ws.add_data_validation(years)
    for index, spec in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        cell = ws.cell(row=1, column=index, value=spec.header)
        cell.font = Font(name=_FONT, size=10, bold=True, color="C00000" if spec.required else None)
        cell.fill = _REQUIRED_FILL if spec.required else _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
        ws.column_dimensions[letter].width = spec.width
        area = f"{letter}2:{letter}{last}"
        dv = lists.get(spec.kind) or {"money": money, "year": years}.get(spec.kind)
        if dv is not None:
            dv.add(area)
        fmt = KIND_FORMATS.get(spec.kind, "@" if spec.kind in ("unit", "units") else None)
        if fmt:  # a column style: no cells are created for the empty rows
            ws.column_dimensions[letter].number_format = fmt
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}1"
    # print-ready: A4 landscape, all columns on one page width, header row on every page
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def _help_text(spec: ColumnSpec) -> str:
    return spec.help_zh or KIND_RULES[spec.kind]


def _help_sheet(ws: Worksheet, year: int) -> None:
    ws.title = HELP_SHEET_NAME
    ws["A1"] = f"{year}年度政务信息化项目申报表 填表说明"
    ws["A1"].font = Font(name=_FONT, size=14, bold=True)
    ws.merge_cells("A1:E1")
    notes = (
        f"1. 在“{SHEET_NAME}”工作表中每个项目填写一行，从第2行开始，不要修改或删除表头。",
        "2. 红色表头为必填项。金额单位均为万元，最多保留4位小数（精确到元）。",
        "3. 已有项目请填写项目编码以便更新；未填编码时按“建设单位 + 项目名称”识别，"
        "重复导入同一文件只会更新，不会重复建立项目。",
        "4. 日期请使用日期单元格，或按 YYYY-MM-DD、YYYY/MM/DD、YYYY年M月D日 填写。",
        "5. 请直接填写数值，不要使用公式；导入前会逐行检查，所有问题按“第几行、哪一列”一次列出。",
    )
    for offset, note in enumerate(notes, start=2):
        ws.cell(row=offset, column=1, value=note).alignment = Alignment(wrap_text=False)
    header_row = len(notes) + 3
    headers = ("列", "栏目", "是否必填", "填写要求", "说明")
    widths = (6, 20, 10, 26, 70)
    for col, (text, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(row=header_row, column=col, value=text)
        cell.font = Font(name=_FONT, size=10, bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        ws.column_dimensions[get_column_letter(col)].width = width
    for index, spec in enumerate(COLUMNS, start=1):
        values = (
            get_column_letter(index),
            spec.header,
            "必填" if spec.required else "选填",
            KIND_RULES[spec.kind],
            _help_text(spec),
        )
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=header_row + index, column=col, value=value)
            cell.border = _BORDER
            cell.alignment = Alignment(vertical="center", wrap_text=True)
            cell.font = Font(name=_FONT, size=10)


def build_template(*, year: int) -> Workbook:
    """The template workbook (no file access)."""
    wb = Workbook()
    wb.properties.title = f"{year}年度政务信息化项目申报表"
    wb.properties.creator = "ReviewDesk"
    _data_sheet(wb.active, year)
    _help_sheet(wb.create_sheet(), year)
    wb.active = 0
    return wb


def write_template(path: str | Path, *, year: int) -> Path:
    """Save the blank template to `path` atomically (OutputLocked / OutputFailed on failure)."""
    wb = build_template(year=year)
    target = Path(path)
    with atomic_writer(target) as fh:
        wb.save(fh)
    return target
