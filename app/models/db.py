"""Engine and session factory: SQLite pragmas, transactions, default location.

Services use `Store.write()` (BEGIN IMMEDIATE, commit on success) and `Store.read()`
(BEGIN, always rolled back). Any SQLAlchemy URL is accepted, so a team can point the
app at PostgreSQL; SQLite gets WAL, synchronous=FULL, foreign keys and a busy timeout.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

from app.models.location import Location, classify_location
from app.paths import DB_ENV, default_db_path

MIN_SQLITE = (3, 37, 0)
BUSY_TIMEOUT_MS = 5000
#: PostgreSQL: every write transaction takes this transaction-scoped advisory lock, so writers
#: are serialised as with SQLite's BEGIN IMMEDIATE (audit seq, next code, read-modify-write).
PG_WRITE_LOCK_KEY = 0x52445753  # "RDWS"


class StoreError(Exception):
    """A store problem with a message for the user in both languages."""

    def __init__(self, code: str, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en


def resolve_url(db: str | None) -> str:
    """`--db` value, else $REVIEWDESK_DB, else the default file; paths become sqlite URLs."""
    value = db or os.environ.get(DB_ENV) or str(default_db_path())
    if "://" in value:
        return value
    # absolute, but not resolve(): that would replace what the user typed with the disk's
    # spelling (C:\users for C:\Users under Wine, a symlink's target, on Windows a mapped
    # drive's \\server\share), and every message would name a path they never typed
    return sqlite_url(Path(os.path.abspath(Path(value).expanduser())))


def sqlite_url(path: Path) -> str:
    """The URL of an SQLite file, escaped: a name with `%`, `?` or `#` (all legal in file names)
    would otherwise be read back as another file (`a%20b.db` as `a b.db`, `a?b.db` as `a`)."""
    return URL.create("sqlite", database=str(path)).render_as_string(hide_password=False)


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite URL (None for a server or an in-memory database)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        return Path(str(parsed.database))
    return None


def describe_db(url: str) -> str:
    """A database as the user names it in messages: the file's path as typed (a URL would show
    `C:\\Users\\张三` as `C%3A%5CUsers%5C%E5%BC%A0…`), a server's URL without its password."""
    path = sqlite_path(url)
    return str(path) if path is not None else make_url(url).render_as_string(hide_password=True)


def _check_sqlite_version() -> None:
    if sqlite3.sqlite_version_info < MIN_SQLITE:
        raise StoreError(
            "sqlite_too_old",
            f"SQLite 版本过旧（{sqlite3.sqlite_version}），需要 3.37 或更高版本。",
            f"SQLite {sqlite3.sqlite_version} is too old; 3.37 or newer is required.",
        )


def make_engine(url: str, *, read_only: bool = False, location: Location | None = None) -> Engine:
    """An engine with the pragmas of RELIABILITY.md §2.1; `location` (classified from the path
    when None) decides the journal: WAL on a local disk; on a network share, removable drive or
    cloud-sync folder rollback journal with an exclusive lock and one connection, never WAL."""
    parsed = make_url(url)
    # hide_parameters: a database error's text (logged, shown, in a crash report) names the SQL
    # but not the values, which may be personal data (an expert's contact details; SEC-5)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, future=True, hide_parameters=True)
    _check_sqlite_version()
    on_file = bool(parsed.database) and parsed.database != ":memory:"
    if location is None:
        location = classify_location(str(parsed.database)) if on_file else Location.LOCAL
    shared = not location.is_local and on_file
    pool_args: dict[str, Any] = {"pool_size": 1, "max_overflow": 0} if shared else {}
    engine = create_engine(
        url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, hide_parameters=True, **pool_args
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" hook own the transactions (sqlite3 driver trap).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        if on_file:
            if shared:  # no shared memory across machines, no WAL for sync clients to tear
                cursor.execute("PRAGMA locking_mode=EXCLUSIVE")
            if read_only:
                cursor.execute("PRAGMA query_only=1")
            else:
                cursor.execute(f"PRAGMA journal_mode={'DELETE' if shared else 'WAL'}")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("begin_mode", "")
        conn.exec_driver_sql(f"BEGIN {mode}".strip())

    return engine


def is_disk_full(exc: BaseException) -> bool:
    """SQLITE_FULL (disk or `max_page_count` full) or ENOSPC, raw or wrapped by SQLAlchemy."""
    import errno

    inner = getattr(exc, "orig", None) or exc
    if getattr(inner, "sqlite_errorname", "") == "SQLITE_FULL":
        return True
    return isinstance(inner, OSError) and inner.errno == errno.ENOSPC


def disk_full_error() -> StoreError:
    return StoreError(
        "disk_full",
        "磁盘空间不足，本次修改未保存，数据库保持修改前的状态。请清理磁盘空间后重试。",
        "The disk is full: the change was not saved and the database is as it was before. Free some space and try again.",
    )


@dataclass
class Store:
    url: str
    engine: Engine
    session_factory: sessionmaker[Session]
    read_only: bool = False
    role: str = "drc"  # app.models.roles.Role; sessions carry it in session.info["role"]
    #: the user's name for the audit trail (set by the app); write sessions carry it in info["actor"]
    actor: str = ""

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction (BEGIN IMMEDIATE on SQLite); commits on success."""
        if self.read_only:
            raise StoreError(
                "read_only", "数据库以只读方式打开，不能修改。", "The database is open read-only."
            )
        with self.session_factory() as session:
            session.info["role"] = self.role
            session.info["actor"] = self.actor
            conn = session.connection(execution_options={"begin_mode": "IMMEDIATE"})
            if conn.dialect.name == "postgresql":
                _pg_write_lock(conn)
            try:
                yield session
                session.commit()
            except BaseException as exc:
                session.rollback()
                if getattr(getattr(exc, "orig", None), "sqlite_errorname", "") == "SQLITE_FULL":
                    raise disk_full_error() from exc
                raise

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read transaction; never commits."""
        with self.session_factory() as session:
            session.info["role"] = self.role
            try:
                yield session
            finally:
                session.rollback()

    def close(self) -> None:
        if self.engine.dialect.name == "sqlite" and not self.read_only and self.path is not None:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        self.engine.dispose()


def _pg_write_lock(conn: Any) -> None:
    """Wait up to the busy timeout for the office-wide writer lock (released at COMMIT/ROLLBACK)."""
    from sqlalchemy.exc import OperationalError

    conn.exec_driver_sql(f"SET LOCAL lock_timeout = {BUSY_TIMEOUT_MS}")
    try:
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK_KEY})")
    except OperationalError as exc:
        raise StoreError(
            "busy",
            "数据库正忙（其他用户正在写入），请稍后重试。",
            "The database is busy (another user is writing); please try again.",
        ) from exc


def _open_server(store: Store, read_only: bool) -> None:
    """A database server (PostgreSQL): no file to classify, lock or back up (the server's own
    backups, e.g. pg_dump, are the office's job). Newer schema refused; older one upgraded."""
    from app.models.migrate import current_revision, head_revision, known_revisions, upgrade

    revision = current_revision(store.engine)
    if revision == head_revision():
        return
    if revision is not None and revision not in known_revisions():
        store.engine.dispose()
        raise StoreError(
            "too_new",
            f"该数据库由更新版本的 ReviewDesk 创建（版本 {revision}），请升级程序后再打开。",
            f"This database was written by a newer ReviewDesk (schema {revision}); update the program to open it.",
        )
    if read_only:
        store.engine.dispose()
        raise StoreError(
            "needs_upgrade",
            "该数据库需要升级到当前版本，只读方式下无法升级。",
            "This database needs an upgrade, which cannot happen read-only.",
        )
    upgrade(store.engine, None)  # one transaction (transactional DDL): all or nothing


#: what every store `open_store` hands out gets before its first session: the audit trail.
#: app.services.store registers it when imported; this module never reaches up for it.
STORE_SETUP: list[Callable[[Store], None]] = []


def open_store(
    db: str | None = None,
    *,
    read_only: bool = False,
    create: bool = True,
    role: str | None = None,
    location: Location | None = None,
) -> Store:
    """`open_database` and then the registered set-up (the audit trail); refuses while none is
    registered, so that no store is ever handed out without its audit trail.

    New code opens stores with `app.services.store.open_store` (the same, without the
    registry); this one stays for callers that cannot change with the app's code (the frozen
    build's launcher, packaging/launcher.py), which import the services first."""
    if not STORE_SETUP:
        raise RuntimeError(
            "no audit trail registered: open stores with app.services.store.open_store"
        )
    store = open_database(db, read_only=read_only, create=create, role=role, location=location)
    for setup in STORE_SETUP:
        setup(store)
    return store


def open_database(
    db: str | None = None,
    *,
    read_only: bool = False,
    create: bool = True,
    role: str | None = None,
    location: Location | None = None,
) -> Store:
    """Open the database after checking what the file is; bring its schema to the head revision.

    The store comes back without the audit trail: open it through
    `app.services.store.open_store`, which installs the audit listener before any session is
    made (the store does not reach up into the services layer for it).

    A file that is not SQLite, is corrupt, or was written by a newer ReviewDesk is refused with
    a message in both languages and is never written to. An older schema is upgraded (after a
    backup) unless the store is opened read-only. `role` (drc, reviewer) limits what the
    services let this store do (app.models.roles). `location` (classified from the path when
    None) keeps a file on a network share or in a cloud-sync folder out of WAL (`make_engine`).
    """
    from app.models.migrate import DbState, classify, upgrade
    from app.models.roles import parse_role

    url = resolve_url(db)
    checked_role = parse_role(role)
    engine = make_engine(url, read_only=read_only, location=location)
    store = Store(url, engine, sessionmaker(engine, expire_on_commit=False), read_only)
    store.role = checked_role
    path = store.path
    if path is None:
        if make_url(url).get_backend_name() != "sqlite":
            _open_server(store, read_only)  # e.g. PostgreSQL: Alembic brings it to head
        elif create and not read_only:
            upgrade(engine, None)  # in-memory SQLite
        return store
    state, revision = classify(path)
    refusals = {
        DbState.NOT_SQLITE: ("not_sqlite", f"该文件不是 ReviewDesk 数据库（不是 SQLite 文件）：{path}",
                             f"This is not a ReviewDesk database (not an SQLite file): {path}"),
        DbState.CORRUPT: ("corrupt", f"数据库文件已损坏，请从备份恢复：{path}",
                          f"The database file is damaged; restore it from a backup: {path}"),
        DbState.TOO_NEW: ("too_new", f"该数据库由更新版本的 ReviewDesk 创建（版本 {revision}），请升级程序后再打开。",
                          f"This database was written by a newer ReviewDesk (schema {revision}); update the program to open it."),
    }  # fmt: skip
    if state in refusals:
        engine.dispose()
        raise StoreError(*refusals[state])
    if state == DbState.EMPTY and path.stat().st_size == 0:
        from app.models.backups import backups_of

        if backups_of(path):  # it had data once: do not quietly start an empty database over it
            engine.dispose()
            raise StoreError(
                "empty_file",
                f"数据库文件为空（0 字节），其中的数据可能已丢失，请从备份恢复：{path}",
                f"The database file is empty (0 bytes); its data may have been lost. Restore it from a backup: {path}",
            )
    if state == DbState.MISSING and not create:
        engine.dispose()
        raise StoreError(
            "missing", f"数据库文件不存在：{path}", f"The database file does not exist: {path}"
        )
    if state in (DbState.MISSING, DbState.EMPTY, DbState.NEEDS_UPGRADE):
        if read_only:
            engine.dispose()
            raise StoreError(
                "needs_upgrade",
                "该数据库需要升级到当前版本，只读方式下无法升级。",
                "This database needs an upgrade, which cannot happen read-only.",
            )
        if state == DbState.MISSING:
            path.parent.mkdir(parents=True, exist_ok=True)
        upgrade(engine, path if state == DbState.NEEDS_UPGRADE else None)
    return store
