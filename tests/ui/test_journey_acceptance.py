"""Journey d (issue 11): the acceptance of a completed project, through to the filed result.

江津区就业创业服务平台 (a minor project) was completed in June: acceptance is due within six
months (Art 25) and its O&M project may get no funds until the system is accepted. The DRC clerk
finds it on the deadlines tab, records the archive acceptance in the checklist, the acceptance
itself (dates typed as people write them), sees that the result still has to be filed, files
it, exports the acceptance checklist from the menu; everything is on disk afterwards.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from PySide6.QtCore import Qt

from app.rules.facts import AcceptanceResult, DocStatus
from app.services.editing import load_acceptance
from app.services.snapshot import read_project
from app.services.store import open_store
from app.ui.main_window import MainWindow
from app.ui.models.findings_table import FINDING_ROLE
from app.ui.tabs.dossier_tab import KEY_ROLE
from tests.ui.desk import OsBoundary, trigger, type_text

from .interact import choose, click_index, tick, tree_index

JOBS = "江津区就业创业服务平台"
JOBS_OM = "江津区就业创业服务平台运维"


def codes(window: MainWindow, project_id: int | None = None) -> set[str]:
    """The open findings of the current project (or `project_id`) over the whole store."""
    pid = window.ctx.current_project_id if project_id is None else project_id
    return {f.code for f in window.ctx.findings() if f.project_id == pid and f.open}


def pane_codes(window: MainWindow) -> list[str]:
    model = window.acceptance_tab.findings_model
    return [model.index(r, 0).data(FINDING_ROLE).code for r in range(model.rowCount())]


def test_acceptance_of_a_completed_project_through_to_the_filed_result(
    qtbot: Any, window: MainWindow, boundary: OsBoundary
) -> None:
    # the deadline on the deadlines tab: a double-click lands on the project's acceptance
    trigger(qtbot, window.tab_actions[4])
    deadlines = window.deadlines_tab
    rows = [deadlines.model.index(r, 4) for r in range(deadlines.model.rowCount())]
    due = next(i for i in rows if i.data(FINDING_ROLE).code == "ACC-DUE" and i.data(FINDING_ROLE).project_name == JOBS)  # fmt: skip
    click_index(qtbot, deadlines.view, due, double=True)
    assert window.current_tab() == "acceptance"
    tab = window.acceptance_tab
    assert JOBS in tab.header.text() and "days left" in tab.facts_label.text()
    pid = window.ctx.current_project_id
    assert pid is not None
    om_pid = next(f.project_id for f in window.ctx.findings() if f.project_name == JOBS_OM)
    # the archive acceptance waits for the acceptance to begin (Art 25, issue 17): a to-do here
    assert "ACC-DUE" in pane_codes(window) and "ACC-ARCHIVE" not in pane_codes(window)
    assert "OM-NOACCEPT" in codes(window, om_pid)  # no O&M funds before the acceptance

    # the archive acceptance has passed: its checklist row, status, date, save
    click_index(qtbot, tab.tree, tree_index(tab.tree_model, KEY_ROLE, "archive_acceptance"))
    editor = tab.editor
    choose(qtbot, editor.status, DocStatus.APPROVED)
    type_text(editor.approved, "2026/11/18")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.error.isHidden(), editor.error.text()
    assert "ACC-ARCHIVE" not in pane_codes(window)

    # the acceptance itself: organised, held and passed, the Art 18 and Art 14 ¶3 items assessed
    bar = tab.side.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    form = tab.acceptance_form
    assert tab.side.currentWidget() is form
    type_text(form.organized, "2026.11.20")
    type_text(form.accepted, "2026年11月24日")
    choose(qtbot, form.result, AcceptanceResult.PASSED)
    for check in (form.reviewed_products, form.reviewed_crypto, form.reviewed_energy,
                  form.reviewed_integration, form.reviewed_sharing):  # fmt: skip
        tick(qtbot, check)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.error.isHidden(), form.error.text()
    assert form.organized.text() == "2026-11-20" and form.accepted.text() == "2026-11-24"
    shown = pane_codes(window)
    assert "ACC-DUE" not in shown
    assert "ACC-FILED" in shown  # a minor project's result still has to be filed with DRC
    review = next(f for f in window.ctx.findings() if f.project_id == pid and f.code == "ACC-REVIEW")  # fmt: skip
    assert "all assessed" in review.message_en
    assert "OM-NOACCEPT" not in codes(window, om_pid)  # accepted: its O&M may be funded

    # filed with DRC
    type_text(form.filed, "20261125")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "ACC-FILED" not in pane_codes(window)
    assert not codes(window) & {"ACC-DUE", "ACC-FILED", "ACC-ARCHIVE"}
    assert "Result: passed" in tab.facts_label.text()

    # the history beside it names the changes
    window.history_dock.toggleViewAction().trigger()
    assert window.history_dock.isVisible() and window.history_dock.model.rowCount() >= 3

    # the acceptance checklist, from the menu, where the user chose
    trigger(qtbot, window.documents.checklist_actions["acceptance"])
    written = Path(boundary.saves()[-1].answer)
    text = "".join(page.extract_text() for page in PdfReader(written).pages)
    assert JOBS in text and "档案验收" in text and "2026-11-18" in text

    # on disk: another connection reads what was saved
    window.ctx.wait_for_checks()
    store = open_store(str(window.ctx.store.path), read_only=True)
    try:
        with store.read() as session:
            saved = load_acceptance(session, pid)
        project, _unit = read_project(store, pid)
    finally:
        store.close()
    assert (saved.organized_on, saved.accepted_on, saved.filed_on) == (date(2026, 11, 20), date(2026, 11, 24), date(2026, 11, 25))  # fmt: skip
    assert saved.result == AcceptanceResult.PASSED and saved.reviewed_energy
    assert project is not None
    archive = next(d for d in project.documents if d.kind.value == "archive_acceptance")
    assert archive.status == DocStatus.APPROVED and archive.approved_on == date(2026, 11, 18)
