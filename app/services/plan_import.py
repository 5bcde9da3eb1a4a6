"""Edited plan tables come back: the tables ReviewDesk exports, changed in Excel or WPS.

The 年度投资计划表 ("plan"), the 部门预算与投资计划对照表 ("reconciliation") and the 三年滚动
计划表 ("rolling") written by `app.reports.plan_xlsx` go out to the office, come back with
amounts changed, rows deleted or added, columns widened or moved, the sheet renamed, saved as
.xls — and are read back as a list of changes the user reviews before anything is written.

* **Reading** goes through `app.services.spreadsheet` (every format and cap of the imports).
  The table is found by its header (columns are found by their header text, so moved or widened
  columns do not matter) and its kind and year by its title (「2027年度…投资项目计划表」,
  「2027—2029年…三年滚动计划表」); amounts are 万元 unless the sheet says otherwise.
* **Rows are matched, never guessed**: by 项目编码 where the table has it (对照表), otherwise by
  the owner unit (the plan table's 「区公安局（小计）」 group row, or the 建设单位 column) and the
  exact project name. A row that matches no project, or several, or one already seen, is listed
  as unmatched with the reason; a row whose cells cannot be read is listed with its problems.
* **Changes** are per project and year, old → new: a changed amount (or 年度工作目标/备注), a
  row added (a line the project did not have), a row removed (a line of that table and year
  whose project is no longer in the file). Derived columns (差额, 三年合计, 批复概算, totals) are
  ignored.
* **Applying** (`apply_plan_changes`) writes the chosen changes in one transaction, after
  checking that each still starts from the value the file was compared with (otherwise nothing
  is written), with one audit entry carrying the file's SHA-256 and SM3 and the change list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import BudgetLine, PlanLine, Project, RollingLine, Unit
from app.models.db import Store, StoreError
from app.services.audit import file_digests, record_event
from app.services.ledger_import import LedgerProblem, UnitIndex
from app.services.ledger_table import (
    CellProblem,
    Header,
    cell_text,
    check_cell,
    column_letter,
    find_header,
    heading_text,
    is_empty,
    is_total_text,
    normalize,
    parse_money,
    sheet_money_unit,
    title_year,
)
from app.services.roles import drc_only
from app.services.spreadsheet import Grid, open_workbook, read_grid
from app.services.xlsx_reader import fail

TABLES = ("plan", "reconciliation", "rolling")
TABLE_LABELS = {
    "plan": ("年度投资计划表", "annual investment plan"),
    "reconciliation": ("部门预算与投资计划对照表", "budget versus plan reconciliation"),
    "rolling": ("三年滚动计划表", "3-year rolling plan"),
}
#: field → (zh, en) labels of what a change is about
FIELD_LABELS = {
    "amount": ("本年度计划投资", "annual plan"),
    "central": ("计划投资：中央", "plan: central"),
    "municipal": ("计划投资：市级", "plan: municipal"),
    "district": ("计划投资：区级", "plan: district"),
    "completed_before": ("截至上年底完成投资", "invested to last year end"),
    "work_target": ("年度工作目标", "annual work target"),
    "remark": ("备注", "remark"),
    "plan": ("年度计划", "annual plan"),
    "budget": ("部门预算", "department budget"),
    "rolling": ("滚动计划投资", "rolling plan"),
}
MONEY_FIELDS = (
    "amount",
    "central",
    "municipal",
    "district",
    "completed_before",
    "plan",
    "budget",
    "rolling",
)
PLAN_ATTRS = {
    "amount": "amount_yuan", "central": "central_yuan", "municipal": "municipal_yuan",
    "district": "district_yuan", "completed_before": "completed_before_yuan",
    "work_target": "work_target", "remark": "remark",
}  # fmt: skip

#: header label (normalized, group/child) → column key, per table
_COLUMNS = {
    "plan": {
        "项目名称": "name", "总投资": "", "截至上年底完成投资": "completed_before",
        "本年度计划投资/合计": "amount", "本年度计划投资/中央": "central",
        "本年度计划投资/市级": "municipal", "本年度计划投资/区级": "district",
        "年度工作目标": "work_target", "备注": "remark",
    },
    "reconciliation": {
        "项目名称": "name", "项目编码": "code", "建设单位": "unit",
        "本年度/年度计划": "plan", "本年度/部门预算": "budget",
    },
    "rolling": {"项目名称": "name", "建设单位": "unit"},
}  # fmt: skip
_KNOWN = {label.split("/")[-1] for table in _COLUMNS.values() for label in table} | {
    "序号", "建设性质", "年度计划", "部门预算", "三年合计", "建设规模及内容", "项目责任单位", "责任人",
}  # fmt: skip
_YEAR_LABEL = re.compile(r"^((?:19|20)\d{2})年?$")
_TITLE_WORDS = (("对照表", "reconciliation"), ("滚动", "rolling"), ("投资项目计划表", "plan"),
                ("投资计划表", "plan"))  # fmt: skip


def _score_row(texts: Sequence[str]) -> float:
    return float(len({normalize(t) for t in texts} & _KNOWN))


@dataclass(frozen=True, slots=True)
class PlanChange:
    """One value of one project and year: old → new (None: no line)."""

    table: str
    action: str  # changed | added | removed
    project_id: int
    code: str
    project_name: str
    unit_name: str
    year: int
    field: str
    old: int | str | None
    new: int | str | None
    cell: str = ""  # where the new value is ("投资计划!G7"); empty for a removed row
    period: int = 0  # the table's year (a rolling plan's edition: its first year)

    @property
    def label_zh(self) -> str:
        return FIELD_LABELS[self.field][0]

    @property
    def label_en(self) -> str:
        return FIELD_LABELS[self.field][1]

    @property
    def is_money(self) -> bool:
        return self.field in MONEY_FIELDS


@dataclass(frozen=True, slots=True)
class UnmatchedRow:
    row: int
    cell: str
    name: str
    unit_name: str
    reason_zh: str
    reason_en: str


@dataclass(slots=True)
class PlanReading:
    path: Path
    table: str
    year: int
    sheet: str
    digests: dict[str, Any]
    changes: list[PlanChange] = field(default_factory=list)
    unmatched: list[UnmatchedRow] = field(default_factory=list)
    problems: list[LedgerProblem] = field(default_factory=list)
    matched_rows: int = 0

    @property
    def title_zh(self) -> str:
        return TABLE_LABELS[self.table][0]


# =========================================================================== reading


def _table_kind(header: Header, labels: dict[str, int]) -> str | None:
    title = "".join(header.title_lines)
    for word, kind in _TITLE_WORDS:
        if word in title:
            return kind
    if "本年度/部门预算" in labels:
        return "reconciliation"
    if any(_YEAR_LABEL.match(label.split("/")[-1]) for label in labels):
        return "rolling"
    if "本年度计划投资/合计" in labels or "截至上年底完成投资" in labels:
        return "plan"
    return None


def _find_table(path: Path, sheet: str | None) -> tuple[Grid, Header, str]:
    names = [sheet] if sheet is not None else list(open_workbook(path).sheet_names[:20])
    for name in names:
        grid = read_grid(path, name)
        header = find_header(grid, _score_row)
        if header is None:
            continue
        labels = {"/".join(p): i for i, p in enumerate(header.parts) if p}
        kind = _table_kind(header, labels)
        if kind is not None:
            return grid, header, kind
    raise fail("not_plan_table",
               "找不到 ReviewDesk 导出的计划表（年度投资计划表、部门预算与投资计划对照表或三年滚动计划表）的表头",
               "no plan table exported by ReviewDesk (annual plan, reconciliation or rolling plan) found")  # fmt: skip


@dataclass(slots=True)
class _FileRow:
    row: int
    project_id: int
    values: dict[str, Any] | None  # column key → parsed value (yuan; None: empty); None: unreadable
    cells: dict[str, str]


def read_plan_changes(store: Store, path: str | Path, *, sheet: str | None = None,
                      year: int | None = None) -> PlanReading:  # fmt: skip
    """Compare an edited plan table with the store; raises ImportFailed for an unreadable file."""
    source = Path(path)
    grid, header, table = _find_table(source, sheet)
    labels = {"/".join(p): i for i, p in enumerate(header.parts) if p}
    columns = {
        key: labels[label] for label, key in _COLUMNS[table].items() if key and label in labels
    }
    year = year or title_year(header.title_lines)
    years: dict[int, int] = {}
    if table == "rolling":
        for label, index in labels.items():
            match = _YEAR_LABEL.match(label.split("/")[-1])
            if match:
                years[int(match.group(1))] = index
        year = year or (min(years) if years else None)
    if year is None:
        raise fail("no_year", "无法从标题确定计划表的年度，请指定年度",
                   "the table's year cannot be read from its title; give the year")  # fmt: skip
    if "name" not in columns:
        raise fail(
            "no_name_column", "计划表中找不到“项目名称”列", "no project-name column in the table"
        )
    unit = sheet_money_unit([*header.title_lines, *header.labels]) or "万元"
    reading = PlanReading(source, table, year, grid.title, file_digests(source))
    with store.read() as session:
        file_rows = _match_rows(session, grid, header, table, columns, years, unit, reading)
        _compare(session, reading, file_rows, years)
    return reading


def _match_rows(session: Session, grid: Grid, header: Header, table: str, columns: dict[str, int],
                years: dict[int, int], unit: str, reading: PlanReading) -> list[_FileRow]:  # fmt: skip
    units = UnitIndex(session)
    projects: dict[tuple[int, str], list[int]] = {}
    by_code: dict[str, int] = {}
    for pid, code, unit_id, name in session.execute(
        select(Project.id, Project.code, Project.unit_id, Project.name)
    ):
        projects.setdefault((unit_id, _name_key(name)), []).append(pid)
        by_code[code] = pid
    group_unit: str | None = None
    seen: dict[int, int] = {}
    rows: list[_FileRow] = []
    name_col = columns["name"]
    for number, values in grid.rows:
        if number <= header.last_row:
            continue
        name = values[name_col] if name_col < len(values) else None
        name_text = cell_text(name) if not is_empty(name) else ""
        if not name_text:
            continue  # notes under the table, empty name cells of total rows
        if is_total_text(name_text):
            group = heading_text(name_text)
            if group and table == "plan":
                group_unit = group  # 「区公安局（小计）」 heads the unit's rows
            continue
        cell = f"{grid.title}!{column_letter(name_col)}{number}"
        unit_text = _cell(values, columns.get("unit"))
        unit_name = cell_text(unit_text) if not is_empty(unit_text) else (group_unit or "")
        code_value = _cell(values, columns.get("code"))
        code = cell_text(code_value) if not is_empty(code_value) else ""

        def unmatched(zh: str, en: str, number: int = number, cell: str = cell,
                      name: str = name_text, unit_name: str = unit_name) -> None:  # fmt: skip
            reading.unmatched.append(UnmatchedRow(number, cell, name, unit_name, zh, en))

        project_id: int | None = None
        if code:
            project_id = by_code.get(code)
            if project_id is None:
                unmatched(f"项目编码“{code}”不存在", f"no project with code {code!r}")
                continue
        else:
            if not unit_name:
                unmatched(
                    "无法确定建设单位（不在任何单位的小计行之下）", "the owner unit is unknown"
                )
                continue
            unit_id = units.find(unit_name)
            if not isinstance(unit_id, int):
                unmatched(
                    f"单位“{unit_name}”未登记或对应多个单位",
                    f"unit {unit_name!r} is unknown or ambiguous",
                )
                continue
            candidates = projects.get((unit_id, _name_key(name_text)), [])
            if not candidates:
                unmatched("该单位没有此名称的项目（新增的项目请先在项目清单中登记）",
                          "the unit has no project of this name (register a new project first)")  # fmt: skip
                continue
            if len(candidates) > 1:
                unmatched(
                    "该单位有多个同名项目，无法确定是哪一个",
                    "several projects of the unit have this name",
                )
                continue
            project_id = candidates[0]
        if project_id in seen:
            unmatched(
                f"与第{seen[project_id]}行是同一项目（重复）",
                f"the same project as row {seen[project_id]}",
            )
            continue
        seen[project_id] = number
        parsed, cells = _read_values(grid, number, values, table, columns, years, unit, reading)
        # a row with an unreadable cell stays in the file (not removed), with no change
        rows.append(_FileRow(number, project_id, parsed, cells))
    reading.matched_rows = len(rows)
    return rows


def _name_key(name: str) -> str:
    return re.sub(r"\s+", "", name)


def _cell(values: tuple[Any, ...], index: int | None) -> Any:
    return values[index] if index is not None and index < len(values) else None


def _read_values(grid: Grid, number: int, values: tuple[Any, ...], table: str, columns: dict[str, int],
                 years: dict[int, int], unit: str,
                 reading: PlanReading) -> tuple[dict[str, Any] | None, dict[str, str]]:  # fmt: skip
    wanted = {k: i for k, i in columns.items() if k not in ("name", "unit", "code")}
    if table == "rolling":
        wanted = {f"y{y}": i for y, i in years.items()}
    parsed: dict[str, Any] = {}
    cells: dict[str, str] = {}
    bad = False
    for key, index in wanted.items():
        cells[key] = f"{grid.title}!{column_letter(index)}{number}"
        raw = _cell(values, index)
        try:
            value = check_cell(raw, (number, index + 1) in grid.formulas)
            if key in ("work_target", "remark"):
                parsed[key] = "" if is_empty(value) else cell_text(value)
            else:
                money = parse_money(value, unit)
                parsed[key] = None if money is None else money.yuan
        except CellProblem as exc:
            reading.problems.append(
                LedgerProblem(grid.title, number, column_letter(index), exc.zh, exc.en)
            )
            bad = True
    return (None if bad else parsed), cells


def _compare(
    session: Session, reading: PlanReading, rows: list[_FileRow], years: dict[int, int]
) -> None:
    heads = {
        pid: (code, name, unit_name)
        for pid, code, name, unit_name in session.execute(
            select(Project.id, Project.code, Project.name, Unit.name).join(
                Unit, Unit.id == Project.unit_id
            )
        )
    }
    current = _current(session, reading.table, reading.year)
    in_file = {r.project_id for r in rows}

    def add(action: str, pid: int, year: int, key: str, old: Any, new: Any, cell: str = "") -> None:
        code, name, unit_name = heads[pid]
        reading.changes.append(PlanChange(reading.table, action, pid, code, name, unit_name, year, key,
                                          old, new, cell, reading.year))  # fmt: skip

    for r in rows:
        have = current.get(r.project_id)
        for key, new in (r.values or {}).items():
            year = int(key[1:]) if key.startswith("y") else reading.year
            field_key = "rolling" if key.startswith("y") else key
            old = None if have is None else have.get(key)
            if field_key in ("work_target", "remark"):
                if (old or "") != new:
                    add(
                        "changed" if have else "added",
                        r.project_id,
                        year,
                        field_key,
                        old or "",
                        new,
                        r.cells[key],
                    )
                continue
            if reading.table in ("plan", "rolling") and new == 0 and old is None:
                continue  # an empty year of the rolling plan, a zero split of a new line
            if old == new:
                continue
            action = "added" if old is None else "removed" if new is None else "changed"
            add(action, r.project_id, year, field_key, old, new, r.cells[key])
    for pid, have in current.items():
        if pid in in_file:
            continue
        for key, old in have.items():
            if reading.table == "plan" and key != "amount":
                continue  # a plan row removed is its line removed: one change
            if old is None or (old == 0 and reading.table == "rolling"):
                continue
            year = int(key[1:]) if key.startswith("y") else reading.year
            add("removed", pid, year, "rolling" if key.startswith("y") else key, old, None)
    reading.changes.sort(
        key=lambda c: (c.unit_name, c.code, c.year, list(FIELD_LABELS).index(c.field))
    )


def _current(session: Session, table: str, year: int) -> dict[int, dict[str, Any]]:
    """What the store holds for the table and year, by project, in the same keys as a row."""
    out: dict[int, dict[str, Any]] = {}
    if table == "plan":
        for line in session.scalars(select(PlanLine).where(PlanLine.year == year)):
            out[line.project_id] = {k: getattr(line, a) for k, a in PLAN_ATTRS.items()}
    elif table == "reconciliation":
        for pid, amount in session.execute(
            select(PlanLine.project_id, PlanLine.amount_yuan).where(PlanLine.year == year)
        ):
            entry = out.setdefault(pid, {"plan": None, "budget": None})
            entry["plan"] = (entry["plan"] or 0) + amount
        for pid, amount in session.execute(
            select(BudgetLine.project_id, BudgetLine.amount_yuan).where(BudgetLine.year == year)
        ):
            entry = out.setdefault(pid, {"plan": None, "budget": None})
            entry["budget"] = (entry["budget"] or 0) + amount
    else:
        stmt = select(RollingLine.project_id, RollingLine.year, RollingLine.amount_yuan).where(
            RollingLine.period_start == year, RollingLine.year.between(year, year + 2)
        )
        for pid, y, amount in session.execute(stmt):
            entry = out.setdefault(pid, {f"y{year + k}": None for k in range(3)})
            entry[f"y{y}"] = (entry[f"y{y}"] or 0) + amount
    return out


# =========================================================================== applying


class PlanConflict(StoreError):
    """The store changed since the file was compared: nothing is written."""


@dataclass(frozen=True, slots=True)
class AppliedPlan:
    applied: int
    project_ids: tuple[int, ...]


@drc_only("导入修改后的计划表", "apply changes from an edited plan table")
def apply_plan_changes(
    session: Session, reading: PlanReading, changes: Sequence[PlanChange]
) -> AppliedPlan:
    """Write the chosen changes in the caller's write transaction (checked first, all or none)."""
    current = _current(session, reading.table, reading.year)
    for c in changes:
        key = f"y{c.year}" if c.field == "rolling" else c.field
        have = current.get(c.project_id, {}).get(key)
        if c.field in ("work_target", "remark"):
            have = have or ""
        elif c.table in ("plan", "rolling") and have == 0 and c.old is None:
            have = None
        if have != c.old:
            raise PlanConflict(
                "plan_changed",
                f"计划表比对之后数据已被修改（{c.project_name} {c.year}年 {c.label_zh}），请重新导入",
                f"the data changed after the table was compared ({c.code} {c.year} {c.label_en}); import again",
            )
    for c in changes:
        _apply(session, c)
    session.flush()
    record_event(session, "import", "import", f"导入修改后的{reading.title_zh}：{reading.path.name}", after={
        **reading.digests, "table": reading.table, "year": reading.year, "sheet": reading.sheet,
        "changes": [
            {"project": c.code, "year": c.year, "field": c.field, "action": c.action, "old": c.old, "new": c.new}
            for c in changes
        ],
        "unmatched_rows": [u.row for u in reading.unmatched],
    })  # fmt: skip
    return AppliedPlan(len(changes), tuple(sorted({c.project_id for c in changes})))


def _apply(session: Session, c: PlanChange) -> None:
    from app.services.editing import set_line_amount

    if c.table == "reconciliation":
        set_line_amount(
            session, c.project_id, c.year, c.field, c.new if isinstance(c.new, int) else None
        )
        return
    if c.table == "rolling":
        lines = list(session.scalars(select(RollingLine).where(
            RollingLine.project_id == c.project_id, RollingLine.period_start == c.period,
            RollingLine.year == c.year).order_by(RollingLine.id)))  # fmt: skip
        amount = c.new if isinstance(c.new, int) else 0
        for extra in lines[1:] if amount else lines:
            session.delete(extra)
        if amount:
            if lines:
                lines[0].amount_yuan = amount
            else:
                session.add(RollingLine(project_id=c.project_id, period_start=c.period,
                                        year=c.year, amount_yuan=amount))  # fmt: skip
        return
    line = session.scalar(
        select(PlanLine).where(PlanLine.project_id == c.project_id, PlanLine.year == c.year)
    )
    if c.new is None and c.field == "amount":
        if line is not None:
            session.delete(line)
        return
    if line is None:
        line = PlanLine(project_id=c.project_id, year=c.year, amount_yuan=0)
        session.add(line)
    setattr(line, PLAN_ATTRS[c.field], c.new if c.new is not None else (0 if c.is_money else ""))
