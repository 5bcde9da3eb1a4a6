"""Journey e (issue 11): an expert round from the experts tab.

The DRC clerk names a round, ticks two projects, asks for proposals, draws two experts with a
seed and confirms them, writes the packages; each expert opens their package from the File
menu, fills the review form in the reviewer window and writes the return; the clerk merges both
returns and exports the group opinion, which is opened with python-docx.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from PySide6.QtCore import Qt

from app.ui.main_window import MainWindow
from app.ui.widgets.fields import ErrorLabel
from tests.ui.desk import OsBoundary, trigger, type_text

from .interact import choose, tick_item, type_over

ROUND = "2026年第五批项目评审"
PROJECTS = ("JJ-2026-004", "JJ-2026-012")
OPINIONS = {0: "建设内容与部门职能相符，建议补充数据共享清单。", 1: "同意建设，压缩硬件投资。"}


def click(qtbot: Any, widget: Any) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def fill_package(qtbot: Any, window: MainWindow, boundary: OsBoundary, package: Path, expert: int, out: Path, monkeypatch: pytest.MonkeyPatch) -> Path:  # fmt: skip
    """One expert, on their own computer (a data folder of their own: their own signing key):
    File → Open review package…, every project's form filled and saved, the return package
    written where the expert chooses."""
    drc_folder = os.environ["REVIEWDESK_DATA_DIR"]
    monkeypatch.setenv("REVIEWDESK_DATA_DIR", str(out.parent / f"expert-{expert}-computer"))
    boundary.open_answers.append(str(package))
    trigger(qtbot, window.open_package_action)
    reviewer = window.reviewer_windows[-1]
    qtbot.addWidget(reviewer)
    for row in range(reviewer.projects.count()):
        item = reviewer.projects.item(row)
        rect = reviewer.projects.visualItemRect(item)
        qtbot.mouseClick(reviewer.projects.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # fmt: skip
        form = reviewer.form
        assert reviewer.facts.toPlainText().startswith(item.text().strip("✓ 　"))
        choose(qtbot, form.answers["art8_basis"], "yes")
        type_text(form.comments["art8_basis"], "依据充分")
        for spin in form.scores.values():
            type_over(qtbot, spin, "80")
        choose(qtbot, form.conclusion, "agree")
        type_text(form.opinion, OPINIONS[expert])
        click(qtbot, reviewer.save_button)
        assert reviewer.error.isHidden(), reviewer.error.text()
        assert reviewer.projects.item(row).text().startswith("✓")
    target = out / f"return-{expert}.rdpkg"
    boundary.save_answers.append(str(target))
    click(qtbot, reviewer.export_button)
    assert target.exists()
    reviewer.close()
    monkeypatch.setenv("REVIEWDESK_DATA_DIR", drc_folder)  # back at the DRC's computer
    return target


def test_an_expert_round_from_proposal_to_the_group_opinion(
    qtbot: Any,
    window: MainWindow,
    boundary: OsBoundary,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    trigger(qtbot, window.tab_actions[5])
    tab = window.experts_tab
    assert window.current_tab() == "experts"

    # a new round with two projects
    type_text(tab.round_name, ROUND)
    for i in range(tab.round_projects.count()):
        item = tab.round_projects.item(i)
        if item.text().startswith(PROJECTS):
            tick_item(qtbot, tab.round_projects, item)
    click(qtbot, tab.create_button)
    assert tab.error.isHidden(), tab.error.text()
    assert ROUND in tab.rounds.currentText() and "2 projects" in tab.rounds.currentText()

    # proposals, then a seeded draw of two experts without alternates, confirmed
    click(qtbot, tab.propose_button)
    assert tab.candidates.count() >= 10
    type_over(qtbot, tab.count, "2")
    type_over(qtbot, tab.alternates, "0")
    type_text(tab.seed, "7")
    click(qtbot, tab.draw_button)
    assert "7" in tab.draw_label.text()
    drawn = [tab.candidates.item(i).text() for i in range(tab.candidates.count())
             if tab.candidates.item(i).checkState() == Qt.CheckState.Checked]  # fmt: skip
    assert len(drawn) == 2
    click(qtbot, tab.confirm_button)
    assert "2 experts" in tab.rounds.currentText()

    # the packages, into the folder the clerk chooses
    out = tmp_path / "packages"
    out.mkdir()
    boundary.folder_answers.append(str(out))
    click(qtbot, tab.export_button)
    packages = sorted(out.glob("*.rdpkg"))
    assert len(packages) == 2 and "2" in tab.error.text()
    assert tab.error.styleSheet() == ErrorLabel.DONE_STYLE  # said in green, not as an error

    # each expert fills a package in the reviewer window and writes the return
    returns = tmp_path / "returns"
    returns.mkdir()
    filled = [
        fill_package(qtbot, window, boundary, p, n, returns, monkeypatch)
        for n, p in enumerate(packages)
    ]

    # back at the DRC: both returns merged (each new expert key confirmed by its fingerprint,
    # as read out by the expert on the phone), the results on the tab
    window.activateWindow()
    for path in filled:
        boundary.open_answers.append(str(path))
        click(qtbot, tab.import_button)
        assert "Merged the review of" in tab.error.text(), tab.error.text()
        assert tab.error.styleSheet() == ErrorLabel.DONE_STYLE
    assert len([t for t in boundary.texts("question") if "fingerprint" in t]) == 2
    assert tab.results.rowCount() == 2 * 2 + 2  # two experts on two projects, two means
    conclusions = {tab.results.item(r, 3).text() for r in range(tab.results.rowCount())}
    assert conclusions == {"Agree"}

    # the group opinion in Word, where the clerk chose
    target = tmp_path / "专家组意见.docx"
    boundary.save_answers.append(str(target))
    click(qtbot, tab.word_button)
    assert target.exists(), tab.error.text()
    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    text += "\n".join(c.text for t in Document(str(target)).tables for r in t.rows for c in r.cells)
    assert ROUND in text or "第五批" in text
    for opinion in OPINIONS.values():
        assert opinion in text
