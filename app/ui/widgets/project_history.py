"""The selected project's change history: a dock beside the project tabs (View → History).

Hidden at start: its table model (and the audit labels it imports) is made when first needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDockWidget, QLabel, QTableView, QVBoxLayout, QWidget

from app.services import audit
from app.ui.context import WorkbenchContext

if TYPE_CHECKING:
    from app.ui.models.audit_table import AuditTableModel


class ProjectHistoryDock(QDockWidget):
    def __init__(self, ctx: WorkbenchContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Change history"), parent)
        self.setObjectName("projectHistoryDock")
        self.ctx = ctx
        self.project_id: int | None = None
        self.title = QLabel()
        self._model: AuditTableModel | None = None
        self.view = QTableView()
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

    @property
    def model(self) -> AuditTableModel:
        if self._model is None:
            from app.ui.models.audit_table import AuditTableModel

            self._model = AuditTableModel(self)
            self.view.setModel(self._model)
        return self._model

    def show_project(self, project_id: int) -> None:
        self.project_id = project_id
        self.refresh()

    def refresh(self) -> None:
        if self.project_id is None or not self.isVisible():
            return
        page = audit.project_history_page(self.ctx.store, self.project_id)
        entries = page.entries
        from app.ui.models.audit_table import fit_columns

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
