"""Approval replies and expert opinions: what the Word document says, and writing it.

`opinion_data(store, project_id, kind, today=...)` assembles the `OpinionData` a reply shows
(the request, the approved scale and amount, one requirement per open finding, the findings
that bar approval, a draft's unresolved reasons); `app.reports.opinion_docx.render_opinion`
lays it out. `write_opinion` goes through the approval gate (app.services.opinion_gate) and
writes the file atomically; a draft's audit entry is recorded in the transaction that writes
it. The CLI (`export-opinion`, `export-opinions`) and the GUI call these same functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select

from app.models import Approval, ListEntry, Project, ProjectReview
from app.models.db import Store
from app.reports.opinion_docx import (
    KIND_OF_STEP,
    KINDS,
    MEASURES_SHORT,
    STEP_OF,
    SUBJECT,
    OpinionData,
    render_opinion,
)
from app.rules.facts import ApprovalStep, Severity
from app.rules.findings import Finding
from app.rules.gate import bars_approval
from app.services.anchors import store_anchor
from app.services.atomic import atomic_write_bytes, sanitize_text
from app.services.file_names import opinion_file_name
from app.services.kept import current_for
from app.services.opinion_gate import (
    Draft,
    Gate,
    OpinionRefused,
    check_opinion,
    expert_verdict,
    record_draft,
    require_reason,
)


def article_text(article: str) -> str:
    """ "13, 29" → 第13、29条."""
    numbers = re.findall(r"\d+", article)
    return f"第{'、'.join(numbers)}条" if numbers else ""


# --------------------------------------------------------------------------- data


def opinion_data(
    store: Store, project_id: int, kind: str, *, today: date, findings: list[Finding] | None = None,
    draft_of: Gate | None = None,
) -> OpinionData:  # fmt: skip
    """What the document says; `draft_of`: the refused gate of a draft (its reasons listed)."""
    if kind not in KINDS:
        raise ValueError(f"unknown opinion kind {kind!r}")
    if findings is None:
        findings = current_for(store, today, owners=[project_id])
    with store.read() as session:
        project = session.get(Project, project_id)
        if project is None:
            raise LookupError(f"no project with id {project_id}")
        # Art 9: the final step is the design where two steps are taken (major, or chosen)
        two_steps = project.total_investment_yuan >= 30_000_000 or any(
            a.step in (ApprovalStep.FSR, ApprovalStep.DESIGN) for a in project.approvals
        )
        step_kind = STEP_OF.get(kind, ApprovalStep.DESIGN if two_steps else ApprovalStep.ONE_STEP)
        approval = session.scalar(
            select(Approval).where(Approval.project_id == project_id, Approval.step == step_kind)
        )
        review = session.scalar(
            select(ProjectReview)
            .where(ProjectReview.project_id == project_id)
            .order_by(ProjectReview.id)
        )
        verdict = expert_verdict(session, project_id)  # the round's majority, else the forms
        if approval is not None and approval.approved_amount_yuan is not None:
            amount: int | None = approval.approved_amount_yuan
        elif project.reviewed_yuan is not None:
            amount = project.reviewed_yuan
        else:
            amount = project.total_investment_yuan
        request_title = (approval.request_title if approval else "") or (
            f"关于{project.name}{SUBJECT[kind] if kind != 'expert' else ''}的请示"
        )
        return OpinionData(
            kind=kind,
            project_name=sanitize_text(project.name, "project_name"),
            unit_name=sanitize_text(project.unit.name, "unit_name"),
            number=sanitize_text(approval.number, "number")
            if approval and approval.approved_on and draft_of is None
            else "",
            request_title=sanitize_text(request_title.strip("《》"), "request_title"),
            request_number=sanitize_text(approval.request_number, "request_number")
            if approval
            else "",
            scale=sanitize_text(
                (approval.approved_scale if approval else "") or project.content, "scale"
            ),
            amount_yuan=amount,
            declared_yuan=project.declared_yuan
            if project.declared_yuan is not None
            else project.total_investment_yuan,
            funding_source=sanitize_text(
                project.funding_source or "区级财政资金", "funding_source"
            ),
            period=sanitize_text(approval.construction_period if approval else "", "period"),
            conditions=conditions(findings, project_id),
            today=today,
            review_opinion=sanitize_text(review.opinion, "review_opinion") if review else "",
            review_conclusion=verdict.conclusion if verdict else None,
            barring=barring(findings, project_id),
            draft=draft_of is not None,
            unresolved=tuple(
                sanitize_text(cited(r.message_zh, r.article), f"gate {r.code}")
                for r in (draft_of.reasons if draft_of else ())
            ),
        )


def cited(message: str, article: str) -> str:
    """A finding's message as a sentence citing its article: 缺数据资源目录，不予审批（《办法》第14条）。"""
    cite = article_text(article)
    text = message.rstrip("。；; ")
    return f"{text}（{MEASURES_SHORT}{cite}）。" if cite else f"{text}。"


def barring(findings: list[Finding], project_id: int) -> tuple[str, ...]:
    """The open findings of the project that bar its approval, as sentences."""
    ordered = sorted(findings, key=lambda f: f.sort_key)
    return tuple(
        sanitize_text(cited(f.message_zh, f.article), f"finding {f.code}")
        for f in ordered
        if f.project_id == project_id and bars_approval(f)
    )


def conditions(findings: list[Finding], project_id: int) -> tuple[str, ...]:
    """One requirement per open blocker / error / warning of the project, worded from the
    finding; never one that bars approval (a 不予审批 finding is not a requirement: `barring`)."""
    wanted = (Severity.BLOCKER, Severity.ERROR, Severity.WARNING)
    out = []
    for f in sorted(findings, key=lambda f: f.sort_key):
        if f.open and f.project_id == project_id and f.severity in wanted and not bars_approval(f):
            cite = article_text(f.article)
            message = sanitize_text(f.message_zh, f"finding {f.code}").rstrip("。；; ")
            if "请" in message:  # the finding already says what to do
                out.append(f"{message}（{MEASURES_SHORT}{cite}）。" if cite else f"{message}。")
            else:
                basis = f"按{MEASURES_SHORT}{cite}规定" if cite else "按规定"
                out.append(f"{message}，请{basis}予以整改。")
    return tuple(out)


def build_opinion(
    store: Store, project_id: int, kind: str, *, today: date, template: Path | None = None,
    findings: list[Finding] | None = None, draft_of: Gate | None = None,
) -> bytes:  # fmt: skip
    """The document's bytes, without the gate (`write_opinion` applies it); pass `findings`
    when writing many (the engine then runs once), `draft_of` for a draft of a refused document."""
    data = opinion_data(store, project_id, kind, today=today, findings=findings, draft_of=draft_of)
    return render_opinion(data, anchor=store_anchor(store), template=template)


def write_opinion(
    store: Store, project_id: int, kind: str, path: str | Path, *, today: date, template: Path | None = None,
    findings: list[Finding] | None = None, draft: Draft | None = None,
) -> Path:  # fmt: skip
    """Write the reply or opinion through the approval gate.

    Raises `OpinionRefused` when the gate is closed and no `draft` is asked for. A draft of a
    refused document is recorded in the audit trail (the store's actor, the draft's reason) in
    the same transaction that writes the file: no entry without a file, no file without an
    entry (`PermissionDenied` for a reviewer, `Invalid` for a blank reason)."""
    if findings is None:
        findings = current_for(store, today, owners=[project_id])
    gate = check_opinion(store, project_id, kind, findings=findings)
    if gate.allowed:
        data = build_opinion(store, project_id, kind, today=today, template=template, findings=findings)  # fmt: skip
        atomic_write_bytes(path, data)
        return Path(path)
    if draft is None:
        raise OpinionRefused(gate)
    require_reason(draft)
    data = build_opinion(store, project_id, kind, today=today, template=template, findings=findings, draft_of=gate)  # fmt: skip
    with store.write() as session:
        record_draft(session, gate, draft, file_name=Path(path).name, today=today, project_id=project_id)  # fmt: skip
        atomic_write_bytes(path, data)
    return Path(path)


@dataclass(frozen=True, slots=True)
class BatchResult:
    written: list[Path]
    #: (项目编码, why) of the projects whose reply the gate refused
    skipped: list[tuple[str, Gate]]


def write_opinions_for_year(
    store: Store, year: int, folder: str | Path, *, today: date
) -> BatchResult:
    """The latest reply of every approved project with a list entry of `year`.

    A minor project gets its 可研及概算 reply; a major one its 初步设计及概算 reply, or the
    可研 reply while the design is not approved yet. File names as in the GUI
    (`JJ-2026-012 关于…的批复.docx`). A reply the approval gate refuses is skipped, with why.
    """
    folder = Path(folder)
    listed = select(ListEntry.project_id).where(ListEntry.year == year)
    with store.read() as session:
        rows = session.execute(
            select(Project.id, Project.code, Project.name, Approval.step)
            .join(Approval, Approval.project_id == Project.id)
            .where(Project.id.in_(listed), Approval.approved_on.is_not(None))
            .order_by(Project.id)
        ).all()
    latest: dict[int, tuple[str, str, ApprovalStep]] = {}
    rank = {ApprovalStep.FSR: 0, ApprovalStep.ONE_STEP: 1, ApprovalStep.DESIGN: 2}
    for project_id, code, name, step in rows:
        if step not in rank:
            continue
        if project_id not in latest or rank[step] > rank[latest[project_id][2]]:
            latest[project_id] = (code, name, step)
    result = BatchResult([], [])
    if not latest:
        return result  # nothing to write: no empty folder either
    findings = current_for(store, today, owners=list(latest))  # once for the whole batch
    for project_id, (code, name, step) in latest.items():
        kind = KIND_OF_STEP[step]
        gate = check_opinion(store, project_id, kind, findings=findings)
        if not gate.allowed:
            result.skipped.append((code, gate))
            continue
        folder.mkdir(parents=True, exist_ok=True)  # only when something is written
        target = folder / opinion_file_name(code, name, kind)
        result.written.append(
            write_opinion(store, project_id, kind, target, today=today, findings=findings)
        )
    return result
