"""State shared by every tab: the store, "today", the plan year, undo, cached findings.

Tabs never talk to each other directly: they listen to these signals and call services.

Findings are computed by the engine over the whole store. `findings()` returns the cached list,
computing it synchronously when there is none. `refresh_in_background()` computes it on a
worker thread and emits `findings_ready` when done; start-up uses it so that the window shows
before a large dataset has been checked.

After an edit of one project on a large dataset (a full run slower than SLOW_SECONDS), the
edited project's own findings are recomputed at once from its facts alone, and a full run —
which also refreshes what depends on other projects (duplicates, unit restrictions, O&M
eligibility) — follows on the worker thread; the UI keeps working meanwhile.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from app.models.db import Store
from app.rules.findings import Finding

log = logging.getLogger(__name__)
SLOW_SECONDS = 0.5


class WorkbenchContext(QObject):
    #: after any write through a service (tabs reload what they show)
    data_changed = Signal()
    #: the project the user is working on (id), from any tab
    project_selected = Signal(int)
    #: ask the main window to show a tab ("projects", "dossier", "budget", "acceptance", "deadlines")
    tab_requested = Signal(str)
    today_changed = Signal(object)
    year_changed = Signal(int)
    #: a background run replaced the findings (tabs showing findings refresh)
    findings_ready = Signal()
    _worker_done = Signal(int, object)  # generation, result (queued from the worker thread)

    def __init__(
        self,
        store: Store,
        today: date,
        year: int,
        evaluate: Callable[[Store, date], list[Finding]],
        parent: QObject | None = None,
        evaluate_project: Callable[[Store, date, int], list[Finding]] | None = None,
        cross_project_codes: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.today = today
        self.year = year
        self.undo_stack = QUndoStack(self)
        self.current_project_id: int | None = None
        self._evaluate = evaluate
        self._evaluate_project = evaluate_project
        self._cross_codes = cross_project_codes
        self._findings: list[Finding] | None = None
        self._worker: threading.Thread | None = None
        self._want_full = False
        self._generation = 0
        self._edited: int | None = None
        self.last_full_seconds = 0.0
        self._worker_done.connect(self._on_worker_done)
        self.data_changed.connect(self._invalidate)
        self.project_selected.connect(self._remember_project)

    # ------------------------------------------------------------------ findings
    @property
    def findings_known(self) -> bool:
        return self._findings is not None

    def findings(self) -> list[Finding]:
        """The findings over the whole store for `today` (the cached, possibly provisional list)."""
        if self._findings is not None:
            return self._findings
        worker = self._worker
        if worker is not None:
            worker.join()
        if self._findings is None:
            self._findings = self._timed_full(self.today)
        return self._findings

    def cached_findings(self) -> list[Finding]:
        """What is known now, without waiting (empty while the first computation runs)."""
        return self._findings or []

    def wait_for_checks(self) -> None:
        """Block until no background run is pending (exit, tests)."""
        while self._worker is not None or self._want_full:
            worker = self._worker
            if worker is not None:
                worker.join()
            from PySide6.QtCore import QCoreApplication

            QCoreApplication.processEvents()

    def _timed_full(self, today: date) -> list[Finding]:
        started = time.perf_counter()
        result = self._evaluate(self.store, today)
        self.last_full_seconds = time.perf_counter() - started
        return result

    def refresh_in_background(self) -> None:
        self._want_full = True
        if self._worker is None:
            self._start_worker()

    def _start_worker(self) -> None:
        self._want_full = False
        generation, today = self._generation, self.today

        def work() -> None:
            try:
                result: list[Finding] | None = self._timed_full(today)
            except Exception:  # the UI thread recomputes (and reports) on its next call
                log.exception("background evaluation failed")
                result = None
            self._worker = None
            self._worker_done.emit(generation, result)

        self._worker = threading.Thread(target=work, name="findings", daemon=True)
        self._worker.start()

    def _on_worker_done(self, generation: int, result: list[Finding] | None) -> None:
        if result is not None and generation == self._generation and not self._want_full:
            self._findings = result
            self.findings_ready.emit()
        elif self._want_full and self._worker is None:
            self._start_worker()  # the data changed while it ran: run again

    def project_edited(self, project_id: int) -> None:
        """Called by the edit machinery just before `data_changed` for an edit of one project."""
        self._edited = project_id

    def _invalidate(self) -> None:
        edited, self._edited = self._edited, None
        old = self._findings
        self._generation += 1
        self._findings = None
        slow = self.last_full_seconds > SLOW_SECONDS
        if slow and edited is not None and old is not None and self._evaluate_project is not None:
            local = self._evaluate_project(self.store, self.today, edited)
            self._findings = [
                f for f in old if f.project_id != edited or f.code in self._cross_codes
            ] + local
            self.refresh_in_background()

    # ------------------------------------------------------------------ today, year, selection
    def set_today(self, today: date) -> None:
        if today != self.today:
            self.today = today
            self._invalidate()
            self.today_changed.emit(today)

    def set_year(self, year: int) -> None:
        if year != self.year:
            self.year = year
            self.year_changed.emit(year)

    def select_project(self, project_id: int | None) -> None:
        """Make `project_id` the current project of every tab and dock (no signal when it
        already is: tabs call this from their own selection handlers)."""
        if project_id is not None and project_id != self.current_project_id:
            self.project_selected.emit(project_id)

    def _remember_project(self, project_id: int) -> None:
        self.current_project_id = project_id
