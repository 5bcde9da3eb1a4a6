"""Budget versus plan for the selected year, grouped by owner unit; rolling plan; money trail.

Plan and budget amounts are edited in place (万元, up to four decimals) and go through the
undo stack like every other edit.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.rules.catalogue import RULES
from app.rules.facts import Severity
from app.rules.findings import SEVERITY_ORDER, Finding
from app.rules.money import MoneyError, format_wan, wan_to_yuan
from app.services.budget import (
    FUNDING_CODES,
    BudgetRow,
    MoneyTrail,
    RollingRow,
    UnitGroup,
    budget_page,
    money_codes,
    project_money_trail,
)
from app.services.editing import Invalid, set_line_amount
from app.ui.commands import apply_then, run_edit
from app.ui.context import WorkbenchContext
from app.ui.finding_tabs import shown_on
from app.ui.labels import severity_label
from app.ui.models.findings_table import (
    FindingsTableModel,
    findings_tooltip,
    ui_language,
    user_message,
)
from app.ui.tabs.lazy import LazyTab
from app.ui.widgets.current_project import CurrentProjectLabel

PROJECT_ROLE = Qt.ItemDataRole.UserRole + 4
CODES_ROLE = Qt.ItemDataRole.UserRole + 5
UNIT_ROLE = Qt.ItemDataRole.UserRole + 6
# a year with more projects than this shows its units closed, each unit's rows made when it is
# opened (a district's ten years hold tens of thousands of projects in a year)
OPEN_ALL_ROWS = 1000
HIGHLIGHT = QBrush(QColor("#fde0dc"))  # a blocker or an error on the row
WARNING_HIGHLIGHT = QBrush(QColor("#fff4d6"))
COL_PLAN, COL_BUDGET, COL_FINDINGS = 2, 3, 7
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
        self.title.setWordWrap(True)
        self.current = CurrentProjectLabel(ctx)
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
        self._groups: dict[int, UnitGroup] = {}
        self._unit_of: dict[int, int] = {}  # project → unit, for the rows not made yet
        self._unfilled: set[int] = set()  # units shown closed whose rows are not made yet
        self.view.expanded.connect(self._unit_opened)
        self._reload_pending = False
        self._loaded: tuple[object, int] | None = None  # what the table was read with
        self.view.itemDelegate().closeEditor.connect(self._editor_closed)
        self.view.selectionModel().currentRowChanged.connect(self._row_selected)
        # a click on the row that is already current changes no current row: still select it
        self.view.clicked.connect(lambda index: self._row_selected(index, index))
        self.rolling_view = QTreeView()
        self.rolling_view.setRootIsDecorated(False)
        self.rolling_model = QStandardItemModel(self)
        self.rolling_view.setModel(self.rolling_model)
        self.rolling_view.selectionModel().currentRowChanged.connect(self._row_selected)
        self.rolling_view.clicked.connect(lambda index: self._row_selected(index, index))
        self.rolling_empty = QLabel()
        self.rolling_empty.setObjectName("rollingEmpty")
        self.rolling_empty.setWordWrap(True)
        self.rolling_empty.setTextFormat(Qt.TextFormat.PlainText)
        self.rolling_button = QPushButton()
        self.rolling_button.clicked.connect(self._show_edition)
        # an empty edition is explained in place of the table
        empty_page = QWidget()
        empty_layout = QVBoxLayout(empty_page)
        empty_layout.addWidget(self.rolling_empty)
        empty_layout.addWidget(self.rolling_button, 0, Qt.AlignmentFlag.AlignLeft)
        empty_layout.addStretch(1)
        rolling_page = QStackedWidget()
        rolling_page.addWidget(self.rolling_view)
        rolling_page.addWidget(empty_page)
        self.rolling_page = rolling_page
        self.views = QTabWidget()
        self.views.addTab(
            self.view, QCoreApplication.translate("BudgetTab", "Annual plan and budget")
        )
        self.views.addTab(
            rolling_page, QCoreApplication.translate("BudgetTab", "3-year rolling plan")
        )
        # the current project's plan and budget findings: severity, article, message
        self.findings_model = FindingsTableModel(self)
        self.findings_view = QTableView()
        self.findings_view.setObjectName("budgetFindings")
        self.findings_view.setModel(self.findings_model)
        self.findings_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.findings_view.verticalHeader().setVisible(False)
        self.findings_view.setWordWrap(False)
        self.findings_view.hideColumn(3)
        self.findings_view.horizontalHeader().setStretchLastSection(True)
        self.findings_caption = QLabel()
        findings_box = QWidget()
        findings_layout = QVBoxLayout(findings_box)
        findings_layout.setContentsMargins(0, 0, 0, 0)
        findings_layout.addWidget(self.findings_caption)
        findings_layout.addWidget(self.findings_view, 1)
        left = QSplitter(Qt.Orientation.Vertical)
        left.setObjectName("budget-findings")
        left.addWidget(self.views)
        left.addWidget(findings_box)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 1)
        left.setCollapsible(0, False)
        self.trail = QLabel()
        self.trail.setObjectName("moneyTrail")
        self.trail.setWordWrap(True)
        self.trail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.trail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.trail_box = QWidget()
        trail_layout = QVBoxLayout(self.trail_box)
        trail_layout.addWidget(
            QLabel("<b>" + QCoreApplication.translate("BudgetTab", "Money trail") + "</b>")
        )
        trail_layout.addWidget(self.trail, 1)
        # readable: a label and a ten-figure amount side by side, never a column of 2–4 characters
        metrics = self.fontMetrics()
        self.trail_box.setMinimumWidth(
            metrics.horizontalAdvance("批复概算（初步设计）")
            + metrics.horizontalAdvance("99,999.0000")
            + 48
        )
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("budget-trail")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.trail_box)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([900, self.trail_box.minimumWidth() + 40])
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.current)
        layout.addWidget(self.splitter, 1)
        self._loading = False
        self._editions: list[int] = []
        ctx.findings_ready.connect(self.reload)
        ctx.data_changed.connect(self.reload)
        ctx.year_changed.connect(self.reload)
        ctx.today_changed.connect(self.reload)
        ctx.project_selected.connect(self.show_project)
        self.reload()

    def headers(self) -> list[str]:
        return [
            QCoreApplication.translate("BudgetTab", "Owner unit / project"), QCoreApplication.translate("BudgetTab", "On list"), QCoreApplication.translate("BudgetTab", "Plan"), QCoreApplication.translate("BudgetTab", "Budget"),
            QCoreApplication.translate("BudgetTab", "Difference"), QCoreApplication.translate("BudgetTab", "Approved estimate"), QCoreApplication.translate("BudgetTab", "Planned, all years"), QCoreApplication.translate("BudgetTab", "Findings"),
        ]  # fmt: skip

    # ------------------------------------------------------------------ loading
    def reload(self, *_args: object) -> None:
        if self.view.state() == QAbstractItemView.State.EditingState:
            # a background check finishing while the user types an amount would clear the
            # model under the open editor and lose the typing: reload once the edit is done
            self._reload_pending = True
            return
        self.when_visible(self._reload)

    def _editor_closed(self, *_args: object) -> None:
        if self._reload_pending:
            self._reload_pending = False
            QTimer.singleShot(0, self.reload)  # after the closed editor's value is committed

    def _reload(self) -> None:
        loaded = (self.ctx.findings_state, self.ctx.year)
        if loaded != self._loaded:  # else read already (at 100,000 projects a read takes seconds)
            # the findings before the page's read (a store on a share has one connection)
            found = self.ctx.findings_with(money_codes(FUNDING_CODES))
            page = budget_page(self.ctx.store, self.ctx.year, found, FUNDING_CODES)
            groups, rolling, self._editions = page.groups, page.rolling, page.editions
            self._loading = True
            try:
                self._fill_annual(groups)
                self._fill_rolling(rolling)
            finally:
                self._loading = False
            self._loaded = loaded
        self.title.setText(QCoreApplication.translate("BudgetTab", "Budget versus plan, %1 (10k yuan) — double-click a plan or budget amount to edit it").replace("%1", str(self.ctx.year)))  # fmt: skip
        if self.ctx.current_project_id is not None:
            self._show_project(self.ctx.current_project_id)
        else:
            self._show_findings(None)

    def _fill_annual(self, groups: list[UnitGroup]) -> None:
        opened = self._opened_units()
        self.model.clear()
        self.model.setHorizontalHeaderLabels(self.headers())
        root = self.model.invisibleRootItem()
        grand_plan = grand_budget = 0
        self._groups = {group.unit_id: group for group in groups}
        self._unit_of = {row.project_id: group.unit_id for group in groups for row in group.rows}
        lazy = len(self._unit_of) > OPEN_ALL_ROWS
        self._unfilled = set()
        for group in groups:
            plan, budget = group.total("plan_yuan"), group.total("budget_yuan")
            unit_cells = bold_row([
                QStandardItem(QCoreApplication.translate("BudgetTab", "%1 (subtotal)").replace("%1", group.unit_name)), QStandardItem(""),
                money_item(plan), money_item(budget), money_item(budget - plan),
                QStandardItem(""), QStandardItem(""), QStandardItem(""),
            ])  # fmt: skip
            unit_cells[0].setData(group.unit_id, UNIT_ROLE)
            if lazy and group.unit_id not in opened:  # its rows are made when it is opened
                unit_cells[0].appendRow([QStandardItem("…")])
                self._unfilled.add(group.unit_id)
            else:
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
        if lazy:
            for row in range(self.model.rowCount()):
                if self.model.item(row, 0).data(UNIT_ROLE) in opened:
                    self.view.expand(self.model.index(row, 0))
        else:
            self.view.expandAll()
        self.view.setColumnWidth(0, 330)
        # amounts of a unit's rows read whole, also when the units are shown closed (their
        # rows not made yet: the columns fitted only the subtotals, 批复概算 read 「5,55…」)
        amount_width = self.view.fontMetrics().horizontalAdvance("99,999,999.00") + 16
        for column in range(1, COL_FINDINGS):
            self.view.resizeColumnToContents(column)
            if column >= COL_PLAN:
                self.view.setColumnWidth(column, max(self.view.columnWidth(column), amount_width))
        # the findings take the width that is left (their tooltip and the pane say it all)
        self.view.header().setStretchLastSection(True)
        self.view.setColumnWidth(COL_FINDINGS, 120)

    def _opened_units(self) -> set[int]:
        """The units whose rows are open (kept open by a reload: an edit, a finished check)."""
        return {
            self.model.item(row, 0).data(UNIT_ROLE)
            for row in range(self.model.rowCount())
            if self.view.isExpanded(self.model.index(row, 0))
        }

    def _unit_opened(self, index: QModelIndex) -> None:
        self._fill_unit(index.data(UNIT_ROLE))

    def _fill_unit(self, unit_id: int | None) -> QModelIndex | None:
        """Make the rows of a unit shown closed; the unit's index (None: no such unit)."""
        for row in range(self.model.rowCount()):
            unit_item = self.model.item(row, 0)
            if unit_item.data(UNIT_ROLE) != unit_id:
                continue
            if unit_id in self._unfilled:
                self._unfilled.discard(unit_id)
                loading, self._loading = self._loading, True
                try:
                    unit_item.removeRows(0, unit_item.rowCount())
                    for budget_row in self._groups[unit_id].rows:
                        unit_item.appendRow(self._project_row(budget_row))
                finally:
                    self._loading = loading
            return unit_item.index()
        return None

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
            *text_items(findings_summary(row.findings)),
        ]
        cells[COL_FINDINGS].setData(" ".join(row.codes), CODES_ROLE)
        worst = min((SEVERITY_ORDER[f.severity] for f in row.findings), default=None)
        for cell in cells:
            cell.setData(row.project_id, PROJECT_ROLE)
            if row.findings:
                cell.setToolTip(findings_tooltip(list(row.findings)))
            if worst is not None and worst <= SEVERITY_ORDER[Severity.ERROR]:
                cell.setBackground(HIGHLIGHT)
            elif worst == SEVERITY_ORDER[Severity.WARNING]:
                cell.setBackground(WARNING_HIGHLIGHT)
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

    def _fill_rolling(self, rows: list[RollingRow]) -> None:
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
        self._explain_rolling(bool(rows))
        if not rows:
            return
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
        view = self.rolling_view
        for column in range(self.rolling_model.columnCount()):  # names and units read whole
            view.resizeColumnToContents(column)
            if column > 1:  # the years' amounts in columns of one width
                view.setColumnWidth(column, max(view.columnWidth(column), 110))
        view.setColumnWidth(0, min(view.columnWidth(0), 330))

    def _explain_rolling(self, has_rows: bool) -> None:
        """An empty edition says why, which editions there are, and how lines get in."""
        self.rolling_page.setCurrentIndex(0 if has_rows else 1)
        other = [y for y in self._editions if y != self.ctx.year]
        self.rolling_button.setVisible(not has_rows and bool(other))
        if has_rows:
            return
        year = self.ctx.year
        text = QCoreApplication.translate("BudgetTab", "There is no 3-year rolling plan starting in %1 (%1–%2) in this database. Departments propose their annual plans from the district's 3-year rolling plan (Art 8); its lines are loaded with the data exchange file (reviewdesk import-json, table rolling_lines in docs/data-format.md).").replace("%1", str(year)).replace("%2", str(year + 2))  # fmt: skip
        if other:
            nearest = min(other, key=lambda y: abs(y - year))
            text += "\n" + QCoreApplication.translate("BudgetTab", "Editions on file: %1.").replace("%1", "、".join(year_range(y) for y in self._editions))  # fmt: skip
            self.rolling_button.setText(QCoreApplication.translate("BudgetTab", "Show the %1–%2 edition").replace("%1", str(nearest)).replace("%2", str(nearest + 2)))  # fmt: skip
            self.rolling_button.setProperty("edition", nearest)
        self.rolling_empty.setText(text)

    def _show_edition(self) -> None:
        edition = self.rolling_button.property("edition")
        if edition is not None:
            self.ctx.set_year(int(edition))

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
        self.ctx.select_project(project_id)  # the edited project is the current one
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
            self._loaded = None  # the refused text typed in its cell goes
            self.reload()
            return False
        return done is not None

    # ------------------------------------------------------------------ current project
    def _row_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """A row selected here makes its project the current one of every tab."""
        project_id = current.data(PROJECT_ROLE) if current.isValid() else None
        if project_id is not None and not self._loading:
            self.ctx.select_project(project_id)

    def show_project(self, project_id: int) -> None:
        if self.isVisible():
            self._show_project(project_id)
        else:
            self.reload()  # when shown: the table, then the current project's row and trail

    def _show_project(self, project_id: int) -> None:
        self._select_row(project_id)
        self.show_trail(project_id)
        self._show_findings(project_id)

    def _select_row(self, project_id: int) -> None:
        """The current project's row selected in the annual table (when it has one)."""
        current = self.view.currentIndex()
        if current.isValid() and current.data(PROJECT_ROLE) == project_id:
            return
        unit = self._fill_unit(self._unit_of.get(project_id))  # its unit's rows made
        matches = self.model.match(self.model.index(0, 0), PROJECT_ROLE, project_id, 1,
                                   Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)  # fmt: skip
        if matches and unit is not None:
            self.view.expand(unit)
        self._loading = True  # selecting the row must not select the project again
        try:
            if matches:
                self.view.setCurrentIndex(matches[0])
                self.view.scrollTo(matches[0])
            else:
                self.view.selectionModel().clearCurrentIndex()
                self.view.clearSelection()
        finally:
            self._loading = False

    def _show_findings(self, project_id: int | None) -> None:
        findings = [
            f for f in (self.ctx.project_findings(project_id) if project_id is not None else ())
            if shown_on("budget", f)
        ]  # fmt: skip
        self.findings_model.set_findings(sorted(findings, key=lambda f: f.sort_key))
        self.findings_view.resizeColumnToContents(0)
        self.findings_view.resizeColumnToContents(1)
        self.findings_view.resizeColumnToContents(2)
        if project_id is None:
            caption = QCoreApplication.translate(
                "BudgetTab", "Plan and budget findings of the current project"
            )
        elif findings:
            caption = QCoreApplication.translate("BudgetTab", "Plan and budget findings of the current project (all years): %1").replace("%1", str(len(findings)))  # fmt: skip
        else:
            caption = QCoreApplication.translate("BudgetTab", "No plan or budget findings for the current project.")  # fmt: skip
        self.findings_caption.setText(caption)

    def show_trail(self, project_id: int) -> None:
        if not self.isVisible():
            return  # the next reload (when the tab is shown) shows the current project's trail
        trail = project_money_trail(self.ctx.store, project_id)
        if trail is None:
            self.trail.setText("")
            return
        self.trail.setText(trail_html(trail))


def year_range(first: int) -> str:
    """A rolling plan edition's three years, "2027–2029"."""
    return QCoreApplication.translate("BudgetTab", "%1–%2").replace("%1", str(first)).replace("%2", str(first + 2))  # fmt: skip


def findings_summary(findings: tuple[Finding, ...]) -> str:
    """The findings column: each finding's severity and rule title, in the UI language."""
    english = ui_language() == "en"
    parts = []
    for f in findings:
        title = RULES[f.code].title_en if english else RULES[f.code].title_zh
        parts.append(QCoreApplication.translate("BudgetTab", "%1: %2").replace("%1", severity_label(f.severity)).replace("%2", title))  # fmt: skip
    return ("; " if english else "；").join(dict.fromkeys(parts))


def trail_html(trail: MoneyTrail) -> str:
    """Every figure of the money trail as a two-column table (label, amount)."""

    def fmt(yuan: int | None) -> str:
        return format_wan(yuan) if yuan is not None else "—"

    def by_year(amounts: dict[int, int]) -> str:
        return "<br>".join(f"{y}: {fmt(a)}" for y, a in amounts.items()) or "—"

    rows = [
        (QCoreApplication.translate("BudgetTab", "Declared"), fmt(trail.declared_yuan)),
        (QCoreApplication.translate("BudgetTab", "Reviewed"), fmt(trail.reviewed_yuan)),
        (QCoreApplication.translate("BudgetTab", "FSR estimate"), fmt(trail.estimate_yuan)),
        (QCoreApplication.translate("BudgetTab", "FSR approved"), fmt(trail.fsr_approved_yuan)),
        (
            QCoreApplication.translate("BudgetTab", "Budget estimate proposed"),
            fmt(trail.proposed_budget_estimate_yuan),
        ),
        (
            QCoreApplication.translate("BudgetTab", "Approved budget estimate"),
            fmt(trail.approved_estimate_yuan),
        ),
        (QCoreApplication.translate("BudgetTab", "Plan by year"), by_year(trail.plan_by_year)),
        (QCoreApplication.translate("BudgetTab", "Budget by year"), by_year(trail.budget_by_year)),
        (QCoreApplication.translate("BudgetTab", "Contract"), fmt(trail.contract_yuan)),
        (QCoreApplication.translate("BudgetTab", "Paid"), fmt(trail.paid_yuan)),
    ]
    cells = "".join(
        f"<tr><td style='padding-right:8px'>{html.escape(label)}</td>"
        f"<td align='right'>{value if '<br>' in value else html.escape(value)}</td></tr>"
        for label, value in rows
    )
    unit = QCoreApplication.translate("BudgetTab", "Amounts in 10k yuan")
    return (
        f"<p><b>{html.escape(trail.name)}</b></p><p>{html.escape(unit)}</p><table>{cells}</table>"
    )
