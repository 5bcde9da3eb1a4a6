"""State shared by every tab: the store, "today", the plan year, undo, cached findings.

Tabs never talk to each other directly: they listen to these signals and call services.

Findings are computed by the engine over the whole store. `findings()` returns them, computing
synchronously when nothing is cached; `refresh_in_background()` computes them on a worker
thread (used at start-up, so that the window appears before a large dataset is checked) and
emits `findings_ready` when done. A synchronous call while the worker runs waits for it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from app.models.db import Store
from app.rules.findings import Finding

log = logging.getLogger(__name__)


class WorkbenchContext(QObject):
    #: after any write through a service (tabs reload what they show)
    data_changed = Signal()
    #: the project the user is working on (id), from any tab
    project_selected = Signal(int)
    #: ask the main window to show a tab ("projects", "dossier", "budget", "acceptance", "deadlines")
    tab_requested = Signal(str)
    today_changed = Signal(object)
    year_changed = Signal(int)
    #: findings computed on the worker thread are available
    findings_ready = Signal()

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
        self._worker: threading.Thread | None = None
        self._generation = 0
        self.data_changed.connect(self._invalidate)
        self.project_selected.connect(self._remember_project)

    @property
    def findings_known(self) -> bool:
        return self._findings is not None

    def findings(self) -> list[Finding]:
        """The engine's findings over the whole store for `today` (cached until data changes)."""
        worker = self._worker
        if worker is not None:
            worker.join()
        if self._findings is None:
            self._findings = self._evaluate(self.store, self.today)
        return self._findings

    def cached_findings(self) -> list[Finding]:
        """What is known now, without waiting (empty while the first computation runs)."""
        return self._findings or []

    def refresh_in_background(self) -> None:
        if self._worker is not None:
            return
        generation = self._generation
        today = self.today

        def work() -> None:
            try:
                result = self._evaluate(self.store, today)
            except Exception:  # the UI thread recomputes and reports on its next call
                log.exception("background evaluation failed")
                result = None
            if result is not None and generation == self._generation:
                self._findings = result
            self._worker = None
            self.findings_ready.emit()  # queued to the UI thread

        self._worker = threading.Thread(target=work, name="findings", daemon=True)
        self._worker.start()

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
        worker = self._worker
        if worker is not None:
            worker.join()
        self._generation += 1
        self._findings = None

    def _remember_project(self, project_id: int) -> None:
        self.current_project_id = project_id
