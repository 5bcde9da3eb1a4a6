"""A unit's Art 28/29 bar changed: the findings that read it brought up to date from a few columns
of its projects, without evaluating them whole.

A restriction flag set or lifted (or the project holding it renamed, terminated, moved or
deleted) changes its unit's bar (`kept.bar_state`; ``bars:<unit>`` in `kept_deps`) and nothing
else the unit's other projects read. So only the rules that read a bar (`engine.BAR_RULES`) run
again, over the bar columns of those projects loaded here (what `engine.BAR_RULES` says they
read) — one evaluation for all of them — and their findings replace the kept rows of those
codes (`kept._replace_bar_findings`). At 100,000 projects a unit has ~7,000: evaluated whole
that was 8.7 s; this reads seven columns of each.

The days on which the owners' findings hold stay as they were: a bar depends on "today" only
through the units' sanctions, and every evaluation reads every unit's (so every owner's days
already include those comparisons); the bar rules make no other comparison with "today".
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import case, func, literal_column, select
from sqlalchemy.orm import Session

from app.models import BudgetLine, OMRequest, PlanLine, Project
from app.rules.engine import BAR_CODES, BAR_RULES, evaluate_rules
from app.rules.facts import (
    BudgetLineFacts,
    ConstructionType,
    Dataset,
    OMRequestFacts,
    PlanLineFacts,
    ProjectFacts,
    ProjectStatus,
)
from app.rules.findings import Finding
from app.services.fastread import fetch
from app.services.snapshot import load_dismissals, load_units


def bar_findings(session: Session, owners: Sequence[int], today: date) -> dict[int, list[Finding]]:
    """The findings of the bar rules (`engine.BAR_CODES`) of each of `owners` (projects) for
    `today`, each owner's in the engine's order: what a full evaluation gives of those codes."""

    ids = sorted(set(owners))
    projects = {f.id: f for f in _bar_projects(session, ids)}
    requests = [
        OMRequestFacts(r.id, r.project_id, r.unit_id, r.year, r.amount_yuan, r.requested_on)
        for r in _rows_of(session, OMRequest, ids)
    ]
    # the first restricted project of each unit they build or ask O&M funds for: its bar
    units = {p.unit_id for p in projects.values()} | {r.unit_id for r in requests}
    holders = sorted(set(first_flagged(session, units).values()) - projects.keys())
    projects.update((f.id, f) for f in _bar_projects(session, holders))
    om_ids = [i for i in ids if i in projects and projects[i].type == ConstructionType.OM]
    data = Dataset(
        units=load_units(session),
        projects=tuple(sorted(projects.values(), key=lambda p: p.id)),
        plan_lines=tuple(
            PlanLineFacts(x.id, x.project_id, x.year, x.amount_yuan)
            for x in _rows_of(session, PlanLine, om_ids)
        ),
        budget_lines=tuple(
            BudgetLineFacts(x.id, x.project_id, x.year, x.amount_yuan)
            for x in _rows_of(session, BudgetLine, om_ids)
        ),
        om_requests=tuple(requests),
        dismissals=load_dismissals(session, BAR_CODES),
    )
    found: dict[int, list[Finding]] = {owner: [] for owner in ids}
    for f in evaluate_rules(data, today, BAR_RULES):
        if f.project_id in found:
            found[f.project_id].append(f)
    return found


def _among(column: Any, ids: Sequence[int]) -> Any:
    """`column IN ids` with the ids in one JSON parameter: one statement compiled, whatever
    their number (a unit at 100,000 projects has ~7,000)."""
    values = select(literal_column("value")).select_from(func.json_each(json.dumps(list(ids))))
    return column.in_(values.scalar_subquery())


#: the columns of a project the bar rules read (`engine.BAR_RULES`); `list_entries` is read by
#: the engine's `Context.build` of every project (and is left empty)
BAR_COLUMNS = (
    "id", "name", "unit_id", "type", "status", "completed_on", "integration_pending",
    "security_noncompliant", "system_project_id",
)  # fmt: skip


def _bar_projects(session: Session, ids: Sequence[int]) -> list[ProjectFacts]:
    """Projects with the bar columns only: every other field of these ProjectFacts is unset, so
    that a bar rule reading more than `BAR_COLUMNS` raises AttributeError in the tests instead
    of reading a default (and 7,000 of them are made in a third of the time __init__ takes)."""
    if not ids:
        return []
    p = Project.__table__.c
    query = select(*(p[name] for name in BAR_COLUMNS)).where(_among(p.id, ids)).order_by(p.id)
    return [_partial(values) for values in fetch(session, query)]


def _partial(values: Sequence[Any]) -> ProjectFacts:
    facts = object.__new__(ProjectFacts)
    for name, value in zip(BAR_COLUMNS, values, strict=True):
        object.__setattr__(facts, name, value)
    object.__setattr__(facts, "list_entries", ())
    return facts


def _rows_of(session: Session, model: Any, ids: Sequence[int]) -> list[Any]:
    """The rows of `model` (plan/budget lines, O&M requests) of the projects `ids`, by id."""
    if not ids:
        return []
    table = model.__table__
    return list(
        fetch(session, select(table).where(_among(table.c.project_id, ids)).order_by(table.c.id))
    )


def first_flagged(session: Session, unit_ids: Iterable[int] | None) -> dict[tuple[int, str], int]:
    """(unit, "29"/"28") → the first of its projects (not terminated) to be integrated / not
    compliant: what `engine.unit_bars` takes as the unit's bar. One pass over the projects."""
    p = Project.__table__.c
    query = (
        select(
            p.unit_id,
            func.min(case((p.integration_pending.is_(True), p.id))),
            func.min(case((p.security_noncompliant.is_(True), p.id))),
        )
        .where(p.status != ProjectStatus.TERMINATED.value)
        .where(p.integration_pending.is_(True) | p.security_noncompliant.is_(True))
        .group_by(p.unit_id)
    )
    if unit_ids is not None:
        query = query.where(p.unit_id.in_(sorted(set(unit_ids))))
    found: dict[tuple[int, str], int] = {}
    for unit_id, pending, noncompliant in session.execute(query):
        for article, pid in (("29", pending), ("28", noncompliant)):
            if pid is not None:
                found[(unit_id, article)] = pid
    return found
