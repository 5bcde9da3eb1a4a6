"""The project form: add or edit a project, with every problem shown beside its field."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.rules.dates import DateFormatError, parse_date
from app.rules.facts import (
    ApprovalStep,
    ConstructionType,
    ListBasis,
    ProcurementMethod,
    ProjectStatus,
    Stage,
)
from app.rules.money import MoneyError, format_wan, wan_to_yuan
from app.services.editing import Invalid
from app.services.forms import check_project, project_form_data
from app.services.project_edit import (
    ApprovalInput,
    ChangeInput,
    ListEntryInput,
    ProjectInput,
    save_project,
)
from app.ui.commands import run_edit
from app.ui.context import WorkbenchContext
from app.ui.labels import cloud_label, procurement_label, stage_label, status_label, type_label
from app.ui.models.findings_table import ui_language
from app.ui.widgets.fields import DateField, ErrorLabel, MoneyField, date_problem, form_state

STEP_LABELS = {
    ApprovalStep.ONE_STEP: ("一步审批（可研及概算）", "One step (FSR with estimate)"),
    ApprovalStep.FSR: ("可行性研究报告", "Feasibility study"),
    ApprovalStep.DESIGN: ("初步设计及概算", "Design and estimate"),
}
BASIS_LABELS = {
    ListBasis.BUDGET: ("部门预算安排", "Department budget"),
    ListBasis.NATIONAL: ("国家明确要求", "National requirement"),
    ListBasis.MUNICIPAL: ("市级明确要求", "Municipal requirement"),
    ListBasis.DISTRICT: ("区委、区政府明确要求", "District requirement"),
    ListBasis.CONTINUATION: ("确需续建", "Continuation"),
    ListBasis.OM: ("确需运行维护", "Operation & maintenance"),
}
APPROVAL_COLUMNS = ("step", "applied_on", "approved_on", "approved_amount_yuan", "number", "request_title",
                    "request_number", "approved_scale", "construction_period")  # fmt: skip
ENTRY_COLUMNS = ("year", "basis", "listed_on", "consent_on", "consent_number")
CHANGE_COLUMNS = ("recorded_on", "description", "new_total_yuan", "approved_on", "approval_number")
#: 政务云 choices (Art 19): the combo's data, and the stored value
CLOUD_CHOICES: dict[str, bool | None] = {"unrecorded": None, "yes": True, "no": False}


def _wan_text(yuan: int | None) -> str:
    """An amount as the table cells take it: 万元, no grouping, no trailing zeros."""
    return format_wan(yuan, 4).replace(",", "") if yuan is not None else ""


def fit_columns(table: QTableWidget, widest: int = 260) -> None:
    """Every column as wide as its header, its combo boxes and its texts need (up to `widest`):
    no step cut to 「一步审批（可」."""
    table.resizeColumnsToContents()
    for column in range(table.columnCount()):
        table.setColumnWidth(column, min(widest, max(90, table.columnWidth(column))))


def tr(text: str) -> str:  # for the table headers built from lists below
    return QCoreApplication.translate("ProjectForm", text)


def pick(labels: tuple[str, str]) -> str:
    return labels[1] if ui_language() == "en" else labels[0]


class ProjectForm(QDialog):
    def __init__(
        self, ctx: WorkbenchContext, project_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.project_id = project_id
        self.saved_id: int | None = None
        self.setWindowTitle(QCoreApplication.translate("ProjectForm", "Edit project") if project_id else QCoreApplication.translate("ProjectForm", "New project"))  # fmt: skip
        self.errors: dict[str, ErrorLabel] = {}
        self.tab_of: dict[str, int] = {}
        self.tabs = QTabWidget()
        loaded = project_form_data(ctx.store, project_id)
        self.units, self.systems, value = loaded.units, loaded.systems, loaded.value
        self._build_basics()
        self._build_approvals()
        self._build_entries()
        self._build_construction()
        self._build_changes()
        self.summary = ErrorLabel()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self.fit_to_screen()
        if value is not None:
            self.set_value(value)
        else:
            self.year_default = ctx.year
        self.opened_state = form_state(self.tabs)

    def has_unsaved_edits(self) -> bool:
        return form_state(self.tabs) != self.opened_state

    def reject(self) -> None:
        """取消, Esc or the window's close button: typed edits are discarded only when asked."""
        if self.has_unsaved_edits():
            answer = QMessageBox.question(
                self,
                QCoreApplication.translate("ProjectForm", "Discard changes?"),
                QCoreApplication.translate("ProjectForm", "The project has changes that are not saved. Discard them?"),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )  # fmt: skip
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()

    def fit_to_screen(self) -> None:
        """Room for the approval table's nine columns, never larger than the work area."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        self.resize(min(980, area.width() - 40), min(680, area.height() - 60))

    # ------------------------------------------------------------------ building
    def _page(self, title: str) -> QFormLayout:
        page = QWidget()
        form = QFormLayout(page)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        self._current_tab = self.tabs.addTab(scroll, title)
        return form

    def _row(self, form: QFormLayout, name: str, label: str, widget: QWidget) -> QWidget:
        widget.setObjectName(name)
        error = ErrorLabel()
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(widget)
        column.addWidget(error)
        form.addRow(label, box)
        self.errors[name] = error
        self.tab_of[name] = self._current_tab
        return widget

    def _build_basics(self) -> None:
        form = self._page(QCoreApplication.translate("ProjectForm", "Basics"))
        self.code = self._row(
            form, "code", QCoreApplication.translate("ProjectForm", "Project code"), QLineEdit()
        )
        self.code.setPlaceholderText(
            QCoreApplication.translate("ProjectForm", "assigned automatically when empty")
        )
        self.name = self._row(
            form, "name", QCoreApplication.translate("ProjectForm", "Project name *"), QLineEdit()
        )
        self.unit = self._row(
            form, "unit_id", QCoreApplication.translate("ProjectForm", "Owner unit *"), QComboBox()
        )
        for unit in self.units:
            self.unit.addItem(unit.name, unit.id)
        self.type = self._row(
            form,
            "type",
            QCoreApplication.translate("ProjectForm", "Construction type"),
            QComboBox(),
        )
        for value in ConstructionType:
            self.type.addItem(type_label(value), value)
        self.total = self._row(form, "total_investment_yuan", QCoreApplication.translate("ProjectForm", "Total investment (10k yuan) *"), MoneyField("total_investment_yuan"))  # fmt: skip
        self.stage = self._row(
            form, "stage", QCoreApplication.translate("ProjectForm", "Stage"), QComboBox()
        )
        for stage in Stage:
            self.stage.addItem(stage_label(stage), stage)
        self.status = self._row(
            form, "status", QCoreApplication.translate("ProjectForm", "Status"), QComboBox()
        )
        for status in ProjectStatus:
            self.status.addItem(status_label(status), status)
        self.content = self._row(
            form,
            "content",
            QCoreApplication.translate("ProjectForm", "Scale and content"),
            QPlainTextEdit(),
        )
        self.content.setMaximumHeight(80)
        self.cross = self._row(form, "cross_department", "", QCheckBox(QCoreApplication.translate("ProjectForm", "Cross-department project (Art 13)")))  # fmt: skip
        self.participants = self._row(form, "participant_unit_ids", QCoreApplication.translate("ProjectForm", "Participating units"), QListWidget())  # fmt: skip
        self.participants.setMaximumHeight(110)
        for unit in self.units:
            item = QListWidgetItem(unit.name)
            item.setData(Qt.ItemDataRole.UserRole, unit.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.participants.addItem(item)
        flags = QWidget()
        row = QHBoxLayout(flags)
        row.setContentsMargins(0, 0, 0, 0)
        self.classified = QCheckBox(QCoreApplication.translate("ProjectForm", "Classified (涉密)"))
        self.civil = QCheckBox(QCoreApplication.translate("ProjectForm", "New civil works"))
        self.energy = QCheckBox(QCoreApplication.translate("ProjectForm", "High energy use"))
        for check in (self.classified, self.civil, self.energy):
            row.addWidget(check)
        form.addRow(QCoreApplication.translate("ProjectForm", "Flags"), flags)
        self.cloud = self._row(form, "on_gov_cloud", QCoreApplication.translate("ProjectForm", "On the government cloud (Art 19)"), QComboBox())  # fmt: skip
        for key, choice in CLOUD_CHOICES.items():
            self.cloud.addItem(cloud_label(choice), key)
        self.cloud_reason = self._row(form, "cloud_justification", QCoreApplication.translate("ProjectForm", "Reason if not on the cloud"), QLineEdit())  # fmt: skip
        self.security = self._row(form, "security_noncompliant", "", QCheckBox(QCoreApplication.translate("ProjectForm", "System non-compliant with crypto/cybersecurity (Art 28)")))  # fmt: skip
        self.integration = self._row(form, "integration_pending", "", QCheckBox(QCoreApplication.translate("ProjectForm", "System should be integrated and is not (Art 29)")))  # fmt: skip
        self.system = self._row(form, "system_project_id", QCoreApplication.translate("ProjectForm", "System maintained (O&M)").replace("&", "&&"), QComboBox())  # fmt: skip
        self.system.addItem("—", None)
        for pid, name in self.systems:
            self.system.addItem(name, pid)
        self.funding = self._row(
            form,
            "funding_source",
            QCoreApplication.translate("ProjectForm", "Funding source"),
            QLineEdit(),
        )
        self.remark = self._row(
            form, "remark", QCoreApplication.translate("ProjectForm", "Remark"), QLineEdit()
        )

    def _table(self, name: str, headers: list[str]) -> QTableWidget:
        titles = {
            "approvals": QCoreApplication.translate("ProjectForm", "Approvals"),
            "list_entries": QCoreApplication.translate("ProjectForm", "Project list"),
            "changes": QCoreApplication.translate("ProjectForm", "Changes"),
        }
        form = self._page(titles[name])
        table = QTableWidget(0, len(headers))
        table.setObjectName(name)
        table.setHorizontalHeaderLabels(headers)
        fit_columns(table)
        add = QPushButton(QCoreApplication.translate("ProjectForm", "Add row"))
        remove = QPushButton(QCoreApplication.translate("ProjectForm", "Remove row"))
        buttons = QWidget()
        row = QHBoxLayout(buttons)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        error = ErrorLabel()
        form.addRow(table)
        form.addRow(buttons)
        form.addRow(error)
        self.errors[name] = error
        self.tab_of[name] = self._current_tab
        remove.clicked.connect(
            lambda: table.removeRow(table.currentRow()) if table.currentRow() >= 0 else None
        )
        add.clicked.connect(lambda: self._add_row(name))
        return table

    def _build_approvals(self) -> None:
        headers = [QCoreApplication.translate("ProjectForm", "Step"), QCoreApplication.translate("ProjectForm", "Applied on"), QCoreApplication.translate("ProjectForm", "Approved on"), QCoreApplication.translate("ProjectForm", "Amount (10k yuan)"), QCoreApplication.translate("ProjectForm", "Doc. number"),
                   QCoreApplication.translate("ProjectForm", "Request title"), QCoreApplication.translate("ProjectForm", "Request number"), QCoreApplication.translate("ProjectForm", "Approved scale"), QCoreApplication.translate("ProjectForm", "Period")]  # fmt: skip
        self.approvals = self._table("approvals", headers)

    def _build_entries(self) -> None:
        headers = [
            QCoreApplication.translate("ProjectForm", "Year"),
            QCoreApplication.translate("ProjectForm", "Basis"),
            QCoreApplication.translate("ProjectForm", "Listed on"),
            QCoreApplication.translate("ProjectForm", "Consent on"),
            QCoreApplication.translate("ProjectForm", "Consent number"),
        ]
        self.entries = self._table("list_entries", headers)

    def _build_construction(self) -> None:
        form = self._page(QCoreApplication.translate("ProjectForm", "Construction"))
        self.agency = self._row(form, "implementing_agency", QCoreApplication.translate("ProjectForm", "Implementing agency"), QLineEdit())  # fmt: skip
        self.person = self._row(form, "responsible_person", QCoreApplication.translate("ProjectForm", "Responsible person"), QLineEdit())  # fmt: skip
        self.supervisor = self._row(form, "supervision_unit", QCoreApplication.translate("ProjectForm", "Supervision unit"), QLineEdit())  # fmt: skip
        self.supervision_na = self._row(form, "supervision_na_reason", QCoreApplication.translate("ProjectForm", "No supervision needed: reason (Art 21)"), QLineEdit())  # fmt: skip
        self.supervision_na.setPlaceholderText(QCoreApplication.translate("ProjectForm", "only when no supervision unit is needed; the reason is required"))  # fmt: skip
        self.procurement = self._row(form, "procurement_method", QCoreApplication.translate("ProjectForm", "Procurement method (Art 15)"), QComboBox())  # fmt: skip
        self.procurement.addItem(procurement_label(None), "")
        for method in ProcurementMethod:
            self.procurement.addItem(procurement_label(method), method.value)
        self.dates: dict[str, DateField] = {}
        for name, label in (
            ("planned_completion_on", QCoreApplication.translate("ProjectForm", "Planned completion")),
            ("completed_on", QCoreApplication.translate("ProjectForm", "Completed on")),
            ("operation_start_on", QCoreApplication.translate("ProjectForm", "In operation since")),
            ("contract_signed_on", QCoreApplication.translate("ProjectForm", "Contract signed on")),
            ("supervision_contract_on", QCoreApplication.translate("ProjectForm", "Supervision contract on")),
            ("procurement_on", QCoreApplication.translate("ProjectForm", "Procurement date (Art 15)")),
            ("construction_start_on", QCoreApplication.translate("ProjectForm", "Construction started on")),
            ("delay_reported_on", QCoreApplication.translate("ProjectForm", "Delay reported on")),
            ("mlps_assessed_on", QCoreApplication.translate("ProjectForm", "Latest MLPS evaluation (Art 16)")),
            ("crypto_assessed_on", QCoreApplication.translate("ProjectForm", "Latest crypto assessment (Art 17, 31)")),
        ):  # fmt: skip
            self.dates[name] = self._row(form, name, label, DateField(name))  # type: ignore[assignment]
        self.scope_changed = self._row(form, "scope_changed", "", QCheckBox(QCoreApplication.translate("ProjectForm", "Scope differs from the approval")))  # fmt: skip
        self.money: dict[str, MoneyField] = {}
        for name, label in (
            ("declared_yuan", QCoreApplication.translate("ProjectForm", "Declared (10k yuan)")),
            ("reviewed_yuan", QCoreApplication.translate("ProjectForm", "Reviewed (10k yuan)")),
            ("estimate_yuan", QCoreApplication.translate("ProjectForm", "FSR estimate (10k yuan)")),
            ("proposed_budget_estimate_yuan", QCoreApplication.translate("ProjectForm", "Proposed budget estimate (10k yuan)")),
            ("contract_yuan", QCoreApplication.translate("ProjectForm", "Contract (10k yuan)")),
            ("paid_yuan", QCoreApplication.translate("ProjectForm", "Paid (10k yuan)")),
        ):  # fmt: skip
            self.money[name] = self._row(form, name, label, MoneyField(name))  # type: ignore[assignment]

    def _build_changes(self) -> None:
        headers = [
            QCoreApplication.translate("ProjectForm", "Recorded on"),
            QCoreApplication.translate("ProjectForm", "Change"),
            QCoreApplication.translate("ProjectForm", "New total (10k yuan)"),
            QCoreApplication.translate("ProjectForm", "Approved on"),
            QCoreApplication.translate("ProjectForm", "Approval number"),
        ]
        self.changes = self._table("changes", headers)
        note = QCoreApplication.translate("ProjectForm", "A change of scope or investment counts once its approval is recorded: a date or a document number (Art 22, 23).")  # fmt: skip
        self.changes.setToolTip(note)
        self.changes_note = QLabel(note)  # visible: a tooltip is not where one looks for a rule
        self.changes_note.setWordWrap(True)
        layout = self.changes.parentWidget().layout()
        assert isinstance(layout, QFormLayout)
        layout.insertRow(0, self.changes_note)
        self.changes.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def _add_row(self, name: str, values: tuple[str, ...] | None = None) -> None:
        table, columns = {
            "approvals": (self.approvals, APPROVAL_COLUMNS),
            "list_entries": (self.entries, ENTRY_COLUMNS),
            "changes": (self.changes, CHANGE_COLUMNS),
        }[name]
        row = table.rowCount()
        table.insertRow(row)
        for column, key in enumerate(columns):
            if key in ("step", "basis"):
                combo = QComboBox()
                options = STEP_LABELS if key == "step" else BASIS_LABELS
                for option, labels in options.items():
                    combo.addItem(pick(labels), option)
                if values:
                    combo.setCurrentIndex(max(combo.findData(values[column]), 0))
                elif key == "step":
                    combo.setCurrentIndex(
                        combo.findData(ApprovalStep.FSR if self._major() else ApprovalStep.ONE_STEP)
                    )
                table.setCellWidget(row, column, combo)
            else:
                default = {"year": str(self.ctx.year), "recorded_on": self.ctx.today.isoformat()}.get(key, "")  # fmt: skip
                table.setItem(row, column, QTableWidgetItem(values[column] if values else default))
        fit_columns(table)

    def _major(self) -> bool:
        try:
            return (self.total.value() or 0) >= 30_000_000
        except Invalid:
            return False

    # ------------------------------------------------------------------ values
    def set_value(self, v: ProjectInput) -> None:
        self.code.setText(v.code)
        self.name.setText(v.name)
        self.unit.setCurrentIndex(max(self.unit.findData(v.unit_id), 0))
        self.type.setCurrentIndex(max(self.type.findData(v.type), 0))
        self.total.set_value(v.total_investment_yuan)
        self.stage.setCurrentIndex(max(self.stage.findData(v.stage), 0))
        self.status.setCurrentIndex(max(self.status.findData(v.status), 0))
        self.content.setPlainText(v.content)
        self.cross.setChecked(v.cross_department)
        for i in range(self.participants.count()):
            item = self.participants.item(i)
            checked = item.data(Qt.ItemDataRole.UserRole) in v.participant_unit_ids
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.classified.setChecked(v.classified)
        self.civil.setChecked(v.new_civil_works)
        self.energy.setChecked(v.high_energy)
        self.cloud.setCurrentIndex(
            self.cloud.findData(next(k for k, c in CLOUD_CHOICES.items() if c is v.on_gov_cloud))
        )
        self.cloud_reason.setText(v.cloud_justification)
        self.security.setChecked(v.security_noncompliant)
        self.integration.setChecked(v.integration_pending)
        self.system.setCurrentIndex(max(self.system.findData(v.system_project_id), 0))
        self.funding.setText(v.funding_source)
        self.remark.setText(v.remark)
        self.agency.setText(v.implementing_agency)
        self.person.setText(v.responsible_person)
        self.supervisor.setText(v.supervision_unit)
        self.supervision_na.setText(v.supervision_na_reason)
        self.procurement.setCurrentIndex(
            max(
                self.procurement.findData(
                    v.procurement_method.value if v.procurement_method else ""
                ),
                0,
            )
        )
        for name, widget in self.dates.items():
            widget.set_value(getattr(v, name))
        self.scope_changed.setChecked(v.scope_changed)
        for name, widget in self.money.items():
            widget.set_value(getattr(v, name))
        for a in v.approvals:
            self._add_row("approvals", (a.step, *(d.isoformat() if d else "" for d in (a.applied_on, a.approved_on)),  # type: ignore[arg-type]
                                        _wan_text(a.approved_amount_yuan),
                                        a.number, a.request_title, a.request_number, a.approved_scale, a.construction_period))  # fmt: skip
        for e in v.list_entries:
            self._add_row("list_entries", (str(e.year), e.basis, *(d.isoformat() if d else "" for d in (e.listed_on, e.consent_on)), e.consent_number))  # type: ignore[arg-type]  # fmt: skip
        for c in v.changes:
            self._add_row("changes", (c.recorded_on.isoformat(), c.description, _wan_text(c.new_total_yuan),
                                      c.approved_on.isoformat() if c.approved_on else "", c.approval_number))  # fmt: skip

    def _cell(self, table: QTableWidget, row: int, column: int) -> str:
        item = table.item(row, column)
        return item.text().strip() if item is not None else ""

    def _date_cell(
        self, table: QTableWidget, row: int, column: int, where: str, problems: list[Invalid]
    ) -> object:
        text = self._cell(table, row, column)
        if not text:
            return None
        try:
            return parse_date(text)
        except DateFormatError as exc:
            problems.append(date_problem(where, exc, f"第{row + 1}行：", f"row {row + 1}: "))
            return None

    def _money_cell(
        self, table: QTableWidget, row: int, column: int, where: str, problems: list[Invalid]
    ) -> int | None:
        text = self._cell(table, row, column)
        if not text:
            return None
        try:
            return wan_to_yuan(text)
        except MoneyError as exc:
            problems.append(Invalid(where, f"第{row + 1}行：{exc.message_zh}", f"row {row + 1}: {exc.message_en}"))  # fmt: skip
            return None

    def collect(self) -> tuple[ProjectInput | None, list[Invalid]]:
        """The form's value, and the problems found while reading the inputs themselves."""
        problems: list[Invalid] = []

        def read(widget: DateField | MoneyField) -> object:
            try:
                return widget.value()
            except Invalid as exc:
                problems.append(exc)
                return None

        total = read(self.total)
        if total is None and not any(p.field == "total_investment_yuan" for p in problems):
            problems.append(
                Invalid("total_investment_yuan", "请填写总投资", "the total investment is required")
            )
        approvals = []
        for row in range(self.approvals.rowCount()):
            where = "approvals"
            combo = self.approvals.cellWidget(row, 0)
            amount = self._money_cell(self.approvals, row, 3, where, problems)
            approvals.append(ApprovalInput(
                combo.currentData(), self._date_cell(self.approvals, row, 1, where, problems),  # type: ignore[union-attr, arg-type]
                self._date_cell(self.approvals, row, 2, where, problems), amount,  # type: ignore[arg-type]
                *(self._cell(self.approvals, row, c) for c in range(4, 9)),
            ))  # fmt: skip
        entries = []
        for row in range(self.entries.rowCount()):
            where = "list_entries"
            year_text = self._cell(self.entries, row, 0)
            if not year_text.isdigit():
                problems.append(
                    Invalid(
                        where,
                        f"第{row + 1}行：年度应为四位数字",
                        f"row {row + 1}: the year must be four digits",
                    )
                )
                continue
            combo = self.entries.cellWidget(row, 1)
            entries.append(ListEntryInput(
                int(year_text), combo.currentData(),  # type: ignore[union-attr]
                self._date_cell(self.entries, row, 2, where, problems),  # type: ignore[arg-type]
                self._date_cell(self.entries, row, 3, where, problems),  # type: ignore[arg-type]
                self._cell(self.entries, row, 4),
            ))  # fmt: skip
        changes = []
        for row in range(self.changes.rowCount()):
            where = "changes"
            recorded = self._date_cell(self.changes, row, 0, where, problems)
            if recorded is None and not self._cell(self.changes, row, 0):
                problems.append(Invalid(where, f"第{row + 1}行：请填写登记日期", f"row {row + 1}: the date recorded is required"))  # fmt: skip
            new_total = self._money_cell(self.changes, row, 2, where, problems)
            approved = self._date_cell(self.changes, row, 3, where, problems)
            if recorded is not None:
                changes.append(ChangeInput(recorded, self._cell(self.changes, row, 1), new_total,  # type: ignore[arg-type]
                                           approved, self._cell(self.changes, row, 4)))  # type: ignore[arg-type]  # fmt: skip
        dates = {name: read(widget) for name, widget in self.dates.items()}
        money = {name: read(widget) for name, widget in self.money.items()}
        participants = tuple(
            self.participants.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.participants.count())
            if self.participants.item(i).checkState() == Qt.CheckState.Checked
        )
        if total is None:
            return None, problems
        value = ProjectInput(
            name=self.name.text(), unit_id=self.unit.currentData(), type=self.type.currentData(),
            total_investment_yuan=total, code=self.code.text(), content=self.content.toPlainText(),  # type: ignore[arg-type]
            stage=self.stage.currentData(), status=self.status.currentData(),
            cross_department=self.cross.isChecked(), participant_unit_ids=participants,
            classified=self.classified.isChecked(), new_civil_works=self.civil.isChecked(),
            high_energy=self.energy.isChecked(), on_gov_cloud=CLOUD_CHOICES[self.cloud.currentData()],
            cloud_justification=self.cloud_reason.text(), security_noncompliant=self.security.isChecked(),
            integration_pending=self.integration.isChecked(), system_project_id=self.system.currentData(),
            implementing_agency=self.agency.text(), responsible_person=self.person.text(),
            supervision_unit=self.supervisor.text(), funding_source=self.funding.text(),
            supervision_na_reason=self.supervision_na.text(),
            procurement_method=ProcurementMethod(self.procurement.currentData()) if self.procurement.currentData() else None,
            scope_changed=self.scope_changed.isChecked(), remark=self.remark.text(),
            approvals=tuple(approvals), list_entries=tuple(entries), changes=tuple(changes),
            **dates, **money,  # type: ignore[arg-type]
        )  # fmt: skip
        return value, problems

    def show_problems(self, problems: list[Invalid]) -> None:
        english = ui_language() == "en"
        for label in self.errors.values():
            label.show_message("")
        first_tab = None
        unplaced = []
        for problem in problems:
            key = problem.field.split("[")[0]
            label = self.errors.get(key)
            text = problem.message_en if english else problem.message_zh
            if label is None:
                unplaced.append(text)
                continue
            label.show_message(
                "\n".join(filter(None, (label.text() if label.isVisibleTo(self) else "", text)))
            )
            if first_tab is None:
                first_tab = self.tab_of.get(key)
        if first_tab is not None:
            self.tabs.setCurrentIndex(first_tab)
        self.summary.show_message(
            QCoreApplication.translate("ProjectForm", "%1 problem(s): see the messages beside the fields.").replace("%1", str(len(problems)))
            + ("\n" + "\n".join(unplaced) if unplaced else "")
        )  # fmt: skip

    def accept(self) -> None:
        value, problems = self.collect()
        if value is not None:
            problems += check_project(self.ctx.store, value, self.project_id)
        if problems or value is None:
            self.show_problems(problems)
            return
        project_id, today = self.project_id, self.ctx.today
        text = (QCoreApplication.translate("ProjectForm", "Edit project %1") if project_id
                else QCoreApplication.translate("ProjectForm", "Add project %1")).replace("%1", value.name)  # fmt: skip
        try:
            saved = run_edit(
                self.ctx,
                text,
                project_id,
                lambda session: save_project(session, value, project_id, today=today),
                self,
            )
        except Invalid as exc:
            self.show_problems([exc])
            return
        if saved is not None:
            self.saved_id = saved
            super().accept()
