"""Every action of the menu bar and the toolbars, triggered as a user would, on a demo database.

The menus are walked (submenus opened, so entries filled on aboutToShow count too): an action
added tomorrow is triggered by this test without anyone listing it, and fails CI if an exception
escapes it. Only the operating system's dialogs are replaced (tests/ui/desk.py); file dialogs
answer with real files where the action reads one (a department workbook, a review package, a
second copy of the demo database), so the handlers run to the end.

An action that cannot be triggered here is listed in NOT_TRIGGERED with the reason (none is,
so far: Exit is triggered last, and must close the window and release the database).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from app.ui.app import AppController
from app.ui.main_window import MainWindow
from app.ui.tabs.budget_tab import COL_BUDGET
from tests.ui.desk import (
    OsBoundary,
    Position,
    action_at,
    menu_actions,
    no_escaped_exceptions,
)
from tests.ui.test_budget_tab import find_row

#: menu path (English, without accelerators) → why the test does not trigger it
NOT_TRIGGERED: dict[str, str] = {}
#: triggered after all the others: it ends the session
LAST = "File/Exit"


@pytest.fixture
def opened(controller: AppController, demo_db: Path) -> AppController:
    """The application as started on a demo database: controller, lock, window."""
    assert controller.open(str(demo_db))
    return controller


@pytest.fixture
def desk_files(tmp_path: Path, demo_copy: Any, demo_db: Path) -> dict[str, str]:
    """What the open dialogs answer: a department workbook, a review package, another database."""
    from app.services.packages import export_round_packages
    from app.services.store import open_store
    from tests.reliability.import_seeds import seed_template

    workbook = tmp_path / "部门申报表.xlsx"
    workbook.write_bytes(seed_template(tmp_path))
    other = demo_copy(tmp_path / "另一个数据库.db")
    source = open_store(str(demo_copy(tmp_path / "packages-source.db")))
    try:
        package = export_round_packages(source, 1, tmp_path / "packages")[0]
    finally:
        source.close()
    return {".xlsx": str(workbook), ".rdpkg": str(package), ".db": str(other)}


def prepare(qtbot: Any, window: MainWindow) -> None:
    """What a user has done before opening the menus: picked a project, made one edit."""
    tab = window.projects_tab
    tab.search.setText("一网通办")
    assert tab.proxy.rowCount() == 1
    rect = tab.view.visualRect(tab.proxy.index(0, 0))
    qtbot.mouseClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    project_id = window.ctx.current_project_id
    assert project_id is not None
    window.year_combo.setCurrentIndex(window.year_combo.findData(2027))
    window.show_tab("budget")
    row, parent = find_row(window, project_id)
    model = window.budget_tab.model
    model.itemFromIndex(model.index(row, COL_BUDGET, parent)).setText("901")  # type: ignore[arg-type]
    qtbot.waitUntil(window.ctx.undo_stack.canUndo)  # Undo and Redo have something to do
    window.show_tab("projects")


def test_every_menu_and_toolbar_action_runs_without_an_exception(
    qtbot: Any,
    opened: AppController,
    boundary: OsBoundary,
    desk_files: dict[str, str],
    demo_db: Path,
    demo_copy: Any,
    tmp_path: Path,
) -> None:
    controller = opened
    boundary.open_by_suffix.update(desk_files)
    demos = {demo_db.resolve(), Path(desk_files[".db"]).resolve()}
    window = controller.window
    assert isinstance(window, MainWindow)
    window.ctx.wait_for_checks()
    prepare(qtbot, window)
    listed = [(path, at) for path, at, _action in menu_actions(window)]
    paths = [path for path, _at in listed]
    assert len(paths) == len(set(paths)), "two actions with the same menu path"
    assert set(NOT_TRIGGERED) <= set(paths), "NOT_TRIGGERED names an action that is gone"
    triggered: list[str] = []

    def run(todo: list[tuple[str, Position]]) -> list[tuple[str, Position]]:
        """Trigger each enabled action; returns those that were disabled at their turn."""
        disabled = []
        for path, at in todo:
            window = controller.window  # an action may have built a new window (language, file)
            assert isinstance(window, MainWindow)
            action = action_at(window, at)
            assert action is not None, f"{path} is gone after the earlier actions"
            if not action.isEnabled():
                disabled.append((path, at))
                continue
            with no_escaped_exceptions(qtbot, path):
                action.trigger()
            triggered.append(path)
            store = controller.store
            if store is None or store.path not in demos:  # "New database…" opened an empty one
                assert controller.open(str(demo_db))
        return disabled

    # an import or another database empties the undo stack: the disabled ones get a second turn,
    # on a fresh copy (Edit → Delete project has removed the project picked first)
    waiting = run([(p, at) for p, at in listed if p not in NOT_TRIGGERED and p != LAST])
    fresh = demo_copy(tmp_path / "第二轮.db").resolve()
    demos.add(fresh)
    assert controller.open(str(fresh))
    window = controller.window
    assert isinstance(window, MainWindow)
    prepare(qtbot, window)
    skipped = [path for path, _at in run(waiting)]
    assert controller.store is not None
    lock = Path(f"{controller.store.path}.lock")
    assert lock.exists()
    window = controller.window
    with no_escaped_exceptions(qtbot, LAST):
        action_at(window, dict(listed)[LAST]).trigger()  # type: ignore[arg-type, union-attr]
    assert not window.isVisible() and controller.store is None and not lock.exists()
    # only the placeholder of an empty Recent menu may be disabled
    assert all(p.startswith("File/Recent databases/") for p in skipped), skipped
    for expected in (
        "File/Import/Import department submissions (Excel)…",
        "File/Export/Annual investment plan (Excel)…",
        "View/Language/English",
        "Tools/Audit log…",
        "Help/About ReviewDesk",
    ):
        assert expected in triggered, "\n".join(triggered)
    assert any(p.startswith("Edit/Undo") for p in triggered)
    assert any(p.startswith("Edit/Redo") for p in triggered)
    # the handlers ran to the end: the files the user chose were read and written
    assert desk_files[".xlsx"] in [a.answer for a in boundary.file_asks if a.kind == "open"]
    written = [Path(a.answer) for a in boundary.saves() if a.answer]
    assert written and all(p.exists() for p in written if p.suffix in (".xlsx", ".docx", ".pdf"))


def test_reopening_the_open_database_from_recent_asks_nothing(
    opened: AppController, boundary: OsBoundary, demo_db: Path
) -> None:
    """It used to say the database was in use (by this very process) and offer read-only."""
    window = opened.window
    assert isinstance(window, MainWindow)
    window.recent_menu.aboutToShow.emit()
    entry = next(a for a in window.recent_menu.actions() if a.text() == str(demo_db.resolve()))
    entry.trigger()
    assert not boundary.messages
    assert opened.store is not None and not opened.store.read_only and opened.window is window
