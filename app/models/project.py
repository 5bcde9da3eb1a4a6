"""Projects and their dossier: documents, chapters, approval steps, change records."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Money, enum_type
from app.rules.facts import (
    ApprovalStep,
    ConstructionType,
    DocKind,
    DocStatus,
    EvaluationMethod,
    ProcurementMethod,
    ProjectStatus,
    Stage,
)

if TYPE_CHECKING:
    from app.models.acceptance import Acceptance, PerformanceEvaluation
    from app.models.plan import BudgetLine, ListEntry, PlanLine, RollingLine
    from app.models.unit import Unit


class Project(Base):
    __tablename__ = "projects"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: 项目编码: the key that identifies a project across imports and exports
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)
    type: Mapped[ConstructionType] = mapped_column(enum_type(ConstructionType, 8))
    content: Mapped[str] = mapped_column(Text, default="")  # 建设规模及内容
    total_investment_yuan: Mapped[int] = mapped_column(Money, default=0)
    stage: Mapped[Stage] = mapped_column(enum_type(Stage, 4), default=Stage.PROPOSED)
    status: Mapped[ProjectStatus] = mapped_column(
        enum_type(ProjectStatus, 12), default=ProjectStatus.ACTIVE
    )
    cross_department: Mapped[bool] = mapped_column(Boolean, default=False)
    classified: Mapped[bool] = mapped_column(Boolean, default=False)  # 涉密
    new_civil_works: Mapped[bool] = mapped_column(Boolean, default=False)
    high_energy: Mapped[bool] = mapped_column(Boolean, default=False)
    #: 政务云 (Art 19): None = not recorded, which is not "on the cloud"
    on_gov_cloud: Mapped[bool | None] = mapped_column(Boolean, default=None)
    cloud_justification: Mapped[str] = mapped_column(Text, default="")
    security_noncompliant: Mapped[bool] = mapped_column(Boolean, default=False)  # Art 28
    integration_pending: Mapped[bool] = mapped_column(Boolean, default=False)  # Art 29
    system_project_id: Mapped[int | None] = mapped_column(
        ForeignKey("projects.id", ondelete="SET NULL")
    )
    implementing_agency: Mapped[str] = mapped_column(String(200), default="")
    responsible_person: Mapped[str] = mapped_column(String(100), default="")
    supervision_unit: Mapped[str] = mapped_column(String(200), default="")
    #: Art 21 不适用: why no supervision unit is needed (empty: one is needed)
    supervision_na_reason: Mapped[str] = mapped_column(Text, default="")
    #: Art 15: how the contract was procured, and when
    procurement_method: Mapped[ProcurementMethod | None] = mapped_column(
        enum_type(ProcurementMethod, 16)
    )
    procurement_on: Mapped[date | None] = mapped_column(Date)
    #: Art 16, 17, 31: the latest 等级保护测评 (涉密: 安全保密测评) and 密码应用安全性评估
    mlps_assessed_on: Mapped[date | None] = mapped_column(Date)
    crypto_assessed_on: Mapped[date | None] = mapped_column(Date)
    funding_source: Mapped[str] = mapped_column(String(200), default="")  # 资金来源
    planned_completion_on: Mapped[date | None] = mapped_column(Date)
    completed_on: Mapped[date | None] = mapped_column(Date)
    operation_start_on: Mapped[date | None] = mapped_column(Date)
    contract_signed_on: Mapped[date | None] = mapped_column(Date)
    supervision_contract_on: Mapped[date | None] = mapped_column(Date)
    construction_start_on: Mapped[date | None] = mapped_column(Date)
    delay_reported_on: Mapped[date | None] = mapped_column(Date)
    scope_changed: Mapped[bool] = mapped_column(Boolean, default=False)
    # the money trail, never overwritten from one stage to the next (integer yuan)
    declared_yuan: Mapped[int | None] = mapped_column(Money)
    reviewed_yuan: Mapped[int | None] = mapped_column(Money)
    estimate_yuan: Mapped[int | None] = mapped_column(Money)
    proposed_budget_estimate_yuan: Mapped[int | None] = mapped_column(Money)
    contract_yuan: Mapped[int | None] = mapped_column(Money)
    paid_yuan: Mapped[int | None] = mapped_column(Money)
    remark: Mapped[str] = mapped_column(Text, default="")

    unit: Mapped[Unit] = relationship(back_populates="projects", foreign_keys=[unit_id])
    participants: Mapped[list[ProjectParticipant]] = relationship(
        back_populates="project", cascade="all, delete-orphan"
    )
    documents: Mapped[list[Document]] = relationship(
        back_populates="project", cascade="all, delete-orphan"
    )
    approvals: Mapped[list[Approval]] = relationship(
        back_populates="project", cascade="all, delete-orphan"
    )
    changes: Mapped[list[ChangeRecord]] = relationship(
        back_populates="project", cascade="all, delete-orphan"
    )
    list_entries: Mapped[list[ListEntry]] = relationship(
        back_populates="project", cascade="all, delete-orphan"
    )
    plan_lines: Mapped[list[PlanLine]] = relationship(
        back_populates="project", cascade="all, delete-orphan"
    )
    budget_lines: Mapped[list[BudgetLine]] = relationship(
        back_populates="project", cascade="all, delete-orphan"
    )
    rolling_lines: Mapped[list[RollingLine]] = relationship(
        back_populates="project", cascade="all, delete-orphan"
    )
    acceptance: Mapped[Acceptance | None] = relationship(
        back_populates="project", cascade="all, delete-orphan", uselist=False
    )
    evaluations: Mapped[list[PerformanceEvaluation]] = relationship(
        back_populates="project", cascade="all, delete-orphan"
    )
    reviews: Mapped[list[ProjectReview]] = relationship(
        back_populates="project", cascade="all, delete-orphan"
    )


class ProjectParticipant(Base):
    """跨部门共建共享: a participating unit (Art 13)."""

    __tablename__ = "project_participants"
    __table_args__ = (UniqueConstraint("project_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"), index=True)

    project: Mapped[Project] = relationship(back_populates="participants")
    unit: Mapped[Unit] = relationship()


class Document(Base):
    """A checklist item's record: one row per project and kind."""

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("project_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[DocKind] = mapped_column(enum_type(DocKind, 32))
    status: Mapped[DocStatus] = mapped_column(enum_type(DocStatus, 12), default=DocStatus.MISSING)
    submitted_on: Mapped[date | None] = mapped_column(Date)
    approved_on: Mapped[date | None] = mapped_column(Date)
    number: Mapped[str] = mapped_column(String(100), default="")  # 文号
    na_reason: Mapped[str] = mapped_column(Text, default="")
    remark: Mapped[str] = mapped_column(Text, default="")
    method: Mapped[EvaluationMethod | None] = mapped_column(enum_type(EvaluationMethod, 12))

    project: Mapped[Project] = relationship(back_populates="documents")
    parts: Mapped[list[DocumentPart]] = relationship(
        back_populates="document", cascade="all, delete-orphan"
    )


class DocumentPart(Base):
    """A chapter (Art 14), an evaluation opinion (Art 14 ¶2) or a framework element (Art 13).

    `part` is "chapter", "opinion", "element" or "department" (Art 9: a department that took
    part in the technical review, on the evaluation document); `code` is a `Chapter`,
    `FrameworkElement` or `ReviewDepartment` value. A row with present=False records that the reviewer
    checked and found it missing.
    """

    __tablename__ = "document_parts"
    __table_args__ = (UniqueConstraint("document_id", "part", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    part: Mapped[str] = mapped_column(String(12))
    code: Mapped[str] = mapped_column(String(24))
    present: Mapped[bool] = mapped_column(Boolean, default=True)
    remark: Mapped[str] = mapped_column(Text, default="")

    document: Mapped[Document] = relationship(back_populates="parts")


class Approval(Base):
    """An approval step (Art 9): application and approval, with the approved amount."""

    __tablename__ = "approvals"
    __table_args__ = (UniqueConstraint("project_id", "step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    step: Mapped[ApprovalStep] = mapped_column(enum_type(ApprovalStep, 12))
    applied_on: Mapped[date | None] = mapped_column(Date)
    approved_on: Mapped[date | None] = mapped_column(Date)
    approved_amount_yuan: Mapped[int | None] = mapped_column(Money)
    number: Mapped[str] = mapped_column(String(100), default="")  # 批复文号
    request_title: Mapped[str] = mapped_column(String(300), default="")  # 《关于……的请示》
    request_number: Mapped[str] = mapped_column(String(100), default="")  # its 文号
    approved_scale: Mapped[str] = mapped_column(Text, default="")  # 批复的建设规模及内容
    construction_period: Mapped[str] = mapped_column(String(100), default="")  # 建设周期

    project: Mapped[Project] = relationship(back_populates="approvals")


class ChangeRecord(Base):
    """A change of scope or investment during construction and its approval (Art 22, 23)."""

    __tablename__ = "change_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    recorded_on: Mapped[date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text, default="")
    new_total_yuan: Mapped[int | None] = mapped_column(Money)
    #: the approval of the change (Art 23; 调整概算): its date and 文号
    approved_on: Mapped[date | None] = mapped_column(Date)
    approval_number: Mapped[str] = mapped_column(String(100), default="")

    project: Mapped[Project] = relationship(back_populates="changes")


class ProjectReview(Base):
    """The reviewer form of the dossier tab (Art 8, 19, 20 questions, conclusion, opinion).

    `answers` is a JSON object {question_key: {"answer": "yes|no|partly", "comment": str}}.
    """

    __tablename__ = "project_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("projects.id", ondelete="CASCADE"), index=True
    )
    reviewer: Mapped[str] = mapped_column(String(100), default="")
    conclusion: Mapped[str | None] = mapped_column(String(16))  # agree / agree_revise / reject
    answers: Mapped[str] = mapped_column(Text, default="{}")
    opinion: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)

    project: Mapped[Project] = relationship(back_populates="reviews")


class FindingDismissal(Base):
    """A reviewer dismissed an advisory finding (DUP-SIMILAR) with a reason."""

    __tablename__ = "finding_dismissals"
    __table_args__ = (UniqueConstraint("code", "subject_type", "subject_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32))
    subject_type: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(64), default="")
    reason: Mapped[str] = mapped_column(Text)
    dismissed_by: Mapped[str] = mapped_column(String(100), default="")
    dismissed_at: Mapped[datetime | None] = mapped_column(DateTime)
