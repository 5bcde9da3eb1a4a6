"""File → Export / Import: plan tables, submission template and import, with safe-save dialogs.

Exporters are imported when used (python-docx, openpyxl and reportlab stay out of start-up),
and so is the approval gate of the opinions (its services and dialog).
Every save goes through the atomic writer; a file held open by Excel/WPS gets Retry / Save As.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.models.db import StoreError
from app.services.editing import Invalid
from app.services.file_names import (
    checklist_file_name_for,
    error_list_file_name,
    opinion_file_name_for,
    plan_file_name,
    problem_report_file_name,
    submission_file_name,
    template_file_name,
)
from app.ui.context import WorkbenchContext
from app.ui.file_dialogs import SavedFileNotice, ask_open_path, ask_save_path, remember_folder
from app.ui.models.findings_table import ui_language

log = logging.getLogger(__name__)


PLAN_KINDS = ("list", "plan", "rolling", "reconciliation")


def plan_kind_label(kind: str) -> str:
    return {
        "list": QCoreApplication.translate("DocumentActions", "Annual project list"),
        "plan": QCoreApplication.translate("DocumentActions", "Annual investment plan"),
        "rolling": QCoreApplication.translate("DocumentActions", "3-year rolling plan"),
        "reconciliation": QCoreApplication.translate(
            "DocumentActions", "Budget versus plan reconciliation"
        ),
    }[kind]


def message(exc: Exception) -> str:
    zh = getattr(exc, "message_zh", None)
    en = getattr(exc, "message_en", None)
    if zh and en:
        return en if ui_language() == "en" else zh
    return str(exc)


def save_with_retry(parent: QWidget | None, path: Path, write: Callable[[Path], object], file_filter: str) -> Path | None:  # fmt: skip
    """Run `write(path)`; on a locked file offer Retry / Save As; other failures are reported."""
    from app.services.atomic import OutputFailed, OutputLocked

    while True:
        try:
            write(path)
            return path
        except OutputLocked as exc:
            box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("DocumentActions", "File in use"), message(exc), parent=parent)  # fmt: skip
            retry = box.addButton(
                QCoreApplication.translate("DocumentActions", "Retry"),
                QMessageBox.ButtonRole.AcceptRole,
            )
            save_as = box.addButton(
                QCoreApplication.translate("DocumentActions", "Save as…"),
                QMessageBox.ButtonRole.ActionRole,
            )
            box.addButton(QMessageBox.StandardButton.Cancel)
            box.exec()
            if box.clickedButton() is retry:
                continue
            if box.clickedButton() is save_as:
                other, _f = QFileDialog.getSaveFileName(
                    parent,
                    QCoreApplication.translate("DocumentActions", "Save as"),
                    str(path),
                    file_filter,
                )
                if not other:
                    return None
                path = Path(other)
                continue
            return None
        except OutputFailed as exc:
            QMessageBox.warning(
                parent, QCoreApplication.translate("DocumentActions", "Not saved"), message(exc)
            )
            return None


class ImportReportDialog(QDialog):
    """Every problem of a submission (sheet, row, column, message); save it or import the valid rows."""

    def __init__(self, issues: list, valid_rows: int, parent: QWidget | None = None, *, source: Path | None = None) -> None:  # type: ignore[type-arg]  # fmt: skip
        super().__init__(parent)
        self.source = source or Path("申报表.xlsx")
        self.setWindowTitle(
            QCoreApplication.translate("DocumentActions", "Problems in the submission")
        )
        self.issues = issues
        self.choice = "cancel"
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(
            QCoreApplication.translate("DocumentActions", "%1 problem(s) found; nothing has been imported. %2 row(s) are valid.")
            .replace("%1", str(len(issues))).replace("%2", str(valid_rows))
        ))  # fmt: skip
        table = QTableWidget(len(issues), 4)
        table.setHorizontalHeaderLabels([
            QCoreApplication.translate("DocumentActions", "Sheet"), QCoreApplication.translate("DocumentActions", "Row"),
            QCoreApplication.translate("DocumentActions", "Column"), QCoreApplication.translate("DocumentActions", "Problem"),
        ])  # fmt: skip
        english = ui_language() == "en"
        for row, issue in enumerate(issues):
            values = (
                issue.sheet,
                str(issue.row),
                issue.column_letter,
                issue.message_en if english else issue.message_zh,
            )
            for column, value in enumerate(values):
                table.setItem(row, column, QTableWidgetItem(value))
        table.horizontalHeader().setStretchLastSection(True)
        table.resizeColumnsToContents()
        self.table = table
        layout.addWidget(table, 1)
        buttons = QDialogButtonBox()
        self.save_button = QPushButton(
            QCoreApplication.translate("DocumentActions", "Save report…")
        )
        self.export_errors_button = QPushButton(
            QCoreApplication.translate("DocumentActions", "Export error list…")
        )
        self.import_button = QPushButton(
            QCoreApplication.translate("DocumentActions", "Import the valid rows")
        )
        self.import_button.setEnabled(valid_rows > 0)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.export_errors_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.clicked.connect(lambda: self.save_report())
        self.export_errors_button.clicked.connect(lambda: self.export_errors())
        self.import_button.clicked.connect(self._import_valid)
        buttons.rejected.connect(self.reject)
        self.notice = SavedFileNotice(self)
        layout.addWidget(self.notice)
        layout.addWidget(buttons)
        self.resize(820, 480)

    def report_text(self) -> str:
        english = ui_language() == "en"
        return (
            "\n".join(f"{i.cell}\t{i.message_en if english else i.message_zh}" for i in self.issues)
            + "\n"
        )

    def _save(self, title: str, name: str, file_filter: str, write: Callable[[Path], object], path: Path | None) -> Path | None:  # fmt: skip
        path = path or ask_save_path(self, "error_list", title, name, file_filter)
        if path is None:
            return None
        written = save_with_retry(self, path, write, file_filter)
        if written is not None:
            remember_folder("error_list", written)
            self.notice.show_file(written)
        return written

    def save_report(self, *, path: Path | None = None) -> Path | None:
        from app.services.atomic import atomic_write_bytes

        title = QCoreApplication.translate("DocumentActions", "Save report")
        return self._save(title, problem_report_file_name(self.source), "Text (*.txt)",
                          lambda p: atomic_write_bytes(p, self.report_text().encode("utf-8-sig")), path)  # fmt: skip

    def export_errors(self, *, path: Path | None = None) -> Path | None:
        """The problems as an Excel list (sheet, row, column, cell, 错误说明) to send back."""
        from app.reports.submission_xlsx import write_error_list

        title = QCoreApplication.translate("DocumentActions", "Export error list")
        return self._save(title, error_list_file_name(self.source), "Excel (*.xlsx)",
                          lambda p: write_error_list(self.issues, p), path)  # fmt: skip

    def _import_valid(self) -> None:
        self.choice = "valid"
        self.accept()


class DocumentActions(QObject):
    """Creates the export and import actions and fills the given menus."""

    #: a file was written (the window says where and offers to open it)
    saved = Signal(object)
    #: a short result for the status bar (an import's counts)
    status_message = Signal(str)
    #: an entry was added to the audit trail without a data change (a draft written)
    audit_changed = Signal()

    def __init__(self, ctx: WorkbenchContext, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.ctx = ctx
        self.widget = parent_widget
        self.plan_actions: dict[str, QAction] = {}
        for kind in PLAN_KINDS:
            action = QAction(
                plan_kind_label(kind) + QCoreApplication.translate("DocumentActions", " (Excel)…"),
                self,
            )
            action.triggered.connect(lambda _c=False, k=kind: self.export_plan(k))
            self.plan_actions[kind] = action
        self.checklist_actions: dict[str, QAction] = {}
        for kind, label in (
            ("dossier", QCoreApplication.translate("DocumentActions", "Dossier checklist of the selected project (PDF)…")),
            ("acceptance", QCoreApplication.translate("DocumentActions", "Acceptance checklist of the selected project (PDF)…")),
        ):  # fmt: skip
            action = QAction(label, self)
            action.triggered.connect(lambda _c=False, k=kind: self.export_checklist(k))
            self.checklist_actions[kind] = action
        self.opinion_actions: dict[str, QAction] = {}
        for kind, label in (
            ("one_step", QCoreApplication.translate("DocumentActions", "Approval reply, one-step (Word)…")),
            ("fsr", QCoreApplication.translate("DocumentActions", "Approval reply, feasibility study (Word)…")),
            ("design", QCoreApplication.translate("DocumentActions", "Approval reply, design and estimate (Word)…")),
            ("expert", QCoreApplication.translate("DocumentActions", "Expert review opinion (Word)…")),
        ):  # fmt: skip
            action = QAction(label, self)
            action.triggered.connect(lambda _c=False, k=kind: self.export_opinion(k))
            self.opinion_actions[kind] = action
        self.template_action = QAction(
            QCoreApplication.translate("DocumentActions", "Blank submission template (Excel)…"),
            self,
        )
        self.template_action.triggered.connect(self.write_template)
        self.import_action = QAction(
            QCoreApplication.translate("DocumentActions", "Import department submissions (Excel)…"),
            self,
        )
        self.import_action.triggered.connect(self.import_submissions)
        self.submission_action = QAction(
            QCoreApplication.translate(
                "DocumentActions", "Projects of the year as a submission workbook (Excel)…"
            ),
            self,
        )
        self.submission_action.triggered.connect(lambda: self.export_submission())

    def fill_menus(self, export_menu: QMenu, import_menu: QMenu) -> None:
        for action in self.plan_actions.values():
            export_menu.addAction(action)
        export_menu.addAction(self.submission_action)
        export_menu.addSeparator()
        for action in self.checklist_actions.values():
            export_menu.addAction(action)
        export_menu.addSeparator()
        for action in self.opinion_actions.values():
            export_menu.addAction(action)
        import_menu.addAction(self.template_action)
        import_menu.addAction(self.import_action)

    # ------------------------------------------------------------------ exports
    def _save(self, kind: str, title: str, name: str, file_filter: str, write: Callable[[Path], object], path: Path | None) -> Path | None:  # fmt: skip
        """Ask where (Documents, then the folder last used for `kind`), write safely, remember
        the folder and say where the file went."""
        path = path or ask_save_path(self.widget, kind, title, name, file_filter)
        if path is None:
            return None
        written = save_with_retry(self.widget, path, write, file_filter)
        if written is not None:
            remember_folder(kind, written)
            self.saved.emit(written)
        return written

    def export_plan(self, kind: str, *, path: Path | None = None) -> Path | None:
        year = self.ctx.year
        from app.services.plan_tables import write_plan

        return self._save("plan", plan_kind_label(kind), plan_file_name(year, kind), "Excel (*.xlsx)",
                          lambda p: write_plan(self.ctx.store, year, kind, p, today=self.ctx.today), path)  # fmt: skip

    def export_submission(self, *, path: Path | None = None) -> Path | None:
        """The year's projects in the submission layout, ready to be imported again."""
        year = self.ctx.year
        from app.services.submission_export import write_submission

        title = QCoreApplication.translate("DocumentActions", "Export submission workbook")
        return self._save("submission", title, submission_file_name(year), "Excel (*.xlsx)",
                          lambda p: write_submission(self.ctx.store, year, p), path)  # fmt: skip

    def _project_or_warn(self) -> int | None:
        project_id = self.ctx.current_project_id
        if project_id is None:
            QMessageBox.information(self.widget, QCoreApplication.translate("DocumentActions", "No project selected"),
                                    QCoreApplication.translate("DocumentActions", "Select a project in the project list first."))  # fmt: skip
        return project_id

    def export_checklist(self, kind: str, *, path: Path | None = None) -> Path | None:
        project_id = self._project_or_warn()
        if project_id is None:
            return None
        from app.services.checklists import write_checklist_pdf

        title = QCoreApplication.translate("DocumentActions", "Export checklist")
        name = checklist_file_name_for(self.ctx.store, project_id, kind)
        findings = self.ctx.current_findings_of(
            project_id
        )  # once, not at each retry of a locked file
        return self._save("checklist", title, name, "PDF (*.pdf)",
                          lambda p: write_checklist_pdf(self.ctx.store, project_id, kind, p, today=self.ctx.today,
                                                        findings=findings), path)  # fmt: skip

    def export_opinion(self, kind: str, *, path: Path | None = None) -> Path | None:
        """The reply or expert opinion through the approval gate: refused, it lists why and
        (for DRC staff) offers a draft for comments, recorded in the audit trail."""
        project_id = self._project_or_warn()
        if project_id is None:
            return None
        from app.services.opinion_gate import OpinionRefused, check_opinion
        from app.services.opinions import write_opinion
        from app.ui.dialogs.opinion_gate import ask_draft

        store, findings = self.ctx.store, self.ctx.current_findings_of(project_id)
        gate = check_opinion(store, project_id, kind, findings=findings)
        draft = None if gate.allowed else ask_draft(self.widget, gate, store)
        if not gate.allowed and draft is None:
            return None
        template = QSettings().value("documents/opinion_template", "", type=str)
        template_path = Path(template) if template and Path(template).is_file() else None
        title = QCoreApplication.translate("DocumentActions", "Export opinion")
        name = opinion_file_name_for(store, project_id, kind, draft=draft is not None)
        try:
            written = self._save("opinion", title, name, "Word (*.docx)",
                                 lambda p: write_opinion(store, project_id, kind, p, today=self.ctx.today,
                                                         template=template_path, findings=findings, draft=draft), path)  # fmt: skip
        except (
            OpinionRefused,
            Invalid,
            StoreError,
        ) as exc:  # the data changed; reviewer; read-only
            QMessageBox.warning(self.widget, title, message(exc))
            return None
        if draft is not None and written is not None:
            self.audit_changed.emit()
        return written

    def write_template(self, *, path: Path | None = None) -> Path | None:
        year = self.ctx.year
        from app.reports.submission_xlsx import write_template

        title = QCoreApplication.translate("DocumentActions", "Submission template")
        return self._save("submission", title, template_file_name(year), "Excel (*.xlsx)",
                          lambda p: write_template(p, year=year), path)  # fmt: skip

    # ------------------------------------------------------------------ import
    def import_submissions(
        self, *, path: Path | None = None, dialog_choice: str | None = None
    ) -> object:
        """Check the whole file first; import everything, the valid rows, or nothing."""
        if path is None:
            path = ask_open_path(self.widget, "submission", QCoreApplication.translate("DocumentActions", "Import submissions"), "Excel (*.xlsx)")  # fmt: skip
            if path is None:
                return None
        from app.services.submission_import import (
            ImportFailed,
            check_submission_file,
            import_submission,
        )

        try:
            report = check_submission_file(self.ctx.store, path)
        except ImportFailed as exc:
            QMessageBox.warning(
                self.widget,
                QCoreApplication.translate("DocumentActions", "Cannot import"),
                message(exc),
            )
            return None
        valid_only = False
        if report.issues:
            dialog = ImportReportDialog(report.issues, len(report.rows), self.widget, source=path)
            if dialog_choice is None:
                dialog.exec()
                choice = dialog.choice
            else:
                choice = dialog_choice
            if choice != "valid":
                return report
            valid_only = True
        try:
            result = import_submission(self.ctx.store, path, valid_rows_only=valid_only)
        except (ImportFailed, StoreError) as exc:  # StoreError: read-only, reviewer, busy server
            QMessageBox.warning(
                self.widget,
                QCoreApplication.translate("DocumentActions", "Cannot import"),
                message(exc),
            )
            return None
        # an import changes many projects at once: older undo steps could revert it silently
        self.ctx.undo_stack.clear()
        self.ctx.data_changed.emit()
        self.status_message.emit(
            QCoreApplication.translate("DocumentActions", "Imported %1: %2 created, %3 updated, %4 rows skipped.")
            .replace("%1", path.name).replace("%2", str(result.created))
            .replace("%3", str(result.updated)).replace("%4", str(result.skipped))
        )  # fmt: skip
        return result
