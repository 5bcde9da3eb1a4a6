"""The safe reader of Excel 2007+ files, shared by every import (RELIABILITY §2 rule 7).

1. **Pre-check** the zip central directory before any XML is parsed: file ≤ 20 MB, total
   uncompressed ≤ 200 MB, ≤ 2,000 members, member ratio ≤ 100:1 (members above 256 KiB),
   well-formed unique names, no encrypted members, no DTD in the prolog of an XML part,
   ≤ 200 sheets. A password-protected workbook, an .xls/.et and a CSV or text file named
   .xlsx each get their own message.
2. **Parse** with openpyxl's reader in read-only, data-only mode (cached values, never
   formulas), but not its read-only worksheets: rows come straight from the sheet parser, so
   the declared ``<dimension>`` is never used (what ``reset_dimensions()`` is for: a wrong
   one never drops rows), a sheet is never parsed just to be sized, and rows or cells out of
   order or repeated are refused instead of silently dropped; at most 50,000 rows and 200
   columns. Formula cells and merged ranges are noted. The callers turn any exception while
   parsing into ``ImportFailed("file_corrupt", …)``.

Used by the submission import (`app.services.submission_import`) and, through
`app.services.spreadsheet`, by the ledger import and the plan-table round trip.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# caps (RELIABILITY §2 rule 7)
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
MAX_MEMBERS = 2_000
MAX_RATIO = 100
RATIO_MIN_BYTES = 256 * 1024  # small members may compress better than 100:1 harmlessly
MAX_ROWS = 50_000
MAX_COLUMNS = 200
MAX_MERGES = 10_000
MAX_CELL_CHARS = 32_767  # Excel's own limit; a longer cell was not written by Excel or WPS


class ImportFailed(Exception):
    """The file as a whole cannot be read: not xlsx, failed the pre-check, or unparseable."""

    def __init__(self, code: str, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en


# =========================================================================== pre-check

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: the stream an encrypted (password-protected) OOXML file keeps inside its OLE container
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_BAD_NAME = re.compile(r"(^[/\\])|(^[A-Za-z]:)|(\\)|(^|/)\.\.(/|$)|[\x00-\x1f]")
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
#: the root element's start tag: "<" then a name (the prolog has only <?…?>, <!--…--> and <!…>)
_ROOT_TAG = re.compile(rb"<[A-Za-z_]")
_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\s")
MAX_PROLOG_BYTES = 1024 * 1024
MAX_SHEETS = 200
MAX_WORKBOOK_XML_BYTES = 4 * 1024 * 1024


def fail(code: str, zh: str, en: str) -> ImportFailed:
    return ImportFailed(code, zh, en)


def file_head(path: Path) -> tuple[int, bytes]:
    """The file's size and first 4 KiB; refuses an unreadable file or one above 20 MB."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise fail("unreadable", f"无法读取文件：{path}（{exc.strerror or exc}）",
                    f"cannot read {path}: {exc.strerror or exc}") from None  # fmt: skip
    if size > MAX_FILE_BYTES:
        raise fail("too_large", f"文件过大（{size / 1048576:.1f} MB），上限为 20 MB",
                    f"file too large ({size} bytes); the limit is 20 MB")  # fmt: skip
    return size, head


def precheck(path: Path) -> None:
    """Refuse a file that is not a sane xlsx before any XML parser sees it."""
    _size, head = file_head(path)
    if head.startswith(OLE_MAGIC):
        _refuse_ole(path)
    if not head.startswith(b"PK"):
        _refuse_not_zip(head)
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            _check_members(infos)
            for info in infos:
                if info.filename.endswith((".xml", ".rels", ".vml")):
                    with zf.open(info) as member:
                        _check_prolog(member, info.filename)
            _check_sheet_count(zf)
    except ImportFailed:
        raise
    except Exception as exc:  # BadZipFile, zlib.error, EOFError, NotImplementedError, ...
        raise fail("file_corrupt", "文件已损坏或不是有效的 .xlsx 文件",
                    f"the file is damaged or not a valid .xlsx ({type(exc).__name__})") from None  # fmt: skip


def _refuse_ole(path: Path) -> None:
    """An OLE compound file: a password-protected xlsx, or an .xls / .et workbook."""
    if ENCRYPTED_PACKAGE in path.read_bytes():  # ≤ 20 MB, checked above
        raise fail("encrypted", "文件设置了打开密码（已加密），请在 Excel/WPS 中取消密码并另存为 .xlsx 后再导入",
                    "the workbook is password-protected (encrypted); remove the password and "
                    "save it as .xlsx")  # fmt: skip
    raise fail("not_xlsx", "不是 Excel 2007+ 格式（这是 Excel 97-2003 .xls 或 WPS .et 文件），"
                "请在 Excel/WPS 中另存为 .xlsx 后再导入",
                "not an Excel 2007+ file (an Excel 97-2003 .xls or WPS .et file); "
                "save it as .xlsx")  # fmt: skip


def _refuse_not_zip(head: bytes) -> None:
    """Not a zip: say so, and name the usual culprit (CSV or text saved with an .xlsx name)."""
    text = None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" is UTF-16
        encodings: tuple[str, ...] = ("utf-16",)
        sample = head
    else:
        encodings = ("utf-8", "gb18030")
        sample = head.removeprefix(b"\xef\xbb\xbf")
    for encoding in encodings:
        try:  # incremental: the 4 KiB sample may end inside a character
            text = codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
            break
        except UnicodeDecodeError:
            continue
    if text is not None and text.strip() and all(ch.isprintable() or ch in "\r\n\t" for ch in text):
        raise fail("not_xlsx", "不是 Excel 2007+ 格式（.xlsx）的文件：这是文本或 CSV 文件，"
                    "请在 Excel/WPS 中打开并另存为 .xlsx 后再导入",
                    "not an Excel 2007+ (.xlsx) file: this is a text or CSV file; "
                    "open it in Excel/WPS and save it as .xlsx")  # fmt: skip
    raise fail("not_xlsx", "不是 Excel 2007+ 格式（.xlsx）的文件",
                "not an Excel 2007+ (.xlsx) file")  # fmt: skip


def _check_prolog(member: Any, name: str) -> None:
    """No DTD before the root element (billion laughs, external entities), however long the prolog."""
    seen = b""
    total = 0
    while True:
        chunk = member.read(16384)
        total += len(chunk)
        seen += chunk
        if _DTD.search(seen):
            raise fail("dtd", "文件包含不允许的 XML 文档类型声明（DTD），已拒绝导入",
                        f"the file contains an XML DTD ({name})")  # fmt: skip
        if not chunk or _ROOT_TAG.search(seen):
            return
        if total > MAX_PROLOG_BYTES:
            raise fail("file_corrupt", "文件已损坏或不是有效的 .xlsx 文件",
                        f"no root element in the first {MAX_PROLOG_BYTES} bytes of {name}")  # fmt: skip
        seen = seen[-16:]  # a tag may straddle two chunks


def _check_sheet_count(zf: zipfile.ZipFile) -> None:
    info = zf.getinfo("xl/workbook.xml")
    if info.file_size > MAX_WORKBOOK_XML_BYTES:
        raise fail("too_many_sheets", "工作簿结构过大（工作表过多），已拒绝导入",
                    f"xl/workbook.xml is {info.file_size} bytes")  # fmt: skip
    count = len(_SHEET_TAG.findall(zf.read(info)))
    if count > MAX_SHEETS:
        raise fail("too_many_sheets", f"工作表过多（{count} 个，上限 {MAX_SHEETS} 个）",
                    f"too many sheets ({count}; limit {MAX_SHEETS})")  # fmt: skip


def _check_members(infos: Sequence[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_MEMBERS:
        raise fail("too_many_parts", f"文件内部部件过多（{len(infos)} 个，上限 {MAX_MEMBERS}）",
                    f"too many parts in the file ({len(infos)}; limit {MAX_MEMBERS})")  # fmt: skip
    names: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if not name or len(name) > 255 or _BAD_NAME.search(name) or name in names:
            raise fail("bad_part_name", "文件内部部件名称异常，文件可能已被篡改或损坏",
                        f"malformed or duplicated part name {name!r}")  # fmt: skip
        names.add(name)
        if info.flag_bits & 0x1:
            raise fail("encrypted", "文件已加密，请去除密码后再导入",
                        "the file is encrypted; remove the password first")  # fmt: skip
        total += info.file_size
        if info.file_size > RATIO_MIN_BYTES and (
            info.compress_size == 0 or info.file_size / info.compress_size > MAX_RATIO
        ):
            raise fail("zip_bomb", "文件压缩比异常（疑似压缩炸弹），已拒绝导入",
                        f"abnormal compression ratio in {name!r} (zip bomb?)")  # fmt: skip
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise fail("too_large", "文件解压后过大（超过 200 MB），已拒绝导入",
                    "the file expands to more than 200 MB")  # fmt: skip
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise fail("not_xlsx", "不是 Excel 2007+ 格式（.xlsx）的文件",
                    "not an Excel 2007+ (.xlsx) workbook")  # fmt: skip


# =========================================================================== parse


class CellError(str):
    """An Excel error value (#REF!, #N/A, #VALUE!…) as cached in the file: never data."""


class BadNumber(str):
    """The text of a number cell that is no number (NaN, 1,5, …): reported at its cell."""


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _bad_structure(number: int, what_zh: str, what_en: str) -> ImportFailed:
    return fail("bad_structure", f"工作表结构异常（第{number}行{what_zh}），"
                 "请在 Excel/WPS 中打开并另存为 .xlsx 后再导入",
                 f"malformed sheet (row {number}: {what_en}); open and save it in Excel/WPS")  # fmt: skip


@dataclass(slots=True)
class Book:
    """What import needs of a workbook: its parts, shared strings, date styles, sheet list."""

    archive: zipfile.ZipFile
    sheets: list[tuple[str, str | None]]  # (title, worksheet part; None for a chartsheet)
    shared_strings: list[Any]
    epoch: Any
    date_formats: set[int]
    timedelta_formats: set[int]


@contextmanager
def open_book(path: Path) -> Iterator[Book]:
    """openpyxl's reader without its read-only worksheets.

    `load_workbook(read_only=True)` parses every sheet that lacks a ``<dimension>`` to its end
    just to size it (a 1,048,576-row sheet took 7.7 s and 100 MB before any row was read), and
    sizes rows from that declared dimension. Here only the manifest, the shared strings, the
    workbook part and the styles are read; rows come from `parse_rows`. The file is passed
    open, so that its name's extension does not matter.
    """
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    with open(path, "rb") as fh:
        reader = ExcelReader(fh, read_only=True, data_only=True)
        try:
            reader.read_manifest()
            reader.read_strings()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)
            sheets = [
                (sheet.name, None if "chartsheet" in (rel.Type or "") else rel.target)
                for sheet, rel in reader.parser.find_sheets()
                if rel.target in reader.valid_files
            ]
            wb = reader.wb
            yield Book(reader.archive, sheets, reader.shared_strings, wb.epoch,
                        wb._date_formats, wb._timedelta_formats)  # fmt: skip
        finally:
            reader.archive.close()


def parse_rows(book: Book, part: str, formulas: set[tuple[int, int]],
               merged: list[tuple[int, int, int, int]] | None = None) -> Iterator[tuple[int, tuple[Any, ...]]]:  # fmt: skip
    """(row number, values) of non-empty rows straight from the sheet XML, with the caps.

    openpyxl's read-only rows are sized from the declared <dimension> (a lie drops rows; hence
    its reset_dimensions()), pad missing rows one by one (a lone row 1,048,576 costs a million
    empty rows) and silently drop cells and rows that are out of order. Reading the parser's
    rows ourselves avoids all three: the dimension is never read, gaps cost nothing, and
    out-of-order or repeated rows and cells are refused. Formula cells are noted in the same
    pass (their cached values are what data_only gives); merged ranges, which the sheet lists
    after its rows, are added to `merged` (first row, first column, last row, last column) once
    every row has been read (at most MAX_MERGES of them).
    """
    from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

    class Parser(WorkSheetParser):  # type: ignore[misc]
        def parse_cell(self, element: Any) -> dict[str, Any]:
            try:
                cell: dict[str, Any] = super().parse_cell(element)
            except ValueError:
                if element.get("t", "n") != "n":
                    raise
                # a number openpyxl cannot cast (int("NaN")): the cell's problem, not the file's
                cell = super().parse_cell(_without_value(element))
                cell["value"] = BadNumber(element.findtext(VALUE_TAG) or "")
            if element.find(FORMULA_TAG) is not None:
                cell["formula"] = True
            return cell

    previous = 0
    with book.archive.open(part) as source:
        parser = Parser(source, book.shared_strings, data_only=True, epoch=book.epoch,
                        date_formats=book.date_formats, timedelta_formats=book.timedelta_formats)  # fmt: skip
        for number, cells in parser.parse():
            if number <= previous:
                raise _bad_structure(number, "顺序颠倒或重复", "rows out of order or repeated")
            previous = number
            values: dict[int, Any] = {}
            for cell in cells:
                column, value = cell["column"], cell["value"]
                if cell["row"] != number:
                    raise _bad_structure(number, "的单元格编号与行号不一致", "cell outside its row")
                if column in values:
                    raise _bad_structure(number, "有重复的单元格", "a repeated cell")
                if cell.get("formula"):
                    formulas.add((number, column))
                if cell["data_type"] == "e" and value is not None:
                    value = CellError(value)
                values[column] = value
            filled = [c for c, v in values.items() if not is_blank(v)]
            if not filled:
                continue
            if number > MAX_ROWS:
                raise fail("too_many_rows", f"工作表行数超过上限 {MAX_ROWS}",
                            f"the sheet has more than {MAX_ROWS} rows")  # fmt: skip
            if max(filled) > MAX_COLUMNS:
                raise fail("too_many_columns", f"工作表列数超过上限 {MAX_COLUMNS}",
                            f"the sheet has more than {MAX_COLUMNS} columns")  # fmt: skip
            row = [None] * max(filled)
            for column in filled:
                row[column - 1] = values[column]
            yield number, tuple(row)
        if merged is not None and parser.merged_cells is not None:
            from openpyxl.utils.cell import range_boundaries

            for merge in parser.merged_cells.mergeCell[:MAX_MERGES]:
                min_col, min_row, max_col, max_row = range_boundaries(merge.ref)
                merged.append((min_row, min_col, max_row, max_col))


def _without_value(element: Any) -> Any:
    """A copy of a <c> element without its <v> (to parse the rest of a cell)."""
    import copy

    from openpyxl.worksheet._reader import VALUE_TAG

    bare = copy.deepcopy(element)
    for child in bare.findall(VALUE_TAG):
        bare.remove(child)
    return bare
