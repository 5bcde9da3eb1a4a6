"""The plan tables' content: project list, annual plan, rolling plan, budget reconciliation.

`plan_table(store, year, kind, today=...)` queries the rows a table shows (`PlanTable`);
`write_plan` hands them with the audit head to the writer (app.reports.plan_xlsx.save_plan).
The CLI (`export-plan`) and the GUI (文件 → 导出) call `write_plan`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.models import ListEntry, PlanLine, Project, RollingLine, Unit
from app.models.db import Store
from app.reports.plan_xlsx import (
    BASIS_LABELS,
    KINDS,
    Kind,
    ListRow,
    PlanRow,
    PlanTable,
    ReconciliationRow,
    RollingRow,
    save_plan,
)
from app.rules.findings import Finding
from app.services.anchors import store_anchor


def _with_project_and_unit(line: Any, *where: Any) -> Select[Any]:
    """`line` rows joined to their project and owner unit, by unit then project code."""
    return (
        select(line, Project, Unit)
        .join(Project, line.project_id == Project.id)
        .join(Unit, Project.unit_id == Unit.id)
        .where(*where)
        .order_by(Unit.id, Project.code, Project.id)
    )


def list_rows(session: Session, year: int) -> list[ListRow]:
    """The year's project list (项目清单), ordered by unit then project code."""
    stmt = _with_project_and_unit(ListEntry, ListEntry.year == year)
    return [
        ListRow(
            project_id=p.id,
            code=p.code,
            name=p.name,
            unit_name=u.name,
            construction_type=p.type.value,
            basis=BASIS_LABELS.get(e.basis, str(e.basis)),
            consent_number=e.consent_number,
            total_investment_yuan=p.total_investment_yuan,
        )
        for e, p, u in session.execute(stmt)
    ]


def plan_rows(session: Session, year: int) -> list[PlanRow]:
    """The year's plan lines with their project and owner unit, grouped by unit."""
    stmt = _with_project_and_unit(PlanLine, PlanLine.year == year)
    return [
        PlanRow(
            project_id=p.id,
            unit_id=u.id,
            unit_name=u.name,
            name=p.name,
            construction_type=p.type.value,
            content=p.content,
            total_investment_yuan=p.total_investment_yuan,
            completed_before_yuan=line.completed_before_yuan,
            amount_yuan=line.amount_yuan,
            central_yuan=line.central_yuan,
            municipal_yuan=line.municipal_yuan,
            district_yuan=line.district_yuan,
            work_target=line.work_target,
            responsible_unit=p.implementing_agency or u.name,
            responsible_person=p.responsible_person,
            remark=line.remark,
        )
        for line, p, u in session.execute(stmt)
    ]


def rolling_rows(session: Session, period_start: int) -> list[RollingRow]:
    """The 3-year rolling plan edition starting `period_start`: one row per project."""
    stmt = _with_project_and_unit(
        RollingLine,
        RollingLine.period_start == period_start,
        RollingLine.year.between(period_start, period_start + 2),
    )
    amounts: dict[int, list[int]] = {}
    heads: dict[int, tuple[str, str, str]] = {}
    for line, p, u in session.execute(stmt):
        heads.setdefault(p.id, (u.name, p.name, p.type.value))
        amounts.setdefault(p.id, [0, 0, 0])[line.year - period_start] += line.amount_yuan
    return [
        RollingRow(
            project_id=pid,
            unit_name=heads[pid][0],
            name=heads[pid][1],
            construction_type=heads[pid][2],
            amounts_yuan=(a[0], a[1], a[2]),
        )
        for pid, a in amounts.items()
    ]


def reconciliation_rows(
    session: Session, year: int, findings: Sequence[Finding]
) -> list[ReconciliationRow]:
    """Budget versus plan for `year` (the budget tab's rows), with each row's findings."""
    from app.services.budget import budget_groups, money_findings

    by_project = money_findings(findings, year)
    groups = budget_groups(session, year, list(findings))
    rows = []
    for g in groups:
        for x in sorted(g.rows, key=lambda x: (x.code, x.project_id)):
            found = sorted(by_project.get(x.project_id, []), key=lambda f: (f.code, f.subject_id))
            rows.append(
                ReconciliationRow(
                    project_id=x.project_id,
                    code=x.code,
                    name=x.name,
                    unit_name=x.unit_name,
                    plan_yuan=x.plan_yuan,
                    budget_yuan=x.budget_yuan,
                    estimate_yuan=x.estimate_yuan,
                    planned_all_years_yuan=x.planned_all_years_yuan,
                    finding_codes=tuple(f.code for f in found),
                    finding_messages=tuple(f.message_zh for f in found),
                )
            )
    return rows


def plan_table(store: Store, year: int, kind: str, *, today: date) -> PlanTable:
    """What the table of `kind` shows for `year`; ValueError for an unknown kind."""
    if kind not in KINDS:
        raise ValueError(f"unknown plan table kind {kind!r}; expected one of {KINDS}")
    known: Kind = kind  # type: ignore[assignment]
    if kind == "reconciliation":
        from app.services.budget import money_codes
        from app.services.kept import current_for

        findings = current_for(store, today, codes=money_codes())
        with store.read() as session:
            rows: list[Any] = list(reconciliation_rows(session, year, findings))
    else:
        with store.read() as session:
            if kind == "list":
                rows = list(list_rows(session, year))
            elif kind == "plan":
                rows = list(plan_rows(session, year))
            else:
                rows = list(rolling_rows(session, year))
    return PlanTable(known, year, tuple(rows), today)


def write_plan(store: Store, year: int, kind: str, path: str | Path, *, today: date) -> Path:
    """Export one plan table to `path` atomically; returns the path written.

    Raises ValueError for an unknown kind, and the atomic writer's OutputLocked /
    OutputFailed when the file cannot be replaced.
    """
    table = plan_table(store, year, kind, today=today)
    return save_plan(table, path, anchor=store_anchor(store))
