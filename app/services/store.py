"""Opening the database: a store with the audit trail installed.

Every store the GUI, the CLI, the tools and the tests use comes from `open_store`: it opens the
database (app.models.db.open_database: what the file is, its location, the schema upgrade, the
role) and installs the audit listener (app.services.audit.install) on its session factory
before any session is made, so every ORM change made through the store is recorded. The
dependency points one way — services → models: the store knows nothing of the audit trail.
`app.models.db.open_store`, which packaging/launcher.py still imports, refuses to open a store
until this module has registered `install_audit` with it.
"""

from __future__ import annotations

from app.models.db import STORE_SETUP, Store, open_database
from app.models.location import Location
from app.services.audit import install


def open_store(
    db: str | None = None,
    *,
    read_only: bool = False,
    create: bool = True,
    role: str | None = None,
    location: Location | None = None,
) -> Store:
    """`open_database` (same arguments, same refusals) with the audit trail installed."""
    store = open_database(db, read_only=read_only, create=create, role=role, location=location)
    install_audit(store)
    return store


def install_audit(store: Store) -> None:
    """Record every ORM change made through the store's sessions (idempotent)."""
    install(store.session_factory)


# app.models.db.open_store (kept for the frozen build's launcher) hands out stores only with it
if install_audit not in STORE_SETUP:
    STORE_SETUP.append(install_audit)
