"""The content of a store as one hash, the same way on SQLite and PostgreSQL (DB-9, SEC-7).

Every table of the models (and the schema stamp), rows ordered by primary key, values by repr:
two calls on the same store agree exactly when no row changed.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import select

from app.models import Base


def content_hash(store: Any) -> str:
    digest = hashlib.sha256()
    with store.read() as session:
        for table in Base.metadata.sorted_tables:
            order = list(table.primary_key.columns) or list(table.columns)
            digest.update(f"\x1e{table.name}".encode())
            for row in session.execute(select(table).order_by(*order)):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()
