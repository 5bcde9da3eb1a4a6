"""Logical content of a SQLite file, shared by the backup (DB-5) and migration (MIG) tests."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path


def dump_hash(path: Path) -> str:
    """SHA-256 of the file's `iterdump()`: equal for logically identical databases."""
    conn = sqlite3.connect(path)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()
