"""Dossier and acceptance checklists computed from a project's facts.

One truth for the GUI, the PDF and the command line: which items apply (by approval path,
type, cross-department, 涉密, Art 12 flags), which are 不适用 and why, each item's status and
the article it comes from. The engine's dossier and acceptance rules read the same items.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.rules.facts import (
    EVALUATION_CHAPTERS,
    MAJOR_THRESHOLD_YUAN,
    TYPE_EN,
    ApprovalFacts,
    ApprovalStep,
    Chapter,
    ConstructionType,
    DocKind,
    DocStatus,
    DocumentFacts,
    FrameworkElement,
    ProjectFacts,
    ReviewDepartment,
)

#: (zh, en) labels of the six Art 14 chapters
CHAPTER_LABELS: dict[Chapter, tuple[str, str]] = {
    Chapter.SYSTEM_INTEGRATION: ("系统整合", "System integration"),
    Chapter.DATA_GOVERNANCE: (
        "数据资源收集治理及业务应用梳理",
        "Data collection, governance and business use",
    ),
    Chapter.DATA_SHARING: ("数据资源共享分析", "Data sharing analysis"),
    Chapter.CYBERSECURITY: ("网络安全保护措施", "Cybersecurity measures"),
    Chapter.CRYPTO: ("密码应用方案", "Crypto application"),
    Chapter.INTENSIVE: ("集约化建设", "Intensive construction"),
}

#: chapter → the DOS-CH-* code that fires when it is missing
CHAPTER_CODES: dict[Chapter, str] = {
    Chapter.SYSTEM_INTEGRATION: "DOS-CH-SYS",
    Chapter.DATA_GOVERNANCE: "DOS-CH-DATA",
    Chapter.DATA_SHARING: "DOS-CH-SHARE",
    Chapter.CYBERSECURITY: "DOS-CH-SEC",
    Chapter.CRYPTO: "DOS-CH-CRYPTO",
    Chapter.INTENSIVE: "DOS-CH-INTENSIVE",
}

FRAMEWORK_LABELS: dict[FrameworkElement, tuple[str, str]] = {
    FrameworkElement.PARTICIPANTS: ("参建部门", "Participating units"),
    FrameworkElement.OBJECTIVES: ("建设目标", "Objectives"),
    FrameworkElement.CONTENT: ("主体内容", "Main content"),
    FrameworkElement.BUSINESS_FLOW: ("各部门业务流", "Business flow per unit"),
    FrameworkElement.DATA_FLOW: ("各部门数据流", "Data flow per unit"),
    FrameworkElement.INTERFACES: ("各部门系统接口", "System interfaces per unit"),
    FrameworkElement.DATA_CATALOGUE: ("初步数据目录", "Preliminary data catalogue"),
}

#: Art 9: the departments of the technical review, (zh, en)
REVIEW_DEPARTMENT_LABELS: dict[ReviewDepartment, tuple[str, str]] = {
    ReviewDepartment.CYBERSECURITY: ("网络安全主管部门", "Cybersecurity authority"),
    ReviewDepartment.BUDGET: ("预算管理主管部门", "Budget authority"),
    ReviewDepartment.GOV_SERVICES: ("政务服务主管部门", "Government services authority"),
    ReviewDepartment.CRYPTO: ("密码应用主管部门", "Cryptography authority"),
    ReviewDepartment.SECRECY: ("保密工作主管部门", "Secrecy authority"),
}

#: (zh, en, article) of every document kind
DOC_LABELS: dict[DocKind, tuple[str, str, str]] = {
    DocKind.FSR: ("可行性研究报告", "Feasibility study report", "9"),
    DocKind.FSR_ESTIMATE: ("概算（代初步设计）", "Budget estimate (in lieu of design)", "9"),
    DocKind.DESIGN: ("初步设计及概算方案", "Preliminary design and estimate", "9"),
    DocKind.REQUEST: ("请示文件", "Request letter", "14"),
    DocKind.POST_EVALUATION: (
        "前期项目第三方后评价报告",
        "Third-party post-evaluation of the earlier project",
        "14",
    ),
    DocKind.DATA_CATALOGUE: ("数据资源目录", "Data resource catalogue", "14"),
    DocKind.CRYPTO_PLAN: ("密码应用方案", "Crypto application plan", "14"),
    DocKind.EVALUATION: ("项目评估报告", "Project evaluation report", "9, 14"),
    DocKind.SECURITY_PRODUCTS: (
        "软硬件产品安全可靠情况说明",
        "Statement on product security and reliability",
        "18",
    ),
    DocKind.FRAMEWORK: ("跨部门工程框架方案", "Cross-department framework plan", "13"),
    DocKind.SHARE_MECHANISM: ("数据共享长效机制", "Long-term data-sharing mechanism", "14"),
    DocKind.SHARE_FEEDBACK: ("共享数据使用情况反馈机制", "Feedback on shared-data use", "14"),
    DocKind.ENERGY_ASSESSMENT: ("节能评估", "Energy assessment", "12"),
    DocKind.SITE_SELECTION: ("规划选址", "Site selection", "12"),
    DocKind.LAND_PREEXAM: ("用地预审", "Land-use pre-examination", "12"),
    DocKind.EIA: ("环境影响评价", "Environmental impact assessment", "12"),
    DocKind.PERFORMANCE_TABLE: ("绩效目标表", "Performance target table", "10"),
    DocKind.ACC_SUMMARY: ("项目建设总结", "Project summary", "25"),
    DocKind.ACC_FINANCE: ("财务报告", "Financial report", "25"),
    DocKind.ACC_AUDIT: ("审计报告", "Audit report", "25"),
    DocKind.ACC_CLASSIFIED_EVAL: (
        "涉密信息系统安全保密测评报告",
        "Classified-system security evaluation",
        "25",
    ),
    DocKind.ACC_MLPS_EVAL: ("网络安全等级保护测评报告", "MLPS evaluation report", "25"),
    DocKind.ACC_MLPS_FILING: ("等级保护备案情况", "MLPS filing record", "25"),
    DocKind.ACC_CRYPTO_EVAL: ("密码应用安全性评估报告", "Crypto security assessment", "25"),
    DocKind.ACC_DATA_DICT: ("数据字典", "Data dictionary", "25"),
    DocKind.ARCHIVE_ACCEPTANCE: ("档案验收", "Archive acceptance", "26"),
}

ART12_KINDS: tuple[DocKind, ...] = (
    DocKind.ENERGY_ASSESSMENT,
    DocKind.SITE_SELECTION,
    DocKind.LAND_PREEXAM,
    DocKind.EIA,
)

#: Art 14 ¶3: 「数据资源目录、密码应用方案是审批政务信息化项目的必备条件」
PREREQUISITE_KINDS: tuple[DocKind, ...] = (DocKind.DATA_CATALOGUE, DocKind.CRYPTO_PLAN)
#: Art 25 materials (「验收材料要求…一致」) and Art 26 archive acceptance
ACCEPTANCE_KINDS: tuple[DocKind, ...] = (
    DocKind.ACC_SUMMARY,
    DocKind.ACC_FINANCE,
    DocKind.ACC_AUDIT,
    DocKind.ACC_CLASSIFIED_EVAL,
    DocKind.ACC_MLPS_EVAL,
    DocKind.ACC_MLPS_FILING,
    DocKind.ACC_CRYPTO_EVAL,
    DocKind.ACC_DATA_DICT,
    DocKind.ARCHIVE_ACCEPTANCE,
)
_PREREQUISITE_WHY = (
    "第十四条：「数据资源目录、密码应用方案是审批政务信息化项目的必备条件」",
    "Art 14: the data resource catalogue and the crypto application plan are "
    "prerequisites for approving a project",
)
_MATERIAL_WHY = (
    "第二十五条：验收材料须一并提交，「验收材料要求…一致」",
    "Art 25: the acceptance materials are required alike for every project",
)
_ARCHIVE_WHY = (
    "第二十六条：「未进行档案验收或者档案验收不合格的，不得通过项目竣工验收」",
    "Art 26: without a passed archive acceptance the completion acceptance cannot pass",
)
#: kinds that can never be 不适用 by the user's choice, with the text that says so (zh, en)
NEVER_NOT_APPLICABLE: dict[DocKind, tuple[str, str]] = {
    **{kind: _PREREQUISITE_WHY for kind in PREREQUISITE_KINDS},
    **{kind: _MATERIAL_WHY for kind in ACCEPTANCE_KINDS if kind != DocKind.ARCHIVE_ACCEPTANCE},
    DocKind.ARCHIVE_ACCEPTANCE: _ARCHIVE_WHY,
}


def refused_not_applicable(doc: DocumentFacts | None) -> bool:
    """A record says 不适用 for a kind that can never be 不适用 (an older record, or an import):
    it counts as missing, and the finding says why."""
    return (
        doc is not None
        and doc.status == DocStatus.NOT_APPLICABLE
        and doc.kind in NEVER_NOT_APPLICABLE
    )


class ItemKind(StrEnum):
    DOCUMENT = "document"  # a document of the project (editable status, date, 文号)
    PART = "part"  # a chapter / opinion / element inside a document
    FACT = "fact"  # derived from other facts (list entry, consent, cloud, review items)


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    key: str  # "fsr", "fsr.ch.sys", "evaluation.op.data", "framework.el.data_flow", "list"
    label_zh: str
    label_en: str
    article: str
    kind: ItemKind
    applicable: bool
    status: DocStatus
    #: computed 不适用 reason, or the reason the user typed
    reason_zh: str = ""
    reason_en: str = ""
    parent: str | None = None
    doc_kind: DocKind | None = None
    submitted_on: date | None = None
    approved_on: date | None = None
    number: str = ""
    remark: str = ""
    #: what a computed item rests on (「已纳入2026年度项目清单」), shown beside it
    note_zh: str = ""
    note_en: str = ""

    @property
    def satisfied(self) -> bool:
        """Present, approved, or not applicable (with a reason)."""
        return self.status != DocStatus.MISSING

    def label(self, language: str = "zh") -> str:
        return self.label_en if language.startswith("en") else self.label_zh

    def reason(self, language: str = "zh") -> str:
        return self.reason_en if language.startswith("en") else self.reason_zh

    def note(self, language: str = "zh") -> str:
        return self.note_en if language.startswith("en") else self.note_zh


def satisfied(doc: DocumentFacts | None) -> bool:
    """A document counts when submitted/approved, or marked 不适用 with a typed reason — except
    for the kinds that can never be 不适用 (`NEVER_NOT_APPLICABLE`)."""
    if doc is None:
        return False
    if doc.status == DocStatus.NOT_APPLICABLE:
        return doc.kind not in NEVER_NOT_APPLICABLE and bool(doc.na_reason.strip())
    return doc.present


def two_step(project: ProjectFacts) -> bool:
    """Art 9: a major project takes two steps; a minor one 「可」 take one, or two when it chose
    to (an FSR or design step is recorded)."""
    return takes_two_steps(project.is_major, project.approvals)


def takes_two_steps(is_major: bool, approvals: Iterable[ApprovalFacts]) -> bool:
    """`two_step` from the two facts it reads (a list of thousands of projects reads only them)."""
    return is_major or any(a.step in (ApprovalStep.FSR, ApprovalStep.DESIGN) for a in approvals)


def final_approval_step(project: ProjectFacts) -> ApprovalStep:
    """The one-step approval, or the design-and-estimate approval where two steps are taken."""
    return final_step(project.is_major, project.approvals)


def final_step(is_major: bool, approvals: Iterable[ApprovalFacts]) -> ApprovalStep:
    """`final_approval_step` from the two facts it reads."""
    return ApprovalStep.DESIGN if takes_two_steps(is_major, approvals) else ApprovalStep.ONE_STEP


def final_approval_date(project: ProjectFacts) -> date | None:
    step = project.approval(final_approval_step(project))
    return step.approved_on if step else None


def approved_estimate_yuan(project: ProjectFacts) -> int | None:
    """The approved 概算: amount of the final approval step, when approved."""
    return estimate_of(project.total_investment_yuan, project.approvals)


def estimate_of(total_investment_yuan: int, approvals: Sequence[ApprovalFacts]) -> int | None:
    """`approved_estimate_yuan` from a project's total investment and its approval steps."""
    final = final_step(total_investment_yuan >= MAJOR_THRESHOLD_YUAN, approvals)
    step = next((a for a in approvals if a.step == final), None)
    if step is None or step.approved_on is None:
        return None
    return step.approved_amount_yuan


def approved_ceiling_yuan(project: ProjectFacts) -> int | None:
    """The investment the approvals allow: the approved 概算, or the new total of the latest
    change record carrying its approval (调整概算, Art 23)."""
    ceiling = approved_estimate_yuan(project)
    approved_changes = [c for c in project.changes if c.approved and c.new_total_yuan is not None]
    if ceiling is None or not approved_changes:
        return ceiling
    latest = max(approved_changes, key=lambda c: (c.approved_on or c.recorded_on, c.recorded_on))
    return latest.new_total_yuan


def art12_applies(project: ProjectFacts) -> bool:
    return project.new_civil_works or project.high_energy


def art12_required(project: ProjectFacts, kind: DocKind) -> bool:
    """Which approval the Art 12 exception lifts: 节能评估 for high energy use (and for new civil
    works, unless a reasoned 不适用 is recorded); 规划选址、用地预审、环评 for new civil works."""
    if kind == DocKind.ENERGY_ASSESSMENT:
        return art12_applies(project)
    return project.new_civil_works


ART12_NA_ZH = "第十二条：「原则上不再进行节能评估、规划选址、用地预审、环境影响评价等审批」，本项目不新建土建工程且非高耗能项目"
ART12_NA_EN = (
    "Art 12: in principle no energy assessment, site selection, land pre-examination or EIA; "
    "the project has no new civil works and no high energy use"
)
ART12_ENERGY_ONLY_ZH = "第十二条：仅「高耗能项目」除外，本项目不新建土建工程，原则上不再进行该审批"
ART12_ENERGY_ONLY_EN = (
    "Art 12: only high energy use is excepted and the project has no new civil works, "
    "so in principle this approval is not carried out"
)


# --------------------------------------------------------------------------- builders


def _na(reason_zh: str, reason_en: str) -> tuple[bool, DocStatus, str, str]:
    return False, DocStatus.NOT_APPLICABLE, reason_zh, reason_en


def _doc_item(
    project: ProjectFacts,
    kind: DocKind,
    *,
    applicable: bool = True,
    reason_zh: str = "",
    reason_en: str = "",
    label: tuple[str, str] | None = None,
) -> ChecklistItem:
    zh, en, article = DOC_LABELS[kind]
    if label:
        zh, en = label
    doc = project.document(kind)
    if not applicable:
        return ChecklistItem(
            kind.value,
            zh,
            en,
            article,
            ItemKind.DOCUMENT,
            False,
            DocStatus.NOT_APPLICABLE,
            reason_zh,
            reason_en,
            doc_kind=kind,
            remark=doc.remark if doc else "",
        )
    if doc is None:
        return ChecklistItem(
            kind.value, zh, en, article, ItemKind.DOCUMENT, True, DocStatus.MISSING, doc_kind=kind
        )
    status = doc.status
    user_reason = doc.na_reason.strip()
    if status == DocStatus.NOT_APPLICABLE and (not user_reason or kind in NEVER_NOT_APPLICABLE):
        # 不适用 without a reason, or for a kind that can never be 不适用: still a to-do
        status, user_reason = DocStatus.MISSING, ""
    return ChecklistItem(
        kind.value,
        zh,
        en,
        article,
        ItemKind.DOCUMENT,
        True,
        status,
        user_reason,
        user_reason,
        doc_kind=kind,
        submitted_on=doc.submitted_on,
        approved_on=doc.approved_on,
        number=doc.number,
        remark=doc.remark,
    )


def _part_items(
    parent: ChecklistItem,
    present: frozenset[str],
    labels: dict[Chapter, tuple[str, str]]
    | dict[FrameworkElement, tuple[str, str]]
    | dict[ReviewDepartment, tuple[str, str]],
    infix: str,
    article: str,
) -> list[ChecklistItem]:
    items: list[ChecklistItem] = []
    if not parent.applicable:
        return items  # the parent's 不适用 reason covers its parts
    for member, (zh, en) in labels.items():
        key = f"{parent.key}.{infix}.{member.value}"
        if not parent.applicable:
            status = DocStatus.NOT_APPLICABLE
        elif parent.status in (DocStatus.SUBMITTED, DocStatus.APPROVED):
            status = parent.status if member.value in present else DocStatus.MISSING
        else:
            status = DocStatus.MISSING
        items.append(
            ChecklistItem(
                key,
                zh,
                en,
                article,
                ItemKind.PART,
                parent.applicable,
                status,
                parent.reason_zh if not parent.applicable else "",
                parent.reason_en if not parent.applicable else "",
                parent=parent.key,
                doc_kind=parent.doc_kind,
            )
        )
    return items


def _chapters(project: ProjectFacts, item: ChecklistItem) -> list[ChecklistItem]:
    doc = project.document(item.doc_kind) if item.doc_kind else None
    present = frozenset(c.value for c in doc.chapters) if doc else frozenset()
    return _part_items(item, present, CHAPTER_LABELS, "ch", "14")


def _fact_item(
    key: str,
    zh: str,
    en: str,
    article: str,
    ok: bool,
    *,
    applicable: bool = True,
    reason: tuple[str, str] = ("", ""),
    when: date | None = None,
    number: str = "",
    note: tuple[str, str] = ("", ""),
) -> ChecklistItem:
    if not applicable:
        status = DocStatus.NOT_APPLICABLE
        note = ("", "")
    else:
        status = DocStatus.APPROVED if ok else DocStatus.MISSING
        reason = ("", "")  # a reason only explains 不适用
    return ChecklistItem(
        key,
        zh,
        en,
        article,
        ItemKind.FACT,
        applicable,
        status,
        reason[0],
        reason[1],
        approved_on=when,
        number=number,
        note_zh=note[0],
        note_en=note[1],
    )


#: O&M projects: the Art 14 dossier concerns construction; Art 11 still has O&M items 「开展行政审批」
OM_DOSSIER_REASON = (
    "运行维护项目：第十四条所列可行性研究报告等要件针对建设类项目（第二条：新建、改扩建、续建、购买服务）",
    "O&M project: the Art 14 dossier (feasibility study and the rest) concerns construction "
    "projects (Art 2: new, upgrade, continuation, service purchase)",
)


def dossier_checklist(project: ProjectFacts) -> list[ChecklistItem]:
    """Every dossier item of DOMAIN §3–4 for this project, in display order."""
    items: list[ChecklistItem] = []
    om = project.type == ConstructionType.OM
    om_reason = OM_DOSSIER_REASON

    def doc(
        kind: DocKind, applicable: bool = True, reason: tuple[str, str] = ("", "")
    ) -> ChecklistItem:
        if om:
            applicable, reason = False, om_reason
        item = _doc_item(
            project, kind, applicable=applicable, reason_zh=reason[0], reason_en=reason[1]
        )
        items.append(item)
        return item

    # the project list and Art 11
    listed_years = sorted({entry.year for entry in project.list_entries})
    years_zh, years_en = "、".join(map(str, listed_years)), ", ".join(map(str, listed_years))
    items.append(
        _fact_item(
            "list",
            "纳入年度项目清单",
            "On the year's project list",
            "8",
            bool(listed_years),
            # the years are not a 文号: they say which lists, the date when it was listed
            when=max((e.listed_on for e in project.list_entries if e.listed_on), default=None),
            note=(f"已纳入{years_zh}年度项目清单", f"on the {years_en} project lists")
            if listed_years
            else ("未纳入任何年度项目清单", "not on any year's project list"),
        )
    )
    outside = [entry for entry in project.list_entries if entry.basis.value != "budget"]
    consented = all(entry.consent_on is not None for entry in outside)
    items.append(
        _fact_item(
            "art11",
            "区政府同意（清单外纳入）",
            "District-government consent (Art 11)",
            "11",
            consented,
            applicable=bool(outside),
            reason=("按部门预算程序纳入清单", "listed through the department budget cycle"),
            when=max((e.consent_on for e in outside if e.consent_on), default=None),
            number="、".join(e.consent_number for e in outside if e.consent_number),
        )
    )
    steps = two_step(project)
    fsr = doc(DocKind.FSR)
    items.extend(_chapters(project, fsr))
    estimate_reason = (
        ("3000万元及以上项目两步审批，概算随初步设计报批", "major projects submit the estimate with the preliminary design")
        if project.is_major
        else ("已选择分两步审批，概算随初步设计报批", "two steps chosen: the estimate comes with the preliminary design")
    )  # fmt: skip
    doc(DocKind.FSR_ESTIMATE, not steps, estimate_reason)
    design = doc(
        DocKind.DESIGN,
        steps,
        (
            "3000万元以下项目一步审批：第九条「可直接编制项目可行性研究报告及概算（代初步设计）」",
            "minor project in one step: Art 9 allows the FSR with an estimate in lieu of design",
        ),
    )
    items.extend(_chapters(project, design))
    request_doc = project.document(DocKind.REQUEST)
    request = doc(
        DocKind.REQUEST,
        request_doc is not None,
        ("未上报请示文件", "no request letter recorded"),
    )
    items.extend(_chapters(project, request))
    doc(
        DocKind.POST_EVALUATION,
        project.type == ConstructionType.UPGRADE,
        (
            f"建设性质为{project.type.value}，非改扩建",
            f"type is {TYPE_EN[project.type]}, not upgrade/extension",
        ),
    )
    doc(DocKind.DATA_CATALOGUE)
    doc(DocKind.CRYPTO_PLAN)
    evaluation = doc(DocKind.EVALUATION)
    evaluation_doc = project.document(DocKind.EVALUATION)
    opinions = (
        frozenset(c.value for c in evaluation_doc.opinions) if evaluation_doc else frozenset()
    )
    opinion_labels = {c: pair for c, pair in CHAPTER_LABELS.items() if c in EVALUATION_CHAPTERS}
    items.extend(_part_items(evaluation, opinions, opinion_labels, "op", "14"))
    departments = (
        frozenset(d.value for d in evaluation_doc.review_departments)
        if evaluation_doc
        else frozenset()
    )
    items.extend(_part_items(evaluation, departments, REVIEW_DEPARTMENT_LABELS, "dept", "9"))
    doc(DocKind.SECURITY_PRODUCTS)
    framework = doc(
        DocKind.FRAMEWORK,
        project.cross_department,
        ("非跨部门项目", "not a cross-department project"),
    )
    framework_doc = project.document(DocKind.FRAMEWORK)
    elements = (
        frozenset(e.value for e in framework_doc.framework_elements)
        if framework_doc
        else frozenset()
    )
    items.extend(_part_items(framework, elements, FRAMEWORK_LABELS, "el", "13"))
    doc(DocKind.SHARE_MECHANISM)
    doc(DocKind.SHARE_FEEDBACK)
    for kind in ART12_KINDS:
        energy_only = art12_applies(project) and not project.new_civil_works
        reason = (
            (ART12_ENERGY_ONLY_ZH, ART12_ENERGY_ONLY_EN)
            if energy_only
            else (ART12_NA_ZH, ART12_NA_EN)
        )
        doc(kind, art12_required(project, kind), reason)
    doc(DocKind.PERFORMANCE_TABLE)
    cloud_ok = project.on_gov_cloud is True or bool(project.cloud_justification.strip())
    items.append(
        _fact_item(
            "cloud",
            "部署于区政务云或说明理由",
            "On the district government cloud, or justified",
            "19",
            cloud_ok,
            applicable=not om,
            reason=om_reason,
        )
    )
    return items


def acceptance_checklist(project: ProjectFacts) -> list[ChecklistItem]:
    """Materials (Art 25), archive acceptance (Art 26) and review items (Art 18)."""
    items: list[ChecklistItem] = []
    om = project.type == ConstructionType.OM
    om_reason = (
        "运行维护项目不组织竣工验收（第二十五条针对建成的项目）",
        "O&M projects have no completion acceptance (Art 25 concerns completed projects)",
    )

    def doc(kind: DocKind, applicable: bool = True, reason: tuple[str, str] = ("", "")) -> None:
        if om:
            applicable, reason = False, om_reason
        items.append(
            _doc_item(
                project, kind, applicable=applicable, reason_zh=reason[0], reason_en=reason[1]
            )
        )

    doc(DocKind.ACC_SUMMARY)
    doc(DocKind.ACC_FINANCE)
    doc(DocKind.ACC_AUDIT)
    classified = project.classified
    doc(
        DocKind.ACC_CLASSIFIED_EVAL,
        classified,
        ("非涉密系统，提交等级保护测评报告", "not classified: the MLPS evaluation applies"),
    )
    doc(
        DocKind.ACC_MLPS_EVAL,
        not classified,
        ("涉密系统，提交安全保密测评报告", "classified: the secrecy evaluation applies"),
    )
    doc(
        DocKind.ACC_MLPS_FILING,
        not classified,
        ("涉密系统不适用等级保护备案", "classified systems are not MLPS-filed"),
    )
    doc(DocKind.ACC_CRYPTO_EVAL)
    doc(DocKind.ACC_DATA_DICT)
    doc(DocKind.ARCHIVE_ACCEPTANCE)
    acceptance = project.acceptance
    review = (
        (
            "review.products",
            "软硬件产品安全可靠情况",
            "Security and reliability of products",
            acceptance.reviewed_products if acceptance else False,
        ),
        (
            "review.crypto_security",
            "密码应用和网络安全审查",
            "Crypto and security review",
            acceptance.reviewed_crypto_security if acceptance else False,
        ),
        (
            "review.energy",
            "硬件设备和新建数据中心能效",
            "Energy efficiency of hardware and data centres",
            acceptance.reviewed_energy if acceptance else False,
        ),
    )
    for key, zh, en, done in review:
        items.append(_fact_item(key, zh, en, "18", done, applicable=not om, reason=om_reason))
    # Art 14 ¶3: 「系统整合、数据资源共享的范围、程度…是确定…验收的重要依据」
    for key, zh, en, done in (
        ("review.integration", "系统整合情况", "System integration",
         acceptance.reviewed_integration if acceptance else False),
        ("review.sharing", "数据资源共享的范围和程度", "Scope and depth of data sharing",
         acceptance.reviewed_sharing if acceptance else False),
    ):  # fmt: skip
        items.append(_fact_item(key, zh, en, "14", done, applicable=not om, reason=om_reason))
    return items
