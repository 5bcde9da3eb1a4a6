"""Expert review tab: the expert pool, review rounds (propose, draw, confirm), packages out and
back, and the group opinion (Word) and score sheet (Excel)."""

from __future__ import annotations

import html
from collections.abc import Callable
from itertools import islice
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.crypto import fingerprint
from app.models.db import StoreError
from app.services.atomic import OutputError
from app.services.editing import Invalid
from app.services.experts import (
    ExpertInput,
    ExpertRow,
    RoundRow,
    add_expert,
    draw_experts,
    experts_page,
    new_round,
    round_proposals,
    seat_experts,
)
from app.services.file_names import group_opinion_file_name, round_name, scores_file_name
from app.services.group_opinion import (
    fmt,
    round_view,
    write_group_opinion,
    write_scores_xlsx,
)
from app.services.opinion_gate import OpinionRefused, check_group_opinion
from app.services.packages import (
    PackageRefused,
    ReturnPlan,
    export_round_packages,
    inspect_return,
    merge_return,
)
from app.services.projects import ProjectRow
from app.services.trust import read_expert_key, register_key
from app.ui.context import WorkbenchContext
from app.ui.dialogs.opinion_gate import ask_draft
from app.ui.file_dialogs import ask_folder, ask_open_path, ask_save_path, remember_folder
from app.ui.labels import conclusion_label
from app.ui.models.findings_table import ui_language, user_message
from app.ui.tabs.lazy import LazyTab
from app.ui.widgets.current_project import CurrentProjectLabel
from app.ui.widgets.fields import ErrorLabel

ID_ROLE = Qt.ItemDataRole.UserRole
# projects listed at once for a new round (the checked ones besides)
ROUND_CHOICES_SHOWN = 300


def _checked(widget: QListWidget) -> list[int]:
    return [
        widget.item(i).data(ID_ROLE)
        for i in range(widget.count())
        if widget.item(i).checkState() == Qt.CheckState.Checked
    ]


def _round_to_show(rounds: list[RoundRow], current: object) -> int:
    """The round the user had selected; at first the newest confirmed one (it has results),
    else the newest; -1 without rounds."""
    ids = [r.id for r in rounds]
    if current in ids:
        return ids.index(current)
    confirmed = [i for i, r in enumerate(rounds) if r.confirmed]
    return confirmed[-1] if confirmed else len(rounds) - 1


class ExpertsTab(LazyTab):
    def __init__(self, ctx: WorkbenchContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        #: asked before a second return replaces the first (tests replace it)
        self.confirm_replace = self._ask_replace
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("expertsSplitter")
        splitter.addWidget(self._build_pool())
        splitter.addWidget(self._build_rounds())
        self.current = CurrentProjectLabel(ctx)
        # pool and rounds scroll in a short window instead of making the whole window taller
        page = QScrollArea()
        page.setWidgetResizable(True)
        page.setFrameShape(QFrame.Shape.NoFrame)
        page.setWidget(splitter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.current)
        layout.addWidget(page, 1)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        ctx.data_changed.connect(lambda: self.when_visible(self.reload))
        self.when_visible(self.reload)

    # ------------------------------------------------------------------ building
    def _build_pool(self) -> QWidget:
        self.experts: dict[int, ExpertRow] = {}
        box = QGroupBox(QCoreApplication.translate("ExpertsTab", "Expert pool"))
        layout = QVBoxLayout(box)
        self.pool = QTableWidget(0, 4)
        self.pool.setHorizontalHeaderLabels([QCoreApplication.translate("ExpertsTab", "Name"), QCoreApplication.translate("ExpertsTab", "Organisation"), QCoreApplication.translate("ExpertsTab", "Specialties"), QCoreApplication.translate("ExpertsTab", "Avoids")])  # fmt: skip
        self.pool.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.pool.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.pool.verticalHeader().setVisible(False)
        # every column readable: organisations and specialties wrap instead of being cut
        self.pool.setWordWrap(True)
        self.pool.setTextElideMode(Qt.TextElideMode.ElideNone)
        pool_header = self.pool.horizontalHeader()
        pool_header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        pool_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        pool_header.sectionResized.connect(lambda *_a: self.pool.resizeRowsToContents())
        layout.addWidget(self.pool, 1)
        key_row = QHBoxLayout()
        self.key_label = QLabel()
        self.key_label.setObjectName("expertKey")
        self.key_label.setWordWrap(True)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.register_key_button = QPushButton(QCoreApplication.translate("ExpertsTab", "Register key file…"))  # fmt: skip
        self.register_key_button.setToolTip(QCoreApplication.translate("ExpertsTab", "Register the public key file the selected expert exported; returns must be signed with it"))  # fmt: skip
        self.register_key_button.clicked.connect(lambda: self.register_key())
        key_row.addWidget(self.key_label, 1)
        key_row.addWidget(self.register_key_button)
        layout.addLayout(key_row)
        self.pool.itemSelectionChanged.connect(self._show_key)
        form = QFormLayout()
        self.expert_name = QLineEdit()
        self.expert_name.setObjectName("name")
        self.expert_org = QLineEdit()
        self.expert_unit = QComboBox()
        self.expert_specialties = QLineEdit()
        self.expert_specialties.setPlaceholderText(
            QCoreApplication.translate("ExpertsTab", "e.g. 网络安全、数据共享")
        )
        self.expert_contact = QLineEdit()
        self.expert_avoid = QListWidget()
        self.expert_avoid.setMaximumHeight(90)
        form.addRow(QCoreApplication.translate("ExpertsTab", "Name"), self.expert_name)
        form.addRow(QCoreApplication.translate("ExpertsTab", "Organisation"), self.expert_org)
        form.addRow(QCoreApplication.translate("ExpertsTab", "Registered unit"), self.expert_unit)
        form.addRow(
            QCoreApplication.translate("ExpertsTab", "Specialties"), self.expert_specialties
        )
        form.addRow(QCoreApplication.translate("ExpertsTab", "Contact"), self.expert_contact)
        form.addRow(QCoreApplication.translate("ExpertsTab", "Units to avoid"), self.expert_avoid)
        layout.addLayout(form)
        self.add_expert_button = QPushButton(QCoreApplication.translate("ExpertsTab", "Add expert"))
        self.add_expert_button.clicked.connect(self.add_expert)
        layout.addWidget(self.add_expert_button, 0, Qt.AlignmentFlag.AlignRight)
        return box

    def _build_rounds(self) -> QWidget:
        box = QGroupBox(QCoreApplication.translate("ExpertsTab", "Review rounds"))
        layout = QVBoxLayout(box)
        new_row = QHBoxLayout()
        self.round_name = QLineEdit()
        self.round_name.setObjectName("round_name")
        self.round_name.setPlaceholderText(
            QCoreApplication.translate("ExpertsTab", "Name of a new round")
        )
        self.create_button = QPushButton(
            QCoreApplication.translate("ExpertsTab", "Create round with checked projects")
        )
        self.create_button.clicked.connect(self.create_round)
        new_row.addWidget(self.round_name, 1)
        new_row.addWidget(self.create_button)
        layout.addLayout(new_row)
        # the projects of a new round: found by code or name (a store of 100,000 projects
        # cannot list them all), the checked ones kept whatever the filter shows
        self.round_filter = QLineEdit()
        self.round_filter.setClearButtonEnabled(True)
        self.round_filter.setPlaceholderText(
            QCoreApplication.translate("ExpertsTab", "Find projects by code or name…")
        )
        self.round_filter.textChanged.connect(lambda _text: self._show_round_choices())
        layout.addWidget(self.round_filter)
        self.round_projects = QListWidget()
        self.round_projects.setMaximumHeight(110)
        self.round_projects.currentItemChanged.connect(
            lambda item, _old: item is not None and self.ctx.select_project(item.data(ID_ROLE))
        )
        self.round_projects.itemChanged.connect(self._round_choice_ticked)
        layout.addWidget(self.round_projects)
        self.round_hint = QLabel()
        self.round_hint.setWordWrap(True)
        layout.addWidget(self.round_hint)
        self._round_choices: list[ProjectRow] = []
        self._round_checked: set[int] = set()
        pick = QHBoxLayout()
        pick.addWidget(QLabel(QCoreApplication.translate("ExpertsTab", "Round")))
        self.rounds = QComboBox()
        self.rounds.currentIndexChanged.connect(lambda _i: self.show_round())
        pick.addWidget(self.rounds, 1)
        layout.addLayout(pick)
        draw_row = QHBoxLayout()
        self.wanted = QLineEdit()
        self.wanted.setPlaceholderText(
            QCoreApplication.translate("ExpertsTab", "Wanted specialties")
        )
        self.propose_button = QPushButton(QCoreApplication.translate("ExpertsTab", "Propose"))
        self.propose_button.clicked.connect(self.propose)
        self.count = QSpinBox()
        self.count.setRange(1, 50)
        self.count.setValue(5)
        self.alternates = QSpinBox()
        self.alternates.setRange(0, 20)
        self.alternates.setValue(2)
        self.seed = QLineEdit()
        self.seed.setPlaceholderText(
            QCoreApplication.translate("ExpertsTab", "Seed (empty: random)")
        )
        self.draw_button = QPushButton(QCoreApplication.translate("ExpertsTab", "Random draw"))
        self.draw_button.clicked.connect(self.random_draw)
        for widget in (self.wanted, self.propose_button, QLabel(QCoreApplication.translate("ExpertsTab", "Experts")), self.count,
                       QLabel(QCoreApplication.translate("ExpertsTab", "Alternates")), self.alternates, self.seed, self.draw_button):  # fmt: skip
            draw_row.addWidget(widget)
        layout.addLayout(draw_row)
        self.candidates = QListWidget()
        self.candidates.setObjectName("candidates")
        # a conflict's reason is long: wrapped in full, never cut at the list's edge
        self.candidates.setWordWrap(True)
        self.candidates.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.candidates.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.candidates.setResizeMode(QListWidget.ResizeMode.Adjust)
        layout.addWidget(self.candidates, 1)
        self.draw_label = QLabel()
        self.draw_label.setWordWrap(True)
        layout.addWidget(self.draw_label)
        buttons = QHBoxLayout()
        self.confirm_button = QPushButton(
            QCoreApplication.translate("ExpertsTab", "Confirm checked experts")
        )
        self.confirm_button.clicked.connect(self.confirm_experts)
        self.export_button = QPushButton(
            QCoreApplication.translate("ExpertsTab", "Export packages…")
        )
        self.export_button.clicked.connect(lambda: self.export_packages())
        self.import_button = QPushButton(
            QCoreApplication.translate("ExpertsTab", "Import return package…")
        )
        self.import_button.clicked.connect(lambda: self.import_package())
        self.word_button = QPushButton(
            QCoreApplication.translate("ExpertsTab", "Group opinion (Word)…")
        )
        self.word_button.clicked.connect(lambda: self.export_opinion())
        self.excel_button = QPushButton(QCoreApplication.translate("ExpertsTab", "Scores (Excel)…"))
        self.excel_button.clicked.connect(lambda: self.export_scores())
        for button in (self.confirm_button, self.export_button, self.import_button, self.word_button, self.excel_button):  # fmt: skip
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.results = QTableWidget(0, 5)
        self.results.setHorizontalHeaderLabels([QCoreApplication.translate("ExpertsTab", "Project"), QCoreApplication.translate("ExpertsTab", "Expert"), QCoreApplication.translate("ExpertsTab", "Weighted total"), QCoreApplication.translate("ExpertsTab", "Conclusion"), QCoreApplication.translate("ExpertsTab", "Dissent")])  # fmt: skip
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.verticalHeader().setVisible(False)
        self.results.currentCellChanged.connect(self._result_selected)
        self.results.cellClicked.connect(self._result_selected)
        header = self.results.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the project's name
        layout.addWidget(self.results, 1)
        return box

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        page = experts_page(self.ctx.store)
        experts, units, projects, rounds = page.experts, page.units, page.projects, page.rounds
        self.pool.setRowCount(len(experts))
        self.experts = {e.id: e for e in experts}
        for row, e in enumerate(experts):
            for col, text in enumerate((e.name, e.organisation, e.specialties, "、".join(e.avoid))):
                item = QTableWidgetItem(text)
                item.setToolTip(text)  # the narrow pool column elides; the tooltip has it all
                item.setData(ID_ROLE, e.id)
                self.pool.setItem(row, col, item)
        self._show_key()
        self.pool.resizeRowsToContents()
        current_unit = self.expert_unit.currentData()
        self.expert_unit.clear()
        self.expert_unit.addItem(QCoreApplication.translate("ExpertsTab", "— none —"), None)
        self.expert_avoid.clear()
        for unit in units:
            self.expert_unit.addItem(unit.name, unit.id)
            item = QListWidgetItem(unit.name)
            item.setData(ID_ROLE, unit.id)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.expert_avoid.addItem(item)
        self.expert_unit.setCurrentIndex(max(self.expert_unit.findData(current_unit), 0))
        self._round_choices = projects
        known = {p.id for p in projects}
        self._round_checked &= known  # a deleted project is no longer checked
        self._show_round_choices()
        current = self.rounds.currentData()
        self.rounds.blockSignals(True)
        self.rounds.clear()
        for r in rounds:
            label = QCoreApplication.translate("ExpertsTab", "%1 (%2 projects, %3 experts)").replace("%1", r.name).replace("%2", str(r.projects)).replace("%3", str(r.experts))  # fmt: skip
            self.rounds.addItem(label, r.id)
        self.rounds.setCurrentIndex(_round_to_show(rounds, current))
        self.rounds.blockSignals(False)
        self.show_round()

    def round_id(self) -> int | None:
        value = self.rounds.currentData()
        return int(value) if value is not None else None

    def show_round(self) -> None:
        round_id = self.round_id()
        self.results.setRowCount(0)
        self.candidates.clear()
        if round_id is None:
            return
        view = round_view(self.ctx.store, round_id)
        seated, seed, opinions = view.seated, view.draw_seed, view.opinions
        for expert_id, name, role in seated:
            suffix = (
                QCoreApplication.translate("ExpertsTab", " (alternate)") if role != "member" else ""
            )
            item = QListWidgetItem(name + suffix)
            item.setData(ID_ROLE, expert_id)
            item.setCheckState(Qt.CheckState.Checked if role == "member" else Qt.CheckState.Unchecked)  # fmt: skip
            self.candidates.addItem(item)
        self.draw_label.setText(
            QCoreApplication.translate("ExpertsTab", "Last draw seed: %1").replace("%1", seed)
            if seed
            else ""
        )
        rows = [(o.project_id, o.name, e.name, fmt(e.total), conclusion_label(e.form.conclusion), "✗" if e.dissent else "") for o in opinions for e in o.experts]  # fmt: skip
        rows += [(o.project_id, o.name, QCoreApplication.translate("ExpertsTab", "Mean / spread"), f"{fmt(o.mean)} / {fmt(o.spread)}", conclusion_label(o.conclusion), "") for o in opinions if o.experts]  # fmt: skip
        self.results.blockSignals(True)
        self.results.setRowCount(len(rows))
        for row, (project_id, *values) in enumerate(rows):
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, project_id)
                self.results.setItem(row, col, item)
        self.results.blockSignals(False)

    def _result_selected(self, row: int, *_args: int) -> None:
        """A result selected here makes its project the current one of every tab."""
        item = self.results.item(row, 0) if row >= 0 else None
        if item is not None and item.data(ID_ROLE) is not None:
            self.ctx.select_project(int(item.data(ID_ROLE)))

    # ------------------------------------------------------------------ actions
    def _write(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except Invalid as exc:
            self.error.show_message(user_message(exc))
            return False
        self.error.show_message("")
        self.ctx.data_changed.emit()
        return True

    def add_expert(self) -> bool:
        value = ExpertInput(
            self.expert_name.text(), self.expert_org.text(), self.expert_unit.currentData(),
            self.expert_specialties.text(), self.expert_contact.text(), tuple(_checked(self.expert_avoid)),
        )  # fmt: skip
        done = self._write(lambda: add_expert(self.ctx.store, value))
        if done:
            for line in (self.expert_name, self.expert_org, self.expert_specialties, self.expert_contact):  # fmt: skip
                line.clear()
        return done

    def _show_round_choices(self) -> None:
        """The checked projects, then those whose code or name holds the filter's text (at most
        ROUND_CHOICES_SHOWN of them)."""
        text = self.round_filter.text().strip().casefold()
        checked = [p for p in self._round_choices if p.id in self._round_checked]
        found = (
            p for p in self._round_choices
            if p.id not in self._round_checked and (text in p.code.casefold() or text in p.name.casefold())
        )  # fmt: skip
        shown = [*checked, *islice(found, ROUND_CHOICES_SHOWN)]
        self.round_projects.blockSignals(True)
        try:
            self.round_projects.clear()
            for p in shown:
                item = QListWidgetItem(f"{p.code} {p.name}")
                item.setData(ID_ROLE, p.id)
                checked_now = p.id in self._round_checked
                item.setCheckState(
                    Qt.CheckState.Checked if checked_now else Qt.CheckState.Unchecked
                )
                self.round_projects.addItem(item)
        finally:
            self.round_projects.blockSignals(False)
        more = len(self._round_choices) > len(shown)
        self.round_hint.setVisible(more)
        if more:
            self.round_hint.setText(QCoreApplication.translate("ExpertsTab", "Showing %1 of %2 projects: type part of a code or name above to find the others.").replace("%1", str(len(shown))).replace("%2", str(len(self._round_choices))))  # fmt: skip

    def _round_choice_ticked(self, item: QListWidgetItem) -> None:
        if item.checkState() == Qt.CheckState.Checked:
            self._round_checked.add(item.data(ID_ROLE))
        else:
            self._round_checked.discard(item.data(ID_ROLE))

    def create_round(self) -> bool:
        name = self.round_name.text()
        projects = [p.id for p in self._round_choices if p.id in self._round_checked]
        created: list[int] = []
        if not self._write(lambda: created.append(new_round(self.ctx.store, name, projects))):
            return False
        self.round_name.clear()
        self._round_checked.clear()  # the next round starts from none
        self._show_round_choices()
        self.rounds.setCurrentIndex(self.rounds.findData(created[0]))
        return True

    def propose(self) -> None:
        round_id = self.round_id()
        if round_id is None:
            return
        proposals = round_proposals(self.ctx.store, round_id, self.wanted.text())
        self.candidates.clear()
        for p in proposals:
            matched = "、".join(p.matched)
            item = QListWidgetItem(
                f"{p.name}（{p.organisation}）{' · ' + matched if matched else ''}"
            )
            item.setData(ID_ROLE, p.expert_id)
            item.setCheckState(Qt.CheckState.Unchecked)
            if not p.eligible:
                reasons = "；".join(c.reason(ui_language()) for c in p.conflicts)
                item.setText(
                    item.text()
                    + " — "
                    + QCoreApplication.translate("ExpertsTab", "conflict: %1").replace(
                        "%1", reasons
                    )
                )
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(reasons)
            self.candidates.addItem(item)

    def random_draw(self) -> bool:
        round_id = self.round_id()
        if round_id is None:
            return False
        seed_text = self.seed.text().strip()
        if seed_text and not seed_text.isdigit():
            self.error.show_message(
                QCoreApplication.translate("ExpertsTab", "The seed must be a whole number.")
            )
            return False
        result = []
        done = self._write(lambda: result.append(draw_experts(self.ctx.store, round_id, self.count.value(), self.alternates.value(),
                                                              seed=int(seed_text) if seed_text else None, wanted=self.wanted.text())))  # fmt: skip
        if not done:
            return False
        self.propose()
        members = set(result[0].members)
        for i in range(self.candidates.count()):
            item = self.candidates.item(i)
            if item.data(ID_ROLE) in members:
                item.setCheckState(Qt.CheckState.Checked)
            elif item.data(ID_ROLE) in result[0].alternates:
                item.setText(item.text() + QCoreApplication.translate("ExpertsTab", " (alternate)"))
        self._drawn_alternates = list(result[0].alternates)
        self.draw_label.setText(QCoreApplication.translate("ExpertsTab", "Drawn with seed %1; confirm the list.").replace("%1", str(result[0].seed)))  # fmt: skip
        return True

    def confirm_experts(self) -> bool:
        round_id = self.round_id()
        if round_id is None:
            return False
        members = _checked(self.candidates)
        alternates = [a for a in getattr(self, "_drawn_alternates", []) if a not in members]
        return self._write(lambda: seat_experts(self.ctx.store, round_id, members, alternates))

    def _ask_path(self, save: bool, title: str, name: str, pattern: str) -> str:
        """Documents, then the folder last used for a round's files (app.ui.file_dialogs)."""
        if save:
            chosen = ask_save_path(self, "expert_round", title, name, pattern)
        else:
            chosen = ask_open_path(self, "package", title, pattern)
        return str(chosen) if chosen else ""

    def export_packages(self, folder: str | Path | None = None) -> list[Path]:
        round_id = self.round_id()
        if round_id is None:
            return []
        if folder is None:
            folder = ask_folder(
                self, "package", QCoreApplication.translate("ExpertsTab", "Export review packages")
            )
            if not folder:
                return []
        # the findings current here, so that the export reads them and never checks again
        # on this thread while the worker may be writing them
        self.ctx.check_now(wait=True)
        try:
            paths = export_round_packages(self.ctx.store, round_id, folder, today=self.ctx.today)
        except (Invalid, OutputError) as exc:
            self.error.show_message(user_message(exc))
            return []
        self.error.show_done(QCoreApplication.translate("ExpertsTab", "%1 packages written to %2").replace("%1", str(len(paths))).replace("%2", str(folder)))  # fmt: skip
        return paths

    def _ask_replace(self, plan: ReturnPlan) -> bool:
        lines = [f"{d.project} · {d.item}: {d.before or '—'} → {d.after or '—'}" for d in plan.differences]  # fmt: skip
        box = QMessageBox(QMessageBox.Icon.Question, QCoreApplication.translate("ExpertsTab", "Replace the earlier return?"),
                          QCoreApplication.translate("ExpertsTab", "%1 already returned this round. Replace the earlier review with this one?").replace("%1", plan.expert_name),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)  # fmt: skip
        box.setDetailedText(
            "\n".join(lines) or QCoreApplication.translate("ExpertsTab", "No differences.")
        )
        box.setInformativeText(html.escape("\n".join(lines[:10])))
        return box.exec() == QMessageBox.StandardButton.Yes

    def selected_expert(self) -> ExpertRow | None:
        item = self.pool.item(self.pool.currentRow(), 0) if self.pool.currentRow() >= 0 else None
        return self.experts.get(item.data(ID_ROLE)) if item is not None else None

    def _show_key(self) -> None:
        expert = self.selected_expert()
        self.register_key_button.setEnabled(expert is not None)
        if expert is None:
            text = QCoreApplication.translate("ExpertsTab", "Select an expert to see or register their key.")  # fmt: skip
        elif not expert.key_id:
            text = QCoreApplication.translate("ExpertsTab", "%1: no registered key (the first return will ask you to confirm its fingerprint).").replace("%1", expert.name)  # fmt: skip
        else:
            when = (
                expert.key_registered_at.strftime("%Y-%m-%d") if expert.key_registered_at else "—"
            )
            text = QCoreApplication.translate("ExpertsTab", "%1: key %2 (registered %3)").replace("%1", expert.name).replace("%2", fingerprint(expert.key_id)).replace("%3", when)  # fmt: skip
        self.key_label.setText(text)

    def register_key(self, path: str | Path | None = None) -> bool:
        """Register the key file the selected expert exported, after the user compared its
        fingerprint with the one the expert reads out; replacing a key is asked separately."""
        expert = self.selected_expert()
        if expert is None:
            return False
        if path is None:
            path = self._ask_path(False, QCoreApplication.translate("ExpertsTab", "Expert's key file"), "", QCoreApplication.translate("ExpertsTab", "Expert key (*.rdkey);;All files (*)"))  # fmt: skip
            if not path:
                return False
        try:
            key = read_expert_key(path)
        except Invalid as exc:
            self.error.show_message(user_message(exc))
            return False
        question = QCoreApplication.translate("ExpertsTab", "Register this key for %1?\n\nFingerprint: %2\n\nCompare it digit by digit with the fingerprint the expert reads out to you by phone.").replace("%1", expert.name).replace("%2", key.fingerprint)  # fmt: skip
        if expert.key_id and expert.key_id != key.key_id:
            question += "\n\n" + QCoreApplication.translate("ExpertsTab", "This REPLACES the key registered now (%1): returns signed with the old key will be refused. The change is recorded in the audit log.").replace("%1", fingerprint(expert.key_id))  # fmt: skip
        title = QCoreApplication.translate("ExpertsTab", "Register expert key")
        if QMessageBox.question(self, title, question) != QMessageBox.StandardButton.Yes:
            return False
        if not self._write(lambda: register_key(self.ctx.store, expert.id, key, replace=True)):
            return False
        self.error.show_done(QCoreApplication.translate("ExpertsTab", "Key %1 registered for %2.").replace("%1", key.fingerprint).replace("%2", expert.name))  # fmt: skip
        return True

    def _ask_key(self, plan: ReturnPlan) -> bool:
        """A first return from an expert without a registered key: its fingerprint, to compare
        with the one the expert reads out; Yes registers the key and merges."""
        text = QCoreApplication.translate("ExpertsTab", "%1 has no registered key. This return is signed with the key\n\n%2\n\nCall the expert and compare this fingerprint with the one they read out. Register the key and merge the return?").replace("%1", plan.expert_name).replace("%2", plan.key_fingerprint)  # fmt: skip
        answer = QMessageBox.question(self, QCoreApplication.translate("ExpertsTab", "Unregistered expert key"), text)  # fmt: skip
        return answer == QMessageBox.StandardButton.Yes

    def import_package(self, path: str | Path | None = None) -> bool:
        if path is None:
            path = self._ask_path(False, QCoreApplication.translate("ExpertsTab", "Import return package"), "", QCoreApplication.translate("ExpertsTab", "Review package (*.rdpkg)"))  # fmt: skip
            if not path:
                return False
        try:
            plan = inspect_return(self.ctx.store, path)
            if plan.new_key and not self._ask_key(plan):
                return False
            if plan.replaces and not self.confirm_replace(plan):
                return False
            trusted = plan.key_fingerprint if plan.new_key else None
            result = merge_return(self.ctx.store, plan, confirm_replace=True, trust_key=trusted)
        except PackageRefused as exc:
            self.error.show_message(QCoreApplication.translate("ExpertsTab", "Package refused, nothing was changed: %1").replace("%1", user_message(exc)))  # fmt: skip
            return False
        self.ctx.data_changed.emit()
        index = self.rounds.findData(result.round_id)
        if index >= 0:
            self.rounds.setCurrentIndex(index)
        text = QCoreApplication.translate("ExpertsTab", "Merged the review of %1 (%2 projects).").replace("%1", result.expert_name).replace("%2", str(result.projects))  # fmt: skip
        if result.key_registered:
            text += " " + QCoreApplication.translate("ExpertsTab", "Their key %1 is registered now.").replace("%1", plan.key_fingerprint)  # fmt: skip
        self.error.show_done(text)
        return True

    def export_opinion(self, path: str | Path | None = None) -> Path | None:
        """The group opinion through the approval gate: refused while a project's majority is
        不同意; DRC staff may then write a draft (app.ui.dialogs.opinion_gate)."""
        round_id = self.round_id()
        if round_id is None:
            return None
        store = self.ctx.store
        gate = check_group_opinion(store, round_id)
        draft = None if gate.allowed else ask_draft(self, gate, store)
        if not gate.allowed and draft is None:
            return None
        name = group_opinion_file_name(round_name(store, round_id), draft=draft is not None)
        return self._export(path, name, QCoreApplication.translate("ExpertsTab", "Word document (*.docx)"), lambda r, p: write_group_opinion(store, r, p, today=self.ctx.today, draft=draft))  # fmt: skip

    def export_scores(self, path: str | Path | None = None) -> Path | None:
        round_id = self.round_id()
        name = (
            scores_file_name(round_name(self.ctx.store, round_id)) if round_id is not None else ""
        )
        return self._export(path, name, QCoreApplication.translate("ExpertsTab", "Excel workbook (*.xlsx)"), lambda r, p: write_scores_xlsx(self.ctx.store, r, p))  # fmt: skip

    def _export(self, path, name, pattern, write):  # type: ignore[no-untyped-def]
        round_id = self.round_id()
        if round_id is None:
            return None
        if path is None:
            path = self._ask_path(
                True, QCoreApplication.translate("ExpertsTab", "Export"), name, pattern
            )
            if not path:
                return None
        try:
            written = write(round_id, path)
        except (OutputError, OpinionRefused, Invalid, StoreError) as exc:
            self.error.show_message(user_message(exc))
            return None
        remember_folder("expert_round", Path(written))
        self.error.show_done(
            QCoreApplication.translate("ExpertsTab", "Written: %1").replace("%1", str(written))
        )
        return written
