"""The titles of the documents the app writes, in one light module.

No python-docx, openpyxl or reportlab here: the GUI and the CLI name a file (the default name
in a save dialog, a folder given as `-o`) before anything heavy is imported, and the document
carries the same title as its file name.
"""

from __future__ import annotations

DISTRICT = "江津区"
#: what a reply approves, by opinion kind (关于…{subject}的批复)
OPINION_SUBJECT = {
    "one_step": "可行性研究报告及概算",
    "fsr": "可行性研究报告",
    "design": "初步设计及概算",
    "expert": "评审",
}
CHECKLIST_TITLES = {"dossier": "项目审批材料核查表", "acceptance": "项目竣工验收核查表"}
#: added to the title of a document written as a draft despite the approval gate
DRAFT_MARK = "（征求意见稿）"


def opinion_title(kind: str, project_name: str) -> str:
    if kind == "expert":
        return f"关于{project_name}的专家评审意见"
    return f"关于{project_name}{OPINION_SUBJECT[kind]}的批复"


def plan_title(year: int, kind: str) -> str:
    return {
        "list": f"{year}年度{DISTRICT}政务信息化项目清单",
        "plan": f"{year}年度{DISTRICT}政务信息化投资项目计划表",
        "rolling": f"{year}—{year + 2}年{DISTRICT}政务信息化项目三年滚动计划表",
        "reconciliation": f"{year}年度{DISTRICT}政务信息化项目部门预算与投资计划对照表",
    }[kind]


def submission_title(year: int) -> str:
    return f"{year}年度政务信息化项目申报表"


def group_opinion_title(round_name: str) -> str:
    return f"{round_name}专家组评审意见"


def scores_title(round_name: str) -> str:
    return f"{round_name} 专家评分表"
