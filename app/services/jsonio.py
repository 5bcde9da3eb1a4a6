"""The whole dataset as JSON: export, and an import that validates everything first.

The format is driven by the table metadata (every column of every table), so new columns
are covered without code here; `docs/data-format.md` describes it. Import collects every
problem in one pass (`ImportRejected.problems`, each with a `where` like
`tables.projects[3].total_investment_yuan`) and writes nothing unless the whole file is valid.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum as PyEnum
from pathlib import Path
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session

from app.models import Base
from app.models.db import Store
from app.services.atomic import atomic_write_bytes
from app.services.audit import file_digests, record_event
from app.services.roles import drc_only

FORMAT = "reviewdesk-dataset"
VERSION = 1
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: control characters, lone surrogates and non-characters: not XML 1.0 `Char` (tab, LF, CR are)
NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
INT64 = (-(2**63), 2**63 - 1)
MAX_FILE_BYTES = 1024 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class ImportProblem:
    where: str
    message_zh: str
    message_en: str


class ImportRejected(Exception):
    """The file was not imported; `problems` lists every problem found, each with its location."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s): " + "; ".join(f"{p.where}: {p.message_en}" for p in problems[:5]))  # fmt: skip
        self.problems = problems


@dataclass(frozen=True)
class _Summary:
    path: Path
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def __getitem__(self, table: str) -> int:
        return self.counts[table]

    def __str__(self) -> str:
        parts = ", ".join(f"{name} {n}" for name, n in self.counts.items() if n)
        return f"{self.total} rows ({parts})" if parts else "0 rows"


@dataclass(frozen=True)
class ExportSummary(_Summary):
    """Rows written per table (every table, also the empty ones)."""


@dataclass(frozen=True)
class ImportSummary(_Summary):
    """Rows imported per table; `backup` is the verified copy made before a --replace.

    `notices` are rows imported as they are that the rules read differently from what they
    say (a 必备条件 or an acceptance material recorded as 不适用: the engine counts it as 缺)."""

    replaced: bool = False
    backup: Path | None = None
    notices: tuple[ImportProblem, ...] = ()


#: facts about the database file, not its data: never exported, never imported over
NOT_EXPORTED = frozenset({"database_info"})


def tables() -> list[Table]:
    """Every table of the data, parents before children (the import order)."""
    return [t for t in Base.metadata.sorted_tables if t.name not in NOT_EXPORTED]


# --------------------------------------------------------------------------- export


def _to_json(value: Any) -> Any:
    if isinstance(value, PyEnum):
        return value.value
    if isinstance(value, (date, datetime)):  # datetime is a date: both give ISO 8601
        return value.isoformat()
    return value


def dataset_dict(session: Session, *, now: datetime | None = None) -> dict[str, Any]:
    """The whole dataset as the JSON document (every column of every table, ordered by key)."""
    stamp = now or datetime.now().astimezone()
    out: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": stamp.isoformat(timespec="seconds"),
        "tables": {},
    }
    for table in tables():
        rows = session.execute(select(table).order_by(*table.primary_key.columns)).mappings()
        out["tables"][table.name] = [
            {column.name: _to_json(row[column.name]) for column in table.columns} for row in rows
        ]
    return out


def dataset_bytes(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def export_json(store: Store, path: str | Path, *, now: datetime | None = None) -> ExportSummary:
    """Write the whole dataset to `path` through the atomic writer.

    Raises `OutputLocked` / `OutputFailed` (app.services.atomic); the old file is then intact.
    """
    with store.read() as session:
        data = dataset_dict(session, now=now)
    atomic_write_bytes(path, dataset_bytes(data))
    return ExportSummary(Path(path), {name: len(rows) for name, rows in data["tables"].items()})


# --------------------------------------------------------------------------- parsing


class _Object(dict[str, Any]):
    """A JSON object that remembers keys given more than once (json keeps only the last)."""

    duplicates: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    obj = _Object(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        repeated: list[str] = []
        for key, _value in pairs:
            if key in seen:
                repeated.append(key)
            seen.add(key)
        obj.duplicates = tuple(repeated)
    return obj


class _Constant(str):
    """NaN / Infinity: accepted by Python's json, never a valid value here."""


def parse(text: str) -> tuple[Any, list[ImportProblem]]:
    """The JSON document, or a problem with line and column."""
    try:
        return json.loads(text, object_pairs_hook=_object, parse_constant=_Constant), []
    except json.JSONDecodeError as exc:
        return None, [_problem(f"line {exc.lineno}, column {exc.colno}", f"JSON 格式错误：第{exc.lineno}行第{exc.colno}列，{exc.msg}", f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")]  # fmt: skip
    except RecursionError:
        return None, [_problem("$", "JSON 嵌套层次过深", "JSON nested too deeply")]


# --------------------------------------------------------------------------- validation


def _problem(where: str, zh: str, en: str) -> ImportProblem:
    return ImportProblem(where, zh, en)


def _duplicate_keys(obj: Any, where: str, problems: list[ImportProblem]) -> None:
    for key in getattr(obj, "duplicates", ()):
        problems.append(_problem(f"{where}.{key}" if where != "$" else key, f"键 {key} 出现了多次", f"key {key} appears more than once"))  # fmt: skip


def is_money(column: Column[Any]) -> bool:
    """Money columns: `Money` (BigInteger) or named `*_yuan`; integer yuan, never negative."""
    return isinstance(column.type, BigInteger) or column.name.endswith("_yuan")


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _convert(column: Column[Any], value: Any, where: str, problems: list[ImportProblem]) -> Any:
    """The Python value for `column`, or None after recording a problem."""
    kind = column.type
    if value is None:
        if not column.nullable and not column.primary_key:
            problems.append(_problem(where, "必填项为空", "required value is null"))
        return None
    if isinstance(value, _Constant):
        problems.append(_problem(where, f"{value} 不是有效取值", f"{value} is not a valid value"))
        return None
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            problems.append(_problem(where, f"应为 true/false，实际为 {_shown(value)}", f"expected true/false, got {_shown(value)}"))  # fmt: skip
            return None
        return value
    if isinstance(kind, Enum):
        allowed = list(kind.enums)
        if not isinstance(value, str) or value not in allowed:
            problems.append(_problem(where, f"取值 {_shown(value)} 无效，可选：{'、'.join(allowed)}", f"invalid value {_shown(value)}; allowed: {', '.join(allowed)}"))  # fmt: skip
            return None
        enum_class = kind.enum_class
        return enum_class(value) if enum_class is not None else value
    if isinstance(kind, Integer):  # Integer and BigInteger (money in yuan)
        money = is_money(column)
        if isinstance(value, bool) or not isinstance(value, int):
            if money:
                problems.append(_problem(where, f"金额应为以“元”为单位的整数，实际为 {_shown(value)}", f"money must be an integer number of yuan, got {_shown(value)}"))  # fmt: skip
            else:
                problems.append(_problem(where, f"应为整数，实际为 {_shown(value)}", f"expected an integer, got {_shown(value)}"))  # fmt: skip
            return None
        if not INT64[0] <= value <= INT64[1]:
            problems.append(_problem(where, "整数超出范围", "integer out of range"))
            return None
        if money and value < 0:
            problems.append(_problem(where, "金额不能为负数", "an amount cannot be negative"))
            return None
        return value
    if isinstance(kind, DateTime):
        try:
            if not isinstance(value, str) or not ISO_DATE.match(value):
                raise ValueError(value)
            moment = datetime.fromisoformat(value)
        except ValueError:
            problems.append(_problem(where, f"日期时间应为 ISO 8601 格式且真实存在：{_shown(value)}", f"expected an existing ISO 8601 date-time: {_shown(value)}"))  # fmt: skip
            return None
        if moment.tzinfo is not None:  # stored as local time without an offset
            moment = moment.astimezone().replace(tzinfo=None)
        return moment
    if isinstance(kind, Date):
        if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
            problems.append(_problem(where, f"日期格式应为 YYYY-MM-DD：{_shown(value)}", f"expected YYYY-MM-DD: {_shown(value)}"))  # fmt: skip
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            problems.append(_problem(where, f"日期不存在：{value}", f"no such date: {value}"))
            return None
    if isinstance(kind, (String, Text)):
        if not isinstance(value, str):
            problems.append(_problem(where, f"应为文本，实际为 {_shown(value)}", f"expected text, got {_shown(value)}"))  # fmt: skip
            return None
        bad = NOT_TEXT.search(value)
        if bad:
            code = f"U+{ord(bad.group()):04X}"
            problems.append(_problem(where, f"文本含有控制字符或无效字符（{code}，第{bad.start() + 1}个字符）", f"text contains a control or invalid character ({code} at position {bad.start() + 1})"))  # fmt: skip
            return None
        length = getattr(kind, "length", None)
        if length is not None and len(value) > length:
            problems.append(_problem(where, f"文本过长（{len(value)}字，最多{length}字）", f"text too long ({len(value)} characters, at most {length})"))  # fmt: skip
            return None
        return value
    return value  # pragma: no cover - every column type of the models is handled above


def _unique_sets(table: Table) -> list[tuple[str, ...]]:
    sets = [tuple(c.name for c in con.columns) for con in table.constraints if isinstance(con, UniqueConstraint)]  # fmt: skip
    sets += [tuple(c.name for c in index.columns) for index in table.indexes if index.unique]
    sets += [(c.name,) for c in table.columns if c.unique]
    return list(dict.fromkeys(sets))


def _required_missing(column: Column[Any]) -> bool:
    return (
        not column.nullable
        and not column.primary_key
        and column.default is None
        and column.server_default is None
    )


def _validate_rows(
    table: Table, rows: list[Any], problems: list[ImportProblem]
) -> list[dict[str, Any]]:
    out_rows: list[dict[str, Any]] = []
    keys = list(table.primary_key.columns)
    seen: dict[tuple[str, ...], dict[tuple[Any, ...], int]] = {}
    for index, row in enumerate(rows):
        where = f"tables.{table.name}[{index}]"
        if not isinstance(row, dict):
            problems.append(_problem(where, "应为对象", "must be an object"))
            continue
        _duplicate_keys(row, where, problems)
        for key in row:
            if key not in table.c:
                problems.append(_problem(f"{where}.{key}", f"未知的列 {key}", f"unknown column {key}"))  # fmt: skip
        values: dict[str, Any] = {}
        for column in table.columns:
            if column.name not in row:
                if _required_missing(column):
                    problems.append(_problem(f"{where}.{column.name}", "缺少必填列", "required column missing"))  # fmt: skip
                continue
            values[column.name] = _convert(column, row[column.name], f"{where}.{column.name}", problems)  # fmt: skip
        for key_column in keys:
            if values.get(key_column.name) is None and row.get(key_column.name, None) is None:
                problems.append(_problem(f"{where}.{key_column.name}", f"缺少 {key_column.name}", f"missing {key_column.name}"))  # fmt: skip
        for columns in [tuple(c.name for c in keys), *_unique_sets(table)]:
            key = tuple(values.get(c) for c in columns)
            if None in key:
                continue
            bucket = seen.setdefault(columns, {})
            if key in bucket:
                shown = ", ".join(columns)
                problems.append(_problem(f"{where}.{columns[0]}", f"与第{bucket[key]}行重复（{shown}），每个值只能出现一次", f"duplicates row {bucket[key]} ({shown}); it must be unique"))  # fmt: skip
            else:
                bucket[key] = index
        out_rows.append(values)
    return out_rows


def validate(data: Any) -> tuple[dict[str, list[dict[str, Any]]], list[ImportProblem]]:
    """Every problem of the document, and the converted rows (meaningful only without problems)."""
    problems: list[ImportProblem] = []
    if not isinstance(data, dict):
        return {}, [_problem("$", "文件顶层应为 JSON 对象", "the top level must be a JSON object")]
    _duplicate_keys(data, "$", problems)
    if data.get("format") != FORMAT:
        problems.append(_problem("format", f"不是 ReviewDesk 数据文件（format 应为 {FORMAT}）", f"not a ReviewDesk dataset (format must be {FORMAT})"))  # fmt: skip
    version = data.get("version")
    if type(version) is not int or version != VERSION:
        problems.append(_problem("version", f"不支持的版本 {_shown(version)}（支持 {VERSION}）", f"unsupported version {_shown(version)} (supported: {VERSION})"))  # fmt: skip
    raw_tables = data.get("tables")
    if not isinstance(raw_tables, dict):
        problems.append(_problem("tables", "缺少 tables 对象", "missing the tables object"))
        return {}, problems
    _duplicate_keys(raw_tables, "tables", problems)
    known = {t.name: t for t in tables()}
    for name in raw_tables:
        if name not in known:
            problems.append(_problem(f"tables.{name}", f"未知的表 {name}", f"unknown table {name}"))
    converted: dict[str, list[dict[str, Any]]] = {}
    for table in tables():
        rows = raw_tables.get(table.name, [])
        if not isinstance(rows, list):
            problems.append(_problem(f"tables.{table.name}", "应为数组", "must be an array"))
            continue
        converted[table.name] = _validate_rows(table, rows, problems)
    _check_references(converted, problems)
    return converted, problems


def not_applicable_notices(converted: dict[str, list[dict[str, Any]]]) -> list[ImportProblem]:
    """Documents recorded as 不适用 where the text allows none (a file from before the second
    reading): imported unchanged, reported, and counted as 缺 by the rules (docs/rules.md)."""
    from app.rules.checklists import DOC_LABELS, NEVER_NOT_APPLICABLE
    from app.rules.facts import DocStatus

    notices = []
    for index, row in enumerate(converted.get("documents", [])):
        kind = row.get("kind")
        if row.get("status") != DocStatus.NOT_APPLICABLE or kind not in NEVER_NOT_APPLICABLE:
            continue
        label_zh, label_en, _article = DOC_LABELS[kind]
        why_zh, why_en = NEVER_NOT_APPLICABLE[kind]
        notices.append(_problem(
            f"tables.documents[{index}].status",
            f"项目 id={row.get('project_id')} 的“{label_zh}”记录为“不适用”，按原样导入；{why_zh}，"
            "检查规则按“缺”处理，请核实后改为实际状态",
            f"project id={row.get('project_id')}: {label_en} is recorded as not applicable and is "
            f"imported as it is; {why_en}, so the rules count it as missing: record its real status",
        ))  # fmt: skip
    return notices


def _check_references(
    converted: dict[str, list[dict[str, Any]]], problems: list[ImportProblem]
) -> None:
    """Every foreign key must point at a row of the same file (the target is empty or replaced)."""
    present: dict[tuple[str, str], set[Any]] = {}
    for table in tables():
        for fk in table.foreign_keys:
            target = (fk.column.table.name, fk.column.name)
            if target not in present:
                rows = converted.get(target[0], [])
                present[target] = {r.get(target[1]) for r in rows} - {None}
    for table in tables():
        for index, values in enumerate(converted.get(table.name, [])):
            for fk in table.foreign_keys:
                value = values.get(fk.parent.name)
                target_table, target_column = fk.column.table.name, fk.column.name
                if value is not None and value not in present[(target_table, target_column)]:
                    problems.append(_problem(
                        f"tables.{table.name}[{index}].{fk.parent.name}",
                        f"引用的 {target_table} {target_column}={value} 在文件中不存在",
                        f"refers to {target_table} {target_column}={value}, which is not in the file",
                    ))  # fmt: skip


# --------------------------------------------------------------------------- import


def _row_count(session: Session) -> int:
    return sum(session.scalar(select(func.count()).select_from(t)) or 0 for t in tables())


_NOT_EMPTY = ("$", "目标数据库不为空；如需整体替换请使用 --replace（替换前会自动备份）", "the database is not empty; use --replace to replace everything (a backup is made first)")  # fmt: skip


def _insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert in id order; self-references are set afterwards so that row order never matters."""
    self_refs = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        full = dict(row)
        for column in table.columns:
            if column.name in full:
                continue
            if column.default is not None and column.default.is_scalar:
                full[column.name] = column.default.arg  # type: ignore[attr-defined]
            elif column.default is None and column.server_default is None:
                full[column.name] = None
        for name in self_refs:
            full[name] = None
        groups.setdefault(tuple(sorted(full)), []).append(full)
    for group in groups.values():
        session.execute(insert(table), group)
    key = next(iter(table.primary_key.columns))
    for row in rows:
        refs = {name: row[name] for name in self_refs if row.get(name) is not None}
        if refs:
            session.execute(update(table).where(key == row[key.name]).values(**refs))


def _advance_id_sequences(session: Session, imported: list[Table]) -> None:
    """PostgreSQL: rows inserted with their own ids leave the id sequences behind; move each
    past the largest id, or the next row added by the app would collide (SQLite needs nothing)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in imported:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or keys[0].autoincrement is False:
            continue
        session.execute(
            sql_text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{keys[0].name}'), "
                f"coalesce((SELECT max({keys[0].name}) FROM {table.name}), 0) + 1, false)"
            )
        )


@drc_only("导入数据（JSON）", "import data (JSON)")
def import_json(store: Store, path: str | Path, *, replace: bool = False) -> ImportSummary:
    """Validate the whole file, then write it in one transaction (nothing on any problem).

    Into an empty database, or with `replace=True` into any database: then a verified backup
    is made first and every existing row is deleted (children first) in the same transaction
    as the inserts. Raises `ImportRejected` with every problem found.
    """
    source = Path(path)
    try:
        if source.stat().st_size > MAX_FILE_BYTES:
            raise ImportRejected([_problem("$", "文件过大（超过 1 GB）", "file larger than 1 GB")])
        text = source.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected([_problem("$", f"文件不是 UTF-8 编码（第{exc.start + 1}字节）", f"not UTF-8 (byte {exc.start + 1})")]) from None  # fmt: skip
    except OSError as exc:
        raise ImportRejected([_problem("$", f"无法读取文件：{exc.strerror or exc}", f"cannot read the file: {exc.strerror or exc}")]) from None  # fmt: skip
    data, problems = parse(text)
    if problems:
        raise ImportRejected(problems)
    converted, problems = validate(data)
    with store.read() as session:
        existing = _row_count(session)
    if existing and not replace:
        problems.append(_problem(*_NOT_EMPTY))
    if problems:
        raise ImportRejected(problems)
    backup_path: Path | None = None
    if existing and store.path is not None:
        from app.models.migrate import backup

        backup_path = backup(store.path, "pre-import")
    with store.write() as session:
        if not replace and _row_count(session):  # written meanwhile by someone else
            raise ImportRejected([_problem(*_NOT_EMPTY)])
        for table in reversed(tables()):
            session.execute(delete(table))
        for table in tables():
            rows = converted.get(table.name, [])
            if rows:
                _insert_rows(session, table, rows)
        notices = not_applicable_notices(converted)
        record_event(session, "import", "import", f"导入 JSON 数据：{source.name}", after={
            **file_digests(source), "replaced": bool(existing),
            "rows": {name: len(rows) for name, rows in converted.items() if rows},
            **({"notices": [n.where for n in notices]} if notices else {})})  # fmt: skip
        _advance_id_sequences(session, tables())
    counts = {t.name: len(converted.get(t.name, [])) for t in tables()}
    return ImportSummary(source, counts, replaced=bool(existing), backup=backup_path, notices=tuple(notices))  # fmt: skip


def summarize(problems: Iterable[ImportProblem]) -> str:
    """Problems as lines `where: 中文 / English`, for logs and the command line."""
    return "\n".join(f"{p.where}: {p.message_zh} / {p.message_en}" for p in problems)
