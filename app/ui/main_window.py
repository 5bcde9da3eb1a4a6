"""The main window: menus, toolbar, status bar and the working tabs over one store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QDate, QLocale, QRect, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QToolBar,
    QWidget,
)

from app import __version__
from app.models.db import Store, describe_db
from app.paths import data_dir
from app.rules import regulation
from app.rules.facts import Severity
from app.services.projects import plan_years_of
from app.ui.context import WorkbenchContext
from app.ui.documents import DocumentActions
from app.ui.file_dialogs import SavedFileNotice
from app.ui.geometry import fit_to_work_area, place_on_screen, work_area
from app.ui.recent import recent_files
from app.ui.tabs.lazy import TabSlots
from app.ui.tabs.projects_tab import ProjectsTab
from app.ui.widgets.day_edit import DayEdit
from app.ui.widgets.elided_label import ElidedLabel
from app.ui.widgets.project_history import ProjectHistoryDock

if TYPE_CHECKING:
    from app.ui.tabs.budget_tab import BudgetTab
    from app.ui.tabs.deadlines_tab import DeadlinesTab
    from app.ui.tabs.dossier_tab import AcceptanceTab, DossierTab
    from app.ui.tabs.experts_tab import ExpertsTab


class WindowController(Protocol):
    """What the window asks of whoever opened it (app.ui.app.AppController): the start-up
    depends on the window, never the other way round."""

    actor: str

    def open(self, db: str | None, parent: QWidget | None = None) -> bool: ...

    def close_store(self) -> None: ...

    def set_language(self, language: str) -> None: ...


#: start-up work waits for the first paint, but not longer than this (a window minimised at start)
PAINT_PATIENCE_MS = 1500
TAB_KEYS = ("projects", "dossier", "budget", "acceptance", "deadlines", "experts")
#: the tabs about one project: the change history dock belongs beside them only
PROJECT_TABS = ("projects", "dossier", "budget", "acceptance")


def _tab_factory(module: str, name: str, ctx: WorkbenchContext) -> Callable[[], QWidget]:
    """Builds a tab when it is first needed, importing its module only then (start-up time)."""

    def build() -> QWidget:
        import importlib

        tab: QWidget = getattr(importlib.import_module(module), name)(ctx)
        return tab

    return build


def _restore_splitters(root: QWidget, settings: QSettings) -> None:
    for splitter in root.findChildren(QSplitter):
        name = splitter.objectName()
        state = settings.value(f"splitters/{name}") if name else None
        if state is not None:
            restore_splitter(splitter, state)


def restore_splitter(splitter: QSplitter, state: object) -> bool:
    """Restore a saved splitter state unless it squeezes a pane below its minimum (a money
    trail saved at 54 px) or hides it: then the default proportions stay."""
    default = splitter.saveState()
    if not splitter.restoreState(state):  # type: ignore[arg-type]
        return False
    horizontal = splitter.orientation() == Qt.Orientation.Horizontal
    for index, size in enumerate(splitter.sizes()):
        widget = splitter.widget(index)
        least = widget.minimumWidth() if horizontal else widget.minimumHeight()
        if size <= 0 or size < least:
            splitter.restoreState(default)
            return False
    return True


class MainWindow(QMainWindow):
    def __init__(
        self,
        store: Store,
        *,
        today: date | None = None,
        controller: WindowController | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        today = today or date.today()
        self.ctx = WorkbenchContext(store, today, today.year, self)
        self.setObjectName("MainWindow")
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.projects_tab = ProjectsTab(self.ctx)
        titles = (self.tr("Projects"), self.tr("Dossier checklist"), self.tr("Budget vs plan"),
                  self.tr("Acceptance"), self.tr("Deadlines"), self.tr("Expert review"))  # fmt: skip
        # the other tabs are built when first shown (or asked for): see TabSlots
        factories: dict[str, Callable[[], QWidget]] = {"projects": lambda: self.projects_tab}
        for key, (module, name) in {
            "dossier": ("app.ui.tabs.dossier_tab", "DossierTab"),
            "budget": ("app.ui.tabs.budget_tab", "BudgetTab"),
            "acceptance": ("app.ui.tabs.dossier_tab", "AcceptanceTab"),
            "deadlines": ("app.ui.tabs.deadlines_tab", "DeadlinesTab"),
            "experts": ("app.ui.tabs.experts_tab", "ExpertsTab"),
        }.items():
            factories[key] = self._restoring(_tab_factory(module, name, self.ctx))
        self.tab_widgets = TabSlots(
            self.tabs, factories, dict(zip(TAB_KEYS, titles, strict=True)),
            lambda: self.ctx.current_project_id,
        )  # fmt: skip
        self.tab_widgets["projects"]
        self.setCentralWidget(self.tabs)
        self.history_dock = ProjectHistoryDock(self.ctx, self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.history_dock)
        self.history_dock.hide()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status()
        self.ctx.tab_requested.connect(self.show_tab)
        self.ctx.year_changed.connect(self._year_changed)
        self.ctx.data_changed.connect(self.update_status)
        self.ctx.findings_ready.connect(self.update_status)
        self.ctx.today_changed.connect(self.update_status)
        self.ctx.undo_stack.cleanChanged.connect(self._update_title)
        self._update_title()
        # start-up work the first look does not need waits until the window has been painted
        # once: the controller's (the day's backup, the audit check), then the findings' check
        # (on a worker that imports the engine: it would compete with the first paint) and
        # the rest of the project list (the window shows its first rows)
        self._after_paint: list[Callable[[], None]] | None = []
        self._closed = False
        self.ctx.start_pending = True
        QTimer.singleShot(0, self._wait_for_first_paint)
        self.update_status()
        self.place_on_screen()
        self._restore_settings()
        self.tabs.currentChanged.connect(self._tab_changed)
        self._tab_changed()

    # ------------------------------------------------------------------ after the first paint
    def after_first_paint(self, job: Callable[[], None]) -> None:
        """Run `job` once the window has been painted (at once when it already has), before
        the findings' check starts; dropped if the window closes first."""
        if self._after_paint is None:
            if not self._closed:
                job()
        else:
            self._after_paint.append(job)

    def _wait_for_first_paint(self) -> None:
        if not self.isVisible():  # never shown (tests, a window built to be replaced): now
            self._start_up_work()
        else:  # a window that is not painted (minimised at start) does not wait for ever
            QTimer.singleShot(PAINT_PATIENCE_MS, self._start_up_work)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._after_paint is not None:  # after this paint is on screen, not during it
            QTimer.singleShot(0, self._start_up_work)

    def drop_start_up_work(self) -> None:
        """Its store is closing: the start-up work not begun yet is not to come."""
        self._after_paint = None
        self.ctx.drop_start()

    def _start_up_work(self) -> None:
        jobs, self._after_paint = self._after_paint, None
        if jobs is None:  # done already (the paint and the patience timer both call this)
            return
        for job in jobs:
            job()
        if self.ctx.start_pending:  # (not started already by someone waiting for it)
            self.ctx.start_checking()  # on its worker, while this thread reads the list's rows
        self.projects_tab.read_all()

    # ------------------------------------------------------------------ tabs built when needed
    @property
    def dossier_tab(self) -> DossierTab:
        return self.tab_widgets["dossier"]  # type: ignore[return-value]

    @property
    def budget_tab(self) -> BudgetTab:
        return self.tab_widgets["budget"]  # type: ignore[return-value]

    @property
    def acceptance_tab(self) -> AcceptanceTab:
        return self.tab_widgets["acceptance"]  # type: ignore[return-value]

    @property
    def deadlines_tab(self) -> DeadlinesTab:
        return self.tab_widgets["deadlines"]  # type: ignore[return-value]

    @property
    def experts_tab(self) -> ExpertsTab:
        return self.tab_widgets["experts"]  # type: ignore[return-value]

    def _restoring(self, build: Callable[[], QWidget]) -> Callable[[], QWidget]:
        """A tab built late gets the splitter positions saved by an earlier session."""

        def restored() -> QWidget:
            tab = build()
            _restore_splitters(tab, QSettings())
            return tab

        return restored

    # ------------------------------------------------------------------ building
    def _build_actions(self) -> None:
        self.new_db_action = QAction(self.tr("&New database…"), self)
        self.new_db_action.triggered.connect(self.new_database)
        self.open_db_action = QAction(self.tr("&Open database…"), self)
        self.open_db_action.setShortcut(QKeySequence.StandardKey.Open)
        self.open_db_action.triggered.connect(self.open_database)
        for action in (self.new_db_action, self.open_db_action):
            action.setEnabled(self.controller is not None)
        self.language_actions: dict[str, QAction] = {}
        for code, label in (("zh_CN", "中文（简体）"), ("en", "English")):
            action = QAction(label, self)  # language names are shown in their own language
            action.setCheckable(True)
            action.setChecked(self._language() == code)
            action.triggered.connect(lambda _checked=False, c=code: self.set_language(c))
            self.language_actions[code] = action
        self.quit_action = QAction(self.tr("E&xit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.undo_action = self.ctx.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.ctx.undo_stack.createRedoAction(self, self.tr("&Redo"))
        # Ctrl+Y everywhere, plus the platform's own redo keys; Windows' own are Ctrl+Y too, and
        # a key bound twice to one action is "ambiguous": Qt then ignores it (redo was dead)
        redo_keys = [QKeySequence("Ctrl+Y")]
        redo_keys += [k for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo) if k not in redo_keys]  # fmt: skip
        self.redo_action.setShortcuts(redo_keys)
        self.recheck_action = QAction(self.tr("Re-run &checks"), self)
        self.recheck_action.setShortcut(QKeySequence("F5"))
        self.recheck_action.triggered.connect(self.ctx.recheck_everything)
        self.about_action = QAction(self.tr("&About ReviewDesk"), self)
        self.about_action.triggered.connect(self.show_about)
        self.tab_actions: list[QAction] = []
        for number, key in enumerate(TAB_KEYS, start=1):
            action = QAction(self.tabs.tabText(number - 1), self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.triggered.connect(lambda _checked=False, k=key: self.show_tab(k))
            self.addAction(action)
            self.tab_actions.append(action)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu(self.tr("&File"))
        self.file_menu.addAction(self.new_db_action)
        self.file_menu.addAction(self.open_db_action)
        self.open_package_action = self.file_menu.addAction(self.tr("Open review package…"))
        self.open_package_action.triggered.connect(lambda: self.open_review_package())
        self.recent_menu = self.file_menu.addMenu(self.tr("Recent databases"))
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.file_menu.addSeparator()
        self.export_menu = self.file_menu.addMenu(self.tr("&Export"))
        self.import_menu = self.file_menu.addMenu(self.tr("&Import"))
        self.documents = DocumentActions(self.ctx, self)
        self.documents.fill_menus(self.export_menu, self.import_menu)
        from app.ui.ledger_actions import LedgerActions

        self.ledger_actions = LedgerActions(self.ctx, self)
        self.import_menu.addSeparator()
        self.import_menu.addAction(self.ledger_actions.ledger_action)
        self.import_menu.addAction(self.ledger_actions.plan_action)
        # the project list's context menu: the documents of the project under the cursor
        separator = QAction(self)
        separator.setSeparator(True)
        self.projects_tab.view.addAction(separator)
        for action in (
            *self.documents.checklist_actions.values(),
            *self.documents.opinion_actions.values(),
        ):
            self.projects_tab.view.addAction(action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = bar.addMenu(self.tr("&Edit"))
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)
        self.edit_menu.addSeparator()
        for action in (
            self.projects_tab.add_action,
            self.projects_tab.edit_action,
            self.projects_tab.delete_action,
        ):
            self.edit_menu.addAction(action)
        self.view_menu = bar.addMenu(self.tr("&View"))
        for action in self.tab_actions:
            self.view_menu.addAction(action)
        self.view_menu.addAction(self.history_dock.toggleViewAction())
        self.view_menu.addSeparator()
        self.language_menu = self.view_menu.addMenu(self.tr("&Language"))
        for action in self.language_actions.values():
            self.language_menu.addAction(action)
        self.tools_menu = bar.addMenu(self.tr("&Tools"))
        self.tools_menu.addAction(self.recheck_action)
        self.audit_log_action = self.tools_menu.addAction(self.tr("&Audit log…"))
        self.audit_log_action.triggered.connect(self.show_audit_log)
        self.export_key_action = self.tools_menu.addAction(self.tr("Export my expert &key…"))
        self.export_key_action.setToolTip(self.tr("As an expert: the public key your returns are signed with, for the DRC to register"))  # fmt: skip
        self.export_key_action.triggered.connect(lambda: self.export_expert_key())
        self.rule_settings_action = self.tools_menu.addAction(self.tr("&Rule settings…"))
        self.rule_settings_action.triggered.connect(self.show_rule_settings)
        self.user_name_action = self.tools_menu.addAction(self.tr("Your &name…"))
        self.user_name_action.triggered.connect(self.change_user_name)
        self.help_menu = bar.addMenu(self.tr("&Help"))
        self.help_menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar(self.tr("Main toolbar"))
        toolbar.setObjectName("mainToolbar")
        toolbar.addAction(self.undo_action)
        toolbar.addAction(self.redo_action)
        toolbar.addSeparator()
        toolbar.addWidget(QLabel(self.tr("Plan year") + " "))
        self.year_combo = QComboBox()
        years = plan_years_of(self.ctx.store, self.ctx.today)
        for year in years:
            self.year_combo.addItem(str(year), year)
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(self.ctx.year), 0))
        self.year_combo.currentIndexChanged.connect(self._year_chosen)
        toolbar.addWidget(self.year_combo)
        toolbar.addSeparator()
        toolbar.addWidget(QLabel(self.tr("Today (for deadlines)") + " "))
        self.today_edit = DayEdit(QDate(self.ctx.today))  # typed as people write dates
        self.today_edit.dateChanged.connect(lambda d: self.ctx.set_today(d.toPython()))
        self.today_edit.refused.connect(lambda text: self.statusBar().showMessage(text, 15_000))
        toolbar.addWidget(self.today_edit)
        toolbar.addSeparator()
        toolbar.addAction(self.recheck_action)
        self.addToolBar(toolbar)

    def _build_status(self) -> None:
        # a long path must not push the counts off the status bar: shortened in its middle
        self.db_label = ElidedLabel(narrowest=40)
        self.count_label = QLabel()
        self.problem_label = QLabel()
        status = self.statusBar()
        self.saved_notice = SavedFileNotice(self)  # where an export went: open it, or its folder
        status.addWidget(self.saved_notice)
        status.addWidget(self.db_label, 1)
        self.documents.saved.connect(self.saved_notice.show_file)
        self.documents.status_message.connect(lambda text: status.showMessage(text, 30_000))
        self.documents.audit_changed.connect(self.history_dock.refresh)
        status.addPermanentWidget(self.count_label)
        status.addPermanentWidget(self.problem_label)
        # a maximized window has no size grip and its border at (under Wine: beyond) the
        # screen's edge: the counts keep a margin so their last figure is never cut
        status.setContentsMargins(0, 0, 2 * status.fontMetrics().averageCharWidth(), 0)

    # ------------------------------------------------------------------ behaviour
    def show_tab(self, key: str) -> None:
        widget = self.tab_widgets.get(key)
        if widget is not None:
            self.tabs.setCurrentWidget(widget)

    def current_tab(self) -> str:
        return self.tab_widgets.key_of(self.tabs.currentWidget()) or TAB_KEYS[0]

    def _tab_changed(self, *_args: object) -> None:
        """The history dock only beside a tab about one project (the user's wish is kept for
        when they come back); the tab is remembered for the next start."""
        key = self.current_tab()
        on_project = key in PROJECT_TABS
        toggle = self.history_dock.toggleViewAction()
        toggle.setEnabled(on_project)
        self._switching_tab = True
        try:
            self.history_dock.setVisible(on_project and self.history_wanted)
        finally:
            self._switching_tab = False
        QSettings().setValue("ui/tab", key)

    def _history_visibility(self, visible: bool) -> None:
        if not getattr(self, "_switching_tab", True) and self.isVisible():
            self.history_wanted = visible

    # ------------------------------------------------------------------ geometry
    def work_area(self) -> QRect:
        return work_area(self)

    def place_on_screen(self) -> None:
        place_on_screen(self)

    def fit_to_work_area(self) -> None:
        fit_to_work_area(self)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # the window manager knows the real frame only now
        QTimer.singleShot(0, self.fit_to_work_area)

    def _year_chosen(self, _index: int) -> None:
        year = self.year_combo.currentData()
        QSettings().setValue("ui/plan_year", year)
        self.ctx.set_year(year)

    def _year_changed(self, year: int) -> None:
        """A tab changed the plan year (e.g. to show a rolling plan edition): the selector follows."""
        index = self.year_combo.findData(year)
        if index < 0:
            index = sum(
                1 for i in range(self.year_combo.count()) if self.year_combo.itemData(i) < year
            )
            self.year_combo.insertItem(index, str(year), year)
        if index != self.year_combo.currentIndex():
            self.year_combo.setCurrentIndex(index)  # remembers it, and ctx already has it

    def update_status(self, *_args: object) -> None:
        store = self.ctx.store
        where = describe_db(store.url)  # a server's URL without its password
        if store.read_only:
            where += "  " + self.tr("(read-only)")
        if store.path is None and store.engine.dialect.name != "sqlite":
            where += "  " + self.tr("(server: no file lock or automatic backup; the server is backed up with pg_dump)")  # fmt: skip
        if store.role == "reviewer":
            where += "  " + self.tr("(expert reviewer: reading, exports and review forms only)")
        self.db_label.set_full_text(where)
        self.count_label.setText(
            self.tr("%1 projects").replace("%1", str(self.projects_tab.total()))
        )
        if not self.ctx.findings_known:
            self.problem_label.setText(self.tr("Checking…"))
            return
        counts = self.ctx.totals()
        self.problem_label.setText(
            self.tr("Blockers: %1  Errors: %2").replace("%1", str(counts[Severity.BLOCKER]))
            .replace("%2", str(counts[Severity.ERROR]))
        )  # fmt: skip

    def _update_title(self, *_args: object) -> None:
        self.setWindowTitle(self.tr("ReviewDesk — e-government project review"))

    def show_audit_log(self) -> None:
        from app.ui.dialogs.audit_log import AuditLogDialog

        AuditLogDialog(self.ctx.store, self).exec()

    def export_expert_key(self) -> object:
        from app.ui.dialogs.expert_key import export_expert_key

        return export_expert_key(self)

    def show_rule_settings(self) -> None:
        from app.ui.dialogs.rule_settings import RuleSettingsDialog

        RuleSettingsDialog(self.ctx, self).exec()

    def change_user_name(self) -> None:
        from app.ui.dialogs.user_name import ask_name

        name = ask_name(self)
        if name is not None:
            self.ctx.store.actor = name
            if self.controller is not None:
                self.controller.actor = name

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About ReviewDesk"),
            self.tr("ReviewDesk %1\n\nReview workbench for district-level e-government IT projects under "
                    "the Measures of Jiangjin District, Chongqing, for the Management of District-level "
                    "E-government IT Projects, %2 (%3).")
            .replace("%1", __version__).replace("%2", regulation.CITED_TITLE).replace("%3", regulation.NUMBER),
        )  # fmt: skip

    # ------------------------------------------------------------------ files and language
    def _language(self) -> str:
        return "en" if QLocale().language() == QLocale.Language.English else "zh_CN"

    def set_language(self, language: str) -> None:
        for code, action in self.language_actions.items():
            action.setChecked(code == language)
        if self.controller is not None:
            self.controller.set_language(language)  # builds a new, retranslated window
        else:
            QSettings().setValue("ui/language", language)

    def new_database(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("New database"), str(data_dir() / "reviewdesk.db"), self.tr("ReviewDesk database (*.db)")
        )  # fmt: skip
        if path and self.controller is not None:
            if Path(path).exists():
                QMessageBox.warning(
                    self, self.tr("New database"), self.tr("The file already exists; use Open.")
                )
                return
            self.controller.open(path, self)

    def open_database(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Open database"), str(data_dir()), self.tr("ReviewDesk database (*.db);;All files (*)")
        )  # fmt: skip
        if path and self.controller is not None:
            self.controller.open(path, self)

    def open_review_package(self, path: str | None = None) -> QWidget | None:
        """Reviewer mode: the package's projects read-only and the expert's forms."""
        from app.ui.reviewer_window import open_reviewer

        if path is None:
            path, _filter = QFileDialog.getOpenFileName(
                self, self.tr("Open review package"), str(data_dir()), self.tr("Review package (*.rdpkg)")
            )  # fmt: skip
        window = open_reviewer(path, self) if path else None
        if window is not None:
            self.reviewer_windows = [*getattr(self, "reviewer_windows", []), window]
        return window

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = recent_files()
        if not files:
            empty = self.recent_menu.addAction(self.tr("(none)"))
            empty.setEnabled(False)
        for path in files:
            action = self.recent_menu.addAction(path)
            action.setEnabled(self.controller is not None and Path(path).exists())
            action.triggered.connect(
                lambda _checked=False, p=path: self.controller and self.controller.open(p, self)
            )

    def take_over(self, old: MainWindow) -> None:
        """A window rebuilt in place of `old` (language switch) carries on where the user was:
        the same tab, plan year, "today" and current project; start-up work it had not begun
        yet (switched before its first paint) is this window's now."""
        if old._after_paint:
            for job in old._after_paint:
                self.after_first_paint(job)
            old._after_paint = []
        self.today_edit.setDate(QDate(old.ctx.today))
        self.year_combo.setCurrentIndex(max(self.year_combo.findData(old.ctx.year), 0))
        if old.ctx.current_project_id is not None:
            self.ctx.select_project(old.ctx.current_project_id)
        self.history_wanted = old.history_wanted
        self.show_tab(old.current_tab())
        self._tab_changed()

    # ------------------------------------------------------------------ settings
    def _restore_settings(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
            self.fit_to_work_area()
        state = settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        self.history_wanted = settings.value(
            "ui/history_dock", self.history_dock.isVisibleTo(self), type=bool
        )
        self.history_dock.visibilityChanged.connect(self._history_visibility)
        year = str(settings.value("ui/plan_year", "") or "")
        if year.isdigit() and 2000 <= int(year) <= 2100:
            self.ctx.set_year(int(year))  # the selector follows (and offers it if it must)
        tab = settings.value("ui/tab", "", type=str)
        if tab in self.tab_widgets:
            self.show_tab(tab)
        self.projects_tab.restore_state(settings)
        _restore_splitters(self, settings)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closed = True
        self.drop_start_up_work()  # not begun yet: none for a closed window
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        settings.setValue("ui/history_dock", self.history_wanted)
        self.projects_tab.save_state(settings)
        for splitter in self.findChildren(QSplitter):
            if splitter.objectName():
                settings.setValue(f"splitters/{splitter.objectName()}", splitter.saveState())
        if self.controller is not None and not self.property("replaced"):
            self.controller.close_store()
        event.accept()


__all__ = ["MainWindow", "Qt"]
