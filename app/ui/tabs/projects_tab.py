"""Project list tab: search, filters, the table; double-click opens the dossier."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.rules.facts import ConstructionType, Stage
from app.services.projects import project_list
from app.ui.context import WorkbenchContext
from app.ui.finding_tabs import home_tab
from app.ui.labels import stage_label, type_label
from app.ui.models.project_table import (
    ID_ROLE,
    SEVERITY_COLUMNS,
    ProjectFilterProxy,
    ProjectTableModel,
)

#: the rows read before the window's first paint (a screenful and more); the rest right after
FIRST_ROWS = 200


class ProjectsTab(QWidget):
    #: the project under the cursor (None when nothing is selected)
    current_changed = Signal(object)

    def __init__(self, ctx: WorkbenchContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = ProjectTableModel(self)
        self._seen: int | None = None  # the last change of the database the rows include
        #: how many projects there are while only the first are read (None: all are read)
        self._partial_total: int | None = None
        self._years: set[int] = set()  # on the list (a year no project has any more stays
        # in the filter until the next full read: it then shows no row)
        self.model.project_findings = ctx.project_findings
        self.proxy = ProjectFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Search name, code or owner unit…"))
        self.search.textChanged.connect(self.proxy.set_text)
        self.unit_filter = QComboBox()
        self.type_filter = QComboBox()
        self.stage_filter = QComboBox()
        self.year_filter = QComboBox()
        self.path_filter = QComboBox()
        self.problems = QCheckBox(self.tr("Has blockers / errors"))
        self._fill_static_filters()
        for combo in (
            self.unit_filter,
            self.type_filter,
            self.stage_filter,
            self.year_filter,
            self.path_filter,
        ):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.problems.toggled.connect(self._apply_filters)

        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        metrics = self.view.fontMetrics()
        code_width = metrics.horizontalAdvance("JJ-2026-0000") + 16
        type_width = max(metrics.horizontalAdvance(type_label(t)) for t in ConstructionType) + 16
        for column, width in enumerate((code_width, 300, 190, min(type_width, 180), 110, 110, 80, 50, 50, 50, 50)):  # fmt: skip
            # never narrower than the header's text ("Blockers", "Warnings" were cut)
            self.view.setColumnWidth(column, max(width, header.sectionSizeHint(column)))
        # the project's name takes the width the other columns leave (their widths are the user's)
        header.setSectionResizeMode(ProjectTableModel.COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(40)
        self.view.doubleClicked.connect(self._open_dossier)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        # a click on the row that is already current changes no current row: still select it
        self.view.clicked.connect(lambda index: self.ctx.select_project(index.data(ID_ROLE)))
        self.count_label = QLabel()
        self.add_action = QAction(self.tr("&New project…"), self)
        self.add_action.setShortcut(QKeySequence("Ctrl+N"))
        self.add_action.triggered.connect(self.add_project)
        self.edit_action = QAction(self.tr("&Edit project…"), self)
        self.edit_action.setShortcuts([QKeySequence("F2"), QKeySequence("Ctrl+E")])
        self.edit_action.triggered.connect(self.edit_project)
        self.delete_action = QAction(self.tr("&Delete project"), self)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.delete_action.triggered.connect(self.delete_project)
        for action in (self.edit_action, self.delete_action):
            self.view.addAction(action)
        # Enter edits the project under the cursor, but only in the table: a window-wide
        # Enter shortcut would steal the key from line edits and buttons elsewhere
        # (PySide6 drops the constructor's `context` argument: set it after, else Enter in the
        # search box or the toolbar's date opened the project editor)
        self.enter_shortcuts = [QShortcut(QKeySequence(key), self.view, self.edit_project)
                                for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)]  # fmt: skip
        for shortcut in self.enter_shortcuts:
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.view.insertAction(self.edit_action, self.add_action)
        buttons = QHBoxLayout()
        for action in (self.add_action, self.edit_action, self.delete_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            buttons.addWidget(button)
        buttons.addStretch(1)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        for label, widget in (
            (self.tr("Unit"), self.unit_filter),
            (self.tr("Type"), self.type_filter),
            (self.tr("Stage"), self.stage_filter),
            (self.tr("Year"), self.year_filter),
            (self.tr("Path"), self.path_filter),
        ):
            caption = QLabel(label)
            caption.setBuddy(widget)
            filters.addWidget(caption)
            filters.addWidget(widget, 1)
        filters.addWidget(self.problems)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)

        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)
        ctx.data_changed.connect(self.reload)
        ctx.today_changed.connect(lambda _d: self.model.set_counts(ctx.counts()))
        ctx.project_selected.connect(self.select_project)
        ctx.findings_ready.connect(self._findings_ready)
        self.reload(first=FIRST_ROWS)  # the rest once the window is painted: read_all()

    # ------------------------------------------------------------------ loading
    def _fill_static_filters(self) -> None:
        self.type_filter.addItem(self.tr("All types"), None)
        for value in ConstructionType:
            self.type_filter.addItem(type_label(value), value)
        self.stage_filter.addItem(self.tr("All stages"), None)
        for stage in Stage:
            self.stage_filter.addItem(stage_label(stage), stage)
        self.path_filter.addItem(self.tr("All paths"), None)
        self.path_filter.addItem(self.tr("One-step"), False)
        self.path_filter.addItem(self.tr("Two-step"), True)

    def reload(self, *, first: int | None = None) -> None:
        """Read the rows again: only those of the projects changed since the last read when
        the database says which (an edit at 100,000 projects reads one row, not all); with
        `first`, only the first rows (at start: the others are read by `read_all`)."""
        complete = self._partial_total is None
        # the project chosen while only the first rows were read may be among the others
        selected = self.current_project_id() or (None if complete else self.ctx.current_project_id)
        read = project_list(self.ctx.store, self._seen, partial=complete and self.model.total() > 0, first=first)  # fmt: skip
        rows, changed = read.rows, read.changed
        self._partial_total = read.total if read.total is not None and read.total > len(rows) else None  # fmt: skip
        if changed is not None:
            self.model.update_rows(rows, changed - {row.id for row in rows})
        else:
            self.model.set_rows(rows, self.ctx.counts())
        self._seen = read.last
        self._fill_units(read.units)
        if changed is not None and self._years:  # the years of the rows read, added
            self._years |= {y for row in rows for y in row.years}
        else:
            self._years = {y for row in self.model.all_rows() for y in row.years}
        self._fill_years(sorted(self._years))
        if selected is not None:
            self.select_project(selected)
        self._update_count()

    def read_all(self) -> None:
        """The rows not read yet at start (the window shows the first ones until then)."""
        if self._partial_total is not None:
            self.reload()

    def total(self) -> int:
        """How many projects the store has (all of them, even while only the first are read)."""
        return self.model.total() if self._partial_total is None else self._partial_total

    def _fill_units(self, units: list) -> None:  # type: ignore[type-arg]
        current = self.unit_filter.currentData()
        self.unit_filter.blockSignals(True)
        self.unit_filter.clear()
        self.unit_filter.addItem(self.tr("All units"), None)
        for unit in units:
            self.unit_filter.addItem(unit.short_name or unit.name, unit.id)
        index = self.unit_filter.findData(current)
        self.unit_filter.setCurrentIndex(max(index, 0))
        self.unit_filter.blockSignals(False)

    def _fill_years(self, years: list[int]) -> None:
        current = self.year_filter.currentData()
        self.year_filter.blockSignals(True)
        self.year_filter.clear()
        self.year_filter.addItem(self.tr("All years"), None)
        for year in years:
            self.year_filter.addItem(str(year), year)
        index = self.year_filter.findData(current)
        self.year_filter.setCurrentIndex(max(index, 0))
        self.year_filter.blockSignals(False)

    def _apply_filters(self) -> None:
        self.proxy.set_filters(
            unit_id=self.unit_filter.currentData(),
            type=self.type_filter.currentData(),
            stage=self.stage_filter.currentData(),
            year=self.year_filter.currentData(),
            two_step=self.path_filter.currentData(),
            problems_only=self.problems.isChecked(),
        )
        self._update_count()

    def _update_count(self, *_args: object) -> None:
        self.count_label.setText(
            self.tr("%1 of %2 projects")
            .replace("%1", str(self.proxy.rowCount()))
            .replace("%2", str(self.total()))
        )

    def _findings_ready(self) -> None:
        self.model.set_counts(self.ctx.counts())

    # ------------------------------------------------------------------ selection
    def current_project_id(self) -> int | None:
        index = self.view.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def select_project(self, project_id: int) -> None:
        row = self.model.row_of(project_id)
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, ProjectTableModel.COL_NAME))
        # already on that row (the user clicked one of its cells): leave the cell and the
        # horizontal scroll where they are, or a click on a count jumps the table to its left
        if index.isValid() and index.row() != self.view.currentIndex().row():
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        project_id = current.data(ID_ROLE) if current.isValid() else None
        self.current_changed.emit(project_id)
        self.ctx.select_project(project_id)

    def _open_dossier(self, index: QModelIndex) -> None:
        """Double-click: the dossier; on a count, the tab that lists those findings."""
        if not index.isValid():
            return
        project_id = index.data(ID_ROLE)
        self.ctx.select_project(project_id)
        tab = "dossier"
        column = index.column() - ProjectTableModel.FIRST_SEVERITY
        if column >= 0:
            found = self.model.findings_of(project_id, SEVERITY_COLUMNS[column])
            if found:
                tab = home_tab(min(found, key=lambda f: f.sort_key).code)
        self.ctx.tab_requested.emit(tab)

    # ------------------------------------------------------------------ add / edit / delete
    def add_project(self) -> int | None:
        from app.ui.dialogs.project_form import ProjectForm

        form = ProjectForm(self.ctx, None, self)
        if form.exec() and form.saved_id is not None:
            self.ctx.project_selected.emit(form.saved_id)
            return form.saved_id
        return None

    def edit_project(self) -> None:
        project_id = self.current_project_id()
        if project_id is None:
            return
        from app.ui.dialogs.project_form import ProjectForm

        ProjectForm(self.ctx, project_id, self).exec()

    def delete_project(self, *, confirm: bool = True) -> bool:
        project_id = self.current_project_id()
        if project_id is None:
            return False
        from app.services.editing import Invalid
        from app.services.project_edit import delete_project
        from app.ui.commands import run_edit
        from app.ui.widgets.fields import show_message

        row = self.model.row_at(self.model.row_of(project_id) or 0)
        if confirm:
            answer = QMessageBox.question(
                self, self.tr("Delete project"),
                self.tr("Delete “%1” with its documents, approvals, plan and budget lines? (Ctrl+Z undoes it)").replace("%1", row.name),
            )  # fmt: skip
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            done = run_edit(self.ctx, self.tr("Delete project %1").replace("%1", row.name), project_id,
                            lambda session: delete_project(session, project_id), self)  # fmt: skip
        except Invalid as exc:
            show_message(self, self.tr("Cannot delete"), exc)
            return False
        return done is not None

    # ------------------------------------------------------------------ settings
    def save_state(self, settings: QSettings) -> None:
        settings.setValue("projects/header", self.view.horizontalHeader().saveState())
        settings.setValue("projects/columns", self.model.columnCount())

    def restore_state(self, settings: QSettings) -> None:
        state = settings.value("projects/header")
        columns = settings.value("projects/columns", 0, type=int)
        # a state saved with other columns (an older version, before 项目编码) would put the
        # widths on the wrong columns: the defaults are better
        if state is not None and columns == self.model.columnCount():
            header = self.view.horizontalHeader()
            header.restoreState(state)
            header.setSectionResizeMode(ProjectTableModel.COL_NAME, QHeaderView.ResizeMode.Stretch)
