"""Default file names of exports, shared by the GUI's save dialogs and the CLI (issue 11, 5).

Names are Chinese and say what the file is, the way an office files them: the 项目编码 and the
document's own title (`JJ-2026-003 关于江津区智慧养老服务平台可行性研究报告及概算的批复.docx`),
the year and the table's title (`2027年度江津区政务信息化投资项目计划表.xlsx`), never a
database id. Every name is made safe for Windows: the characters it forbids become their
full-width forms (：？＂ read naturally in Chinese), control characters go, trailing dots and
spaces go, device names (CON, NUL, COM1…) get a prefix, and the length stays well below the
260-character path limit.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

from app.models import Project, ReviewRound
from app.models.db import Store
from app.reports import titles

#: what Windows refuses in a file name, and the full-width form that takes its place
FULL_WIDTH = str.maketrans({
    "\\": "＼", "/": "／", ":": "：", "*": "＊", "?": "？", '"': "＂", "<": "＜", ">": "＞", "|": "｜",
})  # fmt: skip
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
DEVICE_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL"} | {f"{d}{n}" for d in ("COM", "LPT") for n in range(1, 10)}
)
#: characters of the stem: a folder of ~100 characters still fits in Windows' 260
MAX_STEM = 120


def safe_file_name(stem: str, suffix: str) -> str:
    """`stem` + `suffix` (".docx") as a file name every Windows version accepts."""
    text = CONTROL.sub("", stem.translate(FULL_WIDTH))
    text = " ".join(text.split())[:MAX_STEM].rstrip(". ")
    if not text:
        text = "未命名"
    if text.split(".")[0].upper() in DEVICE_NAMES:
        text = "_" + text
    return text + suffix


def opinion_file_name(code: str, project_name: str, kind: str, *, draft: bool = False) -> str:
    title = titles.opinion_title(kind, project_name) + (titles.DRAFT_MARK if draft else "")
    return safe_file_name(f"{code} {title}", ".docx")


def checklist_file_name(code: str, project_name: str, kind: str) -> str:
    return safe_file_name(f"{code} {project_name} {titles.CHECKLIST_TITLES[kind]}", ".pdf")


def plan_file_name(year: int, kind: str) -> str:
    return safe_file_name(titles.plan_title(year, kind), ".xlsx")


def submission_file_name(year: int, unit: str | None = None) -> str:
    return safe_file_name(titles.submission_title(year) + (f"（{unit}）" if unit else ""), ".xlsx")


def template_file_name(year: int) -> str:
    return safe_file_name(titles.submission_title(year) + "（空白模板）", ".xlsx")


def error_list_file_name(source: str | Path) -> str:
    """The problems of a department's workbook, named after it, to send back to the department."""
    return safe_file_name(f"{Path(source).stem} 错误清单", ".xlsx")


def problem_report_file_name(source: str | Path) -> str:
    return safe_file_name(f"{Path(source).stem} 问题清单", ".txt")


def group_opinion_file_name(round_name: str, *, draft: bool = False) -> str:
    title = titles.group_opinion_title(round_name) + (titles.DRAFT_MARK if draft else "")
    return safe_file_name(title, ".docx")


def scores_file_name(round_name: str) -> str:
    return safe_file_name(titles.scores_title(round_name), ".xlsx")


# --------------------------------------------------------------------------- from the store


def project_code_and_name(store: Store, project_id: int) -> tuple[str, str]:
    with store.read() as session:
        row = session.execute(select(Project.code, Project.name).where(Project.id == project_id)).first()  # fmt: skip
    if row is None:
        raise LookupError(f"no project with id {project_id}")
    return str(row[0] or ""), str(row[1])


def round_name(store: Store, round_id: int) -> str:
    with store.read() as session:
        name = session.scalar(select(ReviewRound.name).where(ReviewRound.id == round_id))
    if name is None:
        raise LookupError(f"no review round {round_id}")
    return str(name)


def opinion_file_name_for(store: Store, project_id: int, kind: str, *, draft: bool = False) -> str:
    code, name = project_code_and_name(store, project_id)
    return opinion_file_name(code, name, kind, draft=draft)


def checklist_file_name_for(store: Store, project_id: int, kind: str) -> str:
    code, name = project_code_and_name(store, project_id)
    return checklist_file_name(code, name, kind)


def output_path(output: str | Path, default_name: str) -> Path:
    """The CLI's `-o`: a file as given, or an existing folder that gets the default name."""
    target = Path(output)
    return target / default_name if target.is_dir() else target
