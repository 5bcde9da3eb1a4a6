"""File → 导入 → 导入已有台账…: the mapping, a preview and every problem before anything is written.

The dialog shows what `app.services.ledger_import` proposes for the file (the header it found,
a field for each column, the money unit, the year) and, after every change the user makes,
what the import would do: the first rows as they will be stored, each problem at sheet!cell,
the rows it skips and why, the units it will create. Nothing is written until 导入.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.rules.facts import ConstructionType
from app.rules.money import format_wan
from app.services.ledger_import import (
    FIELDS,
    LedgerOptions,
    LedgerReport,
    LedgerResult,
    Proposal,
    apply_saved,
    check_ledger_against,
    import_ledger,
    load_mapping,
    propose,
    remember_mapping,
    save_mapping,
)
from app.services.xlsx_reader import ImportFailed
from app.ui.context import WorkbenchContext
from app.ui.labels import stage_label, type_label
from app.ui.models.findings_table import ui_language, user_message

log = logging.getLogger(__name__)

PREVIEW_ROWS = 20
NO_YEAR = 1999  # the spin box's "not chosen" value
UNITS = ("元", "万元", "亿元")


def readonly_item(text: str, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if tip:
        item.setToolTip(tip)
    return item


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.setItem(r, c, readonly_item(value, value if len(value) > 20 else ""))


def readonly_table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(False)
    return table


class LedgerImportDialog(QDialog):
    """The mapping dialog; `result_value` holds the LedgerResult after a successful import."""

    def __init__(
        self, ctx: WorkbenchContext, proposal: Proposal, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.proposal = proposal
        self.report: LedgerReport | None = None
        self.result_value: LedgerResult | None = None
        self.english = ui_language() == "en"
        self.setWindowTitle(
            self.tr("Import an existing ledger — %1").replace("%1", proposal.path.name)
        )
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.recheck)

        layout = QVBoxLayout(self)
        self.source_label = QLabel()
        self.source_label.setWordWrap(True)
        layout.addWidget(self.source_label)

        options = QHBoxLayout()
        form = QFormLayout()
        self.sheet_box = QComboBox()
        self.sheet_box.addItems(list(proposal.workbook.sheet_names))
        self.sheet_box.setCurrentText(proposal.sheet)
        self.sheet_box.currentTextChanged.connect(self._sheet_changed)
        form.addRow(self.tr("Sheet:"), self.sheet_box)
        self.unit_box = QComboBox()
        self.unit_box.addItem(self.tr("Not stated: choose"), None)
        for unit in UNITS:
            self.unit_box.addItem(self._unit_label(unit), unit)
        self.unit_box.currentIndexChanged.connect(self._options_changed)
        form.addRow(self.tr("Amounts without a unit in their header are in:"), self.unit_box)
        options.addLayout(form)
        form2 = QFormLayout()
        self.year_box = QSpinBox()
        self.year_box.setRange(NO_YEAR, 2100)
        self.year_box.setSpecialValueText(self.tr("(from the year column or the title)"))
        self.year_box.valueChanged.connect(self._options_changed)
        form2.addRow(self.tr("Year:"), self.year_box)
        self.type_box = QComboBox()
        for ctype in ConstructionType:
            self.type_box.addItem(type_label(ctype), ctype)
        self.type_box.currentIndexChanged.connect(self._options_changed)
        form2.addRow(self.tr("Construction type when the ledger has none:"), self.type_box)
        options.addLayout(form2)
        files = QVBoxLayout()
        self.load_button = QPushButton(self.tr("Load mapping…"))
        self.save_button = QPushButton(self.tr("Save mapping…"))
        self.load_button.clicked.connect(lambda _checked=False: self.load_mapping_file())
        self.save_button.clicked.connect(lambda _checked=False: self.save_mapping_file())
        files.addWidget(self.load_button)
        files.addWidget(self.save_button)
        files.addStretch()
        options.addLayout(files)
        layout.addLayout(options)

        splitter = QSplitter(Qt.Orientation.Vertical)
        self.mapping_table = readonly_table([self.tr("Column"), self.tr("Header in the file"),
                                     self.tr("First values"), self.tr("ReviewDesk field")])  # fmt: skip
        self.mapping_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        splitter.addWidget(
            self._titled(self.tr("Columns and the fields they fill"), self.mapping_table)
        )
        self.preview_table = readonly_table([
            self.tr("Row"), self.tr("Action"), self.tr("Project"), self.tr("Owner unit"), self.tr("Year"),
            self.tr("Type"), self.tr("Total (10k yuan)"), self.tr("Plan (10k yuan)"), self.tr("Approval"),
            self.tr("Stage"),
        ])  # fmt: skip
        splitter.addWidget(
            self._titled(
                self.tr("Preview: the first rows as they will be imported"), self.preview_table
            )
        )
        self.tabs = QTabWidget()
        self.problem_table = readonly_table([self.tr("Cell"), self.tr("Problem")])
        self.skipped_table = readonly_table(
            [self.tr("Row"), self.tr("Why skipped"), self.tr("Text")]
        )
        self.units_table = readonly_table([self.tr("Unit to be created")])
        self.tabs.addTab(self.problem_table, "")
        self.tabs.addTab(self.skipped_table, "")
        self.tabs.addTab(self.units_table, "")
        splitter.addWidget(self.tabs)
        splitter.setSizes([260, 260, 200])
        layout.addWidget(splitter, 1)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox()
        self.import_button = QPushButton(self.tr("Import"))
        self.valid_button = QPushButton(self.tr("Import the valid rows only"))
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.valid_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.import_button.clicked.connect(
            lambda _checked=False: self.do_import(valid_rows_only=False)
        )
        self.valid_button.clicked.connect(
            lambda _checked=False: self.do_import(valid_rows_only=True)
        )
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(1180, 760)
        self._load_proposal()

    # ------------------------------------------------------------------ building
    def _titled(self, title: str, widget: QWidget) -> QWidget:
        box = QWidget()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        label = QLabel(f"<b>{title}</b>")
        inner.addWidget(label)
        inner.addWidget(widget)
        return box

    def _unit_label(self, unit: str) -> str:
        return {"元": self.tr("yuan (元)"), "万元": self.tr("10k yuan (万元)"),
                "亿元": self.tr("100 million yuan (亿元)")}[unit]  # fmt: skip

    def _field_label(self, key: str) -> str:
        f = next(f for f in FIELDS if f.key == key)
        return f.label_en if self.english else f.label_zh

    def _load_proposal(self) -> None:
        """Show the proposal's mapping and options in the widgets, then check."""
        p = self.proposal
        header = p.header
        rows_text = (
            self.tr("header row %1").replace("%1", str(header.first_row))
            if header.first_row == header.last_row
            else self.tr("header rows %1–%2").replace("%1", str(header.first_row)).replace("%2", str(header.last_row))
        )  # fmt: skip
        found = [rows_text]
        if p.sheet_unit:
            found.append(
                self.tr("amounts in %1 (title)").replace("%1", self._unit_label(p.sheet_unit))
            )
        if p.title_year:
            found.append(self.tr("year %1 (title)").replace("%1", str(p.title_year)))
        if p.remembered:
            found.append(self.tr("the mapping you confirmed last time for this header"))
        kind = {"xlsx": "Excel 2007+", "xls": self.tr("Excel 97-2003 / WPS"), "csv": "CSV"}[
            p.workbook.format
        ]
        if p.workbook.encoding:
            kind += f" ({p.workbook.encoding.upper()})"
        self.source_label.setText(
            self.tr("%1 — %2, sheet “%3”: %4").replace("%1", p.path.name).replace("%2", kind)
            .replace("%3", p.sheet).replace("%4", "; ".join(found))
        )  # fmt: skip
        for box, value in (
            (self.unit_box, p.options.money_unit),
            (self.type_box, p.options.default_type),
        ):
            box.blockSignals(True)
            box.setCurrentIndex(max(0, box.findData(value)))
            box.blockSignals(False)
        self.unit_box.setItemText(
            0, self.tr("(as the file states)") if p.sheet_unit else self.tr("Not stated: choose")
        )
        self.year_box.blockSignals(True)
        self.year_box.setValue(p.options.year or NO_YEAR)
        self.year_box.blockSignals(False)
        self._fill_mapping()
        self.recheck()
        self._fill_samples()

    def _fill_mapping(self) -> None:
        p = self.proposal
        table = self.mapping_table
        width = p.width
        table.setRowCount(width)
        for i in range(width):
            unit = p.column_units.get(i)
            label = p.header.label(i)
            table.setItem(i, 0, readonly_item(p.letter(i)))
            table.setItem(i, 1, readonly_item(label + (f"  [{unit}]" if unit else ""), label))
            box = QComboBox()
            box.addItem(self.tr("(not imported)"), "")
            for f in FIELDS:
                box.addItem(f.label_en if self.english else f.label_zh, f.key)
            box.setCurrentIndex(max(0, box.findData(p.options.mapping.get(i, ""))))
            box.currentIndexChanged.connect(self._options_changed)
            table.setCellWidget(i, 3, box)
        table.resizeColumnsToContents()
        table.setColumnWidth(1, min(max(table.columnWidth(1), 160), 320))
        table.setColumnWidth(2, min(max(table.columnWidth(2), 160), 320))

    def _fill_samples(self) -> None:
        """The first values of each column, from rows the check reads as data (not totals or notes)."""
        p = self.proposal
        skipped = {s.row for s in self.report.skipped} if self.report else set()
        samples: dict[int, list[str]] = {}
        for number, values in p.grid.rows:
            if number <= p.header.last_row or number in skipped:
                continue
            for i, v in enumerate(values[: p.width]):
                if v is not None and len(samples.setdefault(i, [])) < 2:
                    samples[i].append(str(v)[:24])
            if sum(len(s) for s in samples.values()) >= 2 * p.width:
                break
        for i in range(p.width):
            self.mapping_table.setItem(i, 2, readonly_item(" | ".join(samples.get(i, []))))

    def mapping_box(self, column: int) -> QComboBox:
        box = self.mapping_table.cellWidget(column, 3)
        assert isinstance(box, QComboBox)
        return box

    # ------------------------------------------------------------------ options
    def options(self) -> LedgerOptions:
        mapping = {}
        for i in range(self.mapping_table.rowCount()):
            key = self.mapping_box(i).currentData()
            if key:
                mapping[i] = key
        year = self.year_box.value()
        return LedgerOptions(
            mapping=mapping, money_unit=self.unit_box.currentData(),
            year=None if year == NO_YEAR else year, default_type=ConstructionType(self.type_box.currentData()),
        )  # fmt: skip

    def _options_changed(self, *_args: object) -> None:
        self._timer.start()

    def _sheet_changed(self, name: str) -> None:
        if not name or name == self.proposal.sheet:
            return
        try:
            self.proposal = propose(self.proposal.path, name)
        except ImportFailed as exc:
            QMessageBox.warning(self, self.tr("Cannot read the sheet"), user_message(exc))
            self.sheet_box.blockSignals(True)
            self.sheet_box.setCurrentText(self.proposal.sheet)
            self.sheet_box.blockSignals(False)
            return
        self._load_proposal()

    def load_mapping_file(self, path: Path | None = None) -> None:
        if path is None:
            chosen, _f = QFileDialog.getOpenFileName(
                self, self.tr("Load mapping"), "", self.tr("Ledger mapping (*.json)")
            )
            if not chosen:
                return
            path = Path(chosen)
        try:
            missing = apply_saved(self.proposal, load_mapping(path))
        except ImportFailed as exc:
            QMessageBox.warning(self, self.tr("Cannot load the mapping"), user_message(exc))
            return
        self._load_proposal()
        if missing:
            QMessageBox.information(
                self, self.tr("Mapping loaded"),
                self.tr("These columns of the mapping are not in this file: %1").replace("%1", "、".join(missing)),
            )  # fmt: skip

    def save_mapping_file(self, path: Path | None = None) -> Path | None:
        if path is None:
            chosen, _f = QFileDialog.getSaveFileName(
                self, self.tr("Save mapping"), f"{self.proposal.path.stem}-mapping.json",
                self.tr("Ledger mapping (*.json)"),
            )  # fmt: skip
            if not chosen:
                return None
            path = Path(chosen)
        from app.services.atomic import OutputFailed, OutputLocked

        try:
            return save_mapping(path, self.proposal, self.options())
        except (OutputLocked, OutputFailed) as exc:
            QMessageBox.warning(self, self.tr("Not saved"), user_message(exc))
            return None

    # ------------------------------------------------------------------ check and preview
    def recheck(self) -> None:
        self._timer.stop()
        options = self.options()
        self.report = check_ledger_against(self.ctx.store, self.proposal, options)
        self._show(self.report)

    def _message(self, zh: str, en: str) -> str:
        return en if self.english else zh

    def _show(self, report: LedgerReport) -> None:
        preview = []
        for r in report.rows[:PREVIEW_ROWS]:
            action = (self.tr("Update %1").replace("%1", r.project_code or "") if r.project_id is not None
                      else self.tr("New"))  # fmt: skip
            unit = r.unit_name + ("" if r.unit_id is not None else self.tr(" (new unit)"))
            approval = " ".join(
                x
                for x in (
                    r.approval_number or "",
                    r.approved_on.isoformat() if r.approved_on else "",
                )
                if x
            )
            preview.append([
                str(r.row), action, r.name, unit, str(r.year),
                type_label(r.type) if r.type else self.tr("(default: %1)").replace("%1", self.type_box.currentText()),
                format_wan(r.total_yuan), format_wan(r.plan_yuan), approval,
                stage_label(stage) if (stage := r.stage or r.dated_stage()) else "",
            ])  # fmt: skip
        _fill(self.preview_table, preview)
        self.preview_table.resizeColumnsToContents()
        _fill(self.problem_table, [
            [p.cell, self._message(p.message_zh, p.message_en) + ("" if p.blocking else self.tr(" (note)"))]
            for p in report.problems
        ])  # fmt: skip
        self.problem_table.resizeColumnToContents(0)
        _fill(
            self.skipped_table,
            [[str(s.row), self._message(s.reason_zh, s.reason_en), s.text] for s in report.skipped],
        )
        self.skipped_table.resizeColumnsToContents()
        _fill(self.units_table, [[name] for name in report.new_units])
        blocking = len(report.blocking)
        self.tabs.setTabText(0, self.tr("Problems (%1)").replace("%1", str(len(report.problems))))
        self.tabs.setTabText(
            1, self.tr("Skipped rows (%1)").replace("%1", str(len(report.skipped)))
        )
        self.tabs.setTabText(2, self.tr("New units (%1)").replace("%1", str(len(report.new_units))))
        if blocking:
            self.tabs.setCurrentIndex(0)
        parts = [
            self.tr("%1 row(s) ready: %2 new project(s), %3 update(s).").replace("%1", str(len(report.rows)))
            .replace("%2", str(report.created)).replace("%3", str(report.updated)),
        ]  # fmt: skip
        if report.new_units:
            parts.append(
                self.tr("%1 unit(s) will be created.").replace("%1", str(len(report.new_units)))
            )
        if report.skipped:
            parts.append(
                self.tr("%1 row(s) skipped (totals, headings, notes).").replace(
                    "%1", str(len(report.skipped))
                )
            )
        if report.header_blocked:
            parts.append(self.tr("The sheet cannot be imported as mapped: see the problems."))
        elif blocking:
            parts.append(self.tr("%1 row(s) have problems: nothing is imported unless you choose the valid rows only.")
                         .replace("%1", str(len(report.bad_rows))))  # fmt: skip
        self.summary.setText(" ".join(parts))
        self.import_button.setEnabled(not blocking and bool(report.rows))
        self.valid_button.setEnabled(
            bool(blocking) and not report.header_blocked and bool(report.rows)
        )

    # ------------------------------------------------------------------ import
    def do_import(self, *, valid_rows_only: bool) -> LedgerResult | None:
        options = self.options()
        try:
            result = import_ledger(
                self.ctx.store, self.proposal, options, valid_rows_only=valid_rows_only
            )
        except Exception as exc:
            if not hasattr(exc, "message_zh"):
                raise
            log.warning("ledger import refused: %s", exc)
            QMessageBox.warning(self, self.tr("Not imported"), user_message(exc))
            return None
        if result.refused:
            self.recheck()  # the store changed since the preview: show why
            QMessageBox.warning(self, self.tr("Not imported"),
                                self.tr("The ledger has problems; nothing was imported."))  # fmt: skip
            return None
        from app.services.atomic import OutputError

        try:
            remember_mapping(self.proposal, options)
        except OutputError:
            log.exception("could not remember the ledger mapping")
        self.result_value = result
        self.accept()
        return result
