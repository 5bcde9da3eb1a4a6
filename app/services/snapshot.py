"""Read the whole store into the engine's frozen facts (one read transaction)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.models import (
    Acceptance,
    Approval,
    BudgetLine,
    ChangeRecord,
    Document,
    DocumentPart,
    FindingDismissal,
    ListEntry,
    OMRequest,
    PerformanceEvaluation,
    PlanLine,
    Project,
    ProjectParticipant,
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
from app.rules.gcpause import collector_paused

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


_CHAPTER_OF = {c.value: c for c in Chapter}
_ELEMENT_OF = {e.value: e for e in FrameworkElement}
_NO_PARTS: frozenset[Any] = frozenset()
#: identical part sets share one frozenset (most dossiers have all six chapters): at 100,000
#: projects this saves a few hundred bytes per document
_INTERNED: dict[frozenset[Any], frozenset[Any]] = {}


def _interned(members: set[Any]) -> frozenset[Any]:
    if not members:
        return _NO_PARTS
    key = frozenset(members)
    return _INTERNED.setdefault(key, key)


PartSets = tuple[frozenset[Chapter], frozenset[Chapter], frozenset[FrameworkElement]]
_NO_PART_SETS: PartSets = (_NO_PARTS, _NO_PARTS, _NO_PARTS)


def _part_sets(parts: Iterable[tuple[str, str]]) -> PartSets:
    """(chapters, opinions, framework elements) from the (part, code) pairs found present."""
    chapters: set[Chapter] = set()
    opinions: set[Chapter] = set()
    elements: set[FrameworkElement] = set()
    for part, code in parts:
        if part == "chapter" and code in _CHAPTER_OF:
            chapters.add(_CHAPTER_OF[code])
        elif part == "opinion" and code in _CHAPTER_OF:
            opinions.add(_CHAPTER_OF[code])
        elif part == "element" and code in _ELEMENT_OF:
            elements.add(_ELEMENT_OF[code])
    return _interned(chapters), _interned(opinions), _interned(elements)


def document_facts(doc: Any, parts: PartSets | None = None) -> DocumentFacts:
    """A document (ORM object or row) and its part sets (default: from `doc.parts`)."""
    if parts is None:
        parts = _part_sets((x.part, x.code) for x in doc.parts if x.present)
    chapters, opinions, elements = parts
    return DocumentFacts(
        kind=doc.kind,
        status=doc.status,
        submitted_on=doc.submitted_on,
        approved_on=doc.approved_on,
        number=doc.number,
        na_reason=doc.na_reason,
        remark=doc.remark,
        chapters=chapters,
        opinions=opinions,
        method=doc.method,
        framework_elements=elements,
    )


def project_facts(p: Project) -> ProjectFacts:
    """One project's facts from its ORM object (children loaded through relationships)."""
    return facts_from(
        p,
        participant_ids=[x.unit_id for x in p.participants],
        documents=[document_facts(d) for d in sorted(p.documents, key=lambda d: d.id)],
        approvals=sorted(p.approvals, key=lambda a: a.id),
        entries=p.list_entries,
        acc=p.acceptance,
        changes=sorted(p.changes, key=lambda c: c.id),
        evaluations=sorted(p.evaluations, key=lambda e: e.id),
    )


def facts_from(
    p: Any,
    *,
    participant_ids: Sequence[int],
    documents: Sequence[DocumentFacts],
    approvals: Sequence[Any],
    entries: Sequence[Any],
    acc: Any,
    changes: Sequence[Any],
    evaluations: Sequence[Any],
) -> ProjectFacts:
    """ProjectFacts from a project row/object and its children (rows or ORM objects)."""
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
        participant_unit_ids=tuple(sorted(participant_ids)),
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
        documents=tuple(documents),
        approvals=tuple(
            ApprovalFacts(a.step, a.applied_on, a.approved_on, a.approved_amount_yuan, a.number)
            for a in approvals
        ),
        list_entries=tuple(
            ListEntryFacts(e.id, e.year, e.basis, e.listed_on, e.consent_on, e.consent_number)
            for e in sorted(entries, key=lambda e: (e.year, e.id))
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
            ChangeRecordFacts(c.recorded_on, c.description, c.new_total_yuan) for c in changes
        ),
        evaluations=tuple(
            EvaluationFacts(
                e.id, e.report_on, e.filed_drc_on, e.filed_finance_on, e.users_consulted
            )
            for e in evaluations
        ),
    )


def _grouped(session: Session, model: Any, key: str) -> dict[int, list[Any]]:
    groups: dict[int, list[Any]] = defaultdict(list)
    for row in session.execute(select(model.__table__).order_by(model.__table__.c.id)):
        groups[getattr(row, key)].append(row)
    return groups


def load_projects(session: Session) -> list[ProjectFacts]:
    """Every project's facts with one Core query per table (fast at 100,000 projects)."""
    part = DocumentPart.__table__.c
    present: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for document_id, kind, code in session.execute(
        select(part.document_id, part.part, part.code).where(part.present.is_(True)).order_by(part.id)
    ).all():  # fmt: skip
        present[document_id].append((kind, code))
    sets = {document_id: _part_sets(pairs) for document_id, pairs in present.items()}
    del present
    documents: dict[int, list[DocumentFacts]] = defaultdict(list)
    table = Document.__table__
    for doc in session.execute(select(table).order_by(table.c.id)):
        documents[doc.project_id].append(document_facts(doc, sets.get(doc.id, _NO_PART_SETS)))
    participants = _grouped(session, ProjectParticipant, "project_id")
    approvals = _grouped(session, Approval, "project_id")
    entries = _grouped(session, ListEntry, "project_id")
    acceptances = {row.project_id: row for row in session.execute(select(Acceptance.__table__))}
    changes = _grouped(session, ChangeRecord, "project_id")
    evaluations = _grouped(session, PerformanceEvaluation, "project_id")
    table = Project.__table__
    return [
        facts_from(
            row,
            participant_ids=[x.unit_id for x in participants.get(row.id, ())],
            documents=documents.get(row.id, ()),
            approvals=approvals.get(row.id, ()),
            entries=entries.get(row.id, ()),
            acc=acceptances.get(row.id),
            changes=changes.get(row.id, ()),
            evaluations=evaluations.get(row.id, ()),
        )
        for row in session.execute(select(table).order_by(table.c.id))
    ]


def load_dataset(session: Session) -> Dataset:
    units = session.scalars(
        select(Unit).options(selectinload(Unit.sanctions)).order_by(Unit.id)
    ).all()
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
        projects=tuple(load_projects(session)),
        plan_lines=tuple(
            PlanLineFacts(x.id, x.project_id, x.year, x.amount_yuan)
            for x in session.execute(select(PlanLine.__table__).order_by(PlanLine.__table__.c.id))
        ),
        budget_lines=tuple(
            BudgetLineFacts(x.id, x.project_id, x.year, x.amount_yuan)
            for x in session.execute(
                select(BudgetLine.__table__).order_by(BudgetLine.__table__.c.id)
            )
        ),
        rolling_lines=tuple(
            RollingLineFacts(x.id, x.project_id, x.period_start, x.year, x.amount_yuan)
            for x in session.execute(
                select(RollingLine.__table__).order_by(RollingLine.__table__.c.id)
            )
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
    with store.read() as session, collector_paused():
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


#: codes whose truth depends on other projects: kept from the last full run after a local one
CROSS_PROJECT_CODES = frozenset(
    {"DUP-SIMILAR", "UNIT-BLOCKED", "OM-NOACCEPT", "OM-SECURITY", "OM-INTEGRATION"}
)


def evaluate_project(store: Store, today: date, project_id: int) -> list[Finding]:
    """The findings of one project computed from its own facts only (fast at any size).

    Codes in CROSS_PROJECT_CODES need the whole dataset and are not trustworthy here.
    """
    with store.read() as session:
        full = load_dataset_for(session, project_id)
    return [
        f
        for f in evaluate(full, today)
        if f.project_id == project_id and f.code not in CROSS_PROJECT_CODES
    ]


def load_dataset_for(session: Session, project_id: int) -> Dataset:
    project = session.scalar(
        select(Project).where(Project.id == project_id).options(*PROJECT_LOADS)
    )
    if project is None:
        return Dataset()
    units = session.scalars(
        select(Unit).options(selectinload(Unit.sanctions)).order_by(Unit.id)
    ).all()
    plan = session.execute(
        select(PlanLine.__table__).where(PlanLine.__table__.c.project_id == project_id)
    )
    budget = session.execute(
        select(BudgetLine.__table__).where(BudgetLine.__table__.c.project_id == project_id)
    )
    orders = session.scalars(
        select(RectificationOrder).where(RectificationOrder.project_id == project_id)
    )
    return Dataset(
        units=tuple(UnitFacts(u.id, u.name, tuple(Sanction(s.article, s.imposed_on, s.lifted_on, s.reason) for s in u.sanctions)) for u in units),
        projects=(project_facts(project),),
        plan_lines=tuple(PlanLineFacts(x.id, x.project_id, x.year, x.amount_yuan) for x in plan),
        budget_lines=tuple(BudgetLineFacts(x.id, x.project_id, x.year, x.amount_yuan) for x in budget),
        orders=tuple(RectificationFacts(x.id, x.unit_id, x.issued_on, x.deadline, x.project_id, x.subject, x.closed_on) for x in orders),
    )  # fmt: skip
