"""File → 导入: an office's existing ledgers, and plan tables edited outside ReviewDesk.

Two actions added to the Import menu by the main window: 导入已有台账… opens the mapping
dialog (app/ui/dialogs/ledger_import.py), 导入修改后的计划表… the change list
(app/ui/dialogs/plan_import.py). Both dialogs are opened window-modal and kept on
`self.dialog` until they close; the import and the changes happen inside them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QMessageBox, QWidget

from app.ui.context import WorkbenchContext
from app.ui.models.findings_table import user_message

SPREADSHEETS = "*.xlsx *.xlsm *.xls *.et *.ett *.csv"


class LedgerActions(QObject):
    def __init__(self, ctx: WorkbenchContext, widget: QWidget) -> None:
        super().__init__(widget)
        self.ctx = ctx
        self.widget = widget
        self.dialog: QDialog | None = None
        self.ledger_action = QAction(self.tr("Import an existing ledger (Excel, WPS, CSV)…"), self)
        # triggered(bool) must not reach the path parameter
        self.ledger_action.triggered.connect(lambda _checked=False: self.import_ledger())
        self.plan_action = QAction(self.tr("Import an edited plan table…"), self)
        self.plan_action.triggered.connect(lambda _checked=False: self.import_plan_table())

    def _choose(self, title: str) -> Path | None:
        chosen, _f = QFileDialog.getOpenFileName(
            self.widget, title, "",
            self.tr("Spreadsheets (%1);;All files (*)").replace("%1", SPREADSHEETS),
        )  # fmt: skip
        return Path(chosen) if chosen else None

    def import_ledger(self, path: Path | None = None) -> QDialog | None:
        """Read the file, propose a mapping and open the mapping dialog (nothing is written yet)."""
        from app.services.ledger_import import propose
        from app.services.xlsx_reader import ImportFailed
        from app.ui.dialogs.ledger_import import LedgerImportDialog

        path = path or self._choose(self.tr("Import an existing ledger"))
        if path is None:
            return None
        try:
            proposal = propose(path)
        except ImportFailed as exc:
            QMessageBox.warning(self.widget, self.tr("Cannot import"), user_message(exc))
            return None
        dialog = LedgerImportDialog(self.ctx, proposal, self.widget)
        dialog.finished.connect(lambda code, d=dialog: self._ledger_done(d, code))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _ledger_done(self, dialog: QDialog, code: int) -> None:
        self.dialog = None
        result = getattr(dialog, "result_value", None)
        if code != QDialog.DialogCode.Accepted or result is None:
            return
        # many projects changed at once: older undo steps could silently revert them
        self.ctx.undo_stack.clear()
        self.ctx.data_changed.emit()
        text = (
            self.tr("%1 project(s) created, %2 updated, %3 row(s) not imported.")
            .replace("%1", str(result.created)).replace("%2", str(result.updated))
            .replace("%3", str(result.skipped))
        )  # fmt: skip
        if result.units_created:
            text += " " + self.tr("Units created: %1.").replace(
                "%1", "、".join(result.units_created)
            )
        self._status(text)
        QMessageBox.information(self.widget, self.tr("Ledger imported"), text)

    def import_plan_table(self, path: Path | None = None) -> QDialog | None:
        """Compare an edited plan table with the store and open the change list."""
        from app.services.plan_import import read_plan_changes
        from app.services.xlsx_reader import ImportFailed
        from app.ui.dialogs.plan_import import PlanChangesDialog

        path = path or self._choose(self.tr("Import an edited plan table"))
        if path is None:
            return None
        year: int | None = None
        while True:
            try:
                reading = read_plan_changes(self.ctx.store, path, year=year)
                break
            except ImportFailed as exc:
                if exc.code == "no_year" and year is None:
                    # the title rows were deleted: the user says which year the table is for
                    year, ok = QInputDialog.getInt(
                        self.widget, self.tr("Year of the plan table"),
                        self.tr("The table's title is gone. Which year is it for?"),
                        self.ctx.year, 2000, 2100,
                    )  # fmt: skip
                    if ok:
                        continue
                    return None
                QMessageBox.warning(self.widget, self.tr("Cannot import"), user_message(exc))
                return None
        if not reading.changes and not reading.unmatched and not reading.problems:
            QMessageBox.information(self.widget, self.tr("No changes"),
                                    self.tr("The table holds the same values as ReviewDesk: nothing to apply."))  # fmt: skip
            return None
        dialog = PlanChangesDialog(self.ctx, reading, self.widget)
        dialog.finished.connect(lambda code, d=dialog: self._plan_done(d, code))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _plan_done(self, dialog: QDialog, code: int) -> None:
        self.dialog = None
        applied = getattr(dialog, "applied", None)
        if code == QDialog.DialogCode.Accepted and applied is not None:
            self._status(
                self.tr("%1 change(s) applied to %2 project(s); Edit → Undo takes them back.")
                .replace("%1", str(applied.applied)).replace("%2", str(len(applied.project_ids)))
            )  # fmt: skip

    def _status(self, text: str) -> None:
        status = getattr(self.widget, "statusBar", None)
        if callable(status):
            status().showMessage(text, 15000)
