"""Budget versus plan for the selected year, grouped by owner unit; rolling plan; money trail.

Plan and budget amounts are edited in place (万元, up to four decimals) and go through the
undo stack like every other edit.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.rules.money import MoneyError, format_wan, wan_to_yuan
from app.services.budget import BudgetRow, UnitGroup, budget_groups, money_trail, rolling_rows
from app.services.editing import Invalid, set_line_amount
from app.ui.commands import apply_then, run_edit
from app.ui.context import WorkbenchContext
from app.ui.models.findings_table import user_message
from app.ui.tabs.lazy import LazyTab

PROJECT_ROLE = Qt.ItemDataRole.UserRole + 4
HIGHLIGHT = QBrush(QColor("#fde0dc"))
COL_PLAN, COL_BUDGET = 2, 3
EDITABLE = {COL_PLAN: "plan", COL_BUDGET: "budget"}


def money_item(yuan: int | None, *, editable: bool = False) -> QStandardItem:
    item = QStandardItem(format_wan(yuan) if yuan is not None else "—")
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    item.setEditable(editable)
    return item


def text_items(*texts: str, bold: bool = False) -> list[QStandardItem]:
    items = []
    for text in texts:
        item = QStandardItem(text)
        item.setEditable(False)
        if bold:
            font = QFont()
            font.setBold(True)
            item.setFont(font)
        items.append(item)
    return items


def bold_row(cells: list[QStandardItem]) -> list[QStandardItem]:
    font = QFont()
    font.setBold(True)
    for cell in cells:
        cell.setFont(font)
        cell.setEditable(False)
    return cells


class BudgetTab(LazyTab):
    def __init__(self, ctx: WorkbenchContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.title = QLabel()
        self.view = QTreeView()
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )  # fmt: skip
        self.model = QStandardItemModel(self)
        self.view.setModel(self.model)
        self.model.itemChanged.connect(self._amount_edited)
        self.view.selectionModel().currentRowChanged.connect(self._row_selected)
        self.rolling_view = QTreeView()
        self.rolling_view.setRootIsDecorated(False)
        self.rolling_model = QStandardItemModel(self)
        self.rolling_view.setModel(self.rolling_model)
        self.views = QTabWidget()
        self.views.addTab(
            self.view, QCoreApplication.translate("BudgetTab", "Annual plan and budget")
        )
        self.views.addTab(
            self.rolling_view, QCoreApplication.translate("BudgetTab", "3-year rolling plan")
        )
        self.trail = QLabel()
        self.trail.setWordWrap(True)
        self.trail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.trail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        trail_box = QWidget()
        trail_layout = QVBoxLayout(trail_box)
        trail_layout.addWidget(
            QLabel("<b>" + QCoreApplication.translate("BudgetTab", "Money trail") + "</b>")
        )
        trail_layout.addWidget(self.trail, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("budget-trail")
        self.splitter.addWidget(self.views)
        self.splitter.addWidget(trail_box)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.splitter, 1)
        self._loading = False
        ctx.findings_ready.connect(self.reload)
        ctx.data_changed.connect(self.reload)
        ctx.year_changed.connect(self.reload)
        ctx.today_changed.connect(self.reload)
        ctx.project_selected.connect(self.show_trail)
        self.reload()

    def headers(self) -> list[str]:
        return [
            QCoreApplication.translate("BudgetTab", "Owner unit / project"), QCoreApplication.translate("BudgetTab", "On list"), QCoreApplication.translate("BudgetTab", "Plan"), QCoreApplication.translate("BudgetTab", "Budget"),
            QCoreApplication.translate("BudgetTab", "Difference"), QCoreApplication.translate("BudgetTab", "Approved estimate"), QCoreApplication.translate("BudgetTab", "Planned, all years"), QCoreApplication.translate("BudgetTab", "Findings"),
        ]  # fmt: skip

    # ------------------------------------------------------------------ loading
    def reload(self, *_args: object) -> None:
        self.when_visible(self._reload)

    def _reload(self) -> None:
        with self.ctx.store.read() as session:
            groups = budget_groups(session, self.ctx.year, self.ctx.findings())
            rolling = rolling_rows(session, self.ctx.year)
        self._loading = True
        try:
            self._fill_annual(groups)
            self._fill_rolling(rolling)
        finally:
            self._loading = False
        self.title.setText(QCoreApplication.translate("BudgetTab", "Budget versus plan, %1 (10k yuan) — double-click a plan or budget amount to edit it").replace("%1", str(self.ctx.year)))  # fmt: skip
        if self.ctx.current_project_id is not None:
            self.show_trail(self.ctx.current_project_id)

    def _fill_annual(self, groups: list[UnitGroup]) -> None:
        self.model.clear()
        self.model.setHorizontalHeaderLabels(self.headers())
        root = self.model.invisibleRootItem()
        grand_plan = grand_budget = 0
        for group in groups:
            plan, budget = group.total("plan_yuan"), group.total("budget_yuan")
            unit_cells = bold_row([
                QStandardItem(QCoreApplication.translate("BudgetTab", "%1 (subtotal)").replace("%1", group.unit_name)), QStandardItem(""),
                money_item(plan), money_item(budget), money_item(budget - plan),
                QStandardItem(""), QStandardItem(""), QStandardItem(""),
            ])  # fmt: skip
            for row in group.rows:
                unit_cells[0].appendRow(self._project_row(row))
            root.appendRow(unit_cells)
            grand_plan += plan
            grand_budget += budget
        root.appendRow(bold_row([
            QStandardItem(QCoreApplication.translate("BudgetTab", "Grand total")), QStandardItem(""), money_item(grand_plan),
            money_item(grand_budget), money_item(grand_budget - grand_plan),
            QStandardItem(""), QStandardItem(""), QStandardItem(""),
        ]))  # fmt: skip
        self.view.expandAll()
        self.view.setColumnWidth(0, 330)
        for column in range(1, 8):
            self.view.resizeColumnToContents(column)

    def _project_row(self, row: BudgetRow) -> list[QStandardItem]:
        cells = [
            *text_items(
                row.name,
                QCoreApplication.translate("BudgetTab", "yes")
                if row.listed
                else QCoreApplication.translate("BudgetTab", "no"),
            ),
            money_item(row.plan_yuan, editable=True),
            money_item(row.budget_yuan, editable=True),
            money_item(row.difference_yuan),
            money_item(row.estimate_yuan),
            money_item(row.planned_all_years_yuan),
            *text_items(" ".join(row.codes)),
        ]
        for cell in cells:
            cell.setData(row.project_id, PROJECT_ROLE)
            if row.codes:
                cell.setBackground(HIGHLIGHT)
        cells[COL_PLAN].setToolTip(
            QCoreApplication.translate(
                "BudgetTab", "Plan amount in 10k yuan; empty removes the line"
            )
        )
        cells[COL_BUDGET].setToolTip(
            QCoreApplication.translate(
                "BudgetTab", "Budget amount in 10k yuan; empty removes the line"
            )
        )
        return cells

    def _fill_rolling(self, rows: list) -> None:  # type: ignore[type-arg]
        self.rolling_model.clear()
        year = self.ctx.year
        self.rolling_model.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("BudgetTab", "Project"),
                QCoreApplication.translate("BudgetTab", "Owner unit"),
                str(year),
                str(year + 1),
                str(year + 2),
                QCoreApplication.translate("BudgetTab", "Total"),
            ]
        )
        totals = [0, 0, 0]
        for row in rows:
            cells = [
                *text_items(row.name, row.unit_name),
                *(money_item(a) for a in row.amounts),
                money_item(row.total),
            ]
            for cell in cells:
                cell.setData(row.project_id, PROJECT_ROLE)
            self.rolling_model.appendRow(cells)
            totals = [t + (a or 0) for t, a in zip(totals, row.amounts, strict=True)]
        self.rolling_model.appendRow(bold_row([*text_items(QCoreApplication.translate("BudgetTab", "Grand total"), ""), *(money_item(t) for t in totals), money_item(sum(totals))]))  # fmt: skip
        self.rolling_view.setColumnWidth(0, 330)

    # ------------------------------------------------------------------ editing
    def _amount_edited(self, item: QStandardItem) -> None:
        if self._loading or item.column() not in EDITABLE:
            return
        project_id = item.data(PROJECT_ROLE)
        which = EDITABLE[item.column()]
        text = item.text().strip().replace(",", "")
        # the edit reloads (clears) this model: never do that inside the model's own signal
        QTimer.singleShot(0, lambda: self.apply_amount(project_id, which, text))

    def apply_amount(self, project_id: int, which: str, text: str) -> bool:
        """Store a plan/budget amount typed in 万元 for the selected year (empty removes it)."""
        year = self.ctx.year
        title = QCoreApplication.translate("BudgetTab", "Amount not accepted")
        try:
            yuan = None if text in ("", "—") else wan_to_yuan(text)
            label = (QCoreApplication.translate("BudgetTab", "Edit plan amount") if which == "plan"
                     else QCoreApplication.translate("BudgetTab", "Edit budget amount"))  # fmt: skip
            done = run_edit(
                self.ctx, label, project_id,
                lambda session: apply_then(project_id, set_line_amount(session, project_id, year, which, yuan)), self,
            )  # fmt: skip
        except (MoneyError, Invalid) as exc:
            QMessageBox.warning(self, title, user_message(exc))
            self.reload()
            return False
        return done is not None

    # ------------------------------------------------------------------ money trail
    def _row_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        project_id = current.data(PROJECT_ROLE) if current.isValid() else None
        if project_id is not None:
            self.show_trail(project_id)

    def show_trail(self, project_id: int) -> None:
        if not self.isVisible():
            return  # the next reload (when the tab is shown) shows the current project's trail
        with self.ctx.store.read() as session:
            trail = money_trail(session, project_id)
        if trail is None:
            self.trail.setText("")
            return

        def fmt(yuan: int | None) -> str:
            return format_wan(yuan) if yuan is not None else "—"

        lines = [
            trail.name,
            QCoreApplication.translate("BudgetTab", "Declared: %1").replace("%1", fmt(trail.declared_yuan)),
            QCoreApplication.translate("BudgetTab", "Reviewed: %1").replace("%1", fmt(trail.reviewed_yuan)),
            QCoreApplication.translate("BudgetTab", "FSR estimate: %1 (approved %2)").replace("%1", fmt(trail.estimate_yuan)).replace("%2", fmt(trail.fsr_approved_yuan)),
            QCoreApplication.translate("BudgetTab", "Budget estimate proposed: %1").replace("%1", fmt(trail.proposed_budget_estimate_yuan)),
            QCoreApplication.translate("BudgetTab", "Approved budget estimate: %1").replace("%1", fmt(trail.approved_estimate_yuan)),
            QCoreApplication.translate("BudgetTab", "Plan by year: %1").replace("%1", "; ".join(f"{y}: {fmt(a)}" for y, a in trail.plan_by_year.items()) or "—"),
            QCoreApplication.translate("BudgetTab", "Budget by year: %1").replace("%1", "; ".join(f"{y}: {fmt(a)}" for y, a in trail.budget_by_year.items()) or "—"),
            QCoreApplication.translate("BudgetTab", "Contract: %1, paid: %2").replace("%1", fmt(trail.contract_yuan)).replace("%2", fmt(trail.paid_yuan)),
        ]  # fmt: skip
        self.trail.setText("\n".join(lines))
