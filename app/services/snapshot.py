"""Read the whole store into the engine's frozen facts (one read transaction)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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
    ReviewDepartment,
    RollingLineFacts,
    Sanction,
    Settings,
    SubjectType,
    UnitFacts,
)
from app.rules.findings import Finding
from app.rules.gcpause import collector_paused
from app.services.fastread import fetch

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
_DEPARTMENT_OF = {d.value: d for d in ReviewDepartment}
_NO_PARTS: frozenset[Any] = frozenset()
#: identical part sets share one frozenset (most dossiers have all six chapters): at 100,000
#: projects this saves a few hundred bytes per document
_INTERNED: dict[frozenset[Any], frozenset[Any]] = {}


def _interned(members: set[Any]) -> frozenset[Any]:
    if not members:
        return _NO_PARTS
    key = frozenset(members)
    return _INTERNED.setdefault(key, key)


PartSets = tuple[
    frozenset[Chapter], frozenset[Chapter], frozenset[FrameworkElement], frozenset[ReviewDepartment]
]
_NO_PART_SETS: PartSets = (_NO_PARTS, _NO_PARTS, _NO_PARTS, _NO_PARTS)


def _part_sets(parts: Iterable[tuple[str, str]]) -> PartSets:
    """(chapters, opinions, framework elements, review departments) from the (part, code)
    pairs found present."""
    chapters: set[Chapter] = set()
    opinions: set[Chapter] = set()
    elements: set[FrameworkElement] = set()
    departments: set[ReviewDepartment] = set()
    for part, code in parts:
        if part == "chapter" and code in _CHAPTER_OF:
            chapters.add(_CHAPTER_OF[code])
        elif part == "opinion" and code in _CHAPTER_OF:
            opinions.add(_CHAPTER_OF[code])
        elif part == "element" and code in _ELEMENT_OF:
            elements.add(_ELEMENT_OF[code])
        elif part == "department" and code in _DEPARTMENT_OF:
            departments.add(_DEPARTMENT_OF[code])
    return _interned(chapters), _interned(opinions), _interned(elements), _interned(departments)


def document_facts(doc: Any, parts: PartSets | None = None) -> DocumentFacts:
    """A document (ORM object or row) and its part sets (default: from `doc.parts`)."""
    if parts is None:
        parts = _part_sets((x.part, x.code) for x in doc.parts if x.present)
    chapters, opinions, elements, departments = parts
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
        review_departments=departments,
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
        supervision_na_reason=p.supervision_na_reason,
        procurement_method=p.procurement_method,
        procurement_on=p.procurement_on,
        mlps_assessed_on=p.mlps_assessed_on,
        crypto_assessed_on=p.crypto_assessed_on,
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
            reviewed_integration=acc.reviewed_integration,
            reviewed_sharing=acc.reviewed_sharing,
        )
        if acc is not None
        else None,
        changes=tuple(
            ChangeRecordFacts(
                c.recorded_on, c.description, c.new_total_yuan, c.approved_on, c.approval_number
            )
            for c in changes
        ),
        evaluations=tuple(
            EvaluationFacts(
                e.id, e.report_on, e.filed_drc_on, e.filed_finance_on, e.users_consulted
            )
            for e in evaluations
        ),
    )


ProjectIds = range | Sequence[int] | None


def _restricted(query: Any, column: Any, ids: ProjectIds) -> Any:
    """`query` limited to rows whose `column` is one of `ids` (None: every row); a range becomes
    BETWEEN (the chunks of a full run), a list IN (a few changed projects)."""
    if ids is None:
        return query
    if isinstance(ids, range):
        return query.where(column.between(ids.start, ids.stop - 1))
    return query.where(column.in_(list(ids)))


def _grouped(
    session: Session, model: Any, key: str, ids: ProjectIds = None
) -> dict[int, list[Any]]:
    groups: dict[int, list[Any]] = defaultdict(list)
    table = model.__table__
    query = _restricted(select(table), table.c[key], ids).order_by(table.c.id)
    for row in fetch(session, query):
        groups[getattr(row, key)].append(row)
    return groups


def load_projects(session: Session, ids: ProjectIds = None) -> list[ProjectFacts]:
    """The facts of every project (or of `ids`) with one Core query per table (fast at 100,000
    projects). A list of ids longer than a few hundred is read in slices."""
    if ids is not None and not isinstance(ids, range) and len(ids) > 500:
        ordered = sorted(ids)
        return [
            facts
            for start in range(0, len(ordered), 500)
            for facts in load_projects(session, ordered[start : start + 500])
        ]
    part, document = DocumentPart.__table__.c, Document.__table__.c
    present: dict[int, list[tuple[str, str]]] = defaultdict(list)
    parts = select(part.document_id, part.part, part.code).where(part.present.is_(True))
    if ids is not None:
        owned = _restricted(select(document.id), document.project_id, ids)
        parts = parts.where(part.document_id.in_(owned.scalar_subquery()))
    for document_id, kind, code in fetch(session, parts.order_by(part.id)):
        present[document_id].append((kind, code))
    sets = {document_id: _part_sets(pairs) for document_id, pairs in present.items()}
    del present
    documents: dict[int, list[DocumentFacts]] = defaultdict(list)
    table = Document.__table__
    query = _restricted(select(table), table.c.project_id, ids).order_by(table.c.id)
    for doc in fetch(session, query):
        documents[doc.project_id].append(document_facts(doc, sets.get(doc.id, _NO_PART_SETS)))
    participants = _grouped(session, ProjectParticipant, "project_id", ids)
    approvals = _grouped(session, Approval, "project_id", ids)
    entries = _grouped(session, ListEntry, "project_id", ids)
    acceptance = Acceptance.__table__
    acceptances = {
        row.project_id: row
        for row in fetch(session, _restricted(select(acceptance), acceptance.c.project_id, ids))
    }
    changes = _grouped(session, ChangeRecord, "project_id", ids)
    evaluations = _grouped(session, PerformanceEvaluation, "project_id", ids)
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
        for row in fetch(session, _restricted(select(table), table.c.id, ids).order_by(table.c.id))
    ]


def load_units(session: Session) -> tuple[UnitFacts, ...]:
    units = session.scalars(
        select(Unit).options(selectinload(Unit.sanctions)).order_by(Unit.id)
    ).all()
    return tuple(
        UnitFacts(
            u.id,
            u.name,
            tuple(Sanction(s.article, s.imposed_on, s.lifted_on, s.reason) for s in u.sanctions),
        )
        for u in units
    )


def _rows(session: Session, model: Any, ids: ProjectIds) -> Any:
    table = model.__table__
    return fetch(session, _restricted(select(table), table.c.project_id, ids).order_by(table.c.id))


@dataclass(frozen=True, slots=True)
class ProjectLines:
    """Plan, budget and rolling lines and O&M requests of some projects (or of all)."""

    plan_lines: tuple[PlanLineFacts, ...]
    budget_lines: tuple[BudgetLineFacts, ...]
    rolling_lines: tuple[RollingLineFacts, ...]
    om_requests: tuple[OMRequestFacts, ...]


def load_lines(session: Session, ids: ProjectIds = None) -> ProjectLines:
    return ProjectLines(
        plan_lines=tuple(
            PlanLineFacts(x.id, x.project_id, x.year, x.amount_yuan)
            for x in _rows(session, PlanLine, ids)
        ),
        budget_lines=tuple(
            BudgetLineFacts(x.id, x.project_id, x.year, x.amount_yuan)
            for x in _rows(session, BudgetLine, ids)
        ),
        rolling_lines=tuple(
            RollingLineFacts(x.id, x.project_id, x.period_start, x.year, x.amount_yuan)
            for x in _rows(session, RollingLine, ids)
        ),
        om_requests=tuple(
            OMRequestFacts(x.id, x.project_id, x.unit_id, x.year, x.amount_yuan, x.requested_on)
            for x in _rows(session, OMRequest, ids)
        ),
    )


def load_orders(session: Session, ids: ProjectIds = None, *, without_project: bool = False) -> tuple[RectificationFacts, ...]:  # fmt: skip
    """Rectification orders: all, those of `ids`, or (`without_project`) those of no project."""
    table = RectificationOrder.__table__
    query = select(table)
    if without_project:
        query = query.where(table.c.project_id.is_(None))
    else:
        query = _restricted(query, table.c.project_id, ids)
    return tuple(
        RectificationFacts(x.id, x.unit_id, x.issued_on, x.deadline, x.project_id, x.subject, x.closed_on)
        for x in fetch(session, query.order_by(table.c.id))
    )  # fmt: skip


def load_registered_systems(session: Session) -> tuple[RegisteredSystemFacts, ...]:
    return tuple(
        RegisteredSystemFacts(x.id, x.unit_id, x.name, x.content)
        for x in session.scalars(select(RegisteredSystem).order_by(RegisteredSystem.id))
    )


def load_dismissals(session: Session, codes: Iterable[str] | None = None) -> tuple[Dismissal, ...]:
    """The recorded dismissals (of `codes` only, when given)."""
    d = FindingDismissal.__table__.c
    query = select(d.code, d.subject_type, d.subject_id, d.key, d.reason)
    if codes is not None:
        query = query.where(d.code.in_(sorted(set(codes))))
    return tuple(
        Dismissal(x.code, SubjectType(x.subject_type), x.subject_id, x.key, x.reason)
        for x in fetch(session, query.order_by(d.id))
    )


def load_dataset(session: Session, ids: ProjectIds = None) -> Dataset:
    """The facts of the store; with `ids`, of those projects only (their lines, requests and
    orders), and whole for what every project's rules may read (units, registered systems,
    dismissals): what `app.services.kept` evaluates a few projects on."""
    lines = load_lines(session, ids)
    return Dataset(
        units=load_units(session),
        projects=tuple(load_projects(session, ids)),
        plan_lines=lines.plan_lines,
        budget_lines=lines.budget_lines,
        rolling_lines=lines.rolling_lines,
        rolling_editions=tuple(
            start
            for (start,) in fetch(
                session,
                select(RollingLine.__table__.c.period_start)
                .distinct()
                .order_by(RollingLine.__table__.c.period_start),
            )
        ),
        om_requests=lines.om_requests,
        orders=load_orders(session, ids),
        registered_systems=load_registered_systems(session),
        dismissals=load_dismissals(session),
        settings=load_settings(session),
    )


def load_settings(session: Session) -> Settings:
    """The engine's settings: the office's stored values over the defaults."""
    from app.services.rule_settings import load_rule_settings

    return Settings(**load_rule_settings(session))


def read_dataset(store: Store) -> Dataset:
    with store.read() as session, collector_paused():
        return load_dataset(session)


def evaluate_store(store: Store, today: date) -> list[Finding]:
    """The engine over the whole store, in memory (where findings are not kept, and the
    oracle kept findings are tested against)."""
    from app.rules.engine import evaluate  # not at import: the tabs read facts at start-up

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
