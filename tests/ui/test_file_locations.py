"""Files where users find them (issue 11, problem 5), through the real menus.

The first save dialog opens in the user's Documents folder with a Chinese name that says what
the file is; the next one of the same kind in the folder the user chose last; after saving, the
status bar says where and opens the file or its folder. The command line gives the same names
when `-o` names a folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.cli import main
from app.paths import data_dir
from app.ui.main_window import MainWindow
from tests.ui.desk import OsBoundary, select_project

PLAN_2027 = "2027年度江津区政务信息化投资项目计划表.xlsx"
REPLY_12 = "JJ-2026-012 关于江津区政务服务“一网通办”平台优化可行性研究报告及概算的批复.docx"
CHECKLIST_12 = "JJ-2026-012 江津区政务服务“一网通办”平台优化 项目审批材料核查表.pdf"


@pytest.fixture
def documents(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A home folder with Documents (QStandardPaths reads $HOME on Linux)."""
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    return home / "Documents"


def test_first_save_in_documents_then_the_last_folder_of_that_kind(
    qtbot: Any, window: MainWindow, boundary: OsBoundary, documents: Path, tmp_path: Path
) -> None:
    window.year_combo.setCurrentIndex(window.year_combo.findData(2027))
    plan = window.documents.plan_actions["plan"]
    elsewhere = tmp_path / "计划科"
    elsewhere.mkdir()
    boundary.save_answers.append(str(elsewhere / PLAN_2027))
    plan.trigger()
    first = boundary.saves()[-1]
    assert Path(first.suggested) == documents / PLAN_2027
    assert not first.suggested.startswith(str(data_dir()))
    assert (elsewhere / PLAN_2027).exists()
    plan.trigger()  # the same kind again: where the user put it last time
    assert Path(boundary.saves()[-1].suggested) == elsewhere / PLAN_2027
    select_project(qtbot, window, "一网通办")
    window.documents.checklist_actions["dossier"].trigger()  # another kind: Documents
    assert Path(boundary.saves()[-1].suggested) == documents / CHECKLIST_12
    window.documents.opinion_actions["one_step"].trigger()
    assert Path(boundary.saves()[-1].suggested) == documents / REPLY_12
    assert (boundary.folder / REPLY_12).exists()


def test_the_status_bar_says_where_and_opens_the_file_or_its_folder(
    qtbot: Any, window: MainWindow, boundary: OsBoundary, documents: Path
) -> None:
    notice = window.saved_notice
    assert not notice.isVisible()
    select_project(qtbot, window, "一网通办")
    window.documents.checklist_actions["dossier"].trigger()
    saved = boundary.folder / CHECKLIST_12
    assert saved.read_bytes().startswith(b"%PDF")
    assert notice.isVisible() and notice.path == saved
    assert "Saved:" in notice.label.text() and notice.label.toolTip() == str(saved)
    qtbot.mouseClick(notice.open_file_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(notice.open_folder_button, Qt.MouseButton.LeftButton)
    assert boundary.opened_urls == [str(saved), str(saved.parent)]
    qtbot.mouseClick(notice.close_button, Qt.MouseButton.LeftButton)
    assert not notice.isVisible()


def test_status_bar_notice_in_chinese(
    chinese: Any, qtbot: Any, window: MainWindow, boundary: OsBoundary, documents: Path
) -> None:
    window.year_combo.setCurrentIndex(window.year_combo.findData(2027))
    window.documents.plan_actions["plan"].trigger()
    notice = window.saved_notice
    assert notice.label.text().startswith("已保存：")
    assert (notice.open_file_button.text(), notice.open_folder_button.text()) == ("打开文件", "打开所在文件夹")  # fmt: skip


def test_file_names_are_safe_on_windows() -> None:
    from app.services.file_names import safe_file_name

    assert (
        safe_file_name('JJ-1 a/b\\c:d*e?f"g<h>i|j\x07', ".docx")
        == "JJ-1 a／b＼c：d＊e？f＂g＜h＞i｜j.docx"
    )
    assert safe_file_name("项目名称. . ", ".pdf") == "项目名称.pdf"
    assert safe_file_name("CON", ".xlsx") == "_CON.xlsx"
    assert safe_file_name("nul.tar", ".gz") == "_nul.tar.gz"
    assert safe_file_name("", ".txt") == "未命名.txt"
    assert len(safe_file_name("很长" * 200, ".docx")) == 120 + len(".docx")


def test_the_command_line_names_files_in_a_folder_as_the_gui_does(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "导出"
    folder.mkdir()
    db = ["--db", str(demo_db)]
    for argv in (
        ["export-plan", *db, "--year", "2027", "--kind", "plan", "--today", "2026-11-25"],
        ["export-opinion", *db, "JJ-2026-012", "--step", "one_step", "--today", "2026-11-25"],
        ["export-checklist", *db, "JJ-2026-012", "--kind", "dossier", "--today", "2026-11-25"],
        ["template", "--year", "2027"],
        ["export-xlsx", *db, "--year", "2027"],
    ):
        assert main([*argv, "-o", str(folder)]) == 0, capsys.readouterr().err
    assert sorted(p.name for p in folder.iterdir()) == sorted([
        PLAN_2027, REPLY_12, CHECKLIST_12,
        "2027年度政务信息化项目申报表（空白模板）.xlsx", "2027年度政务信息化项目申报表.xlsx",
    ])  # fmt: skip
