"""Budget versus plan for the selected year, grouped by owner unit, with subtotals."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTreeView, QVBoxLayout, QWidget

from app.rules.money import format_wan
from app.services.budget import BudgetRow, UnitGroup, budget_groups
from app.ui.context import WorkbenchContext

PROJECT_ROLE = Qt.ItemDataRole.UserRole + 4
HIGHLIGHT = QBrush(QColor("#fde0dc"))


def money_item(yuan: int | None) -> QStandardItem:
    item = QStandardItem(format_wan(yuan) if yuan is not None else "—")
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    item.setEditable(False)
    return item


class BudgetTab(QWidget):
    def __init__(self, ctx: WorkbenchContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.title = QLabel()
        self.view = QTreeView()
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.doubleClicked.connect(self._open)
        self.model = QStandardItemModel(self)
        self.view.setModel(self.model)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)
        ctx.data_changed.connect(self.reload)
        ctx.year_changed.connect(lambda _y: self.reload())
        ctx.today_changed.connect(lambda _d: self.reload())
        self.reload()

    def headers(self) -> list[str]:
        return [
            self.tr("Owner unit / project"), self.tr("On list"), self.tr("Plan"), self.tr("Budget"),
            self.tr("Difference"), self.tr("Approved estimate"), self.tr("Planned, all years"),
            self.tr("Findings"),
        ]  # fmt: skip

    def reload(self) -> None:
        with self.ctx.store.read() as session:
            groups = budget_groups(session, self.ctx.year, self.ctx.findings())
        self.title.setText(
            self.tr("Budget versus plan, %1 (10k yuan)").replace("%1", str(self.ctx.year))
        )
        self.model.clear()
        self.model.setHorizontalHeaderLabels(self.headers())
        root = self.model.invisibleRootItem()
        grand = {"plan_yuan": 0, "budget_yuan": 0}
        for group in groups:
            unit_cells = self._group_row(group)
            for row in group.rows:
                unit_cells[0].appendRow(self._project_row(row))
            root.appendRow(unit_cells)
            for key in grand:
                grand[key] += group.total(key)
        total = [QStandardItem(self.tr("Grand total")), QStandardItem(""), money_item(grand["plan_yuan"]),
                 money_item(grand["budget_yuan"]), money_item(grand["budget_yuan"] - grand["plan_yuan"]),
                 QStandardItem(""), QStandardItem(""), QStandardItem("")]  # fmt: skip
        bold = QFont()
        bold.setBold(True)
        for cell in total:
            cell.setFont(bold)
            cell.setEditable(False)
        root.appendRow(total)
        self.view.expandAll()
        self.view.setColumnWidth(0, 320)
        for column in range(1, 7):
            self.view.resizeColumnToContents(column)

    def _group_row(self, group: UnitGroup) -> list[QStandardItem]:
        plan, budget = group.total("plan_yuan"), group.total("budget_yuan")
        cells = [QStandardItem(self.tr("%1 (subtotal)").replace("%1", group.unit_name)), QStandardItem(""),
                 money_item(plan), money_item(budget), money_item(budget - plan),
                 QStandardItem(""), QStandardItem(""), QStandardItem("")]  # fmt: skip
        font = QFont()
        font.setBold(True)
        for cell in cells:
            cell.setFont(font)
            cell.setEditable(False)
        return cells

    def _project_row(self, row: BudgetRow) -> list[QStandardItem]:
        cells = [
            QStandardItem(row.name),
            QStandardItem(self.tr("yes") if row.listed else self.tr("no")),
            money_item(row.plan_yuan),
            money_item(row.budget_yuan),
            money_item(row.difference_yuan),
            money_item(row.estimate_yuan),
            money_item(row.planned_all_years_yuan),
            QStandardItem(" ".join(row.codes)),
        ]
        for cell in cells:
            cell.setEditable(False)
            cell.setData(row.project_id, PROJECT_ROLE)
            if row.codes:
                cell.setBackground(HIGHLIGHT)
        return cells

    def _open(self, index: QModelIndex) -> None:
        project_id = index.data(PROJECT_ROLE)
        if project_id is not None:
            self.ctx.project_selected.emit(project_id)
