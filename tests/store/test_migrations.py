"""Migrations from the first version; the open path classifies files and never writes to bad ones."""

from __future__ import annotations

import hashlib
import sqlite3
import zipfile
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from app.models import Base, migrate
from app.models.backups import backups_of
from app.models.db import StoreError
from app.models.kept import KEPT_METADATA
from app.models.migrate import (
    DbState,
    alembic_config,
    classify,
    current_revision,
    head_revision,
)
from app.services.store import open_store


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_single_head_and_empty_database_upgrades_to_head(tmp_path: Path) -> None:
    assert len(migrate.script().get_heads()) == 1
    db = tmp_path / "new.db"
    store = open_store(str(db), create=True)
    assert current_revision(store.engine) == head_revision()
    assert set(Base.metadata.tables) <= set(inspect(store.engine).get_table_names())
    store.close()
    if store.path is not None:
        assert classify(db) == (DbState.OK, head_revision())


def test_models_and_head_migration_agree(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "x.db"), create=True)
    with store.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}),
            [Base.metadata, KEPT_METADATA],  # type: ignore[arg-type]
        )
    store.close()
    assert diff == []


def test_downgrade_to_base_and_back(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    store = open_store(str(db), create=True)
    store.close()
    config = alembic_config()
    config.set_main_option("sqlalchemy.url", store.url.replace("%", "%%"))
    command.downgrade(config, "base")
    engine = create_engine(store.url)
    assert current_revision(engine) is None
    assert not set(Base.metadata.tables) & set(inspect(engine).get_table_names())
    engine.dispose()
    store = open_store(str(db))  # upgrades again
    assert current_revision(store.engine) == head_revision()
    store.close()
    if store.path is not None:
        assert classify(db) == (DbState.OK, head_revision())


@pytest.mark.sqlite_only("file classification and file backups")
def test_old_schema_is_upgraded_after_a_backup(tmp_path: Path, demo_db: Path) -> None:
    conn = sqlite3.connect(demo_db)
    conn.execute("DELETE FROM alembic_version")  # a file from before migrations existed
    conn.commit()
    conn.close()
    assert classify(demo_db)[0] == DbState.NEEDS_UPGRADE
    with pytest.raises(StoreError) as info:
        open_store(str(demo_db), read_only=True)
    assert info.value.code == "needs_upgrade"
    open_store(str(demo_db)).close()
    assert classify(demo_db) == (DbState.OK, head_revision())
    assert any(b.reason == "pre-migration" for b in backups_of(demo_db))


@pytest.mark.sqlite_only("classifies files")
@pytest.mark.parametrize(
    ("name", "make", "state"),
    [
        ("zero.db", lambda p: p.write_bytes(b""), DbState.EMPTY),
        ("text.db", lambda p: p.write_text("项目清单\n", encoding="utf-8"), DbState.NOT_SQLITE),
        ("zip.db", lambda p: zipfile.ZipFile(p, "w").writestr("a.txt", "x"), DbState.NOT_SQLITE),
    ],
)
def test_bad_files_are_classified_and_left_untouched(
    tmp_path: Path, name: str, make, state: DbState
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    make(path)
    assert classify(path)[0] == state
    before = digest(path)
    if state != DbState.EMPTY:
        with pytest.raises(StoreError) as info:
            open_store(str(path))
        assert info.value.code == "not_sqlite" and "不是" in info.value.message_zh
        assert digest(path) == before


@pytest.mark.sqlite_only("file classification and file backups")
def test_truncated_database_is_refused_without_writing(tmp_path: Path, demo_db: Path) -> None:
    data = demo_db.read_bytes()
    broken = tmp_path / "broken.db"
    broken.write_bytes(data[: len(data) // 3])
    before = digest(broken)
    state, _ = classify(broken)
    assert state in (DbState.CORRUPT, DbState.NEEDS_UPGRADE, DbState.OK)
    if state == DbState.CORRUPT:
        with pytest.raises(StoreError) as info:
            open_store(str(broken))
        assert info.value.code == "corrupt"
    assert digest(broken) == before or state != DbState.CORRUPT


@pytest.mark.sqlite_only("file classification and file backups")
def test_newer_schema_is_refused_and_never_written(demo_db: Path) -> None:
    conn = sqlite3.connect(demo_db)
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.close()
    before = (digest(demo_db), demo_db.stat().st_mtime_ns)
    assert classify(demo_db) == (DbState.TOO_NEW, "9999_future")
    for read_only in (False, True):
        with pytest.raises(StoreError) as info:
            open_store(str(demo_db), read_only=read_only)
        assert info.value.code == "too_new" and "更新版本" in info.value.message_zh
    assert (digest(demo_db), demo_db.stat().st_mtime_ns) == before


@pytest.mark.sqlite_only("file classification and file backups")
def test_failing_migration_restores_the_backup(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = sqlite3.connect(demo_db)
    conn.execute("DELETE FROM alembic_version")
    conn.commit()
    projects = conn.execute("SELECT count(*) FROM projects").fetchone()[0]
    conn.close()

    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("injected failure")

    monkeypatch.setattr(command, "upgrade", boom)
    monkeypatch.setattr(command, "stamp", boom)
    with pytest.raises(StoreError) as info:
        open_store(str(demo_db))
    assert info.value.code == "migration_failed"
    conn = sqlite3.connect(demo_db)
    assert conn.execute("SELECT count(*) FROM projects").fetchone()[0] == projects
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    backups = backups_of(demo_db)
    assert backups and backups[0].reason == "pre-migration"


def test_fast_revision_graph_agrees_with_alembic() -> None:
    alembic_script = migrate.script()
    assert migrate.head_revision() == alembic_script.get_current_head()
    assert migrate.known_revisions() == {rev.revision for rev in alembic_script.walk_revisions()}
