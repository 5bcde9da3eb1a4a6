"""Edits of a project's dossier, review and money, with validation in both languages.

Every function takes an open write session; the UI wraps calls in undoable commands
(`app.ui.commands`). Validation problems raise `Invalid(field, message_zh, message_en)` so
the form can show the message beside the field.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    Acceptance,
    BudgetLine,
    Document,
    DocumentPart,
    PlanLine,
    Project,
    ProjectReview,
)
from app.models.roles import PermissionDenied, Role
from app.rules.checklists import NEVER_NOT_APPLICABLE
from app.rules.facts import AcceptanceResult, DocKind, DocStatus, Organizer
from app.services.roles import drc_only, reviewer_may, role_of


class Invalid(ValueError):
    """A value the user must correct; `field` names the input it belongs to."""

    def __init__(self, field_name: str, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.field = field_name
        self.message_zh = message_zh
        self.message_en = message_en


CONTROL_CHARS = {chr(c) for c in range(32)} - {"\t", "\n", "\r"}


def clean_text(value: str, field_name: str, *, max_length: int = 4000) -> str:
    """Reject control characters and over-long text; trim surrounding blanks."""
    if any(ch in CONTROL_CHARS for ch in value):
        raise Invalid(
            field_name,
            "文本含有不可见的控制字符，请删除后重试",
            "the text contains control characters",
        )
    if len(value) > max_length:
        raise Invalid(
            field_name, f"文本过长（最多{max_length}字）", f"text too long (max {max_length})"
        )
    return value.strip()


def _project(session: Session, project_id: int) -> Project:
    project = session.get(Project, project_id)
    if project is None:
        raise Invalid("project", "项目不存在（可能已被删除）", "the project no longer exists")
    return project


# --------------------------------------------------------------------------- documents


@dataclass(frozen=True, slots=True)
class DocumentInput:
    status: DocStatus
    submitted_on: date | None = None
    approved_on: date | None = None
    number: str = ""
    na_reason: str = ""
    remark: str = ""


@drc_only("修改申报要件状态", "change the status of a dossier document")
def set_document(session: Session, project_id: int, kind: DocKind, value: DocumentInput) -> None:
    """Record a checklist document's status; 不适用 needs a reason, 已批复 needs a date order."""
    project = _project(session, project_id)
    reason = clean_text(value.na_reason, "na_reason")
    if value.status == DocStatus.NOT_APPLICABLE and kind in NEVER_NOT_APPLICABLE:
        raise not_applicable_refused(kind)
    if value.status == DocStatus.NOT_APPLICABLE and not reason:
        raise Invalid("na_reason", "标为“不适用”必须填写理由", "“not applicable” needs a reason")
    if value.submitted_on and value.approved_on and value.approved_on < value.submitted_on:
        raise Invalid(
            "approved_on",
            "批复日期不能早于提交日期",
            "the approval date is before the submission date",
        )
    doc = next((d for d in project.documents if d.kind == kind), None)
    if doc is None:
        doc = Document(kind=kind)
        project.documents.append(doc)
    doc.status = value.status
    doc.submitted_on = value.submitted_on
    doc.approved_on = value.approved_on
    doc.number = clean_text(value.number, "number", max_length=100)
    doc.na_reason = reason if value.status == DocStatus.NOT_APPLICABLE else ""
    doc.remark = clean_text(value.remark, "remark")
    session.flush()


def not_applicable_refused(kind: DocKind, field_name: str = "status") -> Invalid:
    """不适用 refused for a 必备条件 (Art 14) or an acceptance material (Art 25, 26), quoting why."""
    why_zh, why_en = NEVER_NOT_APPLICABLE[kind]
    return Invalid(
        field_name,
        f"此项不能标为“不适用”——{why_zh}",
        f"this item can never be not applicable: {why_en}",
    )


#: what a document's parts may be: Art 14 chapters, Art 14 ¶2 opinions, Art 13 elements, Art 9
#: departments of the technical review
PART_TYPES = ("chapter", "opinion", "element", "department")


@drc_only("修改要件审查状态", "change the review status of dossier parts")
def set_parts(
    session: Session, project_id: int, kind: DocKind, part: str, present: set[str]
) -> None:
    """Which chapters / opinions / elements / departments a document has (`PART_TYPES`)."""
    if part not in PART_TYPES:
        raise ValueError(f"unknown document part {part!r}")
    project = _project(session, project_id)
    doc = next((d for d in project.documents if d.kind == kind), None)
    if doc is None:
        doc = Document(kind=kind, status=DocStatus.SUBMITTED, submitted_on=None)
        project.documents.append(doc)
    existing = {p.code: p for p in doc.parts if p.part == part}
    for code, row in existing.items():
        row.present = code in present
    for code in sorted(present - existing.keys()):
        doc.parts.append(DocumentPart(part=part, code=code, present=True))
    session.flush()


# --------------------------------------------------------------------------- review form

#: Art 8 necessity criteria and the Art 19 / 20 questions of the review form
REVIEW_QUESTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("art8_basis", "8", "建设依据是否充分", "Is the construction basis sufficient?"),
    ("art8_integration", "8", "是否充分考虑系统整合共建", "Is system integration and co-construction considered?"),
    ("art8_sharing", "8", "是否实现数据共享协同", "Does it achieve data sharing and coordination?"),
    ("art8_balance", "8", "是否统筹跨部门共性需求", "Are cross-department common needs balanced?"),
    ("art8_governance", "8", "是否做好数据资源治理共享", "Is data resource governance and sharing addressed?"),
    ("art14_open_data", "14", "是否避免将应当普遍共享的数据仅向特定企业、社会组织开放", "Does it avoid opening data that should be shared generally only to particular companies or organisations?"),
    ("art19_cloud", "19", "是否依托区政务云部署，未部署的理由是否充分", "Deployed on the government cloud, or justified?"),
    ("art20_service", "20", "人均投资过高或建设单位不具备运维能力时，是否应采取购买服务方式", "Should services be purchased instead (high per-capita cost, no operating capacity)?"),
)  # fmt: skip
ANSWERS = ("yes", "partly", "no")
CONCLUSIONS = ("agree", "agree_revise", "reject")  # 同意 / 原则同意，修改后报批 / 不同意


@dataclass(frozen=True, slots=True)
class ReviewInput:
    reviewer: str = ""
    conclusion: str | None = None
    answers: dict[str, str] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    opinion: str = ""
    declared_yuan: int | None = None
    reviewed_yuan: int | None = None


def load_review(session: Session, project_id: int) -> ReviewInput:
    project = _project(session, project_id)
    review = session.scalar(
        select(ProjectReview)
        .where(ProjectReview.project_id == project_id)
        .order_by(ProjectReview.id)
    )
    data: dict[str, Any] = json.loads(review.answers) if review and review.answers else {}
    return ReviewInput(
        reviewer=review.reviewer if review else "",
        conclusion=review.conclusion if review else None,
        answers=dict(data.get("answers", {})),
        comments=dict(data.get("comments", {})),
        opinion=review.opinion if review else "",
        declared_yuan=project.declared_yuan,
        reviewed_yuan=project.reviewed_yuan,
    )


@reviewer_may("填写评审意见", "fill in a review")
def save_review(session: Session, project_id: int, value: ReviewInput, *, now: Any = None) -> None:
    project = _project(session, project_id)
    stored = (project.declared_yuan, project.reviewed_yuan)
    if role_of(session) == Role.REVIEWER and (value.declared_yuan, value.reviewed_yuan) != stored:
        raise PermissionDenied(
            "修改申报金额或审定金额", "change the declared or reviewed amount", Role.REVIEWER
        )  # amounts are DRC's
    if value.conclusion is not None and value.conclusion not in CONCLUSIONS:
        raise Invalid("conclusion", "评审结论无效", "unknown conclusion")
    for key, answer in value.answers.items():
        if key not in {q[0] for q in REVIEW_QUESTIONS} or answer not in ANSWERS:
            raise Invalid(key, "评审问题的回答无效", "invalid answer to a review question")
    for amount_field in ("declared_yuan", "reviewed_yuan"):
        amount = getattr(value, amount_field)
        if amount is not None and amount < 0:
            raise Invalid(amount_field, "金额不能为负数", "an amount cannot be negative")
    if (
        value.declared_yuan is not None
        and value.reviewed_yuan is not None
        and value.reviewed_yuan > value.declared_yuan
    ):
        raise Invalid("reviewed_yuan", "审定金额不能高于申报金额", "the reviewed amount exceeds the declared amount")  # fmt: skip
    review = session.scalar(
        select(ProjectReview)
        .where(ProjectReview.project_id == project_id)
        .order_by(ProjectReview.id)
    )
    if review is None:
        review = ProjectReview(project_id=project_id)
        session.add(review)
    review.reviewer = clean_text(value.reviewer, "reviewer", max_length=100)
    review.conclusion = value.conclusion
    comments = {k: clean_text(v, k) for k, v in value.comments.items() if v.strip()}
    review.answers = json.dumps(
        {"answers": value.answers, "comments": comments}, ensure_ascii=False, sort_keys=True
    )
    review.opinion = clean_text(value.opinion, "opinion", max_length=20000)
    review.updated_at = now
    project.declared_yuan = value.declared_yuan
    project.reviewed_yuan = value.reviewed_yuan
    session.flush()


# --------------------------------------------------------------------------- plan and budget


@drc_only("修改计划或预算金额", "change a plan or budget amount")
def set_line_amount(
    session: Session, project_id: int, year: int, which: str, yuan: int | None
) -> None:
    """Set the plan or budget amount of a project for a year (None removes the line)."""
    _project(session, project_id)
    if yuan is not None and yuan < 0:
        raise Invalid("amount", "金额不能为负数", "an amount cannot be negative")
    model: type[PlanLine] | type[BudgetLine] = PlanLine if which == "plan" else BudgetLine
    lines = list(session.scalars(select(model).where(model.project_id == project_id, model.year == year).order_by(model.id)))  # fmt: skip
    if yuan is None:
        for line in lines:
            session.delete(line)
    elif lines:
        lines[0].amount_yuan = yuan
        for extra in lines[1:]:
            session.delete(extra)
    else:
        session.add(model(project_id=project_id, year=year, amount_yuan=yuan))
    session.flush()


# --------------------------------------------------------------------------- acceptance


@dataclass(frozen=True, slots=True)
class AcceptanceInput:
    completed_on: date | None = None
    applied_on: date | None = None
    organized_on: date | None = None
    accepted_on: date | None = None
    result: AcceptanceResult | None = None
    organizer: Organizer | None = None
    filed_on: date | None = None
    extension_requested_on: date | None = None
    extension_reason: str = ""
    reviewed_products: bool = False
    reviewed_crypto_security: bool = False
    reviewed_energy: bool = False
    reviewed_integration: bool = False
    reviewed_sharing: bool = False


def load_acceptance(session: Session, project_id: int) -> AcceptanceInput:
    project = _project(session, project_id)
    acc = project.acceptance
    if acc is None:
        return AcceptanceInput(completed_on=project.completed_on)
    return AcceptanceInput(
        project.completed_on, acc.applied_on, acc.organized_on, acc.accepted_on, acc.result,
        acc.organizer, acc.filed_on, acc.extension_requested_on, acc.extension_reason,
        acc.reviewed_products, acc.reviewed_crypto_security, acc.reviewed_energy,
        acc.reviewed_integration, acc.reviewed_sharing,
    )  # fmt: skip


@drc_only("修改竣工验收信息", "change the acceptance record")
def save_acceptance(session: Session, project_id: int, value: AcceptanceInput) -> None:
    project = _project(session, project_id)
    if value.result is not None and value.accepted_on is None:
        raise Invalid(
            "accepted_on", "填写验收结果时须填写验收日期", "a result needs the acceptance date"
        )
    if value.accepted_on and value.completed_on and value.accepted_on < value.completed_on:
        raise Invalid("accepted_on", "验收日期不能早于建成日期", "acceptance before completion")
    if value.extension_requested_on and not value.extension_reason.strip():
        raise Invalid(
            "extension_reason", "申请延期须说明理由", "an extension request needs a reason"
        )
    if value.filed_on and value.result != AcceptanceResult.PASSED:
        raise Invalid("filed_on", "只有通过的验收结果才能备案", "only a passed result can be filed")
    project.completed_on = value.completed_on
    acc = project.acceptance or Acceptance()
    project.acceptance = acc
    acc.applied_on, acc.organized_on, acc.accepted_on = (
        value.applied_on,
        value.organized_on,
        value.accepted_on,
    )
    acc.result, acc.organizer, acc.filed_on = value.result, value.organizer, value.filed_on
    acc.extension_requested_on = value.extension_requested_on
    acc.extension_reason = clean_text(value.extension_reason, "extension_reason")
    acc.reviewed_products = value.reviewed_products
    acc.reviewed_crypto_security = value.reviewed_crypto_security
    acc.reviewed_energy = value.reviewed_energy
    acc.reviewed_integration = value.reviewed_integration
    acc.reviewed_sharing = value.reviewed_sharing
    session.flush()
