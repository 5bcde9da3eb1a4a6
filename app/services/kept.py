"""Kept findings: the engine's findings stored with what they came from, and brought up to date by
evaluating again only what changed or expired.

The store stays the single truth; the kept findings (`app.models.kept`) are a cache that
`refresh(..., full=True)` rebuilds from nothing at any time, and that is rebuilt by itself when
the rules change (their code's digest), when the change tracking is (re)installed, or when the
facts change in a way it cannot attribute (scope ``g``).

Why this way. Each project's findings are evaluated on a dataset of that project and what it
reads of others (`Needs`): its OM system's project, the first restricted project of its unit
(Art 28/29), the units, and its DUP-SIMILAR pairs from the kept index — so a project's findings
are a function of a small, known set of facts, and the dependencies are stored (`kept_deps`)
rather than guessed when something changes. "Today" is a `RecordingDay`: the days on which a
project's findings stay true come out of the rules' own comparisons, so nothing here knows a
rule's deadlines. Facts changes are found by SQL triggers (`fact_changes`), which no write path
can bypass; a facts hash would have to read all facts on every open, which is what this avoids.

On a refresh for `today`: owners (projects; 0 for findings of no project) whose facts changed,
whose dependencies changed, whose DUP-SIMILAR matches changed, or whose days do not include
`today` are evaluated again; everything else is kept as is. `check_equal` in the tests compares
the kept findings with a full evaluation after random edits, imports, deletions and day jumps.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import itertools
import json
import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from dataclasses import fields as dataclass_fields
from datetime import date
from typing import Any, Protocol

from sqlalchemy import Connection, delete, func, insert, select, text
from sqlalchemy.orm import Session

from app.models import ListEntry, Project, RollingLine
from app.models.db import Store
from app.models.kept import (
    TRACKED_SCOPES,
    dup_matches,
    dup_postings,
    dup_subjects,
    dup_terms,
    fact_changes,
    kept_deps,
    kept_findings,
    kept_meta,
    kept_owners,
    kept_texts,
    trigger_ddl,
)
from app.rules import duplicates
from app.rules.duplicates import Key, Match, Postings, SimilarityIndex, SimilarPair, Subject
from app.rules.engine import BAR_CODES, evaluate
from app.rules.facts import (
    ConstructionType,
    Dataset,
    ProjectFacts,
    ProjectStatus,
    RollingLineFacts,
    Settings,
)
from app.rules.findings import SEVERITY_ORDER, Finding
from app.rules.gcpause import collector_paused
from app.rules.horizon import Horizon, RecordingDay
from app.services.kept_bars import bar_findings, first_flagged
from app.services.kept_view import (
    count_open,
    findings,
    raw_connection,
)
from app.services.rule_settings import SETTINGS
from app.services.snapshot import (
    ProjectIds,
    load_dataset,
    load_orders,
    load_registered_systems,
)

log = logging.getLogger(__name__)

#: owner of the findings that belong to no project (orders issued to a unit)
NO_PROJECT = 0
#: a full run evaluates projects in slices of this many (memory stays flat)
CHUNK = 2000
#: more owners than this to evaluate again: cheaper to rebuild everything at once
FULL_AFTER = 20_000


# --------------------------------------------------------------------------- versions


def _code_digest(code: Any, digest: Any) -> None:
    """A code object's instructions, names and constants (file names left out; set constants
    sorted, their repr's order changes with the hash seed of each process)."""
    digest.update(code.co_code)
    digest.update(repr((code.co_names, code.co_varnames, code.co_freevars)).encode())
    for const in code.co_consts:
        if hasattr(const, "co_code"):
            _code_digest(const, digest)
        elif isinstance(const, frozenset):
            digest.update(repr(sorted(map(repr, const))).encode())
        else:
            digest.update(repr(const).encode())


@functools.cache
def rules_version() -> str:
    """A digest of the code that decides findings: the rules and how facts reach them."""
    import importlib

    digest = hashlib.sha256()
    for name in (
        "app.rules.catalogue", "app.rules.checklists", "app.rules.dates", "app.rules.duplicates",
        "app.rules.engine", "app.rules.facts", "app.rules.findings", "app.rules.horizon",
        "app.rules.money", "app.services.rule_settings", "app.services.snapshot", __name__,
        "app.services.kept_bars",
    ):  # fmt: skip
        module = importlib.import_module(name)
        code = module.__loader__.get_code(name)  # type: ignore[union-attr]
        if code is not None:
            _code_digest(code, digest)
    return digest.hexdigest()[:32]


def tracking_version() -> str:
    digest = hashlib.sha256()
    for table, scope in sorted(TRACKED_SCOPES.items()):
        digest.update(f"{table}\x1f{scope}\x1e".encode())
    return digest.hexdigest()[:32]


# --------------------------------------------------------------------------- rows


#: the columns of a kept finding's row, in the order `_finding_row` gives them
FINDING_COLUMNS = (
    "owner", "ordinal", "rank", "code", "severity", "article", "subject_type", "subject_id",
    "project_id", "text_id", "item", "open", "dismissed_reason", "dismissal_key", "details",
)  # fmt: skip
_TEXT = FINDING_COLUMNS.index("text_id")
#: the columns that say whether an owner's findings changed (`_comparable`)
_COMPARED = tuple(
    FINDING_COLUMNS.index(c)
    for c in ("code", "severity", "subject_id", "project_id", "text_id", "item", "open", "dismissed_reason", "details")
)  # fmt: skip


def _finding_row(owner: int, ordinal: int, f: Finding, texts: _TextIds) -> tuple[Any, ...]:
    """A kept finding's row (FINDING_COLUMNS): tuples, written as they are (a full run writes
    500,000 at 100,000 projects)."""
    return (
        owner, ordinal, SEVERITY_ORDER[f.severity], f.code, f.severity.value, f.article,
        f.subject_type.value, f.subject_id, f.project_id, texts.id_of(f.message_zh, f.message_en),
        f.item, int(f.open), f.dismissed_reason, f.dismissal_key,
        json.dumps(f.details, ensure_ascii=False, sort_keys=True) if f.details else "{}",
    )  # fmt: skip


# --------------------------------------------------------------------------- the DUP index in SQL


def _key_text(key: Key) -> str:
    return f"{key[0][0]}{key[1]}"


def _text_key(text_: str) -> Key:
    return ("project" if text_[0] == "p" else "system", int(text_[1:]))


class _KeptSubjects(dict[Key, Subject]):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self._raw = raw_connection(session)
        self._absent: set[Key] = set()

    def __missing__(self, key: Key) -> Subject:
        if key not in self._absent:
            self.prefetch([key])
        if not dict.__contains__(self, key):
            raise KeyError(key)
        return dict.__getitem__(self, key)

    def prefetch(self, keys: Iterable[Key]) -> None:
        """Read the subjects among `keys` not read yet, in one query per kind and 500 keys."""
        wanted = [k for k in keys if not dict.__contains__(self, k) and k not in self._absent]
        for kind in ("project", "system"):
            ids = [k[1] for k in wanted if k[0] == kind]
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                for row in self._raw.execute(
                    "SELECT kind, id, unit_id, name, first_year, content FROM dup_subjects "
                    f"WHERE kind = ? AND id IN ({','.join('?' * len(chunk))})", (kind, *chunk),
                ):  # fmt: skip
                    self[(row[0], row[1])] = Subject(row[0], row[1], row[2], row[3], row[4], row[5])
        self._absent.update(k for k in wanted if not dict.__contains__(self, k))

    def __setitem__(self, key: Key, value: Subject) -> None:
        self._absent.discard(key)
        super().__setitem__(key, value)


class _KeptMatches(dict[Key, dict[Key, int]]):
    def __init__(self, session: Session) -> None:
        super().__init__()
        self._raw = raw_connection(session)

    def __missing__(self, key: Key) -> dict[Key, int]:
        row = self._raw.execute(
            "SELECT found FROM dup_matches WHERE kind = ? AND id = ?", key
        ).fetchone()
        matches = _parse_matches(row[0] if row else "")
        self[key] = matches
        return matches


def _parse_matches(found: str) -> dict[Key, int]:
    out: dict[Key, int] = {}
    for item in found.split():
        other, _, score = item.partition("=")
        out[_text_key(other)] = int(score)
    return out


def _format_matches(found: dict[Key, int]) -> str:
    return " ".join(f"{_key_text(k)}={v}" for k, v in sorted(found.items()))


class _KeptPostings(Postings):
    """Postings read from dup_terms/dup_postings on demand; changes noted for `write`."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self._raw = raw_connection(session)
        self._sizes: dict[str, int] = {}
        self._loaded: dict[str, set[Key]] = {}
        self._delta: dict[tuple[str, Key], int] = {}

    def size(self, term: str) -> int:
        if term not in self._sizes:
            row = self._raw.execute("SELECT size FROM dup_terms WHERE term = ?", (term,)).fetchone()
            self._sizes[term] = row[0] if row else 0
        return self._sizes[term]

    def members(self, term: str) -> set[Key]:
        if term not in self._loaded:
            stored = {
                (kind, ident)
                for kind, ident in self._raw.execute("SELECT kind, id FROM dup_postings WHERE term = ?", (term,))
            }  # fmt: skip
            for (t, key), change in self._delta.items():
                if t == term:
                    (stored.add if change > 0 else stored.discard)(key)
            self._loaded[term] = stored
        return self._loaded[term]

    def add(self, term: str, key: Key) -> None:
        self._sizes[term] = self.size(term) + 1
        self._delta[(term, key)] = self._delta.get((term, key), 0) + 1
        if term in self._loaded:
            self._loaded[term].add(key)

    def discard(self, term: str, key: Key) -> None:
        self._sizes[term] = self.size(term) - 1
        self._delta[(term, key)] = self._delta.get((term, key), 0) - 1
        if term in self._loaded:
            self._loaded[term].discard(key)

    def write(self, raw: Any) -> None:
        for (term, key), change in self._delta.items():
            if change > 0:
                raw.execute(
                    "INSERT INTO dup_postings (term, kind, id) VALUES (?, ?, ?)", (term, *key)
                )
            elif change < 0:
                raw.execute("DELETE FROM dup_postings WHERE term = ? AND kind = ? AND id = ?", (term, *key))  # fmt: skip
        for term in {term for term, _key in self._delta}:
            raw.execute("DELETE FROM dup_terms WHERE term = ?", (term,))
            if self._sizes[term] > 0:
                raw.execute("INSERT INTO dup_terms (term, size) VALUES (?, ?)", (term, self._sizes[term]))  # fmt: skip


def _kept_index(session: Session) -> SimilarityIndex:
    return SimilarityIndex(
        subjects=_KeptSubjects(session),
        postings=_KeptPostings(session),
        matches=_KeptMatches(session),
    )


def _write_index_changes(conn: Connection, index: SimilarityIndex) -> None:
    """What `index` changed in the kept DUP tables (a kept index, one refresh's worth)."""
    raw = conn.connection.driver_connection
    postings = index.postings
    assert isinstance(postings, _KeptPostings)
    postings.write(raw)
    subjects, matches = index.subjects, index.matches
    for key in index.changed_subjects:
        raw.execute("DELETE FROM dup_subjects WHERE kind = ? AND id = ?", key)
        if dict.__contains__(subjects, key):
            s = subjects[key]
            raw.execute(
                "INSERT INTO dup_subjects (kind, id, unit_id, first_year, name, content) VALUES (?, ?, ?, ?, ?, ?)",
                (s.kind, s.id, s.unit_id, s.first_year, s.name, s.content),
            )  # fmt: skip
    for key in index.changed_matches:
        raw.execute("DELETE FROM dup_matches WHERE kind = ? AND id = ?", key)
        found = matches[key] if dict.__contains__(matches, key) else {}
        if found:
            raw.execute("INSERT INTO dup_matches (kind, id, found) VALUES (?, ?, ?)", (*key, _format_matches(found)))  # fmt: skip


def _write_whole_index(conn: Connection, index: SimilarityIndex) -> None:
    for table in (dup_subjects, dup_terms, dup_postings, dup_matches):
        conn.execute(delete(table))
    _bulk(conn, dup_subjects, ("kind", "id", "unit_id", "first_year", "name", "content"), (
        (s.kind, s.id, s.unit_id, s.first_year, s.name, s.content) for s in index.subjects.values()
    ))  # fmt: skip
    members = index.postings._members
    _bulk(conn, dup_terms, ("term", "size"), ((t, len(m)) for t, m in members.items()))
    _bulk(conn, dup_postings, ("term", "kind", "id"), (
        (t, k[0], k[1]) for t, m in members.items() for k in m
    ))  # fmt: skip
    _bulk(conn, dup_matches, ("kind", "id", "found"), (
        (k[0], k[1], _format_matches(found)) for k, found in index.matches.items() if found
    ))  # fmt: skip


def _bulk(
    conn: Connection,
    table: Any,
    columns: Sequence[str],
    rows: Iterable[tuple[Any, ...]],
    size: int = 20_000,
) -> None:
    """Insert many rows (tuples of `columns`); on SQLite straight through the driver's
    executemany (a full run writes a million rows at 100,000 projects: SQLAlchemy's per-row
    parameter handling, and then building a dict per row, were most of it)."""
    raw = conn.connection.driver_connection if conn.dialect.name == "sqlite" else None
    sql = (
        f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    )
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        if raw is None:
            conn.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in batch])
        else:
            raw.executemany(sql, batch)


def project_subjects(session: Session, ids: ProjectIds = None) -> dict[int, Subject | None]:
    """The DUP-SIMILAR subject of each project (None for 运行维护), straight from the tables:
    the same as `duplicates.project_subject` of its facts."""
    if ids is not None and not isinstance(ids, range) and len(ids) > 500:
        ordered = sorted(ids)
        found: dict[int, Subject | None] = {}
        for start in range(0, len(ordered), 500):
            found.update(project_subjects(session, ordered[start : start + 500]))
        return found
    p, e = Project.__table__.c, ListEntry.__table__.c
    years = select(e.project_id, func.min(e.year).label("year")).group_by(e.project_id)
    if isinstance(ids, range):
        years = years.where(e.project_id.between(ids.start, ids.stop - 1))
    elif ids is not None:
        years = years.where(e.project_id.in_(list(ids)))
    first = years.subquery()
    query = select(p.id, p.unit_id, p.name, p.content, p.type, first.c.year).outerjoin(
        first, first.c.project_id == p.id
    )
    if isinstance(ids, range):
        query = query.where(p.id.between(ids.start, ids.stop - 1))
    elif ids is not None:
        query = query.where(p.id.in_(list(ids)))
    return {
        pid: None if ptype == ConstructionType.OM else Subject("project", pid, unit_id, name, year, content)
        for pid, unit_id, name, content, ptype, year in session.execute(query.order_by(p.id))
    }  # fmt: skip


def system_subjects(session: Session) -> dict[int, Subject]:
    return {
        s.id: Subject("system", s.id, s.unit_id, s.name, None, s.content)
        for s in load_registered_systems(session)
    }


# --------------------------------------------------------------------------- what a project reads


def bar_state(p: ProjectFacts | _BarFacts | None) -> str:
    """What a project contributes to its unit's Art 28/29 restriction (`engine.unit_bars`)."""
    if p is None or p.status == ProjectStatus.TERMINATED:
        return ""
    if not (p.integration_pending or p.security_noncompliant):
        return ""
    return f"{p.unit_id}|{int(p.integration_pending)}{int(p.security_noncompliant)}|{p.name}"


def _bar_unit(state: str) -> int | None:
    return int(state.split("|", 1)[0]) if state else None


@functools.cache
def _owned_fields() -> tuple[str, ...]:
    """The Dataset fields whose items belong to a project (they have a `project_id`): each
    project's evaluation gets its own; every other field (units, settings…) it gets whole."""
    import typing

    owned = []
    for name, hint in typing.get_type_hints(Dataset).items():
        args = typing.get_args(hint)
        item = args[0] if args else None
        if name != "projects" and item is not None and "project_id" in getattr(item, "__dataclass_fields__", {}):  # fmt: skip
            owned.append(name)
    return tuple(owned)


@dataclass
class _Facts:
    """Facts loaded for some owners, by owner; and what every owner reads whole."""

    shared: dict[str, Any] = field(default_factory=dict)
    projects: dict[int, ProjectFacts] = field(default_factory=dict)
    #: Dataset field → owner (the item's project; 0 for none) → its items
    owned: dict[str, dict[int, list[Any]]] = field(default_factory=dict)
    #: (unit id, "28"/"29") → the first restricted project of the unit (unit_bars takes it)
    first_flagged: dict[tuple[int, str], int] = field(default_factory=dict)
    #: system project → the projects that maintain it (their `system_project_id`): its O&M
    #: claims make it a running system (OM-ASSESS), so a system reads its maintainers' claims
    maintainers: dict[int, list[int]] = field(default_factory=dict)
    #: the editions of the 3-year rolling plan (their first years): which years a rolling plan
    #: covers is read by every project's PLAN-ROLLING, whichever project the lines belong to
    editions: tuple[int, ...] = ()

    def add(self, data: Dataset) -> None:
        owned = _owned_fields()
        for name in (f.name for f in dataclass_fields(Dataset)):
            value = getattr(data, name)
            if name == "projects":
                self.projects.update((p.id, p) for p in value)
            elif name in owned:
                by_owner = self.owned.setdefault(name, defaultdict(list))
                for item in value:
                    by_owner[item.project_id or NO_PROJECT].append(item)
            else:
                self.shared[name] = value

    def add_projects(self, session: Session, ids: ProjectIds) -> None:
        self.add(load_dataset(session, ids))

    def of(self, name: str, owner: int) -> list[Any]:
        return self.owned.get(name, {}).get(owner, [])

    def dataset(
        self,
        owner: int,
        projects: Iterable[ProjectFacts],
        settings: _ReadSettings,
        also: Iterable[int] = (),
    ) -> Dataset:
        """The dataset an owner's findings are evaluated on: its own items and those of the
        owners in `also` (the projects maintaining it); one line of each rolling-plan edition
        (for the years the rolling plan covers); settings that note which of them are read."""
        owners = (owner, *sorted(set(also) - {owner}))
        items = {name: tuple(x for o in owners for x in self.of(name, o)) for name in _owned_fields()}  # fmt: skip
        items["rolling_lines"] += tuple(
            RollingLineFacts(0, NO_PROJECT, start, start, 0) for start in self.editions
        )
        shared = {k: v for k, v in self.shared.items() if k != "settings"}
        return Dataset(
            **shared,
            projects=tuple(sorted(projects, key=lambda x: x.id)),
            settings=settings,  # type: ignore[arg-type]  # reads as Settings
            **items,
        )


class _ReadSettings:
    """The engine's settings, noting which are read (a change of a stored setting evaluates
    again only the owners whose findings read it)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self.read: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        self.read.add(name)
        return getattr(self._settings, name)


def _maintainers(session: Session, system_ids: Iterable[int] | None) -> dict[int, list[int]]:
    """System project → the projects whose `system_project_id` names it."""
    p = Project.__table__.c
    query = select(p.system_project_id, p.id).where(p.system_project_id.is_not(None))
    found: dict[int, list[int]] = defaultdict(list)
    if system_ids is None:
        rows: Iterable[Any] = session.execute(query.order_by(p.id))
    else:
        ids = sorted(set(system_ids))
        rows = [
            row
            for start in range(0, len(ids), 500)
            for row in session.execute(query.where(p.system_project_id.in_(ids[start : start + 500])).order_by(p.id))
        ]  # fmt: skip
    for system, pid in rows:
        found[system].append(pid)
    return dict(found)


def _editions(session: Session) -> tuple[int, ...]:
    """The first years of the rolling-plan editions on record."""
    c = RollingLine.__table__.c
    return tuple(session.scalars(select(c.period_start).distinct().order_by(c.period_start)))


def _needs(p: ProjectFacts, facts: _Facts) -> tuple[set[int], set[int]]:
    """(other projects, units) whose facts `p`'s findings read: its O&M system's project, the
    projects maintaining it (their claims), and the first restricted project of every unit it
    asks funds or builds for (Art 28/29 bars)."""
    units = {p.unit_id, *(r.unit_id for r in facts.of("om_requests", p.id))}
    others = {p.system_project_id} if p.system_project_id else set()
    others.update(facts.maintainers.get(p.id, ()))
    for unit_id in units:
        for article in ("28", "29"):
            flagged = facts.first_flagged.get((unit_id, article))
            if flagged is not None:
                others.add(flagged)
    others.discard(p.id)
    return others, units


@dataclass(frozen=True, slots=True)
class _Evaluated:
    owner: int
    findings: list[Finding]
    horizon: Horizon
    deps: frozenset[str]
    bar: str


def _evaluate_owner(owner: int, facts: _Facts, today: date, pairs: list[SimilarPair]) -> _Evaluated:
    """An owner's findings on the facts it reads; `pairs`: its DUP-SIMILAR pairs (of the index)."""
    day = RecordingDay(today)
    settings = _ReadSettings(facts.shared["settings"])
    if owner == NO_PROJECT:  # findings of no project (orders issued to a unit)
        with duplicates.pairs_from({}):  # no project: no pairs to compare
            found = [f for f in evaluate(facts.dataset(owner, (), settings), day) if f.project_id is None]  # fmt: skip
        deps = frozenset(
            {f"u:{o.unit_id}" for o in facts.of("orders", NO_PROJECT)} | _setting_deps(settings)
        )
        return _Evaluated(owner, found, day.horizon(), deps, "")
    p = facts.projects[owner]
    others, units = _needs(p, facts)
    context = [facts.projects[i] for i in others if i in facts.projects]
    maintainers = [i for i in facts.maintainers.get(owner, ()) if i in facts.projects]
    with duplicates.pairs_from({owner: pairs}):
        data = facts.dataset(owner, [p, *context], settings, also=maintainers)
        found = [f for f in evaluate(data, day) if f.project_id == owner]
    partner_units = {pair.other_unit_id for pair in pairs}
    # the O&M system's project and the projects maintaining this one are read whole; a
    # restricted project of the unit only through its bar (bar_state: unit, flags, status,
    # name), which `bars:<unit>` follows
    system = {f"p:{p.system_project_id}"} if p.system_project_id else set()
    deps = frozenset(
        system
        | {f"p:{m}" for m in maintainers}
        | {f"u:{u}" for u in units | {q.unit_id for q in context} | partner_units}
        | {f"bars:{u}" for u in units}
        | _setting_deps(settings)
    )
    return _Evaluated(owner, found, day.horizon(), deps, bar_state(p))


def _setting_deps(settings: _ReadSettings) -> set[str]:
    """`set:<key>` for each stored setting (rule_settings) the evaluation read."""
    return {f"set:{name}" for name in settings.read if name in SETTINGS}


# --------------------------------------------------------------------------- refreshing


@dataclass(frozen=True, slots=True)
class Refreshed:
    """What a refresh did."""

    full: bool
    evaluated: int  # owners evaluated
    changed: frozenset[int]  # owners whose findings differ from before (all, after a full run)
    seconds: float
    written: bool  # False when nothing was stored (read-only store, or deferred)
    #: more owners to evaluate than `max_owners` allowed (how many): nothing was done
    deferred: int = 0
    #: owners whose bar rules alone were evaluated again (their unit's Art 28/29 bar changed)
    bar_owners: int = 0


class KeptUnavailable(Exception):
    """This store cannot keep findings (not SQLite, or read-only without current kept findings)."""


def _meta(session: Session) -> dict[str, str]:
    return {k: v for k, v in session.execute(select(kept_meta.c.key, kept_meta.c.value))}


def _triggers_installed(session: Session) -> bool:
    names = set(
        session.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'kept_%'")).scalars()
    )  # fmt: skip
    wanted = {f"kept_{t}_{e}" for t in TRACKED_SCOPES for e in ("insert", "update", "delete")}
    return wanted <= names


def _install_triggers(conn: Connection) -> None:
    existing = conn.execute(
        text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'kept_%'")
    ).scalars().all()  # fmt: skip
    for name in existing:
        conn.exec_driver_sql(f'DROP TRIGGER IF EXISTS "{name}"')
    for table, scope in TRACKED_SCOPES.items():
        for statement in trigger_ddl(table, scope):
            conn.exec_driver_sql(statement)


def supported(store: Store) -> bool:
    return store.engine.dialect.name == "sqlite"


@dataclass
class _Plan:
    full: bool
    seen: int = 0
    generation: str = ""
    changed_projects: set[int] = field(default_factory=set)
    changed_units: set[int] = field(default_factory=set)
    changed_systems: set[int] = field(default_factory=set)
    changed_settings: set[str] = field(default_factory=set)
    orders_changed: bool = False
    editions: str = ""  # the rolling-plan editions the kept findings were evaluated with
    reason: str = ""
    stored: int = -1  # the last change the kept findings include


def _plan(session: Session, full: bool) -> _Plan:
    meta = _meta(session)
    seen = int(meta.get("seen", "0") or 0)
    generation = meta.get("generation", "")
    if meta.get("tracking") != tracking_version() or not _triggers_installed(session):
        return _Plan(True, generation=generation, reason="tracking")
    if full:
        return _Plan(True, generation=generation, reason="asked")
    if meta.get("rules") != rules_version():
        return _Plan(True, generation=generation, reason="rules")
    plan = _Plan(False, seen=seen, generation=generation, stored=seen, editions=meta.get("editions", ""))  # fmt: skip
    for scope, seq in session.execute(
        select(fact_changes.c.scope, fact_changes.c.seq).where(fact_changes.c.seq > seen)
    ):
        plan.seen = max(plan.seen, seq)
        kind, _, ident = scope.partition(":")
        if kind == "p":
            plan.changed_projects.add(int(ident))
        elif kind == "u":
            plan.changed_units.add(int(ident))
        elif kind == "s":
            plan.changed_systems.add(int(ident))
        elif kind == "set":
            plan.changed_settings.add(ident)
        elif kind == "o":
            plan.orders_changed = True
        else:
            return _Plan(True, generation=generation, reason=f"scope {scope}")
    if len(plan.changed_projects) > FULL_AFTER:
        return _Plan(True, generation=generation, reason="many changes")
    return plan


def _current_seq(session: Session, *, fresh: Store | None = None) -> int:
    """The last change recorded: as `session` sees it, or (`fresh`) as a new read of that
    store does."""
    query = select(func.coalesce(func.max(fact_changes.c.seq), 0))
    if fresh is not None:
        with fresh.read() as other:
            return int(other.scalar(query) or 0)
    return int(session.scalar(query) or 0)


def refresh(
    store: Store,
    today: date,
    *,
    full: bool = False,
    max_owners: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Refreshed:
    """Bring the kept findings up to date for `today` (see the module's docstring).

    With `max_owners`, a refresh that would evaluate more owners than that (or everything)
    does nothing and says how many (`Refreshed.deferred`): the GUI then runs it off its thread.
    Raises KeptUnavailable on a store that cannot keep findings, or a read-only store whose
    kept findings are not current (the caller evaluates in memory instead)."""
    if not supported(store):
        raise KeptUnavailable("kept findings need SQLite")
    started = time.perf_counter()
    with collector_paused():
        for _attempt in range(3):
            with store.read() as session:
                plan = _plan(session, full)
                if plan.full and store.read_only:
                    raise KeptUnavailable("no current kept findings on a read-only store")
                if plan.full and max_owners is not None:
                    owners = (session.scalar(select(func.count()).select_from(Project)) or 0) + 1
                    if owners > max_owners:
                        return Refreshed(True, 0, frozenset(), time.perf_counter() - started, False, deferred=owners)  # fmt: skip
                if plan.reason == "tracking":
                    pass  # installed below, before any facts are read
                elif plan.full:
                    work = _full(store, session, today, progress)
                else:
                    dirty = _dirty(session, today, plan)
                    if store.read_only and (dirty.owners or dirty.gone or dirty.bar_owners):
                        raise KeptUnavailable("kept findings out of date on a read-only store")
                    weight = len(dirty.owners) + len(dirty.bar_owners) // BAR_OWNERS_PER_OWNER
                    if max_owners is not None and weight > max_owners:
                        return Refreshed(False, 0, frozenset(), time.perf_counter() - started, False, deferred=weight)  # fmt: skip
                    if len(dirty.owners) > FULL_AFTER:  # in chunks, as from nothing
                        plan = replace(plan, full=True, reason="many owners")
                        work = _full(store, session, today, progress)
                    else:
                        work = _Work(
                            plan.seen, _evaluate_owners(session, sorted(dirty.owners), today, dirty.index),
                            dirty.gone, set(), dirty.index, editions=dirty.editions,
                            bars=_bar_findings(session, sorted(dirty.bar_owners), today),
                        )  # fmt: skip
            if plan.reason == "tracking":
                _start_tracking(store)  # changes from now on are recorded; then rebuild
                continue
            if not plan.full and not work.owners and not work.gone and not work.bars and plan.seen == plan.stored:  # fmt: skip
                return Refreshed(False, 0, frozenset(), time.perf_counter() - started, not store.read_only)  # fmt: skip
            writing = time.perf_counter()
            if _write(store, plan, work):
                log.info("kept findings written in %.2f s", time.perf_counter() - writing)
                elapsed = time.perf_counter() - started
                return Refreshed(
                    plan.full, work.evaluated, frozenset(work.changed), elapsed, True,
                    bar_owners=len(work.bars),
                )  # fmt: skip
            log.info("kept findings: another refresh wrote first; refreshing again")
    raise RuntimeError("kept findings: refreshes kept being overtaken")


def refresh_in_child(store: Store, today: date, *, full: bool = False) -> Refreshed:
    """`refresh` in a child process, so that its peak memory (a full run passes every project's
    facts) leaves with it; the caller waits. Falls back to this process when the child cannot
    be started or dies."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    started = time.perf_counter()
    receive, send = context.Pipe(duplex=False)
    try:
        child = context.Process(
            # not daemonic: a daemonic process may not start the full run's worker processes
            target=_child_refresh, args=(store.url, today.isoformat(), full, send), daemon=False,
        )  # fmt: skip
        child.start()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a main module without its guard
        log.warning("no child process for the kept findings (%s): refreshing here", exc)
        return refresh(store, today, full=full)
    send.close()
    try:
        outcome = receive.recv()
    except EOFError:
        outcome = "the child process ended without an answer"
    finally:
        child.join()
    if isinstance(outcome, Refreshed):
        return replace(outcome, seconds=time.perf_counter() - started)
    log.warning("kept findings in a child process failed (%s): refreshing here", outcome)
    return refresh(store, today, full=full)


def _child_refresh(url: str, today_iso: str, full: bool, send: Any) -> None:
    from app.services.store import open_store

    try:
        store = open_store(url, create=False)
        try:
            send.send(refresh(store, date.fromisoformat(today_iso), full=full))
        finally:
            store.close()
    except Exception as exc:  # reported to the parent, which refreshes in its own process
        send.send(f"{type(exc).__name__}: {exc}")
    finally:
        send.close()


def _start_tracking(store: Store) -> None:
    """(Re)install the triggers; the kept findings are void until the next full run."""
    with store.write() as session:
        conn = session.connection()
        _install_triggers(conn)
        conn.execute(delete(kept_meta))
        conn.execute(
            insert(kept_meta),
            [{"key": "tracking", "value": tracking_version()}, {"key": "generation", "value": f"{time.time_ns()}"}],
        )  # fmt: skip


@dataclass
class _Work:
    seen: int
    owners: list[_Evaluated]  # evaluated again (a refresh that is not a full run)
    gone: set[int]  # owners whose rows go without replacement
    changed: set[int]
    index: SimilarityIndex | None  # a kept index with changes, or a whole new one (full)
    rules: str = ""
    editions: str | None = None  # the rolling-plan editions evaluated with (None: as stored)
    rows: _Rows | None = None  # a full run's rows, their texts' ids those of `texts`
    texts: _Texts | None = None
    #: owner → its bar rules' findings (`kept_bars`), replacing its kept rows of those codes
    bars: dict[int, list[Finding]] = field(default_factory=dict)

    @property
    def evaluated(self) -> int:
        return len(self.rows.owners) if self.rows is not None else len(self.owners)


def _with_context(session: Session, facts: _Facts) -> None:
    """Load the projects the loaded ones read (`_needs`) and are not loaded yet."""
    extra = {i for p in list(facts.projects.values()) for i in _needs(p, facts)[0]} - facts.projects.keys()  # fmt: skip
    if extra:
        facts.add_projects(session, sorted(extra))


def _orders_of_no_project(session: Session, facts: _Facts) -> None:
    facts.owned.setdefault("orders", defaultdict(list))[NO_PROJECT] = list(
        load_orders(session, without_project=True)
    )


def _full(
    store: Store, session: Session, today: date, progress: Callable[[int, int], None] | None
) -> _Work:
    """Every owner evaluated, in slices of CHUNK projects: in worker processes for a large
    store (`_workers`), else here."""
    started = time.perf_counter()
    seen = _current_seq(session)
    flagged = first_flagged(session, None)
    maintainers = _maintainers(session, None)
    editions = _editions(session)
    top = session.scalar(select(func.max(Project.__table__.c.id))) or 0
    chunks = [range(start, min(start + CHUNK, top + 1)) for start in range(1, top + 1, CHUNK)]
    context = (flagged, maintainers, editions)
    workers = _workers(store, session, len(chunks))
    pool = _start_pool(store, today, context, workers) if workers > 1 else None
    subjects = [s for s in project_subjects(session).values() if s is not None]
    subjects.sort(key=lambda s: s.id)
    subjects += list(system_subjects(session).values())
    index = SimilarityIndex.build(subjects)
    indexed = time.perf_counter()
    rows, texts = _Rows(), _Texts(None, fresh=True)
    done = False
    if pool is not None:
        done = _in_workers(pool, index, chunks, rows, texts, progress)
        if done and _current_seq(session, fresh=store) != seen:
            # the workers read the facts in their own transactions: had they changed meanwhile,
            # some slices would have read other facts than the rest and this process
            log.info("kept findings: the facts changed during the full run; evaluating here")
            done = False
        if not done:
            rows, texts = _Rows(), _Texts(None, fresh=True)
    if not done:
        parts = (_chunk(session, c, today, context, index.pairs) for c in chunks)
        _merge(parts, rows, texts, chunks, progress)
    facts = _Facts(editions=editions)
    facts.add(load_dataset(session, []))  # what every owner reads whole (units, settings…)
    _orders_of_no_project(session, facts)
    rows.add(_evaluate_owner(NO_PROJECT, facts, today, []), texts)
    owners = {row[0] for row in rows.owners}
    log.info(
        "full run: %d owners, DUP-SIMILAR index %.2f s, evaluated in %s %.2f s",
        len(owners), indexed - started, f"{workers} processes" if done and pool else "this process",
        time.perf_counter() - indexed,
    )  # fmt: skip
    return _Work(seen, [], set(), owners, index, rules_version(), _editions_text(editions), rows, texts)  # fmt: skip


def _merge(
    parts: Iterable[_Rows],
    into: _Rows,
    texts: _Texts,
    chunks: Sequence[range],
    progress: Callable[[int, int], None] | None,
) -> None:
    """Each slice's rows added to `into` in order, their texts given ids by `texts` (in the
    order a run in one process gives them)."""
    top = chunks[-1].stop - 1 if chunks else 0
    for chunk, part in zip(chunks, parts, strict=True):
        ids = [texts.id_of(zh, en) for zh, en in part.texts]
        into.findings.extend([(*row[:_TEXT], ids[row[_TEXT]], *row[_TEXT + 1 :]) for row in part.findings])  # fmt: skip
        into.owners.extend(part.owners)
        into.deps.extend(part.deps)
        if progress is not None:
            progress(chunk.stop - 1, top)


#: (first restricted project of each unit, maintainers of each system, rolling-plan editions)
_Context = tuple[dict[tuple[int, str], int], dict[int, list[int]], tuple[int, ...]]


def _chunk(
    session: Session,
    chunk: range,
    today: date,
    context: _Context,
    pairs_of: Callable[[int], list[SimilarPair]],
) -> _Rows:
    """The rows of the projects of one slice (texts as indexes into the slice's own)."""
    flagged, maintainers, editions = context
    facts = _Facts(first_flagged=flagged, maintainers=maintainers, editions=editions)
    facts.add_projects(session, chunk)
    _with_context(session, facts)
    rows = _Rows()
    for pid in chunk:
        if pid in facts.projects:
            rows.add(_evaluate_owner(pid, facts, today, pairs_of(pid)), rows)
    return rows


# --------------------------------------------------------------------------- worker processes

#: a full run of at least this many projects evaluates its slices in worker processes: their
#: start (about a second of importing each) and sending the rows back cost 1.6 s CPU at
#: 10,000 projects (6.4 s in one process), so below this they would not save the wait
PARALLEL_FROM = 20_000
#: at most this many worker processes (one per core)
MAX_WORKERS = 8
#: the number of worker processes of a full run, when set (1: none)
WORKERS_ENV = "REVIEWDESK_FULL_RUN_WORKERS"
#: what a worker process was started with (`_start_worker`)
_WORKER: dict[str, Any] = {}


def _workers(store: Store, session: Session, chunks: int) -> int:
    """How many worker processes this full run uses (`full_run_workers`); none (1) for a
    database that is not a file on a local disk (on a share or a synced folder one connection
    reads it, app.models.db.make_engine), in a daemonic process (it may not start any) or
    where there is one slice."""
    import multiprocessing

    from app.models.location import classify_location

    path = store.path
    if path is None or chunks < 2 or multiprocessing.current_process().daemon:
        return 1
    if not classify_location(path).is_local:
        return 1
    projects = session.scalar(select(func.count()).select_from(Project)) or 0
    return min(full_run_workers(projects), chunks)


def full_run_workers(projects: int) -> int:
    """How many worker processes a full run of `projects` projects evaluates them in: one per
    core (os.cpu_count, at most MAX_WORKERS) from PARALLEL_FROM projects on, else none (1);
    the environment's REVIEWDESK_FULL_RUN_WORKERS, when set, instead (the bench compares)."""
    import os

    wanted = os.environ.get(WORKERS_ENV, "").strip()
    if wanted.isdigit():
        return max(1, min(int(wanted), MAX_WORKERS))
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS)) if projects >= PARALLEL_FROM else 1


def _start_pool(store: Store, today: date, context: _Context, workers: int) -> Any:
    """Worker processes that evaluate slices (`_chunk_in_worker`), started at once so that they
    import the rules while this process builds the DUP-SIMILAR index; None when they cannot be
    started (the run stays in this process)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    try:
        pool = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(store.url, today.isoformat(), context),
        )
        for _ in range(workers):  # a process is started for each task waiting
            pool.submit(int)
    except (OSError, RuntimeError) as exc:  # RuntimeError: a main module without its guard
        log.warning("no worker processes for the full run (%s): evaluating here", exc)
        return None
    return pool


def _in_workers(
    pool: Any,
    index: SimilarityIndex,
    chunks: Sequence[range],
    into: _Rows,
    texts: _Texts,
    progress: Callable[[int, int], None] | None,
) -> bool:
    """The slices evaluated by the worker processes, merged into `into` in order; False when a
    worker ended without its answer (then nothing is complete)."""
    from concurrent.futures.process import BrokenProcessPool

    tasks = ((c.start, c.stop, {pid: index.best_matches(pid) for pid in c}) for c in chunks)
    try:
        _merge(pool.map(_chunk_in_worker, tasks), into, texts, chunks, progress)
    except BrokenProcessPool as exc:
        log.warning("a worker process of the full run ended (%s): evaluating here", exc)
        return False
    finally:
        pool.shutdown(cancel_futures=True)
    return True


def _start_worker(url: str, today_iso: str, context: _Context) -> None:
    """A worker's read-only store (the parent opened and checked the file)."""
    from sqlalchemy.orm import sessionmaker

    from app.models.db import make_engine

    engine = make_engine(url, read_only=True)
    _WORKER.update(
        store=Store(url, engine, sessionmaker(engine), read_only=True),
        today=date.fromisoformat(today_iso),
        context=context,
    )


def _chunk_in_worker(task: tuple[int, int, dict[int, list[Match]]]) -> _Rows:
    """A slice's rows, in a worker: its facts read here, its DUP-SIMILAR matches given (their
    common phrases found here)."""
    start, stop, matches = task
    store: Store = _WORKER["store"]

    def pairs_of(pid: int) -> list[SimilarPair]:
        return [duplicates.similar_pair(m) for m in matches.get(pid, ())]

    with collector_paused(), store.read() as session:
        return _chunk(session, range(start, stop), today=_WORKER["today"], context=_WORKER["context"], pairs_of=pairs_of)  # fmt: skip


@dataclass
class _Dirty:
    owners: set[int]
    gone: set[int]
    index: SimilarityIndex
    editions: str | None = None  # the rolling-plan editions now, when they changed
    #: owners whose unit's bar changed and nothing else they read: only their bar rules'
    #: findings are evaluated again (`kept_bars`)
    bar_owners: set[int] = field(default_factory=set)


def _dirty(session: Session, today: date, plan: _Plan) -> _Dirty:
    """The owners to evaluate again: changed, depending on a change, with changed DUP-SIMILAR
    matches, or outside the days their findings hold."""
    index = _kept_index(session)
    changed_ids = sorted(plan.changed_projects)
    subjects = project_subjects(session, changed_ids) if changed_ids else {}
    dirty: set[int] = set(subjects)
    editions = _editions_text(_editions(session))
    if editions != plan.editions:  # the years a rolling plan covers: every project reads them
        dirty.update(session.scalars(select(Project.__table__.c.id)))
    # the systems changed projects maintain now (those they maintained before depend on them)
    p = Project.__table__.c
    for start in range(0, len(changed_ids), 500):
        dirty.update(
            session.scalars(
                select(p.system_project_id).where(
                    p.id.in_(changed_ids[start : start + 500]), p.system_project_id.is_not(None)
                )
            )
        )
    gone = {pid for pid in changed_ids if pid not in subjects}
    deps: set[str] = {f"p:{pid}" for pid in changed_ids}
    bars: set[str] = set()  # units whose bar changed by a project's restriction
    for pid in changed_ids:  # DUP-SIMILAR: each changed subject against its candidates only
        subject = subjects.get(pid)
        dirty |= index.put(subject) if subject is not None else index.remove(("project", pid))
    if plan.changed_systems:
        systems = system_subjects(session)
        for sid in sorted(plan.changed_systems):
            system = systems.get(sid)
            dirty |= index.put(system) if system is not None else index.remove(("system", sid))
    if changed_ids:  # Art 28/29: a change of a project's restriction changes its unit's bar
        stored: dict[int, str] = {}
        now: dict[int, str] = {}
        o = kept_owners.c
        for start in range(0, len(changed_ids), 500):
            chunk = changed_ids[start : start + 500]
            for owner, bar in session.execute(select(o.owner, o.bar).where(o.owner.in_(chunk))):
                stored[owner] = bar
            now.update(_bar_states(session, chunk))
        for pid in changed_ids:
            before, after = stored.get(pid, ""), now.get(pid, "")
            if before != after:
                bars |= {
                    f"bars:{u}" for u in (_bar_unit(before), _bar_unit(after)) if u is not None
                }
    for unit_id in plan.changed_units:
        deps |= {f"u:{unit_id}", f"bars:{unit_id}"}
    deps |= {f"set:{key}" for key in plan.changed_settings}
    dirty |= _depending(session, deps)
    day = today.toordinal()
    o = kept_owners.c
    dirty.update(
        session.scalars(select(o.owner).where((o.valid_first > day) | (o.valid_end <= day)))
    )
    if plan.orders_changed:
        dirty.add(NO_PROJECT)
    # a unit's new bar: the findings of the bar rules of the projects reading it (the others
    # are evaluated whole anyway); bars changed with the unit itself (`u:`) are in `deps`
    bar_owners = _depending(session, bars - deps) - dirty - gone
    return _Dirty(dirty - gone, gone, index, editions if editions != plan.editions else None, bar_owners)  # fmt: skip


def _depending(session: Session, deps: Iterable[str]) -> set[int]:
    """The owners whose `kept_deps` name one of `deps`."""
    dep_list = sorted(deps)
    found: set[int] = set()
    for start in range(0, len(dep_list), 500):
        found.update(
            session.scalars(
                select(kept_deps.c.owner).where(kept_deps.c.dep.in_(dep_list[start : start + 500]))
            )
        )
    return found


def _editions_text(editions: Iterable[int]) -> str:
    return " ".join(map(str, editions))


def _bar_states(session: Session, ids: Sequence[int]) -> dict[int, str]:
    """`bar_state` of each project, from its row (without loading its facts)."""
    p = Project.__table__.c
    rows = session.execute(
        select(p.id, p.unit_id, p.status, p.integration_pending, p.security_noncompliant, p.name)
        .where(p.id.in_(list(ids)))
    )  # fmt: skip
    return {
        row.id: bar_state(_BarFacts(row.unit_id, row.status, row.integration_pending, row.security_noncompliant, row.name))  # type: ignore[arg-type]
        for row in rows
    }  # fmt: skip


@dataclass(frozen=True, slots=True)
class _BarFacts:
    unit_id: int
    status: str
    integration_pending: bool
    security_noncompliant: bool
    name: str


def _evaluate_owners(
    session: Session, owners: Sequence[int], today: date, index: SimilarityIndex
) -> list[_Evaluated]:
    if not owners:
        return []
    facts = _Facts()
    facts.add_projects(session, [o for o in owners if o != NO_PROJECT])
    units = {p.unit_id for p in facts.projects.values()} | {
        r.unit_id for rs in facts.owned.get("om_requests", {}).values() for r in rs
    }
    facts.first_flagged = first_flagged(session, units)
    facts.maintainers = _maintainers(session, facts.projects)
    facts.editions = _editions(session)
    _with_context(session, facts)
    if NO_PROJECT in owners:
        _orders_of_no_project(session, facts)
    return [
        _evaluate_owner(o, facts, today, index.pairs(o) if o != NO_PROJECT else [])
        for o in owners
        if o == NO_PROJECT or o in facts.projects
    ]


def _write(store: Store, plan: _Plan, work: _Work) -> bool:
    """Store `work` unless another refresh wrote since `plan` was read (then False)."""
    with store.write() as session:
        conn = session.connection()
        raw = conn.connection.driver_connection
        meta = _meta(session)
        if meta.get("generation", "") != plan.generation:
            return False
        if plan.full:
            assert work.rows is not None and work.texts is not None and work.index is not None
            for table in (kept_findings, kept_texts, kept_owners, kept_deps):
                conn.execute(delete(table))
            work.texts.write_new(raw)
            _write_whole_index(conn, work.index)
            with _indexes_after(conn, (kept_findings, kept_owners, kept_deps)):
                _insert_rows(conn, work.rows)
        else:
            texts = _Texts(raw, fresh=False)
            rows = _Rows()
            for o in work.owners:
                rows.add(o, texts)
            if work.index is not None:
                _write_index_changes(conn, work.index)
            owners = sorted({o.owner for o in work.owners} | work.gone)
            before = _stored_rows(raw, owners)
            for start in range(0, len(owners), 500):
                chunk = owners[start : start + 500]
                for table in (kept_findings, kept_owners, kept_deps):
                    conn.execute(delete(table).where(table.c.owner.in_(chunk)))
            after: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
            for row in rows.findings:
                after[row[0]].append(_comparable(row))
            work.changed.update(o for o in owners if before.get(o, []) != after.get(o, []))
            texts.forget({r[4] for found in before.values() for r in found})
            work.changed |= _replace_bar_findings(conn, work.bars, texts)
            _insert_rows(conn, rows)
            texts.prune()
        values = {
            "seen": str(work.seen), "rules": work.rules or meta.get("rules", rules_version()),
            "tracking": tracking_version(), "generation": f"{time.time_ns()}",
            "editions": meta.get("editions", "") if work.editions is None else work.editions,
        }  # fmt: skip
        conn.execute(delete(kept_meta).where(kept_meta.c.key.in_(list(values))))
        conn.execute(insert(kept_meta), [{"key": k, "value": v} for k, v in values.items()])
    return True


def _comparable(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(row[i] for i in _COMPARED)


def _stored_rows(raw: Any, owners: Sequence[int], codes: Sequence[str] = ()) -> dict[int, list[tuple[Any, ...]]]:  # fmt: skip
    """Each owner's kept findings (of `codes`, or all) as `_comparable` gives them, in the
    engine's order (which owners' findings changed)."""
    found: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    of_codes = f" AND code IN ({','.join('?' * len(codes))})" if codes else ""
    for start in range(0, len(owners), 500):
        chunk = owners[start : start + 500]
        for row in raw.execute(
            "SELECT owner, code, severity, subject_id, project_id, text_id, item, open, dismissed_reason, details"
            f" FROM kept_findings WHERE owner IN ({','.join('?' * len(chunk))}){of_codes}"
            " ORDER BY owner, rank, code, subject_id, coalesce(project_id, 0), coalesce(item, ''), ordinal",
            [*chunk, *codes],
        ):  # fmt: skip
            found[row[0]].append(tuple(row[1:]))
    return found


_RANKS = {severity.value: rank for severity, rank in SEVERITY_ORDER.items()}
_RANK, _OPEN = FINDING_COLUMNS.index("rank"), FINDING_COLUMNS.index("open")
#: the bar rules' rows of an owner brought up to date by `_replace_bar_findings` are numbered
#: from here (within an owner the ordinal orders only findings of the same code and subject)
BAR_ORDINAL = 1_000_000
#: an owner whose bar rules alone are evaluated again costs about this much less than one
#: evaluated whole (`refresh`'s `max_owners` counts it so)
BAR_OWNERS_PER_OWNER = 50


def _bar_findings(session: Session, owners: Sequence[int], today: date) -> dict[int, list[Finding]]:  # fmt: skip
    return bar_findings(session, owners, today) if owners else {}


def _replace_bar_findings(conn: Connection, bars: dict[int, list[Finding]], texts: _Texts) -> set[int]:  # fmt: skip
    """Each owner's kept rows of the bar rules' codes replaced by `bars[owner]` where they
    differ, its counts adjusted; the owners whose findings changed."""
    if not bars:
        return set()
    raw = conn.connection.driver_connection
    codes = sorted(BAR_CODES)
    owners = sorted(bars)
    before = _stored_rows(raw, owners, codes)
    changed: list[int] = []
    rows: list[tuple[Any, ...]] = []
    deltas: list[tuple[int, ...]] = []
    for owner in owners:
        new = [_finding_row(owner, BAR_ORDINAL + i, f, texts) for i, f in enumerate(bars[owner])]
        old = before.get(owner, [])
        if [_comparable(row) for row in new] == old:
            continue
        changed.append(owner)
        rows += new
        delta = [0, 0, 0, 0, owner]  # open findings by severity: new minus old
        for row in new:
            delta[row[_RANK]] += row[_OPEN]
        for row in old:  # _comparable: severity second, open seventh
            delta[_RANKS[row[1]]] -= row[6]
        deltas.append(tuple(delta))
        texts.forget({row[4] for row in old})
    for start in range(0, len(changed), 500):
        chunk = changed[start : start + 500]
        raw.execute(
            f"DELETE FROM kept_findings WHERE owner IN ({','.join('?' * len(chunk))})"
            f" AND code IN ({','.join('?' * len(codes))})", [*chunk, *codes],
        )  # fmt: skip
    _bulk(conn, kept_findings, FINDING_COLUMNS, rows)
    raw.executemany(
        "UPDATE kept_owners SET blockers = blockers + ?, errors = errors + ?,"
        " warnings = warnings + ?, infos = infos + ? WHERE owner = ?", deltas,
    )  # fmt: skip
    return set(changed)


class _Texts:
    """The messages of kept findings, each (zh, en) pair stored once in kept_texts."""

    def __init__(self, raw: Any, *, fresh: bool) -> None:
        self._raw = raw
        self._fresh = fresh  # the table is being rebuilt: nothing to look up
        self._ids: dict[tuple[str, str], int] = {}
        self._next = 1
        self._new: list[tuple[int, int, str, str]] = []
        self._used: set[int] = set()  # digests given out in this rebuild
        self._maybe_orphans: set[int] = set()

    def id_of(self, zh: str, en: str) -> int:
        key = (zh, en)
        found = self._ids.get(key)
        if found is not None:
            return found
        digest = int.from_bytes(hashlib.blake2b(f"{zh}\x1f{en}".encode(), digest_size=8).digest(), "big", signed=True)  # fmt: skip
        if not self._fresh:
            while True:  # a digest another pair has (never seen; 2**-64): the next one
                row = self._raw.execute("SELECT id, zh, en FROM kept_texts WHERE digest = ?", (digest,)).fetchone()  # fmt: skip
                if row is None:
                    break
                if (row[1], row[2]) == key:
                    self._ids[key] = row[0]
                    return int(row[0])
                digest = digest + 1 if digest < 2**63 - 1 else -(2**63)
            cursor = self._raw.execute("INSERT INTO kept_texts (digest, zh, en) VALUES (?, ?, ?)", (digest, zh, en))  # fmt: skip
            self._ids[key] = int(cursor.lastrowid)
            return self._ids[key]
        while digest in self._used:
            digest += 1
        self._used.add(digest)
        self._ids[key] = self._next
        self._new.append((self._next, digest, zh, en))
        self._next += 1
        return self._ids[key]

    def write_new(self, raw: Any) -> None:
        """A rebuild's texts, in one batch (after the table was emptied)."""
        raw.executemany("INSERT INTO kept_texts (id, digest, zh, en) VALUES (?, ?, ?, ?)", self._new)  # fmt: skip
        self._new = []

    def forget(self, ids: set[int]) -> None:
        """Texts of rows being replaced: deleted by `prune` unless still used."""
        self._maybe_orphans |= ids

    def prune(self) -> None:
        orphans = sorted(self._maybe_orphans - set(self._ids.values()))
        for start in range(0, len(orphans), 500):
            chunk = orphans[start : start + 500]
            self._raw.execute(
                f"DELETE FROM kept_texts WHERE id IN ({','.join('?' * len(chunk))})"
                " AND NOT EXISTS (SELECT 1 FROM kept_findings f WHERE f.text_id = kept_texts.id)",
                chunk,
            )  # fmt: skip


def _insert_rows(conn: Connection, rows: _Rows) -> None:
    _bulk(conn, kept_findings, FINDING_COLUMNS, rows.findings)
    _bulk(conn, kept_owners, OWNER_COLUMNS, rows.owners)
    _bulk(conn, kept_deps, ("dep", "owner"), rows.deps)


OWNER_COLUMNS = ("owner", "valid_first", "valid_end", "blockers", "errors", "warnings", "infos", "bar")  # fmt: skip


class _TextIds(Protocol):
    def id_of(self, zh: str, en: str) -> int: ...


@dataclass
class _Rows:
    """The rows of evaluated owners: their findings (FINDING_COLUMNS), their owner rows
    (OWNER_COLUMNS) and their dependencies (dep, owner). A slice of a full run numbers its
    texts itself (`id_of`: indexes into `texts`), in a worker process as here."""

    texts: list[tuple[str, str]] = field(default_factory=list)
    findings: list[tuple[Any, ...]] = field(default_factory=list)
    owners: list[tuple[Any, ...]] = field(default_factory=list)
    deps: list[tuple[str, int]] = field(default_factory=list)
    _numbers: dict[tuple[str, str], int] = field(default_factory=dict, repr=False)

    def id_of(self, zh: str, en: str) -> int:
        number = self._numbers.get((zh, en))
        if number is None:
            number = self._numbers[(zh, en)] = len(self.texts)
            self.texts.append((zh, en))
        return number

    def add(self, o: _Evaluated, texts: _TextIds) -> None:
        """An owner's rows, the ids of its texts from `texts`."""
        self.findings.extend(_finding_row(o.owner, i, f, texts) for i, f in enumerate(o.findings))
        counts = count_open(o.findings)
        self.owners.append(
            (o.owner, o.horizon.first, o.horizon.end, counts.blockers, counts.errors, counts.warnings, counts.infos, o.bar)
        )  # fmt: skip
        self.deps.extend((d, o.owner) for d in sorted(o.deps))

    def __getstate__(self) -> dict[str, Any]:  # sent from a worker: without the numbering
        return {**self.__dict__, "_numbers": {}}


@contextlib.contextmanager
def _indexes_after(conn: Connection, tables: Iterable[Any]) -> Iterator[None]:
    """The tables' secondary indexes dropped while the block fills them, then made again:
    one sort per index instead of an insertion per row (a full run, in its transaction)."""
    indexes = [index for table in tables for index in sorted(table.indexes, key=lambda i: i.name)]
    for index in indexes:
        index.drop(conn)
    yield
    for index in indexes:
        index.create(conn)


def bring_current(store: Store, today: date, *, full: bool = False) -> bool:
    """Refresh the kept findings for `today`; False where they cannot be kept or refreshed
    (another database than SQLite; a read-only file whose kept findings are not current; a
    file the user may read but not write): the caller then evaluates in memory."""
    from sqlalchemy.exc import OperationalError

    if not supported(store):
        return False
    try:
        refresh(store, today, full=full)
    except KeptUnavailable as exc:
        log.info("findings evaluated in memory: %s", exc)
        return False
    except OperationalError as exc:
        log.warning("kept findings not written (%s): evaluated in memory", exc.orig)
        return False
    return True


def current_for(
    store: Store, today: date, *, full: bool = False,
    owners: Iterable[int] | None = None, codes: Iterable[str] | None = None,
) -> list[Finding]:  # fmt: skip
    """The findings for `today` (every one, or those of the projects `owners` and/or with
    `codes`): the kept findings brought up to date, or a full evaluation in memory where
    findings cannot be kept (see `bring_current`). A document about a few projects asks for
    theirs: a store of 100,000 projects holds 500,000 findings."""
    if not bring_current(store, today, full=full):
        from app.services.snapshot import evaluate_store

        found = evaluate_store(store, today)
        if owners is not None:
            wanted = set(owners)
            found = [f for f in found if f.project_id in wanted]
        if codes is not None:
            wanted_codes = set(codes)
            found = [f for f in found if f.code in wanted_codes]
        return found
    with store.read() as session:
        return findings(session, owners=owners, codes=codes)
