"""Any office spreadsheet as rows of cells: .xlsx/.xlsm, .xls and WPS .et/.ett, CSV.

The format comes from the file's first bytes, never from its name (an .xls saved with an
.xlsx name, or a CSV called .xls, is read for what it is):

* **zip** (Excel 2007+, .xlsx/.xlsm, and WPS files saved in that format): the submission
  import's reader (`app.services.xlsx_reader`): the zip pre-check (size, members, ratio,
  DTDs, sheet count), then rows straight from the sheet parser — never the declared
  dimension, 50,000 rows and 200 columns at most — with formula cells and merged ranges noted.
* **OLE compound file**: a password-protected OOXML package is refused with its own message;
  anything else is read by xlrd (pure Python, BIFF 2–8): Excel 97–2003 .xls, and WPS
  .et/.ett, which WPS writes as BIFF8 in the same container. Merged ranges come from the
  workbook's formatting records; number cells with a date format become dates; error cells
  become `CellError`. Cached formula results are what xlrd reads (it has no formulas).
* **text** (CSV, or Excel's "Unicode text"): a BOM decides (UTF-8, UTF-16); otherwise strict
  UTF-8, else GB18030 (the superset of GBK/GB2312 that Chinese Excel and WPS write); the
  delimiter is sniffed among comma, tab, semicolon and bar.

The same caps hold for every format (file ≤ 20 MB, ≤ 200 sheets, ≤ 50,000 rows and ≤ 200
columns per sheet), and any exception while reading becomes `ImportFailed("file_corrupt")`.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from app.services.xlsx_reader import (
    ENCRYPTED_PACKAGE,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_SHEETS,
    OLE_MAGIC,
    CellError,
    ImportFailed,
    fail,
    file_head,
    is_blank,
    open_book,
    parse_rows,
    precheck,
)

#: (first row, first column, last row, last column), 1-based and inclusive
Merge = tuple[int, int, int, int]


@dataclass(slots=True)
class Grid:
    """One sheet: its non-empty rows as Excel numbers them, formula cells and merged ranges."""

    title: str
    rows: list[tuple[int, tuple[Any, ...]]]
    formulas: set[tuple[int, int]] = field(default_factory=set)
    merged: list[Merge] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Workbook:
    """What a file holds: its format ("xlsx", "xls", "csv"), the sheet names, the encoding of a CSV."""

    path: Path
    format: str
    sheet_names: tuple[str, ...]
    encoding: str = ""


def sniff(path: Path) -> str:
    """ "xlsx", "xls" or "csv" from the first bytes (an empty file is refused)."""
    size, head = file_head(path)
    if size == 0:
        raise fail("empty", "文件是空的", "the file is empty")
    if head.startswith(b"PK"):
        return "xlsx"
    if head.startswith(OLE_MAGIC):
        return "xls"
    return "csv"


def open_workbook(path: str | Path) -> Workbook:
    """The file's format and sheet names; raises ImportFailed for a file that cannot be read."""
    source = Path(path)
    kind = sniff(source)
    if kind == "csv":
        text, encoding = _decode(source)
        del text
        return Workbook(source, "csv", (source.stem,), encoding)
    names = _guarded(lambda: _xlsx_names(source) if kind == "xlsx" else _xls_names(source))
    return Workbook(source, kind, tuple(names))


def read_grid(path: str | Path, sheet: str | None = None) -> Grid:
    """One sheet (by name; None: the first worksheet) with the caps of the module docstring."""
    source = Path(path)
    kind = sniff(source)
    if kind == "csv":
        return _read_csv(source)
    if kind == "xlsx":
        return _guarded(lambda: _read_xlsx(source, sheet))
    return _guarded(lambda: _read_xls(source, sheet))


def _guarded(read: Any) -> Any:
    """The exception boundary: anything a parser raises becomes ImportFailed("file_corrupt")."""
    try:
        return read()
    except ImportFailed:
        raise
    except Exception as exc:
        raise fail("file_corrupt", "文件已损坏，无法读取（请在 Excel/WPS 中打开并另存为 .xlsx）",
                   f"the file cannot be parsed ({type(exc).__name__})") from None  # fmt: skip


def _no_sheet(sheet: str) -> ImportFailed:
    return fail("no_sheet", f"文件中没有名为“{sheet}”的工作表", f"no sheet named {sheet!r}")


# --------------------------------------------------------------------------- xlsx


def _xlsx_names(path: Path) -> list[str]:
    precheck(path)
    with open_book(path) as book:
        return [title for title, part in book.sheets if part is not None]


def _read_xlsx(path: Path, sheet: str | None) -> Grid:
    precheck(path)
    with open_book(path) as book:
        worksheets = [(t, p) for t, p in book.sheets if p is not None]
        if not worksheets:
            raise fail("no_sheet", "文件中没有数据工作表", "the file has no worksheet")
        if sheet is None:
            title, part = worksheets[0]
        else:
            found = [(t, p) for t, p in worksheets if t == sheet]
            if not found:
                raise _no_sheet(sheet)
            title, part = found[0]
        assert part is not None
        formulas: set[tuple[int, int]] = set()
        merged: list[Merge] = []
        rows = list(parse_rows(book, part, formulas, merged))
        return Grid(title, rows, formulas, merged)


# --------------------------------------------------------------------------- xls / et


def _open_xls(path: Path, *, on_demand: bool) -> Any:
    import xlrd

    data = path.read_bytes()  # ≤ 20 MB (checked by sniff)
    if ENCRYPTED_PACKAGE in data:
        raise fail("encrypted", "文件设置了打开密码（已加密），请在 Excel/WPS 中取消密码后再导入",
                   "the workbook is password-protected (encrypted); remove the password first")  # fmt: skip
    try:
        return xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=on_demand,
                                  logfile=io.StringIO())  # fmt: skip
    except xlrd.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            raise fail("encrypted", "文件设置了打开密码（已加密），请在 Excel/WPS 中取消密码后再导入",
                       "the workbook is password-protected (encrypted); remove the password first") from None  # fmt: skip
        raise


def _xls_names(path: Path) -> list[str]:
    book = _open_xls(path, on_demand=True)
    try:
        names = list(book.sheet_names())
    finally:
        book.release_resources()
    if len(names) > MAX_SHEETS:
        raise fail("too_many_sheets", f"工作表过多（{len(names)} 个，上限 {MAX_SHEETS} 个）",
                   f"too many sheets ({len(names)}; limit {MAX_SHEETS})")  # fmt: skip
    return names


def _read_xls(path: Path, sheet: str | None) -> Grid:
    import xlrd

    book = _open_xls(path, on_demand=True)
    try:
        names = book.sheet_names()
        if len(names) > MAX_SHEETS:
            raise fail("too_many_sheets", f"工作表过多（{len(names)} 个，上限 {MAX_SHEETS} 个）",
                       f"too many sheets ({len(names)}; limit {MAX_SHEETS})")  # fmt: skip
        if not names:
            raise fail("no_sheet", "文件中没有数据工作表", "the file has no worksheet")
        if sheet is not None and sheet not in names:
            raise _no_sheet(sheet)
        ws = book.sheet_by_name(sheet) if sheet is not None else book.sheet_by_index(0)
        rows: list[tuple[int, tuple[Any, ...]]] = []
        for r in range(ws.nrows):
            values = [_xls_value(book, ws.cell(r, c)) for c in range(ws.ncols)]
            filled = [i for i, v in enumerate(values) if not is_blank(v)]
            if not filled:
                continue
            _check_caps(r + 1, max(filled) + 1)
            rows.append((r + 1, tuple(values[: max(filled) + 1])))
        merged = [(rlo + 1, clo + 1, rhi, chi) for rlo, rhi, clo, chi in ws.merged_cells]
        del xlrd
        return Grid(ws.name, rows, set(), merged)
    finally:
        book.release_resources()


def _xls_value(book: Any, cell: Any) -> Any:
    import xlrd

    kind, value = cell.ctype, cell.value
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if kind == xlrd.XL_CELL_NUMBER:
        return int(value) if float(value).is_integer() and abs(value) < 1e15 else float(value)
    if kind == xlrd.XL_CELL_DATE:
        try:
            day: datetime = xlrd.xldate_as_datetime(value, book.datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return float(value)
        return day
    if kind == xlrd.XL_CELL_BOOLEAN:
        return bool(value)
    if kind == xlrd.XL_CELL_ERROR:
        return CellError(xlrd.error_text_from_code.get(value, "#ERR"))
    return str(value)


def _check_caps(row: int, column: int) -> None:
    if row > MAX_ROWS:
        raise fail("too_many_rows", f"工作表行数超过上限 {MAX_ROWS}",
                   f"the sheet has more than {MAX_ROWS} rows")  # fmt: skip
    if column > MAX_COLUMNS:
        raise fail("too_many_columns", f"工作表列数超过上限 {MAX_COLUMNS}",
                   f"the sheet has more than {MAX_COLUMNS} columns")  # fmt: skip


# --------------------------------------------------------------------------- csv


def _decode(path: Path) -> tuple[str, str]:
    """The text and its encoding: BOM, else strict UTF-8, else GB18030."""
    data = path.read_bytes()  # ≤ 20 MB (checked by sniff)
    if data.startswith(codecs.BOM_UTF8):
        candidates: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ("utf-16",)
    else:
        candidates = ("utf-8", "gb18030")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break  # a binary file: no spreadsheet text has NUL characters
        return text, encoding
    raise fail("not_spreadsheet",
               "无法识别的文件：不是 Excel（.xlsx/.xls）、WPS 表格，也不是 UTF-8 或 GBK 编码的 CSV 文件",
               "not a spreadsheet: neither Excel (.xlsx/.xls), WPS, nor CSV in UTF-8 or GBK")  # fmt: skip


def _delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:50])
    counts = {d: sample.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(path: Path) -> Grid:
    text, _encoding = _decode(path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[tuple[int, tuple[Any, ...]]] = []
    try:
        for number, record in enumerate(reader, start=1):
            values = [None if is_blank(v) else v for v in record]
            filled = [i for i, v in enumerate(values) if v is not None]
            if not filled:
                continue
            _check_caps(number, max(filled) + 1)
            rows.append((number, tuple(values[: max(filled) + 1])))
    except csv.Error as exc:
        raise fail("file_corrupt", f"CSV 文件格式有误（{exc}）", f"malformed CSV ({exc})") from None
    return Grid(path.stem, rows)
