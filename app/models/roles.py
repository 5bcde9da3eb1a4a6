"""Who is working: the role a store is opened with, enforced below the UI (SEC-7).

- `Role.DRC`: 区发展改革委 / 大数据发展局 staff — every operation.
- `Role.REVIEWER`: 评审专家 — may read, export documents and fill their own review forms
  (ProjectReview records); may not change project facts, checklist statuses, amounts, plan or
  budget, acceptance, imports, the expert pool, rounds, package merges, JSON import or restore.

The store carries the role (`open_store(..., role=...)`); its sessions carry it in
`session.info["role"]`. The services check it (`app/services/roles.py`).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from app.models.db import StoreError


class Role(StrEnum):
    DRC = "drc"
    REVIEWER = "reviewer"


ROLE_NAMES_ZH = {Role.DRC: "区发展改革委（区大数据发展局）工作人员", Role.REVIEWER: "评审专家"}
ROLE_NAMES_EN = {Role.DRC: "DRC staff", Role.REVIEWER: "expert reviewer"}


def parse_role(value: str | Role | None) -> Role:
    """`--role` text → Role; DRC when not given. Unknown text is refused, never guessed."""
    if value is None or value == "":
        return Role.DRC
    try:
        return Role(str(value).strip().lower())
    except ValueError:
        raise StoreError(
            "bad_role",
            f"未知的角色：{value}（可用：drc 工作人员，reviewer 评审专家）",
            f"unknown role: {value} (use drc or reviewer)",
        ) from None


class PermissionDenied(StoreError):
    """A reviewer asked for an operation reserved to DRC staff. Nothing was changed."""

    def __init__(self, operation_zh: str, operation_en: str, role: Role | str) -> None:
        role = Role(role)
        super().__init__(
            "permission_denied",
            f"当前身份（{ROLE_NAMES_ZH[role]}）无权执行此操作：{operation_zh}。"
            "此操作仅限区发展改革委（区大数据发展局）工作人员，数据未作任何修改。",
            f"Your role ({ROLE_NAMES_EN[role]}) may not do this: {operation_en}. "
            "Only DRC staff may; nothing was changed.",
        )
        self.operation = operation_en
        self.operation_zh = operation_zh
        self.role = role


#: the only tables a reviewer's session may change: their review records and the audit trail
REVIEWER_TABLES = frozenset({"project_reviews", "audit_entries", "audit_checkpoints"})


def _table_name(obj: Any) -> str:
    table = getattr(obj, "__table__", None)
    return str(getattr(table, "name", type(obj).__name__))


@event.listens_for(Session, "before_flush")
def _reviewer_flush_guard(session: Session, _context: Any, _instances: Any) -> None:
    """Backstop below the service checks: a reviewer's session never flushes other rows."""
    if session.info.get("role") != Role.REVIEWER:
        return
    dirty = [obj for obj in session.dirty if session.is_modified(obj)]
    for obj in (*session.new, *session.deleted, *dirty):
        if _table_name(obj) not in REVIEWER_TABLES:
            name = _table_name(obj)
            raise PermissionDenied(f"修改数据表 {name}", f"change table {name}", Role.REVIEWER)


@event.listens_for(Session, "do_orm_execute")
def _reviewer_statement_guard(state: ORMExecuteState) -> None:
    """The same for INSERT/UPDATE/DELETE statements run through a reviewer's session."""
    if state.session.info.get("role") != Role.REVIEWER:
        return
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        name = str(getattr(table, "name", "?"))
        if name not in REVIEWER_TABLES:
            raise PermissionDenied(f"修改数据表 {name}", f"change table {name}", Role.REVIEWER)
