"""The facts the rules engine reads: frozen, plain, Qt-free and SQL-free.

`app.services.snapshot` builds a `Dataset` from the store; tests build one by hand.
Money is integer yuan (元) everywhere; 万元 is a display unit only. Dates are
`datetime.date`. Nothing here knows what "today" is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

#: Art 9 / Art 25: total investment of 3000 万元 (含) and above is a major project.
MAJOR_THRESHOLD_YUAN = 30_000_000


class ConstructionType(StrEnum):
    """建设性质 (Art 2)."""

    NEW = "新建"
    UPGRADE = "改扩建"
    CONTINUATION = "续建"
    SERVICE = "购买服务"
    OM = "运行维护"


#: English names of the construction types (messages in English; the UI has its own labels)
TYPE_EN = {
    ConstructionType.NEW: "new",
    ConstructionType.UPGRADE: "upgrade/extension",
    ConstructionType.CONTINUATION: "continuation",
    ConstructionType.SERVICE: "service purchase",
    ConstructionType.OM: "O&M",
}


class Stage(StrEnum):
    """Lifecycle stage (DOMAIN §3)."""

    PROPOSED = "S0"  # 需求申报
    LISTED = "S1"  # 纳入年度项目清单
    APPROVAL = "S2"  # 审批
    PLANNED = "S3"  # 纳入年度投资计划 / 部门预算
    CONSTRUCTION = "S4"  # 建设实施
    ACCEPTANCE = "S5"  # 竣工验收
    OPERATION = "S6"  # 运行维护
    EVALUATION = "S7"  # 绩效评价 / 后评价


class ProjectStatus(StrEnum):
    """Side states (Art 24, 31)."""

    ACTIVE = "active"
    DEFERRED = "deferred"  # 暂缓安排投资计划
    SUSPENDED = "suspended"  # 暂停
    TERMINATED = "terminated"  # 终止


class ApprovalStep(StrEnum):
    """Art 9: one step for minor projects, FSR then design for major ones."""

    ONE_STEP = "one_step"  # 可行性研究报告及概算（代初步设计）
    FSR = "fsr"  # 可行性研究报告
    DESIGN = "design"  # 初步设计及概算方案


class DocStatus(StrEnum):
    """One vocabulary for every checklist item (DOMAIN §4, checklist statuses)."""

    MISSING = "missing"  # 缺
    SUBMITTED = "submitted"  # 已提交
    APPROVED = "approved"  # 已批复 / 通过
    NOT_APPLICABLE = "na"  # 不适用 (always with a reason)


class DocKind(StrEnum):
    """Every document a checklist can ask for."""

    # dossier (Art 9, 12, 13, 14, 18)
    FSR = "fsr"  # 可行性研究报告 (both paths; for minor projects part of the one-step dossier)
    #: minor projects: the 概算（代初步设计） of the one-step dossier 可行性研究报告及概算（代初步设计）
    FSR_ESTIMATE = "fsr_estimate"
    DESIGN = "design"  # 初步设计及概算方案 (major, step 2)
    REQUEST = "request"  # 上报国家部委、市政府、区政府的请示文件
    POST_EVALUATION = "post_evaluation"  # 前期项目第三方后评价报告 (改扩建)
    DATA_CATALOGUE = "data_catalogue"  # 数据资源目录
    CRYPTO_PLAN = "crypto_plan"  # 密码应用方案
    EVALUATION = "evaluation"  # 项目评估报告 (自评 / 专家评审 / 第三方)
    SECURITY_PRODUCTS = "security_products"  # 软硬件产品安全可靠情况说明 (Art 18)
    FRAMEWORK = "framework"  # 跨部门工程框架方案 (Art 13)
    SHARE_MECHANISM = "share_mechanism"  # 数据共享长效机制 (Art 14)
    SHARE_FEEDBACK = "share_feedback"  # 共享数据使用情况反馈机制 (Art 14)
    ENERGY_ASSESSMENT = "energy_assessment"  # 节能评估 (Art 12)
    SITE_SELECTION = "site_selection"  # 规划选址 (Art 12)
    LAND_PREEXAM = "land_preexam"  # 用地预审 (Art 12)
    EIA = "eia"  # 环境影响评价 (Art 12)
    PERFORMANCE_TABLE = "performance_table"  # 绩效目标表 (Art 10)
    # acceptance materials (Art 25, 26)
    ACC_SUMMARY = "acc_summary"  # 项目建设总结
    ACC_FINANCE = "acc_finance"  # 财务报告
    ACC_AUDIT = "acc_audit"  # 审计报告
    ACC_CLASSIFIED_EVAL = "acc_classified_eval"  # 涉密信息系统安全保密测评报告
    ACC_MLPS_EVAL = "acc_mlps_eval"  # 网络安全等级保护测评报告
    ACC_MLPS_FILING = "acc_mlps_filing"  # 网络安全等级保护备案情况
    ACC_CRYPTO_EVAL = "acc_crypto_eval"  # 密码应用安全性评估报告
    ACC_DATA_DICT = "acc_data_dict"  # 数据字典
    ARCHIVE_ACCEPTANCE = "archive_acceptance"  # 档案验收 (Art 26)


class Chapter(StrEnum):
    """The six chapters of Art 14."""

    SYSTEM_INTEGRATION = "sys"  # 系统整合
    DATA_GOVERNANCE = "data"  # 数据资源收集治理及业务应用梳理
    DATA_SHARING = "share"  # 数据资源共享分析
    CYBERSECURITY = "sec"  # 网络安全保护措施
    CRYPTO = "crypto"  # 密码应用方案
    INTENSIVE = "intensive"  # 集约化建设


#: Art 14 (second paragraph): the evaluation report must give opinions on these five;
#: the text does not ask for an opinion on 系统整合.
EVALUATION_CHAPTERS: frozenset[Chapter] = frozenset(
    {
        Chapter.DATA_GOVERNANCE,
        Chapter.DATA_SHARING,
        Chapter.CYBERSECURITY,
        Chapter.CRYPTO,
        Chapter.INTENSIVE,
    }
)


class FrameworkElement(StrEnum):
    """What an Art 13 joint framework plan must name."""

    PARTICIPANTS = "participants"  # 参建部门
    OBJECTIVES = "objectives"  # 建设目标
    CONTENT = "content"  # 主体内容
    BUSINESS_FLOW = "business_flow"  # 业务流
    DATA_FLOW = "data_flow"  # 数据流
    INTERFACES = "interfaces"  # 系统接口
    DATA_CATALOGUE = "data_catalogue"  # 初步数据目录


class ReviewDepartment(StrEnum):
    """Art 9: the departments DRC brings into the technical review (项目技术审查)."""

    CYBERSECURITY = "cybersecurity"  # 网络安全主管部门
    BUDGET = "budget"  # 预算管理主管部门
    GOV_SERVICES = "gov_services"  # 政务服务主管部门
    CRYPTO = "crypto"  # 密码应用主管部门
    SECRECY = "secrecy"  # 保密工作主管部门


class ProcurementMethod(StrEnum):
    """Art 15 政府采购、招标投标: the procurement methods of the 政府采购法 and 招标投标法."""

    OPEN_TENDER = "open_tender"  # 公开招标
    INVITED_TENDER = "invited_tender"  # 邀请招标
    COMPETITIVE_NEGOTIATION = "negotiation"  # 竞争性谈判
    COMPETITIVE_CONSULTATION = "consultation"  # 竞争性磋商
    SINGLE_SOURCE = "single_source"  # 单一来源采购
    INQUIRY = "inquiry"  # 询价
    FRAMEWORK_AGREEMENT = "framework"  # 框架协议采购
    OTHER = "other"  # 其他（如依法不进行政府采购的情形，备注说明）


#: (zh, en) names of the procurement methods (messages, the submission sheet; the UI translates)
PROCUREMENT_LABELS: dict[ProcurementMethod, tuple[str, str]] = {
    ProcurementMethod.OPEN_TENDER: ("公开招标", "open tender"),
    ProcurementMethod.INVITED_TENDER: ("邀请招标", "invited tender"),
    ProcurementMethod.COMPETITIVE_NEGOTIATION: ("竞争性谈判", "competitive negotiation"),
    ProcurementMethod.COMPETITIVE_CONSULTATION: ("竞争性磋商", "competitive consultation"),
    ProcurementMethod.SINGLE_SOURCE: ("单一来源采购", "single source"),
    ProcurementMethod.INQUIRY: ("询价", "request for quotations"),
    ProcurementMethod.FRAMEWORK_AGREEMENT: ("框架协议采购", "framework agreement"),
    ProcurementMethod.OTHER: ("其他", "other"),
}


class EvaluationMethod(StrEnum):
    """Art 9: how the project evaluation was made."""

    SELF = "self"  # 自评
    EXPERT = "expert"  # 组织专家评审
    THIRD_PARTY = "third_party"  # 委托第三方咨询机构


class ListBasis(StrEnum):
    """Why a project is on the year's list. Everything but BUDGET is Art 11."""

    BUDGET = "budget"  # 部门年度预算安排 (normal cycle)
    NATIONAL = "national"  # 国家明确要求
    MUNICIPAL = "municipal"  # 市级明确要求
    DISTRICT = "district"  # 区委、区政府明确要求
    CONTINUATION = "continuation"  # 确需续建
    OM = "om"  # 确需运行维护


class AcceptanceResult(StrEnum):
    PASSED = "passed"
    FAILED = "failed"


class Organizer(StrEnum):
    DRC = "drc"  # 区发展改革委组织 (major)
    OWNER = "owner"  # 项目建设单位组织 (minor)


class SanctionArticle(StrEnum):
    ART28 = "28"  # 不符合密码应用和网络安全要求 / 重大安全隐患
    ART29 = "29"  # 应整合而未整合


class Severity(StrEnum):
    BLOCKER = "blocker"
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class SubjectType(StrEnum):
    PROJECT = "project"
    UNIT = "unit"
    LIST_ENTRY = "list_entry"
    PLAN_LINE = "plan_line"
    BUDGET_LINE = "budget_line"
    OM_REQUEST = "om_request"
    ORDER = "order"  # rectification order
    EVALUATION = "evaluation"  # performance evaluation


# --------------------------------------------------------------------------- facts


@dataclass(frozen=True, slots=True)
class Sanction:
    article: SanctionArticle
    imposed_on: date
    lifted_on: date | None = None
    reason: str = ""

    def active_on(self, day: date) -> bool:
        return self.imposed_on <= day and (self.lifted_on is None or self.lifted_on > day)


@dataclass(frozen=True, slots=True)
class UnitFacts:
    id: int
    name: str
    sanctions: tuple[Sanction, ...] = ()


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    """A recorded document of a project. Absent kinds are simply not in the tuple."""

    kind: DocKind
    status: DocStatus = DocStatus.SUBMITTED
    submitted_on: date | None = None
    approved_on: date | None = None
    number: str = ""  # 文号
    na_reason: str = ""
    remark: str = ""
    #: Art 14 chapters present (FSR, DESIGN, REQUEST)
    chapters: frozenset[Chapter] = frozenset()
    #: Art 14 ¶2 opinions present (EVALUATION)
    opinions: frozenset[Chapter] = frozenset()
    #: EVALUATION only
    method: EvaluationMethod | None = None
    #: Art 13 elements named (FRAMEWORK)
    framework_elements: frozenset[FrameworkElement] = frozenset()
    #: Art 9 departments recorded as taking part in the technical review (EVALUATION)
    review_departments: frozenset[ReviewDepartment] = frozenset()

    @property
    def present(self) -> bool:
        """Submitted or approved: the document exists in the dossier."""
        return self.status in (DocStatus.SUBMITTED, DocStatus.APPROVED)


@dataclass(frozen=True, slots=True)
class ApprovalFacts:
    """One approval step: the application and, once decided, the approval."""

    step: ApprovalStep
    applied_on: date | None = None
    approved_on: date | None = None
    #: FSR: approved 估算; DESIGN and ONE_STEP: approved 概算
    approved_amount_yuan: int | None = None
    number: str = ""  # 批复文号


@dataclass(frozen=True, slots=True)
class ListEntryFacts:
    """The project on a year's project list (Art 8, 11)."""

    id: int
    year: int
    basis: ListBasis = ListBasis.BUDGET
    listed_on: date | None = None
    #: Art 11 区政府同意, required when basis is not BUDGET
    consent_on: date | None = None
    consent_number: str = ""


@dataclass(frozen=True, slots=True)
class AcceptanceFacts:
    """Completion acceptance (Art 18, 25, 26). Materials are documents of the project."""

    applied_on: date | None = None  # major: application to DRC
    organized_on: date | None = None  # minor: the owner organizes
    accepted_on: date | None = None
    result: AcceptanceResult | None = None
    organizer: Organizer | None = None
    filed_on: date | None = None  # minor: result 备案 with DRC
    extension_requested_on: date | None = None
    extension_reason: str = ""
    #: Art 18 review items assessed at acceptance
    reviewed_products: bool = False
    reviewed_crypto_security: bool = False
    reviewed_energy: bool = False
    #: Art 14 ¶3: 系统整合、数据资源共享的范围、程度 are 「验收的重要依据」
    reviewed_integration: bool = False
    reviewed_sharing: bool = False


@dataclass(frozen=True, slots=True)
class ChangeRecordFacts:
    """A change of scope or investment (Art 22, 23) and, once given, its approval."""

    recorded_on: date
    description: str = ""
    new_total_yuan: int | None = None
    approved_on: date | None = None  # the approval of the change (调整概算 / 变更批复)
    approval_number: str = ""  # its 文号

    @property
    def approved(self) -> bool:
        """The record carries its approval: a date or a 文号."""
        return self.approved_on is not None or bool(self.approval_number.strip())


@dataclass(frozen=True, slots=True)
class EvaluationFacts:
    """A performance evaluation report (Art 27)."""

    id: int
    report_on: date | None = None
    filed_drc_on: date | None = None
    filed_finance_on: date | None = None
    users_consulted: bool = False


@dataclass(frozen=True, slots=True)
class ProjectFacts:
    id: int
    name: str
    unit_id: int
    type: ConstructionType
    total_investment_yuan: int
    code: str = ""
    content: str = ""  # 建设规模及内容
    stage: Stage = Stage.PROPOSED
    status: ProjectStatus = ProjectStatus.ACTIVE
    cross_department: bool = False
    participant_unit_ids: tuple[int, ...] = ()
    classified: bool = False  # 涉密
    new_civil_works: bool = False  # 新建土建工程
    high_energy: bool = False  # 高耗能
    #: 政务云 (Art 19): True / False, None = not recorded (not the same as "on the cloud")
    on_gov_cloud: bool | None = None
    cloud_justification: str = ""
    #: Art 28: the system is non-compliant with crypto or cybersecurity, or has a major hazard
    security_noncompliant: bool = False
    #: Art 29: the system should be integrated and is not
    integration_pending: bool = False
    #: 运行维护 projects: the project that built the system being maintained
    system_project_id: int | None = None
    implementing_agency: str = ""  # 项目实施机构
    responsible_person: str = ""  # 项目责任人
    supervision_unit: str = ""  # 工程监理单位
    #: Art 21: why no supervision unit is needed (不适用 with a reason; empty = it is needed)
    supervision_na_reason: str = ""
    #: Art 15: how the contract was procured, and when (采购方式, 采购日期)
    procurement_method: ProcurementMethod | None = None
    procurement_on: date | None = None
    #: Art 16, 17, 31: the latest 等级保护测评 (涉密: 安全保密测评) and 密码应用安全性评估
    mlps_assessed_on: date | None = None
    crypto_assessed_on: date | None = None
    planned_completion_on: date | None = None
    completed_on: date | None = None  # 建成
    operation_start_on: date | None = None  # 投入运行
    contract_signed_on: date | None = None
    supervision_contract_on: date | None = None
    construction_start_on: date | None = None
    delay_reported_on: date | None = None  # Art 24 report to DRC and Finance
    scope_changed: bool = False  # construction content differs from the approval
    # money trail (integer yuan; None = not recorded)
    declared_yuan: int | None = None  # 申报金额
    reviewed_yuan: int | None = None  # 审定金额
    estimate_yuan: int | None = None  # FSR 估算 as submitted
    proposed_budget_estimate_yuan: int | None = None  # 概算 as proposed in the design
    contract_yuan: int | None = None
    paid_yuan: int | None = None
    documents: tuple[DocumentFacts, ...] = ()
    approvals: tuple[ApprovalFacts, ...] = ()
    list_entries: tuple[ListEntryFacts, ...] = ()
    acceptance: AcceptanceFacts | None = None
    changes: tuple[ChangeRecordFacts, ...] = ()
    evaluations: tuple[EvaluationFacts, ...] = ()

    @property
    def is_major(self) -> bool:
        """Art 9: 3000 万元 (含) and above."""
        return self.total_investment_yuan >= MAJOR_THRESHOLD_YUAN

    def document(self, kind: DocKind) -> DocumentFacts | None:
        for doc in self.documents:
            if doc.kind == kind:
                return doc
        return None

    def has_document(self, kind: DocKind) -> bool:
        doc = self.document(kind)
        return doc is not None and doc.present

    def approval(self, step: ApprovalStep) -> ApprovalFacts | None:
        for step_facts in self.approvals:
            if step_facts.step == step:
                return step_facts
        return None


@dataclass(frozen=True, slots=True)
class PlanLineFacts:
    """A line of the annual investment plan (年度投资计划)."""

    id: int
    project_id: int
    year: int
    amount_yuan: int


@dataclass(frozen=True, slots=True)
class BudgetLineFacts:
    """A line of a department budget (部门预算)."""

    id: int
    project_id: int
    year: int
    amount_yuan: int


@dataclass(frozen=True, slots=True)
class RollingLineFacts:
    """A year's amount of the 3-year rolling plan edition starting at `period_start`."""

    id: int
    project_id: int
    period_start: int
    year: int
    amount_yuan: int


@dataclass(frozen=True, slots=True)
class OMRequestFacts:
    """A request for O&M funds (运行维护经费) for the system a project built."""

    id: int
    project_id: int
    unit_id: int
    year: int
    amount_yuan: int
    requested_on: date | None = None


@dataclass(frozen=True, slots=True)
class RectificationFacts:
    """A rectification order (限期整改, Art 31)."""

    id: int
    unit_id: int
    issued_on: date
    deadline: date
    project_id: int | None = None
    subject: str = ""
    closed_on: date | None = None


@dataclass(frozen=True, slots=True)
class RegisteredSystemFacts:
    """An existing information system known to DRC (for duplicate detection)."""

    id: int
    unit_id: int
    name: str
    content: str = ""


@dataclass(frozen=True, slots=True)
class Dismissal:
    """A reviewer dismissed a finding (e.g. DUP-SIMILAR) with a reason."""

    code: str
    subject_type: SubjectType
    subject_id: int
    key: str  # e.g. "project:17" for the other project of a DUP-SIMILAR pair
    reason: str


@dataclass(frozen=True, slots=True)
class Settings:
    """Engine options that the text leaves open."""

    #: CON-DELAY: the text gives no number; default 6 months
    delay_grace_months: int = 6
    #: ACC-DUE: warning from this many days before the due date
    acceptance_warning_days: int = 30
    #: OM-ASSESS: 「定期」 (Art 16, 17, 31) gives no number; default 12 months, the yearly
    #: 等级测评 / 密评 the national rules ask of systems at level 3 and above
    assessment_period_months: int = 12


@dataclass(frozen=True, slots=True)
class Dataset:
    units: tuple[UnitFacts, ...] = ()
    projects: tuple[ProjectFacts, ...] = ()
    plan_lines: tuple[PlanLineFacts, ...] = ()
    budget_lines: tuple[BudgetLineFacts, ...] = ()
    rolling_lines: tuple[RollingLineFacts, ...] = ()
    #: the first years (period_start) of every 3-year rolling-plan edition in the store, whoever's
    #: lines they hold: a few projects' dataset knows which years some edition covers (PLAN-ROLLING)
    rolling_editions: tuple[int, ...] = ()
    om_requests: tuple[OMRequestFacts, ...] = ()
    orders: tuple[RectificationFacts, ...] = ()
    registered_systems: tuple[RegisteredSystemFacts, ...] = ()
    dismissals: tuple[Dismissal, ...] = ()
    settings: Settings = field(default_factory=Settings)
