"""One language per message: every permission refusal and every store error has an English
message with no Chinese in it (the operation named in English) and a Chinese one that names it
in Chinese. The English UI and the English half of the command line show `message_en`."""

from __future__ import annotations

import ast
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

import app
from app.models import Unit
from app.models.db import StoreError, disk_full_error
from app.models.roles import PermissionDenied, Role
from app.services.roles import DRC_ONLY, policy
from app.services.store import open_store
from tests.reliability.test_sec_roles import call_with_placeholders, service_functions

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def assert_one_language(exc: StoreError) -> None:
    assert not CJK.search(exc.message_en), exc.message_en
    assert CJK.search(exc.message_zh), exc.message_zh


@pytest.fixture
def reviewer_store(demo_db: Path) -> Iterator[object]:
    store = open_store(str(demo_db), role="reviewer")
    yield store
    store.close()


def test_every_permission_refusal_names_its_operation_in_each_language(reviewer_store: object) -> None:  # fmt: skip
    checked = 0
    for name, function in sorted(service_functions().items()):
        marked = policy(function)
        if marked is None or marked[0] != DRC_ONLY:
            continue
        _kind, operation_zh, operation_en = marked
        assert not CJK.search(operation_en) and CJK.search(operation_zh), name
        with pytest.raises(PermissionDenied) as info, reviewer_store.write() as session:  # type: ignore[attr-defined]
            call_with_placeholders(function, reviewer_store, session)  # type: ignore[arg-type]
        assert_one_language(info.value)
        assert operation_en in info.value.message_en and operation_zh in info.value.message_zh
        checked += 1
    assert checked >= 20
    # the backstops below the services: a row flushed and a statement run by a reviewer
    with pytest.raises(PermissionDenied) as flushed, reviewer_store.write() as session:  # type: ignore[attr-defined]
        session.add(Unit(name="某单位", short_name="某"))
        session.flush()
    from sqlalchemy import update

    from app.models import Project

    with pytest.raises(PermissionDenied) as statement, reviewer_store.write() as session:  # type: ignore[attr-defined]
        session.execute(update(Project).values(declared_yuan=1))
    for refusal in (flushed.value, statement.value):
        assert_one_language(refusal)
        assert "change table" in refusal.message_en
    # the amounts of a review are the DRC's
    from dataclasses import replace

    from app.services.editing import load_review, save_review

    with reviewer_store.read() as session:  # type: ignore[attr-defined]
        value = load_review(session, 2)
    with pytest.raises(PermissionDenied) as amounts, reviewer_store.write() as session:  # type: ignore[attr-defined]
        save_review(session, 2, replace(value, reviewed_yuan=1))
    assert_one_language(amounts.value)
    assert "amount" in amounts.value.message_en


def store_errors(tmp_path: Path, demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, StoreError]:  # fmt: skip
    """Every store error the SQLite side can raise, each raised for real."""
    found: dict[str, StoreError] = {}

    def catch(action: object) -> None:
        try:
            action()  # type: ignore[operator]
        except StoreError as exc:
            found.setdefault(exc.code, exc)
        else:
            raise AssertionError(f"no StoreError from {action}")

    text = tmp_path / "notes.db"
    text.write_text("not a database", encoding="utf-8")
    catch(lambda: open_store(str(text)))
    broken = tmp_path / "broken.db"
    broken.write_bytes(demo_db.read_bytes()[:4096] + b"\x00" * 4096)
    catch(lambda: open_store(str(broken)))
    newer = tmp_path / "newer.db"
    newer.write_bytes(demo_db.read_bytes())
    raw = sqlite3.connect(newer)
    raw.execute("UPDATE alembic_version SET version_num = '9999'")
    raw.commit()
    raw.close()
    catch(lambda: open_store(str(newer)))
    catch(lambda: open_store(str(tmp_path / "missing.db"), create=False))
    catch(lambda: open_store(str(tmp_path / "missing.db"), read_only=True))
    catch(lambda: open_store(str(demo_db), role="admin"))
    read_only = open_store(str(demo_db), read_only=True)

    def write_read_only() -> None:
        with read_only.write():
            pass

    catch(write_read_only)
    read_only.close()
    from app.models.backups import backup

    emptied = tmp_path / "emptied.db"
    emptied.write_bytes(demo_db.read_bytes())
    backup(emptied, "daily")
    emptied.write_bytes(b"")
    catch(lambda: open_store(str(emptied)))
    monkeypatch.setattr("app.models.migrate.backups_dir", lambda: tmp_path / "notes.db")
    catch(lambda: backup(demo_db, "daily"))
    monkeypatch.undo()
    monkeypatch.setattr("app.models.db.sqlite3.sqlite_version_info", (3, 30, 0))
    catch(lambda: open_store(str(demo_db)))
    monkeypatch.undo()
    found["disk_full"] = disk_full_error()
    return found


@pytest.mark.sqlite_only(
    "provokes the errors of SQLite files: not a database, torn, emptied, too old"
)
def test_every_store_error_reads_in_one_language(tmp_path: Path, demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    errors = store_errors(tmp_path, demo_db, monkeypatch)
    assert {"not_sqlite", "corrupt", "too_new", "missing", "needs_upgrade", "bad_role", "read_only",
            "empty_file", "backup_failed", "sqlite_too_old", "disk_full"} <= set(errors)  # fmt: skip
    for exc in errors.values():
        assert_one_language(exc)


def _literal_text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def test_no_english_message_in_the_source_carries_chinese() -> None:
    """Every StoreError / PermissionDenied written in app/ (also those only a server or a failed
    migration raises): its English argument has no Chinese text and interpolates nothing named
    *_zh."""
    root = Path(app.__file__).parent
    english_arg = {"StoreError": 2, "PermissionDenied": 1}
    seen = 0
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name not in english_arg or any(isinstance(a, ast.Starred) for a in node.args):
                continue
            if len(node.args) <= english_arg[name]:
                continue
            argument = node.args[english_arg[name]]
            text = _literal_text(argument)
            where = f"{path.relative_to(root)}:{node.lineno}"
            if text is not None:
                assert not CJK.search(text), where
                seen += 1
            for value in ast.walk(argument):
                if isinstance(value, ast.Name | ast.Attribute):
                    assert "zh" not in ast.unparse(value), where
    assert seen >= 15


@pytest.mark.parametrize("role", [Role.REVIEWER])
def test_refusal_speaks_the_english_ui(role: Role) -> None:
    refusal = PermissionDenied("导入数据（JSON）", "import data (JSON)", role)
    assert refusal.message_en == (
        "Your role (expert reviewer) may not do this: import data (JSON). "
        "Only DRC staff may; nothing was changed."
    )
