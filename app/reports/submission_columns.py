"""The submission sheet's layout (项目申报表): its columns, sheet names and the problem type.

Shared by the template and export writer (app.reports.submission_xlsx) and the import
(app.services.submission_import), so that template and import never drift apart. Pure data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.rules.facts import (
    PROCUREMENT_LABELS,
    ConstructionType,
    DocKind,
    DocStatus,
    ListBasis,
    ReviewDepartment,
)

SHEET_NAME = "项目申报"
HELP_SHEET_NAME = "填表说明"

YES, NO = "是", "否"

TYPE_LABELS = tuple(t.value for t in ConstructionType)
UNRECORDED = "未记录"
#: 是否部署政务云: yes / no / not recorded (None in the store)
CLOUD_CHOICES: dict[str, bool | None] = {YES: True, NO: False, UNRECORDED: None}
PROCUREMENT_BY_LABEL = {zh: method for method, (zh, _en) in PROCUREMENT_LABELS.items()}
#: Art 9 names the departments 「网络安全、预算管理、政务服务、密码应用、保密工作主管部门」
DEPARTMENT_LABELS: dict[ReviewDepartment, str] = {
    ReviewDepartment.CYBERSECURITY: "网络安全",
    ReviewDepartment.BUDGET: "预算管理",
    ReviewDepartment.GOV_SERVICES: "政务服务",
    ReviewDepartment.CRYPTO: "密码应用",
    ReviewDepartment.SECRECY: "保密",
}
DEPARTMENT_BY_LABEL = {
    **{label: d for d, label in DEPARTMENT_LABELS.items()},
    **{label + "主管部门": d for d, label in DEPARTMENT_LABELS.items()},
    "保密工作": ReviewDepartment.SECRECY,
    "保密工作主管部门": ReviewDepartment.SECRECY,
}
#: a document's status in the sheet (never 不适用 for the 必备条件 columns)
DOC_STATUS_LABELS: dict[DocStatus, str] = {
    DocStatus.MISSING: "缺",
    DocStatus.SUBMITTED: "已提交",
    DocStatus.APPROVED: "已通过",
}
DOC_STATUS_BY_LABEL = {
    **{label: status for status, label in DOC_STATUS_LABELS.items()},
    "已批复": DocStatus.APPROVED,
    "已批复/通过": DocStatus.APPROVED,
}
NOT_APPLICABLE_LABEL = "不适用"
#: the sheet's document columns and the kind each records
DOCUMENT_COLUMNS = {"data_catalogue": DocKind.DATA_CATALOGUE, "crypto_plan": DocKind.CRYPTO_PLAN}


# =========================================================================== columns


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    key: str
    header: str
    kind: str  # text | unit | type | money | year | basis | bool | units | date | cloud | docstatus | departments | procurement
    required: bool = False
    max_len: int = 0
    default: Any = None
    help_zh: str = ""
    width: float = 14


COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("code", "项目编码", "text", max_len=64, width=16,
               help_zh="已有项目填写其编码（用于更新）；新项目可留空，导入时自动编号"),
    ColumnSpec("name", "项目名称", "text", True, 300, width=30,
               help_zh="项目全称；未填项目编码时，以“建设单位 + 项目名称”识别项目"),
    ColumnSpec("unit", "建设单位", "unit", True, width=22,
               help_zh="单位全称或简称，须为系统中已登记的单位"),
    ColumnSpec("type", "建设性质", "type", True, width=10,
               help_zh="下拉选择：" + "、".join(TYPE_LABELS)),
    ColumnSpec("total", "总投资（万元）", "money", True, width=14,
               help_zh="万元，最多4位小数（精确到元），不得为负数"),
    ColumnSpec("content", "建设规模及内容", "text", default="", width=40, help_zh="主要建设内容和规模"),
    ColumnSpec("year", "申报年度", "year", True, width=10,
               help_zh="四位年份，如 2027；项目纳入该年度项目清单"),
    ColumnSpec("basis", "纳入依据", "basis", default=ListBasis.BUDGET, width=20,
               help_zh="下拉选择，留空视为“部门年度预算安排”；其余依据须填写区政府同意文号"),
    ColumnSpec("consent_number", "区政府同意文号", "text", max_len=100, width=18,
               help_zh="按国家、市级、区委区政府要求或续建、运维纳入时填写"),
    ColumnSpec("cross_department", "是否跨部门", "bool", default=False, width=8,
               help_zh="是/否，留空为“否”"),
    ColumnSpec("participants", "参建单位", "units", width=22,
               help_zh="跨部门项目的参建单位，多个用顿号“、”分隔，须为已登记单位"),
    ColumnSpec("classified", "是否涉密", "bool", default=False, width=8,
               help_zh="是/否，留空为“否”"),
    ColumnSpec("new_civil_works", "是否新建土建", "bool", default=False, width=8,
               help_zh="是/否，留空为“否”"),
    ColumnSpec("high_energy", "是否高耗能", "bool", default=False, width=8,
               help_zh="是/否，留空为“否”"),
    ColumnSpec("on_gov_cloud", "是否部署政务云", "cloud", width=8,
               help_zh="是/否/未记录；新项目留空为“未记录”，未记录视同未说明部署（第十九条）"),
    ColumnSpec("cloud_justification", "未上云理由", "text", default="", width=24,
               help_zh="不部署政务云时说明理由"),
    ColumnSpec("implementing_agency", "项目实施机构", "text", max_len=200, default="", width=18),
    ColumnSpec("responsible_person", "项目责任人", "text", max_len=100, default="", width=10),
    ColumnSpec("planned_completion_on", "计划完成日期", "date", width=13,
               help_zh="日期单元格，或文本 YYYY-MM-DD、YYYY/MM/DD、YYYY年M月D日"),
    ColumnSpec("declared", "申报金额（万元）", "money", width=14,
               help_zh="万元，最多4位小数"),
    ColumnSpec("plan_amount", "本年度计划（万元）", "money", width=14,
               help_zh="申报年度的计划投资，万元，最多4位小数；填写后生成该年度投资计划行"),
    ColumnSpec("data_catalogue", "数据资源目录", "docstatus", width=10,
               help_zh="缺/已提交/已通过；审批的必备条件（第十四条），不能填“不适用”"),
    ColumnSpec("crypto_plan", "密码应用方案", "docstatus", width=10,
               help_zh="缺/已提交/已通过；审批的必备条件（第十四条），不能填“不适用”"),
    ColumnSpec("review_departments", "技术审查参与部门", "departments", width=22,
               help_zh="参与项目技术审查的主管部门（第九条）：网络安全、预算管理、政务服务、密码应用、保密，"
                       "多个用顿号“、”分隔；由区发展改革委填写"),
    ColumnSpec("procurement_method", "采购方式", "procurement", width=12,
               help_zh="签订合同后填写（第十五条）：" + "、".join(PROCUREMENT_BY_LABEL)),
    ColumnSpec("procurement_on", "采购日期", "date", width=13,
               help_zh="采购结果确定（中标、成交）的日期"),
    ColumnSpec("mlps_assessed_on", "最近等保测评日期", "date", width=13,
               help_zh="运行系统最近一次网络安全等级保护测评（涉密系统：安全保密测评）的日期（第十六条）"),
    ColumnSpec("crypto_assessed_on", "最近密评日期", "date", width=13,
               help_zh="运行系统最近一次密码应用安全性评估的日期（第十七条、第三十一条）"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ImportIssue:
    """One problem at a cell (or a row when column_letter is empty), as Excel numbers it."""

    sheet: str
    row: int
    column_letter: str
    message_zh: str
    message_en: str

    @property
    def cell(self) -> str:
        """`项目申报!D5` (or `项目申报!5` for a whole row)."""
        return f"{self.sheet}!{self.column_letter}{self.row}"

    @property
    def where_zh(self) -> str:
        col = f" {self.column_letter}列" if self.column_letter else ""
        return f"{self.sheet} 第{self.row}行{col}"

    def __str__(self) -> str:
        return f"{self.cell}: {self.message_zh}"
