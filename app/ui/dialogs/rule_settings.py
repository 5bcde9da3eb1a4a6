"""Tools → Rule settings: the numbers the text leaves open (stored in the database, so every
computer and the command line use the same values). DRC staff change them; a reviewer reads."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.models.roles import PermissionDenied
from app.services.editing import Invalid
from app.services.rule_settings import DEFAULTS, SETTINGS, rule_settings_of, save_rule_settings
from app.ui.context import WorkbenchContext
from app.ui.models.findings_table import user_message
from app.ui.widgets.fields import ErrorLabel


def _labels() -> dict[str, tuple[str, str]]:
    """(label, explanation) of each setting, in the UI language."""
    return {
        "assessment_period_months": (
            QCoreApplication.translate("RuleSettings", "Assessment period (OM-ASSESS)"),
            QCoreApplication.translate("RuleSettings", "A running system needs an MLPS evaluation and a crypto assessment at least this often. Art 16, 17 and 31 say 「定期」 (regularly) and give no number; 12 months is the yearly evaluation the national rules ask of systems at level 3."),
        ),
        "delay_grace_months": (
            QCoreApplication.translate("RuleSettings", "Delay before reporting (CON-DELAY)"),
            QCoreApplication.translate("RuleSettings", "A project this long past its planned completion must have reported the delay to DRC and Finance. Art 24 says 「严重逾期」 (seriously overdue) and gives no number."),
        ),
    }  # fmt: skip


class RuleSettingsDialog(QDialog):
    def __init__(self, ctx: WorkbenchContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(QCoreApplication.translate("RuleSettings", "Rule settings"))
        self.stored = rule_settings_of(ctx.store)
        self.reader = ctx.store.role == "reviewer"
        layout = QVBoxLayout(self)
        intro = QLabel(QCoreApplication.translate("RuleSettings", "Where the measures give no number, the office sets one here. The values are kept in the database and apply to everyone who opens it."))  # fmt: skip
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.boxes: dict[str, QSpinBox] = {}
        months = QCoreApplication.translate("RuleSettings", " months")
        default = QCoreApplication.translate("RuleSettings", "default %1")
        for key, (label, why) in _labels().items():
            spec = SETTINGS[key]
            box = QSpinBox()
            box.setObjectName(key)
            box.setRange(spec.low, spec.high)
            box.setSuffix(months)
            box.setValue(self.stored[key])
            box.setToolTip(why)
            box.setEnabled(not self.reader)
            help_text = QLabel(f"{why} ({default.replace('%1', str(DEFAULTS[key]))})")
            help_text.setWordWrap(True)
            help_text.setStyleSheet("color: #555;")
            column = QWidget()
            rows = QVBoxLayout(column)
            rows.setContentsMargins(0, 0, 0, 0)
            rows.addWidget(box)
            rows.addWidget(help_text)
            form.addRow(label, column)
            self.boxes[key] = box
        layout.addLayout(form)
        if self.reader:
            note = QLabel(QCoreApplication.translate("RuleSettings", "Expert reviewers can read these settings; DRC staff change them."))  # fmt: skip
            note.setWordWrap(True)
            layout.addWidget(note)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not self.reader)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())

    def changed(self) -> dict[str, int]:
        return {k: box.value() for k, box in self.boxes.items() if box.value() != self.stored[k]}

    def accept(self) -> None:
        changes = self.changed()
        if changes:
            try:
                save_rule_settings(self.ctx.store, changes)
            except (Invalid, PermissionDenied) as exc:
                self.error.show_message(user_message(exc))
                return
            self.ctx.data_changed.emit()  # the findings depend on them: check again
        super().accept()
