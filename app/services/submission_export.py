"""A year's projects as a submission workbook (项目申报表 format), to be imported again.

`submission_records` reads the projects on a year's project list (one unit's, when asked) as
`SubmissionRecord`s; `write_submission` hands them with the audit head to the writer
(app.reports.submission_xlsx.save_submission). The CLI (`export-xlsx`) and the GUI call it.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.models import (
    Document,
    DocumentPart,
    ListEntry,
    PlanLine,
    Project,
    ProjectParticipant,
    Unit,
)
from app.models.db import Store
from app.reports.submission_columns import DOCUMENT_COLUMNS
from app.reports.submission_xlsx import SubmissionRecord, save_submission
from app.rules.facts import DocKind, DocStatus, ReviewDepartment
from app.services.anchors import session_anchor


class UnknownUnit(LookupError):
    """`unit` names no registered unit (or a short name shared by several)."""

    def __init__(self, unit: str, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.unit = unit
        self.message_zh = message_zh
        self.message_en = message_en


def resolve_unit(session: Session, unit: str) -> int:
    """The id of the unit with this full name, or else this short name (unique)."""
    text = unit.strip()
    rows = session.execute(
        select(Unit.id, Unit.name).where(or_(Unit.name == text, Unit.short_name == text))
    ).all()
    exact = [uid for uid, name in rows if name == text]
    if exact:
        return exact[0]
    if len(rows) == 1:
        return int(rows[0][0])
    if rows:
        raise UnknownUnit(unit, f"单位简称“{text}”对应多个单位，请填写全称",
                          f"{text!r} matches several units; give the full name")  # fmt: skip
    raise UnknownUnit(unit, f"未找到单位“{text}”", f"no unit named {text!r}")


def submission_records(
    session: Session, year: int, *, unit_id: int | None = None
) -> list[SubmissionRecord]:
    """The projects on `year`'s project list (one unit's when `unit_id`), by unit then code."""
    query = (
        select(Project, ListEntry, Unit.name)
        .join(ListEntry, (ListEntry.project_id == Project.id) & (ListEntry.year == year))
        .join(Unit, Unit.id == Project.unit_id)
        .order_by(Unit.name, Project.code)
    )
    if unit_id is not None:
        query = query.where(Project.unit_id == unit_id)
    found = session.execute(query).all()
    ids = [project.id for project, _e, _u in found]
    plan: dict[int, int] = {}
    partners: dict[int, list[str]] = {}
    statuses: dict[tuple[int, DocKind], DocStatus] = {}
    departments: dict[int, set[str]] = {}
    for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
        statuses.update({
            (pid, kind): status for pid, kind, status in session.execute(
                select(Document.project_id, Document.kind, Document.status)
                .where(Document.project_id.in_(chunk), Document.kind.in_(list(DOCUMENT_COLUMNS.values())))
            )
        })  # fmt: skip
        for pid, code in session.execute(
            select(Document.project_id, DocumentPart.code)
            .join(DocumentPart, DocumentPart.document_id == Document.id)
            .where(Document.project_id.in_(chunk), Document.kind == DocKind.EVALUATION,
                   DocumentPart.part == "department", DocumentPart.present.is_(True))
        ):  # fmt: skip
            departments.setdefault(pid, set()).add(code)
        plan.update(session.execute(
            select(PlanLine.project_id, PlanLine.amount_yuan)
            .where(PlanLine.year == year, PlanLine.project_id.in_(chunk))
        ).all())  # fmt: skip
        for pid, name in session.execute(
            select(ProjectParticipant.project_id, Unit.name)
            .join(Unit, Unit.id == ProjectParticipant.unit_id)
            .where(ProjectParticipant.project_id.in_(chunk))
        ):
            partners.setdefault(pid, []).append(name)
    records = []
    for p, entry, unit_name in found:
        records.append(SubmissionRecord(
            code=p.code, name=p.name, unit=unit_name, type=p.type,
            total_yuan=p.total_investment_yuan, content=p.content or "", year=year,
            basis=entry.basis, consent_number=entry.consent_number or "",
            cross_department=p.cross_department,
            participants=tuple(sorted(set(partners.get(p.id, [])) - {unit_name})),
            classified=p.classified, new_civil_works=p.new_civil_works,
            high_energy=p.high_energy, on_gov_cloud=p.on_gov_cloud,
            cloud_justification=p.cloud_justification or "",
            implementing_agency=p.implementing_agency or "",
            responsible_person=p.responsible_person or "",
            planned_completion_on=p.planned_completion_on, declared_yuan=p.declared_yuan,
            plan_yuan=plan.get(p.id),
            data_catalogue=statuses.get((p.id, DocKind.DATA_CATALOGUE)),
            crypto_plan=statuses.get((p.id, DocKind.CRYPTO_PLAN)),
            review_departments=tuple(d for d in ReviewDepartment if d.value in departments.get(p.id, ())),
            procurement_method=p.procurement_method, procurement_on=p.procurement_on,
            mlps_assessed_on=p.mlps_assessed_on, crypto_assessed_on=p.crypto_assessed_on,
        ))  # fmt: skip
    return records


def write_submission(store: Store, year: int, path: str | Path, *, unit: str | None = None) -> Path:
    """Export `year`'s projects (only `unit`'s, full or short name) as a submission workbook.

    Raises UnknownUnit for a unit that is not registered, and the atomic writer's
    OutputLocked / OutputFailed when the file cannot be replaced (the old file is kept).
    """
    with store.read() as session:
        unit_id = None if unit is None else resolve_unit(session, unit)
        records = submission_records(session, year, unit_id=unit_id)
        anchor = session_anchor(session)
    return save_submission(records, path, year=year, anchor=anchor)
