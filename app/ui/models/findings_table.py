"""Findings as a table: code, severity, article, message (in the UI language)."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from app.rules.findings import SEVERITY_ORDER, Finding
from app.ui.labels import SEVERITY_COLOURS, severity_label

Index = QModelIndex | QPersistentModelIndex
FINDING_ROLE = Qt.ItemDataRole.UserRole + 2


def ui_language() -> str:
    return "en" if QLocale().language() == QLocale.Language.English else "zh"


def user_message(exc: Any) -> str:
    """A bilingual refusal or error (`message_zh` / `message_en`) in the UI language."""
    return str(exc.message_en if ui_language() == "en" else exc.message_zh)


def article_text(article: str) -> str:
    """'9, 14' → 'Art. 9, 14' / '第9、14条'."""
    if ui_language() == "zh":
        article = article.replace(", ", "、")
    return QCoreApplication.translate("FindingsTableModel", "Art. %1").replace("%1", article)


def finding_text(f: Finding) -> str:
    """One finding as a person reads it: severity, article, message (code for reference)."""
    return f"{severity_label(f.severity)} · {article_text(f.article)} · {f.message(ui_language())}  [{f.code}]"


def findings_tooltip(findings: list[Finding]) -> str:
    """Findings as a tooltip (rich text, so that long messages wrap)."""
    ordered = sorted(findings, key=lambda f: f.sort_key)
    return "<qt>" + "<br>".join(html.escape(finding_text(f)) for f in ordered) + "</qt>"


class FindingsTableModel(QAbstractTableModel):
    COLUMNS = 5  # code, severity, article, project, message

    def __init__(self, parent: Any = None, *, show_project: bool = False) -> None:
        super().__init__(parent)
        self._findings: list[Finding] = []
        self.show_project = show_project

    def set_findings(self, findings: list[Finding]) -> None:
        self.beginResetModel()
        self._findings = list(findings)
        self.endResetModel()

    def finding(self, row: int) -> Finding:
        return self._findings[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._findings)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (
            self.tr("Code"),
            self.tr("Severity"),
            self.tr("Article"),
            self.tr("Project"),
            self.tr("Message"),
        )
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        f = self._findings[index.row()]
        column = index.column()
        if role == FINDING_ROLE:
            return f
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return f.code
            if column == 1:
                return severity_label(f.severity)
            if column == 2:
                return article_text(f.article)
            if column == 3:
                return f.project_name or ""
            text = f.message(ui_language())
            if not f.open:
                reason = f.dismissed_reason or self.tr("project terminated")
                text += "  [" + self.tr("closed: %1").replace("%1", reason) + "]"
            return text
        if role == Qt.ItemDataRole.UserRole:  # sort key
            return (SEVERITY_ORDER[f.severity], f.code) if column == 1 else self.data(index)
        if role == Qt.ItemDataRole.ForegroundRole:
            if not f.open:
                return Qt.GlobalColor.gray
            if column in (0, 1):
                return SEVERITY_COLOURS[f.severity]
        if role == Qt.ItemDataRole.ToolTipRole and column == 4:
            return f.message(ui_language())
        return None
