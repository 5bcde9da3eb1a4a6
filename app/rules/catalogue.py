"""The rules catalogue of DOMAIN.md §4: stable codes, severities, articles, areas.

The engine may only emit codes listed here, with the severity and article given here
(a code with more than one severity lists them all in `severities`, the default first).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.rules.facts import Severity

B, E, W, INFO = Severity.BLOCKER, Severity.ERROR, Severity.WARNING, Severity.INFO


class Area(StrEnum):
    PLANNING = "planning"  # 规划与清单 (Art 8, 10, 11)
    DOSSIER = "dossier"  # 审批材料 (Art 9, 12, 13, 14, 18, 19)
    DUPLICATE = "duplicate"  # 重复建设 (Art 3, 13, 29)
    MONEY = "money"  # 资金链 (Art 9, 22, 23, 34)
    CONSTRUCTION = "construction"  # 建设管理 (Art 15, 21, 22, 23, 24, 34)
    BUDGET = "budget"  # 预算与计划 (Art 10, 22, 34)
    ACCEPTANCE = "acceptance"  # 验收 (Art 18, 25, 26)
    OM = "om"  # 运维经费、单位限制与定期测评 (Art 16, 17, 25, 28, 29, 31)
    EVALUATION = "evaluation"  # 绩效评价与监督 (Art 27, 31)


AREA_LABELS: dict[Area, tuple[str, str]] = {
    Area.PLANNING: ("规划与项目清单", "Planning and list"),
    Area.DOSSIER: ("审批材料", "Dossier for approval"),
    Area.DUPLICATE: ("重复建设", "Duplicate construction"),
    Area.MONEY: ("资金链", "Money trail"),
    Area.CONSTRUCTION: ("建设管理", "Construction"),
    Area.BUDGET: ("预算与计划", "Budget versus plan"),
    Area.ACCEPTANCE: ("竣工验收", "Acceptance"),
    Area.OM: ("运维经费与单位限制", "O&M funding and unit sanctions"),
    Area.EVALUATION: ("绩效评价与监督", "Evaluation and supervision"),
}


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severities: tuple[Severity, ...]
    article: str
    area: Area
    title_zh: str
    title_en: str

    @property
    def severity(self) -> Severity:
        """The default (first) severity."""
        return self.severities[0]


_RULES = (
    # Planning and list
    Rule("DOS-LIST", (B,), "8, 9", Area.PLANNING, "未纳入年度项目清单即申请审批", "Approval applied for without being on the year's list"),
    Rule("DOS-ART11", (E,), "11", Area.PLANNING, "清单外纳入缺区政府同意", "Listed outside the budget cycle without district-government consent"),
    Rule("PLAN-NOTLISTED", (E,), "10", Area.PLANNING, "计划项目未纳入当年项目清单", "Plan line for a project not on that year's list"),
    Rule("PLAN-UNAPPROVED", (W,), "10", Area.PLANNING, "计划项目尚未完成审批", "Plan line for a project whose approval is not done"),
    Rule("PLAN-ROLLING", (W,), "8", Area.PLANNING, "清单项目未列入3年滚动规划", "Listed project missing from the 3-year rolling plan"),
    Rule("DOS-PERF", (E,), "10", Area.PLANNING, "申报年度计划缺绩效目标表", "Annual plan application without a performance target table"),
    # Dossier
    Rule("APV-PATH", (INFO,), "9", Area.DOSSIER, "审批路径", "Approval path"),
    Rule("DOS-FSR", (E,), "9", Area.DOSSIER, "缺可行性研究报告", "No feasibility study report"),
    Rule("DOS-ESTIMATE", (E,), "9", Area.DOSSIER, "缺概算材料", "No budget-estimate document"),
    Rule("DOS-ORDER", (E,), "9", Area.DOSSIER, "初步设计早于可研批复", "Preliminary design before the FSR approval"),
    Rule("DOS-CH-SYS", (E,), "14", Area.DOSSIER, "缺“系统整合”章节", "Missing chapter: system integration"),
    Rule("DOS-CH-DATA", (E,), "14", Area.DOSSIER, "缺“数据资源收集治理及业务应用梳理”章节", "Missing chapter: data governance"),
    Rule("DOS-CH-SHARE", (E,), "14", Area.DOSSIER, "缺“数据资源共享分析”章节", "Missing chapter: data sharing"),
    Rule("DOS-CH-SEC", (E,), "14", Area.DOSSIER, "缺“网络安全保护措施”章节", "Missing chapter: cybersecurity"),
    Rule("DOS-CH-CRYPTO", (E,), "14", Area.DOSSIER, "缺“密码应用方案”章节", "Missing chapter: crypto application"),
    Rule("DOS-CH-INTENSIVE", (E,), "14", Area.DOSSIER, "缺“集约化建设”章节", "Missing chapter: intensive construction"),
    Rule("DOS-CH-REQUEST", (E,), "14", Area.DOSSIER, "请示文件缺少必备章节", "Request letter lacks required chapters"),
    Rule("DOS-SHARE-MECH", (E,), "14", Area.DOSSIER, "缺数据共享长效机制或反馈机制", "No data-sharing or feedback mechanism"),
    Rule("DOS-POSTEVAL", (E,), "14", Area.DOSSIER, "改扩建项目缺前期项目第三方后评价报告", "Upgrade without the earlier project's post-evaluation"),
    Rule("DOS-DATACAT", (B,), "14", Area.DOSSIER, "缺数据资源目录", "No data resource catalogue"),
    Rule("DOS-CRYPTOPLAN", (B,), "14", Area.DOSSIER, "缺密码应用方案", "No crypto application plan"),
    Rule("DOS-EVAL", (E,), "9, 14", Area.DOSSIER, "评估报告缺失或意见不全", "Evaluation report missing or incomplete"),
    Rule("DOS-SECPROD", (E,), "18", Area.DOSSIER, "缺软硬件产品安全可靠情况说明", "No statement on product security and reliability"),
    Rule("DOS-FRAMEWORK", (E,), "13", Area.DOSSIER, "跨部门项目缺框架方案或要素不全", "Cross-department project without a complete framework plan"),
    Rule("DOS-ART12", (E, INFO), "12", Area.DOSSIER, "第十二条前置要件", "Art 12 prerequisites"),
    Rule("DOS-CLOUD", (W,), "19", Area.DOSSIER, "未部署或未记录部署政务云且无理由说明", "Not on (or not recorded on) the government cloud, no justification"),
    Rule("APV-REVIEWERS", (W,), "9", Area.DOSSIER, "技术审查未记录相关主管部门参与", "Technical review without the departments of Art 9"),
    # Duplicate
    Rule("DUP-SIMILAR", (W,), "13, 29", Area.DUPLICATE, "疑似重复建设", "Possible duplicate construction"),
    # Money trail
    Rule("EST-DEVIATION", (W,), "23 (政府投资条例 第十二条)", Area.MONEY, "概算超可研估算10%", "Estimate exceeds the approved FSR estimate by over 10 %"),
    Rule("EST-REDUCTION", (INFO,), "9", Area.MONEY, "评审核减", "Reduction at review"),
    # Construction
    Rule("CON-RESP", (E,), "15", Area.CONSTRUCTION, "未明确实施机构或责任人", "No implementing agency or responsible person"),
    Rule("CON-SUPERVISION", (E,), "21", Area.CONSTRUCTION, "未委托工程监理", "No supervision unit"),
    Rule("CON-CHANGE", (W, E, INFO), "22, 23, 34", Area.CONSTRUCTION, "建设内容或投资变更未经批准", "Change against the approval without its approval"),
    Rule("CON-OVERRUN", (E,), "22, 34", Area.CONSTRUCTION, "合同或支付金额超批复概算", "Contract or payments above the approved estimate"),
    Rule("CON-PROCURE", (W,), "15", Area.CONSTRUCTION, "合同未记录采购方式和日期", "Contract without its procurement method and date"),
    Rule("CON-NOAPPROVAL", (E,), "34", Area.CONSTRUCTION, "未批先建", "Work before approval"),
    Rule("CON-DELAY", (W,), "24", Area.CONSTRUCTION, "延期未报告", "Delay not reported"),
    # Budget versus plan
    Rule("BUD-NOPLAN", (B,), "10", Area.BUDGET, "预算项目未纳入年度投资计划", "Budget line without a plan line"),
    Rule("PLAN-NOBUDGET", (E,), "10", Area.BUDGET, "计划项目无对应预算", "Plan line without a budget line"),
    Rule("BUD-MISMATCH", (E,), "10", Area.BUDGET, "计划与预算金额不一致", "Plan and budget amounts differ"),
    Rule("PLAN-OVERESTIMATE", (E,), "22, 34", Area.BUDGET, "累计计划超批复概算", "Plans exceed the approved estimate"),
    # Acceptance
    Rule("ACC-DUE", (W, E), "25", Area.ACCEPTANCE, "竣工验收期限", "Acceptance deadline"),
    Rule("ACC-ORGANIZER", (INFO, E), "25", Area.ACCEPTANCE, "验收组织方式", "Who organizes the acceptance"),
    Rule("ACC-FILED", (E,), "25", Area.ACCEPTANCE, "验收结果未备案", "Acceptance result not filed"),
    Rule("ACC-MAT-SUMMARY", (E,), "25", Area.ACCEPTANCE, "缺项目建设总结", "No project summary"),
    Rule("ACC-MAT-FINANCE", (E,), "25", Area.ACCEPTANCE, "缺财务报告", "No financial report"),
    Rule("ACC-MAT-AUDIT", (E,), "25", Area.ACCEPTANCE, "缺审计报告", "No audit report"),
    Rule("ACC-MAT-SECEVAL", (E,), "25", Area.ACCEPTANCE, "缺安全测评报告", "No security evaluation report"),
    Rule("ACC-MAT-MLPS", (E,), "25", Area.ACCEPTANCE, "缺等级保护备案情况", "No MLPS filing record"),
    Rule("ACC-MAT-CRYPTOEVAL", (E,), "25", Area.ACCEPTANCE, "缺密码应用安全性评估报告", "No crypto security assessment"),
    Rule("ACC-MAT-DICT", (E,), "25", Area.ACCEPTANCE, "缺数据字典", "No data dictionary"),
    Rule("ACC-ARCHIVE", (B,), "26", Area.ACCEPTANCE, "档案验收未通过", "Archive acceptance not passed"),
    Rule("ACC-REVIEW", (INFO, W), "18, 14", Area.ACCEPTANCE, "验收审查事项", "Acceptance review items"),
    # O&M and unit sanctions
    Rule("OM-NOACCEPT", (B,), "25", Area.OM, "系统未通过竣工验收，不得安排运维经费", "No O&M funds: system not accepted"),
    Rule("OM-SECURITY", (B,), "28", Area.OM, "系统不符合密码或网络安全要求", "No O&M funds: security non-compliance"),
    Rule("OM-INTEGRATION", (B,), "29", Area.OM, "单位存在应整合未整合系统", "No O&M funds: unit has unintegrated systems"),
    Rule("UNIT-BLOCKED", (B, W), "28, 29", Area.OM, "建设单位受第二十八、二十九条限制", "Owner unit restricted under Art 28 or 29"),
    Rule("OM-ASSESS", (W,), "16, 17, 31", Area.OM, "运行系统未定期开展等保测评或密评", "Running system without a recent security or crypto assessment"),
    # Evaluation and supervision
    Rule("PERF-WINDOW", (INFO,), "27", Area.EVALUATION, "绩效自评窗口期", "Performance self-evaluation window open"),
    Rule("PERF-OVERDUE", (E,), "27", Area.EVALUATION, "绩效评价逾期未备案", "Performance evaluation overdue"),
    Rule("PERF-USERS", (E,), "27", Area.EVALUATION, "绩效评价未听取使用单位意见", "Evaluation without the users' views"),
    Rule("SUP-RECTIFY", (E,), "31", Area.EVALUATION, "整改逾期未完成", "Rectification overdue"),
)  # fmt: skip

RULES: dict[str, Rule] = {rule.code: rule for rule in _RULES}
CODES: tuple[str, ...] = tuple(RULES)
