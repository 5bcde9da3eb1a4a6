"""Project list queries and edits. The UI calls these; no SQL in widgets."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.models import Approval, ListEntry, Project, Unit
from app.models.db import Store
from app.models.kept import TRACKED_SCOPES, fact_changes
from app.rules.facts import (
    MAJOR_THRESHOLD_YUAN,
    ApprovalStep,
    ConstructionType,
    ProjectStatus,
    Stage,
)
from app.services.fastread import fetch


@dataclass(frozen=True, slots=True)
class ProjectRow:
    """One line of the project list: plain values, cheap to hold 100,000 of them."""

    id: int
    code: str
    name: str
    unit_id: int
    unit_name: str
    type: ConstructionType
    total_investment_yuan: int
    stage: Stage
    status: ProjectStatus
    years: tuple[int, ...]  # years on the project list
    #: an FSR or design step is recorded: a minor project that chose two steps (Art 9 「可」)
    steps_recorded: bool = False

    @property
    def two_step(self) -> bool:
        """Art 9: major projects take two steps; minor ones may (`checklists.two_step`)."""
        return self.type != ConstructionType.OM and (
            self.total_investment_yuan >= MAJOR_THRESHOLD_YUAN or self.steps_recorded
        )


@dataclass(frozen=True, slots=True)
class UnitRow:
    id: int
    name: str
    short_name: str


def list_projects(
    session: Session, project_id: int | None = None, *, ids: Sequence[int] | None = None
) -> list[ProjectRow]:
    """Every project (or the one `project_id`, or those of `ids`) as a list row."""
    # table columns, not ORM attributes, read through sqlite3 (fastread): at 100,000 projects
    # SQLAlchemy's processing of three enums per row was most of the list's load
    entry, project, unit = ListEntry.__table__.c, Project.__table__.c, Unit.__table__.c
    approval = Approval.__table__.c
    years: dict[int, list[int]] = defaultdict(list)
    year_query = select(entry.project_id, entry.year).order_by(entry.year)
    # Art 9: a minor project that recorded an FSR or design step chose two steps
    steps_query = (
        select(approval.project_id)
        .where(approval.step.in_([ApprovalStep.FSR.value, ApprovalStep.DESIGN.value]))
        .distinct()
    )
    query = (
        select(
            project.id, project.code, project.name, project.unit_id, unit.name, project.type,
            project.total_investment_yuan, project.stage, project.status,
        )
        .join_from(Project.__table__, Unit.__table__, unit.id == project.unit_id)
        .order_by(project.id)
    )  # fmt: skip
    if project_id is not None:
        ids = [project_id]
    if ids is not None:
        if len(ids) > 500:
            ordered = sorted(ids)
            return [r for i in range(0, len(ordered), 500) for r in list_projects(session, ids=ordered[i : i + 500])]  # fmt: skip
        year_query = year_query.where(entry.project_id.in_(list(ids)))
        steps_query = steps_query.where(approval.project_id.in_(list(ids)))
        query = query.where(project.id.in_(list(ids)))
    for pid, year in fetch(session, year_query):
        years[pid].append(year)
    two_steps = {pid for (pid,) in fetch(session, steps_query)}
    return [
        ProjectRow(
            pid,
            code,
            name,
            unit_id,
            unit_name,
            ptype,
            total,
            stage,
            status,
            tuple(years[pid]),
            pid in two_steps,
        )
        for pid, code, name, unit_id, unit_name, ptype, total, stage, status in fetch(
            session, query
        )
    ]


def changed_projects(session: Session, since: int | None) -> tuple[int | None, set[int] | None]:
    """(the last change, the projects changed after `since`) from the change tracking of the
    kept findings (app.models.kept.fact_changes): what the project list reloads after an edit
    instead of every row. None for the projects when everything should be read again (no
    tracking on this database, `since` None, a unit renamed, or a change of unknown scope)."""
    if session.connection().dialect.name != "sqlite":
        return None, None
    try:
        changes = fetch(session, select(fact_changes.c.scope, fact_changes.c.seq).where(fact_changes.c.seq > (since or 0)))  # fmt: skip
        last = session.scalar(select(func.max(fact_changes.c.seq)))
        if last is None and _tracked(session):  # tracked, nothing changed since: from 0 on
            last = 0
    except OperationalError:  # a database from before the change tracking
        return None, None
    projects: set[int] = set()
    for scope, _seq in changes:
        kind, _, ident = scope.partition(":")
        if kind == "p":
            projects.add(int(ident))
        elif kind not in ("s", "o"):  # a unit (its name is on the rows) or anything else
            return last, None
    return last, None if since is None else projects


@dataclass(frozen=True, slots=True)
class ProjectListRead:
    """What the project list reads in one go: the rows (all of them, or only those of the
    projects changed since the last read), the units for its filter and where the change
    tracking stands (`last`, handed back as `since` next time)."""

    rows: list[ProjectRow]
    units: list[UnitRow]
    last: int | None
    #: None when `rows` are all the projects (or the first of them); else the projects
    #: changed since `since` (those missing from `rows` were deleted)
    changed: set[int] | None
    #: how many projects there are, when `rows` are only the first of them (`first`)
    total: int | None = None


def project_list(
    store: Store, since: int | None, *, partial: bool, first: int | None = None
) -> ProjectListRead:
    """The project list's rows in one read (a store on a share has one connection): with
    `partial` and the change tracking able to say which projects changed since `since`,
    only theirs; else with `first`, the first `first` projects and how many there are (what
    the window shows before its first paint); otherwise every row."""
    with store.read() as session:
        last, changed = changed_projects(session, since)
        total = None
        if partial and changed is not None:
            rows = list_projects(session, ids=sorted(changed)) if changed else []
        elif first is not None:
            project = Project.__table__.c
            ids = [pid for (pid,) in fetch(session, select(project.id).order_by(project.id).limit(first))]  # fmt: skip
            rows, changed = list_projects(session, ids=ids), None
            if len(rows) == first:
                total = session.scalar(select(func.count()).select_from(Project.__table__))
        else:
            rows, changed = list_projects(session), None
        return ProjectListRead(rows, list_units(session), last, changed, total)


def _tracked(session: Session) -> bool:
    """The change tracking's triggers are all there (app.services.kept installs them)."""
    installed = session.scalar(
        text("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'kept\\_%' ESCAPE '\\'")
    )  # fmt: skip
    return (installed or 0) >= 3 * len(TRACKED_SCOPES)


def project_row(session: Session, project_id: int) -> ProjectRow | None:
    """One project's list row (None when it is gone)."""
    rows = list_projects(session, project_id)
    return rows[0] if rows else None


def list_units(session: Session) -> list[UnitRow]:
    # table columns, not the ORM entity: the project list reads this before the window's first
    # paint, and an entity query would configure every mapper first (start-up time, issue 12)
    unit = Unit.__table__.c
    query = select(unit.id, unit.name, unit.short_name).order_by(unit.id)
    return [UnitRow(uid, name, short) for uid, name, short in fetch(session, query)]


def plan_years(session: Session, today: date) -> list[int]:
    """Years that have list entries, plus this year and next (for the year selector)."""
    entry = ListEntry.__table__.c
    years = {year for (year,) in fetch(session, select(entry.year).distinct())}
    years.update({today.year, today.year + 1})
    return sorted(years)


@dataclass(frozen=True, slots=True)
class UnitsOfProjects:
    """The units and which unit owns each project (the deadlines tab's unit filter)."""

    units: list[UnitRow]
    unit_of: dict[int, int]  # project id → owner unit id


def units_of_projects(store: Store) -> UnitsOfProjects:
    with store.read() as session:
        unit_of = {row.id: row.unit_id for row in list_projects(session)}
        return UnitsOfProjects(list_units(session), unit_of)


def current_project_row(store: Store, project_id: int) -> ProjectRow | None:
    """`project_row` in a read transaction of its own (the current-project label)."""
    with store.read() as session:
        return project_row(session, project_id)


def plan_years_of(store: Store, today: date) -> list[int]:
    """`plan_years` in a read transaction of its own (the toolbar's 计划年度)."""
    with store.read() as session:
        return plan_years(session, today)
