"""Audit entries as a read-only table: time, who, (project,) what, and the changed fields old → new,
in the user's words (app.ui.audit_labels); long values are elided, the tooltip has them whole."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QHeaderView, QTableView

from app.services.audit import HistoryEntry, Titles
from app.ui.audit_labels import (
    EMPTY,
    column_label,
    operation_label,
    ordered_fields,
    reference_text,
    row_text,
    summary_text,
    value_text,
)

__all__ = ["AuditTableModel", "describe_change", "fit_columns"]

Index = QModelIndex | QPersistentModelIndex
MAX_VALUE = 40


def _short(text: str) -> str:
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def change_lines(
    entry: HistoryEntry, titles: Titles | None = None, *, shorten: bool = False
) -> list[str]:
    """One "field: old → new" (or "field: value") per changed field, in the table's column order.

    Additions and deletions list their non-empty values; the row's own id, and the project id
    when it is the entry's project (shown by the views already), are left out."""
    titles = titles or {}
    fit = _short if shorten else str
    lines = []
    for key in ordered_fields(entry.table_name, entry.changed_fields()):
        if key == "id" or (key == "project_id" and entry.project_id is not None
                           and entry.after.get(key, entry.before.get(key)) == entry.project_id):  # fmt: skip
            continue
        label = column_label(entry.table_name, key)
        if entry.operation == "update":
            old = value_text(entry.table_name, key, entry.before.get(key), titles)
            new = value_text(entry.table_name, key, entry.after.get(key), titles)
            lines.append(f"{label}: {fit(old)} → {fit(new)}")
            continue
        text = value_text(
            entry.table_name, key, entry.after.get(key, entry.before.get(key)), titles
        )
        if text != EMPTY:
            lines.append(f"{label}: {fit(text)}")
    return lines


def describe_change(
    entry: HistoryEntry, titles: Titles | None = None, *, shorten: bool = True
) -> str:
    """The change on one line ("; " between fields), imports and merges by their summary."""
    summary = summary_text(entry.summary)
    if summary and entry.operation in ("import", "merge"):
        return summary
    text = "; ".join(change_lines(entry, titles, shorten=shorten))
    return f"{summary} {text}".strip() if summary else text


class AuditTableModel(QAbstractTableModel):
    """`with_project` adds a project column (the whole-database log; the dock is one project's)."""

    def __init__(self, parent: Any = None, *, with_project: bool = False) -> None:
        super().__init__(parent)
        self.columns = ("seq", "time", "actor", *(("project",) if with_project else ()), "what", "change")  # fmt: skip
        self.entries: list[HistoryEntry] = []
        self.titles: Titles = {}
        self._texts: dict[tuple[int, str], str] = {}

    def set_entries(self, entries: list[HistoryEntry], titles: Titles | None = None) -> None:
        """`titles` (audit.row_titles) names the rows the entries point at."""
        self.beginResetModel()
        self.entries = entries
        self.titles = titles or {}
        self._texts = {}
        self.endResetModel()

    def column(self, name: str) -> int:
        return self.columns.index(name)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            "seq": QCoreApplication.translate("audit", "No."),
            "time": QCoreApplication.translate("audit", "Time"),
            "actor": QCoreApplication.translate("audit", "Who"),
            "project": QCoreApplication.translate("audit", "Project"),
            "what": QCoreApplication.translate("audit", "What"),
            "change": QCoreApplication.translate("audit", "Old → new"),
        }[self.columns[section]]

    def _text(self, row: int, column: str, tooltip: bool) -> str:
        key = (row, f"{column}:tip" if tooltip and column == "change" else column)
        if key not in self._texts:
            self._texts[key] = self._compute(self.entries[row], column, tooltip)
        return self._texts[key]

    def _compute(self, entry: HistoryEntry, column: str, tooltip: bool) -> str:
        if column == "seq":
            return str(entry.seq)
        if column == "time":
            return entry.at.strftime("%Y-%m-%d %H:%M:%S")
        if column == "actor":
            return entry.actor
        if column == "project":
            return (
                ""
                if entry.project_id is None
                else reference_text("projects", entry.project_id, self.titles)
            )
        if column == "what":
            return f"{operation_label(entry.operation)} {row_text(entry, self.titles)}"
        if not tooltip:
            return describe_change(entry, self.titles)
        summary = summary_text(entry.summary)
        lines = change_lines(entry, self.titles)
        return "\n".join([summary, *lines] if summary else lines)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        return self._text(
            index.row(), self.columns[index.column()], role == Qt.ItemDataRole.ToolTipRole
        )


def fit_columns(view: QTableView, model: AuditTableModel) -> None:
    """Narrow columns to their contents, the row and project columns wide enough to read (up to a
    cap), the change column takes the rest."""
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(model.column("change"), QHeaderView.ResizeMode.Stretch)
    widths = {
        "seq": (40, 80),
        "time": (140, 170),
        "actor": (60, 140),
        "project": (120, 240),
        "what": (160, 300),
    }
    for name, (low, high) in widths.items():
        if name in model.columns:
            index = model.column(name)
            view.resizeColumnToContents(index)
            view.setColumnWidth(index, max(low, min(high, view.columnWidth(index))))
