"""The approval gate: which opinions may be written as final documents (issue 11, problem 2).

A 批复 (one-step, FSR or design reply) says 「原则同意」. It is refused while the project has an
open blocker finding that bars approval (app.rules.gate: DOS-LIST, DOS-DATACAT, DOS-CRYPTOPLAN,
UNIT-BLOCKED), or while the expert group's majority conclusion is 不同意 (Art 9: the DRC approves
on the experts' evaluation). Blockers of later stages (ACC-ARCHIVE, OM-*, BUD-NOPLAN) gate
those stages: a reply already issued can be printed again while they are open.

The expert group's opinion (one project's 专家评审意见, or a round's group opinion) is refused
while the majority conclusion of a project is 不同意 — the group has not agreed, and the
document is the basis of an approval.

A refusal is not the last word for DRC staff: they may write the document as a draft
(征求意见稿). The draft says so in its title and header and lists the reasons as unresolved;
writing it records an audit entry with the user's name and the reason they typed. Reviewers
cannot write drafts (`PermissionDenied`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import ExpertReview, Project, ProjectReview, ReviewRound, RoundProject
from app.models.db import Store
from app.rules.findings import Finding
from app.rules.gate import approval_blockers
from app.services.audit import record_event
from app.services.experts import majority
from app.services.roles import drc_only

APPROVAL_KINDS = ("one_step", "fsr", "design")
EXPERT_REJECT = "EXPERT-REJECT"
AUDIT_TABLE = "opinion"
AUDIT_OPERATION = "draft"


@dataclass(frozen=True, slots=True)
class GateReason:
    """One reason the document may not be written as final."""

    code: str  # a finding's code, or EXPERT-REJECT
    article: str
    project_id: int
    project_name: str
    message_zh: str
    message_en: str

    def message(self, language: str = "zh") -> str:
        return self.message_en if language.startswith("en") else self.message_zh


@dataclass(frozen=True, slots=True)
class Gate:
    document_zh: str  # what was asked for: 批复 / 专家评审意见 / 专家组评审意见
    document_en: str
    reasons: tuple[GateReason, ...]

    @property
    def allowed(self) -> bool:
        return not self.reasons

    def summary(self, language: str = "zh") -> str:
        """The refusal in one paragraph per reason, in the user's language."""
        en = language.startswith("en")
        head = (
            f"The {self.document_en} cannot be written as a final document:"
            if en
            else f"不能出具正式的{self.document_zh}，原因如下："
        )
        lines = [head]
        for number, r in enumerate(self.reasons, start=1):
            cite = (f" (Art {r.article})" if en else f"（第{r.article}条）") if r.article else ""
            colon = ": " if en else "："
            lines.append(f"{number}. {r.project_name}{colon}{r.message(language)}{cite}")
        return "\n".join(lines)


class OpinionRefused(Exception):
    """Raised by the writers when the gate is closed and no draft was asked for."""

    def __init__(self, gate: Gate) -> None:
        super().__init__(gate.summary("en"))
        self.gate = gate
        self.message_zh = gate.summary("zh")
        self.message_en = gate.summary("en")


@dataclass(frozen=True, slots=True)
class Draft:
    """Write the document although the gate is closed; `reason` is what the user typed."""

    reason: str


@dataclass(frozen=True, slots=True)
class ExpertVerdict:
    conclusion: str | None  # agree / agree_revise / reject (majority; a tie: the more cautious)
    votes: Counter[str]
    source: str  # the round's name, or 评审表 for the reviewers' own forms

    @property
    def total(self) -> int:
        return sum(self.votes.values())


def expert_verdict(session: Session, project_id: int) -> ExpertVerdict | None:
    """The latest round's returned reviews of the project, else the reviewers' own forms."""
    rows = session.execute(
        select(ExpertReview.round_id, ReviewRound.name, ExpertReview.conclusion)
        .join(ReviewRound, ReviewRound.id == ExpertReview.round_id)
        .where(ExpertReview.project_id == project_id, ExpertReview.conclusion.is_not(None))
    ).all()
    if rows:
        latest = max(r[0] for r in rows)
        votes = Counter(str(r[2]) for r in rows if r[0] == latest)
        name = next(str(r[1]) for r in rows if r[0] == latest)
        return ExpertVerdict(majority(list(votes.elements())), votes, name)
    forms = session.scalars(
        select(ProjectReview.conclusion).where(
            ProjectReview.project_id == project_id, ProjectReview.conclusion.is_not(None)
        )
    ).all()
    if forms:
        votes = Counter(str(c) for c in forms)
        return ExpertVerdict(majority(list(votes.elements())), votes, "评审表")
    return None


#: conclusions as counted in a refusal, most cautious first
VOTE_WORDS = {"reject": ("不同意", "do not agree"), "agree_revise": ("原则同意", "agree in principle"), "agree": ("同意", "agree")}  # fmt: skip


def _reject_reason(verdict: ExpertVerdict, project_id: int, project_name: str) -> GateReason:
    counted = [(words, verdict.votes[c]) for c, words in VOTE_WORDS.items() if verdict.votes[c]]
    counts_zh = "、".join(f"{zh}{n}名" for (zh, _en), n in counted)
    counts_en = ", ".join(f"{en} {n}" for (_zh, en), n in counted)
    return GateReason(
        EXPERT_REJECT, "9", project_id, project_name,
        f"专家组多数意见为不同意（{verdict.source}，{verdict.total}名专家：{counts_zh}）",
        f"the expert group's majority conclusion is 'do not agree' ({verdict.source}, {verdict.total} experts: {counts_en})",
    )  # fmt: skip


def _finding_reason(f: Finding) -> GateReason:
    return GateReason(
        f.code, f.article, f.project_id or 0, f.project_name or "", f.message_zh, f.message_en
    )


def check_opinion(store: Store, project_id: int, kind: str, *, findings: list[Finding]) -> Gate:
    """May the reply (or the expert opinion) of `kind` be written as a final document?"""
    with store.read() as session:
        name = session.scalar(select(Project.name).where(Project.id == project_id))
        if name is None:
            raise LookupError(f"no project with id {project_id}")
        verdict = expert_verdict(session, project_id)
    reasons: list[GateReason] = []
    if kind in APPROVAL_KINDS:
        reasons += [_finding_reason(f) for f in approval_blockers(findings, project_id)]
        document = ("批复", "approval reply")
    else:
        document = ("专家评审意见", "expert review opinion")
    if verdict is not None and verdict.conclusion == "reject":
        reasons.append(_reject_reason(verdict, project_id, str(name)))
    return Gate(*document, tuple(reasons))


def check_group_opinion(store: Store, round_id: int) -> Gate:
    """May the round's group opinion be written as final? Not while a project's majority is 不同意."""
    with store.read() as session:
        if session.get(ReviewRound, round_id) is None:
            raise LookupError(f"no review round {round_id}")
        projects = session.execute(
            select(Project.id, Project.name)
            .join(RoundProject, RoundProject.project_id == Project.id)
            .where(RoundProject.round_id == round_id)
            .order_by(Project.id)
        ).all()
        reasons = []
        for project_id, name in projects:
            rows = session.scalars(
                select(ExpertReview.conclusion).where(
                    ExpertReview.round_id == round_id,
                    ExpertReview.project_id == project_id,
                    ExpertReview.conclusion.is_not(None),
                )
            ).all()
            votes = Counter(str(c) for c in rows)
            if majority(list(votes.elements())) == "reject":
                round_name = str(session.get(ReviewRound, round_id).name)  # type: ignore[union-attr]
                verdict = ExpertVerdict("reject", votes, round_name)
                reasons.append(_reject_reason(verdict, int(project_id), str(name)))
    return Gate("专家组评审意见", "expert group opinion", tuple(reasons))


def require_reason(draft: Draft) -> str:
    from app.services.editing import Invalid

    reason = " ".join(draft.reason.split())
    if not reason:
        raise Invalid(
            "reason",
            "起草征求意见稿须说明理由（记入审计日志）。",
            "Say why the draft is written (it is recorded in the audit trail).",
        )
    return reason[:500]


@drc_only(
    "起草未通过审批把关的批复或评审意见（征求意见稿）",
    "write a draft of a reply or opinion the approval gate refuses",
)
def record_draft(
    session: Session, gate: Gate, draft: Draft, *, file_name: str, today: date,
    project_id: int | None = None, round_id: int | None = None,
) -> None:  # fmt: skip
    """The audit entry of a draft written despite the gate: who (the session's actor), why
    (the reason typed), which document and the reasons it was refused."""
    reason = require_reason(draft)
    row_id = f"project:{project_id}" if project_id is not None else f"round:{round_id}"
    record_event(
        session, AUDIT_TABLE, AUDIT_OPERATION,
        f"起草{gate.document_zh}征求意见稿：{file_name}；理由：{reason}",
        after={
            "document": gate.document_zh, "file": file_name, "reason": reason,
            "date": today.isoformat(),
            "unresolved": [f"{r.code} {r.project_name}：{r.message_zh}" for r in gate.reasons],
        },
        row_id=row_id, project_id=project_id,
    )  # fmt: skip
