"""Every dated obligation over the dataset: overdue first, then by date."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QAbstractItemView, QTableView, QVBoxLayout, QWidget

from app.rules.findings import Finding
from app.ui.context import WorkbenchContext
from app.ui.models.findings_table import FINDING_ROLE, FindingsTableModel
from app.ui.tabs.lazy import LazyTab

DATED_CODES = ("ACC-DUE", "PERF-WINDOW", "PERF-OVERDUE", "SUP-RECTIFY", "CON-DELAY")


def deadline_of(f: Finding) -> date | None:
    for key in ("due", "closes", "deadline", "planned"):
        value = f.details.get(key)
        if value:
            return date.fromisoformat(value)
    return None


def dated_findings(findings: list[Finding], today: date) -> list[Finding]:
    dated = [f for f in findings if f.open and f.code in DATED_CODES]
    return sorted(
        dated,
        key=lambda f: (not ((deadline_of(f) or today) < today), deadline_of(f) or today, f.code),
    )


class DeadlinesTab(LazyTab):
    def __init__(self, ctx: WorkbenchContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = FindingsTableModel(self, show_project=True)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(self._open)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        ctx.data_changed.connect(self.reload)
        ctx.today_changed.connect(self.reload)
        self.reload()

    def reload(self, *_args: object) -> None:
        self.when_visible(self._reload)

    def _reload(self) -> None:
        self.model.set_findings(dated_findings(self.ctx.findings(), self.ctx.today))
        for column in range(4):
            self.view.resizeColumnToContents(column)

    def _open(self, index: QModelIndex) -> None:
        finding: Finding = index.data(FINDING_ROLE)
        if finding.project_id is not None:
            self.ctx.project_selected.emit(finding.project_id)
            tab = "acceptance" if finding.code.startswith(("ACC-", "PERF-")) else "dossier"
            self.ctx.tab_requested.emit(tab)
