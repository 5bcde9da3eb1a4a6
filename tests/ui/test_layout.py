"""Layout that fits (issue 11, problems 4, 10, 11): the window inside the screen's work area,
a readable money trail whatever splitter state was saved, a 项目编码 column, the history dock
only beside a project, readable expert columns and conflict reasons; the plan year and the tab
remembered across restarts."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QByteArray, QRect, QSettings, Qt
from PySide6.QtGui import QFontMetrics, QScreen
from PySide6.QtWidgets import QApplication, QLabel, QSplitter

from app.ui.main_window import MainWindow
from app.ui.models.project_table import ProjectTableModel

from .conftest import TODAY
from .interact import click_project

#: a 1366×768 laptop with a 40 px taskbar
LAPTOP = QRect(0, 0, 1366, 728)


def open_window(qtbot: Any, store: Any) -> MainWindow:
    window = MainWindow(store, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    QApplication.processEvents()
    return window


def inside(window: MainWindow, area: QRect) -> bool:
    return area.contains(window.frameGeometry())


def test_window_opens_inside_a_small_work_area(qtbot: Any, demo_store: Any, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: LAPTOP)
    window = open_window(qtbot, demo_store)
    assert inside(window, LAPTOP)
    assert window.height() <= LAPTOP.height() - 40  # room for the title bar


def test_a_geometry_saved_on_a_larger_screen_is_brought_inside(qtbot: Any, demo_store: Any, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    big = open_window(qtbot, demo_store)
    big.setGeometry(QRect(300, 200, 1800, 1000))  # the office's 1920×1080 monitor
    big.close()
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: LAPTOP)
    window = open_window(qtbot, demo_store)
    assert inside(window, LAPTOP)


def test_fit_rect_keeps_the_frame_inside_the_area() -> None:
    from PySide6.QtCore import QMargins

    from app.ui.geometry import fit_rect

    frame = QMargins(8, 31, 8, 8)
    fitted = fit_rect(QRect(-50, 700, 1280, 800), LAPTOP, frame)
    outer = fitted.marginsAdded(frame)
    assert LAPTOP.contains(outer) and outer.height() == LAPTOP.height()
    small = fit_rect(QRect(100, 100, 640, 480), LAPTOP, frame)
    assert small == QRect(100, 100, 640, 480)  # a window that fits is left alone


def test_a_squeezed_money_trail_state_is_repaired(qtbot: Any, demo_store: Any) -> None:
    probe = QSplitter(Qt.Orientation.Horizontal)
    probe.addWidget(QSplitter())
    probe.addWidget(QSplitter())
    probe.setSizes([1040, 54])  # what a user's settings held
    QSettings().setValue("splitters/budget-trail", probe.saveState())
    window = open_window(qtbot, demo_store)
    window.show_tab("budget")
    QApplication.processEvents()
    tab = window.budget_tab
    assert tab.trail_box.width() >= tab.trail_box.minimumWidth() >= 200
    sizes = tab.splitter.sizes()
    assert sizes[1] >= 200 and sizes[0] > sizes[1]


def test_the_money_trail_cannot_be_dragged_below_a_readable_width(qtbot: Any, window: Any) -> None:  # fmt: skip
    window.show_tab("budget")
    tab = window.budget_tab
    tab.splitter.setSizes([2000, 10])
    QApplication.processEvents()
    assert tab.trail_box.width() >= tab.trail_box.minimumWidth() >= 200
    click_project(qtbot, window, "江津区公共资源交易电子化平台")
    window.show_tab("budget")
    tab.splitter.setSizes([2000, 10])
    QApplication.processEvents()
    # a dozen lines of label and amount, not a column of two or three characters a line
    lines = tab.trail.heightForWidth(tab.trail.width()) / tab.trail.fontMetrics().lineSpacing()
    assert "Paid" in tab.trail.text() and lines <= 20


def test_the_project_list_has_a_project_code_column(window: Any) -> None:
    model = window.projects_tab.model
    column = ProjectTableModel.COL_CODE
    assert model.headerData(column, Qt.Orientation.Horizontal) == "Project code"
    codes = [window.projects_tab.proxy.index(r, column).data() for r in range(5)]
    assert all(code.startswith("JJ-2026-") for code in codes)
    view = window.projects_tab.view
    assert view.columnWidth(column) >= view.fontMetrics().horizontalAdvance(codes[0])


def test_history_dock_only_beside_a_tab_about_one_project(window: Any, qtbot: Any) -> None:
    click_project(qtbot, window, "江津区智慧养老服务平台")
    window.history_dock.toggleViewAction().trigger()
    assert window.history_dock.isVisible()
    for key in ("deadlines", "experts"):
        window.show_tab(key)
        assert not window.history_dock.isVisible(), key
        assert not window.history_dock.toggleViewAction().isEnabled()
    window.show_tab("dossier")
    assert window.history_dock.isVisible()  # the user's choice comes back with the project
    window.history_dock.toggleViewAction().trigger()
    window.show_tab("experts")
    window.show_tab("budget")
    assert not window.history_dock.isVisible()


def test_plan_year_and_tab_are_remembered_across_restarts(qtbot: Any, demo_store: Any) -> None:
    first = open_window(qtbot, demo_store)
    first.year_combo.setCurrentIndex(first.year_combo.findData(2027))
    first.tab_actions[2].trigger()  # Ctrl+3: budget
    first.close()
    second = open_window(qtbot, demo_store)
    assert second.ctx.year == 2027 and second.year_combo.currentData() == 2027
    assert second.current_tab() == "budget"
    assert "2027" in second.budget_tab.title.text()


def fits(view: Any, row: int, column: int) -> bool:
    """The cell's whole text fits its rectangle (wrapped on as many lines as it needs)."""
    item = view.item(row, column)
    rect = view.visualItemRect(item)
    metrics = QFontMetrics(view.font())
    needed = metrics.boundingRect(QRect(0, 0, rect.width() - 8, 10_000), Qt.TextFlag.TextWordWrap, item.text())  # fmt: skip
    return needed.height() <= rect.height()


def test_expert_pool_columns_and_conflict_reasons_are_readable(window: Any, qtbot: Any) -> None:
    window.resize(1366, 768)
    window.show_tab("experts")
    tab = window.experts_tab
    QApplication.processEvents()
    for row in range(tab.pool.rowCount()):
        for column in range(tab.pool.columnCount()):
            assert fits(tab.pool, row, column), tab.pool.item(row, column).text()
    tab.rounds.setCurrentIndex(tab.rounds.count() - 1)
    qtbot.mouseClick(tab.propose_button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    conflicted = [tab.candidates.item(i) for i in range(tab.candidates.count())
                  if not tab.candidates.item(i).flags() & Qt.ItemFlag.ItemIsEnabled]  # fmt: skip
    assert conflicted
    viewport = tab.candidates.viewport().width()
    for item in conflicted:
        rect = tab.candidates.visualItemRect(item)
        assert rect.width() <= viewport  # not cut at the right edge
        metrics = QFontMetrics(tab.candidates.font())
        needed = metrics.boundingRect(QRect(0, 0, rect.width() - 24, 10_000), Qt.TextFlag.TextWordWrap, item.text())  # fmt: skip
        assert needed.height() <= rect.height() + 2, item.text()
    assert tab.candidates.horizontalScrollBar().maximum() == 0


def test_saved_splitter_state_is_kept_when_it_is_sane(qtbot: Any, demo_store: Any) -> None:
    first = open_window(qtbot, demo_store)
    first.show_tab("budget")
    QApplication.processEvents()
    first.budget_tab.splitter.setSizes([700, 400])
    wanted = first.budget_tab.splitter.sizes()
    first.close()
    second = open_window(qtbot, demo_store)
    second.show_tab("budget")
    QApplication.processEvents()
    assert second.budget_tab.splitter.sizes() == wanted
    assert isinstance(QSettings().value("splitters/budget-trail"), QByteArray)


def test_the_window_can_shrink_to_a_work_area_at_150_percent(window: Any) -> None:
    """1920×1080 at 150 % leaves 1280×~690 logical pixels: no tab (nor the history dock under
    the project list) may make the window's least size larger than that."""
    window.history_dock.show()
    for key in ("projects", "dossier", "budget", "acceptance", "deadlines", "experts"):
        window.show_tab(key)
        QApplication.processEvents()
        least = window.minimumSizeHint()
        assert least.height() <= 560 and least.width() <= 1240, (key, least)


#: 1920×1080 at 150 %: 1280 logical pixels wide, the taskbar taken
AT_150 = QRect(0, 0, 1280, 693)


@pytest.mark.parametrize("area", [LAPTOP, AT_150], ids=["1366x768", "1920x1080@150%"])
def test_the_reviewer_window_opens_inside_a_small_work_area(qtbot: Any, demo_store: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch, area: QRect) -> None:  # fmt: skip
    """Sized like the main window; the project names, the facts and the review form (its
    English conclusion 「Agree in principle, revise before approval」 made it scroll sideways
    at 150 %) all readable without scrolling sideways."""
    from app.services.experts import list_rounds
    from app.services.packages import export_round_packages
    from app.ui.reviewer_window import open_reviewer

    with demo_store.read() as session:
        confirmed = [r.id for r in list_rounds(session) if r.confirmed]
    package = export_round_packages(demo_store, confirmed[-1], tmp_path, today=TODAY)[0]
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: area)
    reviewer = open_reviewer(package)
    assert reviewer is not None
    qtbot.addWidget(reviewer)
    QApplication.processEvents()
    assert area.contains(reviewer.frameGeometry())
    names = reviewer.projects
    for row in range(names.count()):
        assert names.visualItemRect(names.item(row)).right() <= names.viewport().width()
    form = reviewer.form
    assert form.widget().minimumSizeHint().width() <= form.viewport().width()
    assert not form.horizontalScrollBar().isVisible()
    assert not reviewer.facts.horizontalScrollBar().isVisible()
    assert form.width() >= reviewer.facts.width() * 0.9  # the form, where the work is


def test_project_list_headers_are_not_cut(window: Any) -> None:
    """「Blockers」 and 「Warnings」 were cut to 「lockers」 and 「Varning」 in English."""
    view = window.projects_tab.view
    header = view.horizontalHeader()
    for column in range(window.projects_tab.model.columnCount()):
        assert view.columnWidth(column) >= header.sectionSizeHint(column), column


def test_a_remembered_plan_year_outside_the_list_is_offered(qtbot: Any, demo_store: Any) -> None:
    QSettings().setValue("ui/plan_year", 2029)  # chosen for a rolling plan edition last time
    window = open_window(qtbot, demo_store)
    assert window.ctx.year == 2029 and window.year_combo.currentData() == 2029
    years = [window.year_combo.itemData(i) for i in range(window.year_combo.count())]
    assert years == sorted(years)


def test_the_acceptance_form_fits_a_narrow_side_pane(window: Any) -> None:
    """The Art 18 check boxes' sentences made the form wider than its pane at 150 %: fields
    and sentences were cut at the right (the pane scrolls only vertically)."""
    form = window.acceptance_tab.acceptance_form
    side = window.acceptance_tab.side
    assert form.body.minimumSizeHint().width() <= side.minimumWidth() - 20
    row = form.reviewed_energy.parentWidget()
    assert "data centre" in " ".join(w.text() for w in row.findChildren(QLabel))


def test_a_click_on_a_wrapped_check_box_sentence_ticks_it(window: Any, qtbot: Any) -> None:
    window.show_tab("acceptance")
    window.ctx.select_project(window.projects_tab.model.row_at(26).id)
    form = window.acceptance_tab.acceptance_form
    window.acceptance_tab.side.setCurrentWidget(form)
    label = form.reviewed_crypto.parentWidget().findChild(QLabel)
    before = form.reviewed_crypto.isChecked()
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton)
    assert form.reviewed_crypto.isChecked() != before


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("width", [1350, 1000, 0])
def test_the_status_bar_counts_are_never_cut(
    qtbot: Any,
    boundary: Any,
    request: Any,
    monkeypatch: pytest.MonkeyPatch,
    language: str,
    width: int,
) -> None:
    """On Windows at 1366 px the counts at the right of the status bar were cut: a saved file's
    long path beside them takes only the room they leave (shortened in its middle), and they keep
    a margin from the window's edge (a maximized window has no size grip)."""
    from pathlib import Path

    from tests.ui.desk import trigger

    if language == "zh_CN":
        request.getfixturevalue("chinese")
    window = request.getfixturevalue("window")
    deep = boundary.folder / "评审 数据" / ("二〇二七年度政务信息化项目投资计划（征求意见稿）" * 3)
    deep.mkdir(parents=True)
    if width:
        window.resize(width, 690)
    else:  # maximized on the 1366×768 laptop
        monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: LAPTOP)
        window.showMaximized()
    window.year_combo.setCurrentIndex(window.year_combo.findData(2027))
    boundary.save_answers.append(str(deep / "2027年度政务信息化项目投资计划表.xlsx"))
    trigger(qtbot, window.documents.plan_actions["plan"])
    QApplication.processEvents()
    status, notice = window.statusBar(), window.saved_notice
    assert notice.isVisible() and Path(boundary.saves()[-1].answer).exists()
    margin = status.fontMetrics().averageCharWidth()
    for label in (window.count_label, window.problem_label):
        assert label.isVisible() and label.text()
        assert label.width() >= label.sizeHint().width(), label.text()
        assert label.geometry().right() <= status.width() - margin, label.text()
    # the path is shortened in its middle to fit before the counts, its file name still read
    shown = notice.label.text()
    assert shown.startswith("已保存：" if language == "zh_CN" else "Saved:")
    assert "…" in shown and shown.endswith("计划表.xlsx")
    assert notice.label.fontMetrics().horizontalAdvance(shown) <= notice.label.width()
    assert notice.mapTo(status, notice.rect().topRight()).x() < window.count_label.x()
    assert notice.label.toolTip() == boundary.saves()[-1].answer
    # the database's path beside it: shortened too, never clipped ("demo.db" read "demo.dl")
    where = window.db_label
    assert where.fontMetrics().horizontalAdvance(where.text()) <= where.width()
    assert where.text() == where.full_text or "…" in where.text()
    assert where.toolTip() == str(window.ctx.store.path)


@pytest.mark.parametrize("key", ["dossier", "acceptance"])
def test_checklist_article_status_and_date_are_read_whole(window: Any, qtbot: Any, key: str) -> None:  # fmt: skip
    """「Approved/passed」 read 「Approved/pa…」 in the status column of the dossier checklist."""
    from app.ui.tabs.dossier_tab import KEY_ROLE

    click_project(qtbot, window, "江津区就业创业服务平台")
    window.show_tab(key)
    tab = window.tab_widgets[key]
    tree, model = tab.tree, tab.tree_model
    seen: set[str] = set()
    rows = [model.index(r, 0) for r in range(model.rowCount())]
    while rows:
        index = rows.pop()
        rows.extend(model.index(r, 0, index) for r in range(model.rowCount(index)))
        assert index.data(KEY_ROLE) is not None
        for column in (1, 2, 3):
            text = str(index.sibling(index.row(), column).data() or "")
            seen.add(text)
            needed = tree.fontMetrics().horizontalAdvance(text)
            assert tree.columnWidth(column) >= needed, (column, text)
    assert "Approved/passed" in seen or key == "acceptance"


def test_the_rolling_plan_shows_each_unit_whole(window: Any) -> None:
    """The owner units of the 3-year rolling plan read 「重庆市江津区…」 beside wide year columns."""
    window.year_combo.setCurrentIndex(window.year_combo.findData(2027))
    window.show_tab("budget")
    tab = window.budget_tab
    tab.views.setCurrentIndex(1)
    QApplication.processEvents()
    view, model = tab.rolling_view, tab.rolling_model
    assert model.rowCount() > 1
    for row in range(model.rowCount()):
        unit = str(model.index(row, 1).data() or "")
        assert view.columnWidth(1) >= view.fontMetrics().horizontalAdvance(unit), unit
