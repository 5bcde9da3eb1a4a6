"""Reading kept findings (`app.services.kept` keeps them): light on imports, because the
main window reads the counts of every project from here before the engine is ever loaded.

`KeptView` and `ListView` give the workbench the same reading over kept findings and over
findings evaluated in memory (a server database, a read-only file).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from app.models.db import Store
from app.rules.facts import Severity, SubjectType
from app.rules.findings import SEVERITY_ORDER, Finding

_SEVERITY = {s.value: s for s in Severity}
_SUBJECT = {s.value: s for s in SubjectType}
_NO_DETAILS = "{}"


#: a kept finding with its messages and its project's name, as `_finding` takes it
_SELECT = (
    "SELECT f.code, f.severity, f.article, f.subject_type, f.subject_id, f.project_id, p.name,"
    " t.zh, t.en, f.item, f.open, f.dismissed_reason, f.dismissal_key, f.details"
    " FROM kept_findings f JOIN kept_texts t ON t.id = f.text_id"
    " LEFT JOIN projects p ON p.id = f.project_id"
)
#: the engine's order (evaluate's sort), then the order within an owner's evaluation
_ORDER_SQL = (
    " ORDER BY f.rank, f.code, f.subject_id, coalesce(f.project_id, 0), coalesce(f.item, ''),"
    " f.owner, f.ordinal"
)


def _finding(row: Sequence[Any], shared: dict[str, str] | None = None) -> Finding:
    """A Finding from a row of _SELECT; with `shared`, equal texts (messages, project names) are
    one string (a list of 75,000 findings holds a few thousand distinct messages)."""
    (code, severity, article, subject_type, subject_id, project_id, project_name, message_zh,
     message_en, item, is_open, dismissed_reason, dismissal_key, details) = row  # fmt: skip
    if shared is not None:
        message_zh = shared.setdefault(message_zh, message_zh)
        message_en = shared.setdefault(message_en, message_en)
        if project_name is not None:
            project_name = shared.setdefault(project_name, project_name)
    return Finding(
        code, _SEVERITY[severity], article, _SUBJECT[subject_type], subject_id, project_id,
        project_name, message_zh, message_en, item, bool(is_open), dismissed_reason,
        dismissal_key, {} if details == _NO_DETAILS else json.loads(details),
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Counts:
    """Open findings of one owner by severity."""

    blockers: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0

    def of(self, severity: Severity) -> int:
        return (self.blockers, self.errors, self.warnings, self.infos)[SEVERITY_ORDER[severity]]

    __getitem__ = of  # counts[Severity.ERROR], as with a Counter

    def total(self) -> int:
        return self.blockers + self.errors + self.warnings + self.infos


def count_open(findings: Iterable[Finding]) -> Counts:
    tally = Counter(f.severity for f in findings if f.open)
    return Counts(
        tally[Severity.BLOCKER],
        tally[Severity.ERROR],
        tally[Severity.WARNING],
        tally[Severity.INFO],
    )


def raw_connection(session: Session) -> Any:
    """The session's sqlite3 connection, in its transaction (hot lookups skip SQLAlchemy)."""
    return session.connection().connection.driver_connection


def counts(session: Session) -> dict[int, Counts]:
    """Open findings by severity of every owner that has any."""
    return {
        owner: Counts(b, e, w, i)
        for owner, b, e, w, i in raw_connection(session).execute(
            "SELECT owner, blockers, errors, warnings, infos FROM kept_owners"
            " WHERE blockers + errors + warnings + infos > 0"
        )
    }


def findings(
    session: Session,
    *,
    owners: Iterable[int] | None = None,
    codes: Iterable[str] | None = None,
) -> list[Finding]:
    """Kept findings (all, or of `owners`, and/or with `codes`) in the engine's order."""
    raw = raw_connection(session)
    where, params = [], []
    if codes is not None:
        wanted_codes = sorted(set(codes))
        where.append(f"f.code IN ({','.join('?' * len(wanted_codes))})")
        params += wanted_codes
    shared: dict[str, str] = {}
    if owners is None:
        sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "") + _ORDER_SQL
        return [_finding(row, shared) for row in raw.execute(sql, params)]
    wanted = sorted(set(owners))
    if len(wanted) <= 500:
        clause = " AND ".join([*where, f"f.owner IN ({','.join('?' * len(wanted))})"])
        return [_finding(row, shared) for row in raw.execute(f"{_SELECT} WHERE {clause}{_ORDER_SQL}", [*params, *wanted])]  # fmt: skip
    keep = set(wanted)  # many owners: one pass over the ordered table
    sql = _SELECT.replace("SELECT ", "SELECT f.owner, ", 1) + (" WHERE " + " AND ".join(where) if where else "") + _ORDER_SQL  # fmt: skip
    return [_finding(row[1:], shared) for row in raw.execute(sql, params) if row[0] in keep]


def iter_findings(session: Session) -> Iterator[Finding]:
    """Every kept finding in the engine's order, one at a time (the CLI's check prints them)."""
    for row in raw_connection(session).execute(_SELECT + _ORDER_SQL):
        yield _finding(row)


class KeptView:
    """The kept findings of a store as the workbench reads them: the counts of every project
    (small: what the list and the status bar show), one project's findings, the findings of
    some codes, and — only when asked — all of them. Read once, until `forget()`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._counts: dict[int, Counts] | None = None
        self._totals: Counts | None = None
        self._all: list[Finding] | None = None

    def counts(self) -> dict[int, Counts]:
        if self._counts is None:
            with self.store.read() as session:
                self._counts = counts(session)
        return self._counts

    def totals(self) -> Counts:
        if self._totals is None:
            self._totals = _sum(self.counts().values())
        return self._totals

    def after(self, owners: Iterable[int]) -> KeptView:
        """The view once the findings of `owners` changed: their counts read again, the rest
        taken from here (an edit at 100,000 projects reads one row, not 100,000)."""
        fresh = KeptView(self.store)
        if self._counts is None:
            return fresh
        changed = sorted(set(owners))
        found = dict(self._counts)
        totals = self.totals()
        for owner in changed:
            totals = _minus(totals, found.pop(owner, Counts()))
        with self.store.read() as session:
            raw = raw_connection(session)
            for start in range(0, len(changed), 500):
                chunk = changed[start : start + 500]
                for owner, b, e, w, i in raw.execute(
                    "SELECT owner, blockers, errors, warnings, infos FROM kept_owners"
                    f" WHERE owner IN ({','.join('?' * len(chunk))})", chunk,
                ):  # fmt: skip
                    tally = Counts(b, e, w, i)
                    if tally != Counts():
                        found[owner] = tally
                        totals = _sum((totals, tally))
        fresh._counts, fresh._totals = found, totals
        return fresh

    def of_project(self, project_id: int) -> list[Finding]:
        if self._all is not None:
            return [f for f in self._all if f.project_id == project_id]
        with self.store.read() as session:
            return findings(session, owners=[project_id])

    def with_codes(self, codes: Iterable[str]) -> list[Finding]:
        wanted = set(codes)
        if self._all is not None:
            return [f for f in self._all if f.code in wanted]
        with self.store.read() as session:
            return findings(session, codes=wanted)

    def all(self) -> list[Finding]:
        if self._all is None:
            with self.store.read() as session:
                self._all = findings(session)
        return self._all

    def forget(self) -> None:
        self._counts = self._totals = self._all = None


class ListView:
    """The same reading over findings evaluated in memory (no kept findings on this store)."""

    def __init__(self, found: list[Finding]) -> None:
        self._all = found
        self._counts: dict[int, Counts] | None = None

    def counts(self) -> dict[int, Counts]:
        if self._counts is None:
            by_owner: dict[int, list[Finding]] = defaultdict(list)
            for f in self._all:
                by_owner[f.project_id or 0].append(f)
            self._counts = {
                owner: tally for owner, group in by_owner.items() if (tally := count_open(group)) != Counts()
            }  # fmt: skip
        return self._counts

    def totals(self) -> Counts:
        return _sum(self.counts().values())

    def of_project(self, project_id: int) -> list[Finding]:
        return [f for f in self._all if f.project_id == project_id]

    def with_codes(self, codes: Iterable[str]) -> list[Finding]:
        wanted = set(codes)
        return [f for f in self._all if f.code in wanted]

    def all(self) -> list[Finding]:
        return self._all

    def forget(self) -> None:
        self._counts = None


def _minus(a: Counts, b: Counts) -> Counts:
    return Counts(a.blockers - b.blockers, a.errors - b.errors, a.warnings - b.warnings, a.infos - b.infos)  # fmt: skip


def _sum(all_counts: Iterable[Counts]) -> Counts:
    b = e = w = i = 0
    for c in all_counts:
        b, e, w, i = b + c.blockers, e + c.errors, w + c.warnings, i + c.infos
    return Counts(b, e, w, i)


def table_blocks(
    session: Session, language: str, *, closed: bool = False, encoded: bool = False
) -> Iterator[tuple[str | bytes, Counter[str]]]:
    """What `reviewdesk check` prints of the kept findings, in blocks: each block the lines
    (code, severity, article, subject, project, message; tab-separated, each ending with a
    newline) of some findings in the engine's order, and how many of them have each severity;
    open findings only unless `closed`. SQLite builds each line (at 100,000 projects there are
    500,000: a Python tuple and join per line was half the time); `encoded` gives the lines as
    UTF-8 bytes, never decoded into Python strings.

    The order is sorted on the findings' keys alone, into a temporary table, and the lines are
    made in its order: sorting the lines themselves (the messages with them) spilled to disk.
    Where no temporary table can be made (a store opened read-only), the lines are sorted."""
    raw = raw_connection(session)
    message = "t.en" if language.startswith("en") else "t.zh"
    where = "" if closed else " WHERE f.open = 1"
    line = (
        "f.code || char(9) || f.severity || char(9) || f.article || char(9) || f.subject_type"
        f" || ':' || f.subject_id || char(9) || coalesce(p.name, '-') || char(9) || {message}"
    )
    joined = (
        f"SELECT {f'CAST({line} AS BLOB)' if encoded else line}, f.severity FROM {{}}"
        " JOIN kept_texts t ON t.id = f.text_id LEFT JOIN projects p ON p.id = f.project_id"
    )
    order = f"temp.kept_order_{id(raw)}"
    try:
        raw.execute(f"CREATE TEMP TABLE {order} (n INTEGER PRIMARY KEY, finding INTEGER NOT NULL)")
    except sqlite3.OperationalError:  # read-only
        cursor = raw.execute(joined.format("kept_findings f") + where + _ORDER_SQL)
        yield from _blocks(cursor, encoded)
        return
    try:
        raw.execute(f"INSERT INTO {order} (finding) SELECT f.id FROM kept_findings f{where}{_ORDER_SQL}")  # fmt: skip
        sql = joined.format(f"{order} o JOIN kept_findings f ON f.id = o.finding") + " ORDER BY o.n"
        yield from _blocks(raw.execute(sql), encoded)
    finally:
        raw.execute(f"DROP TABLE {order}")


def _blocks(cursor: Any, encoded: bool) -> Iterator[tuple[str | bytes, Counter[str]]]:
    while rows := cursor.fetchmany(5000):
        lines = [row[0] for row in rows]
        block = b"\n".join(lines) + b"\n" if encoded else "\n".join(lines) + "\n"
        yield block, Counter([row[1] for row in rows])


def kept_findings_possible(store: Store) -> bool:
    """SQLite: findings can be kept (with `app.services.kept`); elsewhere they are evaluated."""
    return store.engine.dialect.name == "sqlite"
