"""The main window opens on the demo database with its tabs, list and findings."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QApplication

from app.ui.main_window import MainWindow
from app.ui.models.project_table import ProjectTableModel as M
from app.ui.tabs.budget_tab import CODES_ROLE, COL_FINDINGS

TODAY = date(2026, 11, 25)


def test_opens_with_tabs_and_projects(window: MainWindow) -> None:
    assert window.tabs.count() >= 4
    assert window.projects_tab.model.rowCount() == 48
    assert "Blockers: 18" in window.problem_label.text() or "18" in window.problem_label.text()


def test_models_pass_the_model_tester(window: MainWindow) -> None:
    for model in (
        window.projects_tab.model,
        window.projects_tab.proxy,
        window.dossier_tab.findings_model,
    ):
        QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    window.projects_tab.search.setText("养老")
    window.ctx.project_selected.emit(3)


def test_search_and_filters_narrow_the_list(window: MainWindow) -> None:
    tab = window.projects_tab
    tab.search.setText("养老")
    names = {tab.proxy.index(r, M.COL_NAME).data() for r in range(tab.proxy.rowCount())}
    assert names == {"江津区智慧养老服务平台", "江津区医养结合智慧养老服务平台"}
    tab.search.clear()
    tab.problems.setChecked(True)
    with_problems = tab.proxy.rowCount()
    assert 0 < with_problems < 48
    tab.problems.setChecked(False)
    tab.path_filter.setCurrentIndex(tab.path_filter.findData(True))  # two-step only
    totals = [
        tab.proxy.index(r, M.COL_TOTAL).data(Qt.ItemDataRole.UserRole)
        for r in range(tab.proxy.rowCount())
    ]
    names = [tab.proxy.index(r, M.COL_NAME).data() for r in range(tab.proxy.rowCount())]
    minor = "江津区劳动保障监察信息系统"  # a minor project that chose two steps (Art 9 「可」)
    assert minor in names
    assert totals and min(t for t, n in zip(totals, names, strict=True) if n != minor) >= 30_000_000


def test_sorting_by_total_uses_the_amount_not_the_text(window: MainWindow) -> None:
    view = window.projects_tab.view
    view.sortByColumn(M.COL_TOTAL, Qt.SortOrder.DescendingOrder)
    proxy = window.projects_tab.proxy
    amounts = [
        proxy.index(r, M.COL_TOTAL).data(Qt.ItemDataRole.UserRole) for r in range(proxy.rowCount())
    ]
    assert amounts == sorted(amounts, reverse=True)


def test_double_click_opens_the_dossier_and_finding_selects_item(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    tab = window.projects_tab
    tab.search.setText("生态环境监测")
    index = tab.proxy.index(0, 0)
    rect = tab.view.visualRect(index)
    qtbot.mouseClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.tabs.currentWidget() is window.dossier_tab
    dossier = window.dossier_tab
    assert "生态环境监测监控平台" in dossier.header.text()
    codes = [
        dossier.findings_model.finding(r).code for r in range(dossier.findings_model.rowCount())
    ]
    assert "DOS-CH-SEC" in codes
    row = codes.index("DOS-CH-SEC")
    dossier.findings_view.setCurrentIndex(dossier.findings_model.index(row, 0))
    assert dossier.selected_item_key() == "fsr.ch.sec"


def test_tab_shortcuts(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.activateWindow()
    for number, widget in (
        (3, window.budget_tab),
        (4, window.acceptance_tab),
        (1, window.projects_tab),
    ):
        window.tab_actions[number - 1].trigger()
        assert window.tabs.currentWidget() is widget


def test_budget_tab_groups_by_unit_with_codes(window: MainWindow) -> None:
    window.ctx.set_year(2027)
    window.show_tab("budget")
    model = window.budget_tab.model
    units = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert units[-1] == window.budget_tab.tr("Grand total")
    found = []
    for r in range(model.rowCount() - 1):
        parent = model.index(r, 0)
        for c in range(model.rowCount(parent)):
            found.append(model.index(c, COL_FINDINGS, parent).data(CODES_ROLE))
    assert any("BUD-MISMATCH" in codes for codes in found)


def test_changing_today_recomputes_deadlines(window: MainWindow) -> None:
    window.show_tab("deadlines")
    before = window.deadlines_tab.model.rowCount()
    window.ctx.set_today(date(2028, 1, 1))
    after = window.deadlines_tab.model.rowCount()
    assert after != before


def test_app_instance_is_shared() -> None:
    assert QApplication.instance() is not None


def test_deadlines_overdue_first_and_unit_filter(window: MainWindow) -> None:
    window.show_tab("deadlines")
    tab = window.deadlines_tab
    model = tab.model
    from app.ui.tabs.deadlines_tab import deadline_of

    rows = [model.finding(r) for r in range(model.rowCount())]
    overdue = [deadline_of(f) < TODAY or f.severity.value == "error" for f in rows]  # type: ignore[operator]
    assert overdue == sorted(overdue, reverse=True)  # every overdue obligation comes first
    assert rows[-1].code == "PERF-WINDOW"
    total = model.rowCount()
    tab.unit_filter.setCurrentIndex(tab.unit_filter.findText("区民政局"))
    assert 0 < model.rowCount() < total
    assert all("社会救助" in model.finding(r).project_name for r in range(model.rowCount()))


def test_geometry_and_splitters_are_remembered(qtbot, demo_store) -> None:  # type: ignore[no-untyped-def]
    first = MainWindow(demo_store, today=TODAY)
    qtbot.addWidget(first)
    first.show()
    first.dossier_tab.main_splitter.setSizes([500, 700])
    first.resize(1200, 650)
    wanted = first.dossier_tab.main_splitter.sizes()
    first.projects_tab.view.setColumnWidth(M.COL_UNIT, 260)  # the owner unit's column, widened
    size = first.size()
    first.close()
    second = MainWindow(demo_store, today=TODAY)
    qtbot.addWidget(second)
    second.show()
    assert second.size().height() == size.height()  # the 800 px offscreen screen clamps widths
    assert second.dossier_tab.main_splitter.sizes() == wanted
    header = second.projects_tab.view.horizontalHeader()
    assert header.sectionSize(M.COL_UNIT) == 260
    # the name column takes what the others leave
    assert header.sectionResizeMode(M.COL_NAME) == header.ResizeMode.Stretch
    second.ctx.findings()


def test_deadlines_show_the_date_and_pass_the_model_tester(window: MainWindow) -> None:
    from PySide6.QtTest import QAbstractItemModelTester

    window.show_tab("deadlines")
    model = window.deadlines_tab.model
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    dates = [model.index(r, model.columnCount() - 1).data() for r in range(model.rowCount())]
    assert dates and all(len(d) == 10 for d in dates)


def test_filter_and_sort_models_pass_the_tester_after_changes(window: MainWindow) -> None:
    from PySide6.QtTest import QAbstractItemModelTester

    tab = window.projects_tab
    QAbstractItemModelTester(tab.proxy, QAbstractItemModelTester.FailureReportingMode.Fatal)
    tab.view.sortByColumn(M.COL_NAME, Qt.SortOrder.AscendingOrder)
    tab.search.setText("平台")
    names = [tab.proxy.index(r, M.COL_NAME).data() for r in range(tab.proxy.rowCount())]
    assert names == sorted(names, key=str.casefold) and all("平台" in n for n in names)
    tab.problems.setChecked(True)
    window.ctx.data_changed.emit()  # findings recomputed: the "problems" filter follows
    assert all(tab.model.counts(tab.model.row_at(r).id) for r in range(tab.model.rowCount()))
    assert tab.model.total() == 48


def test_tabs_other_than_the_list_are_built_when_first_shown(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Start-up builds the project list only; a tab shown later is built then, in its place,
    and shows the project chosen before it existed."""
    placeholders = [window.tabs.widget(i).objectName() for i in range(window.tabs.count())]
    assert placeholders[0] == "" and all(n.startswith("tab-placeholder-") for n in placeholders[1:])
    tab = window.projects_tab
    tab.search.setText("生态环境监测")
    index = tab.proxy.index(0, 0)
    qtbot.mouseClick(
        tab.view.viewport(), Qt.MouseButton.LeftButton, pos=tab.view.visualRect(index).center()
    )
    window.activateWindow()
    window.tab_actions[3].trigger()  # Acceptance, Ctrl+4
    acceptance = window.tabs.currentWidget()
    assert acceptance is window.acceptance_tab
    assert window.tabs.indexOf(acceptance) == 3 and window.tabs.count() == 6
    assert "生态环境监测监控平台" in acceptance.header.text()
    assert window.tabs.widget(1).objectName() == "tab-placeholder-dossier"  # still not built


def test_ctrl_y_redoes(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+Y was bound twice to Redo (by hand and by the platform's Redo keys, which hold
    Ctrl+Y on Windows): Qt found it ambiguous and redid nothing."""
    keys = [k.toString() for k in window.redo_action.shortcuts()]
    assert "Ctrl+Y" in keys and len(keys) == len(set(keys))
    window.ctx.undo_stack.push(QUndoCommand("probe"))
    window.ctx.undo_stack.undo()
    qtbot.keyClick(window.projects_tab.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.ctx.undo_stack.index() == 1


def test_rerun_checks_evaluates_everything_again_off_the_window(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """F5: the kept findings rebuilt from nothing, on the worker; the counts stay the same."""
    before = dict(window.ctx.counts())
    window.activateWindow()
    window.recheck_action.trigger()
    assert not window.ctx.findings_known and "…" in window.problem_label.text()
    qtbot.waitUntil(lambda: window.ctx.findings_known, timeout=20_000)
    assert window.ctx.last_refresh is not None and window.ctx.last_refresh.full
    assert dict(window.ctx.counts()) == before
    assert "…" not in window.problem_label.text()


def test_the_list_shows_its_first_rows_before_the_first_paint_and_all_after(  # type: ignore[no-untyped-def]
    qtbot, demo_store, monkeypatch
) -> None:
    """Start-up reads the first rows only (issue 12: at 100,000 projects the whole list took
    a second before the window appeared); the others come once the window is painted. The
    counts are complete meanwhile, and a project chosen meanwhile is selected afterwards."""
    from app.ui.tabs import projects_tab

    monkeypatch.setattr(projects_tab, "FIRST_ROWS", 10)
    win = MainWindow(demo_store, today=TODAY)
    qtbot.addWidget(win)
    tab = win.projects_tab
    assert [tab.model.row_at(r).id for r in range(tab.model.rowCount())] == list(range(1, 11))
    assert tab.total() == 48 and tab.count_label.text() == "10 of 48 projects"
    assert win.count_label.text() == "48 projects"  # the status bar: every project
    win.ctx.select_project(40)  # not among the first rows
    win.show()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 48)
    assert tab.count_label.text() == "48 of 48 projects"
    assert tab.current_project_id() == 40
    years = {tab.year_filter.itemData(i) for i in range(1, tab.year_filter.count())}
    assert years == {y for row in tab.model.all_rows() for y in row.years}
    tab.search.setText("养老")  # the search sees every row
    assert tab.proxy.rowCount() == 2


def test_an_edit_before_the_first_paint_reads_every_row(qtbot, demo_store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.ui.tabs import projects_tab

    monkeypatch.setattr(projects_tab, "FIRST_ROWS", 10)
    win = MainWindow(demo_store, today=TODAY)
    qtbot.addWidget(win)
    win.ctx.data_changed.emit()
    assert win.projects_tab.model.rowCount() == 48 and win.projects_tab.total() == 48


def test_waiting_for_the_checks_before_the_first_paint_starts_the_start_up_check(  # type: ignore[no-untyped-def]
    qtbot, demo_store
) -> None:
    """What waits for the checks (the bundle's smoke test, the screenshots, closing) gets the
    start-up check even when the window was not painted yet: it starts then, and only once."""
    win = MainWindow(demo_store, today=TODAY)
    qtbot.addWidget(win)
    win.show()
    assert win.ctx.start_pending and not win.ctx.findings_known
    win.ctx.wait_for_checks()
    assert win.ctx.findings_known and not win.ctx.start_pending
    first = win.ctx.last_refresh
    for _ in range(20):  # the first paint's start-up work: no second check
        QApplication.processEvents()
    assert win.ctx._worker is None and win.ctx.last_refresh is first
