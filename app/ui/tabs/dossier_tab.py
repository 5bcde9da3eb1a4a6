"""Dossier checklist tab: the items that apply to the selected project and its findings."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.rules.checklists import (
    ChecklistItem,
    acceptance_checklist,
    dossier_checklist,
    two_step,
)
from app.rules.facts import DocStatus, ProjectFacts
from app.rules.findings import Finding
from app.rules.money import format_wan
from app.services.attachments import counts_by_item
from app.services.snapshot import read_project
from app.ui.context import WorkbenchContext
from app.ui.finding_tabs import shown_on
from app.ui.labels import STATUS_COLOURS, doc_status_label, path_label, stage_label, type_label
from app.ui.models.findings_table import (
    FINDING_ROLE,
    FindingsTableModel,
    article_text,
    ui_language,
)
from app.ui.tabs.lazy import LazyTab
from app.ui.widgets.acceptance_form import AcceptanceForm
from app.ui.widgets.item_editor import ItemEditor
from app.ui.widgets.review_form import ReviewForm

KEY_ROLE = Qt.ItemDataRole.UserRole + 3


def checklist_model(parent: QWidget, items: list[ChecklistItem], attached: dict[str, int] | None = None,
                    *, not_due: bool = False) -> QStandardItemModel:  # fmt: skip
    """Checklist items as a two-level tree (documents, then their chapters/opinions/elements);
    an item with attachments shows their number after its label. `not_due`: nothing is owed
    yet (acceptance of a project not completed), so a missing item is "not yet due", not red."""
    model = QStandardItemModel(parent)
    model.setHorizontalHeaderLabels(
        [
            QCoreApplication.translate("ChecklistTab", "Item"),
            QCoreApplication.translate("ChecklistTab", "Article"),
            QCoreApplication.translate("ChecklistTab", "Status"),
            QCoreApplication.translate("ChecklistTab", "Date"),
            QCoreApplication.translate("ChecklistTab", "Doc. number"),
            QCoreApplication.translate("ChecklistTab", "Reason / remark"),
        ]
    )
    language = ui_language()
    parents: dict[str, QStandardItem] = {}
    for item in items:
        when = item.approved_on or item.submitted_on
        label = item.label(language)
        if attached and attached.get(item.key):
            label += "  " + QCoreApplication.translate("ChecklistTab", "(%1 files)").replace("%1", str(attached[item.key]))  # fmt: skip
        cells = [
            QStandardItem(label),
            QStandardItem(article_text(item.article)),
            QStandardItem(doc_status_label(item.status)),
            QStandardItem(when.isoformat() if when else ""),
            QStandardItem(item.number),
            QStandardItem(item.reason(language) or item.note(language) or item.remark),
        ]
        for cell in cells:
            cell.setEditable(False)
            cell.setData(item.key, KEY_ROLE)
        cells[2].setBackground(STATUS_COLOURS[item.status])
        if not_due and item.status == DocStatus.MISSING:
            cells[2].setText(QCoreApplication.translate("ChecklistTab", "Not yet due"))
            cells[2].setBackground(STATUS_COLOURS[DocStatus.NOT_APPLICABLE])
        if not item.applicable:
            for cell in cells:
                cell.setForeground(Qt.GlobalColor.darkGray)
        holder = parents.get(item.parent) if item.parent else None
        (holder or model.invisibleRootItem()).appendRow(cells)
        if item.parent is None:
            parents[item.key] = cells[0]
    return model


def find_key(model: QStandardItemModel, key: str) -> QModelIndex:
    matches = model.match(model.index(0, 0), KEY_ROLE, key, 1, Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)  # fmt: skip
    return matches[0] if matches else QModelIndex()


class ChecklistTab(LazyTab):
    """Shared frame of the dossier and acceptance tabs: header, checklist tree, findings."""

    kind = "dossier"

    def __init__(self, ctx: WorkbenchContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.project: ProjectFacts | None = None
        self.wanted: int | None = None  # the project to show (possibly while hidden)
        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        self.header.setWordWrap(True)
        self.tree = QTreeView()
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.findings_model = FindingsTableModel(self)
        self.findings_view = QTableView()
        self.findings_view.setModel(self.findings_model)
        self.findings_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.findings_view.verticalHeader().setVisible(False)
        self.findings_view.verticalHeader().setDefaultSectionSize(22)
        self.findings_view.setWordWrap(False)
        self.findings_view.hideColumn(3)
        self.findings_view.horizontalHeader().setStretchLastSection(True)
        self.findings_view.selectionModel().currentRowChanged.connect(self._finding_selected)
        self.extra = self.build_extra()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tree)
        splitter.addWidget(self.findings_view)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        self.splitter = splitter
        splitter.setObjectName(f"{self.kind}-checklist")
        self.editor = ItemEditor(ctx)
        # the editor scrolls in a short window instead of making the whole window taller
        self.editor_page = QScrollArea()
        self.editor_page.setWidgetResizable(True)
        self.editor_page.setFrameShape(QFrame.Shape.NoFrame)
        self.editor_page.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.editor_page.setWidget(self.editor)
        self.side = QTabWidget()
        self.side.addTab(self.editor_page, QCoreApplication.translate("ChecklistTab", "Item"))
        for widget, title in self.build_side_tabs():
            self.side.addTab(widget, title)
        self.side.setMinimumWidth(330)
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.main_splitter.setObjectName(f"{self.kind}-main")
        self.main_splitter.addWidget(splitter)
        self.main_splitter.addWidget(self.side)
        self.main_splitter.setStretchFactor(0, 5)
        self.main_splitter.setStretchFactor(1, 2)
        self.main_splitter.setSizes([900, 400])
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        if self.extra is not None:
            layout.addWidget(self.extra)
        layout.addWidget(self.main_splitter, 1)
        self.items: dict[str, ChecklistItem] = {}
        self.tree_model = checklist_model(self, [])
        self.tree.setModel(self.tree_model)
        self.tree.selectionModel().currentRowChanged.connect(self._item_selected)
        ctx.project_selected.connect(self.show_project)
        ctx.findings_ready.connect(self.refresh_findings)
        ctx.data_changed.connect(self.refresh)
        ctx.today_changed.connect(self.refresh)
        self.show_empty()

    def build_extra(self) -> QWidget | None:
        return None

    def due(self, project: ProjectFacts) -> bool:
        """Whether the checklist's items are owed now (a missing one is then shown red)."""
        return True

    def build_side_tabs(self) -> list[tuple[QWidget, str]]:
        return []

    def items_for(self, project: ProjectFacts) -> list[ChecklistItem]:
        return dossier_checklist(project)

    def relevant(self, finding: Finding) -> bool:
        return shown_on(self.kind, finding)

    def show_empty(self) -> None:
        self.header.setText(
            QCoreApplication.translate("ChecklistTab", "Select a project in the project list.")
        )

    def refresh(self, *_args: object) -> None:
        if self.wanted is not None:
            self.show_project(self.wanted)

    def refresh_findings(self) -> None:
        """New findings from a background run: the list only (the editor keeps what is typed)."""
        if self.project is not None and self.isVisible():
            pid = self.project.id
            self.findings_model.set_findings(
                [f for f in self.ctx.project_findings(pid) if self.relevant(f)]
            )

    def show_project(self, project_id: int) -> None:
        self.wanted = project_id
        self.when_visible(lambda: self._show_project(project_id))

    def _show_project(self, project_id: int) -> None:
        project, unit_name = read_project(self.ctx.store, project_id)
        if project is None:
            self.project = None
            self.show_empty()
            return
        self.project = project
        self.header.setText(
            QCoreApplication.translate("ChecklistTab", "%1 — %2 · %3 · %4 10k yuan · %5 · %6")
            .replace("%1", f"{project.code} {project.name}".strip()).replace("%2", unit_name)
            .replace("%3", type_label(project.type)).replace("%4", format_wan(project.total_investment_yuan))
            .replace("%5", stage_label(project.stage))
            .replace("%6", path_label(None if project.type.value == "运行维护" else two_step(project)))
        )  # fmt: skip
        selected = self.selected_item_key()
        items = self.items_for(project)
        self.items = {item.key: item for item in items}
        self.tree_model = checklist_model(self, items, counts_by_item(self.ctx.store, project_id),
                                          not_due=not self.due(project))  # fmt: skip
        self.tree.setModel(self.tree_model)
        self.tree.selectionModel().currentRowChanged.connect(self._item_selected)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(True)
        self.tree.expandAll()
        for column in (1, 2, 3):  # article, status, date read whole ("Approved/pa…" was cut)
            self.tree.resizeColumnToContents(column)
        if selected and selected in self.items:
            self.select_item(selected)
        else:
            self.editor.set_item(project, None)
        findings = [f for f in self.ctx.project_findings(project_id) if self.relevant(f)]
        self.findings_model.set_findings(findings)
        self.findings_view.resizeColumnToContents(0)
        self.findings_view.resizeColumnToContents(1)
        self.show_extra(project)

    def show_extra(self, project: ProjectFacts) -> None:
        """Subclasses show more facts of the project."""

    def _item_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        key = current.data(KEY_ROLE) if current.isValid() else None
        item = self.items.get(key) if key else None
        if item is not None and item.parent and item.parent in self.items:
            item = self.items[item.parent]  # parts are edited with their document
        self.editor.set_item(self.project, item)
        if item is not None:
            self.side.setCurrentWidget(self.editor_page)

    def select_item(self, key: str) -> None:
        index = find_key(self.tree_model, key)
        if index.isValid():
            self.tree.scrollTo(index)
            self.tree.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )

    def _finding_selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        finding: Finding = current.data(FINDING_ROLE)
        if finding.item:
            index = find_key(self.tree_model, finding.item)
            if index.isValid():
                self.tree.scrollTo(index)
                self.tree.selectionModel().setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )

    def selected_item_key(self) -> str | None:
        index = self.tree.currentIndex()
        return index.data(KEY_ROLE) if index.isValid() else None


class DossierTab(ChecklistTab):
    kind = "dossier"

    def build_side_tabs(self) -> list[tuple[QWidget, str]]:
        self.review_form = ReviewForm(self.ctx)
        return [(self.review_form, QCoreApplication.translate("ChecklistTab", "Review form"))]

    def show_extra(self, project: ProjectFacts) -> None:
        if self.review_form.project_id != project.id or not self.review_form.isVisible():
            self.review_form.show_project(project.id)


class AcceptanceTab(ChecklistTab):
    kind = "acceptance"

    def items_for(self, project: ProjectFacts) -> list[ChecklistItem]:
        return acceptance_checklist(project)

    def due(self, project: ProjectFacts) -> bool:
        from app.rules.engine import in_acceptance_scope

        return in_acceptance_scope(project)

    def build_extra(self) -> QWidget | None:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        self.facts_label = QLabel()
        self.facts_label.setWordWrap(True)
        self.not_due_label = QLabel()
        self.not_due_label.setObjectName("acceptanceNotDue")
        self.not_due_label.setWordWrap(True)
        self.not_due_label.setStyleSheet("background: #e8f0fe; padding: 6px; border-radius: 3px;")
        column.addWidget(self.not_due_label)
        column.addWidget(self.facts_label)
        return box

    def build_side_tabs(self) -> list[tuple[QWidget, str]]:
        self.acceptance_form = AcceptanceForm(self.ctx)
        return [
            (self.acceptance_form, QCoreApplication.translate("ChecklistTab", "Acceptance facts"))
        ]

    def show_extra(self, project: ProjectFacts) -> None:
        from app.rules.engine import acceptance_due, acceptance_started_on

        self.not_due_label.setVisible(not self.due(project))
        if project.type.value == "运行维护":
            self.not_due_label.setText(QCoreApplication.translate("ChecklistTab", "Operation and maintenance projects have no completion acceptance: the system they maintain was accepted when it was built (Art 25)."))  # fmt: skip
        else:
            self.not_due_label.setText(QCoreApplication.translate("ChecklistTab", "Acceptance is not due yet: the project is at stage %1 and not completed. Within 6 months of completion the owner applies to DRC (major project) or organizes the acceptance itself and files the result (Art 25); the materials below are needed then. Enter the completion date under Acceptance facts once the project is built.").replace("%1", stage_label(project.stage)))  # fmt: skip
        due = acceptance_due(project)
        parts = []
        if project.completed_on:
            parts.append(
                QCoreApplication.translate("ChecklistTab", "Completed: %1").replace(
                    "%1", project.completed_on.isoformat()
                )
            )
        if due:
            days = (due - self.ctx.today).days
            acc_ = project.acceptance
            acts = [
                d
                for d in (
                    acceptance_started_on(project),
                    acc_.extension_requested_on if acc_ else None,
                )
                if d
            ]
            first = min(acts) if acts else None  # Art 25: the first act counts only if on time
            if first is not None and first <= due:
                state = QCoreApplication.translate("ChecklistTab", "begun on %1, in time").replace(
                    "%1", first.isoformat()
                )
            elif first is not None:
                state = (
                    QCoreApplication.translate("ChecklistTab", "begun on %1, %2 days late")
                    .replace("%1", first.isoformat())
                    .replace("%2", str((first - due).days))
                )
            elif days >= 0:
                state = QCoreApplication.translate("ChecklistTab", "%1 days left").replace(
                    "%1", str(days)
                )
            else:
                state = QCoreApplication.translate("ChecklistTab", "%1 days overdue").replace("%1", str(-days))  # fmt: skip
            parts.append(
                QCoreApplication.translate("ChecklistTab", "Acceptance due: %1 (%2)")
                .replace("%1", due.isoformat())
                .replace("%2", state)
            )
        parts.append(QCoreApplication.translate("ChecklistTab", "Organized by DRC on the owner's application") if project.is_major
                     else QCoreApplication.translate("ChecklistTab", "Organized by the owner, result filed with DRC"))  # fmt: skip
        acc = project.acceptance
        if acc and acc.result:
            parts.append(
                QCoreApplication.translate("ChecklistTab", "Result: %1").replace(
                    "%1",
                    QCoreApplication.translate("ChecklistTab", "passed")
                    if acc.result.value == "passed"
                    else QCoreApplication.translate("ChecklistTab", "failed"),
                )
            )
        if acc and acc.extension_requested_on:
            parts.append(
                QCoreApplication.translate("ChecklistTab", "Extension requested on %1").replace(
                    "%1", acc.extension_requested_on.isoformat()
                )
            )
        self.facts_label.setText("  ·  ".join(parts))
        self.acceptance_form.show_project(project, self.ctx.project_findings(project.id))


__all__ = ["AcceptanceTab", "DocStatus", "DossierTab"]
