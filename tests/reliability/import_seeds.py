"""Seed submissions, a raw xlsx writer and measuring helpers for the import battery (IMP-*).

The raw writer builds a workbook from XML text so that a test controls every cell exactly:
inline strings, numbers as written (`1e309`, `NaN`), date-styled serials, formulas with or
without a cached value, error values, hidden sheets and rows, merged title rows. No file in
the repository: every seed is generated here (RELIABILITY.md §3.6).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter
from sqlalchemy import select

from app.models import Unit
from app.models.db import Store
from app.reports.submission_xlsx import build_template
from app.services.store import open_store
from app.services.submission_import import COLUMNS, SHEET_NAME, TYPE_LABELS

COLUMN = {c.key: i for i, c in enumerate(COLUMNS, start=1)}  # key → 1-based column
LETTER = {c.key: get_column_letter(i) for c, i in zip(COLUMNS, COLUMN.values(), strict=True)}
UNIT_FULL = "重庆市江津区大数据发展局"
UNIT_SHORT = "区公安局"
_CJK = re.compile("[\u4e00-\u9fff]")


def chinese(text: str) -> bool:
    return bool(_CJK.search(text or ""))


# --------------------------------------------------------------------------- cells


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell as XML: kind s (inline string), n (number text), d (date serial), f, e."""

    kind: str
    value: str = ""
    cached: str | None = None  # formulas: the cached value (None: no <v>)

    def xml(self, ref: str) -> str:
        if self.kind == "s":
            return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(self.value)}</t></is></c>'  # fmt: skip
        if self.kind == "n":
            return f'<c r="{ref}"><v>{self.value}</v></c>'
        if self.kind == "d":  # style 1: a date number format (numFmtId 14)
            return f'<c r="{ref}" s="1"><v>{self.value}</v></c>'
        if self.kind == "e":
            return f'<c r="{ref}" t="e"><v>{escape(self.value)}</v></c>'
        if self.kind == "f":
            cached = "" if self.cached is None else f"<v>{self.cached}</v>"
            return f'<c r="{ref}"><f>{escape(self.value)}</f>{cached}</c>'
        raise ValueError(self.kind)


def text(value: str) -> Cell:
    return Cell("s", value)


def number(value: str | int) -> Cell:
    return Cell("n", str(value))


def excel_serial(day: date) -> int:
    return (day - date(1899, 12, 30)).days


def as_cell(value: Any) -> Cell:
    if isinstance(value, Cell):
        return value
    if isinstance(value, date):
        return Cell("d", str(excel_serial(value)))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number(value)
    return text(str(value))


@dataclass(slots=True)
class SheetSpec:
    title: str
    rows: dict[int, dict[int, Cell]] = field(default_factory=dict)  # row → column → cell
    hidden: bool = False
    hidden_rows: frozenset[int] = frozenset()
    merges: tuple[str, ...] = ()
    dimension: str | None = None  # written as declared, true or not

    def put(self, row: int, column: int, value: Any) -> None:
        self.rows.setdefault(row, {})[column] = as_cell(value)

    def put_record(self, row: int, record: Mapping[str, Any]) -> None:
        for key, value in record.items():
            if value is not None:
                self.put(row, COLUMN[key], value)

    def header(self, row: int = 1) -> None:
        for spec in COLUMNS:
            self.put(row, COLUMN[spec.key], spec.header)

    def xml(self) -> bytes:
        parts = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">']  # fmt: skip
        if self.dimension:
            parts.append(f'<dimension ref="{self.dimension}"/>')
        parts.append("<sheetData>")
        for r in sorted(self.rows):
            hidden = ' hidden="1"' if r in self.hidden_rows else ""
            cells = "".join(
                self.rows[r][c].xml(f"{get_column_letter(c)}{r}") for c in sorted(self.rows[r])
            )
            parts.append(f'<row r="{r}"{hidden}>{cells}</row>')
        parts.append("</sheetData>")
        if self.merges:
            merged = "".join(f'<mergeCell ref="{m}"/>' for m in self.merges)
            parts.append(f'<mergeCells count="{len(self.merges)}">{merged}</mergeCells>')
        parts.append("</worksheet>")
        return "".join(parts).encode("utf-8")


_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
).encode()


def workbook_parts(sheets: Sequence[SheetSpec]) -> dict[str, bytes]:
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{ct}.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    state = {True: ' state="hidden"', False: ""}
    sheet_entries = "".join(
        f'<sheet name="{escape(s.title)}" sheetId="{i}"{state[s.hidden]} r:id="rId{i}"/>'
        for i, s in enumerate(sheets, start=1)
    )
    sheet_rels = "".join(
        f'<Relationship Id="rId{i}" Type="{rel}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    n = len(sheets) + 1
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{ct}.styles+xml"/>'
            f"{overrides}</Types>"
        ).encode(),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{pkg}">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ).encode(),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>{sheet_entries}</sheets></workbook>'
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{pkg}">'
            f'{sheet_rels}<Relationship Id="rId{n}" Type="{rel}/styles" Target="styles.xml"/>'
            "</Relationships>"
        ).encode(),
        "xl/styles.xml": _STYLES,
    }
    for i, sheet in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = sheet.xml()
    return parts


def zip_bytes(parts: Mapping[str, bytes], *, stored: bool = False) -> bytes:
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w", method, compresslevel=None if stored else 1) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buffer.getvalue()


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


# --------------------------------------------------------------------------- rows and seeds


def valid_record(n: int, *, year: int = 2027, code: str | None = None) -> dict[str, Any]:
    """A valid submission row (values as a department types them)."""
    return {
        "code": code,
        "name": f"江津区申报测试项目{n}",
        "unit": UNIT_FULL if n % 2 else UNIT_SHORT,
        "type": TYPE_LABELS[n % len(TYPE_LABELS)],
        "total": f"{100 + n}.{n % 10}",
        "content": f"建设内容{n}：数据平台、视频接入",
        "year": year,
        "basis": "部门年度预算安排",
        "cross_department": "否",
        "classified": "否",
        "on_gov_cloud": "是",
        "implementing_agency": "区大数据中心",
        "responsible_person": "张三",
        "planned_completion_on": date(year, 12, 31),
        "declared": "88.1234",
        "plan_amount": 50 + n,
    }


def seed_inline(rows: int = 6) -> dict[str, bytes]:
    """Inline strings, no shared strings, dates as serials: how other producers write xlsx."""
    sheet = SheetSpec(SHEET_NAME, dimension="A1:U7")
    sheet.header()
    for n in range(1, rows + 1):
        sheet.put_record(n + 1, valid_record(n))
    return workbook_parts([sheet])


def seed_titled(rows: int = 6) -> dict[str, bytes]:
    """Another sheet name, a merged title row, the header on row 3, a hidden sheet and row."""
    sheet = SheetSpec("Sheet1", merges=("A1:U1",), hidden_rows=frozenset({5}))
    sheet.put(1, 1, "2027年度政务信息化项目申报表（区大数据局）")
    sheet.header(3)
    for n in range(1, rows + 1):
        record = valid_record(n + 10)
        record["planned_completion_on"] = "2027年3月5日"
        record["total"] = "1,234.5"
        sheet.put_record(n + 3, record)
    hidden = SheetSpec("备注", hidden=True)
    hidden.put(1, 1, "内部备注，不导入")
    return workbook_parts([sheet, hidden])


def seed_template(tmp: Path, rows: int = 5) -> bytes:
    """The app's own template filled with openpyxl (shared strings, styles, validations)."""
    wb = build_template(year=2027)
    ws = wb[SHEET_NAME]
    for n in range(1, rows + 1):
        record = valid_record(n + 20)
        record["total"] = 120.5 + n
        record["declared"] = "１２３４万元"
        for key, value in record.items():
            if value is not None:
                ws.cell(row=n + 1, column=COLUMN[key], value=value)
    path = tmp / "seed-template.xlsx"
    wb.save(path)
    return path.read_bytes()


def seed_exported(store: Store, tmp: Path, year: int = 2026) -> bytes:
    from app.services.submission_export import write_submission

    return write_submission(store, year, tmp / "seed-exported.xlsx").read_bytes()


def all_seeds(store: Store, tmp: Path) -> dict[str, bytes]:
    """Five real-shaped seeds (IMP-1): exported, template, template stored, inline, titled."""
    template = seed_template(tmp)
    return {
        "exported": seed_exported(store, tmp),
        "template": template,
        "template_stored": zip_bytes(unzip(template), stored=True),
        "inline": zip_bytes(seed_inline()),
        "titled": zip_bytes(seed_titled()),
    }


@contextmanager
def memory_folder(fallback: Path) -> Iterator[Path]:
    """A folder in memory when there is one: these tests are about parsing, not about fsync."""
    shm = Path("/dev/shm")
    if not shm.is_dir():
        yield fallback
        return
    folder = Path(tempfile.mkdtemp(prefix="rd-imp-", dir=shm))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def unit_names(source: Store) -> list[tuple[str, str]]:
    with source.read() as s:
        return [(u.name, u.short_name) for u in s.scalars(select(Unit))]


def store_with_units(path: Path, units: Iterable[tuple[str, str]]) -> Store:
    """A new database with only these units (import never creates units)."""
    store = open_store(str(path), create=True)
    with store.write() as s:
        s.add_all(Unit(name=name, short_name=short) for name, short in units)
    return store


# --------------------------------------------------------------------------- measuring


def _status_kib(field_name: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    raise LookupError(field_name)


@dataclass(frozen=True, slots=True)
class Forked:
    result: Any  # what `work` returned (picklable), or None
    error: str  # "ExceptionType: message" when `work` raised, else ""
    seconds: float
    rss_growth_mb: float  # peak RSS of the child minus its RSS at the start


def run_forked(work: Callable[[], Any]) -> Forked:
    """Run `work` in a forked child and measure its own time and peak RSS growth (Linux)."""
    import pickle
    import time

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never returns into pytest
        try:
            os.close(read_end)
            with open("/proc/self/clear_refs", "w") as fh:
                fh.write("5")  # reset the high-water mark to the current RSS
            start_rss = _status_kib("VmRSS")
            start = time.perf_counter()
            try:
                result, error = work(), ""
            except Exception as exc:  # reported to the parent, which asserts on it
                result, error = None, f"{type(exc).__name__}: {exc}"
            seconds = time.perf_counter() - start
            growth = (_status_kib("VmHWM") - start_rss) / 1024
            with os.fdopen(write_end, "wb") as out:
                pickle.dump(Forked(result, error, seconds, growth), out)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as src:
        data = src.read()
    os.waitpid(pid, 0)
    if not data:
        raise RuntimeError("the forked child died without a result")
    return pickle.loads(data)  # type: ignore[no-any-return]
