"""Reviewer mode: an expert opens a review package (.rdpkg) and fills the forms offline.

Only the package's projects are shown, read-only (facts, dossier checklist, open findings);
the DRC's facts cannot be changed here. Each form is saved to a draft in the user data
folder; "Export return package…" writes the .rdpkg to send back.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.rules.facts import ConstructionType, DocStatus
from app.rules.money import format_wan
from app.services.atomic import OutputError
from app.services.editing import Invalid
from app.services.packages import PackageRefused, ReviewerWorkspace, fingerprint, read_package
from app.ui.geometry import place_on_screen
from app.ui.labels import doc_status_label, type_label
from app.ui.models.findings_table import ui_language, user_message
from app.ui.widgets.attachments_box import size_text
from app.ui.widgets.expert_review_form import ExpertReviewForm
from app.ui.widgets.fields import ErrorLabel, show_invalid


def _status_text(value: str) -> str:
    try:
        return doc_status_label(DocStatus(value))
    except ValueError:  # a status this version does not know: shown as the package has it
        return value


def _type_text(value: str) -> str:
    try:
        return type_label(ConstructionType(value))
    except ValueError:
        return value


def facts_html(project: dict[str, Any]) -> str:
    """The project as the expert sees it, in the UI language (all text escaped)."""
    e = html.escape
    english = ui_language() == "en"

    def money(value: Any) -> str:
        return e(QCoreApplication.translate("ReviewerWindow", "%1 10k yuan").replace("%1", format_wan(value))) if isinstance(value, int) else "—"  # fmt: skip

    rows = [
        (QCoreApplication.translate("ReviewerWindow", "Project code"), e(project.get("code", ""))),
        (QCoreApplication.translate("ReviewerWindow", "Owner unit"), e(project.get("unit", ""))),
        (QCoreApplication.translate("ReviewerWindow", "Participating units"), e("、".join(project.get("participants", [])) or "—")),
        (QCoreApplication.translate("ReviewerWindow", "Construction type"), e(_type_text(project.get("type", "")))),
        (QCoreApplication.translate("ReviewerWindow", "Funding source"), e(project.get("funding_source", "") or "—")),
        (QCoreApplication.translate("ReviewerWindow", "Total investment"), money(project.get("total_investment_yuan"))),
        (QCoreApplication.translate("ReviewerWindow", "Declared"), money(project.get("declared_yuan"))),
    ]  # fmt: skip
    parts = [f"<h3>{e(project.get('name', ''))}</h3><table>"]
    parts += [f"<tr><td><b>{e(k)}</b></td><td>{v}</td></tr>" for k, v in rows]
    parts.append("</table>")
    content = QCoreApplication.translate("ReviewerWindow", "Scale and content:")
    checklist = QCoreApplication.translate("ReviewerWindow", "Dossier checklist")
    found = QCoreApplication.translate("ReviewerWindow", "Findings of the checks")
    parts.append(f"<p><b>{e(content)}</b> {e(project.get('content', '')) or '—'}</p>")
    parts.append(
        f"<h4>{e(checklist)}</h4><table border='1' cellspacing='0' cellpadding='2' style='border-collapse: collapse'>"
    )
    for item in project.get("checklist", []):
        label = item.get("label_en" if english else "label_zh", "")
        indent = "　" if item.get("parent") else ""
        note = (item.get("reason_en") if english else None) or item.get("reason_zh") or item.get("remark") or ""  # fmt: skip
        parts.append(f"<tr><td>{indent}{e(label)}</td><td>{e(item.get('article', ''))}</td><td>{e(_status_text(item.get('status', '')))}</td><td>{e(note)}</td></tr>")  # fmt: skip
    parts.append(f"</table><h4>{e(found)}</h4><ul>")
    for finding in project.get("findings", []):
        message = finding.get("message_en" if english else "message_zh", "")
        parts.append(f"<li>[{e(finding.get('code', ''))}] {e(message)}</li>")
    if not project.get("findings"):
        parts.append("<li>—</li>")
    parts.append("</ul>")
    return "".join(parts)


class ReviewerWindow(QMainWindow):
    def __init__(self, workspace: ReviewerWorkspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.project_id: int | None = None
        self.setObjectName("ReviewerWindow")
        self.setWindowTitle(
            QCoreApplication.translate("ReviewerWindow", "ReviewDesk reviewer mode — %1 — %2")
            .replace("%1", workspace.round_name).replace("%2", workspace.expert_name)
        )  # fmt: skip
        self.projects = QListWidget()
        self.projects.setObjectName("reviewerProjects")
        self.facts = QTextBrowser()
        self.facts.setObjectName("reviewerFacts")
        self.form = ExpertReviewForm(workspace.rubric)
        self.error = ErrorLabel()
        self.save_button = QPushButton(QCoreApplication.translate("ReviewerWindow", "Save form"))
        self.save_button.clicked.connect(self.save)
        self.export_button = QPushButton(QCoreApplication.translate("ReviewerWindow", "Export return package…"))  # fmt: skip
        self.export_button.clicked.connect(lambda: self.export_return())
        self.key_button = QPushButton(QCoreApplication.translate("ReviewerWindow", "Export my public key…"))  # fmt: skip
        self.key_button.setToolTip(QCoreApplication.translate("ReviewerWindow", "A file with your public key and its fingerprint, for the DRC to register"))  # fmt: skip
        self.key_button.clicked.connect(lambda: self.export_key())
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.form, 1)
        right_layout.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.key_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.export_button)
        right_layout.addLayout(buttons)
        self.attachments = QListWidget()
        self.attachments.setObjectName("reviewerAttachments")
        self.attachments.setMaximumHeight(130)
        self.attachments.itemDoubleClicked.connect(lambda _item: self.open_attachment())
        self.open_attachment_button = QPushButton(QCoreApplication.translate("ReviewerWindow", "Open attachment"))  # fmt: skip
        self.open_attachment_button.clicked.connect(lambda: self.open_attachment())
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.addWidget(self.facts, 1)
        middle_layout.addWidget(QLabel(QCoreApplication.translate("ReviewerWindow", "Dossier files in the package:")))  # fmt: skip
        middle_layout.addWidget(self.attachments)
        middle_layout.addWidget(self.open_attachment_button)
        drc = fingerprint(workspace.package.issuer_key)
        drc_text = (
            QCoreApplication.translate("ReviewerWindow", "First package from this DRC: check its key %1 with the DRC.").replace("%1", drc)
            if workspace.drc_key_pinned_now
            else QCoreApplication.translate("ReviewerWindow", "DRC key: %1").replace("%1", drc)
        )  # fmt: skip
        self.drc_key_label = QLabel(drc_text)
        self.drc_key_label.setObjectName("drcKey")
        self.drc_key_label.setWordWrap(True)
        self.own_key_label = QLabel(QCoreApplication.translate("ReviewerWindow", "Your signing key: %1").replace("%1", fingerprint(workspace.signer.key_id)))  # fmt: skip
        for label in (self.drc_key_label, self.own_key_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            middle_layout.addWidget(label)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("reviewerSplitter")
        splitter.addWidget(self.projects)
        splitter.addWidget(middle)
        splitter.addWidget(right)
        self.splitter = splitter
        self.setCentralWidget(splitter)
        self.statusBar().addWidget(QLabel(QCoreApplication.translate("ReviewerWindow", "Project facts are read-only; your answers are saved on this computer until you export the return package.")))  # fmt: skip
        for project in workspace.projects:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, project["id"])
            self.projects.addItem(item)
        self._update_items()
        self.projects.currentRowChanged.connect(self._on_row)
        if workspace.projects:
            self.projects.setCurrentRow(0)
        place_on_screen(self)  # never taller than the laptop's work area
        self._share_width()

    def _share_width(self) -> None:
        """The project list as wide as its longest name (at most 280 px), the rest shared by
        the facts and the review form: neither scrolls sideways at 1366 px nor at 150 %."""
        metrics = self.projects.fontMetrics()
        names = [self.projects.item(r).text() for r in range(self.projects.count())]
        wanted = max((metrics.horizontalAdvance(n) for n in names), default=120) + 2 * metrics.averageCharWidth() + self.projects.verticalScrollBar().sizeHint().width()  # fmt: skip
        left = min(wanted, 280)
        rest = max(self.splitter.width(), self.width()) - left - 2 * self.splitter.handleWidth()
        self.splitter.setSizes([left, rest // 2, rest - rest // 2])
        for index, stretch in enumerate((0, 1, 1)):
            self.splitter.setStretchFactor(index, stretch)

    def _update_items(self) -> None:
        for row in range(self.projects.count()):
            item = self.projects.item(row)
            project = self.workspace.project(item.data(Qt.ItemDataRole.UserRole))
            done = not self.workspace.form(project["id"]).is_empty
            mark = "✓ " if done else "　"
            item.setText(mark + project["name"])

    def _on_row(self, row: int) -> None:
        if row < 0:
            return
        self.show_project(self.projects.item(row).data(Qt.ItemDataRole.UserRole))

    def show_project(self, project_id: int) -> None:
        self.project_id = project_id
        self.facts.setHtml(facts_html(self.workspace.project(project_id)))
        self.attachments.clear()
        for entry in self.workspace.attachments(project_id):
            item = QListWidgetItem(f"{entry['filename']}  ({size_text(int(entry['size']))})")
            item.setData(Qt.ItemDataRole.UserRole, (entry["sha256"], entry["filename"]))
            self.attachments.addItem(item)
        self.open_attachment_button.setEnabled(self.attachments.count() > 0)
        self.form.set_form(self.workspace.form(project_id))
        self.error.show_message("")

    def open_attachment(self) -> Path | None:
        """Extract the selected file (hash checked again) and hand it to the system viewer."""
        item = self.attachments.currentItem() or self.attachments.item(0)
        if item is None:
            return None
        sha256, filename = item.data(Qt.ItemDataRole.UserRole)
        try:
            path = self.workspace.open_attachment(sha256, filename)
        except PackageRefused as exc:
            QMessageBox.warning(self, QCoreApplication.translate("ReviewerWindow", "Open attachment"), user_message(exc))  # fmt: skip
            return None
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        return path

    def save(self) -> bool:
        if self.project_id is None:
            return False
        try:
            self.workspace.save_form(self.project_id, self.form.current_input())
        except Invalid as exc:
            show_invalid(self.form, self.error, exc)
            return False
        except OutputError as exc:
            self.error.show_message(user_message(exc))
            return False
        self.error.show_message("")
        self._update_items()
        self.statusBar().showMessage(QCoreApplication.translate("ReviewerWindow", "Saved."), 3000)
        return True

    def export_return(self, path: str | Path | None = None) -> Path | None:
        """Save the current form, then write the return package (asks where when no path)."""
        if self.project_id is not None and not self.save():
            return None
        if path is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self, QCoreApplication.translate("ReviewerWindow", "Export return package"),
                str(self.workspace.package.path.parent / self.workspace.default_return_name()),
                QCoreApplication.translate("ReviewerWindow", "Review package (*.rdpkg)"),
            )  # fmt: skip
            if not chosen:
                return None
            path = chosen
        try:
            written = self.workspace.write_return(path)
        except OutputError as exc:
            QMessageBox.warning(self, QCoreApplication.translate("ReviewerWindow", "ReviewDesk"), user_message(exc))  # fmt: skip
            return None
        self.statusBar().showMessage(QCoreApplication.translate("ReviewerWindow", "Return package written: %1").replace("%1", str(written)), 8000)  # fmt: skip
        return written

    def export_key(self, path: str | Path | None = None) -> Any:
        """Write this computer's expert public key (the one the returns are signed with)."""
        from app.ui.dialogs.expert_key import export_expert_key

        return export_expert_key(self, path)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.project_id is not None:
            try:
                if self.form.current_input() != self.workspace.form(self.project_id):
                    self.save()
            except Invalid:
                pass
        event.accept()


def open_reviewer(path: str | Path, parent: QWidget | None = None) -> ReviewerWindow | None:
    """Open a package in reviewer mode; a refused package is explained and None returned.

    A package signed by another DRC key than the one this computer knows is opened only when
    the expert accepts its fingerprint (after checking it with the DRC)."""
    title = QCoreApplication.translate("ReviewerWindow", "Open review package")
    try:
        package = read_package(path)
        try:
            workspace = ReviewerWorkspace(package)
        except PackageRefused as exc:
            if exc.code != "drc_key_changed":
                raise
            question = user_message(exc) + "\n\n" + QCoreApplication.translate("ReviewerWindow", "Did the DRC confirm this fingerprint? Accept the new DRC key and open the package?")  # fmt: skip
            if QMessageBox.question(parent, title, question) != QMessageBox.StandardButton.Yes:
                return None
            workspace = ReviewerWorkspace(package, trust_drc_key=fingerprint(package.issuer_key))
    except PackageRefused as exc:
        QMessageBox.warning(parent, title, user_message(exc))
        return None
    window = ReviewerWindow(workspace)
    window.show()
    return window
