"""State shared by every tab: the store, "today", the plan year, undo, the findings.

Tabs never talk to each other directly: they listen to these signals and call services.

Findings are kept in the store (`app.services.kept`): after an edit, a new "today" or at start,
only what changed or expired is evaluated again. A small refresh (at most SYNC_OWNERS projects
to evaluate: an edit, a new day) runs at once on the GUI thread, so the edited project's
findings, its unit's and its duplicates' are current when the edit returns; a larger one runs
on a worker thread (a full run in a child process, whose memory leaves with it) and
`findings_ready` is emitted when it is done. Meanwhile the tabs show the kept findings as they
were, and `findings_known` is False ("Checking…").

Tabs read through `counts()` (every project's open findings by severity: what the project list
and the status bar show), `project_findings(id)` and `findings_with(codes)`; `findings()` gives
all of them (read on demand: at 100,000 projects that is 400,000 findings). Where findings
cannot be kept (a server database, a read-only file whose kept findings are not current) the
same reading is served from a full evaluation in memory.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from app.models.db import Store
from app.rules.findings import Finding
from app.services.kept_view import KeptView, ListView, kept_findings_possible

log = logging.getLogger(__name__)
#: a refresh evaluating at most this many projects runs at once on the GUI thread
SYNC_OWNERS = 300
#: above this many, on a child process (a full run at 10,000 projects peaks near 150 MB)
CHILD_ABOVE = 5_000


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

    def __init__(self, store: Store, today: date, year: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.today = today
        self.year = year
        self.undo_stack = QUndoStack(self)
        self.current_project_id: int | None = None
        #: what the tabs read: the kept findings as they are (stale until the first check), or
        #: findings evaluated in memory where none can be kept
        self._view: KeptView | ListView | None = (
            KeptView(store) if kept_findings_possible(store) else None
        )
        self._known = False
        self._worker: threading.Thread | None = None
        self._want = False
        self._full_wanted = False  # the next run evaluates everything again (Re-run checks)
        self._kept_before: KeptView | None = None
        self._generation = 0
        #: the start-up check is to come (the main window starts it after its first paint)
        self.start_pending = False
        self.last_refresh: Any = None  # kept.Refreshed of the last refresh (bench, tests)
        self._worker_done.connect(self._on_worker_done)
        self.data_changed.connect(self._invalidate)
        self.project_selected.connect(self._remember_project)

    # ------------------------------------------------------------------ findings
    @property
    def findings_known(self) -> bool:
        """The findings shown are current for the data and `today` (not only as they were)."""
        return self._known and self._view is not None

    @property
    def findings_state(self) -> tuple[int, int, bool]:
        """Changes whenever the data, `today` or the findings read change: a tab that loaded
        with this state has nothing new to read (an edit's data_changed and the findings_ready
        of its check come one after the other)."""
        return (self._generation, id(self._view), self.findings_known)

    def _reader(self) -> Any:
        if self._view is None:
            self.check_now(wait=True)
        return self._view

    def counts(self) -> Mapping[int, Any]:
        """Project id → open findings by severity (kept.Counts), for projects that have any;
        as kept when nothing is known yet (empty before the first check)."""
        return self._view.counts() if self._view is not None else {}

    def totals(self) -> Any:
        """Open findings by severity over the whole store (kept.Counts)."""
        return self._reader().totals()

    def project_findings(self, project_id: int) -> list[Finding]:
        return list(self._reader().of_project(project_id))

    def current_findings_of(self, project_id: int) -> list[Finding]:
        """The project's findings, brought up to date first: what a document about it states
        (not every finding of the store: 500,000 of them at 100,000 projects)."""
        if not self.findings_known:
            self.check_now(wait=True)
        return self.project_findings(project_id)

    def findings_with(self, codes: Iterable[str]) -> list[Finding]:
        return list(self._reader().with_codes(codes))

    def findings(self) -> list[Finding]:
        """Every finding for `today`, current (all of them: the tabs ask for less)."""
        if not self.findings_known:
            self.check_now(wait=True)
        return self._reader().all()

    def check_now(self, *, wait: bool = False) -> bool:
        """Bring the findings up to date at once when that is small (or `wait`); otherwise start
        it on the worker. True when they are current on return."""
        if self._worker is not None:
            if not wait:
                self._want = True
                return False
            self.wait_for_checks()
            if self._known:
                return True
        from app.services import kept

        try:
            result = kept.refresh(self.store, self.today, max_owners=None if wait else SYNC_OWNERS)
        except kept.KeptUnavailable as exc:
            if not wait:
                self.refresh_in_background()
                return False
            log.info("findings evaluated in memory: %s", exc)
            from app.services.snapshot import evaluate_store

            self._set_view(ListView(evaluate_store(self.store, self.today)))
            return True
        if result.deferred:
            self.refresh_in_background()
            return False
        self.last_refresh = result
        previous = self._kept_before
        self._set_view(previous.after(result.changed) if previous is not None and not result.full else KeptView(self.store))  # fmt: skip
        return True

    def _set_view(self, view: Any) -> None:
        self._view = view
        self._known = True
        self.findings_ready.emit()

    def wait_for_checks(self) -> None:
        """Block until no background run is pending (exit, tests); the start-up check, if it
        is still to come, starts now (closing the store drops it first: `drop_start`)."""
        from PySide6.QtCore import QCoreApplication

        if self.start_pending:
            self.start_checking()
        while self._worker is not None or self._want:
            worker = self._worker
            if worker is not None:
                worker.join()
            QCoreApplication.processEvents()

    def recheck_everything(self) -> None:
        """Evaluate every project again from nothing, on the worker (the kept findings are a
        cache: this is the way to rebuild it by hand); the tabs reload meanwhile."""
        self._full_wanted = True
        self.data_changed.emit()

    def start_checking(self) -> None:
        """At start: bring the findings up to date on the worker, unless something already has."""
        self.start_pending = False
        if not self._known:
            self.refresh_in_background()

    def drop_start(self) -> None:
        """The start-up check is not to come (its store is closing)."""
        self.start_pending = False

    def refresh_in_background(self) -> None:
        self._want = True
        if self._worker is None:
            self._start_worker()

    def _start_worker(self) -> None:
        self._want = False
        generation, today, store, full = self._generation, self.today, self.store, self._full_wanted
        self._full_wanted = False

        def work() -> None:
            from app.services import kept

            result: Any = None
            try:
                try:
                    refreshed = kept.refresh(store, today, full=full, max_owners=CHILD_ABOVE)
                    if refreshed.deferred:  # a large run: its memory leaves with a child process
                        refreshed = kept.refresh_in_child(store, today, full=full)
                    view = KeptView(store)
                    view.totals()  # the counts read here, not on the GUI thread
                    result = (view, refreshed)
                except kept.KeptUnavailable:
                    from app.services.snapshot import evaluate_store

                    memory = ListView(evaluate_store(store, today))
                    memory.totals()
                    result = (memory, None)
            except Exception:  # the GUI thread evaluates (and reports) on its next call
                log.exception("background evaluation failed")
                result = None
            self._worker = None
            self._worker_done.emit(generation, result)

        self._worker = threading.Thread(target=work, name="findings", daemon=True)
        self._worker.start()

    def _on_worker_done(self, generation: int, result: Any) -> None:
        if result is not None and generation == self._generation and not self._want:
            view, refreshed = result
            if self._known:
                return  # a check on this thread got there first, for the same data and day
            if refreshed is not None:
                self.last_refresh = refreshed
            self._set_view(view)
        elif self._want and self._worker is None:
            self._start_worker()  # the data or the day changed while it ran: run again
        elif result is None and generation == self._generation:
            self._known = False

    def _invalidate(self) -> None:
        """The data or `today` changed: what is shown stays until the new findings are in."""
        self._generation += 1
        self._known = False
        # what was current until now: the next small check updates it rather than rereading
        self._kept_before = self._view if isinstance(self._view, KeptView) else None
        if self._full_wanted:
            self.refresh_in_background()
        else:
            self.check_now()

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
