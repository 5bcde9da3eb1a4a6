"""Edit one checklist document: status, dates, 文号, 不适用 reason, remark, and its parts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.rules.checklists import (
    CHAPTER_LABELS,
    FRAMEWORK_LABELS,
    NEVER_NOT_APPLICABLE,
    REVIEW_DEPARTMENT_LABELS,
    ChecklistItem,
    ItemKind,
)
from app.rules.facts import EVALUATION_CHAPTERS, DocKind, DocStatus, DocumentFacts, ProjectFacts
from app.services.editing import DocumentInput, Invalid, set_document, set_parts
from app.ui.commands import run_edit
from app.ui.context import WorkbenchContext
from app.ui.labels import doc_status_label
from app.ui.models.findings_table import ui_language
from app.ui.widgets.attachments_box import AttachmentsBox
from app.ui.widgets.fields import DateField, ErrorLabel, show_invalid

#: the parts a document kind records: (part, labels, the DocumentFacts attribute holding them)
PartGroup = tuple[str, Mapping[Any, tuple[str, str]], str]
PART_TYPES: dict[DocKind, tuple[PartGroup, ...]] = {
    DocKind.FSR: (("chapter", CHAPTER_LABELS, "chapters"),),
    DocKind.DESIGN: (("chapter", CHAPTER_LABELS, "chapters"),),
    DocKind.REQUEST: (("chapter", CHAPTER_LABELS, "chapters"),),
    DocKind.EVALUATION: (
        ("opinion", {c: v for c, v in CHAPTER_LABELS.items() if c in EVALUATION_CHAPTERS}, "opinions"),
        ("department", REVIEW_DEPARTMENT_LABELS, "review_departments"),  # Art 9 technical review
    ),
    DocKind.FRAMEWORK: (("element", FRAMEWORK_LABELS, "framework_elements"),),
}  # fmt: skip


class ItemEditor(QWidget):
    def __init__(self, ctx: WorkbenchContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.project: ProjectFacts | None = None
        self.kind: DocKind | None = None
        self.label = ""
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.status = QComboBox()
        for status in DocStatus:
            self.status.addItem(doc_status_label(status), status)
        self.submitted = DateField("submitted_on")
        self.approved = DateField("approved_on")
        self.number = QLineEdit()
        self.number.setObjectName("number")
        self.reason = QLineEdit()
        self.reason.setObjectName("na_reason")
        self.reason.setPlaceholderText(
            QCoreApplication.translate("ItemEditor", "Required for 'not applicable'")
        )
        self.remark = QPlainTextEdit()
        self.remark.setObjectName("remark")
        self.remark.setMaximumHeight(70)
        self.error = ErrorLabel()
        self.attachments = AttachmentsBox(ctx)
        form = QFormLayout()
        form.addRow(QCoreApplication.translate("ItemEditor", "Status"), self.status)
        form.addRow(QCoreApplication.translate("ItemEditor", "Submitted on"), self.submitted)
        form.addRow(QCoreApplication.translate("ItemEditor", "Approved on"), self.approved)
        form.addRow(QCoreApplication.translate("ItemEditor", "Doc. number"), self.number)
        form.addRow(QCoreApplication.translate("ItemEditor", "Reason (N/A)"), self.reason)
        form.addRow(QCoreApplication.translate("ItemEditor", "Remark"), self.remark)
        self.parts_box = QGroupBox(QCoreApplication.translate("ItemEditor", "Contents"))
        # the parts scroll inside the box: an evaluation lists 5 opinions and 5 departments,
        # more than a laptop screen gives the editor
        parts_body = QWidget()
        self.parts_layout = QVBoxLayout(parts_body)
        self.parts_layout.setContentsMargins(2, 2, 2, 2)
        self.parts_scroll = QScrollArea()
        self.parts_scroll.setWidgetResizable(True)
        self.parts_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.parts_scroll.setWidget(parts_body)
        self.parts_scroll.setMinimumHeight(150)
        QVBoxLayout(self.parts_box).addWidget(self.parts_scroll)
        self.part_checks: dict[tuple[str, str], QCheckBox] = {}  # (part, code) → its box
        self.part_headings: list[QLabel] = []
        self.note = QLabel()  # why a stored status is not accepted
        self.note.setObjectName("status_note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #a66d00;")
        self.save_button = QPushButton(QCoreApplication.translate("ItemEditor", "&Save item"))
        self.save_button.clicked.connect(self.save)
        self.submitted_button = QPushButton(
            QCoreApplication.translate("ItemEditor", "Mark submitted today")
        )
        self.submitted_button.clicked.connect(self.mark_submitted)
        buttons = QHBoxLayout()
        buttons.addWidget(self.submitted_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.parts_box, 3)  # the parts take the height the editor has
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        layout.addWidget(self.attachments)
        layout.addStretch(1)
        self.status.currentIndexChanged.connect(self._status_changed)
        self.set_item(None, None)

    # ------------------------------------------------------------------ showing
    def set_item(self, project: ProjectFacts | None, item: ChecklistItem | None) -> None:
        self.project = project
        self.error.show_message("")
        editable = (
            project is not None
            and item is not None
            and item.kind == ItemKind.DOCUMENT
            and item.applicable
        )
        self.kind = item.doc_kind if editable and item is not None else None
        self.label = item.label(ui_language()) if item is not None else ""
        for widget in (self.status, self.submitted, self.approved, self.number, self.reason, self.remark,
                       self.save_button, self.submitted_button):  # fmt: skip
            widget.setEnabled(editable)
        if item is None:
            self.title.setText(
                QCoreApplication.translate("ItemEditor", "Select a checklist item to edit it.")
            )
        elif not editable:
            why = (
                QCoreApplication.translate("ItemEditor", "Not applicable: %1").replace("%1", item.reason(ui_language()))
                if not item.applicable
                else QCoreApplication.translate("ItemEditor", "Computed from the project's facts; edit them in the project form or the acceptance tab.")
            )  # fmt: skip
            self.title.setText(f"{item.label(ui_language())}\n{why}")
        else:
            self.title.setText(
                item.label(ui_language())
                + "  "
                + QCoreApplication.translate("ItemEditor", "Art. %1").replace("%1", item.article)
            )
        doc = project.document(self.kind) if project is not None and self.kind is not None else None
        self._offer_statuses(self.kind)
        refused = doc is not None and doc.status == DocStatus.NOT_APPLICABLE and doc.kind in NEVER_NOT_APPLICABLE  # fmt: skip
        self.note.setVisible(refused)
        if refused and doc is not None:
            why_zh, why_en = NEVER_NOT_APPLICABLE[doc.kind]
            self.note.setText(
                QCoreApplication.translate("ItemEditor", "Recorded as not applicable (reason: %1), which is not accepted: %2. Record its real status.")
                .replace("%1", doc.na_reason or "—").replace("%2", why_en if ui_language() == "en" else why_zh)
            )  # fmt: skip
        if doc is None and not editable and item is not None:
            # computed or not applicable: the same state as the checklist's row, read-only
            self.status.setCurrentIndex(self.status.findData(item.status))
            self.submitted.set_value(item.submitted_on)
            self.approved.set_value(item.approved_on)
            self.number.setText(item.number)
            self.reason.setText(item.reason(ui_language()))
            # what a computed row rests on (its note) is shown as its remark
            self.remark.setPlainText(item.remark or item.note(ui_language()))
        elif item is None:
            self.status.setCurrentIndex(-1)  # nothing selected: no status to show
            for field in (self.submitted, self.approved, self.number, self.reason):
                field.clear()
            self.remark.clear()
        else:
            # a stored 不适用 the text allows none for shows as 缺 (the rules read it so)
            shown = DocStatus.MISSING if doc is None or refused else doc.status
            self.status.setCurrentIndex(self.status.findData(shown))
            self.submitted.set_value(doc.submitted_on if doc else None)
            self.approved.set_value(doc.approved_on if doc else None)
            self.number.setText(doc.number if doc else "")
            self.reason.setText(doc.na_reason if doc else "")
            self.remark.setPlainText(doc.remark if doc else "")
        self._show_parts(doc)
        self._status_changed()
        # any item may carry dossier files, even one computed from the facts
        self.attachments.set_item(
            project.id if project and item else None, item.key if item else None
        )

    def _offer_statuses(self, kind: DocKind | None) -> None:
        """不适用 is offered only where the text allows it (never for the 必备条件 of Art 14 nor
        the acceptance materials of Art 25, 26)."""
        offered = [s for s in DocStatus if not (s == DocStatus.NOT_APPLICABLE and kind in NEVER_NOT_APPLICABLE)]  # fmt: skip
        if [self.status.itemData(i) for i in range(self.status.count())] == offered:
            return
        self.status.blockSignals(True)
        self.status.clear()
        for status in offered:
            self.status.addItem(doc_status_label(status), status)
        self.status.blockSignals(False)

    def _show_parts(self, doc: DocumentFacts | None) -> None:
        for widget in (*self.part_checks.values(), *self.part_headings):
            widget.deleteLater()
        self.part_checks = {}
        self.part_headings = []
        groups = PART_TYPES.get(self.kind, ()) if self.kind else ()
        self.parts_box.setVisible(bool(groups))
        for part, labels, attribute in groups:
            if len(groups) > 1:
                heading = QLabel(self._group_title(part))
                heading.setStyleSheet("font-weight: bold;")
                self.parts_layout.addWidget(heading)
                self.part_headings.append(heading)
            present = {m.value for m in getattr(doc, attribute)} if doc is not None else set()
            for member, (zh, en) in labels.items():
                check = QCheckBox(en if ui_language() == "en" else zh)
                check.setObjectName(f"{part}.{member.value}")
                check.setChecked(member.value in present)
                self.parts_layout.addWidget(check)
                self.part_checks[(part, member.value)] = check

    @staticmethod
    def _group_title(part: str) -> str:
        return {
            "opinion": QCoreApplication.translate("ItemEditor", "Opinions given (Art 14)"),
            "department": QCoreApplication.translate("ItemEditor", "Departments in the technical review (Art 9)"),
        }.get(part, "")  # fmt: skip

    def _status_changed(self) -> None:
        self.reason.setEnabled(
            self.kind is not None and self.status.currentData() == DocStatus.NOT_APPLICABLE
        )

    # ------------------------------------------------------------------ saving
    def current_input(self) -> DocumentInput:
        return DocumentInput(
            status=self.status.currentData(),
            submitted_on=self.submitted.value(),
            approved_on=self.approved.value(),
            number=self.number.text(),
            na_reason=self.reason.text()
            if self.status.currentData() == DocStatus.NOT_APPLICABLE
            else "",
            remark=self.remark.toPlainText(),
        )

    def mark_submitted(self) -> None:
        self.status.setCurrentIndex(self.status.findData(DocStatus.SUBMITTED))
        if not self.submitted.text().strip():
            self.submitted.set_value(self.ctx.today)
        self.save()

    def save(self) -> bool:
        if self.project is None or self.kind is None:
            return False
        project_id, kind = self.project.id, self.kind
        try:
            value = self.current_input()
            groups = PART_TYPES.get(kind, ())
            present = {
                part: {code for (p, code), check in self.part_checks.items() if p == part and check.isChecked()}
                for part, _labels, _attribute in groups
            }  # fmt: skip

            def edit(session: object) -> int:
                set_document(session, project_id, kind, value)  # type: ignore[arg-type]
                for part, codes in present.items():
                    set_parts(session, project_id, kind, part, codes)  # type: ignore[arg-type]
                return project_id

            label = self.title.text().split("  ")[0]
            done = run_edit(
                self.ctx,
                QCoreApplication.translate("ItemEditor", "Edit %1").replace("%1", label),
                project_id,
                edit,
                self,
            )
        except Invalid as exc:
            show_invalid(self, self.error, exc)
            return False
        self.error.show_message("")
        return done is not None
