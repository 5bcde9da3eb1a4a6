"""A throw-away PostgreSQL for the DB-9 parity run, and the fixtures that point the tests at it.

`REVIEWDESK_TEST_PG=1 pytest tests/store tests/services ...` starts one server per pytest run
(Debian `postgresql`: `initdb` in a temporary folder, UNIX socket in that folder, fsync off) and
redirects every store the tests open on a file path to a PostgreSQL database of its own:

- the first `open_store("…/x.db")` of a path creates a fresh database from a template that the
  app's own migrations brought to head on PostgreSQL (so `open_store` → Alembic runs once per run);
- `demo_db` is a copy (`CREATE DATABASE … TEMPLATE`) of a demo database built once;
- databases made during a test are dropped when it ends; the folder is deleted at the end.

Tests that are about SQLite files (bytes, backups, locks, pragmas, WAL, classify) are marked
`sqlite_only` and skipped here with that reason. `PG_URL=postgresql+psycopg://…` uses an existing
server instead (each database is still created and dropped by the run).
"""

from __future__ import annotations

import itertools
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import URL, make_url

PG_ENV = "REVIEWDESK_TEST_PG"
SOCKET_PORT = 5432  # the socket sits in a private folder, so the usual port cannot clash
HEAD_TEMPLATE = "rd_head"
DEMO_TEMPLATE = "rd_demo"


def enabled() -> bool:
    return os.environ.get(PG_ENV, "") not in ("", "0")


def pg_bin(name: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if found:
        return str(found[-1])  # newest major version
    on_path = shutil.which(name)
    if on_path:
        return on_path
    raise RuntimeError(
        f"PostgreSQL program {name!r} not found; install the Debian package 'postgresql'"
    )


class PgServer:
    """initdb + postgres in a temporary folder, reachable by a UNIX socket in that folder.

    PostgreSQL refuses to run as root, so under root (CI) the folder is given to the `postgres`
    system user (or `nobody`) and the programs run through `runuser`.
    """

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="rdpg-"))
        self.data = self.folder / "data"
        self.user = self._run_as()
        self.started = False

    @staticmethod
    def _run_as() -> str | None:
        if os.geteuid() != 0:
            return None
        import pwd

        for name in ("postgres", "nobody"):
            try:
                pwd.getpwnam(name)
            except KeyError:
                continue
            return name
        raise RuntimeError("running as root and neither 'postgres' nor 'nobody' exists")

    def _cmd(self, *argv: str) -> list[str]:
        return ["runuser", "-u", self.user, "--", *argv] if self.user else list(argv)

    def start(self) -> None:
        if self.user:
            shutil.chown(self.folder, self.user)
        self.folder.chmod(0o700)
        subprocess.run(
            self._cmd(pg_bin("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
                      "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"),
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        options = (
            f"-k {self.folder} -p {SOCKET_PORT} -c listen_addresses='' -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
        )
        subprocess.run(
            self._cmd(pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"),
                      "-o", options, "-w", "-t", "60", "start"),
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        self.started = True

    def admin_url(self) -> URL:
        return URL.create(
            "postgresql+psycopg",
            username="postgres",
            database="postgres",
            query={"host": str(self.folder), "port": str(SOCKET_PORT)},
        )

    def stop(self) -> None:
        if self.started:
            subprocess.run(
                self._cmd(pg_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"),
                check=False, capture_output=True, text=True,
            )  # fmt: skip
            self.started = False
        shutil.rmtree(self.folder, ignore_errors=True)


class PgDatabases:
    """Creates and drops databases on one server; maps test file paths to them.

    Copying a template takes ~0.3 s of server time, so once a template is final a thread keeps
    `PREFETCH` copies of it ready while the tests run (the server works on the other core).
    """

    PREFETCH = 2

    def __init__(self, admin_url: URL) -> None:
        self.admin_url = admin_url
        self.admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", pool_size=1)
        self.by_path: dict[str, str] = {}
        self.counter = itertools.count(1)
        self.pending: list[str] = []  # made during the running test
        self.migrate_s = 0.0  # Alembic from empty to head on this server
        self.ready: dict[str, queue.Queue[str | BaseException]] = {}
        self.stopping = threading.Event()
        self.threads: list[threading.Thread] = []

    def prefetch(self, template: str) -> None:
        """From now on copies of `template` are made ahead (the template must not change)."""
        ready: queue.Queue[str | BaseException] = queue.Queue(maxsize=self.PREFETCH)
        self.ready[template] = ready

        def fill() -> None:
            engine = create_engine(self.admin_url, isolation_level="AUTOCOMMIT", pool_size=1)
            try:
                while not self.stopping.is_set():
                    name = f"rd_{os.getpid()}_{next(self.counter)}"
                    with engine.connect() as conn:
                        conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE {template}')
                    ready.put(name)
            except BaseException as exc:  # handed to the test that waits for a copy
                ready.put(exc)
            finally:
                engine.dispose()

        thread = threading.Thread(target=fill, name=f"pg-prefetch-{template}", daemon=True)
        thread.start()
        self.threads.append(thread)

    def stop_prefetch(self) -> None:
        self.stopping.set()
        for ready in self.ready.values():
            while True:  # unblock a thread waiting to put, then collect what it made
                try:
                    item = ready.get(timeout=0.5)
                except queue.Empty:
                    break
                if isinstance(item, str):
                    self.drop(item)
        for thread in self.threads:
            thread.join(timeout=30)

    def url(self, name: str) -> str:
        return self.admin_url.set(database=name).render_as_string(hide_password=False)

    def create(self, template: str | None = HEAD_TEMPLATE) -> str:
        ready = self.ready.get(template or "")
        if ready is not None:
            item = ready.get(timeout=120)
            if isinstance(item, BaseException):
                raise RuntimeError(f"could not copy {template}") from item
            return item
        name = f"rd_{os.getpid()}_{next(self.counter)}"
        clause = f" TEMPLATE {template}" if template else ""
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"{clause}')
        return name

    def drop(self, name: str) -> None:
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def for_path(self, path: str, template: str = HEAD_TEMPLATE) -> str:
        name = self.by_path.get(path)
        if name is None:
            name = self.create(template)
            self.by_path[path] = name
            self.pending.append(name)
        return self.url(name)

    def end_test(self) -> None:
        names, self.pending = self.pending, []
        stale = [p for p, n in self.by_path.items() if n in names]
        for path in stale:
            del self.by_path[path]
        for name in names:
            self.drop(name)

    def dispose(self) -> None:
        self.stop_prefetch()
        self.admin.dispose()


_server: PgServer | None = None
_databases: PgDatabases | None = None


def databases() -> PgDatabases:
    if _databases is None:
        raise RuntimeError("the PostgreSQL test server is not running")
    return _databases


def start_session() -> PgDatabases:
    """Start (or connect to) the server and build the head template with the app's migrations."""
    global _server, _databases
    existing = os.environ.get("PG_URL")
    if existing:
        admin = make_url(existing)
    else:
        _server = PgServer()
        _server.start()
        admin = _server.admin_url()
    _databases = PgDatabases(admin)
    _databases.drop(HEAD_TEMPLATE)
    _databases.drop(DEMO_TEMPLATE)
    with _databases.admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {HEAD_TEMPLATE}")
    from app.services.store import open_store

    started = time.perf_counter()
    open_store(_databases.url(HEAD_TEMPLATE), create=True).close()  # Alembic, empty → head
    _databases.migrate_s = time.perf_counter() - started
    _databases.prefetch(HEAD_TEMPLATE)
    return _databases


def stop_session() -> None:
    global _server, _databases
    if _databases is not None:
        if os.environ.get("PG_URL"):
            for name in (HEAD_TEMPLATE, DEMO_TEMPLATE, *_databases.by_path.values()):
                _databases.drop(name)
        _databases.dispose()
        _databases = None
    if _server is not None:
        _server.stop()
        _server = None


def redirect(value: str) -> str:
    """A sqlite file URL (what `resolve_url` made of a test path) → that path's PG database."""
    parsed = make_url(value)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return value
    return databases().for_path(str(parsed.database))


# --------------------------------------------------------------------------- pytest wiring
# tests/conftest.py imports these names when REVIEWDESK_TEST_PG is set, so they replace the
# SQLite fixtures of the same name.


@pytest.fixture(scope="session", autouse=True)
def _pg_server() -> Iterator[PgDatabases]:
    dbs = start_session()
    try:
        yield dbs
    finally:
        stop_session()


@pytest.fixture(autouse=True)
def _pg_redirect(_pg_server: PgDatabases, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    import app.models.db as db

    original = db.resolve_url
    monkeypatch.setattr(db, "resolve_url", lambda value=None: redirect(original(value)))
    yield
    _pg_server.end_test()


@pytest.fixture(scope="session")
def demo_db_template(_pg_server: PgDatabases, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo data built once into a template database (the path only names it)."""
    from app.services.demo import build_demo
    from app.services.store import open_store
    from tests.conftest import DEMO_TODAY_ISO

    with _pg_server.admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {DEMO_TEMPLATE} TEMPLATE {HEAD_TEMPLATE}")
    store = open_store(_pg_server.url(DEMO_TEMPLATE))
    with store.write() as session:
        build_demo(session, date.fromisoformat(DEMO_TODAY_ISO))
    store.close()
    _pg_server.prefetch(DEMO_TEMPLATE)
    return tmp_path_factory.mktemp("demo") / "demo.db"


@pytest.fixture
def demo_db(demo_db_template: Path, _pg_server: PgDatabases, tmp_path: Path) -> Path:
    target = tmp_path / "demo.db"
    _pg_server.for_path(str(target.resolve()), template=DEMO_TEMPLATE)
    return target


@pytest.fixture
def demo_copy(demo_db_template: Path, _pg_server: PgDatabases) -> Callable[[Path], Path]:
    def copy(target: Path) -> Path:
        _pg_server.for_path(str(target.resolve()), template=DEMO_TEMPLATE)
        return target

    return copy


def skip_sqlite_only(items: list[Any]) -> None:
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None:
            reason = marker.args[0] if marker.args else "SQLite file behaviour"
            item.add_marker(pytest.mark.skip(reason=f"sqlite_only: {reason}"))
