"""File → 导入 → 导入修改后的计划表…: the change list of an edited plan table, reviewed before it applies.

Each change is a row with a check box (per project and year, old → new, changed / added /
removed); rows of the file that match no project are listed with the reason, never guessed;
cells that cannot be read are listed at sheet!cell. 应用所选修改 writes the checked changes as
one undo step with one audit entry carrying the file's hash.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.rules.money import format_wan
from app.services.plan_import import AppliedPlan, PlanChange, PlanReading, apply_plan_changes
from app.ui.commands import run_bulk_edit
from app.ui.context import WorkbenchContext
from app.ui.dialogs.ledger_import import readonly_item as _item
from app.ui.dialogs.ledger_import import readonly_table as _table
from app.ui.models.findings_table import ui_language


class PlanChangesDialog(QDialog):
    """The change list; `applied` holds the AppliedPlan once the chosen changes are written."""

    def __init__(
        self, ctx: WorkbenchContext, reading: PlanReading, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.reading = reading
        self.applied: AppliedPlan | None = None
        self.english = ui_language() == "en"
        title = self._table_label().replace("%1", str(reading.year))
        self.setWindowTitle(
            self.tr("Changes in the edited plan table — %1").replace("%1", reading.path.name)
        )
        layout = QVBoxLayout(self)
        counts = {
            a: sum(1 for c in reading.changes if c.action == a)
            for a in ("changed", "added", "removed")
        }
        self.summary = QLabel(
            self.tr("%1, sheet “%2”: %3 change(s) (%4 changed, %5 added, %6 removed); %7 row(s) matched no "
                    "project; %8 cell(s) could not be read. Check the changes to apply.")
            .replace("%1", title).replace("%2", reading.sheet).replace("%3", str(len(reading.changes)))
            .replace("%4", str(counts["changed"])).replace("%5", str(counts["added"]))
            .replace("%6", str(counts["removed"])).replace("%7", str(len(reading.unmatched)))
            .replace("%8", str(len(reading.problems)))
        )  # fmt: skip
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tabs = QTabWidget()
        self.change_table = _table([
            self.tr("Apply"), self.tr("Project"), self.tr("Code"), self.tr("Owner unit"), self.tr("Year"),
            self.tr("What"), self.tr("Old value"), self.tr("New value"), self.tr("Change"), self.tr("Cell"),
        ])  # fmt: skip
        self._fill_changes()
        self.unmatched_table = _table([self.tr("Cell"), self.tr("Project in the file"), self.tr("Owner unit"),
                                       self.tr("Why not matched")])  # fmt: skip
        self._fill(self.unmatched_table, [
            [u.cell, u.name, u.unit_name, u.reason_en if self.english else u.reason_zh] for u in reading.unmatched
        ])  # fmt: skip
        self.problem_table = _table([self.tr("Cell"), self.tr("Problem")])
        self._fill(self.problem_table, [
            [p.cell, p.message_en if self.english else p.message_zh] for p in reading.problems
        ])  # fmt: skip
        self.tabs.addTab(
            self.change_table, self.tr("Changes (%1)").replace("%1", str(len(reading.changes)))
        )
        self.tabs.addTab(
            self.unmatched_table,
            self.tr("Unmatched rows (%1)").replace("%1", str(len(reading.unmatched))),
        )
        self.tabs.addTab(
            self.problem_table, self.tr("Problems (%1)").replace("%1", str(len(reading.problems)))
        )
        layout.addWidget(self.tabs, 1)
        buttons = QDialogButtonBox()
        self.all_button = QPushButton(self.tr("Check all"))
        self.none_button = QPushButton(self.tr("Check none"))
        self.apply_button = QPushButton(self.tr("Apply the checked changes"))
        buttons.addButton(self.all_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.none_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.all_button.clicked.connect(lambda _checked=False: self._check_all(True))
        self.none_button.clicked.connect(lambda _checked=False: self._check_all(False))
        self.apply_button.clicked.connect(lambda _checked=False: self.apply())
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.apply_button.setEnabled(bool(reading.changes))
        self.change_table.itemChanged.connect(self._update_button)
        self.resize(1180, 620)

    def _table_label(self) -> str:
        return {
            "plan": self.tr("Annual investment plan %1"),
            "reconciliation": self.tr("Budget versus plan reconciliation %1"),
            "rolling": self.tr("3-year rolling plan from %1"),
        }[self.reading.table]

    def _action_label(self, action: str) -> str:
        return {
            "changed": self.tr("changed"),
            "added": self.tr("row added"),
            "removed": self.tr("row removed"),
        }[action]

    def _value(self, change: PlanChange, value: int | str | None) -> str:
        if value is None:
            return "—"
        if change.is_money and isinstance(value, int):
            return self.tr("%1 (10k yuan)").replace(
                "%1", format_wan(value, 4).rstrip("0").rstrip(".")
            )
        return str(value)

    @staticmethod
    def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
        table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                table.setItem(r, c, _item(value))
        table.resizeColumnsToContents()

    def _fill_changes(self) -> None:
        table = self.change_table
        changes = self.reading.changes
        table.setRowCount(len(changes))
        for r, c in enumerate(changes):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setCheckState(Qt.CheckState.Checked)
            table.setItem(r, 0, check)
            values = [c.project_name, c.code, c.unit_name, str(c.year), c.label_en if self.english else c.label_zh,
                      self._value(c, c.old), self._value(c, c.new), self._action_label(c.action), c.cell or self.tr("(no longer in the file)")]  # fmt: skip
            for col, value in enumerate(values, start=1):
                table.setItem(r, col, _item(value))
        table.resizeColumnsToContents()
        table.setColumnWidth(1, min(table.columnWidth(1), 300))

    def _check_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        for r in range(self.change_table.rowCount()):
            item = self.change_table.item(r, 0)
            if item is not None:
                item.setCheckState(state)

    def _update_button(self, *_args: object) -> None:
        self.apply_button.setEnabled(bool(self.selected()))

    def selected(self) -> list[PlanChange]:
        out = []
        for r, change in enumerate(self.reading.changes):
            item = self.change_table.item(r, 0)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                out.append(change)
        return out

    def apply(self) -> AppliedPlan | None:
        chosen = self.selected()
        if not chosen:
            return None
        ids = sorted({c.project_id for c in chosen})
        text = (
            self.tr("Apply %1 change(s) from %2")
            .replace("%1", str(len(chosen)))
            .replace("%2", self.reading.path.name)
        )
        result = run_bulk_edit(
            self.ctx, text, ids, lambda s: apply_plan_changes(s, self.reading, chosen), self
        )
        if not isinstance(result, AppliedPlan):
            return None  # refused: the message has been shown
        self.applied = result
        self.accept()
        return result
