"""Audit entries as a read-only table: time, who, what, and the changed fields old → new."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from app.services.audit import HistoryEntry

Index = QModelIndex | QPersistentModelIndex
MAX_VALUE = 60


def table_label(name: str) -> str:
    """The user's word for a table (falls back to its name)."""
    labels = {
        "projects": QCoreApplication.translate("audit", "Project"),
        "documents": QCoreApplication.translate("audit", "Dossier document"),
        "document_parts": QCoreApplication.translate("audit", "Document chapter"),
        "plan_lines": QCoreApplication.translate("audit", "Plan line"),
        "budget_lines": QCoreApplication.translate("audit", "Budget line"),
        "rolling_lines": QCoreApplication.translate("audit", "Rolling plan line"),
        "list_entries": QCoreApplication.translate("audit", "Project list entry"),
        "approvals": QCoreApplication.translate("audit", "Approval"),
        "acceptances": QCoreApplication.translate("audit", "Acceptance"),
        "project_reviews": QCoreApplication.translate("audit", "Review result"),
        "expert_reviews": QCoreApplication.translate("audit", "Expert review"),
        "experts": QCoreApplication.translate("audit", "Expert"),
        "review_rounds": QCoreApplication.translate("audit", "Review round"),
        "round_experts": QCoreApplication.translate("audit", "Round expert"),
        "round_projects": QCoreApplication.translate("audit", "Round project"),
        "attachments": QCoreApplication.translate("audit", "Attachment"),
        "units": QCoreApplication.translate("audit", "Unit"),
        "import": QCoreApplication.translate("audit", "Import"),
        "package": QCoreApplication.translate("audit", "Review package"),
    }
    return labels.get(name, name)


def operation_label(name: str) -> str:
    labels = {
        "insert": QCoreApplication.translate("audit", "Added"),
        "update": QCoreApplication.translate("audit", "Changed"),
        "delete": QCoreApplication.translate("audit", "Deleted"),
        "import": QCoreApplication.translate("audit", "Imported"),
        "merge": QCoreApplication.translate("audit", "Merged"),
    }
    return labels.get(name, name)


def field_label(name: str) -> str:
    labels = {
        "name": QCoreApplication.translate("audit", "name"),
        "status": QCoreApplication.translate("audit", "status"),
        "amount_yuan": QCoreApplication.translate("audit", "amount (yuan)"),
        "total_investment_yuan": QCoreApplication.translate("audit", "total investment (yuan)"),
        "declared_yuan": QCoreApplication.translate("audit", "declared amount (yuan)"),
        "approved_amount_yuan": QCoreApplication.translate("audit", "approved amount (yuan)"),
        "number": QCoreApplication.translate("audit", "document number"),
        "remark": QCoreApplication.translate("audit", "remark"),
        "conclusion": QCoreApplication.translate("audit", "conclusion"),
        "opinion": QCoreApplication.translate("audit", "opinion"),
    }
    return labels.get(name, name)


def _short(value: Any) -> str:
    text = "∅" if value is None or value == "" else str(value)
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def describe_change(entry: HistoryEntry) -> str:
    """ "field: old → new; …" for updates, the new or old values for additions and deletions."""
    if entry.summary and entry.operation in ("import", "merge"):
        return entry.summary
    parts = []
    for key in entry.changed_fields():
        if key == "id":
            continue
        if entry.operation == "update":
            parts.append(
                f"{field_label(key)}: {_short(entry.before.get(key))} → {_short(entry.after.get(key))}"
            )
        else:
            parts.append(
                f"{field_label(key)}: {_short(entry.after.get(key, entry.before.get(key)))}"
            )
    text = "; ".join(parts)
    return f"{entry.summary} {text}".strip() if entry.summary else text


class AuditTableModel(QAbstractTableModel):
    COLUMNS = ("seq", "time", "actor", "what", "change")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries: list[HistoryEntry] = []

    def set_entries(self, entries: list[HistoryEntry]) -> None:
        self.beginResetModel()
        self.entries = entries
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            QCoreApplication.translate("audit", "No."),
            QCoreApplication.translate("audit", "Time"),
            QCoreApplication.translate("audit", "Who"),
            QCoreApplication.translate("audit", "What"),
            QCoreApplication.translate("audit", "Old → new"),
        )[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        column = self.COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == "seq":
                return str(entry.seq)
            if column == "time":
                return entry.at.strftime("%Y-%m-%d %H:%M:%S")
            if column == "actor":
                return entry.actor
            if column == "what":
                row = f" #{entry.row_id}" if entry.row_id else ""
                return f"{operation_label(entry.operation)} {table_label(entry.table_name)}{row}"
            return describe_change(entry)
        return None
