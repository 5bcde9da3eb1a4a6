"""The whole dataset as JSON: export, and an import that validates everything first.

The format is driven by the table metadata (every column of every table), so new columns
are covered without code here; `docs/data-format.md` describes it. Import collects every
problem in one pass (`ImportRejected.problems`, each with a `where` like
`tables.projects[3].total_investment_yuan`) and writes nothing unless the whole file is valid.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum as PyEnum
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Enum,
    Integer,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Session

from app.models import Base
from app.models.db import Store
from app.services.atomic import atomic_write_bytes

FORMAT = "reviewdesk-dataset"
VERSION = 1
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True, slots=True)
class ImportProblem:
    where: str
    message_zh: str
    message_en: str


class ImportRejected(Exception):
    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)


# --------------------------------------------------------------------------- export


def _to_json(value: Any) -> Any:
    if isinstance(value, PyEnum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def dataset_dict(session: Session, *, now: datetime | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": (now or datetime.now()).isoformat(timespec="seconds"),
        "tables": {},
    }
    for table in tables():
        rows = session.execute(select(table).order_by(*table.primary_key.columns)).mappings()
        out["tables"][table.name] = [{k: _to_json(v) for k, v in row.items()} for row in rows]
    return out


def export_json(store: Store, path: str | Path) -> dict[str, int]:
    """Write the whole dataset; returns the row count per table."""
    with store.read() as session:
        data = dataset_dict(session)
    payload = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    atomic_write_bytes(path, payload)
    return {name: len(rows) for name, rows in data["tables"].items()}


# --------------------------------------------------------------------------- validation


def _problem(where: str, zh: str, en: str) -> ImportProblem:
    return ImportProblem(where, zh, en)


def _convert(
    table: Table, column_name: str, value: Any, where: str, problems: list[ImportProblem]
) -> Any:
    column = table.c[column_name]
    kind = column.type
    if value is None:
        if not column.nullable and not column.primary_key:
            problems.append(_problem(where, "必填项为空", "required value is null"))
        return None
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            problems.append(
                _problem(
                    where,
                    f"应为 true/false，实际为 {value!r}",
                    f"expected true/false, got {value!r}",
                )
            )
        return value
    if isinstance(kind, Enum):
        allowed = list(kind.enums)
        if value not in allowed:
            problems.append(_problem(where, f"取值 {value!r} 无效，可选：{'、'.join(allowed)}", f"invalid value {value!r}; allowed: {', '.join(allowed)}"))  # fmt: skip
            return None
        enum_class = kind.enum_class
        return enum_class(value) if enum_class is not None else value
    if isinstance(kind, Integer):  # Integer and BigInteger (money in yuan)
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append(_problem(where, f"应为整数，实际为 {value!r}（金额以“元”为单位的整数表示）", f"expected an integer, got {value!r} (money is integer yuan)"))  # fmt: skip
            return None
        if column_name.endswith("_yuan") and value < 0:
            problems.append(_problem(where, "金额不能为负数", "an amount cannot be negative"))
        return value
    if isinstance(kind, DateTime):
        try:
            if not isinstance(value, str):
                raise ValueError(value)
            return datetime.fromisoformat(value)
        except ValueError:
            problems.append(_problem(where, f"日期时间格式应为 ISO 8601：{value!r}", f"expected an ISO 8601 date-time: {value!r}"))  # fmt: skip
            return None
    if isinstance(kind, Date):
        if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
            problems.append(
                _problem(
                    where, f"日期格式应为 YYYY-MM-DD：{value!r}", f"expected YYYY-MM-DD: {value!r}"
                )
            )
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            problems.append(_problem(where, f"日期不存在：{value!r}", f"no such date: {value!r}"))
            return None
    if isinstance(kind, (String, Text)):
        if not isinstance(value, str):
            problems.append(
                _problem(where, f"应为文本，实际为 {value!r}", f"expected text, got {value!r}")
            )
            return None
        if CONTROL.search(value):
            problems.append(_problem(where, "文本含有控制字符", "text contains control characters"))
        length = getattr(kind, "length", None)
        if length is not None and len(value) > length:
            problems.append(
                _problem(where, f"文本过长（最多{length}字）", f"text longer than {length}")
            )
        return value
    return value


def validate(data: Any) -> tuple[dict[str, list[dict[str, Any]]], list[ImportProblem]]:
    """Every problem of the document, and the converted rows (meaningful only without problems)."""
    problems: list[ImportProblem] = []
    if not isinstance(data, dict):
        return {}, [_problem("$", "文件顶层应为 JSON 对象", "the top level must be a JSON object")]
    if data.get("format") != FORMAT:
        problems.append(_problem("format", f"不是 ReviewDesk 数据文件（format 应为 {FORMAT}）", f"not a ReviewDesk dataset (format must be {FORMAT})"))  # fmt: skip
    if data.get("version") != VERSION:
        problems.append(_problem("version", f"不支持的版本 {data.get('version')!r}（支持 {VERSION}）", f"unsupported version {data.get('version')!r} (supported: {VERSION})"))  # fmt: skip
    raw_tables = data.get("tables")
    if not isinstance(raw_tables, dict):
        problems.append(_problem("tables", "缺少 tables 对象", "missing the tables object"))
        return {}, problems
    known = {t.name: t for t in tables()}
    for name in raw_tables:
        if name not in known:
            problems.append(_problem(f"tables.{name}", f"未知的表 {name}", f"unknown table {name}"))
    converted: dict[str, list[dict[str, Any]]] = {}
    ids: dict[str, set[Any]] = {}
    for table in tables():
        rows = raw_tables.get(table.name, [])
        if not isinstance(rows, list):
            problems.append(_problem(f"tables.{table.name}", "应为数组", "must be an array"))
            continue
        out_rows: list[dict[str, Any]] = []
        seen_keys: dict[tuple[str, ...], set[tuple[Any, ...]]] = {}
        unique_sets = [tuple(c.name for c in con.columns) for con in table.constraints if con.__class__.__name__ == "UniqueConstraint"]  # fmt: skip
        unique_sets += [(c.name,) for c in table.columns if c.unique]
        unique_sets = list(dict.fromkeys(unique_sets))
        for index, row in enumerate(rows):
            where = f"tables.{table.name}[{index}]"
            if not isinstance(row, dict):
                problems.append(_problem(where, "应为对象", "must be an object"))
                continue
            for key in row:
                if key not in table.c:
                    problems.append(
                        _problem(f"{where}.{key}", f"未知的列 {key}", f"unknown column {key}")
                    )
            values: dict[str, Any] = {}
            for column in table.columns:
                if column.name not in row:
                    if not column.nullable and column.default is None and not column.primary_key:
                        problems.append(
                            _problem(
                                f"{where}.{column.name}", "缺少必填列", "required column missing"
                            )
                        )
                    continue
                values[column.name] = _convert(table, column.name, row[column.name], f"{where}.{column.name}", problems)  # fmt: skip
            key_value = values.get("id")
            if key_value is None:
                problems.append(_problem(f"{where}.id", "缺少 id", "missing id"))
            elif key_value in ids.setdefault(table.name, set()):
                problems.append(
                    _problem(f"{where}.id", f"id {key_value} 重复", f"duplicate id {key_value}")
                )
            else:
                ids[table.name].add(key_value)
            for columns in unique_sets:
                key = tuple(values.get(c) for c in columns)
                if None in key:
                    continue
                bucket = seen_keys.setdefault(columns, set())
                if key in bucket:
                    problems.append(_problem(f"{where}.{columns[0]}", f"与前面的行重复：{'、'.join(columns)}", f"duplicates an earlier row: {', '.join(columns)}"))  # fmt: skip
                bucket.add(key)
            out_rows.append(values)
        converted[table.name] = out_rows
    for table in tables():
        for index, values in enumerate(converted.get(table.name, [])):
            for fk in table.foreign_keys:
                target = values.get(fk.parent.name)
                if target is not None and target not in ids.get(fk.column.table.name, set()):
                    problems.append(_problem(
                        f"tables.{table.name}[{index}].{fk.parent.name}",
                        f"引用的 {fk.column.table.name} id={target} 不存在",
                        f"refers to {fk.column.table.name} id={target}, which is not in the file",
                    ))  # fmt: skip
    return converted, problems


# --------------------------------------------------------------------------- import


def import_json(store: Store, path: str | Path, *, replace: bool = False) -> dict[str, int]:
    """Validate the whole file, then write it in one transaction (nothing on any problem)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ImportRejected(
            [_problem("$", f"文件不是 UTF-8 编码：{exc}", f"not UTF-8: {exc}")]
        ) from None
    except OSError as exc:
        raise ImportRejected([_problem("$", f"无法读取文件：{exc.strerror or exc}", f"cannot read the file: {exc}")]) from None  # fmt: skip
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportRejected([_problem(f"line {exc.lineno}, column {exc.colno}", f"JSON 格式错误：第{exc.lineno}行第{exc.colno}列，{exc.msg}", f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")]) from None  # fmt: skip
    converted, problems = validate(data)
    if problems:
        raise ImportRejected(problems)
    with store.write() as session:
        existing = sum(session.scalar(select(func.count()).select_from(t)) or 0 for t in tables())
        if existing and not replace:
            raise ImportRejected([_problem("$", "目标数据库不为空；如需整体替换请使用 --replace", "the database is not empty; use --replace to replace everything")])  # fmt: skip
        if existing and store.path is not None:
            from app.models.migrate import backup

            session.commit()  # release the write lock for the backup's read
            backup(store.path, "pre-import")
            session.connection(execution_options={"begin_mode": "IMMEDIATE"})
        for table in reversed(tables()):
            session.execute(delete(table))
        for table in tables():
            rows = converted.get(table.name, [])
            if not rows:
                continue
            self_refs = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
            deferred = [(r["id"], {c: r[c] for c in self_refs if r.get(c) is not None}) for r in rows] if self_refs else []  # fmt: skip
            session.execute(insert(table), [{**r, **{c: None for c in self_refs}} for r in rows])
            for row_id, refs in deferred:
                if refs:
                    session.execute(update(table).where(table.c.id == row_id).values(**refs))
    return {name: len(rows) for name, rows in converted.items()}
