"""Create, edit and delete projects: the project form's model, validation and persistence.

`validate` returns every problem at once, each naming its field, so the form can show the
message beside the field. Approvals and list entries are edited with the project.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Approval, ChangeRecord, ListEntry, Project, ProjectParticipant, Unit
from app.rules.facts import (
    MAJOR_THRESHOLD_YUAN,
    ApprovalStep,
    ConstructionType,
    ListBasis,
    ProcurementMethod,
    ProjectStatus,
    Stage,
)
from app.services.editing import CONTROL_CHARS, Invalid
from app.services.roles import drc_only


@dataclass(frozen=True, slots=True)
class ApprovalInput:
    step: ApprovalStep
    applied_on: date | None = None
    approved_on: date | None = None
    approved_amount_yuan: int | None = None
    number: str = ""
    request_title: str = ""
    request_number: str = ""
    approved_scale: str = ""
    construction_period: str = ""


@dataclass(frozen=True, slots=True)
class ListEntryInput:
    year: int
    basis: ListBasis = ListBasis.BUDGET
    listed_on: date | None = None
    consent_on: date | None = None
    consent_number: str = ""


@dataclass(frozen=True, slots=True)
class ChangeInput:
    """A change of scope or investment (Art 23) and its approval (date, 文号)."""

    recorded_on: date
    description: str = ""
    new_total_yuan: int | None = None
    approved_on: date | None = None
    approval_number: str = ""


@dataclass(frozen=True, slots=True)
class ProjectInput:
    name: str
    unit_id: int
    type: ConstructionType
    total_investment_yuan: int
    code: str = ""
    content: str = ""
    stage: Stage = Stage.PROPOSED
    status: ProjectStatus = ProjectStatus.ACTIVE
    cross_department: bool = False
    participant_unit_ids: tuple[int, ...] = ()
    classified: bool = False
    new_civil_works: bool = False
    high_energy: bool = False
    on_gov_cloud: bool | None = None  # None: not recorded
    cloud_justification: str = ""
    security_noncompliant: bool = False
    integration_pending: bool = False
    system_project_id: int | None = None
    implementing_agency: str = ""
    responsible_person: str = ""
    supervision_unit: str = ""
    supervision_na_reason: str = ""
    procurement_method: ProcurementMethod | None = None
    procurement_on: date | None = None
    mlps_assessed_on: date | None = None
    crypto_assessed_on: date | None = None
    funding_source: str = ""
    planned_completion_on: date | None = None
    completed_on: date | None = None
    operation_start_on: date | None = None
    contract_signed_on: date | None = None
    supervision_contract_on: date | None = None
    construction_start_on: date | None = None
    delay_reported_on: date | None = None
    scope_changed: bool = False
    declared_yuan: int | None = None
    reviewed_yuan: int | None = None
    estimate_yuan: int | None = None
    proposed_budget_estimate_yuan: int | None = None
    contract_yuan: int | None = None
    paid_yuan: int | None = None
    remark: str = ""
    approvals: tuple[ApprovalInput, ...] = field(default_factory=tuple)
    list_entries: tuple[ListEntryInput, ...] = field(default_factory=tuple)
    changes: tuple[ChangeInput, ...] = field(default_factory=tuple)


#: ProjectInput fields stored directly as Project columns
SCALAR_FIELDS = tuple(
    f.name
    for f in fields(ProjectInput)
    if f.name not in ("participant_unit_ids", "approvals", "list_entries", "changes")
)
TEXT_LIMITS = {"name": 300, "code": 64, "implementing_agency": 200, "responsible_person": 100,
               "supervision_unit": 200, "funding_source": 200}  # fmt: skip
MONEY_FIELDS = tuple(name for name in SCALAR_FIELDS if name.endswith("_yuan"))


def load_project_input(session: Session, project_id: int) -> ProjectInput:
    p = session.get(Project, project_id)
    if p is None:
        raise Invalid("project", "项目不存在（可能已被删除）", "the project no longer exists")
    values = {name: getattr(p, name) for name in SCALAR_FIELDS}
    return ProjectInput(
        **values,
        participant_unit_ids=tuple(sorted(x.unit_id for x in p.participants)),
        approvals=tuple(
            ApprovalInput(
                a.step,
                a.applied_on,
                a.approved_on,
                a.approved_amount_yuan,
                a.number,
                a.request_title,
                a.request_number,
                a.approved_scale,
                a.construction_period,
            )
            for a in sorted(p.approvals, key=lambda a: a.id)
        ),
        list_entries=tuple(
            ListEntryInput(e.year, e.basis, e.listed_on, e.consent_on, e.consent_number)
            for e in sorted(p.list_entries, key=lambda e: e.year)
        ),
        changes=tuple(
            ChangeInput(c.recorded_on, c.description, c.new_total_yuan, c.approved_on, c.approval_number)
            for c in sorted(p.changes, key=lambda c: (c.recorded_on, c.id))
        ),
    )  # fmt: skip


def validate(session: Session, value: ProjectInput, project_id: int | None = None) -> list[Invalid]:
    """Every problem of the form, each with the field it belongs to."""
    problems: list[Invalid] = []

    def bad(field_name: str, zh: str, en: str) -> None:
        problems.append(Invalid(field_name, zh, en))

    if not value.name.strip():
        bad("name", "请填写项目名称", "the project name is required")
    for name in SCALAR_FIELDS:
        text = getattr(value, name)
        if isinstance(text, str):
            if any(ch in CONTROL_CHARS for ch in text):
                bad(name, "文本含有不可见的控制字符", "the text contains control characters")
            limit = TEXT_LIMITS.get(name)
            if limit and len(text) > limit:
                bad(name, f"最多{limit}字", f"at most {limit} characters")
    if session.get(Unit, value.unit_id) is None:
        bad("unit_id", "请选择建设单位", "choose the owner unit")
    code = value.code.strip()
    if code:
        clash = session.scalar(select(Project.id).where(Project.code == code))
        if clash is not None and clash != project_id:
            bad(
                "code",
                f"项目编码 {code} 已被其他项目使用",
                f"the code {code} is used by another project",
            )
    for name in MONEY_FIELDS:
        amount = getattr(value, name)
        if amount is not None and amount < 0:
            bad(name, "金额不能为负数", "an amount cannot be negative")
    if value.cross_department and not [u for u in value.participant_unit_ids if u != value.unit_id]:
        bad("participant_unit_ids", "跨部门项目须选择至少一个参建单位（建设单位以外）",
            "a cross-department project needs at least one participating unit besides the owner")  # fmt: skip
    if value.type != ConstructionType.OM and value.system_project_id is not None:
        bad(
            "system_project_id",
            "只有运行维护项目才关联所维护的系统",
            "only O&M projects name the system they maintain",
        )
    if value.system_project_id is not None and value.system_project_id == project_id:
        bad("system_project_id", "项目不能维护自身", "a project cannot maintain itself")
    major = value.total_investment_yuan >= MAJOR_THRESHOLD_YUAN
    seen_steps: set[ApprovalStep] = set()
    steps = {a.step for a in value.approvals}
    for index, a in enumerate(value.approvals):
        where = f"approvals[{index}]"
        if a.step in seen_steps:
            bad(where, "同一审批环节只能有一条记录", "one record per approval step")
        seen_steps.add(a.step)
        if value.type == ConstructionType.OM:
            bad(where, "运行维护项目的审批不在此记录（第十四条要件针对建设类项目）",
                "O&M projects record no approval steps here (the Art 14 dossier concerns construction)")  # fmt: skip
        elif a.step == ApprovalStep.ONE_STEP and major:
            bad(where, "3000万元及以上项目应分两步审批（可研、初步设计及概算），第九条", "3000 万元 and above: two steps (FSR, then design), Art 9")  # fmt: skip
        elif a.step == ApprovalStep.ONE_STEP and steps & {ApprovalStep.FSR, ApprovalStep.DESIGN}:
            # Art 9: a minor project 「可」 take one step or two, not both
            bad(where, "一步审批与分两步审批（可研、初步设计）不能并存，请只保留一种审批路径",
                "one-step and two-step approvals cannot both be recorded; keep one path")  # fmt: skip
        if a.applied_on and a.approved_on and a.approved_on < a.applied_on:
            bad(where, "批复日期早于申请日期", "approved before it was applied for")
        if a.approved_amount_yuan is not None and a.approved_amount_yuan < 0:
            bad(where, "金额不能为负数", "an amount cannot be negative")
    if (
        value.procurement_on is not None
        and value.contract_signed_on is not None
        and value.procurement_on > value.contract_signed_on
    ):
        bad("procurement_on", "采购日期不能晚于合同签订日期", "the procurement is dated after the contract")  # fmt: skip
    for index, c in enumerate(value.changes):
        where = f"changes[{index}]"
        if c.new_total_yuan is not None and c.new_total_yuan < 0:
            bad(where, "金额不能为负数", "an amount cannot be negative")
        for text, limit in ((c.description, 4000), (c.approval_number, 100)):
            if any(ch in CONTROL_CHARS for ch in text):
                bad(where, "文本含有不可见的控制字符", "the text contains control characters")
            if len(text) > limit:
                bad(where, f"最多{limit}字", f"at most {limit} characters")
    years = [e.year for e in value.list_entries]
    if len(years) != len(set(years)):
        bad("list_entries", "同一年度只能纳入一次清单", "one list entry per year")
    for index, e in enumerate(value.list_entries):
        if not 2000 <= e.year <= 2100:
            bad(
                f"list_entries[{index}]", f"年度 {e.year} 不合理", f"year {e.year} is not plausible"
            )
    return problems


def next_code(session: Session, year: int) -> str:
    prefix = f"JJ-{year}-"
    count = (
        session.scalar(
            select(func.count()).select_from(Project).where(Project.code.like(f"{prefix}%"))
        )
        or 0
    )
    while True:
        count += 1
        code = f"{prefix}{count:03d}"
        if session.scalar(select(Project.id).where(Project.code == code)) is None:
            return code


@drc_only("新建或修改项目", "create or change a project")
def save_project(
    session: Session, value: ProjectInput, project_id: int | None = None, *, today: date
) -> int:
    """Create (project_id None) or update; raises the first problem if `validate` finds any."""
    problems = validate(session, value, project_id)
    if problems:
        raise problems[0]
    if project_id is None:
        p = Project()
        session.add(p)
    else:
        found = session.get(Project, project_id)
        if found is None:
            raise Invalid("project", "项目不存在（可能已被删除）", "the project no longer exists")
        p = found
    for name in SCALAR_FIELDS:
        current = getattr(value, name)
        setattr(p, name, current.strip() if isinstance(current, str) else current)
    if not p.code:
        p.code = next_code(session, today.year)
    # remove the old children first: unique (project, year) / (project, step) would clash
    p.participants.clear()
    p.approvals.clear()
    p.list_entries.clear()
    p.changes.clear()
    session.flush()
    p.participants = [
        ProjectParticipant(unit_id=u)
        for u in sorted(set(value.participant_unit_ids))
        if u != value.unit_id
    ]
    p.approvals = [Approval(step=a.step, applied_on=a.applied_on, approved_on=a.approved_on,
                            approved_amount_yuan=a.approved_amount_yuan, number=a.number.strip(),
                            request_title=a.request_title.strip(), request_number=a.request_number.strip(),
                            approved_scale=a.approved_scale.strip(), construction_period=a.construction_period.strip())
                   for a in value.approvals]  # fmt: skip
    p.list_entries = [ListEntry(year=e.year, basis=e.basis, listed_on=e.listed_on, consent_on=e.consent_on,
                                consent_number=e.consent_number.strip()) for e in value.list_entries]  # fmt: skip
    p.changes = [ChangeRecord(recorded_on=c.recorded_on, description=c.description.strip(),
                              new_total_yuan=c.new_total_yuan, approved_on=c.approved_on,
                              approval_number=c.approval_number.strip()) for c in value.changes]  # fmt: skip
    session.flush()
    return p.id


@drc_only("删除项目", "delete a project")
def delete_project(session: Session, project_id: int) -> int:
    """Delete a project with everything that hangs off it; refused while an O&M project maintains it."""
    p = session.get(Project, project_id)
    if p is None:
        raise Invalid("project", "项目不存在（可能已被删除）", "the project no longer exists")
    maintainer = session.scalar(select(Project.name).where(Project.system_project_id == project_id))
    if maintainer is not None:
        raise Invalid("project", f"运行维护项目“{maintainer}”关联了本项目的系统，请先修改该运维项目",
                      f"the O&M project {maintainer!r} maintains this system; change it first")  # fmt: skip
    session.delete(p)
    session.flush()
    return project_id
