"""Snapshots of one project's rows, for undo and redo of any edit or deletion.

A `ProjectDump` holds the project row and every row that hangs off it (documents and their
parts, approvals, list entries, plan / budget / rolling lines, acceptance, O&M requests,
orders, evaluations, reviews, participants), read through the table metadata so that new
tables are covered without code here. `restore_project` puts a project back exactly as
dumped — same ids — or removes it when the dump is None (undo of a creation).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.orm import Session

from app.models import Base
from app.services.audit import record_restore
from app.services.roles import drc_only

PROJECTS: Table = Base.metadata.tables["projects"]


def _child_tables() -> list[tuple[Table, str]]:
    """(table, column) for every table with a foreign key to projects.id, parents first."""
    found = []
    for table in Base.metadata.sorted_tables:
        if table is PROJECTS:
            continue
        for fk in table.foreign_keys:
            if fk.column.table is PROJECTS and fk.parent.name != "system_project_id":
                found.append((table, fk.parent.name))
    return found


def _grandchild_tables(parents: list[Table]) -> list[tuple[Table, str, Table]]:
    """(table, column, parent) for tables hanging off a child table (e.g. document_parts)."""
    found = []
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table in parents and fk.column.table is not table:
                found.append((table, fk.parent.name, fk.column.table))
    return found


CHILDREN = _child_tables()
GRANDCHILDREN = _grandchild_tables([t for t, _c in CHILDREN])


@dataclass
class ProjectDump:
    project_id: int
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: O&M projects whose system_project_id points here (SET NULL on delete)
    maintained_by: list[int] = field(default_factory=list)


def dump_project(session: Session, project_id: int) -> ProjectDump | None:
    row = session.execute(select(PROJECTS).where(PROJECTS.c.id == project_id)).mappings().first()
    if row is None:
        return None
    dump = ProjectDump(project_id, {"projects": [dict(row)]})
    child_ids: dict[str, list[int]] = {}
    for table, column in CHILDREN:
        rows = [dict(r) for r in session.execute(
            select(table).where(table.c[column] == project_id).order_by(table.c.id)).mappings()]  # fmt: skip
        dump.rows[table.name] = rows
        child_ids[table.name] = [r["id"] for r in rows]
    for table, column, parent in GRANDCHILDREN:
        ids = child_ids.get(parent.name, [])
        dump.rows[table.name] = [dict(r) for r in session.execute(
            select(table).where(table.c[column].in_(ids)).order_by(table.c.id)).mappings()] if ids else []  # fmt: skip
    dump.maintained_by = list(
        session.scalars(select(PROJECTS.c.id).where(PROJECTS.c.system_project_id == project_id))
    )
    return dump


def _clear_children(session: Session, project_id: int) -> None:
    for table, column, parent in reversed(GRANDCHILDREN):
        child_column = next(c for t, c in CHILDREN if t is parent)
        parent_ids = select(parent.c.id).where(parent.c[child_column] == project_id)
        session.execute(delete(table).where(table.c[column].in_(parent_ids)))
    for table, column in reversed(CHILDREN):
        session.execute(delete(table).where(table.c[column] == project_id))


@drc_only("恢复项目数据（撤销/重做）", "restore project data (undo/redo)")
def restore_project(session: Session, project_id: int, dump: ProjectDump | None) -> None:
    """Make the project's rows exactly `dump` (None: the project does not exist)."""
    exists = session.scalar(select(PROJECTS.c.id).where(PROJECTS.c.id == project_id)) is not None
    record_restore(session, project_id, dump_project(session, project_id), dump, "撤销/重做")
    if exists:
        _clear_children(session, project_id)
    if dump is None:
        if exists:
            session.execute(delete(PROJECTS).where(PROJECTS.c.id == project_id))
        session.expire_all()
        return
    project_row = dump.rows["projects"][0]
    if exists:
        values = {k: v for k, v in project_row.items() if k != "id"}
        session.execute(update(PROJECTS).where(PROJECTS.c.id == project_id).values(**values))
    else:
        session.execute(insert(PROJECTS).values(**project_row))
    for table, _column in CHILDREN:
        if dump.rows.get(table.name):
            session.execute(insert(table), dump.rows[table.name])
    for table, _column, _parent in GRANDCHILDREN:
        if dump.rows.get(table.name):
            session.execute(insert(table), dump.rows[table.name])
    if dump.maintained_by:
        session.execute(
            update(PROJECTS)
            .where(PROJECTS.c.id.in_(dump.maintained_by))
            .values(system_project_id=project_id)
        )
    session.expire_all()
