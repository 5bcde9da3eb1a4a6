"""Plan tables in Excel: project list, annual investment plan, rolling plan, reconciliation.

The rows (`ListRow`, `PlanRow`, `RollingRow`, `ReconciliationRow`) come in a `PlanTable`
assembled by app.services.plan_tables (the SQL lives there); `save_plan` lays them out as a
print-ready sheet (A4 landscape, header rows repeated, 第 &P 页 共 &N 页) and saves it
through the atomic writer. No store, no session here.

Money is integer yuan in the store. Cells hold 万元 as exact `Decimal` values
(yuan / 10,000, at most 4 decimals) shown with two decimals; subtotals and totals are
SUM formulas, and the workbook asks for a full recalculation on load. User text goes
through the one sanitizer and is always written as a string (never a formula).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from app.rules.facts import ListBasis
from app.rules.money import yuan_to_wan
from app.services.atomic import atomic_writer, sanitize_text

Kind = Literal["list", "plan", "rolling", "reconciliation"]
KINDS: tuple[Kind, ...] = ("list", "plan", "rolling", "reconciliation")

DISTRICT = "江津区"
MONEY_FORMAT = "#,##0.00"
#: prefixes that spreadsheet programs (or CSV consumers) may read as a formula
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: reconciliation shows the findings of these families (DOMAIN.md §4 money and budget)

BASIS_LABELS: dict[ListBasis, str] = {
    ListBasis.BUDGET: "部门年度预算安排",
    ListBasis.NATIONAL: "国家明确要求",
    ListBasis.MUNICIPAL: "市级明确要求",
    ListBasis.DISTRICT: "区委、区政府明确要求",
    ListBasis.CONTINUATION: "确需续建",
    ListBasis.OM: "确需运行维护",
}

CN_NUMERALS = "一二三四五六七八九十"


# =========================================================================== rows


@dataclass(frozen=True, slots=True)
class ListRow:
    project_id: int
    code: str
    name: str
    unit_name: str
    construction_type: str
    basis: str
    consent_number: str
    total_investment_yuan: int


@dataclass(frozen=True, slots=True)
class PlanRow:
    project_id: int
    unit_id: int
    unit_name: str
    name: str
    construction_type: str
    content: str
    total_investment_yuan: int
    completed_before_yuan: int
    amount_yuan: int
    central_yuan: int
    municipal_yuan: int
    district_yuan: int
    work_target: str
    responsible_unit: str
    responsible_person: str
    remark: str


@dataclass(frozen=True, slots=True)
class RollingRow:
    project_id: int
    unit_name: str
    name: str
    construction_type: str
    amounts_yuan: tuple[int, int, int]  # period_start, +1, +2


@dataclass(frozen=True, slots=True)
class ReconciliationRow:
    project_id: int
    code: str
    name: str
    unit_name: str
    plan_yuan: int | None
    budget_yuan: int | None
    estimate_yuan: int | None  # approved 概算
    planned_all_years_yuan: int
    finding_codes: tuple[str, ...]
    finding_messages: tuple[str, ...]

    @property
    def difference_yuan(self) -> int:
        """Budget − plan (a missing side counts as 0)."""
        return (self.budget_yuan or 0) - (self.plan_yuan or 0)


# =========================================================================== sheet layout


def wan(yuan: int | None) -> Decimal | None:
    """Exact 万元 for a cell (no float anywhere); None stays an empty cell."""
    return None if yuan is None else yuan_to_wan(yuan)


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    width: float
    style: str  # one of the named styles below
    group: str = ""  # upper header spanning consecutive columns with the same group


_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = "宋体"


def _named_styles() -> list[NamedStyle]:
    def style(name: str, *, bold: bool = False, h: str = "left", wrap: bool = True,
              fmt: str = "General", size: int = 10, border: bool = True) -> NamedStyle:  # fmt: skip
        s = NamedStyle(name=name)
        s.font = Font(name=_FONT, size=size, bold=bold)
        s.alignment = Alignment(horizontal=h, vertical="center", wrap_text=wrap)
        s.number_format = fmt
        if border:
            s.border = _BORDER
        return s

    return [
        style("rd_title", bold=True, h="center", wrap=False, size=16, border=False),
        style("rd_unit", h="right", wrap=False, border=False),
        style("rd_header", bold=True, h="center"),
        style("rd_text"),
        style("rd_center", h="center"),
        style("rd_money", h="right", wrap=False, fmt=MONEY_FORMAT),
        style("rd_total_text", bold=True, h="center"),
        style("rd_total_left", bold=True),
        style("rd_total_money", bold=True, h="right", wrap=False, fmt=MONEY_FORMAT),
    ]


def put_text(ws: Worksheet, row: int, col: int, value: str, style: str = "rd_text", field: str = "") -> None:  # fmt: skip
    """User text: sanitized, always a string cell, quote-prefixed when it looks like a formula.

    A removal is logged with the cell ("计划表!C5") and `field` (its column header)."""
    cell = ws.cell(row=row, column=col)
    text = sanitize_text(value or "", f"{ws.title}!{cell.coordinate} {field}".rstrip())
    cell.value = text
    cell.data_type = "s"  # openpyxl would turn "=..." into a formula
    cell.style = style
    if text.startswith(FORMULA_PREFIXES):
        cell.quotePrefix = True


def fit_to_page_width(ws: Worksheet) -> None:
    """Print on A4 landscape with every column on one page width (as many pages down as needed)."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def put_value(ws: Worksheet, row: int, col: int, value: Any, style: str) -> None:
    """App-made values: numbers, fixed labels, our own formulas."""
    cell = ws.cell(row=row, column=col, value=value)
    cell.style = style


class Sheet:
    """One printable table: title, unit line, one or two header rows, body."""

    def __init__(self, wb: Workbook, title: str, columns: Sequence[Column], *, today: date):
        self.ws: Worksheet = wb.active
        self.ws.title = "计划表"
        self.columns = list(columns)
        self.ncols = len(self.columns)
        two_levels = any(c.group for c in self.columns)
        self.header_rows = (3, 4) if two_levels else (3, 3)
        self.row = self.header_rows[1] + 1  # next body row
        ws = self.ws
        last = get_column_letter(self.ncols)
        ws.merge_cells(f"A1:{last}1")
        put_value(ws, 1, 1, title, "rd_title")
        ws.row_dimensions[1].height = 30
        put_value(ws, 2, self.ncols, "单位：万元", "rd_unit")
        self._headers()
        for i, c in enumerate(self.columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = c.width
        first_body = self.header_rows[1] + 1
        ws.freeze_panes = f"A{first_body}"
        ws.print_title_rows = f"{self.header_rows[0]}:{self.header_rows[1]}"
        fit_to_page_width(ws)
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = ws.page_margins.bottom = 0.6
        ws.page_margins.header = ws.page_margins.footer = 0.3
        ws.oddFooter.center.text = "第 &P 页 共 &N 页"
        ws.oddFooter.center.size = 9
        ws.oddFooter.right.text = f"导出日期：{today.isoformat()}"
        ws.oddFooter.right.size = 8

    def _headers(self) -> None:
        ws = self.ws
        top, bottom = self.header_rows
        i = 0
        while i < self.ncols:
            c = self.columns[i]
            col = i + 1
            if not c.group:
                put_value(ws, top, col, c.header, "rd_header")
                if bottom > top:
                    put_value(ws, bottom, col, None, "rd_header")
                    ws.merge_cells(start_row=top, start_column=col, end_row=bottom, end_column=col)
                i += 1
                continue
            j = i
            while j < self.ncols and self.columns[j].group == c.group:
                put_value(ws, bottom, j + 1, self.columns[j].header, "rd_header")
                if j > i:
                    put_value(ws, top, j + 1, None, "rd_header")
                j += 1
            put_value(ws, top, col, c.group, "rd_header")
            ws.merge_cells(start_row=top, start_column=col, end_row=top, end_column=j)
            i = j
        # heights: group labels on the top row, sub-headers below, single headers across both
        singles = [(c.header, c.width) for c in self.columns if not c.group]
        subs = [(c.header, c.width) for c in self.columns if c.group]
        group_widths: dict[str, float] = defaultdict(float)
        for c in self.columns:
            if c.group:
                group_widths[c.group] += c.width
        if bottom == top:
            ws.row_dimensions[top].height = max(24.0, row_height(singles))
            return
        upper = max(20.0, row_height(group_widths.items()))
        lower = max(20.0, row_height(subs), row_height(singles) - upper)
        ws.row_dimensions[top].height = upper
        ws.row_dimensions[bottom].height = lower

    def add(self, values: Sequence[Any], *, total: bool = False) -> int:
        """Append a row; str values of text columns are user text. Returns the row number."""
        r = self.row
        for col, (c, v) in enumerate(zip(self.columns, values, strict=True), start=1):
            if c.style == "rd_money":
                put_value(self.ws, r, col, v, "rd_total_money" if total else "rd_money")
            elif isinstance(v, str) or v is None:  # never a formula in a text column
                style = c.style
                if total:
                    style = "rd_total_text" if c.style == "rd_center" else "rd_total_left"
                put_text(self.ws, r, col, v or "", style, c.header)
            else:
                put_value(self.ws, r, col, v, c.style)
        self.ws.row_dimensions[r].height = row_height(
            (v, c.width) for c, v in zip(self.columns, values, strict=True) if isinstance(v, str)
        )
        self.row += 1
        return r

    def merge_label(self, row: int, first_col: int, last_col: int) -> None:
        """Let a total row's label run across the empty text columns next to it."""
        self.ws.merge_cells(start_row=row, start_column=first_col, end_row=row, end_column=last_col)
        self.ws.row_dimensions[row].height = LINE_HEIGHT + ROW_PADDING


LINE_HEIGHT = 13.5  # points per line of 10 pt text
ROW_PADDING = 5.0
CJK_UNITS = 1.9  # column-width units of one CJK character in 10 pt 宋体 (Calibri 11 '0' = 1)


def text_units(text: str) -> float:
    """Approximate width of `text` in Excel column-width units."""
    return sum(CJK_UNITS if ord(ch) > 0x2E7F else 1.0 for ch in text)


def row_height(cells: Iterable[tuple[str, float]]) -> float:
    """Row height (points) so that wrapped text is not clipped when printed.

    LibreOffice and Excel keep the stored height of a row, so a row with long wrapped
    text must carry a height large enough for its lines.
    """
    lines = 1
    for text, width in cells:
        usable = max(width - 1.0, 1.0)
        parts = str(text).split("\n")  # measured only: put_text sanitizes and logs
        n = sum(max(1, math.ceil(text_units(part) / usable)) for part in parts)
        lines = max(lines, n)
    return lines * LINE_HEIGHT + ROW_PADDING


def _sum_range(col: str, first: int, last: int) -> str:
    return f"=SUM({col}{first}:{col}{last})" if last >= first else "=0"


def _sum_cells(col: str, rows: Sequence[int]) -> str:
    """SUM of single cells; nested in chunks so no SUM gets more than 255 arguments."""
    refs = [f"{col}{r}" for r in rows]
    if not refs:
        return "=0"
    while len(refs) > 200:
        refs = [f"SUM({','.join(refs[i : i + 200])})" for i in range(0, len(refs), 200)]
    return f"=SUM({','.join(refs)})"


def cn_index(n: int) -> str:
    """1 → 一, 12 → 十二, 25 → 二十五 (unit group numbers); past 99 plain digits."""
    if n < 1 or n > 99:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_NUMERALS[tens - 1] + "十")
    return head + ("" if ones == 0 else CN_NUMERALS[ones - 1])


# --------------------------------------------------------------------------- the four tables

LIST_COLUMNS = (
    Column("序号", 6, "rd_center"),
    Column("项目名称", 34, "rd_text"),
    Column("项目编码", 18, "rd_center"),
    Column("建设单位", 26, "rd_text"),
    Column("建设性质", 10, "rd_center"),
    Column("纳入依据", 18, "rd_text"),
    Column("区政府同意文号", 20, "rd_text"),
    Column("总投资", 14, "rd_money"),
)

PLAN_COLUMNS = (
    Column("序号", 6, "rd_center"),
    Column("项目名称", 24, "rd_text"),
    Column("建设性质", 8, "rd_center"),
    Column("建设规模及内容", 34, "rd_text"),
    Column("总投资", 12, "rd_money"),
    Column("截至上年底完成投资", 12, "rd_money"),
    Column("合计", 12, "rd_money", group="本年度计划投资"),
    Column("中央", 11, "rd_money", group="本年度计划投资"),
    Column("市级", 11, "rd_money", group="本年度计划投资"),
    Column("区级", 11, "rd_money", group="本年度计划投资"),
    Column("年度工作目标", 24, "rd_text"),
    Column("项目责任单位", 18, "rd_text"),
    Column("责任人", 8, "rd_center"),
    Column("备注", 12, "rd_text"),
)
PLAN_MONEY = range(5, 11)  # E..J


def rolling_columns(period_start: int) -> tuple[Column, ...]:
    years = tuple(
        Column(f"{period_start + k}年", 14, "rd_money", group="计划投资") for k in range(3)
    )
    return (
        Column("序号", 6, "rd_center"),
        Column("项目名称", 36, "rd_text"),
        Column("建设单位", 28, "rd_text"),
        Column("建设性质", 10, "rd_center"),
        *years,
        Column("三年合计", 14, "rd_money", group="计划投资"),
    )


RECONCILIATION_COLUMNS = (
    Column("序号", 6, "rd_center"),
    Column("项目名称", 26, "rd_text"),
    Column("项目编码", 15, "rd_center"),
    Column("建设单位", 22, "rd_text"),
    Column("年度计划", 12, "rd_money", group="本年度"),
    Column("部门预算", 12, "rd_money", group="本年度"),
    Column("差额（预算−计划）", 14, "rd_money", group="本年度"),
    Column("批复概算", 12, "rd_money"),
    Column("历年计划合计", 12, "rd_money"),
    Column("检查代码", 20, "rd_text"),
    Column("检查说明", 44, "rd_text"),
)


def _write_list(sheet: Sheet, rows: list[ListRow]) -> None:
    first = sheet.row
    for i, x in enumerate(rows, start=1):
        sheet.add(
            (i, x.name, x.code, x.unit_name, x.construction_type, x.basis, x.consent_number,
             wan(x.total_investment_yuan))
        )  # fmt: skip
    sheet.add(("", "合计", "", "", "", "", "", _sum_range("H", first, sheet.row - 1)), total=True)


def _write_plan(sheet: Sheet, rows: list[PlanRow]) -> None:
    groups: dict[int, list[PlanRow]] = {}
    for x in rows:
        groups.setdefault(x.unit_id, []).append(x)
    letters = [get_column_letter(c) for c in PLAN_MONEY]
    blank = [""] * 14
    total_row = sheet.add(("", "合计", *blank[2:]), total=True)
    sheet.merge_label(total_row, 2, 4)
    subtotal_rows: list[int] = []
    n = 0
    for g, members in enumerate(groups.values(), start=1):
        head = sheet.add((cn_index(g), f"{members[0].unit_name}（小计）", *blank[2:]), total=True)
        sheet.merge_label(head, 2, 4)
        subtotal_rows.append(head)
        for x in members:
            n += 1
            sheet.add(
                (n, x.name, x.construction_type, x.content, wan(x.total_investment_yuan),
                 wan(x.completed_before_yuan), wan(x.amount_yuan), wan(x.central_yuan),
                 wan(x.municipal_yuan), wan(x.district_yuan), x.work_target,
                 x.responsible_unit, x.responsible_person, x.remark)
            )  # fmt: skip
        for col, letter in zip(PLAN_MONEY, letters, strict=True):
            put_value(sheet.ws, head, col, _sum_range(letter, head + 1, head + len(members)),
                      "rd_total_money")  # fmt: skip
    for col, letter in zip(PLAN_MONEY, letters, strict=True):
        put_value(sheet.ws, total_row, col, _sum_cells(letter, subtotal_rows), "rd_total_money")


def _write_rolling(sheet: Sheet, rows: list[RollingRow]) -> None:
    first = sheet.row
    for i, x in enumerate(rows, start=1):
        r = sheet.row
        a, b, c = (wan(v) for v in x.amounts_yuan)
        sheet.add((i, x.name, x.unit_name, x.construction_type, a, b, c, f"=SUM(E{r}:G{r})"))
    last = sheet.row - 1
    sheet.add(("", "合计", "", "", *(_sum_range(col, first, last) for col in "EFGH")), total=True)


def numbered(items: Sequence[str]) -> str:
    """One item per line; numbered when there are several, so codes and messages pair up."""
    if len(items) < 2:
        return "".join(items)
    return "\n".join(f"{i}. {item}" for i, item in enumerate(items, start=1))


def _write_reconciliation(sheet: Sheet, rows: list[ReconciliationRow]) -> None:
    first = sheet.row
    for i, x in enumerate(rows, start=1):
        sheet.add(
            (i, x.name, x.code, x.unit_name, wan(x.plan_yuan), wan(x.budget_yuan),
             wan(x.difference_yuan), wan(x.estimate_yuan), wan(x.planned_all_years_yuan),
             numbered(x.finding_codes), numbered(x.finding_messages))
        )  # fmt: skip
    last = sheet.row - 1
    sums = [_sum_range(col, first, last) for col in "EFG"]
    sheet.add(("", "合计", "", "", *sums, None, None, "", ""), total=True)


def titles(year: int) -> dict[str, str]:
    return {
        "list": f"{year}年度{DISTRICT}政务信息化项目清单",
        "plan": f"{year}年度{DISTRICT}政务信息化投资项目计划表",
        "rolling": f"{year}—{year + 2}年{DISTRICT}政务信息化项目三年滚动计划表",
        "reconciliation": f"{year}年度{DISTRICT}政务信息化项目部门预算与投资计划对照表",
    }


def build_workbook(kind: Kind, year: int, rows: Sequence[Any], *, today: date) -> Workbook:
    """Lay out already-queried rows (no database access here)."""
    wb = Workbook()
    for style in _named_styles():
        wb.add_named_style(style)
    wb.calculation.fullCalcOnLoad = True  # formulas carry no cached value: compute on open
    title = titles(year)[kind]
    wb.properties.title = title
    wb.properties.creator = "ReviewDesk"
    if kind == "list":
        sheet = Sheet(wb, title, LIST_COLUMNS, today=today)
        _write_list(sheet, list(rows))
    elif kind == "plan":
        sheet = Sheet(wb, title, PLAN_COLUMNS, today=today)
        _write_plan(sheet, list(rows))
    elif kind == "rolling":
        sheet = Sheet(wb, title, rolling_columns(year), today=today)
        _write_rolling(sheet, list(rows))
    elif kind == "reconciliation":
        sheet = Sheet(wb, title, RECONCILIATION_COLUMNS, today=today)
        _write_reconciliation(sheet, list(rows))
    else:  # pragma: no cover - guarded by write_plan
        raise ValueError(kind)
    sheet.ws.title = {"list": "项目清单", "plan": "投资计划", "rolling": "滚动计划",
                      "reconciliation": "预算对照"}[kind]  # fmt: skip
    return wb


@dataclass(frozen=True, slots=True)
class PlanTable:
    """One plan table's content, assembled by app.services.plan_tables.plan_table."""

    kind: Kind
    year: int  # the plan year (rolling: the first year of the edition)
    #: ListRow / PlanRow / RollingRow / ReconciliationRow, as `kind` says, in the order shown
    rows: tuple[Any, ...]
    today: date  # the footer's 导出日期


def save_plan(table: PlanTable, path: str | Path, *, anchor: str) -> Path:
    """Lay the table out and save it to `path` atomically; `anchor` (the audit head as text)
    goes into the workbook's description. OutputLocked / OutputFailed when the file cannot be
    replaced (the old file is kept)."""
    wb = build_workbook(table.kind, table.year, table.rows, today=table.today)
    wb.properties.description = anchor
    target = Path(path)
    with atomic_writer(target) as fh:
        wb.save(fh)
    return target
