"""SQLite's `PRAGMA quick_check` of a database file, begun early on a thread (standard library only).

Opening a database classifies the file first (app.models.migrate.classify): its quick_check reads
the whole file, 0.1 s of CPU at 10,000 projects and most of a second at 100,000. The GUI knows
which file it opens long before it opens it, while its modules load (Qt, SQLAlchemy, the
models: pure Python, on one core), and SQLite's check does not hold the interpreter's lock: begun
then (`begin`) on a thread, it runs on the other core. `classify` takes its result only when the
file (and its write-ahead log) have not changed since the check began; otherwise, or when none
was begun, it checks as before. Kept out of app.models on purpose: importing anything there
imports every model first, which is what the check runs beside.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from concurrent.futures import Future
from pathlib import Path

log = logging.getLogger(__name__)

#: resolved path → (the file's stamp when its check began, the check's first row)
_begun: dict[str, tuple[tuple[int, ...], Future[str | None]]] = {}
_lock = threading.Lock()


def _key(path: Path | str) -> str:
    return str(Path(path).resolve())


def stamp(path: Path | str) -> tuple[int, ...] | None:
    """Size and modification time of the file and of its write-ahead log, if that holds
    anything (opening a file in WAL mode makes an empty one); None when there is no file."""
    try:
        main = os.stat(path)
    except FileNotFoundError:
        return None
    try:
        wal = os.stat(f"{path}-wal")
    except FileNotFoundError:
        wal = None
    logged = (wal.st_size, wal.st_mtime_ns) if wal is not None and wal.st_size else (0, 0)
    return (main.st_size, main.st_mtime_ns, *logged)


def run(path: Path | str) -> str | None:
    """The first row of `PRAGMA quick_check` ("ok" when the file passes), read-only."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = conn.execute("PRAGMA quick_check").fetchone()
    finally:
        conn.close()
    return None if row is None else str(row[0])


def begin(path: Path | str) -> None:
    """Start the check of `path` on a daemon thread (nothing when there is no such file)."""
    when = stamp(path)
    if when is None:
        return
    future: Future[str | None] = Future()

    def check() -> None:
        try:
            future.set_result(run(path))
        except sqlite3.OperationalError as exc:  # locked, cannot open…: classify checks again
            log.info("early quick_check of %s failed: %s", path, exc)
            future.set_exception(exc)
        except sqlite3.DatabaseError as exc:  # malformed: what classify's own check finds
            future.set_result(f"{type(exc).__name__}: {exc}")
        except (sqlite3.Error, OSError) as exc:
            log.info("early quick_check of %s failed: %s", path, exc)
            future.set_exception(exc)

    with _lock:
        _begun[_key(path)] = (when, future)
    threading.Thread(target=check, name="quick-check", daemon=True).start()


def begun_result(path: Path | str) -> str | None:
    """The result of the check begun for `path`, if one was and the file is as it was then
    (it waits for the check to end); None otherwise (the caller checks the file itself).
    A result is used once."""
    with _lock:
        begun = _begun.pop(_key(path), None)
    if begun is None:
        return None
    when, future = begun
    try:
        result = future.result()
    except (sqlite3.Error, OSError):
        return None
    return result if stamp(path) == when else None
