"""Import any ledger (项目台账): an office's own spreadsheet, with a proposed column mapping.

1. **Read** the file with `app.services.spreadsheet` (.xlsx/.xlsm, .xls, WPS .et/.ett, CSV in
   UTF-8 or GB18030), under the caps and checks of the submission import (RELIABILITY §2.7).
2. **Propose** (`propose`): find the header rows (merged multi-row headers included), map each
   column to a ReviewDesk field by its Chinese name and synonyms (`FIELDS`), read the money unit
   from the headers or the 「单位：万元」 line and the year from the title. A mapping the user
   confirmed before for the same header (its signature) is offered again; one saved to a file
   (`save_mapping`/`load_mapping`) can be given to the command line.
3. **Check** (`check_ledger`): every row in one pass, each problem at sheet!cell, nothing written.
   Rows skipped and why (小计/合计, group headings, repeated headers, notes under the table,
   empty rows); projects matched (项目编码, else unit + name) or new; units to be created.
4. **Import** (`import_ledger`): one transaction; nothing is written when a row has a problem
   unless the user chose the valid rows; one audit entry with the file's hashes beside the
   per-row entries. A re-import updates the same projects (an empty cell keeps the stored value),
   never duplicates them.

What a row becomes: the project (name, unit, type, total and the other mapped fields), its
place on the year's project list, the final approval step when a 批复文号/日期/概算 is given
(one step under 3000 万元, the design step from 3000 万元, Art 9), the completion date, a passed
acceptance when an acceptance date is given, the year's plan line (合计 and 中央/市级/区级) and
budget line. The stage comes from a status column (「在建」「已验收」…) or, when there is none,
from the dates (never moved back on a re-import).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import Acceptance, Approval, BudgetLine, ListEntry, PlanLine, Project, Unit
from app.models.db import Store
from app.rules.facts import (
    MAJOR_THRESHOLD_YUAN,
    AcceptanceResult,
    ApprovalStep,
    ConstructionType,
    ListBasis,
    Organizer,
    ProjectStatus,
    Stage,
)
from app.services.atomic import atomic_write_bytes, sanitize_text
from app.services.audit import file_digests, record_event
from app.services.ledger_table import (
    CellProblem,
    Header,
    check_cell,
    column_letter,
    find_header,
    heading_text,
    is_empty,
    is_heading,
    is_total_text,
    label_money_unit,
    normalize,
    parse_date,
    parse_money,
    parse_year,
    sheet_money_unit,
    title_year,
)
from app.services.roles import drc_only
from app.services.spreadsheet import Grid, Workbook, open_workbook, read_grid
from app.services.xlsx_reader import ImportFailed, fail

# =========================================================================== fields


@dataclass(frozen=True, slots=True)
class LedgerField:
    key: str
    label_zh: str
    label_en: str
    kind: str  # text | name | unit | type | status | money | date | year
    synonyms: tuple[str, ...]
    max_len: int = 0


FIELDS: tuple[LedgerField, ...] = (
    LedgerField("code", "项目编码", "Project code", "text",
                ("项目编码", "项目代码", "统一项目代码", "项目编号", "编码"), 64),
    LedgerField("name", "项目名称", "Project name", "name", ("项目名称", "项目", "名称", "项目名", "项目全称"), 300),
    LedgerField("unit", "建设单位", "Owner unit", "unit",
                ("建设单位", "项目单位", "实施单位", "项目建设单位", "业主单位", "申报单位", "主管单位",
                 "单位名称", "责任单位", "项目责任单位", "单位"), 200),
    LedgerField("type", "建设性质", "Construction type", "type",
                ("建设性质", "性质", "建设类型", "项目类型", "项目性质", "类型")),
    LedgerField("total", "总投资", "Total investment", "money",
                ("总投资", "投资额", "估算投资", "总投资额", "项目总投资", "计划总投资", "投资总额", "估算总投资")),
    LedgerField("content", "建设规模及内容", "Scope and content", "text",
                ("建设规模及内容", "建设内容", "主要建设内容", "建设规模", "项目内容", "建设内容及规模", "项目概况")),
    LedgerField("year", "年度", "Year", "year", ("年度", "申报年度", "计划年度", "年份", "项目年度", "立项年度")),
    LedgerField("approval_number", "批复文号", "Approval number", "text",
                ("批复文号", "文号", "批复文件", "批准文号", "审批文号", "批复文件文号"), 100),
    LedgerField("approved_on", "批复日期", "Approval date", "date",
                ("批复日期", "批复时间", "审批日期", "批准日期", "批复日")),
    LedgerField("approved_amount", "批复概算", "Approved estimate", "money",
                ("批复概算", "批复金额", "批复投资", "概算", "审定概算", "批复总投资", "核定投资", "批复概算投资")),
    LedgerField("declared", "申报金额", "Declared amount", "money", ("申报金额", "申报投资", "申请金额", "申报总投资")),
    LedgerField("status", "项目状态", "Status", "status",
                ("项目状态", "状态", "建设状态", "进展情况", "项目进度", "建设进度", "阶段", "项目阶段", "进度")),
    LedgerField("completed_on", "完工日期", "Completion date", "date",
                ("完工日期", "竣工日期", "建成日期", "完成日期", "建成时间", "完工时间", "竣工时间")),
    LedgerField("accepted_on", "验收日期", "Acceptance date", "date",
                ("验收日期", "验收时间", "竣工验收日期", "竣工验收时间", "通过验收日期")),
    LedgerField("plan", "年度计划投资", "Annual plan", "money",
                ("本年度计划投资", "年度计划投资", "年度计划", "计划投资", "本年计划", "年度投资计划",
                 "计划金额", "本年度计划")),
    LedgerField("plan_central", "计划：中央", "Plan: central", "money", ("中央", "中央资金", "中央投资")),
    LedgerField("plan_municipal", "计划：市级", "Plan: municipal", "money", ("市级", "市级资金", "市级投资")),
    LedgerField("plan_district", "计划：区级", "Plan: district", "money", ("区级", "区级资金", "区级投资", "区本级")),
    LedgerField("completed_before", "截至上年底完成投资", "Invested to last year end", "money",
                ("截至上年底完成投资", "截至上年底累计完成投资", "上年底累计完成投资", "累计完成投资")),
    LedgerField("budget", "部门预算", "Department budget", "money",
                ("部门预算", "预算金额", "预算", "年度预算", "预算安排", "部门预算安排")),
    LedgerField("implementing_agency", "项目实施机构", "Implementing agency", "text",
                ("实施机构", "项目实施机构"), 200),
    LedgerField("responsible_person", "责任人", "Responsible person", "text",
                ("责任人", "项目负责人", "负责人", "项目责任人", "联系人"), 100),
    LedgerField("funding_source", "资金来源", "Funding source", "text", ("资金来源", "资金渠道"), 200),
    LedgerField("remark", "备注", "Remark", "text", ("备注", "说明", "备注说明")),
)  # fmt: skip
FIELD_BY_KEY = {f.key: f for f in FIELDS}
#: columns that are recognised but carry nothing to import (not offered as unmapped data)
IGNORED_LABELS = ("序号", "编号", "行次", "差额", "检查代码", "检查说明")
PLAN_SPLIT = ("plan_central", "plan_municipal", "plan_district")
SYNONYMS = {f.key: tuple(normalize(s) for s in f.synonyms) for f in FIELDS}
_SYNONYM_INDEX = {s: key for key, names in SYNONYMS.items() for s in names}
_TOTAL_CHILD = ("合计", "小计", "总计")

TYPE_WORDS: tuple[tuple[str, ConstructionType], ...] = (
    ("改扩建", ConstructionType.UPGRADE), ("升级改造", ConstructionType.UPGRADE),
    ("改建", ConstructionType.UPGRADE), ("扩建", ConstructionType.UPGRADE),
    ("升级", ConstructionType.UPGRADE), ("改造", ConstructionType.UPGRADE),
    ("续建", ConstructionType.CONTINUATION), ("新建", ConstructionType.NEW),
    ("购买服务", ConstructionType.SERVICE), ("服务采购", ConstructionType.SERVICE),
    ("租赁", ConstructionType.SERVICE), ("运行维护", ConstructionType.OM),
    ("运营维护", ConstructionType.OM), ("运维", ConstructionType.OM),
)  # fmt: skip

#: status words, most specific first: (word, stage, side status)
STATUS_WORDS: tuple[tuple[str, Stage | None, ProjectStatus | None], ...] = (
    ("终止", None, ProjectStatus.TERMINATED), ("取消", None, ProjectStatus.TERMINATED),
    ("暂停", None, ProjectStatus.SUSPENDED), ("暂缓", None, ProjectStatus.DEFERRED),
    ("后评价", Stage.EVALUATION, None), ("绩效评价", Stage.EVALUATION, None),
    ("待验收", Stage.ACCEPTANCE, None), ("验收中", Stage.ACCEPTANCE, None),
    ("已验收", Stage.OPERATION, None), ("通过验收", Stage.OPERATION, None),
    ("运维", Stage.OPERATION, None), ("运行", Stage.OPERATION, None), ("投运", Stage.OPERATION, None),
    ("投入使用", Stage.OPERATION, None),
    ("已完工", Stage.ACCEPTANCE, None), ("完工", Stage.ACCEPTANCE, None),
    ("建成", Stage.ACCEPTANCE, None), ("竣工", Stage.ACCEPTANCE, None), ("试运行", Stage.ACCEPTANCE, None),
    ("在建", Stage.CONSTRUCTION, None), ("建设中", Stage.CONSTRUCTION, None),
    ("实施中", Stage.CONSTRUCTION, None), ("开工", Stage.CONSTRUCTION, None),
    ("招标", Stage.CONSTRUCTION, None), ("采购", Stage.CONSTRUCTION, None),
    ("已批复", Stage.PLANNED, None), ("已立项", Stage.PLANNED, None), ("已下达", Stage.PLANNED, None),
    ("批复", Stage.PLANNED, None),
    ("审批中", Stage.APPROVAL, None), ("评审中", Stage.APPROVAL, None), ("待批复", Stage.APPROVAL, None),
    ("报批", Stage.APPROVAL, None), ("评审", Stage.APPROVAL, None),
    ("已纳入清单", Stage.LISTED, None), ("入库", Stage.LISTED, None), ("清单", Stage.LISTED, None),
    ("储备", Stage.PROPOSED, None), ("谋划", Stage.PROPOSED, None), ("拟建", Stage.PROPOSED, None),
    ("申报", Stage.PROPOSED, None), ("前期", Stage.PROPOSED, None),
)  # fmt: skip
STAGE_ORDER = {stage: i for i, stage in enumerate(Stage)}

SKIP_REASONS = {
    "subtotal": ("小计/合计行", "subtotal or total row"),
    "heading": ("分组标题行", "group heading"),
    "header": ("重复的表头行", "repeated header row"),
    "note": ("表格下方的说明或注释", "a note under the table"),
}
NOTE_PREFIXES = ("注", "说明", "备注", "填表", "制表", "审核", "填报", "联系人", "联系电话", "单位负责人",
                 "负责人", "附", "数据来源", "资料来源")  # fmt: skip


def _score(key: str, parts: tuple[str, ...]) -> int:
    """How well a column's header parts name field `key` (0: not at all)."""
    if not parts:
        return 0
    if len(parts) > 1 and parts[-1] in _TOTAL_CHILD:
        parts = parts[:-1]  # 「本年度计划投资/合计」 is the group's total
    last, full = parts[-1], "".join(parts)
    if key in PLAN_SPLIT and len(parts) > 1 and _SYNONYM_INDEX.get(parts[0]) not in (None, "plan"):
        return 0  # 「总投资/中央」 splits something else than the plan
    best = 0
    for name in SYNONYMS[key]:
        if full == name:
            best = max(best, 100)
        elif last == name:
            best = max(best, 90)
        elif len(name) >= 3 and name in last:
            best = max(best, 60 + len(name))
        elif len(name) >= 3 and name in full:
            best = max(best, 55 + len(name))
    return best


def score_row(texts: Sequence[str]) -> float:
    """How many distinct fields a row of texts names (header detection)."""
    keys = set()
    for text in texts:
        parts = (normalize(text),)
        for f in FIELDS:
            if _score(f.key, parts) >= 90:
                keys.add(f.key)
                break
    return float(len(keys))


def propose_mapping(header: Header) -> dict[int, str]:
    """column index → field key, each field on its best column (greedy by score, then leftmost)."""
    candidates = []
    for index, parts in enumerate(header.parts):
        if parts and parts[-1] in IGNORED_LABELS and len(parts) == 1:
            continue
        for f in FIELDS:
            s = _score(f.key, parts)
            if s >= 60:
                candidates.append((-s, index, f.key))
    candidates.sort()
    mapping: dict[int, str] = {}
    used: set[str] = set()
    for _s, index, key in candidates:
        if index in mapping or key in used:
            continue
        mapping[index] = key
        used.add(key)
    return dict(sorted(mapping.items()))


def header_signature(header: Header) -> str:
    """The header's identity for remembering a mapping: its normalized labels, in order."""
    text = "\x1f".join("/".join(p) for p in header.parts)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


# =========================================================================== proposal


@dataclass(slots=True)
class LedgerOptions:
    """What the user decides in the dialog (or a mapping file gives the command line)."""

    mapping: dict[int, str]  # column index (0-based) → field key
    money_unit: str | None = None  # for money columns whose header names no unit
    year: int | None = None  # when the file has no 年度 column and the title names none
    default_type: ConstructionType = ConstructionType.NEW  # when no 建设性质 column


@dataclass(slots=True)
class Proposal:
    path: Path
    workbook: Workbook
    sheet: str
    grid: Grid
    header: Header
    options: LedgerOptions
    #: money unit per money column found in its header, and the sheet's 「单位：…」 line
    column_units: dict[int, str]
    sheet_unit: str | None
    title_year: int | None
    signature: str
    remembered: bool = False

    @property
    def width(self) -> int:
        return len(self.header.labels)

    def letter(self, index0: int) -> str:
        return column_letter(index0)


def _pick_sheet(path: Path, workbook: Workbook, sheet: str | None) -> tuple[Grid, Header]:
    if sheet is not None:
        grid = read_grid(path, sheet)
        header = find_header(grid, score_row)
        if header is None:
            raise _no_header(sheet)
        return grid, header
    for name in workbook.sheet_names[:20]:
        grid = read_grid(path, name)
        header = find_header(grid, score_row)
        if header is not None:
            return grid, header
    raise _no_header(workbook.sheet_names[0] if workbook.sheet_names else path.name)


def _no_header(sheet: str) -> ImportFailed:
    return fail("no_header", f"“{sheet}”中找不到表头（应有“项目名称”“建设单位”“总投资”等列名）",
                f"no header row in {sheet!r} (expected column names such as project name, owner unit, total investment)")  # fmt: skip


def propose(path: str | Path, sheet: str | None = None, *, remembered: bool = True) -> Proposal:
    """Read the file and propose how to import it; raises ImportFailed for an unreadable file."""
    source = Path(path)
    workbook = open_workbook(source)
    grid, header = _pick_sheet(source, workbook, sheet)
    column_units = {
        i: unit for i, label in enumerate(header.labels) if (unit := label_money_unit(label))
    }
    header_texts = [*header.title_lines, *header.labels]
    proposal = Proposal(
        path=source, workbook=workbook, sheet=grid.title, grid=grid, header=header,
        options=LedgerOptions(propose_mapping(header)), column_units=column_units,
        sheet_unit=sheet_money_unit(header_texts), title_year=title_year(header.title_lines),
        signature=header_signature(header),
    )  # fmt: skip
    if remembered:
        saved = remembered_mappings().get(proposal.signature)
        if saved is not None:
            apply_saved(proposal, saved)
            proposal.remembered = True
    return proposal


# =========================================================================== mapping files

MAPPING_FORMAT = "reviewdesk-ledger-mapping"


def mapping_document(proposal: Proposal, options: LedgerOptions) -> dict[str, Any]:
    """A mapping as JSON: by column header (and letter), with the unit, year and default type."""
    return {
        "format": MAPPING_FORMAT,
        "version": 1,
        "sheet": proposal.sheet,
        "signature": proposal.signature,
        "columns": [
            {"column": column_letter(i), "header": proposal.header.label(i), "field": key}
            for i, key in sorted(options.mapping.items())
        ],
        "money_unit": options.money_unit,
        "year": options.year,
        "default_type": options.default_type.value,
    }


def apply_saved(proposal: Proposal, document: dict[str, Any]) -> list[str]:
    """Use a saved mapping on this file: columns found by header text, else by letter.

    Returns what could not be applied (columns whose header is not in the file), in Chinese.
    """
    if document.get("format") != MAPPING_FORMAT:
        raise ValueError("not a ReviewDesk ledger mapping")
    by_label = {normalize(label): i for i, label in enumerate(proposal.header.labels) if label}
    mapping: dict[int, str] = {}
    missing: list[str] = []
    for entry in document.get("columns", []):
        key, header, letter = entry.get("field"), entry.get("header", ""), entry.get("column", "")
        if key not in FIELD_BY_KEY:
            continue
        index = by_label.get(normalize(header))
        if index is None and not header:
            index = _letter_index(str(letter))
        if index is None:
            missing.append(f"{header or letter}")
            continue
        mapping[index] = key
    options = proposal.options
    options.mapping = dict(sorted(mapping.items()))
    unit = document.get("money_unit")
    options.money_unit = unit if unit in ("元", "万元", "亿元") else None
    year = document.get("year")
    options.year = year if isinstance(year, int) and 2000 <= year <= 2100 else None
    try:
        options.default_type = ConstructionType(document.get("default_type", "新建"))
    except ValueError:
        options.default_type = ConstructionType.NEW
    return missing


def _letter_index(letter: str) -> int | None:
    from openpyxl.utils import column_index_from_string

    try:
        return column_index_from_string(letter.strip().upper()) - 1
    except ValueError:
        return None


def save_mapping(path: str | Path, proposal: Proposal, options: LedgerOptions) -> Path:
    target = Path(path)
    text = json.dumps(mapping_document(proposal, options), ensure_ascii=False, indent=2)
    atomic_write_bytes(target, (text + "\n").encode("utf-8"))
    return target


def load_mapping(path: str | Path) -> dict[str, Any]:
    """A mapping file's JSON; raises ImportFailed when it is not one."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise fail(
            "bad_mapping", f"无法读取映射文件：{exc}", f"cannot read the mapping file: {exc}"
        ) from None
    if not isinstance(document, dict) or document.get("format") != MAPPING_FORMAT:
        raise fail(
            "bad_mapping", "不是 ReviewDesk 台账映射文件", "not a ReviewDesk ledger mapping file"
        )
    return document


def _memory_path() -> Path:
    from app.paths import data_dir

    return data_dir() / "ledger-mappings.json"


def remembered_mappings() -> dict[str, dict[str, Any]]:
    """Mappings confirmed before, by header signature (in the user's data folder)."""
    path = _memory_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        import logging

        logging.getLogger(__name__).warning("ignoring unreadable %s", path)
        return {}
    return data if isinstance(data, dict) else {}


def remember_mapping(proposal: Proposal, options: LedgerOptions) -> None:
    memory = remembered_mappings()
    memory[proposal.signature] = mapping_document(proposal, options)
    text = json.dumps(memory, ensure_ascii=False, indent=1)
    atomic_write_bytes(_memory_path(), text.encode("utf-8"))


# =========================================================================== check


@dataclass(frozen=True, slots=True)
class LedgerProblem:
    """One problem at a cell (or a row when column is empty); `blocking` ones stop the import."""

    sheet: str
    row: int
    column: str
    message_zh: str
    message_en: str
    blocking: bool = True

    @property
    def cell(self) -> str:
        return f"{self.sheet}!{self.column}{self.row}" if self.row else self.sheet

    def __str__(self) -> str:
        return f"{self.cell}: {self.message_zh}"


@dataclass(frozen=True, slots=True)
class SkippedRow:
    row: int
    reason_zh: str
    reason_en: str
    text: str = ""  # what the row says (its first texts)


@dataclass(slots=True)
class LedgerRow:
    """A row as it will be imported. None: the cell is empty (the stored value is kept)."""

    row: int
    name: str
    unit_name: str
    year: int
    type: ConstructionType | None = None
    code: str | None = None
    unit_id: int | None = None  # None: a unit to be created
    total_yuan: int | None = None
    content: str | None = None
    approval_number: str | None = None
    approved_on: date | None = None
    approved_yuan: int | None = None
    declared_yuan: int | None = None
    stage: Stage | None = None
    status: ProjectStatus | None = None
    status_text: str | None = None
    completed_on: date | None = None
    accepted_on: date | None = None
    plan_yuan: int | None = None
    central_yuan: int | None = None
    municipal_yuan: int | None = None
    district_yuan: int | None = None
    completed_before_yuan: int | None = None
    budget_yuan: int | None = None
    implementing_agency: str | None = None
    responsible_person: str | None = None
    funding_source: str | None = None
    remark: str | None = None
    project_id: int | None = None  # the project it updates; None: a new project
    project_code: str | None = None  # that project's code

    def dated_stage(self) -> Stage | None:
        """The stage the dates imply when there is no status column (moves a project forward only)."""
        if self.accepted_on:
            return Stage.OPERATION
        if self.completed_on:
            return Stage.ACCEPTANCE
        return Stage.PLANNED if self.approved_on else None


@dataclass(slots=True)
class LedgerReport:
    sheet: str
    rows: list[LedgerRow] = field(default_factory=list)  # valid rows
    problems: list[LedgerProblem] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    new_units: list[str] = field(default_factory=list)
    data_rows: int = 0
    bad_rows: set[int] = field(default_factory=set)

    @property
    def blocking(self) -> list[LedgerProblem]:
        return [p for p in self.problems if p.blocking]

    @property
    def notes(self) -> list[LedgerProblem]:
        return [p for p in self.problems if not p.blocking]

    @property
    def header_blocked(self) -> bool:
        """A problem of the whole sheet (no name column, unknown unit or year): nothing imports."""
        return any(p.blocking and p.row == 0 for p in self.problems)

    @property
    def created(self) -> int:
        return sum(1 for r in self.rows if r.project_id is None)

    @property
    def updated(self) -> int:
        return len({r.project_id for r in self.rows if r.project_id is not None})


class UnitIndex:
    """Registered units by full name, short name and core name (「区公安局」 = 「重庆市江津区公安局」)."""

    PREFIXES = ("重庆市", "江津区", "江津")

    def __init__(self, session: Session) -> None:
        self.by_label: dict[str, set[int]] = {}
        self.by_core: dict[str, set[int]] = {}
        self.names: dict[int, str] = {}
        for uid, name, short in session.execute(select(Unit.id, Unit.name, Unit.short_name)):
            self.names[uid] = name
            for label in (name, short):
                label = self.clean(label or "")
                if label:
                    self.by_label.setdefault(label, set()).add(uid)
                    self.by_core.setdefault(self.core(label), set()).add(uid)
        self.new: dict[str, str] = {}  # core → the first spelling seen, for units to create

    @staticmethod
    def clean(text: str) -> str:
        return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))

    @classmethod
    def core(cls, text: str) -> str:
        value = cls.clean(text)
        changed = True
        while changed:
            changed = False
            for prefix in cls.PREFIXES:
                if value.startswith(prefix) and len(value) > len(prefix) + 1:
                    value, changed = value[len(prefix) :], True
        if value.startswith("区") and len(value) > 2:
            value = value[1:]
        return value

    def find(self, text: str) -> int | str | None:
        """The unit id, None for a unit to be created, or "ambiguous"."""
        label = self.clean(text)
        ids = self.by_label.get(label) or self.by_core.get(self.core(label))
        if not ids:
            self.new.setdefault(self.core(label), label)
            return None
        if len(ids) > 1:
            return "ambiguous"
        return next(iter(ids))


class _RowReader:
    """Typed values of one row; a problem per bad cell instead of stopping."""

    def __init__(self, checker: _Checker, number: int, values: tuple[Any, ...]) -> None:
        self.c = checker
        self.number = number
        self.values = values
        self.problems: list[LedgerProblem] = []

    def problem(self, key: str | None, zh: str, en: str, *, blocking: bool = True) -> None:
        index = self.c.column_of.get(key or "")
        letter = column_letter(index) if index is not None else ""
        self.problems.append(LedgerProblem(self.c.sheet, self.number, letter, zh, en, blocking))

    def reported(self, key: str) -> bool:
        """A problem was already said at this field's cell (say one thing per cell)."""
        index = self.c.column_of.get(key)
        letter = column_letter(index) if index is not None else None
        return any(p.column == letter for p in self.problems)

    def raw(self, key: str) -> Any:
        index = self.c.column_of.get(key)
        if index is None:
            return None
        value = self.values[index] if index < len(self.values) else None
        try:
            return check_cell(value, (self.number, index + 1) in self.c.formulas)
        except CellProblem as exc:
            self.problem(key, exc.zh, exc.en)
            return None

    def text(self, key: str) -> str | None:
        value = self.raw(key)
        if is_empty(value):
            return None
        if isinstance(value, bool):
            self.problem(key, "应填写文字", "text expected")
            return None
        from app.services.ledger_table import cell_text

        text = sanitize_text(cell_text(value)).strip()
        limit = FIELD_BY_KEY[key].max_len
        if limit and len(text) > limit:
            self.problem(key, f"内容过长（{len(text)} 字，上限 {limit} 字）",
                         f"too long ({len(text)} characters; limit {limit})")  # fmt: skip
            return None
        return text

    def parsed(self, key: str, parse: Any) -> Any:
        value = self.raw(key)
        try:
            return parse(value)
        except CellProblem as exc:
            self.problem(key, exc.zh, exc.en)
            return None

    def money(self, key: str) -> int | None:
        index = self.c.column_of.get(key)
        unit = self.c.units.get(index) if index is not None else None
        amount = self.parsed(key, lambda v: parse_money(v, unit))
        if amount is None:
            return None
        if amount.rounded:
            self.problem(key, "金额含角分，已按元四舍五入", "fractions of a yuan rounded to the yuan",
                         blocking=False)  # fmt: skip
        return int(amount.yuan)

    def choice(self, key: str, words: Sequence[tuple[str, Any]], listed: str) -> Any:
        text = self.text(key)
        if text is None:
            return None
        compact = normalize(text)
        for word, value in words:
            if word in compact:
                return value
        self.problem(
            key, f"“{text[:30]}”无法识别（可填：{listed}）", f"{text[:30]!r} is not recognised"
        )
        return None


def _is_note(texts: list[str]) -> bool:
    first = normalize(texts[0]) if texts else ""
    return first.startswith(NOTE_PREFIXES)


class _Checker:
    def __init__(self, proposal: Proposal, options: LedgerOptions, session: Session) -> None:
        self.proposal = proposal
        self.options = options
        self.sheet = proposal.sheet
        self.formulas = proposal.grid.formulas
        self.column_of = {key: index for index, key in options.mapping.items()}
        self.units: dict[int, str] = {}
        for index, key in options.mapping.items():
            if FIELD_BY_KEY[key].kind == "money":
                unit = proposal.column_units.get(index) or proposal.sheet_unit or options.money_unit
                if unit:
                    self.units[index] = unit
        self.unit_index = UnitIndex(session)
        self.by_code: dict[str, int] = {}
        self.by_unit_name: dict[tuple[int, str], list[int]] = {}
        self.code_of: dict[int, str] = {}
        for pid, code, unit_id, name in session.execute(
            select(Project.id, Project.code, Project.unit_id, Project.name)
        ):
            self.by_code[code] = pid
            self.code_of[pid] = code
            self.by_unit_name.setdefault((unit_id, name.strip()), []).append(pid)
        self.seen: dict[tuple[Any, ...], int] = {}
        self.header_labels = {normalize(label) for label in proposal.header.labels if label}

    def sheet_problem(self, zh: str, en: str) -> LedgerProblem:
        return LedgerProblem(self.sheet, 0, "", zh, en)

    def header_problems(self) -> list[LedgerProblem]:
        problems = []
        keys = set(self.options.mapping.values())
        if "name" not in keys:
            problems.append(
                self.sheet_problem("未指定“项目名称”列", "no column is mapped to the project name")
            )
        money_without_unit = [
            column_letter(i) for i, key in self.options.mapping.items()
            if FIELD_BY_KEY[key].kind == "money" and i not in self.units
        ]  # fmt: skip
        if money_without_unit:
            problems.append(self.sheet_problem(
                f"金额单位不明（{'、'.join(money_without_unit)}列的表头和表格标题都未注明元、万元或亿元），请选择金额单位",
                f"the money unit of column(s) {', '.join(money_without_unit)} is not stated; choose it"))  # fmt: skip
        if "year" not in keys and self.year_default() is None:
            problems.append(self.sheet_problem("无法确定年度（没有“年度”列，标题中也没有年份），请选择年度",
                                               "the year is unknown (no year column or title); choose it"))  # fmt: skip
        if len(set(self.options.mapping.values())) != len(self.options.mapping):
            problems.append(
                self.sheet_problem("同一字段对应了多个列", "a field is mapped to several columns")
            )
        return problems

    def year_default(self) -> int | None:
        return self.options.year or self.proposal.title_year

    def run(self) -> LedgerReport:
        report = LedgerReport(self.sheet)
        report.problems.extend(self.header_problems())
        if report.header_blocked:
            return report
        header = self.proposal.header
        group_unit: str | None = None
        group_type: ConstructionType | None = None
        previous = header.last_row
        for number, values in self.proposal.grid.rows:
            if number <= header.last_row:
                continue
            if number > previous + 1:
                gap = range(previous + 1, number)
                report.skipped.append(SkippedRow(gap[0], f"空行（第{gap[0]}—{gap[-1]}行）" if len(gap) > 1 else "空行",
                                                 "empty row(s)"))  # fmt: skip
            previous = number
            texts = [str(v).strip() for v in values if isinstance(v, str) and v.strip()]
            kind, extra = self.classify(values, texts)
            if kind != "data":
                zh, en = SKIP_REASONS[kind]
                report.skipped.append(SkippedRow(number, zh, en, " ".join(texts[:3])[:60]))
                word = next((t for w, t in TYPE_WORDS if w in normalize(extra or "")), None)
                if kind == "heading" and word is not None and "type" not in self.column_of:
                    group_type = word  # 「一、新建项目」
                elif extra and kind in ("subtotal", "heading") and "unit" not in self.column_of:
                    group_unit = extra  # 「一、区公安局」, 「区公安局（小计）」
                continue
            report.data_rows += 1
            row, problems = self.read_row(number, values, group_unit, group_type)
            report.problems.extend(problems)
            if any(p.blocking for p in problems):
                report.bad_rows.add(number)
            elif row is not None:
                report.rows.append(row)
        report.new_units = sorted(self.unit_index.new.values())
        return report

    def classify(self, values: tuple[Any, ...], texts: list[str]) -> tuple[str, str | None]:
        """data | subtotal | heading | header | note, with a group's name for the first two."""
        name_index = self.column_of.get("name")
        name = values[name_index] if name_index is not None and name_index < len(values) else None
        name_text = str(name).strip() if isinstance(name, str) else ""
        lead = [
            str(v).strip()
            for v in values[: max(3, (name_index or 0) + 1)]
            if isinstance(v, str) and v.strip()
        ]
        if any(is_total_text(t) for t in lead):
            group = next(
                (heading_text(t) for t in lead if is_total_text(t) and heading_text(t)), None
            )
            return "subtotal", group
        filled = [v for v in values if not is_empty(v)]
        if texts and len(filled) <= 2 and is_heading(texts[0]):
            return "heading", heading_text(texts[0])
        if sum(1 for t in texts if normalize(t) in self.header_labels) >= 2:
            return "header", None
        key_fields = [k for k in ("unit", "code", "total") if not is_empty(self._value(values, k))]
        if not name_text and not key_fields and texts and (_is_note(texts) or len(filled) == 1):
            return "note", None
        if name_text and len(filled) == 1 and _is_note([name_text]):
            return "note", None
        return "data", None

    def _value(self, values: tuple[Any, ...], key: str) -> Any:
        index = self.column_of.get(key)
        return values[index] if index is not None and index < len(values) else None

    def read_row(self, number: int, values: tuple[Any, ...], group_unit: str | None,
                 group_type: ConstructionType | None) -> tuple[LedgerRow | None, list[LedgerProblem]]:  # fmt: skip
        r = _RowReader(self, number, values)
        name = r.text("name")
        if name is None:
            r.problem("name", "“项目名称”为必填项", "the project name is required")
        unit_text = r.text("unit") if "unit" in self.column_of else group_unit
        if not unit_text:
            if "unit" in self.column_of:
                r.problem("unit", "“建设单位”为必填项", "the owner unit is required")
            else:
                r.problem(
                    None,
                    "没有“建设单位”列，也没有写明单位的分组行",
                    "no owner-unit column or unit heading",
                )
        unit_id = self.unit_index.find(unit_text) if unit_text else None
        if unit_id == "ambiguous":
            r.problem("unit", f"单位“{unit_text}”对应多个已登记单位，请填写全称",
                      f"{unit_text!r} matches several registered units")  # fmt: skip
        year = r.parsed("year", parse_year) if "year" in self.column_of else None
        year = year or self.year_default()
        if year is None:
            r.problem("year", "“年度”为必填项", "the year is required")
        ctype = (
            r.choice("type", TYPE_WORDS, "新建、改扩建、续建、购买服务、运行维护")
            if "type" in self.column_of
            else None
        )
        status_text = r.text("status")
        stage: Stage | None = None
        side: ProjectStatus | None = None
        if status_text is not None:
            compact = normalize(status_text)
            match = next(((s, st) for w, s, st in STATUS_WORDS if w in compact), None)
            if match is None:
                r.problem("status", f"项目状态“{status_text[:30]}”无法识别（如：在建、已完工、已验收、已批复、终止）",
                          f"status {status_text[:30]!r} is not recognised")  # fmt: skip
            else:
                stage, side = match
        row = LedgerRow(
            row=number, name=name or "", unit_name=unit_text or "", year=year or 0,
            type=ctype or (group_type if "type" not in self.column_of else None),
            code=r.text("code"), unit_id=unit_id if isinstance(unit_id, int) else None,
            total_yuan=r.money("total"), content=r.text("content"),
            approval_number=r.text("approval_number"), approved_on=r.parsed("approved_on", parse_date),
            approved_yuan=r.money("approved_amount"), declared_yuan=r.money("declared"),
            stage=stage, status=side, status_text=status_text,
            completed_on=r.parsed("completed_on", parse_date), accepted_on=r.parsed("accepted_on", parse_date),
            plan_yuan=r.money("plan"), central_yuan=r.money("plan_central"),
            municipal_yuan=r.money("plan_municipal"), district_yuan=r.money("plan_district"),
            completed_before_yuan=r.money("completed_before"), budget_yuan=r.money("budget"),
            implementing_agency=r.text("implementing_agency"),
            responsible_person=r.text("responsible_person"),
            funding_source=r.text("funding_source"), remark=r.text("remark"),
        )  # fmt: skip
        split = [row.central_yuan, row.municipal_yuan, row.district_yuan]
        if any(v is not None for v in split):
            parts = sum(v or 0 for v in split)
            if row.plan_yuan is None:
                row.plan_yuan = parts
            elif row.plan_yuan != parts:
                r.problem("plan", "年度计划合计与中央、市级、区级之和不符",
                          "the plan total differs from central + municipal + district")  # fmt: skip
        if (
            (row.approval_number or row.approved_yuan is not None)
            and row.approved_on is None
            and not r.reported("approved_on")
        ):
            r.problem("approval_number" if row.approval_number else "approved_amount",
                      "有批复文号或概算但没有批复日期：在补录批复日期之前，项目按尚未批复检查",
                      "an approval number or amount without its date: the project is checked as not "
                      "yet approved until the date is recorded", blocking=False)  # fmt: skip
        if row.completed_on and row.accepted_on and row.accepted_on < row.completed_on:
            r.problem("accepted_on", "验收日期早于完工日期", "acceptance dated before completion")
        if name and unit_text and unit_id != "ambiguous" and year:
            self.match(r, row)
        if row.project_id is None and row.total_yuan is None and name and not r.reported("total"):
            r.problem("total", "新项目须填写“总投资”", "a new project needs its total investment")
        return (None if any(p.blocking for p in r.problems) else row), r.problems

    def match(self, r: _RowReader, row: LedgerRow) -> None:
        """项目编码, else unit + name; the same project twice in one year is a duplicate."""
        same_name = self.by_unit_name.get((row.unit_id, row.name), []) if row.unit_id else []
        if row.code:
            row.project_id = self.by_code.get(row.code)
            if row.project_id is None and same_name:
                others = "、".join(self.code_of[p] for p in same_name)
                r.problem("code", f"该单位已有同名项目（编码 {others}），请填写该编码或修改项目名称",
                          f"the unit already has a project of this name (code {others})")  # fmt: skip
        elif len(same_name) > 1:
            r.problem("name", "该单位有多个同名项目，请填写项目编码",
                      "several projects of this unit have this name; give the project code")  # fmt: skip
        elif same_name:
            row.project_id = same_name[0]
        if row.project_id is not None:
            row.project_code = self.code_of[row.project_id]
            key: tuple[Any, ...] = ("project", row.project_id, row.year)
        elif row.code:
            key = ("code", row.code, row.year)
        else:
            key = ("new", self.unit_index.core(row.unit_name), row.name, row.year)
        first = self.seen.setdefault(key, row.row)
        if first != row.row:
            r.problem("name", f"与第{first}行是同一项目、同一年度（重复）",
                      f"the same project and year as row {first} (duplicate)")  # fmt: skip


def check_ledger(proposal: Proposal, options: LedgerOptions, session: Session) -> LedgerReport:
    """Every row checked against the store, every problem in one pass; nothing is written."""
    return _Checker(proposal, options, session).run()


# =========================================================================== import


@dataclass(frozen=True, slots=True)
class LedgerResult:
    created: int
    updated: int
    skipped: int  # rows with problems not imported
    units_created: tuple[str, ...]
    problems: tuple[LedgerProblem, ...] = ()
    refused: bool = False


@drc_only("导入已有台账", "import an existing ledger")
def import_ledger(store: Store, proposal: Proposal, options: LedgerOptions, *,
                  valid_rows_only: bool = False) -> LedgerResult:  # fmt: skip
    """Check again, then write in one transaction (see the module docstring).

    A ledger of more than BACKUP_ROWS rows is preceded by a verified backup of a database file
    (RELIABILITY §2 rule 4), made only when the file has rows to import."""
    if (
        store.path is not None
        and sum(1 for n, _v in proposal.grid.rows if n > proposal.header.last_row) > BACKUP_ROWS
    ):
        from app.models.migrate import backup

        backup(store.path, "pre-ledger-import")
    with store.write() as session:
        report = check_ledger(proposal, options, session)
        blocking = report.blocking
        if report.header_blocked or (blocking and not valid_rows_only):
            return LedgerResult(0, 0, len(report.bad_rows), (), tuple(report.problems), True)
        created, updated, units = _persist(session, report, options)
        record_event(session, "import", "import", f"导入已有台账：{proposal.path.name}（{proposal.sheet}）", after={
            **file_digests(proposal.path), "sheet": proposal.sheet, "created": created,
            "updated": updated, "skipped": len(report.bad_rows), "units_created": list(units),
            "mapping": {column_letter(i): k for i, k in sorted(options.mapping.items())},
        })  # fmt: skip
    return LedgerResult(
        created, updated, len(report.bad_rows), tuple(units), tuple(report.problems)
    )


BACKUP_ROWS = 100
_TEXT_FIELDS = ("content", "implementing_agency", "responsible_person", "funding_source", "remark")


def _persist(
    session: Session, report: LedgerReport, options: LedgerOptions
) -> tuple[int, int, list[str]]:
    """New units, then new projects (one flush for their ids), then every row's lines.

    Children are added with their project id, never through the relationship collections
    (whose events cost more than the inserts on a 5,000-row ledger)."""
    from app.services.submission_import import _CodeMaker

    units: dict[str, int] = {}
    created_units: list[str] = []
    index = UnitIndex(session)
    for row in report.rows:
        if row.unit_id is None:
            core = index.core(row.unit_name)
            if core not in units:
                unit = Unit(name=UnitIndex.clean(row.unit_name)[:200])
                session.add(unit)
                session.flush()
                units[core] = unit.id
                created_units.append(unit.name)
            row.unit_id = units[core]
    ids = sorted({r.project_id for r in report.rows if r.project_id is not None})
    projects: dict[int, Project] = {}
    children = _Children(session)
    for chunk in _chunks(ids, 500):
        stmt = select(Project).where(Project.id.in_(chunk)).options(
            selectinload(Project.list_entries), selectinload(Project.plan_lines),
            selectinload(Project.budget_lines), selectinload(Project.approvals),
            selectinload(Project.acceptance),
        )  # fmt: skip
        for p in session.scalars(stmt):
            projects[p.id] = p
            children.known(p)
    codes = _CodeMaker(session, {r.code for r in report.rows if r.code})
    new_projects: dict[tuple[Any, ...], Project] = {}
    targets: list[Project] = []
    for r in report.rows:
        if r.project_id is not None:
            targets.append(projects[r.project_id])
            _update(projects[r.project_id], r)
            continue
        key = ("code", r.code) if r.code else ("new", r.unit_id, r.name)
        project = new_projects.get(key)  # the same new project in several years
        if project is None:
            project = Project(
                code=r.code or codes.next(r.year), name=r.name, unit_id=r.unit_id,
                type=r.type or options.default_type, total_investment_yuan=r.total_yuan or 0,
                stage=Stage.LISTED, status=ProjectStatus.ACTIVE,
            )  # fmt: skip
            session.add(project)
            new_projects[key] = project
        targets.append(project)
        _update(project, r)  # before the flush: inserted complete, not inserted then updated
    session.flush()  # the new projects' ids
    for project, r in zip(targets, report.rows, strict=True):
        children.add_lines(project, r)
    session.flush()
    touched = {r.project_id for r in report.rows if r.project_id is not None}
    return len(new_projects), len(touched), created_units


def _set(obj: Any, attr: str, value: Any) -> None:
    """Assign only a value that is given and differs: an unchanged row leaves nothing to flush."""
    if value is not None and getattr(obj, attr) != value:
        setattr(obj, attr, value)


_PROJECT_VALUES = (
    ("name", "name"), ("unit_id", "unit_id"), ("type", "type"), ("total_investment_yuan", "total_yuan"),
    ("declared_yuan", "declared_yuan"), ("completed_on", "completed_on"), ("status", "status"),
    ("stage", "stage"),  # the ledger says so
    *((name, name) for name in _TEXT_FIELDS),
)  # fmt: skip


def _update(project: Project, r: LedgerRow) -> None:
    for attr, field_name in _PROJECT_VALUES:
        _set(project, attr, getattr(r, field_name))
    if r.stage is None:
        inferred = r.dated_stage()
        if (
            inferred is not None
            and STAGE_ORDER[inferred] > STAGE_ORDER[project.stage or Stage.LISTED]
        ):
            project.stage = inferred


class _Children:
    """A project's list entries, lines, approvals and acceptance by key, to update or add."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.entries: set[tuple[int, int]] = set()
        self.plans: dict[tuple[int, int], PlanLine] = {}
        self.budgets: dict[tuple[int, int], BudgetLine] = {}
        self.approvals: dict[tuple[int, ApprovalStep], Approval] = {}
        self.acceptances: dict[int, Acceptance] = {}

    def known(self, p: Project) -> None:
        self.entries.update((p.id, e.year) for e in p.list_entries)
        self.plans.update(((p.id, x.year), x) for x in p.plan_lines)
        self.budgets.update(((p.id, x.year), x) for x in p.budget_lines)
        self.approvals.update(((p.id, a.step), a) for a in p.approvals)
        if p.acceptance is not None:
            self.acceptances[p.id] = p.acceptance

    def add_lines(self, project: Project, r: LedgerRow) -> None:
        pid = project.id
        add = self.session.add
        if (pid, r.year) not in self.entries:
            self.entries.add((pid, r.year))
            add(ListEntry(project_id=pid, year=r.year, basis=ListBasis.BUDGET))
        major = (project.total_investment_yuan or 0) >= MAJOR_THRESHOLD_YUAN
        if r.approval_number or r.approved_on or r.approved_yuan is not None:
            step = ApprovalStep.DESIGN if major else ApprovalStep.ONE_STEP
            approval = self.approvals.get((pid, step))
            if approval is None:
                approval = self.approvals[(pid, step)] = Approval(project_id=pid, step=step)
                add(approval)
            _set(approval, "approved_on", r.approved_on)
            _set(approval, "number", r.approval_number or None)
            _set(approval, "approved_amount_yuan", r.approved_yuan)
        if r.accepted_on is not None:
            acceptance = self.acceptances.get(pid)
            if acceptance is None:
                organizer = Organizer.DRC if major else Organizer.OWNER
                acceptance = self.acceptances[pid] = Acceptance(project_id=pid, organizer=organizer)
                add(acceptance)
            _set(acceptance, "accepted_on", r.accepted_on)
            if acceptance.result is None:
                acceptance.result = AcceptanceResult.PASSED
        if r.plan_yuan is not None or r.completed_before_yuan is not None:
            line = self.plans.get((pid, r.year))
            if line is None:
                line = self.plans[(pid, r.year)] = PlanLine(
                    project_id=pid, year=r.year, amount_yuan=0
                )
                add(line)
            for attr, value in (("amount_yuan", r.plan_yuan), ("central_yuan", r.central_yuan),
                                ("municipal_yuan", r.municipal_yuan), ("district_yuan", r.district_yuan),
                                ("completed_before_yuan", r.completed_before_yuan)):  # fmt: skip
                _set(line, attr, value)
        if r.budget_yuan is not None:
            budget = self.budgets.get((pid, r.year))
            if budget is None:
                budget = self.budgets[(pid, r.year)] = BudgetLine(
                    project_id=pid, year=r.year, amount_yuan=0
                )
                add(budget)
            _set(budget, "amount_yuan", r.budget_yuan)


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def check_ledger_against(store: Store, proposal: Proposal, options: LedgerOptions) -> LedgerReport:
    """`check_ledger` in a read transaction of its own; nothing is written."""
    with store.read() as session:
        return check_ledger(proposal, options, session)
