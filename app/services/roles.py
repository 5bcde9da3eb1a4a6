"""Role checks for the services (SEC-7): DRC-only operations refuse a reviewer before any change.

Every public service function that writes is marked:

- `@drc_only("…", "…")` (the operation in Chinese and English): refuses `Role.REVIEWER` with `PermissionDenied` before its body runs;
- `@reviewer_may("…", "…")`: a write a reviewer may do (their own review forms).

The role comes from the function's Store argument (`store.role`) or Session argument
(`session.info["role"]`, set by `Store.write()`/`Store.read()`). A session that no Store made
counts as DRC (tests, migrations). Below this, reviewer sessions refuse to flush rows other
than their own review records (app.models.roles), so a writer that misses its mark still
cannot change project facts. tests/reliability/test_sec_roles.py holds the registry of every
public service function and fails on a new writer that is not marked.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from app.models.db import Store
from app.models.roles import PermissionDenied, Role

F = TypeVar("F", bound=Callable[..., Any])

DRC_ONLY = "drc_only"
REVIEWER_MAY = "reviewer_may"


def role_of(value: Any) -> Role | None:
    """The role a Store or Session argument carries; None for any other value."""
    if isinstance(value, Store):
        return Role(value.role)
    if isinstance(value, Session):
        return Role(value.info.get("role", Role.DRC))
    return None


def _find_role(signature: inspect.Signature, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Role:
    bound = signature.bind_partial(*args, **kwargs)
    for value in bound.arguments.values():
        role = role_of(value)
        if role is not None:
            return role
    raise TypeError("a role-checked service function needs a Store or Session argument")


def drc_only(operation_zh: str, operation_en: str) -> Callable[[F], F]:
    """Only DRC staff may run the decorated function; the refusal names the operation in the
    user's language (`operation_zh`, `operation_en`)."""

    def decorate(function: F) -> F:
        signature = inspect.signature(function)

        @functools.wraps(function)
        def checked(*args: Any, **kwargs: Any) -> Any:
            role = _find_role(signature, args, kwargs)
            if role != Role.DRC:
                raise PermissionDenied(operation_zh, operation_en, role)
            return function(*args, **kwargs)

        checked.__role_policy__ = (DRC_ONLY, operation_zh, operation_en)  # type: ignore[attr-defined]
        return checked  # type: ignore[return-value]

    return decorate


def reviewer_may(operation_zh: str, operation_en: str) -> Callable[[F], F]:
    """A write a reviewer may do too (their own review records); marked for the registry."""

    def decorate(function: F) -> F:
        function.__role_policy__ = (REVIEWER_MAY, operation_zh, operation_en)  # type: ignore[attr-defined]
        return function

    return decorate


def policy(function: Any) -> tuple[str, str, str] | None:
    """(DRC_ONLY or REVIEWER_MAY, the operation in Chinese, in English), None when unmarked."""
    value = getattr(function, "__role_policy__", None)
    return value if isinstance(value, tuple) else None


def refuse_unless_allowed(function: Any, role: str | Role | None) -> None:
    """Raise the refusal `function` would raise for `role`, before anything is opened or
    created (the command line checks a DRC-only command before it touches a file)."""
    from app.models.roles import parse_role

    marked = policy(function)
    checked = parse_role(role)
    if marked is not None and marked[0] == DRC_ONLY and checked != Role.DRC:
        raise PermissionDenied(marked[1], marked[2], checked)
