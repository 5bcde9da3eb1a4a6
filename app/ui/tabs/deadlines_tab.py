"""Every dated obligation over the dataset: overdue first, then by date; filter by unit."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.rules.findings import Finding
from app.services.projects import units_of_projects
from app.ui.context import WorkbenchContext
from app.ui.finding_tabs import DATED_CODES, home_tab
from app.ui.models.findings_table import FINDING_ROLE, FindingsTableModel
from app.ui.tabs.lazy import LazyTab
from app.ui.widgets.current_project import CurrentProjectLabel


def deadline_of(f: Finding) -> date | None:
    for key in ("due", "closes", "deadline", "planned"):
        value = f.details.get(key)
        if value:
            return date.fromisoformat(value)
    return None


def dated_findings(findings: list[Finding], today: date) -> list[Finding]:
    """Open dated findings: overdue ones first, then by date."""
    dated = [f for f in findings if f.open and f.code in DATED_CODES]

    def key(f: Finding) -> tuple[bool, date, str]:
        when = deadline_of(f) or today
        overdue = f.severity.value in ("error", "blocker") or when < today
        return (not overdue, when, f.code)

    return sorted(dated, key=key)


class DeadlinesModel(FindingsTableModel):
    """The findings table plus the date of the obligation."""

    COLUMNS = FindingsTableModel.COLUMNS + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            section == FindingsTableModel.COLUMNS
            and orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
        ):
            return QCoreApplication.translate("DeadlinesTab", "Date")
        return super().headerData(section, orientation, role)

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == FindingsTableModel.COLUMNS:
            if role == Qt.ItemDataRole.DisplayRole:
                when = deadline_of(self.finding(index.row()))
                return when.isoformat() if when else ""
            return None
        return super().data(index, role)


class DeadlinesTab(LazyTab):
    def __init__(self, ctx: WorkbenchContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = DeadlinesModel(self, show_project=True)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().moveSection(FindingsTableModel.COLUMNS, 0)
        self.view.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(self._open)
        self.view.selectionModel().currentRowChanged.connect(self._row_selected)
        # a click on the row that is already current changes no current row: still select it
        self.view.clicked.connect(lambda index: self._row_selected(index, index))
        self.current = CurrentProjectLabel(ctx)
        self.unit_filter = QComboBox()
        self.unit_filter.currentIndexChanged.connect(self.reload)
        top = QHBoxLayout()
        caption = QLabel(QCoreApplication.translate("DeadlinesTab", "Owner unit"))
        caption.setBuddy(self.unit_filter)
        top.addWidget(caption)
        top.addWidget(self.unit_filter)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.current)
        layout.addLayout(top)
        layout.addWidget(self.view)
        self._unit_of: dict[int, int] = {}
        ctx.findings_ready.connect(self.reload)
        ctx.data_changed.connect(self.reload)
        ctx.today_changed.connect(self.reload)
        self.reload()

    def reload(self, *_args: object) -> None:
        self.when_visible(self._reload)

    def _reload(self) -> None:
        known = units_of_projects(self.ctx.store)
        self._unit_of, units = known.unit_of, known.units
        if self.unit_filter.count() != len(units) + 1:
            self.unit_filter.blockSignals(True)
            self.unit_filter.clear()
            self.unit_filter.addItem(QCoreApplication.translate("DeadlinesTab", "All units"), None)
            for unit in units:
                self.unit_filter.addItem(unit.short_name or unit.name, unit.id)
            self.unit_filter.blockSignals(False)
        unit_id = self.unit_filter.currentData()
        findings = dated_findings(self.ctx.findings_with(DATED_CODES), self.ctx.today)
        if unit_id is not None:
            findings = [
                f
                for f in findings
                if f.project_id is not None and self._unit_of.get(f.project_id) == unit_id
            ]
        self.model.set_findings(findings)
        for column in (0, 1, 2, 3, 5):
            self.view.resizeColumnToContents(column)

    def _row_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Selecting an obligation makes its project the current one of every tab."""
        finding = current.data(FINDING_ROLE) if current.isValid() else None
        if finding is not None and finding.project_id is not None:
            self.ctx.select_project(finding.project_id)

    def _open(self, index: QModelIndex) -> None:
        """Double-click: the project's tab where this obligation is dealt with."""
        finding: Finding = index.data(FINDING_ROLE)
        if finding.project_id is not None:
            self.ctx.select_project(finding.project_id)
            self.ctx.tab_requested.emit(home_tab(finding.code))
