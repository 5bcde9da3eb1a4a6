"""The expert review tab: pool, round, conflict refusal, draw, packages out and back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.crypto import fingerprint
from app.services.packages import read_package
from app.ui.dialogs.opinion_gate import OpinionGateDialog
from app.ui.main_window import TAB_KEYS
from tests.review.test_packages import returned
from tests.ui.desk import OsBoundary, write_draft_because


def check(widget: Any, *texts: str) -> None:
    for i in range(widget.count()):
        item = widget.item(i)
        if any(t in item.text() for t in texts):
            item.setCheckState(Qt.CheckState.Checked)


def test_experts_tab_round_and_return(
    window: Any, qtbot: Any, tmp_path: Path, monkeypatch: Any, boundary: OsBoundary
) -> None:  # type: ignore[no-untyped-def]
    assert "experts" in TAB_KEYS
    window.show_tab("experts")
    tab = window.experts_tab
    demo_pool = tab.pool.rowCount()
    assert demo_pool == 12  # the demo's expert pool is listed
    for name, org, spec in (("王建国", "重庆大学", "信息化"), ("李梅", "西南大学", "网络安全"), ("张伟", "区教委", "教育")):  # fmt: skip
        tab.expert_name.setText(name)
        tab.expert_org.setText(org)
        tab.expert_specialties.setText(spec)
        assert tab.add_expert()
    assert tab.pool.rowCount() == demo_pool + 3
    tab.round_name.setText("2026年第二批")
    check(tab.round_projects, "JJ-2026-002", "JJ-2026-003")
    assert tab.create_round()
    tab.propose()
    texts = [tab.candidates.item(i).text() for i in range(tab.candidates.count())]
    assert any("张伟" in t and ("建设单位" in t or "owner unit" in t) for t in texts)
    check(tab.candidates, "张伟", "王建国")
    # a conflicted expert is refused with the reason, the list is unchanged
    disabled = [tab.candidates.item(i) for i in range(tab.candidates.count()) if "张伟" in tab.candidates.item(i).text()]  # fmt: skip
    disabled[0].setFlags(disabled[0].flags() | Qt.ItemFlag.ItemIsEnabled)
    disabled[0].setCheckState(Qt.CheckState.Checked)
    assert not tab.confirm_experts()
    assert "张伟" in tab.error.text()
    tab.count.setValue(2)
    tab.alternates.setValue(0)
    tab.seed.setText("7")
    assert tab.random_draw() and "7" in tab.draw_label.text()
    assert tab.confirm_experts()
    paths = tab.export_packages(tmp_path / "out")
    assert len(paths) == 2
    asked_keys: list[str] = []
    answer = [QMessageBox.StandardButton.No]
    monkeypatch.setattr(QMessageBox, "question", lambda _p, _t, text, *a, **k: asked_keys.append(text) or answer[0])  # fmt: skip
    first = returned(paths[0], tmp_path)
    chosen = [str(first)]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (chosen[0], ""))
    qtbot.mouseClick(tab.import_button, Qt.MouseButton.LeftButton)
    key = fingerprint(read_package(first).issuer_key)
    assert key in asked_keys[-1] and tab.results.rowCount() == 0  # not confirmed: nothing merged
    answer[0] = QMessageBox.StandardButton.Yes
    for path in paths:
        chosen[0] = str(returned(path, tmp_path))
        qtbot.mouseClick(tab.import_button, Qt.MouseButton.LeftButton)
    assert len(asked_keys) == 3 and "registered" in tab.error.text()
    assert tab.results.rowCount() == 6  # 2 projects × 2 experts + 2 mean rows
    again = returned(paths[0], tmp_path, score=10, conclusion="reject")
    asked = []
    tab.confirm_replace = lambda plan: asked.append(plan) or False
    assert not tab.import_package(again)
    assert asked and asked[0].differences
    tab.confirm_replace = lambda plan: True
    assert tab.import_package(again)
    assert not tab.import_package(again)
    assert "已经导入过" in tab.error.text() or "already been imported" in tab.error.text()
    # the replaced return says 不同意: 1 against 1, the cautious majority does not agree
    assert tab.export_opinion(tmp_path / "g.docx") is None and not (tmp_path / "g.docx").exists()
    boundary.dialog_handlers[OpinionGateDialog] = write_draft_because(
        "专家意见分歧，复议前内部讨论"
    )
    draft = tab.export_opinion(tmp_path / "g.docx")
    assert draft is not None and "征求意见稿" in Document(str(draft)).paragraphs[0].text
    assert tab.export_scores(tmp_path / "g.xlsx").exists()
    reviewer = window.open_review_package(str(paths[0]))
    qtbot.addWidget(reviewer)
    assert reviewer.projects.count() == 2


def test_experts_tab_opens_on_the_last_confirmed_round_and_keeps_the_choice(
    window: Any, qtbot: Any
) -> None:
    window.show_tab("experts")
    tab = window.experts_tab
    names = [tab.rounds.itemText(i) for i in range(tab.rounds.count())]
    assert len(names) == 2 and "第四批" in names[-1]  # the newest round is still open (empty)
    assert "第三批" in tab.rounds.currentText()  # the confirmed one, with its results
    assert tab.results.rowCount() > 0
    # the conclusions in the user's language (the suite runs untranslated: English)
    conclusions = {tab.results.item(r, 3).text() for r in range(tab.results.rowCount())}
    assert (
        "Do not agree" in conclusions
        and "Agree in principle, revise before approval" in conclusions
    )
    tab.rounds.setCurrentIndex(1)
    tab.reload()  # what a data change does: the user's choice stays
    assert "第四批" in tab.rounds.currentText()
    tab.rounds.setCurrentIndex(0)
    tab.reload()
    assert "第三批" in tab.rounds.currentText()


def test_a_new_rounds_projects_are_found_by_code_or_name_and_stay_checked(
    window: Any, qtbot: Any, monkeypatch: Any
) -> None:
    """At 100,000 projects the round's list held every project (seconds to show, unusable to
    pick from): it shows a few, a filter finds the others, and the checked ones stay listed."""
    from app.ui.tabs import experts_tab
    from tests.ui.desk import click
    from tests.ui.interact import tick_item, type_over, type_text

    monkeypatch.setattr(experts_tab, "ROUND_CHOICES_SHOWN", 5)
    window.show_tab("experts")
    tab = window.experts_tab
    rows = lambda: [tab.round_projects.item(i) for i in range(tab.round_projects.count())]  # noqa: E731
    assert len(rows()) == 5
    assert tab.round_hint.isVisible() and "5" in tab.round_hint.text()

    type_text(qtbot, tab.round_filter, "JJ-2026-04")
    assert rows() and all(item.text().startswith("JJ-2026-04") for item in rows())
    first = next(item for item in rows() if item.text().startswith("JJ-2026-041"))
    tick_item(qtbot, tab.round_projects, first)

    type_over(qtbot, tab.round_filter, "JJ-2026-002")
    texts = [item.text() for item in rows()]
    assert texts[0].startswith("JJ-2026-041")  # checked: listed whatever the filter
    assert rows()[0].checkState() == Qt.CheckState.Checked
    assert any(t.startswith("JJ-2026-002") for t in texts[1:])
    tick_item(qtbot, tab.round_projects, next(i for i in rows() if i.text().startswith("JJ-2026-002")))  # fmt: skip

    type_text(qtbot, tab.round_name, "大批量筛选批次")
    click(qtbot, tab.create_button)
    assert tab.error.isHidden(), tab.error.text()
    assert "大批量筛选批次" in tab.rounds.currentText() and "2 projects" in tab.rounds.currentText()
    assert not any(item.checkState() == Qt.CheckState.Checked for item in rows())
