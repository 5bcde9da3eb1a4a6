"""Dossier and acceptance checklists computed from a project's facts.

One truth for the GUI, the PDF and the command line: which items apply (by approval path,
type, cross-department, 涉密, Art 12 flags), which are 不适用 and why, each item's status and
the article it comes from. The engine's dossier and acceptance rules read the same items.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.rules.facts import (
    EVALUATION_CHAPTERS,
    TYPE_EN,
    ApprovalStep,
    Chapter,
    ConstructionType,
    DocKind,
    DocStatus,
    DocumentFacts,
    FrameworkElement,
    ProjectFacts,
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
    """A document counts when submitted/approved, or marked 不适用 with a typed reason."""
    if doc is None:
        return False
    if doc.status == DocStatus.NOT_APPLICABLE:
        return bool(doc.na_reason.strip())
    return doc.present


def final_approval_step(project: ProjectFacts) -> ApprovalStep:
    """Minor: the one-step approval; major: the design-and-estimate approval (Art 9)."""
    return ApprovalStep.DESIGN if project.is_major else ApprovalStep.ONE_STEP


def final_approval_date(project: ProjectFacts) -> date | None:
    step = project.approval(final_approval_step(project))
    return step.approved_on if step else None


def approved_estimate_yuan(project: ProjectFacts) -> int | None:
    """The approved 概算: amount of the final approval step, when approved."""
    step = project.approval(final_approval_step(project))
    if step is None or step.approved_on is None:
        return None
    return step.approved_amount_yuan


def art12_applies(project: ProjectFacts) -> bool:
    return project.new_civil_works or project.high_energy


ART12_NA_ZH = "不新建土建工程且非高耗能项目，第十二条前置要件不适用"
ART12_NA_EN = "no new civil works and not high energy use: Art 12 prerequisites do not apply"


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
    if status == DocStatus.NOT_APPLICABLE and not user_reason:
        status = DocStatus.MISSING  # 不适用 without a reason is refused: still a to-do
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
    labels: dict[Chapter, tuple[str, str]] | dict[FrameworkElement, tuple[str, str]],
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


def dossier_checklist(project: ProjectFacts) -> list[ChecklistItem]:
    """Every dossier item of DOMAIN §3–4 for this project, in display order."""
    items: list[ChecklistItem] = []
    om = project.type == ConstructionType.OM
    om_reason = ("运行维护项目不履行审批程序", "O&M projects go through no approval")

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
    major = project.is_major
    fsr = doc(DocKind.FSR)
    items.extend(_chapters(project, fsr))
    doc(
        DocKind.FSR_ESTIMATE,
        not major,
        (
            "3000万元及以上项目两步审批，概算随初步设计报批",
            "major projects submit the estimate with the preliminary design",
        ),
    )
    design = doc(
        DocKind.DESIGN,
        major,
        (
            "3000万元以下项目一步审批，以概算代初步设计",
            "minor projects: one step, estimate in lieu of design",
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
        doc(kind, art12_applies(project), (ART12_NA_ZH, ART12_NA_EN))
    doc(DocKind.PERFORMANCE_TABLE)
    cloud_ok = project.on_gov_cloud or bool(project.cloud_justification.strip())
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
    om_reason = ("运行维护项目无竣工验收", "O&M projects have no completion acceptance")

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
    return items
