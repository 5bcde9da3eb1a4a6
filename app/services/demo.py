"""A realistic demo database: 14 owner units, 46 projects, three plan years, and an expert
pool with a confirmed review round (reviews returned) and an open one (app.services.demo_experts).

Every construction type, both approval paths, and in every area of the rules catalogue some
projects that comply and some that do not. Dates are relative to `today`, so the demo tells
the same story whenever it is generated: plan years are last year, this year and next year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import (
    Acceptance,
    Approval,
    BudgetLine,
    ChangeRecord,
    Document,
    DocumentPart,
    ListEntry,
    OMRequest,
    PerformanceEvaluation,
    PlanLine,
    Project,
    ProjectParticipant,
    RectificationOrder,
    RegisteredSystem,
    RollingLine,
    Unit,
    UnitSanction,
)
from app.rules.checklists import ART12_KINDS
from app.rules.dates import add_months
from app.rules.facts import (
    MAJOR_THRESHOLD_YUAN,
    AcceptanceResult,
    ApprovalStep,
    Chapter,
    ConstructionType,
    DocKind,
    DocStatus,
    EvaluationMethod,
    FrameworkElement,
    ListBasis,
    Organizer,
    ProcurementMethod,
    ReviewDepartment,
    SanctionArticle,
    Stage,
)
from app.services.demo_experts import ExpertDemo
from app.services.roles import drc_only

WAN = 10_000
NEW, UPG, CONT, SVC, OM = (
    ConstructionType.NEW,
    ConstructionType.UPGRADE,
    ConstructionType.CONTINUATION,
    ConstructionType.SERVICE,
    ConstructionType.OM,
)
S = Stage

UNITS = (
    ("重庆市江津区大数据发展局", "区大数据局"),
    ("重庆市江津区公安局", "区公安局"),
    ("重庆市江津区卫生健康委员会", "区卫生健康委"),
    ("重庆市江津区教育委员会", "区教委"),
    ("重庆市江津区民政局", "区民政局"),
    ("重庆市江津区人力资源和社会保障局", "区人力社保局"),
    ("重庆市江津区规划和自然资源局", "区规划自然资源局"),
    ("重庆市江津区生态环境局", "区生态环境局"),
    ("重庆市江津区住房和城乡建设委员会", "区住房城乡建委"),
    ("重庆市江津区交通运输委员会", "区交通委"),
    ("重庆市江津区应急管理局", "区应急局"),
    ("重庆市江津区市场监督管理局", "区市场监管局"),
    ("重庆市江津区医疗保障局", "区医保局"),
    ("重庆市江津区城市管理局", "区城市管理局"),
)


@dataclass
class Spec:
    name: str
    unit: int  # index into UNITS
    type: ConstructionType
    wan: int  # total investment in 万元
    stage: Stage
    content: str
    defects: frozenset[str] = field(default_factory=frozenset)
    system: str = ""  # O&M: name of the project whose system is maintained
    cross: tuple[int, ...] = ()  # participating units


def spec(name: str, unit: int, type_: ConstructionType, wan: int, stage: Stage, content: str,
         *defects: str, system: str = "", cross: tuple[int, ...] = ()) -> Spec:  # fmt: skip
    return Spec(name, unit, type_, wan, stage, content, frozenset(defects), system, cross)


SPECS = (
    # ---- approval in progress (S2)
    spec("江津区一网统管城市运行中心（二期）", 0, UPG, 4800, S.APPROVAL, "城市运行体征监测、事件智能分拨、指挥调度大屏及移动端", "design_early", cross=(1, 10, 13)),
    spec("江津区智慧教育云平台", 3, NEW, 1850, S.APPROVAL, "建设全区中小学统一教育资源平台、教学应用和数据中台", "missing_ch_sys", "cloud_unrecorded"),
    spec("江津区智慧养老服务平台", 4, NEW, 620, S.APPROVAL, "养老机构监管、居家养老服务预约、老年人能力评估数据库", "no_datacat", "no_share_feedback"),
    spec("江津区医养结合智慧养老服务平台", 2, NEW, 580, S.APPROVAL, "居家养老服务预约、养老机构监管、老年人能力评估与健康档案"),
    spec("江津区生态环境监测监控平台", 7, NEW, 2350, S.APPROVAL, "水、气、土壤自动监测站数据汇聚，污染源在线监控，新建监测站房", "civil", "eia_exempt", "missing_ch_sec"),
    spec("江津区不动产登记“一窗受理”系统升级", 6, UPG, 460, S.APPROVAL, "不动产登记、交易、税务一窗受理，电子证照共享", "no_posteval", "not_listed", "no_fsr"),
    spec("江津区网格化社会治理平台", 0, NEW, 2980, S.APPROVAL, "网格员移动巡查、事件上报流转、网格事件分析", "no_eval_opinion", "reviewers_missing", "art11"),
    spec("江津区危险化学品安全风险监测预警系统", 10, NEW, 3600, S.APPROVAL, "重点危化企业安全风险感知、预警模型、应急联动", "no_design", "framework_incomplete", cross=(11,)),
    spec("江津区医保基金智能监管系统", 12, NEW, 760, S.APPROVAL, "医保结算数据智能审核、欺诈骗保风险模型", "no_cryptoplan", "request_incomplete"),
    spec("江津区城市道路桥梁智能监测系统", 13, NEW, 1350, S.APPROVAL, "桥梁结构健康监测传感器、道路病害巡检", "no_cloud", "no_secprod"),
    spec("江津区数据中心机房扩容工程", 0, UPG, 2600, S.APPROVAL, "区政务数据中心机房扩容、UPS及精密空调改造", "high_energy_ok"),
    # ---- approved and planned (S3)
    spec("江津区政务服务“一网通办”平台优化", 0, UPG, 980, S.PLANNED, "事项标准化、智能导办、好差评、电子证照调用", "reduction"),
    spec("江津区校园安全视频联网系统", 3, NEW, 1280, S.PLANNED, "全区中小学校园视频接入、一键报警、校园安全分析", "no_perf", "plan_not_listed"),
    spec("江津区劳动保障监察信息系统", 5, NEW, 420, S.PLANNED, "劳动保障监察案件办理、欠薪预警、信用评价", "budget_mismatch", "two_step"),
    spec("江津区自然资源“一张图”系统", 6, UPG, 3900, S.PLANNED, "国土空间基础信息平台、规划一张图实施监督", "est_deviation", "plan_unapproved"),
    spec("江津区智慧交通信号控制系统", 9, NEW, 1560, S.PLANNED, "主城区信号灯联网联控、交通流量感知、绿波带", "no_budget"),
    spec("江津区市场主体信用监管平台", 11, NEW, 690, S.PLANNED, "企业信用档案、双随机一公开、信用风险分类监管", "budget_no_plan"),
    # ---- in construction (S4)
    spec("江津区公安视频图像解析平台", 1, NEW, 5600, S.CONSTRUCTION, "视频结构化解析、以图搜图、重点区域布控", "classified", "no_supervision"),
    spec("江津区“互联网+明厨亮灶”监管系统", 11, NEW, 380, S.CONSTRUCTION, "餐饮单位后厨视频接入与AI识别预警"),
    spec("江津区智慧城管平台（三期）", 13, CONT, 1200, S.CONSTRUCTION, "城市部件普查、案件智能派遣、市容秩序AI识别", "no_approval_contract", "consent_late"),
    spec("江津区区域卫生信息平台", 2, UPG, 3300, S.CONSTRUCTION, "全民健康信息平台、电子健康档案、检查检验结果互认", "change_unrecorded"),
    spec("江津区应急指挥综合平台", 10, NEW, 2700, S.CONSTRUCTION, "应急值守、预案管理、应急资源一张图、视频会商", "delay", "no_procurement"),
    spec("江津区政务外网安全防护服务", 0, SVC, 260, S.CONSTRUCTION, "政务外网安全监测、等级保护测评、应急响应购买服务", "supervision_na"),
    spec("江津区公共资源交易电子化平台", 0, NEW, 890, S.CONSTRUCTION, "电子招投标、远程异地评标、交易数据分析", "no_resp", "plan_over", "contract_over"),
    spec("江津区住房公积金综合服务系统", 8, UPG, 540, S.CONSTRUCTION, "公积金缴存提取线上办理、与不动产登记数据共享", "unit_blocked", "change_approved"),
    # ---- completed, acceptance due or under way (S5)
    spec("江津区社会救助家庭经济状况核对系统", 4, NEW, 450, S.ACCEPTANCE, "低保、特困家庭经济状况跨部门核对", "acc_due_error"),
    spec("江津区就业创业服务平台", 5, NEW, 720, S.ACCEPTANCE, "岗位发布、求职登记、创业补贴线上申领", "acc_due_warning"),
    spec("江津区农村饮水安全监测系统", 7, NEW, 310, S.ACCEPTANCE, "农村水厂水质在线监测、预警", "acc_extension"),
    spec("江津区公安大数据智能化平台", 1, NEW, 8600, S.ACCEPTANCE, "公安数据资源池、警务数据治理、智能研判应用", "classified", "no_classified_eval", "archive_pending", "no_acc_summary_finance"),
    spec("江津区建筑工地扬尘监测系统", 8, NEW, 290, S.ACCEPTANCE, "工地扬尘、噪声在线监测与视频联动", "acc_late", "no_mlps_filing", "no_data_dict", "no_crypto_eval", "no_acc_audit"),
    # ---- in operation (S6)
    spec("江津区电子政务外网", 0, NEW, 4200, S.OPERATION, "区、镇街、村社三级政务外网及安全防护体系", "owner_organized"),
    spec("江津区城市运行监测预警平台", 0, NEW, 2400, S.OPERATION, "城市运行体征数据汇聚、监测预警模型", "review_incomplete"),
    spec("江津区12345政务服务热线系统", 0, UPG, 650, S.OPERATION, "热线受理、工单流转、知识库、满意度回访", "acc_not_filed"),
    spec("江津区“智慧校园”一卡通系统", 3, NEW, 530, S.OPERATION, "校园一卡通、门禁考勤、食堂消费", "perf_window"),
    spec("江津区食品安全追溯平台", 11, NEW, 480, S.OPERATION, "食用农产品和食品生产流通追溯", "security_hazard"),
    spec("江津区交通运输执法系统", 9, NEW, 360, S.OPERATION, "路政运政执法案件办理、治超非现场执法", "integration_pending"),
    spec("江津区医疗保障公共服务平台", 12, NEW, 880, S.OPERATION, "医保业务网上办理、异地就医备案", "archive_late"),
    # ---- evaluation (S7)
    spec("江津区政务数据共享交换平台", 0, NEW, 1600, S.EVALUATION, "政务数据目录、共享交换、数据治理工具", "perf_users"),
    spec("江津区人口基础信息库", 1, NEW, 990, S.EVALUATION, "人口基础信息汇聚与共享服务", "classified", "assess_stale"),
    spec("江津区智慧消防物联网系统", 10, NEW, 740, S.EVALUATION, "消防设施物联感知、火灾隐患预警", "perf_overdue", "saving"),
    # ---- proposals (S0/S1)
    spec("江津区数字乡村综合服务平台", 6, NEW, 1900, S.LISTED, "乡村治理、农技服务、农产品电商数据分析"),
    spec("江津区“城市大脑”数字孪生底座", 0, NEW, 6800, S.LISTED, "全域三维实景、城市信息模型、孪生仿真平台", "plan_unapproved_next", "not_rolling"),
    spec("江津区学校食堂智慧监管系统", 3, NEW, 210, S.PROPOSED, "学校食堂原料溯源、后厨视频、营养分析"),
    # ---- O&M requests (运行维护)
    spec("江津区电子政务外网运行维护", 0, OM, 380, S.PLANNED, "外网线路、安全设备、运维驻场服务", system="江津区电子政务外网"),
    spec("江津区城市运行监测预警平台运维", 0, OM, 160, S.PLANNED, "平台软件运维、数据更新", system="江津区城市运行监测预警平台"),
    spec("江津区食品安全追溯平台运维", 11, OM, 60, S.PLANNED, "平台软件运维", system="江津区食品安全追溯平台"),
    spec("江津区交通运输执法系统运维", 9, OM, 45, S.PLANNED, "系统运维、执法终端维保", system="江津区交通运输执法系统"),
    spec("江津区就业创业服务平台运维", 5, OM, 55, S.PLANNED, "平台运维（系统尚未通过验收）", "om_no_system_acceptance", system="江津区就业创业服务平台"),
)  # fmt: skip

REGISTERED_SYSTEMS = (
    (2, "江津区基层医疗卫生机构管理信息系统", "基层医疗机构HIS、公共卫生服务管理"),
    (4, "江津区养老服务机构信息管理系统", "养老机构备案、服务质量评估、老人能力评估"),
    (13, "江津区数字化城市管理信息系统", "城市部件管理、案件派遣、考核评价"),
)

STAGE_ORDER = list(Stage)


class Demo:
    def __init__(self, session: Session, today: date) -> None:
        self.session = session
        self.today = today
        self.year = today.year
        self.units: list[Unit] = []
        self.projects: dict[str, Project] = {}
        self.counter = 0

    # ------------------------------------------------------------------ helpers
    def day(self, year_offset: int, month: int, dom: int) -> date:
        return date(self.year + year_offset, month, dom)

    def ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def add_doc(
        self, p: Project, kind: DocKind, on: date, *, status: DocStatus = DocStatus.SUBMITTED,
        chapters: frozenset[Chapter] | None = None, number: str = "", approved_on: date | None = None,
    ) -> Document:  # fmt: skip
        doc = Document(
            kind=kind, status=status, submitted_on=on, approved_on=approved_on, number=number
        )
        p.documents.append(doc)
        for chapter in chapters or ():
            doc.parts.append(DocumentPart(part="chapter", code=chapter.value, present=True))
        return doc

    def plan(self, p: Project, year: int, yuan: int, *, budget: int | bool | None = True) -> None:
        third = yuan // 3
        p.plan_lines.append(
            PlanLine(year=year, amount_yuan=yuan, central_yuan=0, municipal_yuan=third,
                     district_yuan=yuan - third, completed_before_yuan=0,
                     work_target="完成年度建设任务")
        )  # fmt: skip
        if budget is True:
            p.budget_lines.append(
                BudgetLine(year=year, amount_yuan=yuan, budget_code=f"2130{year}")
            )
        elif isinstance(budget, int) and budget is not False:
            p.budget_lines.append(
                BudgetLine(year=year, amount_yuan=budget, budget_code=f"2130{year}")
            )

    # ------------------------------------------------------------------ build
    def build(self) -> None:
        for name, short in UNITS:
            unit = Unit(name=name, short_name=short, contact="")
            self.session.add(unit)
            self.units.append(unit)
        self.session.flush()
        for unit_index, name, content in REGISTERED_SYSTEMS:
            self.session.add(
                RegisteredSystem(unit_id=self.units[unit_index].id, name=name, content=content)
            )
        for s in SPECS:
            if s.type != OM:
                self.project(s)
        for s in SPECS:
            if s.type == OM:
                self.om_project(s)
        self.supervision()
        ExpertDemo(self.session, self.today, self.units, self.projects).build()

    def project(self, s: Spec) -> Project:
        self.counter += 1
        yuan = s.wan * WAN
        d = s.defects
        major = yuan >= MAJOR_THRESHOLD_YUAN
        two_steps = major or "two_step" in d  # Art 9: a minor project may take two steps
        stage_index = STAGE_ORDER.index(s.stage)
        p = Project(
            code=f"JJ-{self.year}-{self.counter:03d}", name=s.name, unit=self.units[s.unit], type=s.type,
            content=s.content, total_investment_yuan=yuan, stage=s.stage,
            cross_department=bool(s.cross), classified="classified" in d,
            new_civil_works="civil" in d, high_energy="high_energy_ok" in d,
            on_gov_cloud=None if "cloud_unrecorded" in d else "no_cloud" not in d, cloud_justification="",
            security_noncompliant="security_hazard" in d, integration_pending="integration_pending" in d,
            implementing_agency="" if "no_resp" in d else f"{UNITS[s.unit][1]}信息中心",
            responsible_person="" if "no_resp" in d else ("王" + "明华军丽强静芳磊洋敏"[self.counter % 10]),
            supervision_unit="", funding_source="区级财政资金",
            declared_yuan=yuan * 112 // 100 if "reduction" in d else yuan, reviewed_yuan=yuan,
            estimate_yuan=yuan,
        )  # fmt: skip
        for unit_index in s.cross:
            p.participants.append(ProjectParticipant(unit=self.units[unit_index]))
        self.session.add(p)
        self.projects[s.name] = p
        # timeline by stage: approval year relative to this year
        approval_year = {S.APPROVAL: 0, S.PLANNED: 0, S.CONSTRUCTION: -1, S.ACCEPTANCE: -2,
                         S.OPERATION: -2, S.EVALUATION: -3}.get(s.stage)  # fmt: skip
        if s.stage in (S.PROPOSED,):
            return p
        list_year = self.year + 1 if s.stage == S.LISTED else self.year + (approval_year or 0)
        if "not_listed" not in d:
            basis = ListBasis.DISTRICT if "art11" in d else ListBasis.BUDGET
            if s.type == CONT:
                basis = ListBasis.CONTINUATION
            consent_day = 20 if "consent_late" in d else 10  # listed on 30 November
            consent = None if "art11" in d else (date(list_year - 1, 11 + (consent_day == 20), consent_day) if basis != ListBasis.BUDGET else None)  # fmt: skip
            p.list_entries.append(
                ListEntry(year=list_year, basis=basis, listed_on=date(list_year - 1, 11, 30),
                          consent_on=consent, consent_number=f"江津府〔{list_year - 1}〕12号" if consent else "")
            )  # fmt: skip
        if s.stage == S.LISTED:
            if "plan_unapproved_next" in d:
                self.plan(p, self.year + 1, yuan // 4)
                self.add_doc(p, DocKind.PERFORMANCE_TABLE, self.ago(20))
            if "not_rolling" not in d:  # Art 8: the annual plan comes from the 3-year rolling plan
                p.rolling_lines.append(RollingLine(period_start=self.year + 1, year=self.year + 1, amount_yuan=yuan // 3))  # fmt: skip
            return p
        assert approval_year is not None
        # the dossier
        applied = date(self.year + approval_year, 4, 20) if s.stage != S.APPROVAL else self.ago(40)
        self.dossier(p, s, applied, two_steps)
        # approvals
        approved = applied + timedelta(days=45)
        in_approval = s.stage == S.APPROVAL
        if two_steps:
            fsr_applied = applied - timedelta(days=70)
            fsr_approved = (
                None if in_approval and "design_early" in d else fsr_applied + timedelta(days=40)
            )
            if in_approval and "no_design" in d:
                fsr_approved = self.ago(30)
            p.approvals.append(
                Approval(step=ApprovalStep.FSR, applied_on=fsr_applied, approved_on=fsr_approved,
                         approved_amount_yuan=yuan if fsr_approved else None,
                         number=f"江津发改投〔{fsr_applied.year}〕{self.counter + 40}号" if fsr_approved else "",
                         request_title=f"关于{s.name}可行性研究报告的请示",
                         request_number=f"{UNITS[s.unit][1][1:-1]}文〔{fsr_applied.year}〕{self.counter}号",
                         approved_scale=s.content, construction_period="12个月")
            )  # fmt: skip
            if "no_design" not in d:
                design_amount = yuan * 118 // 100 if "est_deviation" in d else yuan
                design_approved = None if in_approval or "plan_unapproved" in d else approved
                p.approvals.append(
                    Approval(step=ApprovalStep.DESIGN, applied_on=applied, approved_on=design_approved,
                             approved_amount_yuan=design_amount if design_approved else None,
                             number=f"江津发改投〔{applied.year}〕{self.counter + 90}号" if design_approved else "",
                             request_title=f"关于{s.name}初步设计及概算的请示",
                             approved_scale=s.content, construction_period="12个月")
                )  # fmt: skip
                if "est_deviation" in d:
                    p.proposed_budget_estimate_yuan = design_amount
        else:
            p.approvals.append(
                Approval(step=ApprovalStep.ONE_STEP, applied_on=applied,
                         approved_on=None if in_approval else approved,
                         approved_amount_yuan=None if in_approval else yuan,
                         number="" if in_approval else f"江津发改投〔{applied.year}〕{self.counter}号",
                         request_title=f"关于{s.name}可行性研究报告及概算的请示",
                         request_number=f"{UNITS[s.unit][1][1:-1]}文〔{applied.year}〕{self.counter}号",
                         approved_scale=s.content, construction_period="10个月")
            )  # fmt: skip
        if in_approval:
            return p
        self.money(p, s, yuan, approval_year)
        if stage_index < STAGE_ORDER.index(S.CONSTRUCTION):
            return p
        self.construction(p, s, approved)
        if stage_index < STAGE_ORDER.index(S.ACCEPTANCE):
            return p
        self.acceptance(p, s, major)
        return p

    def dossier(self, p: Project, s: Spec, on: date, two_steps: bool) -> None:
        d = s.defects
        chapters = frozenset(Chapter)
        if "missing_ch_sec" in d:
            chapters -= {Chapter.CYBERSECURITY, Chapter.INTENSIVE}
        if "missing_ch_sys" in d:
            chapters -= {
                Chapter.SYSTEM_INTEGRATION,
                Chapter.DATA_GOVERNANCE,
                Chapter.DATA_SHARING,
                Chapter.CRYPTO,
            }
        if "no_fsr" not in d:
            self.add_doc(p, DocKind.FSR, on - timedelta(days=20), chapters=chapters)
        if two_steps:
            if "no_design" not in d:
                design_on = on - timedelta(days=75) if "design_early" in d else on
                self.add_doc(p, DocKind.DESIGN, design_on, chapters=frozenset(Chapter))
        else:
            self.add_doc(p, DocKind.FSR_ESTIMATE, on - timedelta(days=20))
        if "request_incomplete" in d:
            self.add_doc(p, DocKind.REQUEST, on - timedelta(days=5),
                         chapters=frozenset(Chapter) - {Chapter.DATA_SHARING, Chapter.INTENSIVE})  # fmt: skip
        if s.type == UPG and "no_posteval" not in d:
            self.add_doc(p, DocKind.POST_EVALUATION, on - timedelta(days=60))
        if "no_datacat" not in d:
            self.add_doc(p, DocKind.DATA_CATALOGUE, on - timedelta(days=20))
        if "no_cryptoplan" not in d:
            self.add_doc(p, DocKind.CRYPTO_PLAN, on - timedelta(days=20))
        evaluation = self.add_doc(p, DocKind.EVALUATION, on - timedelta(days=10))
        evaluation.method = (
            EvaluationMethod.EXPERT
            if p.total_investment_yuan >= MAJOR_THRESHOLD_YUAN
            else EvaluationMethod.SELF
        )
        opinions = set(Chapter) - {Chapter.SYSTEM_INTEGRATION}
        if "no_eval_opinion" in d:
            opinions -= {Chapter.CRYPTO}
        for chapter in sorted(opinions, key=list(Chapter).index):
            evaluation.parts.append(DocumentPart(part="opinion", code=chapter.value, present=True))
        # Art 9: the departments that took part in the technical review
        departments = list(ReviewDepartment)
        if "reviewers_missing" in d:
            departments = [ReviewDepartment.CYBERSECURITY, ReviewDepartment.BUDGET]
        for department in departments:
            evaluation.parts.append(
                DocumentPart(part="department", code=department.value, present=True)
            )
        if "no_secprod" not in d:
            self.add_doc(p, DocKind.SECURITY_PRODUCTS, on - timedelta(days=20))
        if s.cross:
            framework = self.add_doc(p, DocKind.FRAMEWORK, on - timedelta(days=30))
            elements = list(FrameworkElement)
            if "framework_incomplete" in d:
                elements = elements[:4]
            for element in elements:
                framework.parts.append(
                    DocumentPart(part="element", code=element.value, present=True)
                )
        self.add_doc(p, DocKind.SHARE_MECHANISM, on - timedelta(days=20))
        if "no_share_feedback" not in d:
            self.add_doc(p, DocKind.SHARE_FEEDBACK, on - timedelta(days=20))
        if "civil" in d:
            self.add_doc(p, DocKind.ENERGY_ASSESSMENT, on - timedelta(days=40))
            self.add_doc(p, DocKind.SITE_SELECTION, on - timedelta(days=40))
        if "eia_exempt" in d:  # Art 12: a reasoned 不适用 for an approval the works do not need
            eia = self.add_doc(
                p, DocKind.EIA, on - timedelta(days=40), status=DocStatus.NOT_APPLICABLE
            )
            eia.submitted_on = None
            eia.na_reason = (
                "监测站房属《建设项目环境影响评价分类管理名录》未作规定的项目，不纳入环评管理"
            )
        if "high_energy_ok" in d:
            for kind in ART12_KINDS:
                self.add_doc(p, kind, on - timedelta(days=40))
        if "no_perf" not in d:
            self.add_doc(p, DocKind.PERFORMANCE_TABLE, on - timedelta(days=10))

    def money(self, p: Project, s: Spec, yuan: int, approval_year: int) -> None:
        d = s.defects
        first = self.year + approval_year
        years = [y for y in (first, first + 1) if y <= self.year + 1]
        shares = [yuan * 6 // 10, yuan - yuan * 6 // 10] if len(years) == 2 else [yuan]
        if s.stage == S.PLANNED:
            years, shares = [self.year + 1], [yuan]
            if "plan_unapproved" in d:
                shares = [yuan // 2]
        for year, amount in zip(years, shares, strict=True):
            budget: int | bool = True
            if "budget_mismatch" in d:
                budget = amount - 35 * WAN
            if "no_budget" in d:
                budget = False
            if "budget_no_plan" in d:
                p.budget_lines.append(
                    BudgetLine(year=year, amount_yuan=amount, budget_code=f"2130{year}")
                )
                continue
            if "plan_over" in d and year == years[-1]:
                amount += 80 * WAN
                budget = amount
            self.plan(p, year, amount, budget=budget)
            for offset in range(3):
                if year == self.year + 1 and offset == 0:
                    p.rolling_lines.append(
                        RollingLine(period_start=self.year + 1, year=self.year + 1 + offset, amount_yuan=amount)
                    )  # fmt: skip
        for list_year in set(years) - {e.year for e in p.list_entries}:
            if not {"not_listed", "plan_not_listed"} & d:
                basis = ListBasis.CONTINUATION if list_year > first else ListBasis.BUDGET
                p.list_entries.append(
                    ListEntry(year=list_year, basis=basis, listed_on=date(list_year - 1, 11, 30),
                              consent_on=date(list_year - 1, 11, 10) if basis != ListBasis.BUDGET else None,
                              consent_number=f"江津府〔{list_year - 1}〕12号" if basis != ListBasis.BUDGET else "")
                )  # fmt: skip

    def construction(self, p: Project, s: Spec, approved: date) -> None:
        d = s.defects
        contract = (
            approved - timedelta(days=12)
            if "no_approval_contract" in d
            else approved + timedelta(days=35)
        )
        p.contract_signed_on = contract
        p.contract_yuan = p.total_investment_yuan * (104 if "contract_over" in d else 96) // 100
        if "no_procurement" not in d:  # Art 15: 政府采购、招标投标
            p.procurement_method = ProcurementMethod.OPEN_TENDER if p.total_investment_yuan >= 400 * WAN else ProcurementMethod.COMPETITIVE_CONSULTATION  # fmt: skip
            p.procurement_on = contract - timedelta(days=20)
        p.construction_start_on = contract + timedelta(days=10)
        if "supervision_na" in d:  # Art 21 不适用, with the reason
            p.supervision_na_reason = (
                "购买安全监测、等级保护测评和应急响应服务，无工程建设内容，不涉及工程监理"
            )
        elif "no_supervision" not in d:
            p.supervision_unit = "重庆渝江工程咨询监理有限公司"
            p.supervision_contract_on = contract + timedelta(days=3)
        if s.stage == S.CONSTRUCTION:
            p.planned_completion_on = self.ago(220) if "delay" in d else add_months(self.today, 7)
            p.paid_yuan = p.contract_yuan // 2
        else:
            p.planned_completion_on = approved + timedelta(days=330)
        if "change_unrecorded" in d:
            p.total_investment_yuan += 260 * WAN
            p.scope_changed = True
        elif "change_approved" in d:  # Art 23: the change carries its approval
            p.scope_changed = True
            p.changes.append(ChangeRecord(recorded_on=self.ago(90), description="调整部分接口建设内容，投资不变",
                                          approved_on=self.ago(75), approval_number=f"江津发改投〔{self.ago(75).year}〕{self.counter + 200}号"))  # fmt: skip

    def acceptance(self, p: Project, s: Spec, major: bool) -> None:
        d = s.defects
        if s.stage == S.ACCEPTANCE:
            completed = {
                "acc_due_error": add_months(self.today, -6) - timedelta(days=15),
                "acc_due_warning": add_months(self.today, -6) + timedelta(days=12),
                "acc_extension": add_months(self.today, -6) - timedelta(days=20),
                "acc_late": add_months(self.today, -6) - timedelta(days=40),
            }
            p.completed_on = next((v for k, v in completed.items() if k in d), self.ago(100))
        else:
            p.completed_on = p.planned_completion_on
        p.paid_yuan = p.contract_yuan
        acc = Acceptance(
            organizer=Organizer.DRC if major and "owner_organized" not in d else Organizer.OWNER
        )
        p.acceptance = acc
        due_flags = {"acc_due_error", "acc_due_warning", "acc_extension"}
        if "acc_extension" in d:
            acc.extension_requested_on = self.ago(40)
            acc.extension_reason = "部分站点通电延误，申请延期验收"
        if not due_flags & d:
            # Art 25: within six months; "acc_late" organizes 10 days after the due date
            started = add_months(p.completed_on, 6) + timedelta(days=10) if "acc_late" in d else p.completed_on + timedelta(days=60)  # fmt: skip
            if major:
                acc.applied_on = started
            else:
                acc.organized_on = started
        on = p.completed_on + timedelta(days=30)
        materials = [] if "no_crypto_eval" in d else [DocKind.ACC_CRYPTO_EVAL]
        if "no_acc_summary_finance" not in d:
            materials += [DocKind.ACC_SUMMARY, DocKind.ACC_FINANCE]
        if "no_acc_audit" not in d:
            materials.append(DocKind.ACC_AUDIT)
        if "no_data_dict" not in d:
            materials.append(DocKind.ACC_DATA_DICT)
        if p.classified:
            if "no_classified_eval" not in d:
                materials.append(DocKind.ACC_CLASSIFIED_EVAL)
        else:
            materials.append(DocKind.ACC_MLPS_EVAL)
            if "no_mlps_filing" not in d:
                materials.append(DocKind.ACC_MLPS_FILING)
        for kind in materials:
            self.add_doc(p, kind, on)
        if s.stage == S.ACCEPTANCE:
            if "archive_pending" in d:
                self.add_doc(p, DocKind.ARCHIVE_ACCEPTANCE, on, status=DocStatus.SUBMITTED)
            elif not due_flags & d:
                self.add_doc(p, DocKind.ARCHIVE_ACCEPTANCE, on, status=DocStatus.APPROVED, approved_on=on + timedelta(days=20))  # fmt: skip
            return
        accepted = p.completed_on + timedelta(days=75)
        if "perf_window" in d:
            accepted = add_months(self.today, -13)
        if "perf_overdue" in d:
            accepted = add_months(self.today, -26)
        # Art 26: the archive acceptance comes first ("archive_late": 10 days after, so not passed)
        archived = accepted + timedelta(days=10) if "archive_late" in d else min(on + timedelta(days=20), accepted)  # fmt: skip
        self.add_doc(
            p, DocKind.ARCHIVE_ACCEPTANCE, on, status=DocStatus.APPROVED, approved_on=archived
        )
        acc.accepted_on = accepted
        acc.result = AcceptanceResult.PASSED
        acc.reviewed_products = acc.reviewed_crypto_security = acc.reviewed_energy = True
        acc.reviewed_integration = True
        acc.reviewed_sharing = "review_incomplete" not in d  # Art 14 ¶3
        # Art 16, 17, 31: assessed again regularly while running
        p.mlps_assessed_on = self.ago(120)
        p.crypto_assessed_on = add_months(self.today, -15) if "assess_stale" in d else self.ago(150)
        if "saving" in d:  # Art 22 结余: built as approved, for less
            p.total_investment_yuan = p.total_investment_yuan * 97 // 100
        if not major and "acc_not_filed" not in d:
            acc.filed_on = accepted + timedelta(days=10)
        p.operation_start_on = p.completed_on + timedelta(days=5)
        if s.stage == S.EVALUATION and "perf_overdue" not in d:
            report = add_months(accepted, 14)
            p.evaluations.append(
                PerformanceEvaluation(report_on=report, filed_drc_on=report + timedelta(days=7),
                                      filed_finance_on=report + timedelta(days=8),
                                      users_consulted="perf_users" not in d, third_party=True)
            )  # fmt: skip
        elif (
            s.stage == S.OPERATION
            and "perf_window" not in d
            and accepted < add_months(self.today, -12)
        ):  # accepted over a year ago: an evaluation is already filed
            report = add_months(accepted, 12)
            p.evaluations.append(
                    PerformanceEvaluation(report_on=report, filed_drc_on=report + timedelta(days=5),
                                          filed_finance_on=report + timedelta(days=6), users_consulted=True)
                )  # fmt: skip

    def om_project(self, s: Spec) -> None:
        self.counter += 1
        system = self.projects[s.system]
        yuan = s.wan * WAN
        p = Project(
            code=f"JJ-{self.year}-{self.counter:03d}", name=s.name, unit=self.units[s.unit], type=OM,
            content=s.content, total_investment_yuan=yuan, stage=S.PLANNED, system_project_id=None,
            implementing_agency=f"{UNITS[s.unit][1]}信息中心", responsible_person="李强",
            declared_yuan=yuan, reviewed_yuan=yuan, funding_source="区级财政资金",
        )  # fmt: skip
        self.session.add(p)
        self.session.flush()
        p.system_project_id = system.id
        year = self.year + 1
        p.list_entries.append(
            ListEntry(year=year, basis=ListBasis.OM, listed_on=date(self.year, 11, 30),
                      consent_on=date(self.year, 11, 20),
                      consent_number=f"江津府〔{self.year}〕15号")
        )  # fmt: skip
        self.plan(p, year, yuan)
        self.session.add(
            OMRequest(project_id=system.id, unit_id=self.units[s.unit].id, year=year, amount_yuan=yuan,
                      requested_on=self.ago(25), remark="")
        )  # fmt: skip

    def supervision(self) -> None:
        """Unit sanctions and rectification orders."""
        self.session.flush()
        blocked = self.units[8]  # 住房城乡建委: Art 28 after a security incident
        blocked.sanctions.append(
            UnitSanction(article=SanctionArticle.ART28, imposed_on=self.ago(120),
                         reason="门户网站存在重大安全隐患，未按期整改")
        )  # fmt: skip
        self.units[5].sanctions.append(
            UnitSanction(article=SanctionArticle.ART29, imposed_on=add_months(self.today, -20),
                         lifted_on=add_months(self.today, -8), reason="社保业务系统已完成整合")
        )  # fmt: skip
        late = self.projects["江津区社会救助家庭经济状况核对系统"]
        self.session.add(
            RectificationOrder(unit_id=self.units[4].id, project_id=late.id, subject="补齐竣工验收审计报告",
                               issued_on=self.ago(75), deadline=self.ago(15))
        )  # fmt: skip
        self.session.add(
            RectificationOrder(unit_id=self.units[13].id, project_id=self.projects["江津区智慧城管平台（三期）"].id,
                               subject="补办审批手续", issued_on=self.ago(30), deadline=self.today + timedelta(days=30))
        )  # fmt: skip
        self.session.add(
            RectificationOrder(unit_id=self.units[7].id, project_id=None, subject="完善数据资源目录编制",
                               issued_on=self.ago(200), deadline=self.ago(120), closed_on=self.ago(130))
        )  # fmt: skip


@drc_only("生成演示数据", "create demo data")
def build_demo(session: Session, today: date) -> None:
    """Fill an empty store with the demo dataset (raises if the store has projects)."""
    if session.scalar(select(func.count()).select_from(Project)):
        raise ValueError("the database already holds projects; the demo needs an empty one")
    Demo(session, today).build()
    session.flush()
