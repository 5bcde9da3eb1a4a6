"""The selected project's change history: a dock beside the project tabs (View → History)."""

from __future__ import annotations

from PySide6.QtWidgets import QDockWidget, QLabel, QTableView, QVBoxLayout, QWidget

from app.services import audit
from app.ui.context import WorkbenchContext
from app.ui.models.audit_table import AuditTableModel, fit_columns


class ProjectHistoryDock(QDockWidget):
    def __init__(self, ctx: WorkbenchContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Change history"), parent)
        self.setObjectName("projectHistoryDock")
        self.ctx = ctx
        self.project_id: int | None = None
        self.title = QLabel()
        self.model = AuditTableModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.view)
        self.setWidget(body)
        ctx.project_selected.connect(self.show_project)
        ctx.data_changed.connect(self.refresh)
        if ctx.current_project_id is not None:
            self.show_project(ctx.current_project_id)
        else:
            self.title.setText(self.tr("Select a project to see its history."))

    def show_project(self, project_id: int) -> None:
        self.project_id = project_id
        self.refresh()

    def refresh(self) -> None:
        if self.project_id is None or not self.isVisible():
            return
        page = audit.project_history_page(self.ctx.store, self.project_id)
        entries = page.entries
        self.model.set_entries(entries, page.titles)
        fit_columns(self.view, self.model)
        self.title.setText(
            self.tr("%1 changes recorded for this project (newest first)").replace(
                "%1", str(len(entries))
            )
        )

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self.refresh()
