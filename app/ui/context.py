"""State shared by every tab: the store, "today", the plan year, undo, cached findings.

Tabs never talk to each other directly: they listen to these signals and call services.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from app.models.db import Store
from app.rules.findings import Finding


class WorkbenchContext(QObject):
    #: after any write through a service (tabs reload what they show)
    data_changed = Signal()
    #: the project the user is working on (id), from any tab
    project_selected = Signal(int)
    #: ask the main window to show a tab ("projects", "dossier", "budget", "acceptance", "deadlines")
    tab_requested = Signal(str)
    today_changed = Signal(object)
    year_changed = Signal(int)

    def __init__(
        self,
        store: Store,
        today: date,
        year: int,
        evaluate: Callable[[Store, date], list[Finding]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.today = today
        self.year = year
        self.undo_stack = QUndoStack(self)
        self.current_project_id: int | None = None
        self._evaluate = evaluate
        self._findings: list[Finding] | None = None
        self.data_changed.connect(self._invalidate)
        self.project_selected.connect(self._remember_project)

    def findings(self) -> list[Finding]:
        """The engine's findings over the whole store for `today` (cached until data changes)."""
        if self._findings is None:
            self._findings = self._evaluate(self.store, self.today)
        return self._findings

    def set_today(self, today: date) -> None:
        if today != self.today:
            self.today = today
            self._invalidate()
            self.today_changed.emit(today)

    def set_year(self, year: int) -> None:
        if year != self.year:
            self.year = year
            self.year_changed.emit(year)

    def _invalidate(self) -> None:
        self._findings = None

    def _remember_project(self, project_id: int) -> None:
        self.current_project_id = project_id
