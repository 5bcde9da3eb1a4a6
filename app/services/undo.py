"""Edits that can be undone: applied in one write transaction between snapshots of the projects
they concern, and restored from those snapshots (app.services.history).

The undo commands of the GUI (app.ui.commands) call these: the widget hands over an `Edit` — a
service function bound to its arguments, applied to the session of the transaction opened
here — and keeps the snapshots on its undo stack. A database that refuses the write (locked by
another program, or another failure of the engine) raises `StoreBusy` / `StoreWriteFailed`, so
that no caller above the services needs to know the engine's exceptions.

A reviewer may apply edits (`reviewer_may`): the service functions an edit calls carry their
own role marks (a reviewer's review form passes, a change of the amounts is refused). Restoring
snapshots is DRC-only, as `history.restore_project` is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.models.db import Store, StoreError
from app.services.history import ProjectDump, dump_project, restore_project
from app.services.roles import drc_only, reviewer_may

#: applies the edit; returns the id of the project it concerns (the new id for a creation)
Edit = Callable[[Session], int]


class StoreBusy(StoreError):
    """Another program holds the write lock."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            "busy",
            "数据库正忙（另一个程序正在写入），请稍后重试。",
            "The database is busy (another program is writing). Please try again.",
        )
        self.detail = detail


class StoreWriteFailed(StoreError):
    """The engine refused the write for another reason; `detail` says what it said."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            "write_failed", f"修改未能保存：{detail}", f"The change could not be saved: {detail}"
        )
        self.detail = detail


@contextmanager
def _writing(store: Store) -> Iterator[Session]:
    try:
        with store.write() as session:
            yield session
    except OperationalError as exc:
        detail = str(exc)
        raise (StoreBusy if "locked" in detail.lower() else StoreWriteFailed)(detail) from exc


@dataclass(frozen=True, slots=True)
class AppliedEdit:
    """An edit as applied: the project it concerns and its rows before and after."""

    project_id: int
    before: ProjectDump | None
    after: ProjectDump | None


@reviewer_may("修改项目数据（可撤销）", "change project data (undoable)")
def apply_edit(store: Store, project_id: int | None, edit: Edit) -> AppliedEdit:
    """Apply `edit` in one write transaction between snapshots of the project (`project_id`
    None: a creation, whose project is the id `edit` returns)."""
    with _writing(store) as session:
        before = dump_project(session, project_id) if project_id is not None else None
        new_id = edit(session)
        session.flush()
        return AppliedEdit(new_id, before, dump_project(session, new_id))


@dataclass(frozen=True, slots=True)
class AppliedBulkEdit:
    """An edit of several projects as applied: what the edit returned, every project's rows
    before and after."""

    result: object
    before: dict[int, ProjectDump | None]
    after: dict[int, ProjectDump | None]


@reviewer_may("批量修改项目数据（可撤销）", "change several projects' data (undoable)")
def apply_bulk_edit(
    store: Store, project_ids: list[int], edit: Callable[[Session], object]
) -> AppliedBulkEdit:
    """Apply `edit` to the given projects in one write transaction, between snapshots."""
    with _writing(store) as session:
        before = {pid: dump_project(session, pid) for pid in project_ids}
        result = edit(session)
        session.flush()
        return AppliedBulkEdit(result, before, {pid: dump_project(session, pid) for pid in project_ids})  # fmt: skip


@drc_only("恢复项目数据（撤销/重做）", "restore project data (undo/redo)")
def restore_projects(store: Store, dumps: dict[int, ProjectDump | None]) -> None:
    """Put the projects back as the snapshots hold them (undo / redo), in one transaction."""
    with _writing(store) as session:
        for project_id, dump in dumps.items():
            restore_project(session, project_id, dump)
