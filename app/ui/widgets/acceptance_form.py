"""Completion acceptance facts of one project (Art 18, 25, 26) and its O&M eligibility."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.rules.facts import AcceptanceResult, Organizer, ProjectFacts
from app.rules.findings import Finding
from app.services.editing import AcceptanceInput, Invalid, save_acceptance
from app.services.forms import acceptance_of
from app.ui.commands import apply_then, run_edit
from app.ui.context import WorkbenchContext
from app.ui.models.findings_table import finding_text
from app.ui.widgets.fields import DateField, ScrolledForm, show_invalid, wrapping_check


class AcceptanceForm(ScrolledForm):
    def __init__(self, ctx: WorkbenchContext, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("AcceptanceForm", "Save acceptance"), parent)
        self.ctx = ctx
        self.project_id: int | None = None
        layout = self.body_layout
        facts = QGroupBox(QCoreApplication.translate("AcceptanceForm", "Acceptance (Art 25)"))
        form = self.wrapping(QFormLayout(facts))
        self.completed = DateField("completed_on")
        self.applied = DateField("applied_on")
        self.organized = DateField("organized_on")
        self.accepted = DateField("accepted_on")
        self.result = QComboBox()
        self.result.setObjectName("result")
        self.result.addItem(QCoreApplication.translate("AcceptanceForm", "— no result yet —"), None)
        self.result.addItem(
            QCoreApplication.translate("AcceptanceForm", "Passed"), AcceptanceResult.PASSED
        )
        self.result.addItem(
            QCoreApplication.translate("AcceptanceForm", "Failed"), AcceptanceResult.FAILED
        )
        self.organizer = QComboBox()
        self.organizer.addItem(QCoreApplication.translate("AcceptanceForm", "—"), None)
        self.organizer.addItem(
            QCoreApplication.translate("AcceptanceForm", "DRC (major project)"), Organizer.DRC
        )
        self.organizer.addItem(
            QCoreApplication.translate("AcceptanceForm", "Owner unit (minor project)"),
            Organizer.OWNER,
        )
        self.filed = DateField("filed_on")
        self.extension = DateField("extension_requested_on")
        self.extension_reason = QLineEdit()
        self.extension_reason.setObjectName("extension_reason")
        form.addRow(QCoreApplication.translate("AcceptanceForm", "Completed on"), self.completed)
        form.addRow(
            QCoreApplication.translate("AcceptanceForm", "Applied to DRC on (major)"), self.applied
        )
        form.addRow(
            QCoreApplication.translate("AcceptanceForm", "Organized on (minor)"), self.organized
        )
        form.addRow(QCoreApplication.translate("AcceptanceForm", "Organized by"), self.organizer)
        form.addRow(QCoreApplication.translate("AcceptanceForm", "Accepted on"), self.accepted)
        form.addRow(QCoreApplication.translate("AcceptanceForm", "Result"), self.result)
        form.addRow(
            QCoreApplication.translate("AcceptanceForm", "Filed with DRC on (minor)"), self.filed
        )
        form.addRow(
            QCoreApplication.translate("AcceptanceForm", "Extension requested on"), self.extension
        )
        form.addRow(
            QCoreApplication.translate("AcceptanceForm", "Extension reason"), self.extension_reason
        )
        layout.addWidget(facts)
        review = QGroupBox(
            QCoreApplication.translate("AcceptanceForm", "Assessed at acceptance (Art 18, Art 14)")
        )
        review_layout = QVBoxLayout(review)
        rows = []
        for name, text in (
            ("reviewed_products", QCoreApplication.translate("AcceptanceForm", "Security and reliability of software and hardware products")),
            ("reviewed_crypto", QCoreApplication.translate("AcceptanceForm", "Crypto application and security review")),
            ("reviewed_energy", QCoreApplication.translate("AcceptanceForm", "Energy efficiency of hardware and any new data centre")),
            ("reviewed_integration", QCoreApplication.translate("AcceptanceForm", "System integration (Art 14)")),
            ("reviewed_sharing", QCoreApplication.translate("AcceptanceForm", "Scope and depth of data sharing (Art 14)")),
        ):  # fmt: skip
            row, check = wrapping_check(text, name)
            review_layout.addWidget(row)
            rows.append(check)
        (self.reviewed_products, self.reviewed_crypto, self.reviewed_energy,
         self.reviewed_integration, self.reviewed_sharing) = rows  # fmt: skip
        layout.addWidget(review)
        self.save_button.clicked.connect(self.save)
        self.om_box = QGroupBox(
            # a group box title takes "&M" for a keyboard accelerator: "OM" with M underlined
            QCoreApplication.translate(
                "AcceptanceForm", "O&M funding eligibility (Art 25, 28, 29)"
            ).replace("&", "&&")
        )
        om_layout = QVBoxLayout(self.om_box)
        self.om_label = QLabel()
        self.om_label.setWordWrap(True)
        om_layout.addWidget(self.om_label)
        layout.addWidget(self.om_box)
        layout.addStretch(1)
        self.setEnabled(False)

    def show_project(self, project: ProjectFacts | None, findings: list[Finding]) -> None:
        self.project_id = project.id if project else None
        self.setEnabled(project is not None)
        self.error.show_message("")
        if project is None:
            return
        value = acceptance_of(self.ctx.store, project.id)
        self.completed.set_value(value.completed_on)
        self.applied.set_value(value.applied_on)
        self.organized.set_value(value.organized_on)
        self.accepted.set_value(value.accepted_on)
        self.result.setCurrentIndex(max(self.result.findData(value.result), 0))
        self.organizer.setCurrentIndex(max(self.organizer.findData(value.organizer), 0))
        self.filed.set_value(value.filed_on)
        self.extension.set_value(value.extension_requested_on)
        self.extension_reason.setText(value.extension_reason)
        self.reviewed_products.setChecked(value.reviewed_products)
        self.reviewed_crypto.setChecked(value.reviewed_crypto_security)
        self.reviewed_energy.setChecked(value.reviewed_energy)
        self.reviewed_integration.setChecked(value.reviewed_integration)
        self.reviewed_sharing.setChecked(value.reviewed_sharing)
        self.show_om(project, findings)

    def show_om(self, project: ProjectFacts, findings: list[Finding]) -> None:
        reasons = [
            f
            for f in findings
            if f.open and f.code.startswith("OM-") and f.project_id == project.id
        ]
        blocked_unit = [
            f
            for f in findings
            if f.open and f.code == "UNIT-BLOCKED" and f.project_id == project.id
        ]
        if reasons or blocked_unit:
            lines = [finding_text(f) for f in reasons + blocked_unit]
            self.om_label.setText("\n".join(lines))
            self.om_label.setStyleSheet("color: #b71c1c;")
        else:
            self.om_label.setText(QCoreApplication.translate("AcceptanceForm", "No O&M blocking reason recorded for this project."))  # fmt: skip
            self.om_label.setStyleSheet("")

    def current_input(self) -> AcceptanceInput:
        return AcceptanceInput(
            completed_on=self.completed.value(),
            applied_on=self.applied.value(),
            organized_on=self.organized.value(),
            accepted_on=self.accepted.value(),
            result=self.result.currentData(),
            organizer=self.organizer.currentData(),
            filed_on=self.filed.value(),
            extension_requested_on=self.extension.value(),
            extension_reason=self.extension_reason.text(),
            reviewed_products=self.reviewed_products.isChecked(),
            reviewed_crypto_security=self.reviewed_crypto.isChecked(),
            reviewed_energy=self.reviewed_energy.isChecked(),
            reviewed_integration=self.reviewed_integration.isChecked(),
            reviewed_sharing=self.reviewed_sharing.isChecked(),
        )

    def save(self) -> bool:
        if self.project_id is None:
            return False
        project_id = self.project_id
        try:
            value = self.current_input()
            done = run_edit(
                self.ctx, QCoreApplication.translate("AcceptanceForm", "Edit acceptance"), project_id,
                lambda session: apply_then(project_id, save_acceptance(session, project_id, value)), self,
            )  # fmt: skip
        except Invalid as exc:
            show_invalid(self, self.error, exc)
            return False
        self.error.show_message("")
        return done is not None
