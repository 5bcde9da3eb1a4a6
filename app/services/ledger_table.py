"""Reading a table an office made by hand: its header rows, column labels, amounts and dates.

Shared by the ledger import (`app.services.ledger_import`) and the plan-table round trip
(`app.services.plan_import`). Pure functions over a `Grid` (app.services.spreadsheet).

**Header.** The header is found among the first 30 rows: the row whose cells name the most
known fields. It grows to the rows that merged cells join to it (「计划投资」 merged over
「中央｜市级｜区级」, 「项目名称」 merged down two rows) and to an adjacent row of group labels or
sub-labels without numbers. A column's label joins its header texts top to bottom
(「计划投资/中央」). Rows above the header are the title (「2024年度项目台账」, 「单位：万元」).

**Amounts** are read exactly: a number cell at Excel's 15 significant digits (0.1+0.2 is 0.3),
a text cell after NFKC with separators removed; a unit written in the cell (「120万元」) wins over
the column's (its header 「总投资（万元）」, else the sheet's 「单位：万元」 line, else the user's
choice). 元, 万元 and 亿元 become integer yuan; a fraction of a yuan is rounded half up and said.
「—」, 「/」 and 「无」 read as empty. **Dates** are date cells, or text in YYYY-MM-DD, YYYY/M/D,
YYYY.M.D, YYYYMMDD, YYYY年M月D日, or a date serial number in a text/CSV cell.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from app.rules.dates import DateFormatError
from app.rules.dates import parse_date as parse_date_text  # the one parser of typed dates
from app.services.spreadsheet import Grid
from app.services.submission_import import FIRST_EXCEL_DAY
from app.services.xlsx_reader import MAX_CELL_CHARS, BadNumber, CellError, is_blank

HEADER_SCAN_ROWS = 30
MAX_HEADER_ROWS = 3
MONEY_UNITS: dict[str, Decimal] = {
    "元": Decimal(1),
    "万元": Decimal(10_000),
    "亿元": Decimal(100_000_000),
}
MAX_YUAN = 10**16  # a hundred million 亿元: beyond any project
EMPTY_MARKS = frozenset({"-", "—", "——", "--", "/", "无", "／", "－"})
TOTAL_WORDS = ("合计", "小计", "总计", "共计", "累计")

_BRACKETS = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
_SPACES = re.compile(r"[\s*＊:：]")
_UNIT_IN_TEXT = re.compile(r"(亿元|万元|元)")
_SHEET_UNIT = re.compile(r"(?:金额)?单位\s*[:：]\s*(亿元|万元|元)")
_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*(?:年|—|-|–|～|~)")


def normalize(text: object) -> str:
    """For matching: NFKC, no spaces, colons or '*' marks, no bracketed notes 「（万元）」."""
    value = unicodedata.normalize("NFKC", str(text or ""))
    return _SPACES.sub("", _BRACKETS.sub("", value))


def column_letter(index0: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index0 + 1)


# =========================================================================== header


@dataclass(frozen=True, slots=True)
class Header:
    first_row: int
    last_row: int
    #: per column (0-based index): the header texts top to bottom, joined with "/"
    labels: tuple[str, ...]
    #: per column: the same texts, each normalized
    parts: tuple[tuple[str, ...], ...]
    #: the texts above the header (title, 「单位：万元」 …)
    title_lines: tuple[str, ...]

    def label(self, index0: int) -> str:
        return self.labels[index0] if index0 < len(self.labels) else ""


class FilledGrid:
    """The first rows of a grid with merged ranges filled from their top-left cell."""

    def __init__(self, grid: Grid, last_row: int) -> None:
        self.rows: dict[int, list[Any]] = {n: list(v) for n, v in grid.rows if n <= last_row}
        self.merged_into: dict[tuple[int, int], tuple[int, int]] = {}
        for first_row, first_col, last_r, last_col in grid.merged:
            if first_row > last_row or (last_r - first_row + 1) * (last_col - first_col + 1) > 4000:
                continue
            for r in range(first_row, min(last_r, last_row) + 1):
                for c in range(first_col, last_col + 1):
                    if (r, c) != (first_row, first_col):
                        self.merged_into[(r, c)] = (first_row, first_col)

    def raw(self, row: int, col: int) -> Any:
        values = self.rows.get(row)
        return values[col - 1] if values is not None and col - 1 < len(values) else None

    def value(self, row: int, col: int) -> Any:
        source = self.merged_into.get((row, col), (row, col))
        return self.raw(*source)

    def width(self) -> int:
        return max((len(v) for v in self.rows.values()), default=0)

    def horizontal_merge_in(self, row: int) -> bool:
        return any(
            r == row and sr == row and c != sc for (r, c), (sr, sc) in self.merged_into.items()
        )

    def joins(self, upper: int, lower: int) -> bool:
        """A merged range spans both rows."""
        return any(r == lower and sr <= upper for (r, _c), (sr, _sc) in self.merged_into.items())


def _texts(filled: FilledGrid, row: int, width: int) -> list[str]:
    return [
        str(v).strip()
        for c in range(1, width + 1)
        if isinstance(v := filled.value(row, c), str) and v.strip()
    ]


def _numbers_in(filled: FilledGrid, row: int, width: int) -> bool:
    return any(
        isinstance(v, (int, float, date, Decimal)) and not isinstance(v, bool)
        for c in range(1, width + 1)
        if (v := filled.raw(row, c)) is not None
    )


def find_header(grid: Grid, score_row: Any) -> Header | None:
    """The header block of `grid`; `score_row(texts)` says how many known fields a row names."""
    if not grid.rows:
        return None
    scan_last = grid.rows[min(len(grid.rows), HEADER_SCAN_ROWS) - 1][0]
    filled = FilledGrid(grid, scan_last + MAX_HEADER_ROWS)
    width = filled.width()
    best_row, best_score = 0, 0.0
    for number in sorted(filled.rows):
        if number > scan_last:
            break
        score = score_row(_texts(filled, number, width))
        if score > best_score:
            best_row, best_score = number, score
    if best_score < 2:
        return None
    top = bottom = best_row
    # rows merged into the anchor row, and a row of group labels right above it
    while top - 1 in filled.rows and bottom - top + 1 < MAX_HEADER_ROWS and (
        filled.joins(top - 1, top)
        or (len(set(_texts(filled, top - 1, width))) >= 2 and not _numbers_in(filled, top - 1, width)
            and filled.horizontal_merge_in(top - 1))
    ):  # fmt: skip
        top -= 1
    while bottom - top + 1 < MAX_HEADER_ROWS and bottom + 1 in filled.rows:
        below = bottom + 1
        if filled.joins(bottom, below) or (
            not _numbers_in(filled, below, width)
            and _texts(filled, below, width)
            and filled.horizontal_merge_in(bottom)
            and score_row(_texts(filled, below, width)) >= 1
        ):
            bottom = below
        else:
            break
    labels: list[str] = []
    parts: list[tuple[str, ...]] = []
    for c in range(1, width + 1):
        seen: list[str] = []
        for r in range(top, bottom + 1):
            v = filled.value(r, c)
            text = "" if v is None else str(v).strip()
            if text and (not seen or seen[-1] != text):
                seen.append(text)
        labels.append("/".join(seen))
        parts.append(tuple(normalize(s) for s in seen))
    title = tuple(t for r in sorted(filled.rows) if r < top for t in _texts(filled, r, width))
    return Header(top, bottom, tuple(labels), tuple(parts), title)


def title_year(lines: Iterable[str]) -> int | None:
    """「2024年度…台账」 → 2024; 「2025—2027年…」 → 2025."""
    for line in lines:
        match = _TITLE_YEAR.search(unicodedata.normalize("NFKC", line))
        if match:
            return int(match.group(1))
    return None


def sheet_money_unit(lines: Iterable[str]) -> str | None:
    """The unit of a 「单位：万元」 line (title rows, or any header cell)."""
    for line in lines:
        match = _SHEET_UNIT.search(unicodedata.normalize("NFKC", line).replace(" ", ""))
        if match:
            return match.group(1)
    return None


def label_money_unit(label: str) -> str | None:
    """The unit a header names: 「总投资（万元）」 → 万元; 「金额(元)」 → 元."""
    match = _UNIT_IN_TEXT.search(unicodedata.normalize("NFKC", label))
    return match.group(1) if match else None


# =========================================================================== cells


class CellProblem(Exception):
    """A cell that cannot be read as its column asks; both messages for the problem list."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en


def check_cell(value: Any, formula: bool) -> Any:
    """The cell's value, or CellProblem for an error value, a bad number, a formula without
    its cached result, or text longer than Excel allows."""
    if value is None and formula:
        raise CellProblem("公式没有计算结果，请在 Excel/WPS 中打开并保存后再导入，或直接填写数值",
                          "a formula without a cached value; open and save the file in Excel/WPS")  # fmt: skip
    if isinstance(value, CellError):
        raise CellProblem(f"单元格是错误值 {value[:20]}，请改为实际的数值或文字",
                          f"the cell holds the error value {value[:20]}")  # fmt: skip
    if isinstance(value, BadNumber):
        raise CellProblem(f"单元格中的数值无效（{value[:20]}）", f"invalid number ({value[:20]})")
    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        raise CellProblem(f"单元格内容超过 Excel 上限（{len(value)} 字）",
                          f"more than Excel's {MAX_CELL_CHARS} characters ({len(value)})")  # fmt: skip
    return value


def is_empty(value: Any) -> bool:
    return is_blank(value) or (isinstance(value, str) and value.strip() in EMPTY_MARKS)


def cell_text(value: Any) -> str:
    """Text of a cell as the user sees it: 2024.0 → '2024', a date → ISO."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


@dataclass(frozen=True, slots=True)
class Money:
    yuan: int
    rounded: bool  # a fraction of a yuan was rounded away


def parse_money(value: Any, unit: str | None) -> Money | None:
    """Integer yuan from a cell (None when empty); raises CellProblem. See the module docstring."""
    if is_empty(value):
        return None
    if isinstance(value, (bool, datetime, date)):
        raise CellProblem("应填写金额", "an amount expected")
    cell_unit = None
    if isinstance(value, float):
        text = f"{value:.15g}"  # Excel's precision: 0.1+0.2 → 0.3
    elif isinstance(value, (int, Decimal)):
        text = str(value)
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip()
        for suffix, name in (
            ("亿元", "亿元"),
            ("万元", "万元"),
            ("亿", "亿元"),
            ("万", "万元"),
            ("元", "元"),
        ):
            if text.endswith(suffix):
                text, cell_unit = text[: -len(suffix)].strip(), name
                break
        text = (
            text.replace(",", "")
            .replace("，", "")
            .replace(" ", "")
            .replace("¥", "")
            .replace("￥", "")
        )
    shown = cell_text(value)[:30]
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise CellProblem(f"“{shown}”不是有效金额", f"{shown!r} is not an amount") from None
    if not amount.is_finite():
        raise CellProblem(f"“{shown}”不是有效金额", f"{shown!r} is not an amount")
    if amount < 0:
        raise CellProblem("金额不能为负数", "an amount cannot be negative")
    chosen = cell_unit or unit
    if chosen is None:
        raise CellProblem(
            "金额单位不明（元、万元或亿元）",
            "the money unit is unknown (yuan, 10k yuan or 100 million yuan)",
        )
    if amount.adjusted() > 20:
        raise CellProblem("金额过大", "amount too large")
    yuan = amount * MONEY_UNITS[chosen]
    whole = yuan.to_integral_value(rounding=ROUND_HALF_UP)
    if whole >= MAX_YUAN:
        raise CellProblem("金额过大", "amount too large")
    return Money(int(whole), whole != yuan)


_PARTIAL_DATE = re.compile(r"(\d{4})\s*(?:年|[-/.])\s*(\d{1,2})\s*月?")
EXCEL_EPOCH = date(1899, 12, 30)
DATE_FORMS_ZH = "日期单元格，或 YYYY-MM-DD、YYYY/M/D、YYYY.M.D、YYYYMMDD、YYYY年M月D日"


def parse_date(value: Any) -> date | None:
    """A date from a cell (None when empty); raises CellProblem."""
    if is_empty(value):
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        if value < FIRST_EXCEL_DAY:
            raise CellProblem(f"日期不可靠（{value.isoformat()}，早于1900年3月1日），请以 YYYY-MM-DD 填写",
                              f"a date before 1900-03-01 ({value}) is not reliable in Excel")  # fmt: skip
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        if 10_000_000 <= value <= 99_999_999:
            value = str(value)  # 20240305 typed as a number
        elif 20_000 <= value <= 80_000:
            return EXCEL_EPOCH + timedelta(days=value)  # a date serial that lost its format
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().replace(" ", "")
        # 「2024年3月5号」 and 「2024年3月5」 are written as 「2024年3月5日」
        full = re.sub(r"(月\d{1,2})号?$", r"\1日", text) if "年" in text else text
        try:
            return parse_date_text(full)
        except DateFormatError as exc:
            if exc.no_such_day:
                raise CellProblem(f"日期不存在：{text}", f"no such date: {text}") from None
        if _PARTIAL_DATE.fullmatch(text):
            raise CellProblem(f"日期不完整：{text}（缺少日），请填写完整日期",
                              f"incomplete date {text!r}: the day is missing")  # fmt: skip
    raise CellProblem(f"日期格式不正确：{cell_text(value)[:30]}（应为{DATE_FORMS_ZH}）",
                      f"not a date: {cell_text(value)[:30]!r}")  # fmt: skip


def parse_year(value: Any) -> int | None:
    if is_empty(value):
        return None
    number: int | None = None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().removesuffix("年度").removesuffix("年")
        number = int(text) if re.fullmatch(r"\d{4}", text) else None
    if number is None or not 2000 <= number <= 2100:
        raise CellProblem("年度应为 2000—2100 之间的四位年份", "a year 2000–2100 expected")
    return number


def is_total_text(text: str) -> bool:
    compact = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return any(word in compact for word in TOTAL_WORDS)


_HEADING = re.compile(
    r"^[（(]?[一二三四五六七八九十]+[)）]?[、.．]\s*|^第[一二三四五六七八九十]+[部分类]\s*"
)


def heading_text(text: str) -> str:
    """「一、区公安局（小计）」 → 「区公安局」: a group row's name without its numeral and total word."""
    value = _HEADING.sub("", unicodedata.normalize("NFKC", text).strip())
    value = _BRACKETS.sub(lambda m: "" if is_total_text(m.group(0)) else m.group(0), value)
    for word in TOTAL_WORDS:
        value = value.replace(word, "")
    return value.strip(" :：-—")


def is_heading(text: str) -> bool:
    return bool(_HEADING.match(unicodedata.normalize("NFKC", text).strip()))


def values_at(values: Sequence[Any], index0: int | None) -> Any:
    if index0 is None or index0 >= len(values):
        return None
    return values[index0]
