"""The regulation engine: `evaluate(dataset, today)` → findings with the codes of DOMAIN §4.

Pure Python. No Qt, no database session, no clock: "today" is an argument. Each rule is a
function over the whole dataset that yields findings; `evaluate` runs them all, then marks
findings of terminated projects and dismissed findings as not open.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from app.rules.catalogue import RULES
from app.rules.checklists import (
    ART12_KINDS,
    CHAPTER_CODES,
    CHAPTER_LABELS,
    DOC_LABELS,
    FRAMEWORK_LABELS,
    NEVER_NOT_APPLICABLE,
    REVIEW_DEPARTMENT_LABELS,
    approved_ceiling_yuan,
    approved_estimate_yuan,
    art12_applies,
    art12_required,
    final_approval_date,
    refused_not_applicable,
    satisfied,
    two_step,
)
from app.rules.dates import add_months
from app.rules.duplicates import similar_pairs
from app.rules.facts import (
    EVALUATION_CHAPTERS,
    AcceptanceResult,
    ApprovalStep,
    Chapter,
    ConstructionType,
    Dataset,
    DocKind,
    DocStatus,
    FrameworkElement,
    ListBasis,
    Organizer,
    ProjectFacts,
    ProjectStatus,
    ReviewDepartment,
    SanctionArticle,
    Severity,
    Stage,
    SubjectType,
)
from app.rules.findings import Finding
from app.rules.gcpause import collector_paused
from app.rules.money import format_rate, format_wan

STAGE_ORDER = {stage: index for index, stage in enumerate(Stage)}


@dataclass(frozen=True, slots=True)
class Context:
    """Indexes over the dataset shared by the rules, built once per evaluation."""

    data: Dataset
    today: date
    projects: dict[int, ProjectFacts]
    unit_names: dict[int, str]
    listed: set[tuple[int, int]]  # (project id, year)
    plan_by_key: dict[tuple[int, int], list[Any]]
    budget_by_key: dict[tuple[int, int], list[Any]]
    bars: dict[tuple[int, SanctionArticle], str]

    @classmethod
    def build(cls, data: Dataset, today: date) -> Context:
        plan: dict[tuple[int, int], list[Any]] = defaultdict(list)
        budget: dict[tuple[int, int], list[Any]] = defaultdict(list)
        for line in data.plan_lines:
            plan[(line.project_id, line.year)].append(line)
        for bline in data.budget_lines:
            budget[(bline.project_id, bline.year)].append(bline)
        return cls(
            data=data,
            today=today,
            projects={p.id: p for p in data.projects},
            unit_names={u.id: u.name for u in data.units},
            listed={(p.id, e.year) for p in data.projects for e in p.list_entries},
            plan_by_key=dict(plan),
            budget_by_key=dict(budget),
            bars=unit_bars(data, today),
        )


def finding(
    code: str,
    subject: tuple[SubjectType, int],
    project: ProjectFacts | None,
    zh: str,
    en: str,
    *,
    severity: Severity | None = None,
    item: str | None = None,
    key: str = "",
    **details: Any,
) -> Finding:
    rule = RULES[code]
    chosen = severity or rule.severity
    if chosen not in rule.severities:
        raise ValueError(f"{code} cannot have severity {chosen}")
    return Finding(
        code=code,
        severity=chosen,
        article=str(details.get("article_applied") or rule.article),  # UNIT-BLOCKED: 28 or 29
        subject_type=subject[0],
        subject_id=subject[1],
        project_id=project.id if project else None,
        project_name=project.name if project else None,
        message_zh=zh,
        message_en=en,
        item=item,
        dismissal_key=key,
        details=details,
    )


def wan(yuan: int | None) -> str:
    return f"{format_wan(yuan)} 万元" if yuan is not None else "—"


def wan_en(yuan: int | None) -> str:
    """The English messages' amount: the unit as the English UI names it (10k yuan = 万元)."""
    return f"{format_wan(yuan)} 10k yuan" if yuan is not None else "—"


def _p(project: ProjectFacts) -> tuple[SubjectType, int]:
    return (SubjectType.PROJECT, project.id)


def is_om(project: ProjectFacts) -> bool:
    return project.type == ConstructionType.OM


def applied_for_approval(project: ProjectFacts) -> bool:
    """An approval application is recorded (stage S2 or later, or any step applied/approved)."""
    return STAGE_ORDER[project.stage] >= STAGE_ORDER[Stage.APPROVAL] or any(
        a.applied_on or a.approved_on for a in project.approvals
    )


def in_dossier_scope(project: ProjectFacts) -> bool:
    return not is_om(project) and applied_for_approval(project)


def approval_done(project: ProjectFacts) -> bool:
    return final_approval_date(project) is not None


def unrecorded_after_approval(project: ProjectFacts, kind: DocKind) -> bool:
    """No record at all of a dossier document while the final approval is on record.

    The dossier serves the approval (Art 9; Art 14: 「数据资源目录、密码应用方案是审批政务信息化项目的
    必备条件」). Once the approval is recorded, the gate these rules guard has been passed: a
    document never recorded here (a project approved before ReviewDesk, brought in from a
    ledger) is a gap in the record, not a bar to an approval already given. A document
    recorded as 缺, recorded as 不适用 where the text allows none, or recorded without its
    chapters, still fires (docs/rules.md).
    """
    return project.document(kind) is None and approval_done(project)


def lacks(project: ProjectFacts, kind: DocKind) -> bool:
    """A dossier document that is missing for the rules: not satisfied, and not merely unrecorded
    after the approval (`unrecorded_after_approval`)."""
    return not satisfied(project.document(kind)) and not unrecorded_after_approval(project, kind)


def acceptance_started_on(project: ProjectFacts) -> date | None:
    """The first act of acceptance: application (major), organisation (minor) or a recorded
    acceptance date, whichever is earliest."""
    acc = project.acceptance
    if acc is None:
        return None
    dates = [d for d in (acc.applied_on, acc.organized_on, acc.accepted_on) if d is not None]
    return min(dates) if dates else None


def in_acceptance_scope(project: ProjectFacts) -> bool:
    """Completion known or acceptance begun (ACC-DUE, ACC-ORGANIZER)."""
    started = acceptance_started_on(project) is not None
    return not is_om(project) and (project.completed_on is not None or started)


def in_materials_scope(project: ProjectFacts) -> bool:
    """Art 25: the materials come 「提交验收申请时」: once acceptance is applied for (major) or
    organized (minor), or a result is recorded; before that the checklist shows a to-do."""
    acc = project.acceptance
    begun = acceptance_started_on(project) is not None or (
        acc is not None and acc.result is not None
    )
    return not is_om(project) and begun


def archive_passed_by(project: ProjectFacts, day: date | None) -> bool:
    """Art 26: the archive acceptance is passed and not dated after `day` (an undated pass
    counts: nothing shows it came later)."""
    archive = project.document(DocKind.ARCHIVE_ACCEPTANCE)
    if archive is None or archive.status != DocStatus.APPROVED:
        return False
    dated = archive.approved_on or archive.submitted_on
    return day is None or dated is None or dated <= day


def acceptance_recorded_passed(project: ProjectFacts) -> bool:
    acc = project.acceptance
    return acc is not None and acc.result == AcceptanceResult.PASSED


def unrecorded_after_acceptance(project: ProjectFacts, kind: DocKind) -> bool:
    """No record at all of an acceptance material or of the archive acceptance while the
    completion acceptance is recorded as passed: a gap in the record, as for the dossier
    (`unrecorded_after_approval`).

    The materials serve the application (Art 25 「提交验收申请时应当一并附上」) and the archive
    acceptance is a condition of passing (Art 26 「未进行档案验收或者档案验收不合格的，不得通过项目竣工验收」):
    an acceptance recorded as passed is itself the record that they were there, unless a record
    here says otherwise. An acceptance brought in from a ledger (a system accepted before
    ReviewDesk) thus neither fires ACC-MAT-* / ACC-ARCHIVE nor loses its O&M funds and
    performance clock. A document recorded as 缺, submitted but not passed, 不适用 where the
    text allows none, or an archive acceptance dated after the acceptance, still fires and
    still makes the acceptance not passed (docs/rules.md).
    """
    return project.document(kind) is None and acceptance_recorded_passed(project)


def acceptance_passed(project: ProjectFacts) -> bool:
    """Passed for every rule that depends on it: recorded as passed AND the archive acceptance
    passed on or before it (Art 26: 「未进行档案验收或者档案验收不合格的，不得通过项目竣工验收」), or
    never recorded (`unrecorded_after_acceptance`)."""
    acc = project.acceptance
    return (
        acc is not None
        and acc.result == AcceptanceResult.PASSED
        and (
            archive_passed_by(project, acc.accepted_on)
            or unrecorded_after_acceptance(project, DocKind.ARCHIVE_ACCEPTANCE)
        )
    )


# --------------------------------------------------------------------------- planning


def _listed_before(p: ProjectFacts, applied_on: date) -> bool:
    """Art 8, 9, 10: on a list of the filing year or a later year (Art 10 wants 报批 done
    before the plan year), listed on or before the application. An entry without a 列入日期
    counts for its own year only: nothing shows it was there before a filing a year earlier."""
    for entry in p.list_entries:
        if entry.listed_on is not None:
            if entry.year >= applied_on.year and entry.listed_on <= applied_on:
                return True
        elif entry.year == applied_on.year:
            return True
    return False


def rule_list(ctx: Context) -> Iterator[Finding]:
    """DOS-LIST: every approval application needs the project on a list when it is filed."""
    for p in ctx.data.projects:
        fsr = p.approval(ApprovalStep.FSR)
        for step in p.approvals:
            applied = step.applied_on
            if applied is None or _listed_before(p, applied):
                continue
            if (
                step.step == ApprovalStep.DESIGN
                and fsr
                and fsr.applied_on
                and _listed_before(p, fsr.applied_on)
            ):
                continue  # the design continues the listed FSR
            later = sorted(e.year for e in p.list_entries if e.year >= applied.year)
            undated = [
                e.year for e in p.list_entries if e.year > applied.year and e.listed_on is None
            ]
            if undated:
                why_zh = (
                    f"{'、'.join(map(str, undated))}年度清单未记录列入日期，无法认定申请前已列入"
                )
                why_en = f"the {', '.join(map(str, undated))} list entry has no listing date"
            elif later:
                why_zh = f"{'、'.join(map(str, later))}年度清单的列入日期晚于申请"
                why_en = (
                    f"the {', '.join(map(str, later))} list entry is dated after the application"
                )
            else:
                why_zh = f"未纳入{applied.year}年度或以后年度项目清单"
                why_en = f"not on the {applied.year} or a later project list"
            yield finding(
                "DOS-LIST", _p(p), p,
                f"{applied}申请审批，{why_zh}；第九条：「统一受理已纳入项目清单的项目申请」，不予受理",
                f"approval applied for on {applied}: {why_en}; Art 9: only projects on the "
                "project list are accepted for approval",
                item="list", year=applied.year, step=step.step.value,
            )  # fmt: skip


BASIS_ZH = {
    ListBasis.NATIONAL: "国家明确要求",
    ListBasis.MUNICIPAL: "市级明确要求",
    ListBasis.DISTRICT: "区委、区政府明确要求",
    ListBasis.CONTINUATION: "确需续建",
    ListBasis.OM: "确需运行维护",
}
BASIS_EN = {
    ListBasis.NATIONAL: "national requirement",
    ListBasis.MUNICIPAL: "municipal requirement",
    ListBasis.DISTRICT: "district requirement",
    ListBasis.CONTINUATION: "continuation",
    ListBasis.OM: "operation and maintenance",
}


def rule_art11(ctx: Context) -> Iterator[Finding]:
    """DOS-ART11: 「报区政府同意后…纳入项目清单」: consent recorded, and not after the listing."""
    for p in ctx.data.projects:
        for entry in p.list_entries:
            if entry.basis == ListBasis.BUDGET:
                continue
            basis_zh, basis_en = BASIS_ZH[entry.basis], BASIS_EN[entry.basis]
            if entry.consent_on is None:
                zh = f"{entry.year}年以“{basis_zh}”纳入项目清单，未记录区政府同意"
                en = f"listed for {entry.year} outside the budget cycle ({basis_en}) without recorded district-government consent"  # fmt: skip
            elif entry.listed_on is not None and entry.consent_on > entry.listed_on:
                zh = f"{entry.year}年以“{basis_zh}”于{entry.listed_on}纳入项目清单，区政府同意却在{entry.consent_on}"
                en = f"listed for {entry.year} ({basis_en}) on {entry.listed_on}, before the district-government consent of {entry.consent_on}"  # fmt: skip
            else:
                continue
            yield finding(
                "DOS-ART11", (SubjectType.LIST_ENTRY, entry.id), p,
                zh + "；第十一条：「报区政府同意后…纳入项目清单」",
                en + "; Art 11: consent first, then the list",
                item="art11", year=entry.year,
            )  # fmt: skip


def listed_under_art11_with_consent(p: ProjectFacts, year: int) -> bool:
    return any(
        e.year == year and e.basis != ListBasis.BUDGET and e.consent_on is not None
        for e in p.list_entries
    )


def rule_plan_list(ctx: Context) -> Iterator[Finding]:
    """PLAN-NOTLISTED and PLAN-UNAPPROVED on each plan line."""
    for line in ctx.data.plan_lines:
        p = ctx.projects.get(line.project_id)
        if p is None:
            continue
        subject = (SubjectType.PLAN_LINE, line.id)
        if (p.id, line.year) not in ctx.listed:
            yield finding(
                "PLAN-NOTLISTED", subject, p,
                f"{line.year}年度投资计划安排{wan(line.amount_yuan)}，但项目未纳入{line.year}年度项目清单",
                f"{line.year} plan line of {wan_en(line.amount_yuan)} for a project not on the "
                f"{line.year} list",
                year=line.year,
            )  # fmt: skip
        # Art 11 projects with consent go list → plan → budget → approval (「再按程序调整年度投资计划，
        # 纳入年度预算、开展行政审批」): their approval may follow the plan line
        if is_om(p) or approval_done(p) or listed_under_art11_with_consent(p, line.year):
            continue
        steps_zh = "初步设计及概算" if two_step(p) else "可行性研究报告及概算"
        yield finding(
            "PLAN-UNAPPROVED", subject, p,
            f"{line.year}年度投资计划已安排，但{steps_zh}尚未批复；第十条：「提前完成建设项目报批工作」",
            f"{line.year} plan line while the approval "
            f"({'FSR and design' if two_step(p) else 'one-step'}) is not done; Art 10 asks for "
            "approval before the plan",
            year=line.year,
        )  # fmt: skip


def rule_rolling(ctx: Context) -> Iterator[Finding]:
    """PLAN-ROLLING: Art 8 「按照区政府投资项目3年滚动规划提出年度建设计划」. Checked for years some
    rolling-plan edition covers (where the office keeps no rolling plan, nothing to compare)."""
    starts = {line.period_start for line in ctx.data.rolling_lines} | set(ctx.data.rolling_editions)
    covered = {start + k for start in starts for k in range(3)}
    rolled = {(line.project_id, line.year) for line in ctx.data.rolling_lines}
    for p in ctx.data.projects:
        for entry in p.list_entries:
            if entry.basis != ListBasis.BUDGET or entry.year not in covered:
                continue
            if (p.id, entry.year) in rolled:
                continue
            yield finding(
                "PLAN-ROLLING", (SubjectType.LIST_ENTRY, entry.id), p,
                f"按部门预算程序纳入{entry.year}年度项目清单，但3年滚动规划中没有该项目{entry.year}年的安排；"
                "第八条：「按照区政府投资项目3年滚动规划提出年度建设计划」",
                f"listed for {entry.year} in the budget cycle with no {entry.year} line in a "
                "3-year rolling plan; Art 8: the annual plan comes from the rolling plan",
                item="list", year=entry.year,
            )  # fmt: skip


def rule_perf(ctx: Context) -> Iterator[Finding]:
    planned = {line.project_id for line in ctx.data.plan_lines}
    for p in ctx.data.projects:
        if is_om(p):
            continue  # O&M projects are exempt from the performance target table
        applies = p.id in planned or STAGE_ORDER[p.stage] >= STAGE_ORDER[Stage.PLANNED]
        if applies and not satisfied(p.document(DocKind.PERFORMANCE_TABLE)):
            yield finding(
                "DOS-PERF", _p(p), p,
                "申报年度投资计划，未附绩效目标表",
                "applies for the annual investment plan without a performance target table",
                item=DocKind.PERFORMANCE_TABLE.value,
            )  # fmt: skip


# --------------------------------------------------------------------------- dossier


def rule_path(ctx: Context) -> Iterator[Finding]:
    for p in ctx.data.projects:
        if is_om(p):
            continue
        amount, amount_en = wan(p.total_investment_yuan), wan_en(p.total_investment_yuan)
        if p.is_major:
            zh = (
                f"总投资{amount}，达到3000万元，分两步审批：先批可行性研究报告，再批初步设计及概算"
                "（第九条：「应先行编制项目可行性研究报告」）"
            )
            en = f"total investment {amount_en} ≥ 30 million yuan: two steps, FSR then design and estimate (Art 9)"
        elif two_step(p):
            zh = (
                f"总投资{amount}，低于3000万元，已选择分两步审批（第九条「可」一步，并非必须）："
                "以初步设计及概算批复为最终批复"
            )
            en = (
                f"total investment {amount_en} < 30 million yuan, two steps chosen (Art 9 allows, "
                "not requires, one step): the design approval is the final one"
            )
        else:
            zh = (
                f"总投资{amount}，低于3000万元，一步审批：第九条「可直接编制项目可行性研究报告及概算"
                "（代初步设计）」"
            )
            en = f"total investment {amount_en} < 30 million yuan: one step, FSR with estimate in lieu of design (Art 9)"
        yield finding("APV-PATH", _p(p), p, zh, en, two_step=two_step(p))  # fmt: skip


def _missing_doc(
    code: str, p: ProjectFacts, kind: DocKind, zh: str | None = None, en: str | None = None
) -> Finding:
    label_zh, label_en, _article = DOC_LABELS[kind]
    return finding(
        code, _p(p), p, zh or f"缺{label_zh}", en or f"no {label_en.lower()}", item=kind.value
    )


def _refused_na(p: ProjectFacts, kind: DocKind) -> tuple[str, str]:
    """The message part for a record that says 不适用 where the text allows none (or "")."""
    doc = p.document(kind)
    if not refused_not_applicable(doc) or doc is None:
        return "", ""
    why_zh, why_en = NEVER_NOT_APPLICABLE[kind]
    reason = doc.na_reason.strip() or "—"
    return (f"（记录为“不适用”，理由“{reason}”，不予认可：{why_zh}）",
            f" (recorded as not applicable, which is not accepted: {why_en})")  # fmt: skip


def _incomplete(
    p: ProjectFacts,
    code: str,
    kind: DocKind,
    absent_text: tuple[str, str],
    partial_text: tuple[str, str],
    required: Sequence[Chapter | FrameworkElement],
    labels: Mapping[Any, tuple[str, str]],
    infix: str,
) -> Iterator[Finding]:
    """A document that must exist and must cover `required` parts (opinions, elements)."""
    document = p.document(kind)
    if lacks(p, kind):
        yield _missing_doc(code, p, kind, *absent_text)
        return
    if document is None or not document.present:
        return  # 不适用 with a reason
    have = document.opinions if kind == DocKind.EVALUATION else document.framework_elements
    missing = [part for part in required if part not in have]
    if missing:
        yield finding(
            code, _p(p), p,
            partial_text[0] + "、".join(labels[m][0] for m in missing),
            partial_text[1] + ", ".join(labels[m][1] for m in missing),
            item=f"{kind.value}.{infix}.{missing[0].value}", missing=[m.value for m in missing],
        )  # fmt: skip


def rule_dossier_documents(ctx: Context) -> Iterator[Finding]:
    """DOS-FSR, DOS-ESTIMATE, DOS-POSTEVAL, DOS-DATACAT, DOS-CRYPTOPLAN, DOS-SECPROD."""
    for p in ctx.data.projects:
        if not in_dossier_scope(p):
            continue
        if lacks(p, DocKind.FSR):
            yield _missing_doc("DOS-FSR", p, DocKind.FSR)
        if not two_step(p):
            if lacks(p, DocKind.FSR_ESTIMATE):
                yield _missing_doc(
                    "DOS-ESTIMATE", p, DocKind.FSR_ESTIMATE,
                    "一步审批缺概算（代初步设计）", "one-step dossier without the budget estimate",
                )  # fmt: skip
        else:
            fsr = p.approval(ApprovalStep.FSR)
            if fsr and fsr.approved_on and lacks(p, DocKind.DESIGN):
                yield _missing_doc(
                    "DOS-ESTIMATE", p, DocKind.DESIGN,
                    f"可行性研究报告已于{fsr.approved_on}批复，缺初步设计及概算方案",
                    f"FSR approved on {fsr.approved_on}, no preliminary design and estimate",
                )  # fmt: skip
        if p.type == ConstructionType.UPGRADE and lacks(p, DocKind.POST_EVALUATION):
            yield _missing_doc("DOS-POSTEVAL", p, DocKind.POST_EVALUATION)
        if lacks(p, DocKind.DATA_CATALOGUE):
            na_zh, na_en = _refused_na(p, DocKind.DATA_CATALOGUE)
            yield _missing_doc(
                "DOS-DATACAT", p, DocKind.DATA_CATALOGUE,
                f"缺数据资源目录{na_zh}，不予审批：第十四条「数据资源目录、密码应用方案是审批政务信息化项目的必备条件」",
                f"no data resource catalogue{na_en}: approval impossible (Art 14: a prerequisite "
                "for approval)",
            )  # fmt: skip
        if lacks(p, DocKind.CRYPTO_PLAN):
            na_zh, na_en = _refused_na(p, DocKind.CRYPTO_PLAN)
            yield _missing_doc(
                "DOS-CRYPTOPLAN", p, DocKind.CRYPTO_PLAN,
                f"缺密码应用方案{na_zh}，不予审批：第十四条「数据资源目录、密码应用方案是审批政务信息化项目的必备条件」",
                f"no crypto application plan{na_en}: approval impossible (Art 14: a prerequisite "
                "for approval)",
            )  # fmt: skip
        if lacks(p, DocKind.SECURITY_PRODUCTS):
            yield _missing_doc("DOS-SECPROD", p, DocKind.SECURITY_PRODUCTS)


def rule_order(ctx: Context) -> Iterator[Finding]:
    for p in ctx.data.projects:
        if not two_step(p) or not in_dossier_scope(p):
            continue
        design = p.document(DocKind.DESIGN)
        design_step = p.approval(ApprovalStep.DESIGN)
        fsr = p.approval(ApprovalStep.FSR)
        fsr_on = fsr.approved_on if fsr else None
        dates = [
            d
            for d in (
                design.submitted_on if design and design.present else None,
                design.approved_on if design and design.present else None,
                design_step.applied_on if design_step else None,
                design_step.approved_on if design_step else None,
            )
            if d is not None
        ]
        present = (design is not None and design.present) or bool(dates)
        if not present or (fsr is None and approval_done(p)):
            continue  # an FSR step never recorded beside a recorded final approval: nothing to order
        if fsr_on is None:
            yield finding(
                "DOS-ORDER", _p(p), p,
                "可行性研究报告尚未批复，已提交或批复初步设计；第九条：「依据可行性研究报告批复要求，编制项目初步设计及概算方案」",
                "preliminary design submitted or approved while the FSR is not approved (Art 9: "
                "the design follows the FSR approval)",
                item=DocKind.DESIGN.value,
            )  # fmt: skip
        elif dates and min(dates) < fsr_on:
            yield finding(
                "DOS-ORDER", _p(p), p,
                f"初步设计日期（{min(dates)}）早于可行性研究报告批复（{fsr_on}）；第九条：「依据可行性研究报告批复要求」编制初步设计",
                f"preliminary design dated {min(dates)}, before the FSR approval of {fsr_on} "
                "(Art 9: the design follows the FSR approval)",
                item=DocKind.DESIGN.value,
            )  # fmt: skip


def rule_chapters(ctx: Context) -> Iterator[Finding]:
    """DOS-CH-*: the FSR (and, where two steps are taken, the design) must have all six chapters."""
    for p in ctx.data.projects:
        if not in_dossier_scope(p):
            continue
        kinds = [DocKind.FSR] + ([DocKind.DESIGN] if two_step(p) else [])
        for kind in kinds:
            doc = p.document(kind)
            if doc is None or not doc.present:
                continue
            doc_zh, doc_en, _a = DOC_LABELS[kind]
            for chapter, code in CHAPTER_CODES.items():
                if chapter in doc.chapters:
                    continue
                ch_zh, ch_en = CHAPTER_LABELS[chapter]
                yield finding(
                    code, _p(p), p,
                    f"{doc_zh}缺少“{ch_zh}”章节", f"{doc_en} lacks the chapter {ch_en!r}",
                    item=f"{kind.value}.ch.{chapter.value}",
                )  # fmt: skip
        request = p.document(DocKind.REQUEST)
        if request is not None and request.present:
            missing = [c for c in Chapter if c not in request.chapters]
            if missing:
                yield finding(
                    "DOS-CH-REQUEST", _p(p), p,
                    "请示文件缺少章节：" + "、".join(CHAPTER_LABELS[c][0] for c in missing),
                    "request letter lacks: " + ", ".join(CHAPTER_LABELS[c][1] for c in missing),
                    item=DocKind.REQUEST.value, missing=[c.value for c in missing],
                )  # fmt: skip


def rule_dossier_quality(ctx: Context) -> Iterator[Finding]:
    """DOS-SHARE-MECH, DOS-EVAL, DOS-FRAMEWORK, DOS-CLOUD, APV-REVIEWERS."""
    for p in ctx.data.projects:
        if not in_dossier_scope(p):
            continue
        no_mech = lacks(p, DocKind.SHARE_MECHANISM)
        no_feedback = lacks(p, DocKind.SHARE_FEEDBACK)
        if no_mech or no_feedback:
            kinds = [k for k, m in ((DocKind.SHARE_MECHANISM, no_mech), (DocKind.SHARE_FEEDBACK, no_feedback)) if m]  # fmt: skip
            yield finding(
                "DOS-SHARE-MECH", _p(p), p,
                "未建立" + "、".join(DOC_LABELS[k][0] for k in kinds)
                + "；第十四条：项目建设单位「应当…建立数据共享长效机制和共享数据使用情况反馈机制」",
                "no " + " and no ".join(DOC_LABELS[k][1].lower() for k in kinds)
                + " (Art 14: the owner shall set up both)",
                item=kinds[0].value,
            )  # fmt: skip
        yield from _incomplete(
            p, "DOS-EVAL", DocKind.EVALUATION,
            ("缺项目评估报告（自评、专家评审或第三方评估）", "no evaluation report (self, expert or third-party)"),
            ("评估报告未对以下事项出具意见：", "evaluation report gives no opinion on: "),
            [c for c in Chapter if c in EVALUATION_CHAPTERS], CHAPTER_LABELS, "op",
        )  # fmt: skip
        if p.cross_department:
            yield from _incomplete(
                p, "DOS-FRAMEWORK", DocKind.FRAMEWORK,
                ("跨部门项目缺共同编制的工程框架方案", "cross-department project without a joint framework plan"),
                ("框架方案未明确：", "framework plan does not name: "),
                list(FrameworkElement), FRAMEWORK_LABELS, "el",
            )  # fmt: skip
        yield from _cloud(p)
        yield from _reviewers(p)


def _cloud(p: ProjectFacts) -> Iterator[Finding]:
    """DOS-CLOUD: Art 19 「依托江津区政务云平台开展集约化建设」; unknown is not 'on the cloud'. Once
    the final approval is recorded an unrecorded deployment is a gap in the record (as for the
    dossier, `unrecorded_after_approval`); a recorded "no" without a reason still fires."""
    if p.on_gov_cloud is True or p.cloud_justification.strip():
        return
    if p.on_gov_cloud is None and approval_done(p):
        return  # approved before its deployment was recorded here: a gap, like the dossier's
    if p.on_gov_cloud is None:
        zh, en = "未记录是否部署于区政务云，且未说明理由", "deployment on the district government cloud not recorded, no justification"  # fmt: skip
    else:
        zh, en = "未部署于区政务云，且未说明理由", "not deployed on the district government cloud and no justification recorded"  # fmt: skip
    yield finding(
        "DOS-CLOUD", _p(p), p,
        zh + "；第十九条：「依托江津区政务云平台开展集约化建设」",
        en + " (Art 19: build on the district government cloud)",
        item="cloud", recorded=p.on_gov_cloud is not None,
    )  # fmt: skip


def _reviewers(p: ProjectFacts) -> Iterator[Finding]:
    """APV-REVIEWERS: once the technical review has happened (an evaluation report recorded or
    an approval given), the five departments Art 9 names should be recorded in it."""
    evaluation = p.document(DocKind.EVALUATION)
    if (
        evaluation is not None
        and evaluation.status == DocStatus.NOT_APPLICABLE
        and satisfied(evaluation)
    ):
        return  # 不适用 with a reason: its parts are not asked for
    reviewed = (evaluation is not None and evaluation.present) or any(
        a.approved_on for a in p.approvals
    )
    if not reviewed or unrecorded_after_approval(p, DocKind.EVALUATION):
        return  # not reviewed yet, or approved before its review was recorded here (a gap)
    have = evaluation.review_departments if evaluation is not None else frozenset()
    missing = [d for d in ReviewDepartment if d not in have]
    if not missing:
        return
    yield finding(
        "APV-REVIEWERS", _p(p), p,
        "项目技术审查未记录以下主管部门参与：" + "、".join(REVIEW_DEPARTMENT_LABELS[d][0] for d in missing)
        + "；第九条：「协调组织网络安全、预算管理、政务服务、密码应用、保密工作主管部门共同参与项目技术审查」",
        "technical review without recorded participation of: "
        + ", ".join(REVIEW_DEPARTMENT_LABELS[d][1].lower() for d in missing)
        + " (Art 9 names cybersecurity, budget, government services, cryptography and secrecy)",
        item=f"{DocKind.EVALUATION.value}.dept.{missing[0].value}", missing=[d.value for d in missing],
    )  # fmt: skip


def rule_art12(ctx: Context) -> Iterator[Finding]:
    """DOS-ART12: the exception of Art 12 lifts, per trigger, the approvals it names; each is
    required unless a reasoned 不适用 is recorded (the same status the checklist reads)."""
    for p in ctx.data.projects:
        if not in_dossier_scope(p):
            continue
        if not art12_applies(p):
            yield finding(
                "DOS-ART12", _p(p), p,
                "不新建土建工程且非高耗能项目：第十二条「原则上不再进行节能评估、规划选址、用地预审、环境影响评价等审批」，不得要求提供",
                "no new civil works and not high energy use: Art 12 says in principle no energy "
                "assessment, site selection, land pre-examination or EIA, so none may be demanded",
                severity=Severity.INFO,
            )  # fmt: skip
            continue
        triggers_zh = "、".join(z for z, on in (("新建土建工程", p.new_civil_works), ("高耗能项目", p.high_energy)) if on)  # fmt: skip
        triggers_en = " and ".join(e for e, on in (("new civil works", p.new_civil_works), ("high energy use", p.high_energy)) if on)  # fmt: skip
        for kind in ART12_KINDS:
            if not art12_required(p, kind) or not lacks(p, kind):
                continue
            zh, en, _a = DOC_LABELS[kind]
            yield finding(
                "DOS-ART12", _p(p), p,
                f"{triggers_zh}，缺{zh}（第十二条：「涉及新建土建工程、高耗能项目的除外」；确不需要的，标“不适用”并说明理由）",
                f"{triggers_en}: no {en.lower()} (Art 12 excepts new civil works and high energy "
                "use; if not needed, record it as not applicable with a reason)",
                severity=Severity.ERROR, item=kind.value,
            )  # fmt: skip


# --------------------------------------------------------------------------- duplicates


def rule_duplicates(ctx: Context) -> Iterator[Finding]:
    for pair in similar_pairs(ctx.data):
        p = ctx.projects[pair.project_id]
        other_unit = ctx.unit_names.get(pair.other_unit_id, "")
        kind_zh = "项目" if pair.other_kind == "project" else "已建系统"
        terms = "、".join(pair.terms)
        yield finding(
            "DUP-SIMILAR", _p(p), p,
            f"与{other_unit}的{kind_zh}“{pair.other_name}”相似（相似度{pair.score_percent}%，"
            f"匹配词：{terms}），请核实是否重复建设",
            f"similar to the {'project' if pair.other_kind == 'project' else 'registered system'} "
            f"{pair.other_name!r} of {other_unit} ({pair.score_percent}%; matched: {terms})",
            key=f"{pair.other_kind}:{pair.other_id}",
            other_kind=pair.other_kind, other_id=pair.other_id, terms=list(pair.terms),
            score_percent=pair.score_percent,
        )  # fmt: skip


# --------------------------------------------------------------------------- money trail


def rule_estimates(ctx: Context) -> Iterator[Finding]:
    for p in ctx.data.projects:
        if (
            p.declared_yuan is not None
            and p.reviewed_yuan is not None
            and p.reviewed_yuan < p.declared_yuan
        ):
            cut = p.declared_yuan - p.reviewed_yuan
            rate = format_rate(cut, p.declared_yuan)
            yield finding(
                "EST-REDUCTION", _p(p), p,
                f"申报{wan(p.declared_yuan)}，审定{wan(p.reviewed_yuan)}，核减{wan(cut)}，核减率{rate}",
                f"declared {wan_en(p.declared_yuan)}, reviewed {wan_en(p.reviewed_yuan)}: "
                f"reduced by {wan_en(cut)} ({rate})",
                reduction_yuan=cut, rate=rate,
            )  # fmt: skip
        if not two_step(p):
            continue  # 政府投资条例 第十二条 compares a design's 概算 with the approved FSR 估算
        fsr = p.approval(ApprovalStep.FSR)
        if fsr is None or fsr.approved_on is None or fsr.approved_amount_yuan is None:
            continue
        design = p.approval(ApprovalStep.DESIGN)
        candidates = [
            a
            for a in (
                design.approved_amount_yuan if design and design.approved_on else None,
                p.proposed_budget_estimate_yuan,
            )
            if a is not None
        ]
        if not candidates:
            continue
        estimate = max(candidates)
        if estimate * 100 > fsr.approved_amount_yuan * 110:
            rate = format_rate(estimate - fsr.approved_amount_yuan, fsr.approved_amount_yuan)
            yield finding(
                "EST-DEVIATION", _p(p), p,
                f"概算{wan(estimate)}超过批复可研估算{wan(fsr.approved_amount_yuan)}达{rate}（超10%），"
                "项目单位应报告，可能需重报可行性研究报告",
                f"budget estimate {wan_en(estimate)} exceeds the approved FSR estimate "
                f"{wan_en(fsr.approved_amount_yuan)} by {rate} (over 10 %)",
                estimate_yuan=estimate, fsr_yuan=fsr.approved_amount_yuan,
            )  # fmt: skip


# --------------------------------------------------------------------------- construction


PROCUREMENT_ZH = "第十五条：「严格执行政府采购、招标投标、工程监理、合同管理等制度」"


def rule_construction(ctx: Context) -> Iterator[Finding]:
    today = ctx.today
    for p in ctx.data.projects:
        if is_om(p):
            continue
        approved_on = final_approval_date(p)
        if approved_on is not None:
            if not p.implementing_agency.strip() or not p.responsible_person.strip():
                yield finding(
                    "CON-RESP", _p(p), p,
                    "已批复项目未明确项目实施机构或项目责任人；第十五条：「项目建设单位应当确定项目实施机构和项目责任人」",
                    "approved project without implementing agency or responsible person (Art 15)",
                )  # fmt: skip
            yield from _change(p)
            yield from _overrun(p)
        in_construction = p.stage == Stage.CONSTRUCTION or (
            p.construction_start_on is not None and p.completed_on is None
        )
        if (
            in_construction
            and not p.supervision_unit.strip()
            and not p.supervision_na_reason.strip()
        ):
            service = p.type == ConstructionType.SERVICE
            yield finding(
                "CON-SUPERVISION", _p(p), p,
                ("购买服务项目（第二条：信息化建设「含…购买服务」）" if service else "项目")
                + "建设未委托工程监理单位；第二十一条：「区级政务信息化项目实行工程监理制」",
                ("service-purchase project (Art 2 counts it as construction) " if service else "project ")
                + "in construction without a supervision unit (Art 21: supervision is mandatory)",
            )  # fmt: skip
        if (p.contract_signed_on is not None or p.contract_yuan is not None) and (
            p.procurement_method is None or p.procurement_on is None
        ):
            missing_zh = "、".join(z for z, gone in (("采购方式", p.procurement_method is None), ("采购日期", p.procurement_on is None)) if gone)  # fmt: skip
            missing_en = " and ".join(e for e, gone in (("method", p.procurement_method is None), ("date", p.procurement_on is None)) if gone)  # fmt: skip
            yield finding(
                "CON-PROCURE", _p(p), p,
                f"已签订合同，未记录{missing_zh}；{PROCUREMENT_ZH}",
                f"contract recorded without its procurement {missing_en} (Art 15: government "
                "procurement and tendering rules apply)",
            )  # fmt: skip
        works = (
            ("合同签订", "contract", p.contract_signed_on),
            ("监理委托", "supervision contract", p.supervision_contract_on),
            ("开工", "construction start", p.construction_start_on),
        )
        early = [
            (zh, en, d) for zh, en, d in works if d and (approved_on is None or d < approved_on)
        ]
        if early:
            zh, en, d = early[0]
            basis_zh = f"批复日期{approved_on}" if approved_on else "项目尚未批复"
            basis_en = f"the approval of {approved_on}" if approved_on else "any approval"
            yield finding(
                "CON-NOAPPROVAL", _p(p), p,
                f"{zh}日期{d}早于审批（{basis_zh}），未批先建；第三十四条：「未履行审批程序」",
                f"{en} on {d}, before {basis_en} (Art 34: building without approval)",
                first_date=d.isoformat(),
            )  # fmt: skip
        # the setting is read where it is used: kept findings note who reads it (app.services.kept)
        grace = ctx.data.settings.delay_grace_months if p.planned_completion_on else 0
        due = add_months(p.planned_completion_on, grace) if p.planned_completion_on else None
        if (
            due is not None
            and today > due
            and p.completed_on is None
            and p.delay_reported_on is None
            and p.status != ProjectStatus.TERMINATED
        ):
            yield finding(
                "CON-DELAY", _p(p), p,
                f"计划{p.planned_completion_on}建成，已超期{grace}个月以上，未向区发展改革委和区财政局报告；"
                "第二十四条：「工程严重逾期…应当及时…报告」",
                f"planned completion {p.planned_completion_on} passed by more than {grace} months, "
                "not reported to DRC and Finance (Art 24)",
                planned=p.planned_completion_on.isoformat() if p.planned_completion_on else None,
            )  # fmt: skip


def _change(p: ProjectFacts) -> Iterator[Finding]:
    """CON-CHANGE (Art 22, 23, 34): an overrun or a scope change needs a change record carrying
    its approval (date or 文号); a note alone clears nothing. A saving is Art 22 结余."""
    estimate = approved_estimate_yuan(p)
    ceiling = approved_ceiling_yuan(p)
    total = p.total_investment_yuan
    approved_change = any(c.approved for c in p.changes)
    if ceiling is not None and total > ceiling:
        yield finding(
            "CON-CHANGE", _p(p), p,
            f"总投资{wan(total)}超过批复概算{wan(ceiling)}，无经批准的变更（调整概算）记录；"
            "第二十三条按政府投资管理规定执行，第三十四条：「严重超概算」予以通报批评",
            f"total investment {wan_en(total)} exceeds the approved estimate {wan_en(ceiling)} with "
            "no approved change (Art 23; Art 34 sanctions serious overruns)",
            severity=Severity.ERROR, total_yuan=total, ceiling_yuan=ceiling,
        )  # fmt: skip
    elif p.scope_changed and not approved_change:
        yield finding(
            "CON-CHANGE", _p(p), p,
            "建设内容与批复不一致，无经批准的变更记录（须有批复日期或文号）；第二十三条：「因工程变更发生建设内容…变化的，"
            "按照政府投资管理的有关规定执行」",
            "scope differs from the approval with no change record carrying its approval (date or "
            "document number); Art 23 applies the government investment rules",
            severity=Severity.WARNING,
        )  # fmt: skip
    elif estimate is not None and total < estimate and not p.scope_changed:
        yield finding(
            "CON-CHANGE", _p(p), p,
            f"建设内容不变，总投资{wan(total)}低于批复概算{wan(estimate)}，结余{wan(estimate - total)}；"
            "第二十二条：「项目建设目标和内容不变，项目总投资有结余的，应当按照相关规定执行」",
            f"scope unchanged, total investment {wan_en(total)} below the approved estimate "
            f"{wan_en(estimate)}: a saving of {wan_en(estimate - total)}, handled under Art 22",
            severity=Severity.INFO, saving_yuan=estimate - total,
        )  # fmt: skip


def _overrun(p: ProjectFacts) -> Iterator[Finding]:
    """CON-OVERRUN (Art 22, 34): contract or payments above the approved 概算."""
    ceiling = approved_ceiling_yuan(p)
    if ceiling is None:
        return
    over = [(zh, en, amount) for zh, en, amount in (("合同金额", "contract amount", p.contract_yuan),
            ("已支付金额", "amount paid", p.paid_yuan)) if amount is not None and amount > ceiling]  # fmt: skip
    if not over:
        return
    zh = "、".join(f"{z}{wan(a)}" for z, _e, a in over)
    en = ", ".join(f"{e} {wan_en(a)}" for _z, e, a in over)
    yield finding(
        "CON-OVERRUN", _p(p), p,
        f"{zh}超过批复概算{wan(ceiling)}；第二十二条：「严格按照批复的…概算实施项目建设」，第三十四条：「严重超概算」",
        f"{en} above the approved estimate {wan_en(ceiling)} (Art 22: build within the approved "
        "estimate; Art 34: serious overruns)",
        ceiling_yuan=ceiling,
    )  # fmt: skip


# --------------------------------------------------------------------------- budget vs plan


def rule_budget(ctx: Context) -> Iterator[Finding]:
    for (project_id, year), lines in sorted(ctx.budget_by_key.items()):
        p = ctx.projects.get(project_id)
        if p is None:
            continue
        budget_total = sum(line.amount_yuan for line in lines)
        plan_lines = ctx.plan_by_key.get((project_id, year))
        if not plan_lines:
            for line in lines:
                yield finding(
                    "BUD-NOPLAN", (SubjectType.BUDGET_LINE, line.id), p,
                    f"{year}年部门预算{wan(line.amount_yuan)}，项目未纳入{year}年度投资计划；"
                    "第十条：「未纳入年度投资计划的项目，不予纳入部门预算」",
                    f"{year} budget line of {wan_en(line.amount_yuan)} for a project not in the "
                    f"{year} annual investment plan (Art 10: such a project is not budgeted)",
                    year=year,
                )  # fmt: skip
            continue
        plan_total = sum(line.amount_yuan for line in plan_lines)
        if plan_total != budget_total:
            diff = budget_total - plan_total
            yield finding(
                "BUD-MISMATCH", (SubjectType.BUDGET_LINE, lines[0].id), p,
                f"{year}年计划{wan(plan_total)}，预算{wan(budget_total)}，相差{wan(abs(diff))}",
                f"{year}: plan {wan_en(plan_total)}, budget {wan_en(budget_total)}, "
                f"difference {wan_en(abs(diff))}",
                year=year, plan_yuan=plan_total, budget_yuan=budget_total,
            )  # fmt: skip
    for line in ctx.data.plan_lines:
        p = ctx.projects.get(line.project_id)
        if p is not None and (line.project_id, line.year) not in ctx.budget_by_key:
            yield finding(
                "PLAN-NOBUDGET", (SubjectType.PLAN_LINE, line.id), p,
                f"{line.year}年度投资计划安排{wan(line.amount_yuan)}，无对应部门预算",
                f"{line.year} plan line of {wan_en(line.amount_yuan)} with no budget line",
                year=line.year,
            )  # fmt: skip
    totals: dict[int, int] = defaultdict(int)
    for line in ctx.data.plan_lines:
        totals[line.project_id] += line.amount_yuan
    for project_id, total in sorted(totals.items()):
        p = ctx.projects.get(project_id)
        if p is None or is_om(p):
            continue
        estimate = approved_ceiling_yuan(p)
        if estimate is not None and total > estimate:
            yield finding(
                "PLAN-OVERESTIMATE", _p(p), p,
                f"历年计划合计{wan(total)}，超过批复概算{wan(estimate)}",
                f"plans over all years {wan_en(total)} exceed the approved estimate {wan_en(estimate)}",
                plan_total_yuan=total, estimate_yuan=estimate,
            )  # fmt: skip


# --------------------------------------------------------------------------- acceptance

ACC_MATERIALS: tuple[tuple[str, DocKind], ...] = (
    ("ACC-MAT-SUMMARY", DocKind.ACC_SUMMARY),
    ("ACC-MAT-FINANCE", DocKind.ACC_FINANCE),
    ("ACC-MAT-AUDIT", DocKind.ACC_AUDIT),
    ("ACC-MAT-CRYPTOEVAL", DocKind.ACC_CRYPTO_EVAL),
    ("ACC-MAT-DICT", DocKind.ACC_DATA_DICT),
)


def acceptance_due(p: ProjectFacts) -> date | None:
    """Art 25: within 6 months of completion (same day, clamped to month end)."""
    return add_months(p.completed_on, 6) if p.completed_on else None


def rule_acceptance(ctx: Context) -> Iterator[Finding]:
    today = ctx.today
    warn_days = ctx.data.settings.acceptance_warning_days
    for p in ctx.data.projects:
        if not in_acceptance_scope(p):
            continue
        acc = p.acceptance
        yield from _acceptance_due(p, today, warn_days)
        yield from _organizer(p)
        if not p.is_major and acceptance_passed(p) and acc is not None and acc.filed_on is None:
            yield finding(
                "ACC-FILED", _p(p), p,
                "竣工验收已通过，验收结果未报区发展改革委备案；第二十五条：「验收结果报区发展改革委（区大数据发展局）备案」",
                "acceptance passed; the result is not filed with DRC (Art 25)",
                item="filed",
            )  # fmt: skip
        if not in_materials_scope(p):
            continue  # the materials come with the application: a to-do on the checklist
        yield from _materials(p)
        yield from _archive(p)
        yield from _review_items(p)


def _acceptance_due(p: ProjectFacts, today: date, warn_days: int) -> Iterator[Finding]:
    """ACC-DUE (Art 25): within 6 months of completion, or an extension request; an act that
    came after the due date does not undo the lateness."""
    due = acceptance_due(p)
    if due is None:
        return
    acc = p.acceptance
    verb_zh = "申请" if p.is_major else "组织"
    acts = [d for d in (acceptance_started_on(p), acc.extension_requested_on if acc else None) if d]
    first = min(acts) if acts else None
    if first is not None:
        if first <= due:
            return
        late = (first - due).days
        what_zh = "申请延期验收" if acc and first == acc.extension_requested_on and first != acceptance_started_on(p) else f"{verb_zh}竣工验收"  # fmt: skip
        yield finding(
            "ACC-DUE", _p(p), p,
            f"{p.completed_on}建成，应于{due}前{verb_zh}竣工验收或申请延期，{first}才{what_zh}，逾期{late}天；"
            "第二十五条：「建成后半年内」",
            f"completed {p.completed_on}; acceptance or an extension request was due by {due} and "
            f"came on {first}, {late} days late (Art 25: within six months)",
            severity=Severity.ERROR, item="due", due=due.isoformat(), days=-late, late_on=first.isoformat(),
        )  # fmt: skip
        return
    days_left = (due - today).days
    if days_left < 0:
        yield finding(
            "ACC-DUE", _p(p), p,
            f"{p.completed_on}建成，应于{due}前{verb_zh}竣工验收，已逾期{-days_left}天；第二十五条：「建成后半年内」",
            f"completed {p.completed_on}; acceptance was due by {due}, {-days_left} days overdue "
            "(Art 25: within six months)",
            severity=Severity.ERROR, item="due", due=due.isoformat(), days=days_left,
        )  # fmt: skip
    elif days_left <= warn_days:
        yield finding(
            "ACC-DUE", _p(p), p,
            f"{p.completed_on}建成，应于{due}前{verb_zh}竣工验收，剩余{days_left}天；第二十五条：「建成后半年内」",
            f"completed {p.completed_on}; acceptance due by {due}, {days_left} days left (Art 25)",
            severity=Severity.WARNING, item="due", due=due.isoformat(), days=days_left,
        )  # fmt: skip


def _organizer(p: ProjectFacts) -> Iterator[Finding]:
    """ACC-ORGANIZER: who organizes (info); error when the owner organized a major project's
    acceptance (Art 25 「申请区发展改革委…组织竣工验收」, Art 4 「负责组织实施项目验收」)."""
    acc = p.acceptance
    if p.is_major and acc is not None and acc.organizer == Organizer.OWNER:
        yield finding(
            "ACC-ORGANIZER", _p(p), p,
            "总投资3000万元及以上项目的竣工验收由项目建设单位自行组织；第二十五条：应当「申请区发展改革委（区大数据发展局）"
            "组织竣工验收」，第四条：区发展改革委「负责组织实施项目验收」",
            "major project whose acceptance the owner organized: Art 25 and Art 4 have DRC organize it "
            "on the owner's application",
            severity=Severity.ERROR, item="organizer",
        )  # fmt: skip
        return
    if p.is_major:
        zh = "重大项目：项目建设单位向区发展改革委申请，由区发展改革委组织竣工验收（第二十五条）"
        en = "major project: DRC organizes the acceptance on the owner's application (Art 25)"
    else:
        zh = "一般项目：项目建设单位自行组织竣工验收，并将验收结果报区发展改革委备案（第二十五条）"
        en = "minor project: the owner organizes the acceptance and files the result with DRC (Art 25)"
    yield finding("ACC-ORGANIZER", _p(p), p, zh, en, item="organizer")


def _materials(p: ProjectFacts) -> Iterator[Finding]:
    """ACC-MAT-*: Art 25 「提交验收申请时应当一并附上」; the same for major and minor projects."""
    kinds = [*ACC_MATERIALS]
    sec_kind = DocKind.ACC_CLASSIFIED_EVAL if p.classified else DocKind.ACC_MLPS_EVAL
    kinds.append(("ACC-MAT-SECEVAL", sec_kind))
    if not p.classified:
        kinds.append(("ACC-MAT-MLPS", DocKind.ACC_MLPS_FILING))
    for code, kind in kinds:
        if satisfied(p.document(kind)) or unrecorded_after_acceptance(p, kind):
            continue
        label_zh, label_en, _a = DOC_LABELS[kind]
        na_zh, na_en = _refused_na(p, kind)
        yield _missing_doc(
            code, p, kind,
            f"缺{label_zh}{na_zh}；第二十五条：提交验收申请时应当一并附上",
            f"no {label_en.lower()}{na_en} (Art 25: it comes with the acceptance application)",
        )  # fmt: skip


def _archive(p: ProjectFacts) -> Iterator[Finding]:
    """ACC-ARCHIVE (Art 26): not passed, or passed only after the completion acceptance."""
    acc = p.acceptance
    archive = p.document(DocKind.ARCHIVE_ACCEPTANCE)
    quote_zh = "第二十六条：「未进行档案验收或者档案验收不合格的，不得通过项目竣工验收」"
    quote_en = "Art 26: without a passed archive acceptance the completion acceptance cannot pass"
    if unrecorded_after_acceptance(p, DocKind.ARCHIVE_ACCEPTANCE):
        return  # a gap in the record, not a bar to an acceptance already passed
    if archive is None or archive.status != DocStatus.APPROVED:
        na_zh, na_en = _refused_na(p, DocKind.ARCHIVE_ACCEPTANCE)
        passed = acceptance_recorded_passed(p)
        yield finding(
            "ACC-ARCHIVE", _p(p), p,
            f"档案验收未通过{na_zh}" + ("，竣工验收记录为通过，视为未通过" if passed else "") + f"；{quote_zh}",
            f"archive acceptance not passed{na_en}"
            + (": the recorded acceptance counts as not passed" if passed else "") + f" ({quote_en})",
            item=DocKind.ARCHIVE_ACCEPTANCE.value,
        )  # fmt: skip
    elif (
        acceptance_recorded_passed(p)
        and acc is not None
        and not archive_passed_by(p, acc.accepted_on)
    ):
        dated = archive.approved_on or archive.submitted_on
        yield finding(
            "ACC-ARCHIVE", _p(p), p,
            f"档案验收（{dated}）晚于竣工验收（{acc.accepted_on}），竣工验收视为未通过；{quote_zh}",
            f"archive acceptance ({dated}) after the completion acceptance ({acc.accepted_on}): "
            f"the acceptance counts as not passed ({quote_en})",
            item=DocKind.ARCHIVE_ACCEPTANCE.value,
        )  # fmt: skip


#: ACC-REVIEW's items: (attribute, zh, en); Art 18 and Art 14 ¶3
REVIEW_ITEMS: tuple[tuple[str, str, str], ...] = (
    ("reviewed_products", "软硬件产品安全可靠情况", "product security and reliability"),
    ("reviewed_crypto_security", "密码应用和安全审查情况", "crypto and security review"),
    (
        "reviewed_energy",
        "硬件设备和新建数据中心能效",
        "energy efficiency of hardware and data centres",
    ),
    ("reviewed_integration", "系统整合情况", "system integration"),
    ("reviewed_sharing", "数据资源共享的范围和程度", "scope and depth of data sharing"),
)


def _review_items(p: ProjectFacts) -> Iterator[Finding]:
    """ACC-REVIEW: what the acceptance must assess (Art 18; Art 14 ¶3 「…是确定…验收的重要依据」):
    information until a result is recorded, a warning if it was recorded with items unassessed."""
    acc = p.acceptance
    pending = [(zh, en) for attr, zh, en in REVIEW_ITEMS if acc is None or not getattr(acc, attr)]
    state_zh = "待审查：" + "、".join(z for z, _ in pending) if pending else "均已审查"
    state_en = "pending: " + ", ".join(e for _, e in pending) if pending else "all assessed"
    decided = acc is not None and acc.result is not None
    severity = Severity.WARNING if decided and pending else Severity.INFO
    lead_zh = f"验收结论已于{acc.accepted_on or '（日期未记录）'}作出，但" if severity == Severity.WARNING and acc else ""  # fmt: skip
    lead_en = "a result is recorded although " if severity == Severity.WARNING else ""
    yield finding(
        "ACC-REVIEW", _p(p), p,
        f"{lead_zh}验收须审查软硬件产品安全可靠、密码应用和安全审查、能源利用效率（第十八条）及系统整合、"
        f"数据共享范围和程度（第十四条）（{state_zh}）",
        f"{lead_en}the acceptance must assess product security and reliability, crypto and security "
        f"review, energy efficiency (Art 18), system integration and data sharing (Art 14) ({state_en})",
        severity=severity, item="review.products", pending=len(pending),
    )  # fmt: skip


# --------------------------------------------------------------------------- O&M and units


@dataclass(frozen=True, slots=True)
class _Claim:
    """A claim on O&M funds: an O&M request, or a plan/budget line of an O&M project."""

    subject: tuple[SubjectType, int]
    project: ProjectFacts  # the project the claim is filed under
    system: ProjectFacts | None  # the project that built the system
    unit_id: int
    year: int


def _om_claims(ctx: Context) -> Iterator[_Claim]:
    for request in ctx.data.om_requests:
        system = ctx.projects.get(request.project_id)
        if system is None:
            continue
        if is_om(system):
            system = ctx.projects.get(system.system_project_id or -1)
        holder = ctx.projects[request.project_id]
        yield _Claim((SubjectType.OM_REQUEST, request.id), holder, system, request.unit_id, request.year)  # fmt: skip
    lines: Iterable[tuple[SubjectType, Any]] = [
        *((SubjectType.PLAN_LINE, line) for line in ctx.data.plan_lines),
        *((SubjectType.BUDGET_LINE, line) for line in ctx.data.budget_lines),
    ]
    for subject_type, line in lines:
        p = ctx.projects.get(line.project_id)
        if p is None or not is_om(p):
            continue
        system = ctx.projects.get(p.system_project_id) if p.system_project_id else None
        yield _Claim((subject_type, line.id), p, system, p.unit_id, line.year)


def unit_bars(data: Dataset, today: date) -> dict[tuple[int, SanctionArticle], str]:
    """Why each unit is under an Art 28 / 29 restriction today: an active sanction first,
    else one of its (non-terminated) systems flagged non-compliant / to be integrated."""
    bars: dict[tuple[int, SanctionArticle], str] = {}
    for unit in data.units:
        for sanction in unit.sanctions:
            key = (unit.id, sanction.article)
            if key not in bars and sanction.active_on(today):
                bars[key] = f"sanction:{sanction.imposed_on.isoformat()}"
    for p in data.projects:
        if p.status == ProjectStatus.TERMINATED:
            continue
        if p.integration_pending:
            bars.setdefault((p.unit_id, SanctionArticle.ART29), f"system:{p.id}")
        if p.security_noncompliant:
            bars.setdefault((p.unit_id, SanctionArticle.ART28), f"system:{p.id}")
    return bars


def _unit_bar(ctx: Context, unit_id: int, article: SanctionArticle) -> str | None:
    return ctx.bars.get((unit_id, article))


def _bar_text(ctx: Context, bar: str) -> tuple[str, str]:
    kind, _, value = bar.partition(":")
    if kind == "sanction":
        return f"{value}起受限", f"under sanction since {value}"
    name = ctx.projects[int(value)].name
    return f"系统“{name}”", f"system {name!r}"


def rule_om(ctx: Context) -> Iterator[Finding]:
    for claim in _om_claims(ctx):
        what_zh = {
            SubjectType.OM_REQUEST: "运维经费申请",
            SubjectType.PLAN_LINE: "运维项目年度计划",
            SubjectType.BUDGET_LINE: "运维项目部门预算",
        }[claim.subject[0]]
        system = claim.system
        if system is None:
            yield finding(
                "OM-NOACCEPT", claim.subject, claim.project,
                f"{claim.year}年{what_zh}未关联已通过竣工验收的建设项目；第二十五条：「对未通过竣工验收的项目，不予安排项目运行维护经费」",
                f"{claim.year} O&M claim names no system project that passed acceptance (Art 25: "
                "no O&M funds without a passed acceptance)",
                year=claim.year,
            )  # fmt: skip
        elif not acceptance_passed(system):
            archive_zh, archive_en = (
                ("（验收记录为通过，但档案验收未在其前通过，第二十六条：「不得通过项目竣工验收」）",
                 " (recorded as passed, but without a passed archive acceptance before it: Art 26)")
                if acceptance_recorded_passed(system) else ("", "")
            )  # fmt: skip
            yield finding(
                "OM-NOACCEPT", claim.subject, claim.project,
                f"{claim.year}年{what_zh}：系统“{system.name}”未通过竣工验收{archive_zh}；第二十五条：「对未通过竣工验收的项目，不予安排项目运行维护经费」",
                f"{claim.year} O&M claim: system {system.name!r} has not passed acceptance{archive_en} "
                "(Art 25: no O&M funds)",
                year=claim.year, system_project_id=system.id,
            )  # fmt: skip
        if system is not None and system.security_noncompliant:
            yield finding(
                "OM-SECURITY", claim.subject, claim.project,
                f"系统“{system.name}”不符合密码应用和网络安全要求或存在重大安全隐患；第二十八条：「区财政局不予安排运行维护经费」",
                f"system {system.name!r} is non-compliant with crypto/cybersecurity requirements "
                "or has a major hazard: no O&M funds (Art 28)",
                year=claim.year, system_project_id=system.id,
            )  # fmt: skip


def rule_om_integration(ctx: Context) -> Iterator[Finding]:
    """OM-INTEGRATION: no O&M funds for a unit with systems to integrate (Art 29) — a bar rule
    (`BAR_RULES`)."""
    for claim in _om_claims(ctx):
        bar = _unit_bar(ctx, claim.unit_id, SanctionArticle.ART29)
        if bar is not None:
            zh, en = _bar_text(ctx, bar)
            yield finding(
                "OM-INTEGRATION", claim.subject, claim.project,
                f"{ctx.unit_names.get(claim.unit_id, '')}存在应整合而未整合的系统（{zh}）；第二十九条：「区财政局不安排运行维护经费」",
                f"{ctx.unit_names.get(claim.unit_id, '')} has systems to integrate ({en}): "
                "no O&M funds (Art 29)",
                year=claim.year, reason=bar,
            )  # fmt: skip


def rule_unit_blocked(ctx: Context) -> Iterator[Finding]:
    """UNIT-BLOCKED by article: Art 28 「不得新建、改扩建政务信息系统」 bars new and upgrade projects
    (blocker); Art 29 「不支持新建信息化项目」 concerns new ones only (warning: an upgrade may be
    how the unit integrates)."""
    for p in ctx.data.projects:
        if p.type not in (ConstructionType.NEW, ConstructionType.UPGRADE):
            continue
        if p.status == ProjectStatus.TERMINATED or p.completed_on is not None:
            continue
        bar28 = _unit_bar(ctx, p.unit_id, SanctionArticle.ART28)
        if bar28 is not None and bar28 != f"system:{p.id}":
            zh, en = _bar_text(ctx, bar28)
            yield finding(
                "UNIT-BLOCKED", _p(p), p,
                f"建设单位受第二十八条限制（{zh}）：对不符合密码应用和网络安全要求或存在重大安全隐患的，"
                "「项目建设单位不得新建、改扩建政务信息系统」",
                f"the owner unit is restricted under Art 28 ({en}): it may not build new or upgrade "
                "systems",
                severity=Severity.BLOCKER, key="28", article_applied="28", reason=bar28,
            )  # fmt: skip
        bar29 = _unit_bar(ctx, p.unit_id, SanctionArticle.ART29)
        if p.type == ConstructionType.NEW and bar29 is not None and bar29 != f"system:{p.id}":
            zh, en = _bar_text(ctx, bar29)
            yield finding(
                "UNIT-BLOCKED", _p(p), p,
                f"建设单位受第二十九条限制（{zh}）：对应整合而未整合的单位，「不支持新建信息化项目」",
                f"the owner unit is restricted under Art 29 ({en}): new projects are not supported "
                "while its systems await integration",
                severity=Severity.WARNING, key="29", article_applied="29", reason=bar29,
            )  # fmt: skip


def running_systems(ctx: Context) -> dict[int, ProjectFacts]:
    """Systems in operation: non-O&M projects at S6/S7 (not terminated), and every system an O&M
    claim is made for."""
    running = {
        p.id: p
        for p in ctx.data.projects
        if not is_om(p)
        and p.status != ProjectStatus.TERMINATED
        and STAGE_ORDER[p.stage] >= STAGE_ORDER[Stage.OPERATION]
    }
    for claim in _om_claims(ctx):
        if claim.system is not None and not is_om(claim.system):
            running.setdefault(claim.system.id, claim.system)
    return running


def latest_assessments(p: ProjectFacts) -> tuple[date | None, date | None]:
    """(latest 等级保护测评 — 安全保密测评 for 涉密 systems —, latest 密码应用安全性评估): the dates
    recorded on the project, or the acceptance reports' dates when those are later."""
    sec_kind = DocKind.ACC_CLASSIFIED_EVAL if p.classified else DocKind.ACC_MLPS_EVAL

    def report_on(kind: DocKind) -> date | None:
        doc = p.document(kind)
        return (doc.approved_on or doc.submitted_on) if doc is not None and doc.present else None

    def latest(*days: date | None) -> date | None:
        known = [d for d in days if d is not None]
        return max(known) if known else None

    return (
        latest(p.mlps_assessed_on, report_on(sec_kind)),
        latest(p.crypto_assessed_on, report_on(DocKind.ACC_CRYPTO_EVAL)),
    )


def rule_assessments(ctx: Context) -> Iterator[Finding]:
    """OM-ASSESS: Art 16 「定期开展网络安全检测与风险评估」, Art 17 密码保障系统「定期进行评估」, Art 31
    「定期开展密码应用安全性评估」: a running system whose latest assessment is older than the
    configured period (the text gives none; `Settings.assessment_period_months`)."""
    for p in running_systems(ctx).values():
        # read for each running system: kept findings note who reads it (app.services.kept)
        months = ctx.data.settings.assessment_period_months
        security, crypto = latest_assessments(p)
        sec_zh = "安全保密测评" if p.classified else "网络安全等级保护测评"
        sec_en = "classified-system security evaluation" if p.classified else "MLPS (graded protection) evaluation"  # fmt: skip
        for key, zh, en, last, quote_zh, quote_en in (
            ("assess.security", sec_zh, sec_en, security,
             "第十六条：「定期开展网络安全检测与风险评估」", "Art 16: regular security testing and risk assessment"),
            ("assess.crypto", "密码应用安全性评估", "crypto security assessment", crypto,
             "第十七条、第三十一条：「定期进行评估」「定期开展密码应用安全性评估」", "Art 17 and 31: regular crypto assessment"),
        ):  # fmt: skip
            due = add_months(last, months) if last is not None else None
            if due is not None and ctx.today <= due:
                continue
            when_zh = f"最近一次{zh}在{last}，已超过{months}个月" if last else f"未记录{zh}"
            when_en = f"the latest {en} was on {last}, more than {months} months ago" if last else f"no {en} recorded"  # fmt: skip
            yield finding(
                "OM-ASSESS", _p(p), p,
                f"运行中的系统{when_zh}；{quote_zh}",
                f"system in operation: {when_en} ({quote_en})",
                item=key, key=key, last=last.isoformat() if last else None, months=months,
            )  # fmt: skip


# --------------------------------------------------------------------------- evaluation


def evaluation_base(p: ProjectFacts) -> date | None:
    """Art 27 「通过竣工验收并投入运行后」: the later of the passed acceptance and the operation
    start. No passed acceptance (archive acceptance included), no clock; an operation start
    that is not recorded leaves the acceptance date."""
    acc = p.acceptance
    if not acceptance_passed(p) or acc is None or acc.accepted_on is None:
        return None
    dates = [acc.accepted_on] + ([p.operation_start_on] if p.operation_start_on else [])
    return max(dates)


def rule_performance(ctx: Context) -> Iterator[Finding]:
    today = ctx.today
    for p in ctx.data.projects:
        for ev in p.evaluations:
            if not ev.users_consulted:
                yield finding(
                    "PERF-USERS", (SubjectType.EVALUATION, ev.id), p,
                    "绩效评价报告未听取系统使用单位意见；第二十七条：「并征求有关项目使用单位意见，形成绩效评价报告」",
                    "evaluation report recorded without the views of the system's users (Art 27 "
                    "requires them)",
                )  # fmt: skip
        if is_om(p):
            continue
        base = evaluation_base(p)
        if base is None:
            continue
        filed = any(ev.filed_drc_on and ev.filed_finance_on for ev in p.evaluations)
        if filed:
            continue
        opens, closes = add_months(base, 12), add_months(base, 24)
        if today > closes:
            yield finding(
                "PERF-OVERDUE", _p(p), p,
                f"自{base}（通过竣工验收并投入运行）起已满24个月（{closes}），绩效评价报告未报区发展改革委和区财政局备案；"
                "第二十七条：「12－24个月内」",
                f"24 months from {base} (passed acceptance and operation) passed on {closes} with "
                "no evaluation filed with DRC and Finance (Art 27)",
                base=base.isoformat(), closes=closes.isoformat(),
            )  # fmt: skip
        elif opens <= today:
            yield finding(
                "PERF-WINDOW", _p(p), p,
                f"绩效自评窗口期：{opens}至{closes}（自{base}通过竣工验收并投入运行起12至24个月，第二十七条）",
                f"performance self-evaluation window open from {opens} to {closes} (Art 27)",
                base=base.isoformat(), opens=opens.isoformat(), closes=closes.isoformat(),
            )  # fmt: skip


def rule_rectify(ctx: Context) -> Iterator[Finding]:
    for order in ctx.data.orders:
        if order.closed_on is not None or ctx.today <= order.deadline:
            continue
        p = ctx.projects.get(order.project_id) if order.project_id else None
        days = (ctx.today - order.deadline).days
        yield finding(
            "SUP-RECTIFY", (SubjectType.ORDER, order.id), p,
            f"整改通知（{order.subject or order.issued_on}）要求{order.deadline}前完成，已逾期{days}天；"
            "可采取通报批评、暂缓安排投资计划、暂停项目建设、终止项目实施",
            f"rectification order due {order.deadline} is {days} days overdue; the text allows "
            "public criticism, deferring investment, suspending or terminating the project",
            deadline=order.deadline.isoformat(), days=days,
        )  # fmt: skip


RULE_FUNCTIONS: tuple[Callable[[Context], Iterable[Finding]], ...] = (
    rule_list,
    rule_art11,
    rule_plan_list,
    rule_rolling,
    rule_perf,
    rule_path,
    rule_dossier_documents,
    rule_order,
    rule_chapters,
    rule_dossier_quality,
    rule_art12,
    rule_duplicates,
    rule_estimates,
    rule_construction,
    rule_budget,
    rule_acceptance,
    rule_om,
    rule_om_integration,
    rule_unit_blocked,
    rule_assessments,
    rule_performance,
    rule_rectify,
)


#: The rules whose findings change with a unit's Art 28/29 bar (`unit_bars`), and the codes they
#: give. Of the projects they read only the bar columns — id, name, unit, type, status,
#: completed_on, the restriction flags, system_project_id — with the O&M requests and the
#: plan/budget lines' ids, projects and years (what `_om_claims` reads of them), the units and
#: the dismissals: a new bar (a restriction flag set or lifted) brings their findings up to date
#: from those columns alone, without evaluating the unit's projects whole
#: (`app.services.kept_bars`). A rule reading more, or another rule reading the bar, must
#: change that loader too: tests/services/test_kept_bars.py compares the two on the demo.
BAR_RULES: tuple[Callable[[Context], Iterable[Finding]], ...] = (
    rule_om_integration,
    rule_unit_blocked,
)
BAR_CODES = frozenset({"OM-INTEGRATION", "UNIT-BLOCKED"})


def evaluate(data: Dataset, today: date) -> list[Finding]:
    """Every finding over the dataset for `today`, sorted by severity, code and subject."""
    with collector_paused():
        return _evaluate(data, today)


def evaluate_rules(
    data: Dataset, today: date, rules: Iterable[Callable[[Context], Iterable[Finding]]]
) -> list[Finding]:
    """The findings of some `rules` only (of RULE_FUNCTIONS), as `evaluate` gives them."""
    with collector_paused():
        return _evaluate(data, today, tuple(rules))


def _evaluate(
    data: Dataset,
    today: date,
    rules: tuple[Callable[[Context], Iterable[Finding]], ...] | None = None,
) -> list[Finding]:
    ctx = Context.build(data, today)
    dismissals = {(d.code, d.subject_type, d.subject_id, d.key): d.reason for d in data.dismissals}
    results: list[Finding] = []
    for rule in RULE_FUNCTIONS if rules is None else rules:
        for f in rule(ctx):
            project = ctx.projects.get(f.project_id) if f.project_id is not None else None
            reason = dismissals.get((f.code, f.subject_type, f.subject_id, f.dismissal_key))
            if reason is not None:
                f = replace(f, open=False, dismissed_reason=reason)
            elif project is not None and project.status == ProjectStatus.TERMINATED:
                f = replace(f, open=False)
            results.append(f)
    # one flat tuple per finding: the same order as (sort_key, …), half the comparison time
    results.sort(key=lambda f: (*f.sort_key, f.project_id or 0, f.item or ""))
    return results


def project_findings(findings: Iterable[Finding], project_id: int) -> list[Finding]:
    return [f for f in findings if f.project_id == project_id]
