"""Read the whole store into the engine's frozen facts (one read transaction)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import (
    BudgetLine,
    Document,
    FindingDismissal,
    OMRequest,
    PlanLine,
    Project,
    RectificationOrder,
    RegisteredSystem,
    RollingLine,
    Unit,
)
from app.models.db import Store
from app.rules.engine import evaluate
from app.rules.facts import (
    AcceptanceFacts,
    ApprovalFacts,
    BudgetLineFacts,
    ChangeRecordFacts,
    Chapter,
    Dataset,
    Dismissal,
    DocumentFacts,
    EvaluationFacts,
    FrameworkElement,
    ListEntryFacts,
    OMRequestFacts,
    PlanLineFacts,
    ProjectFacts,
    RectificationFacts,
    RegisteredSystemFacts,
    RollingLineFacts,
    Sanction,
    SubjectType,
    UnitFacts,
)
from app.rules.findings import Finding

_CHAPTERS = {c.value for c in Chapter}

#: everything `project_facts` reads, loaded in a few IN queries instead of one per row
PROJECT_LOADS = (
    selectinload(Project.participants),
    selectinload(Project.documents).selectinload(Document.parts),
    selectinload(Project.approvals),
    selectinload(Project.list_entries),
    selectinload(Project.acceptance),
    selectinload(Project.changes),
    selectinload(Project.evaluations),
)
_ELEMENTS = {e.value for e in FrameworkElement}


def document_facts(doc: Document) -> DocumentFacts:
    def parts(kind: str, allowed: set[str]) -> frozenset[str]:
        return frozenset(
            p.code for p in doc.parts if p.part == kind and p.present and p.code in allowed
        )

    return DocumentFacts(
        kind=doc.kind,
        status=doc.status,
        submitted_on=doc.submitted_on,
        approved_on=doc.approved_on,
        number=doc.number,
        na_reason=doc.na_reason,
        remark=doc.remark,
        chapters=frozenset(Chapter(c) for c in parts("chapter", _CHAPTERS)),
        opinions=frozenset(Chapter(c) for c in parts("opinion", _CHAPTERS)),
        method=doc.method,
        framework_elements=frozenset(FrameworkElement(e) for e in parts("element", _ELEMENTS)),
    )


def project_facts(p: Project) -> ProjectFacts:
    acc = p.acceptance
    return ProjectFacts(
        id=p.id,
        name=p.name,
        unit_id=p.unit_id,
        type=p.type,
        total_investment_yuan=p.total_investment_yuan,
        code=p.code,
        content=p.content,
        stage=p.stage,
        status=p.status,
        cross_department=p.cross_department,
        participant_unit_ids=tuple(sorted(x.unit_id for x in p.participants)),
        classified=p.classified,
        new_civil_works=p.new_civil_works,
        high_energy=p.high_energy,
        on_gov_cloud=p.on_gov_cloud,
        cloud_justification=p.cloud_justification,
        security_noncompliant=p.security_noncompliant,
        integration_pending=p.integration_pending,
        system_project_id=p.system_project_id,
        implementing_agency=p.implementing_agency,
        responsible_person=p.responsible_person,
        supervision_unit=p.supervision_unit,
        planned_completion_on=p.planned_completion_on,
        completed_on=p.completed_on,
        operation_start_on=p.operation_start_on,
        contract_signed_on=p.contract_signed_on,
        supervision_contract_on=p.supervision_contract_on,
        construction_start_on=p.construction_start_on,
        delay_reported_on=p.delay_reported_on,
        scope_changed=p.scope_changed,
        declared_yuan=p.declared_yuan,
        reviewed_yuan=p.reviewed_yuan,
        estimate_yuan=p.estimate_yuan,
        proposed_budget_estimate_yuan=p.proposed_budget_estimate_yuan,
        contract_yuan=p.contract_yuan,
        paid_yuan=p.paid_yuan,
        documents=tuple(document_facts(d) for d in sorted(p.documents, key=lambda d: d.id)),
        approvals=tuple(
            ApprovalFacts(a.step, a.applied_on, a.approved_on, a.approved_amount_yuan, a.number)
            for a in sorted(p.approvals, key=lambda a: a.id)
        ),
        list_entries=tuple(
            ListEntryFacts(e.id, e.year, e.basis, e.listed_on, e.consent_on, e.consent_number)
            for e in sorted(p.list_entries, key=lambda e: (e.year, e.id))
        ),
        acceptance=AcceptanceFacts(
            applied_on=acc.applied_on,
            organized_on=acc.organized_on,
            accepted_on=acc.accepted_on,
            result=acc.result,
            organizer=acc.organizer,
            filed_on=acc.filed_on,
            extension_requested_on=acc.extension_requested_on,
            extension_reason=acc.extension_reason,
            reviewed_products=acc.reviewed_products,
            reviewed_crypto_security=acc.reviewed_crypto_security,
            reviewed_energy=acc.reviewed_energy,
        )
        if acc is not None
        else None,
        changes=tuple(
            ChangeRecordFacts(c.recorded_on, c.description, c.new_total_yuan)
            for c in sorted(p.changes, key=lambda c: c.id)
        ),
        evaluations=tuple(
            EvaluationFacts(
                e.id, e.report_on, e.filed_drc_on, e.filed_finance_on, e.users_consulted
            )
            for e in sorted(p.evaluations, key=lambda e: e.id)
        ),
    )


def load_dataset(session: Session) -> Dataset:
    units = session.scalars(
        select(Unit).options(selectinload(Unit.sanctions)).order_by(Unit.id)
    ).all()
    projects = session.scalars(select(Project).options(*PROJECT_LOADS).order_by(Project.id)).all()
    return Dataset(
        units=tuple(
            UnitFacts(
                u.id,
                u.name,
                tuple(
                    Sanction(s.article, s.imposed_on, s.lifted_on, s.reason) for s in u.sanctions
                ),
            )
            for u in units
        ),
        projects=tuple(project_facts(p) for p in projects),
        plan_lines=tuple(
            PlanLineFacts(x.id, x.project_id, x.year, x.amount_yuan)
            for x in session.scalars(select(PlanLine).order_by(PlanLine.id))
        ),
        budget_lines=tuple(
            BudgetLineFacts(x.id, x.project_id, x.year, x.amount_yuan)
            for x in session.scalars(select(BudgetLine).order_by(BudgetLine.id))
        ),
        rolling_lines=tuple(
            RollingLineFacts(x.id, x.project_id, x.period_start, x.year, x.amount_yuan)
            for x in session.scalars(select(RollingLine).order_by(RollingLine.id))
        ),
        om_requests=tuple(
            OMRequestFacts(x.id, x.project_id, x.unit_id, x.year, x.amount_yuan, x.requested_on)
            for x in session.scalars(select(OMRequest).order_by(OMRequest.id))
        ),
        orders=tuple(
            RectificationFacts(
                x.id, x.unit_id, x.issued_on, x.deadline, x.project_id, x.subject, x.closed_on
            )
            for x in session.scalars(select(RectificationOrder).order_by(RectificationOrder.id))
        ),
        registered_systems=tuple(
            RegisteredSystemFacts(x.id, x.unit_id, x.name, x.content)
            for x in session.scalars(select(RegisteredSystem).order_by(RegisteredSystem.id))
        ),
        dismissals=tuple(
            Dismissal(x.code, SubjectType(x.subject_type), x.subject_id, x.key, x.reason)
            for x in session.scalars(select(FindingDismissal).order_by(FindingDismissal.id))
        ),
    )


def read_dataset(store: Store) -> Dataset:
    with store.read() as session:
        return load_dataset(session)


def evaluate_store(store: Store, today: date) -> list[Finding]:
    """The engine over the whole store: what the GUI, the CLI and the exports all show."""
    return evaluate(read_dataset(store), today)


def read_project(store: Store, project_id: int) -> tuple[ProjectFacts | None, str]:
    """One project's facts and its owner unit's name (for the project tabs)."""
    with store.read() as session:
        project = session.scalar(
            select(Project)
            .where(Project.id == project_id)
            .options(*PROJECT_LOADS, selectinload(Project.unit))
        )
        if project is None:
            return None, ""
        return project_facts(project), project.unit.name
