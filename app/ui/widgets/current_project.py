"""The header line naming the current project: the one every tab and dock works on."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.services.projects import current_project_row
from app.ui.context import WorkbenchContext


class CurrentProjectLabel(QLabel):
    """「当前项目：JJ-2026-005 江津区生态环境监测监控平台」, following the selection anywhere."""

    def __init__(self, ctx: WorkbenchContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("currentProject")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        font = self.font()
        font.setBold(True)
        self.setFont(font)
        ctx.project_selected.connect(self.refresh)
        ctx.data_changed.connect(self.refresh)
        self.refresh()

    def refresh(self, *_args: object) -> None:
        project_id = self.ctx.current_project_id
        row = None
        if project_id is not None:
            row = current_project_row(self.ctx.store, project_id)
        if row is None:
            self.setText(
                QCoreApplication.translate(
                    "CurrentProject", "No current project: select one in the project list."
                )
            )
            return
        self.setText(
            QCoreApplication.translate("CurrentProject", "Current project: %1 %2")
            .replace("%1", row.code)
            .replace("%2", row.name)
        )
