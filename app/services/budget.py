"""Budget versus plan for one year, grouped by owner unit (read side of the budget tab)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select, union
from sqlalchemy.orm import Session, selectinload

from app.models import Approval, BudgetLine, ListEntry, PlanLine, Project, Unit
from app.models.db import Store
from app.rules.checklists import approved_estimate_yuan, estimate_of
from app.rules.facts import ApprovalFacts
from app.rules.findings import Finding
from app.services.fastread import fetch
from app.services.snapshot import PROJECT_LOADS, project_facts

#: the findings of the reconciliation sheet: plan, budget and estimate
MONEY_CODES = ("BUD-", "PLAN-", "EST-")
#: the budget tab's rows also show why a line may not be funded at all (O&M, Art 25, 28, 29)
FUNDING_CODES = (*MONEY_CODES, "OM-")


@dataclass(frozen=True, slots=True)
class BudgetRow:
    project_id: int
    name: str
    unit_id: int
    unit_name: str
    listed: bool
    plan_yuan: int | None
    budget_yuan: int | None
    estimate_yuan: int | None  # approved 概算
    planned_all_years_yuan: int
    findings: tuple[Finding, ...]  # open findings of this row's year (budget_groups' codes)
    code: str = ""  # 项目编码

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(sorted({f.code for f in self.findings}))

    @property
    def difference_yuan(self) -> int | None:
        if self.plan_yuan is None and self.budget_yuan is None:
            return None
        return (self.budget_yuan or 0) - (self.plan_yuan or 0)


@dataclass(slots=True)
class UnitGroup:
    unit_id: int
    unit_name: str
    rows: list[BudgetRow] = field(default_factory=list)

    def total(self, attribute: str) -> int:
        return sum(getattr(row, attribute) or 0 for row in self.rows)


def money_codes(prefixes: tuple[str, ...] = MONEY_CODES) -> list[str]:
    """Every code of the catalogue starting with one of `prefixes` (what a money view reads)."""
    from app.rules.catalogue import RULES

    return [code for code in RULES if code.startswith(prefixes)]


def money_findings(findings: Iterable[Finding], year: int, codes: tuple[str, ...] = MONEY_CODES) -> dict[int, list[Finding]]:  # fmt: skip
    """Open findings of `codes` (BUD-*/PLAN-*/EST-*) by project; year-bound ones only for `year`."""
    out: dict[int, list[Finding]] = defaultdict(list)
    for f in findings:
        if not f.open or f.project_id is None or not f.code.startswith(codes):
            continue
        finding_year = f.details.get("year")
        if finding_year is not None and finding_year != year:
            continue
        out[f.project_id].append(f)
    return out


def budget_groups(session: Session, year: int, findings: list[Finding], codes: tuple[str, ...] = MONEY_CODES) -> list[UnitGroup]:  # fmt: skip
    """Every project with a plan or budget line in `year`, grouped by owner unit, with its
    open findings of `codes` for that year.

    Read with a few aggregate queries over the projects of the year only: a store of 100,000
    projects has tens of thousands in a year, and loading them whole (with every document)
    took minutes and gigabytes."""
    by_project = money_findings(findings, year, codes)
    plan_c, budget_c = PlanLine.__table__.c, BudgetLine.__table__.c
    plan = _sums(session, plan_c, plan_c.year == year)
    budget = _sums(session, budget_c, budget_c.year == year)
    if not plan and not budget:
        return []
    of_year = union(
        select(plan_c.project_id).where(plan_c.year == year),
        select(budget_c.project_id).where(budget_c.year == year),
    ).scalar_subquery()
    all_years = _sums(session, plan_c, plan_c.project_id.in_(of_year))
    entry_c = ListEntry.__table__.c
    listed = {
        x.project_id for x in fetch(session, select(entry_c.project_id).where(entry_c.year == year))
    }
    approval_c = Approval.__table__.c
    approvals: dict[int, list[ApprovalFacts]] = defaultdict(list)
    for a in fetch(session, select(approval_c).where(approval_c.project_id.in_(of_year)).order_by(approval_c.id)):  # fmt: skip
        approvals[a.project_id].append(
            ApprovalFacts(a.step, a.applied_on, a.approved_on, a.approved_amount_yuan, a.number)
        )
    p, u = Project.__table__.c, Unit.__table__.c
    query = (
        select(p.id, p.code, p.name, p.unit_id, p.total_investment_yuan, u.name.label("unit_name"))
        .join(Unit.__table__, u.id == p.unit_id)
        .where(p.id.in_(of_year))
        .order_by(p.unit_id, p.id)
    )
    groups: dict[int, UnitGroup] = {}
    for x in fetch(session, query):
        row = BudgetRow(
            project_id=x.id,
            name=x.name,
            unit_id=x.unit_id,
            unit_name=x.unit_name,
            listed=x.id in listed,
            plan_yuan=plan.get(x.id),
            budget_yuan=budget.get(x.id),
            estimate_yuan=estimate_of(x.total_investment_yuan, approvals.get(x.id, ())),
            planned_all_years_yuan=all_years.get(x.id, 0),
            findings=tuple(sorted(by_project.get(x.id, ()), key=lambda f: f.sort_key)),
            code=x.code,
        )
        groups.setdefault(x.unit_id, UnitGroup(x.unit_id, x.unit_name)).rows.append(row)
    return list(groups.values())


def _sums(session: Session, lines: Any, where: Any) -> dict[int, int]:
    """The amount of the `lines` (plan or budget) matching `where`, by project."""
    query = select(lines.project_id, func.sum(lines.amount_yuan)).where(where).group_by(lines.project_id)  # fmt: skip
    return {project_id: int(total) for project_id, total in fetch(session, query)}


@dataclass(frozen=True, slots=True)
class RollingRow:
    project_id: int
    name: str
    unit_name: str
    amounts: tuple[int | None, int | None, int | None]  # period_start, +1, +2

    @property
    def total(self) -> int:
        return sum(a or 0 for a in self.amounts)


def rolling_rows(session: Session, period_start: int) -> list[RollingRow]:
    """The 3-year rolling plan edition starting at `period_start`."""
    from app.models import RollingLine, Unit

    rows: dict[int, list[int | None]] = {}
    names: dict[int, tuple[str, str]] = {}
    query = (
        select(
            RollingLine.project_id,
            RollingLine.year,
            RollingLine.amount_yuan,
            Project.name,
            Unit.name,
        )
        .join(Project, Project.id == RollingLine.project_id)
        .join(Unit, Unit.id == Project.unit_id)
        .where(RollingLine.period_start == period_start)
        .order_by(Project.unit_id, Project.id)
    )
    for project_id, year, amount, name, unit_name in session.execute(query):
        offset = year - period_start
        if 0 <= offset < 3:
            amounts = rows.setdefault(project_id, [None, None, None])
            amounts[offset] = (amounts[offset] or 0) + amount
            names[project_id] = (name, unit_name)
    return [
        RollingRow(pid, names[pid][0], names[pid][1], (a[0], a[1], a[2])) for pid, a in rows.items()
    ]


def rolling_editions(session: Session) -> list[int]:
    """The first years of the rolling plan editions on file (oldest first)."""
    from app.models import RollingLine

    return list(
        session.scalars(
            select(RollingLine.period_start).distinct().order_by(RollingLine.period_start)
        )
    )


@dataclass(frozen=True, slots=True)
class MoneyTrail:
    """Every figure of a project from declaration to budget, never overwritten (Art 9, 22, 23)."""

    name: str
    declared_yuan: int | None
    reviewed_yuan: int | None
    estimate_yuan: int | None  # FSR 估算
    fsr_approved_yuan: int | None
    proposed_budget_estimate_yuan: int | None
    approved_estimate_yuan: int | None  # 概算
    plan_by_year: dict[int, int]
    budget_by_year: dict[int, int]
    contract_yuan: int | None
    paid_yuan: int | None


def money_trail(session: Session, project_id: int) -> MoneyTrail | None:
    from app.rules.facts import ApprovalStep

    p = session.scalar(
        select(Project)
        .where(Project.id == project_id)
        .options(
            *PROJECT_LOADS, selectinload(Project.plan_lines), selectinload(Project.budget_lines)
        )
    )
    if p is None:
        return None
    facts = project_facts(p)
    fsr = facts.approval(ApprovalStep.FSR)
    plan: dict[int, int] = defaultdict(int)
    budget: dict[int, int] = defaultdict(int)
    for line in p.plan_lines:
        plan[line.year] += line.amount_yuan
    for bline in p.budget_lines:
        budget[bline.year] += bline.amount_yuan
    return MoneyTrail(
        p.name, p.declared_yuan, p.reviewed_yuan, p.estimate_yuan,
        fsr.approved_amount_yuan if fsr and fsr.approved_on else None,
        p.proposed_budget_estimate_yuan, approved_estimate_yuan(facts),
        dict(sorted(plan.items())), dict(sorted(budget.items())), p.contract_yuan, p.paid_yuan,
    )  # fmt: skip


# --------------------------------------------------------------------------- the budget tab


@dataclass(frozen=True, slots=True)
class BudgetPage:
    """What the budget tab shows for a year: budget versus plan by unit, the rolling plan
    edition starting that year, and the editions there are."""

    groups: list[UnitGroup]
    rolling: list[RollingRow]
    editions: list[int]


def budget_page(
    store: Store, year: int, findings: list[Finding], codes: tuple[str, ...] = MONEY_CODES
) -> BudgetPage:
    with store.read() as session:
        return BudgetPage(
            budget_groups(session, year, findings, codes),
            rolling_rows(session, year),
            rolling_editions(session),
        )


def project_money_trail(store: Store, project_id: int) -> MoneyTrail | None:
    """`money_trail` in a read transaction of its own (the budget tab's trail of a project)."""
    with store.read() as session:
        return money_trail(session, project_id)
