"""Undoable edits: every change to a project goes through `run_edit`.

The first application happens before the command is pushed, so a refused edit (validation,
a busy database) shows its message and never lands on the undo stack. Undo and redo restore
the project's rows from snapshots taken around that first application.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMessageBox, QWidget

from app.models.db import StoreError
from app.services.editing import Invalid
from app.services.history import ProjectDump
from app.services.undo import (
    Edit,
    StoreBusy,
    StoreWriteFailed,
    apply_bulk_edit,
    apply_edit,
    restore_projects,
)
from app.ui.context import WorkbenchContext
from app.ui.models.findings_table import ui_language

log = logging.getLogger(__name__)


class ProjectEditCommand(QUndoCommand):
    def __init__(self, ctx: WorkbenchContext, text: str, project_id: int | None, before: ProjectDump | None,
                 after_id: int, after: ProjectDump | None) -> None:  # fmt: skip
        super().__init__(text)
        self.ctx = ctx
        self.before = before
        self.after = after
        self.project_id = after_id if project_id is None else project_id
        self._applied = True  # the first redo() is a no-op: run_edit already applied it

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self._restore(self.after)

    def undo(self) -> None:
        self._restore(self.before)

    def _restore(self, dump: ProjectDump | None) -> None:
        try:
            restore_projects(self.ctx.store, {self.project_id: dump})
        except StoreError as exc:
            log.exception("undo/redo failed")
            show_error(None, exc)
            return
        self.ctx.data_changed.emit()


def apply_then(project_id: int, _result: None) -> int:
    """For one-line edits: `lambda s: apply_then(pid, set_x(s, pid, ...))` runs set_x, returns pid."""
    return project_id


def run_edit(ctx: WorkbenchContext, text: str, project_id: int | None, edit: Edit, parent: QWidget | None = None) -> int | None:  # fmt: skip
    """Apply `edit` in one write transaction and push it on the undo stack.

    Returns the project id, or None when the store refused the edit (the message has been
    shown). `Invalid` propagates, so that forms can show it beside the field.
    """
    try:
        applied = apply_edit(ctx.store, project_id, edit)
    except StoreError as exc:
        log.exception("edit refused by the store")
        show_error(parent, exc)
        return None
    new_id = applied.project_id
    ctx.undo_stack.push(
        ProjectEditCommand(ctx, text, project_id, applied.before, new_id, applied.after)
    )
    ctx.data_changed.emit()
    return new_id


def show_error(parent: QWidget | None, exc: Exception) -> None:
    english = ui_language() == "en"
    if isinstance(exc, StoreBusy):
        text = QCoreApplication.translate("commands", "The database is busy (another program is writing). Please try again.")  # fmt: skip
    elif isinstance(exc, StoreWriteFailed):
        text = QCoreApplication.translate("commands", "The change could not be saved: %1").replace(
            "%1", exc.detail
        )
    elif isinstance(exc, (StoreError, Invalid)):
        text = exc.message_en if english else exc.message_zh
    else:
        text = QCoreApplication.translate("commands", "The change could not be saved: %1").replace(
            "%1", str(exc)
        )
    QMessageBox.warning(parent, QCoreApplication.translate("commands", "ReviewDesk"), text)


class BulkEditCommand(ProjectEditCommand):
    """One undo step for an edit of many projects at once (an edited plan table brought back):
    `before`/`after` hold a dump per project, and undo/redo restore them all in one transaction."""

    def __init__(self, ctx: WorkbenchContext, text: str, before: dict[int, ProjectDump | None],
                 after: dict[int, ProjectDump | None]) -> None:  # fmt: skip
        QUndoCommand.__init__(self, text)
        self.ctx = ctx
        self.before = before  # type: ignore[assignment]
        self.after = after  # type: ignore[assignment]
        self._applied = True  # the first redo() is a no-op: run_bulk_edit already applied it

    def _restore(self, dumps: dict[int, ProjectDump | None]) -> None:  # type: ignore[override]
        try:
            restore_projects(self.ctx.store, dumps)
        except StoreError as exc:
            log.exception("undo/redo failed")
            show_error(None, exc)
            return
        self.ctx.data_changed.emit()


def run_bulk_edit(ctx: WorkbenchContext, text: str, project_ids: list[int],
                  edit: Callable[[Any], object], parent: QWidget | None = None) -> object | None:  # fmt: skip
    """Apply `edit` to the given projects in one write transaction, as one undo step.

    Returns what `edit` returned, or None when the store refused it (the message has been shown).
    """
    try:
        applied = apply_bulk_edit(ctx.store, project_ids, edit)
    except StoreError as exc:
        log.exception("bulk edit refused by the store")
        show_error(parent, exc)
        return None
    ctx.undo_stack.push(BulkEditCommand(ctx, text, applied.before, applied.after))
    ctx.data_changed.emit()
    return applied.result
