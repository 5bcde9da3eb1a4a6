"""A restriction flag ticked in the project form (Art 28/29): the unit's other projects' counts
in the list follow at once, from their unit's bar (tests/services/test_kept_bars.py checks the
findings themselves)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.rules.facts import Severity
from app.ui.dialogs.project_form import ProjectForm
from app.ui.main_window import MainWindow
from app.ui.models.project_table import SEVERITY_COLUMNS, ProjectTableModel
from tests.services.test_kept_bars import _under_construction


def test_ticking_art_29_on_a_system_warns_the_units_new_projects_in_the_list(
    qtbot, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    model = window.projects_tab.model
    column = ProjectTableModel.FIRST_SEVERITY + SEVERITY_COLUMNS.index(Severity.WARNING)
    _unit, first, second = _under_construction(window.ctx.store)

    def warnings(pid: int) -> int:
        row = model.row_of(pid)
        assert row is not None
        return int(model.index(row, column).data() or 0)

    def tick(pid: int) -> None:
        form = ProjectForm(window.ctx, pid)
        qtbot.addWidget(form)
        form.show()
        was = form.integration.isChecked()
        qtbot.mouseClick(
            form.integration, Qt.MouseButton.LeftButton, pos=form.integration.rect().center()
        )
        assert form.integration.isChecked() != was
        form.accept()
        assert form.result() == ProjectForm.DialogCode.Accepted
        qtbot.waitUntil(lambda: window.ctx.findings_known)

    before = warnings(first)
    tick(second)  # ticked
    refreshed = window.ctx.last_refresh
    assert refreshed is not None and refreshed.bar_owners > 0 and refreshed.evaluated <= 3
    assert warnings(first) == before + 1
    assert any(f.code == "UNIT-BLOCKED" for f in model.findings_of(first, Severity.WARNING))
    tick(second)  # unticked: the warning goes
    assert warnings(first) == before
    assert not any(f.code == "UNIT-BLOCKED" for f in model.findings_of(first))
