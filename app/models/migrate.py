"""Schema versions: classify a database file, back it up, upgrade it to the head revision.

Classification only reads (URI `mode=ro`), so a file that fails a check is never written.
An upgrade backs the file up first, runs Alembic with foreign keys off, checks
`foreign_key_check` and `integrity_check` before committing, and restores the backup if
anything fails.
"""

from __future__ import annotations

import logging
import re
import shutil
import sqlite3
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect

import app.migrations
from app import quick_check
from app.models.base import Base
from app.models.db import StoreError, disk_full_error, is_disk_full
from app.paths import backups_dir

log = logging.getLogger(__name__)
SQLITE_MAGIC = b"SQLite format 3\x00"


class DbState(StrEnum):
    MISSING = "missing"
    EMPTY = "empty"  # a SQLite file without tables (or a zero-length file)
    NOT_SQLITE = "not_sqlite"
    CORRUPT = "corrupt"
    TOO_NEW = "too_new"  # stamped with a revision this app does not know
    NEEDS_UPGRADE = "needs_upgrade"  # older revision, or tables without a revision stamp
    OK = "ok"


if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

VERSIONS = Path(app.migrations.__file__).parent / "versions"
_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\s*=\s*(?:['\"]([^'\"]+)['\"]|None)", re.MULTILINE)


def revision_graph() -> dict[str, str | None]:
    """revision → down_revision, read from the version files without importing Alembic
    (start-up only needs to know whether the file is at head; Alembic loads when upgrading)."""
    graph: dict[str, str | None] = {}
    for script_file in sorted(VERSIONS.glob("*.py")):
        text = script_file.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN.search(text)
        if revision:
            graph[revision.group(1)] = down.group(1) if down else None
    return graph


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(app.migrations.__file__).parent))
    return config


def script() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    graph = revision_graph()
    parents = {down for down in graph.values() if down}
    heads = [rev for rev in graph if rev not in parents]
    if len(heads) != 1:
        raise RuntimeError(f"migrations must have exactly one head, found {heads}")
    return heads[0]


def known_revisions() -> set[str]:
    return set(revision_graph())


def classify(path: Path) -> tuple[DbState, str | None]:
    """What the file is, without writing to it. Returns (state, stamped revision)."""
    if not path.exists():
        return DbState.MISSING, None
    if path.stat().st_size == 0:
        return DbState.EMPTY, None
    with open(path, "rb") as handle:
        if handle.read(16) != SQLITE_MAGIC:
            return DbState.NOT_SQLITE, None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        log.warning("cannot open %s read-only: %s", path, exc)
        return DbState.CORRUPT, None
    try:
        # the GUI begins the check while its modules load (app.quick_check): taken if it did
        early = quick_check.begun_result(path)
        check = (early,) if early is not None else conn.execute("PRAGMA quick_check").fetchone()
        if not check or check[0] != "ok":
            return DbState.CORRUPT, None
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return DbState.EMPTY, None
        if "alembic_version" not in tables:
            # from before migrations existed it has our tables; else it is not our database
            # (or a stray -wal of another database shows through it)
            ours = tables >= set(Base.metadata.tables) - {"audit_entries", "audit_checkpoints"}
            return (DbState.NEEDS_UPGRADE if ours else DbState.CORRUPT), None
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        log.warning("%s failed its checks: %s", path, exc)
        return DbState.CORRUPT, None
    finally:
        conn.close()
    revision = row[0] if row else None
    if revision is None:
        return DbState.NEEDS_UPGRADE, None
    if revision not in known_revisions():
        return DbState.TOO_NEW, revision
    if revision != head_revision():
        return DbState.NEEDS_UPGRADE, revision
    return DbState.OK, revision


def backup(
    path: Path,
    reason: str,
    now: datetime | None = None,
    *,
    source: sqlite3.Connection | None = None,
) -> Path:
    """Copy a live database with the SQLite backup API and verify the copy.

    `now` stamps the file name (the clock by default; the daily backup passes the day it is for).
    `source` is an open connection to copy from (a store holding an exclusive lock); by default
    the file is opened read-only. The copy is made under a temporary name and renamed once it
    passed `integrity_check`, so a failed backup (disk full) never leaves a file that looks
    like a backup; the disk-full case raises the `disk_full` StoreError.
    """
    folder = backups_dir()
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{path.stem}-{stamp}-{reason}.db"
    partial = folder / f"{target.name}.partial"
    result = None
    try:
        folder.mkdir(parents=True, exist_ok=True)  # a file in its place is a failed backup too
        reader = source or sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        destination = sqlite3.connect(partial)
        try:
            reader.backup(destination)
            result = destination.execute("PRAGMA integrity_check").fetchone()
        finally:
            destination.close()
            if source is None:
                reader.close()
        if result and result[0] == "ok":
            partial.replace(target)
    except (sqlite3.Error, OSError) as exc:
        if partial.exists():  # (not when the folder itself is missing or a file)
            partial.unlink()
        if is_disk_full(exc):
            raise disk_full_error() from exc
        raise StoreError(
            "backup_failed",
            f"无法备份数据库（{exc}）。请检查备份文件夹 {folder} 是否可写、是否被其他程序占用。",
            f"cannot back up the database ({exc}); check that the backup folder {folder} is writable and not held by another program",
        ) from exc
    finally:
        if partial.exists():
            partial.unlink()
    if not result or result[0] != "ok":
        raise StoreError(
            "backup_failed",
            f"备份校验失败：{target}",
            f"the backup failed its integrity check: {target}",
        )
    return target


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def _has_app_tables(conn: Connection) -> bool:
    names = set(inspect(conn).get_table_names())
    return bool(names & set(Base.metadata.tables))


def _adopt_unversioned(conn: Connection, config: Config) -> None:
    """Tables without a version stamp (created before migrations existed): stamp them at head
    when they match the models exactly, otherwise refuse rather than guess."""
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from app.models.kept import KEPT_METADATA

    diff = compare_metadata(
        MigrationContext.configure(conn, opts={"compare_type": True}),
        [Base.metadata, KEPT_METADATA],  # type: ignore[arg-type]
    )
    if diff:
        raise RuntimeError(f"unversioned schema differs from this version's models: {diff[:3]}")
    command.stamp(config, "head")


def upgrade(engine: Engine, path: Path | None) -> None:
    """Bring the database to head; on SQLite with a backup first and a restore on failure."""
    before = current_revision(engine)
    if before == head_revision():
        return
    from alembic import command

    saved = backup(path, "pre-migration") if path is not None and path.stat().st_size > 0 else None
    try:
        with engine.connect() as conn:
            sqlite = engine.dialect.name == "sqlite"
            raw = conn.connection.driver_connection if sqlite else None
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=OFF")  # only takes effect outside a transaction
            try:
                with conn.begin():  # Alembic joins it: the checks run before COMMIT
                    config = alembic_config()
                    config.attributes["connection"] = conn
                    if before is None and _has_app_tables(conn):
                        _adopt_unversioned(conn, config)
                    else:
                        command.upgrade(config, "head")
                    if sqlite:
                        problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                        integrity = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
                        if problems or integrity != "ok":
                            raise RuntimeError(
                                f"after migration: {len(problems)} foreign-key problems, integrity {integrity}"
                            )
            finally:
                if raw is not None:
                    raw.execute("PRAGMA foreign_keys=ON")
    except Exception as exc:
        log.exception("migration failed")
        engine.dispose()
        from app import __version__

        version = before or "（空）"
        running = f"ReviewDesk {__version__}（数据库结构版本 {head_revision()}）"
        if saved is None or path is None:  # a server or a new file: the transaction rolled back
            raise StoreError(
                "migration_failed",
                f"数据库升级失败，升级事务已回滚；当前数据库版本仍为 {version}，本程序为 {running}。错误：{exc}",
                f"The database upgrade failed and was rolled back; the database is still at version {before}; this program is ReviewDesk {__version__} (schema {head_revision()}). Error: {exc}",
            ) from exc
        aside = _restore_after_failure(path, saved)
        raise StoreError(
            "migration_failed",
            f"数据库升级失败，已从升级前的备份恢复；当前数据库版本仍为 {version}，本程序为 {running}。"
            f"升级前的文件另存为 {aside.name}。错误：{exc}",
            f"The database upgrade failed and the pre-upgrade backup was restored; the database is still at version {before}; this program is ReviewDesk {__version__} (schema {head_revision()}). "
            f"The file as it was is kept as {aside.name}. Error: {exc}",
        ) from exc


def _restore_after_failure(path: Path, saved: Path) -> Path:
    """Put the pre-migration backup in place; the file set as it was (with its -wal, which
    the backup read through) is moved aside, never deleted. Returns the aside path."""
    aside = path.with_name(
        f"{path.stem}.failed-upgrade-{datetime.now():%Y%m%d-%H%M%S-%f}{path.suffix}"
    )
    path.replace(aside)
    wal = Path(str(path) + "-wal")
    if wal.exists():
        wal.replace(Path(str(aside) + "-wal"))
    Path(str(path) + "-shm").unlink(missing_ok=True)
    shutil.copyfile(saved, path)
    return aside
