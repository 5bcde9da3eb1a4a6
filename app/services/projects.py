"""Project list queries and edits. The UI calls these; no SQL in widgets."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import ListEntry, Project, Unit
from app.models.db import Store
from app.rules.facts import MAJOR_THRESHOLD_YUAN, ConstructionType, ProjectStatus, Stage


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

    @property
    def two_step(self) -> bool:
        return (
            self.type != ConstructionType.OM and self.total_investment_yuan >= MAJOR_THRESHOLD_YUAN
        )


@dataclass(frozen=True, slots=True)
class UnitRow:
    id: int
    name: str
    short_name: str


def list_projects(session: Session, project_id: int | None = None) -> list[ProjectRow]:
    """Every project (or the one `project_id`) as a list row."""
    # table columns, not ORM attributes: the rows skip the ORM's loading layer (about half the
    # time of the first paint's query at 10,000 projects)
    entry, project, unit = ListEntry.__table__.c, Project.__table__.c, Unit.__table__.c
    years: dict[int, list[int]] = defaultdict(list)
    year_query = select(entry.project_id, entry.year).order_by(entry.year)
    query = (
        select(
            project.id, project.code, project.name, project.unit_id, unit.name, project.type,
            project.total_investment_yuan, project.stage, project.status,
        )
        .join_from(Project.__table__, Unit.__table__, unit.id == project.unit_id)
        .order_by(project.id)
    )  # fmt: skip
    if project_id is not None:
        year_query = year_query.where(entry.project_id == project_id)
        query = query.where(project.id == project_id)
    for pid, year in session.execute(year_query):
        years[pid].append(year)
    rows = session.execute(query)
    return [
        ProjectRow(
            pid, code, name, unit_id, unit_name, ptype, total, stage, status, tuple(years[pid])
        )
        for pid, code, name, unit_id, unit_name, ptype, total, stage, status in rows
    ]


def project_row(session: Session, project_id: int) -> ProjectRow | None:
    """One project's list row (None when it is gone)."""
    rows = list_projects(session, project_id)
    return rows[0] if rows else None


def list_units(session: Session) -> list[UnitRow]:
    return [
        UnitRow(u.id, u.name, u.short_name) for u in session.scalars(select(Unit).order_by(Unit.id))
    ]


def plan_years(session: Session, today: date) -> list[int]:
    """Years that have list entries, plus this year and next (for the year selector)."""
    years = set(session.scalars(select(ListEntry.year).distinct()))
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
