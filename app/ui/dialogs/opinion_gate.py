"""The approval gate in the GUI: a refused 批复 or expert opinion, and the way to a draft.

The dialog lists why the document cannot be written as final (the gate of
app.services.opinion_gate, in the user's language). DRC staff may type a reason and write a
draft (征求意见稿): the document says so in its title and header, and the reason is recorded
with their name in the audit trail. An expert reviewer, or a database open read-only, gets the
reasons and Close only.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.models.db import Store
from app.services.opinion_gate import Draft, Gate
from app.ui.models.findings_table import article_text, ui_language


def may_draft(store: Store) -> bool:
    return store.role == "drc" and not store.read_only


class OpinionGateDialog(QDialog):
    def __init__(self, gate: Gate, can_draft: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        english = ui_language() == "en"
        document = gate.document_en if english else gate.document_zh
        self.setWindowTitle(self.tr("Not ready for a final document"))
        layout = QVBoxLayout(self)
        heading = QLabel(
            self.tr("The %1 cannot be written as a final document while these remain unresolved:")
            .replace("%1", document)
        )  # fmt: skip
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.reasons = QListWidget()
        self.reasons.setWordWrap(True)
        for reason in gate.reasons:
            cite = f"{article_text(reason.article)}, {reason.code}"
            text = reason.message("en" if english else "zh")
            self.reasons.addItem(
                f"{reason.project_name} — {text} ({cite})"
                if english
                else f"{reason.project_name} — {text}（{cite.replace(', ', '，')}）"
            )
        layout.addWidget(self.reasons, 1)
        buttons = QDialogButtonBox()
        self.draft_button = QPushButton(self.tr("Write as a draft for comments"))
        self.reason_edit = QLineEdit()
        if can_draft:
            explain = QLabel(
                self.tr("You may write it as a draft for comments (征求意见稿): its title and page "
                   "header say so and it lists the problems above as unresolved. Your name and "
                   "the reason you give are recorded in the audit trail.")
            )  # fmt: skip
            explain.setWordWrap(True)
            layout.addWidget(explain)
            layout.addWidget(QLabel(self.tr("Reason for the draft:")))
            self.reason_edit.setPlaceholderText(self.tr("e.g. sent to the owner unit for comments"))
            layout.addWidget(self.reason_edit)
            buttons.addButton(self.draft_button, QDialogButtonBox.ButtonRole.AcceptRole)
            self.draft_button.setEnabled(False)
            self.reason_edit.textChanged.connect(
                lambda text: self.draft_button.setEnabled(bool(text.strip()))
            )
        else:
            note = QLabel(
                self.tr("Only DRC staff with a writable database can write a draft of it.")
            )
            note.setWordWrap(True)
            layout.addWidget(note)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 380)

    def draft(self) -> Draft | None:
        reason = self.reason_edit.text().strip()
        if self.result() == QDialog.DialogCode.Accepted and reason:
            return Draft(reason)
        return None


def ask_draft(parent: QWidget | None, gate: Gate, store: Store) -> Draft | None:
    """Show why the document is refused; the Draft the user asked for, or None."""
    dialog = OpinionGateDialog(gate, may_draft(store), parent)
    dialog.exec()
    return dialog.draft()
