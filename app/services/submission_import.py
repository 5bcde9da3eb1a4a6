"""Department submissions in Excel (项目申报表): check every row first, then import.

The pipeline follows RELIABILITY.md §2 rule 7:

1. **Pre-check** and 2. **Parse** with the shared reader, `app.services.xlsx_reader` (the zip
   checks, rows straight from the sheet parser, the caps); any exception while parsing
   becomes ``ImportFailed("file_corrupt", …)``.
3. **Validate** every row in one pass; each problem is an `ImportIssue` with the sheet,
   the row and the column letter as Excel numbers them (「项目申报 第5行 D列」).
4. **Persist** in one transaction (`import_submission`): by default nothing is written if
   any row has an issue; with ``valid_rows_only=True`` the valid rows are written.

**Which project a row is.** The key is 项目编码 when the cell is filled; otherwise it is
(建设单位, 项目名称). A row whose key matches an existing project updates it, so importing the
same file twice updates and never duplicates. A new project without a code gets a generated
one (``JJ-<申报年度>-NNN``). A code that is new while the same unit already has a project of
that name is an issue (it would create a duplicate).

**Cells.** Text is stripped and sanitized; a text cell starting with "=" is kept as text.
Money is 万元 with at most 4 decimals, read exactly: a number cell at Excel's own precision
of 15 significant digits (so the 0.30000000000000004 of 0.1+0.2 is 0.3), a text cell after
NFKC (full-width digits) with thousands separators and an optional "万元"/"万" suffix removed;
stored as integer yuan through `app.rules.money.wan_to_yuan` (negatives, NaN, infinities and
a fifth decimal are issues). Dates are date cells (the time of day is ignored; a date cell
before 1900-03-01 is an issue, Excel's calendar being wrong there), or text in YYYY-MM-DD,
YYYY/MM/DD, YYYY.MM.DD, YYYYMMDD or YYYY年M月D日, or an 8-digit number YYYYMMDD. Yes/no
cells take 是/否. An Excel error value (#REF!…), a cell longer than Excel's 32,767 characters
and a formula whose cached value is missing (open and save the file in Excel first) are
issues. Text is stripped of surrounding spaces. Units
are matched by full name or short name; an unknown unit is an issue, never created.
On update an empty optional cell leaves the stored value unchanged, and the units of 参建单位
and the departments of 技术审查参与部门 are added (none is removed).

**Second reading (issue 17).** 是否部署政务云 takes 是/否/未记录 (a new project left empty is
未记录, which DOS-CLOUD does not read as "on the cloud"). 数据资源目录 and 密码应用方案 take
缺/已提交/已通过 and never 不适用: they are the 必备条件 of Art 14, and a cell saying 不适用 is an
issue at that cell. 采购方式/采购日期 (Art 15), the latest 等保测评/密评 dates (Art 16, 17, 31) and
the departments of the technical review (Art 9, recorded on the evaluation document, which is
created as 已提交 when it was not recorded) complete the columns.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    Document,
    DocumentPart,
    ListEntry,
    PlanLine,
    Project,
    ProjectParticipant,
    Unit,
)
from app.models.db import Store
from app.reports.plan_xlsx import BASIS_LABELS  # 纳入依据 wording, shared with the plan tables
from app.reports.submission_columns import (  # noqa: F401 - the sheet's layout, this module's API too
    CLOUD_CHOICES,
    COLUMNS,
    DEPARTMENT_BY_LABEL,
    DEPARTMENT_LABELS,
    DOC_STATUS_BY_LABEL,
    DOC_STATUS_LABELS,
    DOCUMENT_COLUMNS,
    HELP_SHEET_NAME,
    NO,
    NOT_APPLICABLE_LABEL,
    PROCUREMENT_BY_LABEL,
    SHEET_NAME,
    TYPE_LABELS,
    UNRECORDED,
    YES,
    ColumnSpec,
    ImportIssue,
)
from app.rules.checklists import NEVER_NOT_APPLICABLE
from app.rules.dates import DATE_FORMS_EN, DATE_FORMS_ZH, DateFormatError, parse_date
from app.rules.facts import (
    ConstructionType,
    DocKind,
    DocStatus,
    ListBasis,
    ProcurementMethod,
    ReviewDepartment,
)
from app.rules.money import MoneyError, wan_to_yuan
from app.services.atomic import sanitize_text
from app.services.audit import file_digests, record_event
from app.services.roles import drc_only
from app.services.xlsx_reader import (  # noqa: F401 - ImportFailed and the caps are this module's API too
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    BadNumber,
    Book,
    CellError,
    ImportFailed,
    precheck,
)
from app.services.xlsx_reader import fail as _fail
from app.services.xlsx_reader import is_blank as _blank
from app.services.xlsx_reader import open_book as _open_book
from app.services.xlsx_reader import parse_rows as _parse_rows

HEADER_SCAN_ROWS = 20
MAX_YEAR_SPAN = (2000, 2100)
MAX_WAN_DIGITS = 12  # integer digits of 万元 (below 10^12 万元)

BASIS_BY_LABEL = {label: basis for basis, label in BASIS_LABELS.items()}


COLUMN_BY_KEY = {c.key: c for c in COLUMNS}


def normalize_header(text: object) -> str:
    """Header text for matching: NFKC (full-width brackets), no spaces, no '*' marks."""
    value = unicodedata.normalize("NFKC", str(text or ""))
    return re.sub(r"[\s*＊]", "", value)


HEADER_INDEX = {normalize_header(c.header): c for c in COLUMNS}


# =========================================================================== results


@dataclass(slots=True)
class SubmissionRow:
    """A valid row, typed. None means "cell left empty" (defaults apply on create)."""

    row: int
    code: str | None
    name: str
    unit_id: int
    type: ConstructionType
    total_yuan: int
    year: int
    basis: ListBasis | None = None
    consent_number: str | None = None
    content: str | None = None
    cross_department: bool | None = None
    participant_ids: tuple[int, ...] | None = None
    classified: bool | None = None
    new_civil_works: bool | None = None
    high_energy: bool | None = None
    cloud_justification: str | None = None
    implementing_agency: str | None = None
    responsible_person: str | None = None
    planned_completion_on: date | None = None
    declared_yuan: int | None = None
    plan_yuan: int | None = None
    #: 是/否/未记录 as "yes" / "no" / "unrecorded"; None: the cell was empty
    on_gov_cloud_choice: str | None = None
    data_catalogue: DocStatus | None = None
    crypto_plan: DocStatus | None = None
    review_departments: tuple[ReviewDepartment, ...] | None = None
    procurement_method: ProcurementMethod | None = None
    procurement_on: date | None = None
    mlps_assessed_on: date | None = None
    crypto_assessed_on: date | None = None
    #: the existing project this row updates (None: a new project)
    project_id: int | None = None


@dataclass(slots=True)
class ImportReport:
    sheet: str
    rows: list[SubmissionRow] = field(default_factory=list)  # valid rows
    issues: list[ImportIssue] = field(default_factory=list)
    data_rows: int = 0  # non-empty data rows seen
    missing_columns: list[str] = field(default_factory=list)  # required headers not found

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def bad_rows(self) -> list[int]:
        return sorted({i.row for i in self.issues})


@dataclass(frozen=True, slots=True)
class ImportResult:
    created: int
    updated: int
    skipped: int  # rows not imported because of issues
    issues: tuple[ImportIssue, ...] = ()

    @property
    def refused(self) -> bool:
        return bool(self.issues)


# =========================================================================== parse


@dataclass(slots=True)
class RawSheet:
    title: str
    rows: list[tuple[int, tuple[Any, ...]]]  # (Excel row number, values), non-empty rows only
    formulas: set[tuple[int, int]]  # (row, column) of formula cells (from the raw XML)


def read_sheet(path: Path) -> RawSheet:
    """Parse the submission sheet; any parsing exception becomes ImportFailed("file_corrupt")."""
    precheck(path)
    try:
        return _read_sheet(path)
    except ImportFailed:
        raise
    except Exception as exc:  # the exception boundary (openpyxl raises many kinds)
        raise _fail("file_corrupt", "文件已损坏，无法读取（请在 Excel/WPS 中打开并另存为 .xlsx）",
                    f"the file cannot be parsed ({type(exc).__name__})") from None  # fmt: skip


def _find_sheet(book: Book) -> tuple[str, str | None]:
    """The sheet named 项目申报, else the first of 20 whose first rows hold the header."""
    for title, part in book.sheets:
        if title == SHEET_NAME:
            return title, part
    for title, part in book.sheets[:20]:
        if part is None:
            continue
        for number, values in _parse_rows(book, part, set()):
            if _header_map(values):
                return title, part
            if number > HEADER_SCAN_ROWS:
                break
    raise _fail("no_sheet", f"找不到“{SHEET_NAME}”工作表或其表头，请使用导出的模板填写",
                f"no sheet {SHEET_NAME!r} with the template's headers; use the template")  # fmt: skip


def _read_sheet(path: Path) -> RawSheet:
    with _open_book(path) as book:
        title, part = _find_sheet(book)
        if part is None:
            raise _fail("no_sheet", f"“{title}”不是数据工作表", f"{title!r} is not a worksheet")
        formulas: set[tuple[int, int]] = set()
        rows = list(_parse_rows(book, part, formulas))
        return RawSheet(title, rows, formulas)


def _header_map(values: Sequence[Any]) -> dict[str, int]:
    """column key → 0-based index, when `values` looks like the header row (≥ 3 known names)."""
    found: dict[str, int] = {}
    for index, value in enumerate(values):
        if isinstance(value, str):
            spec = HEADER_INDEX.get(normalize_header(value))
            if spec is not None and spec.key not in found:
                found[spec.key] = index
    return found if len(found) >= 3 else {}


# =========================================================================== validation


def column_letter(index0: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index0 + 1)


class _RowChecker:
    """Typed values of one row; records an issue per bad cell instead of stopping."""

    def __init__(self, ctx: _Context, number: int, values: tuple[Any, ...]) -> None:
        self.ctx = ctx
        self.number = number
        self.values = values
        self.issues: list[ImportIssue] = []

    def issue(self, key: str | None, zh: str, en: str) -> None:
        letter = "" if key is None else column_letter(self.ctx.columns[key])
        self.issues.append(ImportIssue(self.ctx.sheet, self.number, letter, zh, en))

    def raw(self, key: str) -> Any:
        index = self.ctx.columns.get(key)
        if index is None:
            return None
        value = self.values[index] if index < len(self.values) else None
        if value is None and (self.number, index + 1) in self.ctx.formulas:
            self.issue(key, "公式没有计算结果，请在 Excel/WPS 中打开并保存后再导入，或直接填写数值",
                       "a formula without a cached value; open and save the file in Excel, "
                       "or enter the value")  # fmt: skip
            return _MISSING
        if isinstance(value, CellError):
            self.issue(key, f"单元格是错误值 {value[:20]}，请改为实际的数值或文字",
                       f"the cell holds the error value {value[:20]}")  # fmt: skip
            return _MISSING
        if isinstance(value, BadNumber):
            self.issue(key, f"单元格中的数值无效（{value[:20]}），请重新填写",
                       f"the cell holds an invalid number ({value[:20]})")  # fmt: skip
            return _MISSING
        if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            self.issue(key, f"单元格内容超过 Excel 上限（{len(value)} 字，上限 {MAX_CELL_CHARS} 字）",
                       f"more than Excel's {MAX_CELL_CHARS} characters in a cell ({len(value)})")  # fmt: skip
            return _MISSING
        return value

    def text(self, key: str) -> str | None:
        value = self.raw(key)
        if value is _MISSING or _blank(value):
            return None
        spec = COLUMN_BY_KEY[key]
        if isinstance(value, bool):
            self.issue(key, "应填写文字", "text expected")
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, datetime):
            value = value.date()
        text = sanitize_text(value.isoformat() if isinstance(value, date) else value).strip()
        if spec.max_len and len(text) > spec.max_len:
            self.issue(key, f"内容过长（{len(text)} 字，上限 {spec.max_len} 字）",
                       f"too long ({len(text)} characters; limit {spec.max_len})")  # fmt: skip
            return None
        return text

    def required(self, key: str, value: Any) -> None:
        if value is None and not self._reported(key):
            header = COLUMN_BY_KEY[key].header
            self.issue(key, f"“{header}”为必填项", f"{header} is required")

    def _reported(self, key: str) -> bool:
        letter = column_letter(self.ctx.columns[key]) if key in self.ctx.columns else ""
        return any(i.column_letter == letter and letter for i in self.issues)

    def money(self, key: str) -> int | None:
        value = self.raw(key)
        if value is _MISSING or _blank(value):
            return None
        if isinstance(value, (bool, datetime, date)):
            self.issue(key, "应填写金额（万元）", "an amount in 万元 expected")
            return None
        if isinstance(value, float):
            text = f"{value:.15g}"  # Excel's precision, 15 significant digits: 0.1+0.2 → 0.3
        elif isinstance(value, int):
            text = str(value)
        else:
            text = unicodedata.normalize("NFKC", str(value)).strip()
            text = text.removesuffix("万元").removesuffix("万").strip()
        try:
            amount = Decimal(text.replace(",", ""))
        except InvalidOperation:
            amount = None
        if amount is None or not amount.is_finite():
            self.issue(key, f"“{text}”不是有效金额（万元）", f"{text!r} is not an amount in 万元")
            return None
        if amount.adjusted() >= MAX_WAN_DIGITS:
            self.issue(key, "金额过大", "amount too large")
            return None
        try:
            return wan_to_yuan(amount)
        except MoneyError as exc:
            self.issue(key, exc.message_zh, exc.message_en)
            return None

    def year(self, key: str) -> int | None:
        value = self.raw(key)
        if value is _MISSING or _blank(value):
            return None
        number: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str):
            text = unicodedata.normalize("NFKC", value).strip().removesuffix("年")
            number = int(text) if re.fullmatch(r"\d{4}", text) else None
        low, high = MAX_YEAR_SPAN
        if number is None or not low <= number <= high:
            self.issue(
                key, f"年度应为 {low}—{high} 之间的四位年份", f"a year {low}–{high} expected"
            )
            return None
        return number

    def choice(self, key: str, options: dict[str, Any]) -> Any:
        text = self.text(key)
        if text is None:
            return None
        value = options.get(unicodedata.normalize("NFKC", text).replace(" ", ""))
        if value is None:
            listed = "、".join(options)
            self.issue(key, f"“{text}”不在可选范围内（{listed}）",
                       f"{text!r} is not one of the allowed values")  # fmt: skip
        return value

    def boolean(self, key: str) -> bool | None:
        value = self.raw(key)
        if isinstance(value, bool):
            return value
        return self.choice(key, _YES_NO)  # type: ignore[no-any-return]

    def cloud(self, key: str) -> str | None:
        """是/否/未记录 → "yes" / "no" / "unrecorded" (None: the cell is empty)."""
        value = self.raw(key)
        if isinstance(value, bool):
            return "yes" if value else "no"
        return self.choice(key, _CLOUD)  # type: ignore[no-any-return]

    def doc_status(self, key: str) -> DocStatus | None:
        """缺/已提交/已通过 of a 必备条件; 不适用 is refused at its cell (Art 14)."""
        text = self.text(key)
        if text is None:
            return None
        if unicodedata.normalize("NFKC", text).replace(" ", "") == NOT_APPLICABLE_LABEL:
            why_zh, why_en = NEVER_NOT_APPLICABLE[DOCUMENT_COLUMNS[key]]
            header = COLUMN_BY_KEY[key].header
            self.issue(key, f"“{header}”不能填“不适用”：{why_zh}",
                       f"{header} can never be not applicable: {why_en}")  # fmt: skip
            return None
        return self.choice(key, DOC_STATUS_BY_LABEL)  # type: ignore[no-any-return]

    def departments(self, key: str) -> tuple[ReviewDepartment, ...] | None:
        text = self.text(key)
        if text is None:
            return None
        found: list[ReviewDepartment] = []
        for part in _UNIT_SEPARATORS.split(text):
            label = unicodedata.normalize("NFKC", part).replace(" ", "")
            if not label:
                continue
            department = DEPARTMENT_BY_LABEL.get(label)
            if department is None:
                self.issue(key, f"“{part.strip()}”不是第九条所列的技术审查部门（{'、'.join(DEPARTMENT_LABELS.values())}）",
                           f"{part.strip()!r} is not one of the Art 9 review departments")  # fmt: skip
            elif department not in found:
                found.append(department)
        return tuple(sorted(found, key=list(ReviewDepartment).index))

    def day(self, key: str) -> date | None:
        value = self.raw(key)
        if value is _MISSING or _blank(value):
            return None
        if isinstance(value, (datetime, date)):
            day = value.date() if isinstance(value, datetime) else value  # time of day ignored
            if day < FIRST_EXCEL_DAY:
                self.issue(key, f"日期单元格的值不可靠（{day.isoformat()}，早于1900年3月1日：Excel 的"
                           "1900年2月29日并不存在），请以 YYYY-MM-DD 填写",
                           f"a date cell before 1900-03-01 ({day}) is not reliable in Excel's "
                           "calendar; write it as YYYY-MM-DD text")  # fmt: skip
                return None
            return day
        if (
            isinstance(value, int)
            and not isinstance(value, bool)
            and 10_000_000 <= value <= 99_999_999
        ):
            value = str(value)  # 20240305 typed as a number: YYYYMMDD
        if isinstance(value, str):
            try:
                return parse_date(value)
            except DateFormatError as exc:
                if exc.no_such_day:
                    self.issue(key, f"日期不存在：{exc.text}", f"no such date: {exc.text}")
                    return None
        self.issue(key, f"日期格式不正确：{value}（应为日期单元格，或 {DATE_FORMS_ZH}）",
                   f"not a date: {value!r} (expected a date cell, or {DATE_FORMS_EN})")  # fmt: skip
        return None

    def unit(self, key: str, text: str) -> int | None:
        ids = self.ctx.units.get(text)
        if not ids:
            self.issue(key, f"未找到单位“{text}”（请填写系统中已登记单位的全称或简称）",
                       f"unknown unit {text!r} (use a registered unit's full or short name)")  # fmt: skip
            return None
        if len(ids) > 1:
            self.issue(key, f"单位简称“{text}”对应多个单位，请填写全称",
                       f"{text!r} matches several units; use the full name")  # fmt: skip
            return None
        return next(iter(ids))


_MISSING = object()
_YES_NO = {YES: True, NO: False, "Y": True, "N": False}
_CLOUD = {YES: "yes", NO: "no", UNRECORDED: "unrecorded", "Y": "yes", "N": "no"}
#: Excel's 1900 calendar counts a 29 February 1900 that never was: earlier serials are unreliable
FIRST_EXCEL_DAY = date(1900, 3, 1)
_UNIT_SEPARATORS = re.compile(r"[、,，;；\n]+")


@dataclass(slots=True)
class _Context:
    sheet: str
    columns: dict[str, int]
    formulas: set[tuple[int, int]]
    units: dict[str, set[int]]  # full and short names → unit ids
    by_code: dict[str, int]  # project code → id
    by_unit_name: dict[tuple[int, str], list[int]]  # (unit id, name) → project ids
    code_of: dict[int, str]
    seen_keys: dict[Any, int] = field(default_factory=dict)  # key → first row in this file


def _load_context(session: Session, sheet: str, columns: dict[str, int],
                  formulas: set[tuple[int, int]]) -> _Context:  # fmt: skip
    units: dict[str, set[int]] = {}
    for uid, name, short in session.execute(select(Unit.id, Unit.name, Unit.short_name)):
        for label in (name, short):
            label = (label or "").strip()
            if label:
                units.setdefault(label, set()).add(uid)
    by_code: dict[str, int] = {}
    by_unit_name: dict[tuple[int, str], list[int]] = {}
    code_of: dict[int, str] = {}
    for pid, code, unit_id, name in session.execute(
        select(Project.id, Project.code, Project.unit_id, Project.name)
    ):
        by_code[code] = pid
        code_of[pid] = code
        by_unit_name.setdefault((unit_id, name.strip()), []).append(pid)
    return _Context(sheet, columns, formulas, units, by_code, by_unit_name, code_of)


def _check_row(ctx: _Context, number: int, values: tuple[Any, ...]) -> tuple[SubmissionRow | None, list[ImportIssue]]:  # fmt: skip
    c = _RowChecker(ctx, number, values)
    code = c.text("code")
    name = c.text("name")
    c.required("name", name)
    unit_text = c.text("unit")
    c.required("unit", unit_text)
    unit_id = c.unit("unit", unit_text) if unit_text else None
    ctype = c.choice("type", {t.value: t for t in ConstructionType})
    c.required("type", ctype)
    total = c.money("total")
    c.required("total", total)
    year = c.year("year")
    c.required("year", year)
    basis = c.choice("basis", BASIS_BY_LABEL)
    participants: tuple[int, ...] | None = None
    participants_text = c.text("participants")
    if participants_text:
        ids = []
        for part in _UNIT_SEPARATORS.split(participants_text):
            part = part.strip()
            if part:
                uid = c.unit("participants", part)
                if uid is not None and uid != unit_id and uid not in ids:
                    ids.append(uid)
        participants = tuple(ids)
    row = SubmissionRow(
        row=number, code=code, name=name or "", unit_id=unit_id or 0,
        type=ctype or ConstructionType.NEW, total_yuan=total or 0, year=year or 0, basis=basis,
        consent_number=c.text("consent_number"), content=c.text("content"),
        cross_department=c.boolean("cross_department"), participant_ids=participants,
        classified=c.boolean("classified"), new_civil_works=c.boolean("new_civil_works"),
        high_energy=c.boolean("high_energy"), on_gov_cloud_choice=c.cloud("on_gov_cloud"),
        cloud_justification=c.text("cloud_justification"),
        data_catalogue=c.doc_status("data_catalogue"), crypto_plan=c.doc_status("crypto_plan"),
        review_departments=c.departments("review_departments"),
        procurement_method=c.choice("procurement_method", PROCUREMENT_BY_LABEL),
        procurement_on=c.day("procurement_on"), mlps_assessed_on=c.day("mlps_assessed_on"),
        crypto_assessed_on=c.day("crypto_assessed_on"),
        implementing_agency=c.text("implementing_agency"),
        responsible_person=c.text("responsible_person"),
        planned_completion_on=c.day("planned_completion_on"),
        declared_yuan=c.money("declared"), plan_yuan=c.money("plan_amount"),
    )  # fmt: skip
    if name and unit_id:
        _match_project(c, row)
    if c.issues:
        return None, c.issues
    return row, []


def _match_project(c: _RowChecker, row: SubmissionRow) -> None:
    """Find the project the row updates, and refuse keys repeated within the file."""
    ctx = c.ctx
    same_name = ctx.by_unit_name.get((row.unit_id, row.name), [])
    if row.code:
        key: Any = ("code", row.code)
        key_col = "code"
        row.project_id = ctx.by_code.get(row.code)
        if row.project_id is None and same_name:
            others = "、".join(ctx.code_of[p] for p in same_name)
            c.issue("code", f"该单位已有同名项目（编码 {others}），请填写该编码或修改项目名称",
                    f"the unit already has a project of this name (code {others})")  # fmt: skip
    else:
        key = ("unit_name", row.unit_id, row.name)
        key_col = "name"
        if len(same_name) > 1:
            c.issue("name", "该单位有多个同名项目，请填写项目编码",
                    "several projects of this unit have this name; give the project code")  # fmt: skip
        elif same_name:
            row.project_id = same_name[0]
    if row.project_id is not None:
        key = ("project", row.project_id)
    first = ctx.seen_keys.setdefault(key, row.row)
    if first != row.row:
        c.issue(key_col, f"与第{first}行是同一项目（重复）",
                f"the same project as row {first} (duplicate)")  # fmt: skip


def check_raw(raw: RawSheet, session: Session) -> ImportReport:
    """Validate parsed rows against the store: every issue in one pass."""
    report = ImportReport(raw.title)
    header_row = 0
    columns: dict[str, int] = {}
    for number, values in raw.rows:
        if number > HEADER_SCAN_ROWS:
            break
        columns = _header_map(values)
        if columns:
            header_row = number
            break
    if not columns:
        raise _fail("no_header", f"“{raw.title}”中找不到表头（项目名称、建设单位……），请使用导出的模板填写",
                    f"no header row in {raw.title!r}; use the template")  # fmt: skip
    missing = [c for c in COLUMNS if c.required and c.key not in columns]
    for spec in missing:
        report.missing_columns.append(spec.header)
        report.issues.append(ImportIssue(raw.title, header_row, "", f"缺少必填列“{spec.header}”",
                                         f"required column {spec.header!r} is missing"))  # fmt: skip
    if missing:
        return report
    ctx = _load_context(session, raw.title, columns, raw.formulas)
    for number, values in raw.rows:
        if number <= header_row:
            continue
        report.data_rows += 1
        row, issues = _check_row(ctx, number, values)
        if row is not None:
            report.rows.append(row)
        report.issues.extend(issues)
    return report


def check_submission(path: str | Path, session: Session) -> ImportReport:
    """Pre-check, parse and validate a submission; raises ImportFailed for an unreadable file."""
    return check_raw(read_sheet(Path(path)), session)


# =========================================================================== persist

_PROJECT_FIELDS = (
    "content", "cross_department", "classified", "new_civil_works", "high_energy",
    "cloud_justification", "implementing_agency", "responsible_person",
    "planned_completion_on", "procurement_method", "procurement_on", "mlps_assessed_on",
    "crypto_assessed_on",
)  # fmt: skip
_CLOUD_VALUE: dict[str, bool | None] = {"yes": True, "no": False, "unrecorded": None}


@drc_only("导入部门申报表", "import a department submission")
def import_submission(
    store: Store, path: str | Path, *, valid_rows_only: bool = False
) -> ImportResult:
    """Check, then write in one transaction. See the module docstring for the key rule.

    By default nothing is written when any row has an issue; with `valid_rows_only` the
    valid rows are written and the others counted as skipped. Raises ImportFailed for a file
    that cannot be read at all.
    """
    raw = read_sheet(Path(path))  # parse outside the write transaction
    with store.write() as session:
        report = check_raw(raw, session)
        bad = len(report.bad_rows)
        if report.issues and (not valid_rows_only or report.missing_columns):
            return ImportResult(0, 0, report.data_rows, tuple(report.issues))
        created, updated = _persist(session, report.rows)
        record_event(session, "import", "import", f"导入部门申报表：{Path(path).name}", after={
            **file_digests(path), "created": created, "updated": updated, "skipped": bad})  # fmt: skip
    return ImportResult(created, updated, bad, tuple(report.issues))


def _persist(session: Session, rows: list[SubmissionRow]) -> tuple[int, int]:
    existing_ids = [r.project_id for r in rows if r.project_id is not None]
    projects: dict[int, Project] = {}
    for chunk in _chunks(existing_ids, 500):
        for p in session.scalars(select(Project).where(Project.id.in_(chunk))):
            projects[p.id] = p
    entries: dict[tuple[int, int], ListEntry] = {}
    lines: dict[tuple[int, int], PlanLine] = {}
    participants: dict[int, set[int]] = {}
    documents: dict[tuple[int, DocKind], Document] = {}
    kinds = [*DOCUMENT_COLUMNS.values(), DocKind.EVALUATION]
    for chunk in _chunks(existing_ids, 500):
        for doc in session.scalars(
            select(Document).where(Document.project_id.in_(chunk), Document.kind.in_(kinds))
        ):
            documents[(doc.project_id, doc.kind)] = doc
        for e in session.scalars(select(ListEntry).where(ListEntry.project_id.in_(chunk))):
            entries[(e.project_id, e.year)] = e
        for line in session.scalars(select(PlanLine).where(PlanLine.project_id.in_(chunk))):
            lines[(line.project_id, line.year)] = line
        for pid, uid in session.execute(
            select(ProjectParticipant.project_id, ProjectParticipant.unit_id).where(
                ProjectParticipant.project_id.in_(chunk)
            )
        ):
            participants.setdefault(pid, set()).add(uid)
    codes = _CodeMaker(session, {r.code for r in rows if r.code})
    created = updated = 0
    for r in rows:
        if r.project_id is None:
            project = Project(
                code=r.code or codes.next(r.year), name=r.name, unit_id=r.unit_id, type=r.type,
                total_investment_yuan=r.total_yuan, declared_yuan=r.declared_yuan,
            )  # fmt: skip
            for name in _PROJECT_FIELDS:
                value = getattr(r, name)
                setattr(project, name, COLUMN_BY_KEY[name].default if value is None else value)
            project.on_gov_cloud = _CLOUD_VALUE[r.on_gov_cloud_choice or "unrecorded"]
            session.add(project)
            created += 1
            new = True
        else:
            project = projects[r.project_id]
            project.name, project.unit_id, project.type = r.name, r.unit_id, r.type
            project.total_investment_yuan = r.total_yuan
            if r.declared_yuan is not None:
                project.declared_yuan = r.declared_yuan
            for name in _PROJECT_FIELDS:
                value = getattr(r, name)
                if value is not None:
                    setattr(project, name, value)
            if r.on_gov_cloud_choice is not None:
                project.on_gov_cloud = _CLOUD_VALUE[r.on_gov_cloud_choice]
            updated += 1
            new = False
        _apply_lines(project, r, new, entries, lines)
        _apply_documents(project, r, new, documents)
        if r.participant_ids is not None:
            have = set() if new else participants.get(r.project_id or 0, set())
            for uid in r.participant_ids:
                if uid not in have:
                    project.participants.append(ProjectParticipant(unit_id=uid))
    session.flush()
    return created, updated


def _apply_lines(project: Project, r: SubmissionRow, new: bool,
                 entries: dict[tuple[int, int], ListEntry],
                 lines: dict[tuple[int, int], PlanLine]) -> None:  # fmt: skip
    entry = None if new else entries.get((project.id, r.year))
    if entry is None:
        entry = ListEntry(year=r.year, basis=r.basis or ListBasis.BUDGET,
                          consent_number=r.consent_number or "")  # fmt: skip
        project.list_entries.append(entry)
    else:
        if r.basis is not None:
            entry.basis = r.basis
        if r.consent_number is not None:
            entry.consent_number = r.consent_number
    if r.plan_yuan is None:
        return
    line = None if new else lines.get((project.id, r.year))
    if line is None:
        project.plan_lines.append(PlanLine(year=r.year, amount_yuan=r.plan_yuan))
    else:
        line.amount_yuan = r.plan_yuan


def _apply_documents(project: Project, r: SubmissionRow, new: bool,
                     documents: dict[tuple[int, DocKind], Document]) -> None:  # fmt: skip
    """The 必备条件 statuses and the technical review's departments (added, none removed)."""

    def document(kind: DocKind, status: DocStatus) -> Document:
        doc = None if new else documents.get((project.id, kind))
        if doc is None:
            doc = Document(kind=kind, status=status)
            project.documents.append(doc)
        return doc

    for key, kind in DOCUMENT_COLUMNS.items():
        status = getattr(r, key)
        if status is not None:
            document(kind, status).status = status
    if r.review_departments:
        evaluation = document(DocKind.EVALUATION, DocStatus.SUBMITTED)  # the review took place
        existing = {p.code: p for p in evaluation.parts if p.part == "department"}
        for department in r.review_departments:
            if department.value in existing:
                existing[department.value].present = True
            else:
                evaluation.parts.append(
                    DocumentPart(part="department", code=department.value, present=True)
                )


class _CodeMaker:
    """Generated codes JJ-<year>-NNN, continuing after the highest one in use."""

    def __init__(self, session: Session, reserved: set[str]) -> None:
        self.next_number: dict[int, int] = {}
        self.used: set[str] = set(session.scalars(select(Project.code))) | reserved

    def next(self, year: int) -> str:
        prefix = f"JJ-{year}-"
        if year not in self.next_number:
            numbers = [int(c[len(prefix):]) for c in self.used
                       if c.startswith(prefix) and c[len(prefix):].isdigit()]  # fmt: skip
            self.next_number[year] = max(numbers, default=0) + 1
        while True:
            n = self.next_number[year]
            self.next_number[year] = n + 1
            code = f"{prefix}{n:03d}"
            if code not in self.used:
                self.used.add(code)
                return code


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def check_submission_file(store: Store, path: str | Path) -> ImportReport:
    """`check_submission` in a read transaction of its own; nothing is written."""
    with store.read() as session:
        return check_submission(path, session)
