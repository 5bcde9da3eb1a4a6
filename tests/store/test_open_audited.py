"""Every store handed out records its changes in the audit trail (issue 13: the store does not
install the audit trail itself; app.services.store.open_store does, and app.models.db.open_store,
kept for the frozen build's launcher, only with the set-up app.services.store registers)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.models import AuditEntry, Unit, db
from app.models.db import Store
from app.services.store import install_audit, open_store


def entries_after_a_change(store: Store) -> int:
    with store.write() as session:
        session.add(Unit(name="审计单位", short_name="审计"))
    with store.read() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)


@pytest.mark.sqlite_only
def test_the_service_opens_an_audited_store(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "a.db"))
    try:
        assert entries_after_a_change(store) == 1
    finally:
        store.close()


@pytest.mark.sqlite_only
def test_the_launchers_open_store_is_audited_too(tmp_path: Path) -> None:
    assert install_audit in db.STORE_SETUP
    store = db.open_store(str(tmp_path / "b.db"))
    try:
        assert entries_after_a_change(store) == 1
    finally:
        store.close()


@pytest.mark.sqlite_only
def test_the_launchers_open_store_refuses_without_the_audit_trail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "STORE_SETUP", [])
    with pytest.raises(RuntimeError, match="audit trail"):
        db.open_store(str(tmp_path / "c.db"))
    assert not (tmp_path / "c.db").exists()  # refused before anything was created


@pytest.mark.sqlite_only
def test_an_unaudited_database_records_nothing(tmp_path: Path) -> None:
    """What `install_audit` adds: open_database alone records no change (so the test above
    could fail)."""
    store = db.open_database(str(tmp_path / "d.db"))
    try:
        assert entries_after_a_change(store) == 0
    finally:
        store.close()
