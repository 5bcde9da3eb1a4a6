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
    approved_estimate_yuan,
    art12_applies,
    final_approval_date,
    satisfied,
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
    ProjectFacts,
    ProjectStatus,
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
        article=rule.article,
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
    recorded as 缺, or recorded without its chapters, still fires (docs/rules.md).
    """
    return project.document(kind) is None and approval_done(project)


def lacks(project: ProjectFacts, kind: DocKind) -> bool:
    """A dossier document that is missing for the rules: not satisfied, and not merely unrecorded
    after the approval (`unrecorded_after_approval`)."""
    return not satisfied(project.document(kind)) and not unrecorded_after_approval(project, kind)


def in_acceptance_scope(project: ProjectFacts) -> bool:
    acc = project.acceptance
    started = acc is not None and (acc.applied_on or acc.organized_on or acc.accepted_on)
    return not is_om(project) and (project.completed_on is not None or bool(started))


def acceptance_passed(project: ProjectFacts) -> bool:
    acc = project.acceptance
    return acc is not None and acc.result == AcceptanceResult.PASSED


# --------------------------------------------------------------------------- planning


def rule_list(ctx: Context) -> Iterator[Finding]:
    """DOS-LIST: every approval application needs the project on that year's list."""
    for p in ctx.data.projects:
        fsr = p.approval(ApprovalStep.FSR)
        for step in p.approvals:
            if step.applied_on is None:
                continue
            years = {step.applied_on.year}
            if step.step == ApprovalStep.DESIGN and fsr and fsr.applied_on:
                years.add(fsr.applied_on.year)  # the design continues the listed FSR
            if any((p.id, year) in ctx.listed for year in years):
                continue
            year = step.applied_on.year
            yield finding(
                "DOS-LIST", _p(p), p,
                f"{year}年申请审批（{step.applied_on}），但项目未纳入{year}年度项目清单，不予受理",
                f"approval applied for on {step.applied_on} but the project is not on the "
                f"{year} project list",
                item="list", year=year, step=step.step.value,
            )  # fmt: skip


BASIS_ZH = {
    ListBasis.NATIONAL: "国家明确要求",
    ListBasis.MUNICIPAL: "市级明确要求",
    ListBasis.DISTRICT: "区委、区政府明确要求",
    ListBasis.CONTINUATION: "确需续建",
    ListBasis.OM: "确需运行维护",
}


def rule_art11(ctx: Context) -> Iterator[Finding]:
    for p in ctx.data.projects:
        for entry in p.list_entries:
            if entry.basis == ListBasis.BUDGET or entry.consent_on is not None:
                continue
            yield finding(
                "DOS-ART11", (SubjectType.LIST_ENTRY, entry.id), p,
                f"{entry.year}年以“{BASIS_ZH[entry.basis]}”纳入项目清单，未记录区政府同意",
                f"listed for {entry.year} outside the budget cycle ({entry.basis.value}) "
                "without recorded district-government consent",
                item="art11", year=entry.year,
            )  # fmt: skip


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
        if not is_om(p) and not approval_done(p):
            steps_zh = "初步设计及概算" if p.is_major else "可行性研究报告及概算"
            yield finding(
                "PLAN-UNAPPROVED", subject, p,
                f"{line.year}年度投资计划已安排，但{steps_zh}尚未批复",
                f"{line.year} plan line while the approval "
                f"({'FSR and design' if p.is_major else 'one-step'}) is not done",
                year=line.year,
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
            zh = f"总投资{amount}，达到3000万元，分两步审批：先批可行性研究报告，再批初步设计及概算"
            en = f"total investment {amount_en} ≥ 30 million yuan: two steps, FSR then design and estimate"
        else:
            zh = f"总投资{amount}，低于3000万元，一步审批：可行性研究报告及概算（代初步设计）"
            en = f"total investment {amount_en} < 30 million yuan: one step, FSR with estimate"
        yield finding("APV-PATH", _p(p), p, zh, en, two_step=p.is_major)


def _missing_doc(
    code: str, p: ProjectFacts, kind: DocKind, zh: str | None = None, en: str | None = None
) -> Finding:
    label_zh, label_en, _article = DOC_LABELS[kind]
    return finding(
        code, _p(p), p, zh or f"缺{label_zh}", en or f"no {label_en.lower()}", item=kind.value
    )


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
        if not p.is_major:
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
            yield _missing_doc(
                "DOS-DATACAT", p, DocKind.DATA_CATALOGUE,
                "缺数据资源目录，不予审批", "no data resource catalogue: approval impossible",
            )  # fmt: skip
        if lacks(p, DocKind.CRYPTO_PLAN):
            yield _missing_doc(
                "DOS-CRYPTOPLAN", p, DocKind.CRYPTO_PLAN,
                "缺密码应用方案，不予审批", "no crypto application plan: approval impossible",
            )  # fmt: skip
        if lacks(p, DocKind.SECURITY_PRODUCTS):
            yield _missing_doc("DOS-SECPROD", p, DocKind.SECURITY_PRODUCTS)


def rule_order(ctx: Context) -> Iterator[Finding]:
    for p in ctx.data.projects:
        if not p.is_major or not in_dossier_scope(p):
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
                "可行性研究报告尚未批复，已提交或批复初步设计",
                "preliminary design submitted or approved while the FSR is not approved",
                item=DocKind.DESIGN.value,
            )  # fmt: skip
        elif dates and min(dates) < fsr_on:
            yield finding(
                "DOS-ORDER", _p(p), p,
                f"初步设计日期（{min(dates)}）早于可行性研究报告批复（{fsr_on}）",
                f"preliminary design dated {min(dates)}, before the FSR approval of {fsr_on}",
                item=DocKind.DESIGN.value,
            )  # fmt: skip


def rule_chapters(ctx: Context) -> Iterator[Finding]:
    """DOS-CH-*: the FSR (and a major project's design) must have all six chapters."""
    for p in ctx.data.projects:
        if not in_dossier_scope(p):
            continue
        kinds = [DocKind.FSR] + ([DocKind.DESIGN] if p.is_major else [])
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
    """DOS-SHARE-MECH, DOS-EVAL, DOS-FRAMEWORK, DOS-CLOUD."""
    for p in ctx.data.projects:
        if not in_dossier_scope(p):
            continue
        no_mech = lacks(p, DocKind.SHARE_MECHANISM)
        no_feedback = lacks(p, DocKind.SHARE_FEEDBACK)
        if no_mech or no_feedback:
            kinds = [k for k, m in ((DocKind.SHARE_MECHANISM, no_mech), (DocKind.SHARE_FEEDBACK, no_feedback)) if m]  # fmt: skip
            yield finding(
                "DOS-SHARE-MECH", _p(p), p,
                "未建立" + "、".join(DOC_LABELS[k][0] for k in kinds),
                "no " + " and no ".join(DOC_LABELS[k][1].lower() for k in kinds),
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
        if not p.on_gov_cloud and not p.cloud_justification.strip():
            yield finding(
                "DOS-CLOUD", _p(p), p,
                "未部署于区政务云，且未说明理由",
                "not deployed on the district government cloud and no justification recorded",
                item="cloud",
            )  # fmt: skip


def rule_art12(ctx: Context) -> Iterator[Finding]:
    for p in ctx.data.projects:
        if not in_dossier_scope(p):
            continue
        if not art12_applies(p):
            yield finding(
                "DOS-ART12", _p(p), p,
                "不新建土建工程且非高耗能项目：节能评估、规划选址、用地预审、环境影响评价不适用，不得要求提供",
                "no new civil works and not high energy use: energy assessment, site selection, "
                "land pre-examination and EIA do not apply and may not be demanded",
                severity=Severity.INFO,
            )  # fmt: skip
            continue
        why_zh = "新建土建工程" if p.new_civil_works else "高耗能项目"
        why_en = "new civil works" if p.new_civil_works else "high energy use"
        for kind in ART12_KINDS:
            doc = p.document(kind)
            if (doc is not None and doc.present) or unrecorded_after_approval(p, kind):
                continue
            zh, en, _a = DOC_LABELS[kind]
            yield finding(
                "DOS-ART12", _p(p), p,
                f"{why_zh}，缺{zh}", f"{why_en}: no {en.lower()}",
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
        if not p.is_major:
            continue
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


def rule_construction(ctx: Context) -> Iterator[Finding]:
    today = ctx.today
    grace = ctx.data.settings.delay_grace_months
    for p in ctx.data.projects:
        if is_om(p):
            continue
        approved_on = final_approval_date(p)
        if approved_on is not None:
            if not p.implementing_agency.strip() or not p.responsible_person.strip():
                yield finding(
                    "CON-RESP", _p(p), p,
                    "已批复项目未明确项目实施机构或项目责任人",
                    "approved project without implementing agency or responsible person",
                )  # fmt: skip
            estimate = approved_estimate_yuan(p)
            differs = p.scope_changed or (
                estimate is not None and p.total_investment_yuan != estimate
            )
            if differs and not p.changes:
                yield finding(
                    "CON-CHANGE", _p(p), p,
                    f"建设内容或投资（{wan(p.total_investment_yuan)}）与批复（{wan(estimate)}）不一致，无变更记录",
                    f"scope or investment ({wan_en(p.total_investment_yuan)}) differs from the "
                    f"approval ({wan_en(estimate)}) with no change record",
                )  # fmt: skip
        in_construction = p.stage == Stage.CONSTRUCTION or (
            p.construction_start_on is not None and p.completed_on is None
        )
        if (
            in_construction
            and p.type != ConstructionType.SERVICE
            and not p.supervision_unit.strip()
        ):
            yield finding(
                "CON-SUPERVISION", _p(p), p,
                "项目建设未委托工程监理单位", "project in construction without a supervision unit",
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
                f"{zh}日期{d}早于审批（{basis_zh}），未批先建",
                f"{en} on {d}, before {basis_en}",
                first_date=d.isoformat(),
            )  # fmt: skip
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
                f"计划{p.planned_completion_on}建成，已超期{grace}个月以上，未向区发展改革委和区财政局报告",
                f"planned completion {p.planned_completion_on} passed by more than {grace} months, "
                "not reported to DRC and Finance",
                planned=p.planned_completion_on.isoformat() if p.planned_completion_on else None,
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
                    f"{year}年部门预算{wan(line.amount_yuan)}，项目未纳入{year}年度投资计划，不予纳入部门预算",
                    f"{year} budget line of {wan_en(line.amount_yuan)} for a project not in the "
                    f"{year} annual investment plan",
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
        estimate = approved_estimate_yuan(p)
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
        started = acc is not None and (
            (acc.applied_on if p.is_major else acc.organized_on) is not None
            or acc.accepted_on is not None
        )
        extension = acc is not None and acc.extension_requested_on is not None
        due = acceptance_due(p)
        if due is not None and not started and not extension:
            days_left = (due - today).days
            if days_left < 0:
                yield finding(
                    "ACC-DUE", _p(p), p,
                    f"{p.completed_on}建成，应于{due}前{'申请' if p.is_major else '组织'}竣工验收，已逾期{-days_left}天",
                    f"completed {p.completed_on}; acceptance was due by {due}, "
                    f"{-days_left} days overdue",
                    severity=Severity.ERROR, item="due", due=due.isoformat(), days=days_left,
                )  # fmt: skip
            elif days_left <= warn_days:
                yield finding(
                    "ACC-DUE", _p(p), p,
                    f"{p.completed_on}建成，应于{due}前{'申请' if p.is_major else '组织'}竣工验收，剩余{days_left}天",
                    f"completed {p.completed_on}; acceptance due by {due}, {days_left} days left",
                    severity=Severity.WARNING, item="due", due=due.isoformat(), days=days_left,
                )  # fmt: skip
        if p.is_major:
            zh = "重大项目：项目建设单位向区发展改革委申请，由区发展改革委组织竣工验收"
            en = "major project: DRC organizes the acceptance on the owner's application"
        else:
            zh = "一般项目：项目建设单位自行组织竣工验收，并将验收结果报区发展改革委备案"
            en = "minor project: the owner organizes the acceptance and files the result with DRC"
        yield finding("ACC-ORGANIZER", _p(p), p, zh, en, item="organizer")
        if not p.is_major and acceptance_passed(p) and acc is not None and acc.filed_on is None:
            yield finding(
                "ACC-FILED", _p(p), p,
                "竣工验收已通过，验收结果未报区发展改革委备案",
                "acceptance passed; the result is not filed with DRC",
                item="filed",
            )  # fmt: skip
        for code, kind in ACC_MATERIALS:
            if not satisfied(p.document(kind)):
                yield _missing_doc(code, p, kind)
        sec_kind = DocKind.ACC_CLASSIFIED_EVAL if p.classified else DocKind.ACC_MLPS_EVAL
        if not satisfied(p.document(sec_kind)):
            yield _missing_doc("ACC-MAT-SECEVAL", p, sec_kind)
        if not p.classified and not satisfied(p.document(DocKind.ACC_MLPS_FILING)):
            yield _missing_doc("ACC-MAT-MLPS", p, DocKind.ACC_MLPS_FILING)
        archive = p.document(DocKind.ARCHIVE_ACCEPTANCE)
        if archive is None or archive.status != DocStatus.APPROVED:
            yield finding(
                "ACC-ARCHIVE", _p(p), p,
                "档案验收未通过，不得通过竣工验收",
                "archive acceptance not passed: completion acceptance cannot pass",
                item=DocKind.ARCHIVE_ACCEPTANCE.value,
            )  # fmt: skip
        pending = []
        if acc is None or not acc.reviewed_products:
            pending.append(("软硬件产品安全可靠情况", "product security and reliability"))
        if acc is None or not acc.reviewed_crypto_security:
            pending.append(("密码应用和安全审查情况", "crypto and security review"))
        if acc is None or not acc.reviewed_energy:
            pending.append(("硬件设备和新建数据中心能效", "energy efficiency of hardware and data centres"))  # fmt: skip
        state_zh = "待审查：" + "、".join(z for z, _ in pending) if pending else "均已审查"
        state_en = "pending: " + ", ".join(e for _, e in pending) if pending else "all assessed"
        yield finding(
            "ACC-REVIEW", _p(p), p,
            f"验收须审查软硬件产品安全可靠、密码应用和安全审查、硬件及数据中心能效（{state_zh}）",
            "acceptance must assess product security and reliability, crypto and security review, "
            f"energy efficiency of hardware and any new data centre ({state_en})",
            item="review.products", pending=len(pending),
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
                f"{claim.year}年{what_zh}未关联已通过竣工验收的建设项目，不得安排运维经费",
                f"{claim.year} O&M claim names no system project that passed acceptance",
                year=claim.year,
            )  # fmt: skip
        elif not acceptance_passed(system):
            yield finding(
                "OM-NOACCEPT", claim.subject, claim.project,
                f"{claim.year}年{what_zh}：系统“{system.name}”未通过竣工验收，不得安排运维经费",
                f"{claim.year} O&M claim: system {system.name!r} has not passed acceptance",
                year=claim.year, system_project_id=system.id,
            )  # fmt: skip
        if system is not None and system.security_noncompliant:
            yield finding(
                "OM-SECURITY", claim.subject, claim.project,
                f"系统“{system.name}”不符合密码应用和网络安全要求或存在重大安全隐患，不安排运维经费",
                f"system {system.name!r} is non-compliant with crypto/cybersecurity requirements "
                "or has a major hazard: no O&M funds",
                year=claim.year, system_project_id=system.id,
            )  # fmt: skip
        bar = _unit_bar(ctx, claim.unit_id, SanctionArticle.ART29)
        if bar is not None:
            zh, en = _bar_text(ctx, bar)
            yield finding(
                "OM-INTEGRATION", claim.subject, claim.project,
                f"{ctx.unit_names.get(claim.unit_id, '')}存在应整合而未整合的系统（{zh}），不安排运维经费",
                f"{ctx.unit_names.get(claim.unit_id, '')} has systems to integrate ({en}): "
                "no O&M funds",
                year=claim.year, reason=bar,
            )  # fmt: skip


def rule_unit_blocked(ctx: Context) -> Iterator[Finding]:
    for p in ctx.data.projects:
        if p.type not in (ConstructionType.NEW, ConstructionType.UPGRADE):
            continue
        if p.status == ProjectStatus.TERMINATED or p.completed_on is not None:
            continue
        for article in (SanctionArticle.ART28, SanctionArticle.ART29):
            bar = _unit_bar(ctx, p.unit_id, article)
            if bar is None or bar == f"system:{p.id}":
                continue
            zh, en = _bar_text(ctx, bar)
            yield finding(
                "UNIT-BLOCKED", _p(p), p,
                f"建设单位受第{article.value}条限制（{zh}），不得新建、改建、扩建政务信息系统",
                f"the owner unit is restricted under Art {article.value} ({en}): "
                "no new or upgrade projects",
                article_applied=article.value, reason=bar,
            )  # fmt: skip
            break


# --------------------------------------------------------------------------- evaluation


def evaluation_base(p: ProjectFacts) -> date | None:
    """Art 27: the later of passed acceptance and operation start."""
    dates = [p.operation_start_on] if p.operation_start_on else []
    if acceptance_passed(p) and p.acceptance is not None and p.acceptance.accepted_on:
        dates.append(p.acceptance.accepted_on)
    return max(dates) if dates else None


def rule_performance(ctx: Context) -> Iterator[Finding]:
    today = ctx.today
    for p in ctx.data.projects:
        for ev in p.evaluations:
            if not ev.users_consulted:
                yield finding(
                    "PERF-USERS", (SubjectType.EVALUATION, ev.id), p,
                    "绩效评价报告未听取系统使用单位意见",
                    "evaluation report recorded without the views of the system's users",
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
                f"自{base}起已满24个月（{closes}），绩效评价报告未报区发展改革委和区财政局备案",
                f"24 months from {base} passed on {closes} with no evaluation filed with DRC "
                "and Finance",
                base=base.isoformat(), closes=closes.isoformat(),
            )  # fmt: skip
        elif opens <= today:
            yield finding(
                "PERF-WINDOW", _p(p), p,
                f"绩效自评窗口期：{opens}至{closes}（自{base}起12至24个月）",
                f"performance self-evaluation window open from {opens} to {closes}",
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
    rule_unit_blocked,
    rule_performance,
    rule_rectify,
)


def evaluate(data: Dataset, today: date) -> list[Finding]:
    """Every finding over the dataset for `today`, sorted by severity, code and subject."""
    with collector_paused():
        return _evaluate(data, today)


def _evaluate(data: Dataset, today: date) -> list[Finding]:
    ctx = Context.build(data, today)
    dismissals = {(d.code, d.subject_type, d.subject_id, d.key): d.reason for d in data.dismissals}
    results: list[Finding] = []
    for rule in RULE_FUNCTIONS:
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
