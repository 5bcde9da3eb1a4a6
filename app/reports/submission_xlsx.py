"""The submission workbook (项目申报表): the blank template, and a year's projects written into it.

Sheet 项目申报 has one header row (the columns of `app.services.submission_import.COLUMNS`,
so template and import never drift apart), drop-down lists for 建设性质, 纳入依据 and the
是/否 columns, number formats for money, year and date, and a frozen header. Sheet 填表说明
explains each column. Files are saved through the atomic writer.

`save_submission` fills the same layout with `SubmissionRecord`s — the projects on a year's
project list (项目清单), read by app.services.submission_export — so that importing the file
gives back the same data (export → import is the identity on
`SubmissionRecord`). User text is sanitized and always a string cell, quote-prefixed when it
starts like a formula; money is the exact 万元 `Decimal` (a text cell in the rare case it has
more than Excel's 15 significant digits, which import reads the same way); dates before
1900-03-01, which Excel's calendar cannot hold, are written as YYYY-MM-DD text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from app.reports.plan_xlsx import BASIS_LABELS, fit_to_page_width, put_text, row_height
from app.reports.submission_columns import (
    COLUMNS,
    DEPARTMENT_LABELS,
    DOC_STATUS_LABELS,
    HELP_SHEET_NAME,
    NO,
    NOT_APPLICABLE_LABEL,
    SHEET_NAME,
    TYPE_LABELS,
    UNRECORDED,
    YES,
    ColumnSpec,
    ImportIssue,
)
from app.rules.facts import (
    PROCUREMENT_LABELS,
    ConstructionType,
    DocStatus,
    ListBasis,
    ProcurementMethod,
    ReviewDepartment,
)
from app.rules.money import yuan_to_wan
from app.services.atomic import atomic_writer

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
    "cloud": "是/否/未记录",
    "docstatus": "下拉选择（缺/已提交/已通过）",
    "departments": "文字（多个部门用“、”分隔）",
    "procurement": "下拉选择",
}


def _list_validation(options: list[str], prompt: str) -> DataValidation:
    dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
    dv.error = "请从下拉列表中选择"
    dv.errorTitle = "输入值无效"
    dv.prompt = prompt
    dv.showErrorMessage = True
    dv.showInputMessage = bool(prompt)
    return dv


def _data_sheet(ws: Worksheet, year: int, rows: int = TEMPLATE_ROWS) -> None:
    ws.title = SHEET_NAME
    last = max(rows, TEMPLATE_ROWS) + 1
    lists = {
        "type": _list_validation(list(TYPE_LABELS), "建设性质"),
        "basis": _list_validation(list(BASIS_LABELS.values()), "留空视为“部门年度预算安排”"),
        "bool": _list_validation([YES, NO], "是/否"),
        "cloud": _list_validation([YES, NO, UNRECORDED], "是/否/未记录"),
        "docstatus": _list_validation(list(DOC_STATUS_LABELS.values()), "必备条件，不能填“不适用”"),
        "procurement": _list_validation(
            [zh for zh, _en in PROCUREMENT_LABELS.values()], "采购方式"
        ),
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
        fmt = KIND_FORMATS.get(
            spec.kind, "@" if spec.kind in ("unit", "units", "departments") else None
        )
        if fmt:  # a column style: no cells are created for the empty rows
            ws.column_dimensions[letter].number_format = fmt
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}1"
    # print-ready: A4 landscape, all columns on one page width, header row on every page
    fit_to_page_width(ws)
    ws.print_title_rows = "1:1"


def _help_text(spec: ColumnSpec) -> str:
    return spec.help_zh or KIND_RULES[spec.kind]


_HELP_STYLE = "rd_help"


def _cell_style(name: str, number_format: str = "General", *, border: bool = True) -> NamedStyle:
    """宋体 10 pt, centred vertically, wrapped: one named style (formatting every cell is slow)."""
    style = NamedStyle(name=name, number_format=number_format)
    style.font = Font(name=_FONT, size=10)
    style.alignment = Alignment(vertical="center", wrap_text=True)
    if border:
        style.border = _BORDER
    return style


def _help_sheet(ws: Worksheet, year: int) -> None:
    ws.title = HELP_SHEET_NAME
    ws.parent.add_named_style(_cell_style(_HELP_STYLE))
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
            ws.cell(row=header_row + index, column=col, value=value).style = _HELP_STYLE
    fit_to_page_width(ws)  # the notes and the 说明 column printed on a page of their own


def build_template(*, year: int, rows: int = TEMPLATE_ROWS) -> Workbook:
    """The template workbook (no file access); drop-downs and formats cover `rows` data rows."""
    wb = Workbook()
    wb.properties.title = f"{year}年度政务信息化项目申报表"
    wb.properties.creator = "ReviewDesk"
    _data_sheet(wb.active, year, rows)
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


# =========================================================================== export


@dataclass(frozen=True, slots=True)
class SubmissionRecord:
    """What one row of the submission sheet says about a project, exactly (yuan, dates).

    Units are named (full names), participants sorted, so records of two stores compare.
    """

    code: str
    name: str
    unit: str
    type: ConstructionType
    total_yuan: int
    content: str
    year: int
    basis: ListBasis
    consent_number: str
    cross_department: bool
    participants: tuple[str, ...]
    classified: bool
    new_civil_works: bool
    high_energy: bool
    on_gov_cloud: bool | None  # None: not recorded (未记录)
    cloud_justification: str
    implementing_agency: str
    responsible_person: str
    planned_completion_on: date | None
    declared_yuan: int | None
    plan_yuan: int | None  # the year's plan line (本年度计划), None when there is none
    #: the 必备条件 documents' statuses (None: no record); never 不适用 but in an older record
    data_catalogue: DocStatus | None = None
    crypto_plan: DocStatus | None = None
    review_departments: tuple[ReviewDepartment, ...] = ()  # in ReviewDepartment order
    procurement_method: ProcurementMethod | None = None
    procurement_on: date | None = None
    mlps_assessed_on: date | None = None
    crypto_assessed_on: date | None = None


#: Excel's first reliable calendar day (its 1900 calendar has a 29 February that never was)
_FIRST_EXCEL_DAY = date(1900, 3, 1)
_TEXT_STYLE = "rd_submission_text"


def _money_cell(yuan: int) -> Decimal | str:
    """万元, exact: a number up to Excel's 15 significant digits, else the same digits as text."""
    amount = yuan_to_wan(yuan)
    return amount if len(amount.as_tuple().digits) <= 15 else format(amount, "f")


def _day_cell(day: date | None) -> date | str | None:
    """A date cell, or YYYY-MM-DD text before Excel's first reliable day."""
    return None if day is None else (day if day >= _FIRST_EXCEL_DAY else day.isoformat())


def _status_cell(status: DocStatus | None) -> str | None:
    """缺/已提交/已通过; a stored 不适用 (older records) is written as it is, and import reports it."""
    if status is None:
        return None
    return NOT_APPLICABLE_LABEL if status == DocStatus.NOT_APPLICABLE else DOC_STATUS_LABELS[status]


def _record_cells(record: SubmissionRecord) -> dict[str, Any]:
    """Column key → cell value; None leaves the cell empty."""
    yes_no = {True: YES, False: NO}
    day = record.planned_completion_on
    method = record.procurement_method
    return {
        "code": record.code, "name": record.name, "unit": record.unit,
        "type": record.type.value, "total": _money_cell(record.total_yuan),
        "content": record.content, "year": record.year, "basis": BASIS_LABELS[record.basis],
        "consent_number": record.consent_number,
        "cross_department": yes_no[record.cross_department],
        "participants": "、".join(record.participants),
        "classified": yes_no[record.classified],
        "new_civil_works": yes_no[record.new_civil_works],
        "high_energy": yes_no[record.high_energy],
        "on_gov_cloud": UNRECORDED if record.on_gov_cloud is None else yes_no[record.on_gov_cloud],
        "cloud_justification": record.cloud_justification,
        "implementing_agency": record.implementing_agency,
        "responsible_person": record.responsible_person,
        "planned_completion_on": _day_cell(day),
        "declared": None if record.declared_yuan is None else _money_cell(record.declared_yuan),
        "plan_amount": None if record.plan_yuan is None else _money_cell(record.plan_yuan),
        "data_catalogue": _status_cell(record.data_catalogue),
        "crypto_plan": _status_cell(record.crypto_plan),
        "review_departments": "、".join(DEPARTMENT_LABELS[d] for d in record.review_departments),
        "procurement_method": None if method is None else PROCUREMENT_LABELS[method][0],
        "procurement_on": _day_cell(record.procurement_on),
        "mlps_assessed_on": _day_cell(record.mlps_assessed_on),
        "crypto_assessed_on": _day_cell(record.crypto_assessed_on),
    }  # fmt: skip


def build_submission(records: list[SubmissionRecord], *, year: int) -> Workbook:
    """The template with one row per record (no database or file access)."""
    wb = build_template(year=year, rows=len(records))
    wb.add_named_style(_cell_style(_TEXT_STYLE, "@"))
    ws = wb[SHEET_NAME]
    for row, record in enumerate(records, start=2):
        cells = _record_cells(record)
        # wrapped text needs a stored row height: neither Excel nor LibreOffice grows the row
        ws.row_dimensions[row].height = row_height(
            (v, c.width) for c in COLUMNS if isinstance(v := cells[c.key], str)
        )
        for col, (spec, value) in enumerate(
            zip(COLUMNS, (cells[c.key] for c in COLUMNS), strict=True), start=1
        ):
            if value is None or value == "":
                ws.cell(row=row, column=col).border = _BORDER  # an empty cell of the table
                continue
            if isinstance(value, str):  # user text and labels: a string cell, never a formula
                put_text(ws, row, col, value, _TEXT_STYLE)
                continue
            cell = ws.cell(row=row, column=col, value=value)
            cell.font = Font(name=_FONT, size=10)
            cell.border = _BORDER
            cell.alignment = Alignment(vertical="center")
            cell.number_format = KIND_FORMATS.get(spec.kind, "General")
    return wb


def save_submission(
    records: Sequence[SubmissionRecord], path: str | Path, *, year: int, anchor: str
) -> Path:
    """The records as a submission workbook at `path`, atomically; `anchor` (the audit head as
    text) goes into the description. OutputLocked / OutputFailed when the file cannot be
    replaced (the old file is kept)."""
    wb = build_submission(list(records), year=year)
    wb.properties.description = anchor
    target = Path(path)
    with atomic_writer(target) as fh:
        wb.save(fh)
    return target


# =========================================================================== error list

ERROR_LIST_SHEET = "错误清单"
ERROR_LIST_HEADERS = ("工作表", "行", "列", "单元格", "错误说明", "Problem")


def write_error_list(issues: Sequence[ImportIssue], path: str | Path) -> Path:
    """The problems of a submission as a workbook (错误清单) the department can work through."""
    wb = Workbook()
    wb.properties.title = "项目申报表错误清单"
    wb.properties.creator = "ReviewDesk"
    wb.add_named_style(_cell_style(_TEXT_STYLE, border=False))
    ws = wb.active
    ws.title = ERROR_LIST_SHEET
    for col, (header, width) in enumerate(
        zip(ERROR_LIST_HEADERS, (14, 8, 6, 16, 60, 50), strict=True), start=1
    ):
        cell = ws.cell(row=1, column=col, value=header)
        cell.font = Font(name=_FONT, size=10, bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        ws.column_dimensions[get_column_letter(col)].width = width
    for row, issue in enumerate(issues, start=2):
        put_text(ws, row, 1, issue.sheet, _TEXT_STYLE)
        ws.cell(row=row, column=2, value=issue.row)
        for col, text in enumerate(
            (issue.column_letter, issue.cell, issue.message_zh, issue.message_en), start=3
        ):
            put_text(ws, row, col, text, _TEXT_STYLE)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(ERROR_LIST_HEADERS))}{max(1, len(issues) + 1)}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.print_title_rows = "1:1"
    target = Path(path)
    with atomic_writer(target) as fh:
        wb.save(fh)
    return target
