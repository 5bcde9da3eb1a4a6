"""Remembered audit heads: this computer keeps the head it saw last per database (no anchor file
needed), reports a chain that is shorter or no longer holds it, naming both heads, recognises a
restore the app recorded, and never lets a non-extending chain overwrite what it remembers."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from app.cli import EXIT_FINDINGS, EXIT_OK, main
from app.crypto import SM2Signer
from app.models import Project
from app.services import audit, audit_heads
from app.services.store import open_store


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out + err


def rename_project(db: Path, name: str) -> None:
    """A change made through the app (audited), closed cleanly."""
    store = open_store(str(db))
    with store.write() as session:
        project = session.get(Project, 2)
        assert project is not None
        project.name = name
    audit_heads.remember(store, "close")
    store.close()


def head_of(db: Path) -> audit.ChainHead:
    store = open_store(str(db), read_only=True)
    with store.read() as session:
        head = audit.chain_head(session)
    store.close()
    assert head is not None
    return head


def delete_tail(db: Path, count: int) -> None:
    """The last `count` entries deleted behind the app's back, with the checkpoints beyond."""
    raw = sqlite3.connect(db, isolation_level=None)
    top = raw.execute("SELECT max(seq) FROM audit_entries").fetchone()[0]
    raw.execute("DELETE FROM audit_entries WHERE seq > ?", (top - count,))
    raw.execute("DELETE FROM audit_checkpoints WHERE seq > ?", (top - count,))
    raw.close()


@pytest.mark.sqlite_only
def test_a_truncated_chain_is_reported_without_an_anchor_file(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    """Issue 14: after the last 5 audit rows were deleted, plain `verify-audit` exited 0."""
    rename_project(demo_db, "改名一")
    remembered = head_of(demo_db)
    assert run(capsys, "verify-audit", "--db", str(demo_db))[0] == EXIT_OK
    delete_tail(demo_db, 5)
    code, out = run(capsys, "verify-audit", "--db", str(demo_db), "--lang", "en")
    assert code == EXIT_FINDINGS
    assert "truncated" in out and f"{remembered.seq}:{remembered.hash[:16]}" in out
    assert f"{remembered.seq - 5}:" in out  # both heads named
    code, out = run(capsys, "verify-audit", "--db", str(demo_db))
    assert code == EXIT_FINDINGS and "截断" in out


@pytest.mark.sqlite_only
def test_a_chain_rewritten_elsewhere_is_reported_as_replaced(
    demo_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    rename_project(demo_db, "改名一")
    remembered = head_of(demo_db)
    here = str(audit_heads.heads_dir().parent)
    delete_tail(demo_db, 3)
    monkeypatch.setenv("REVIEWDESK_DATA_DIR", str(tmp_path / "another-computer"))
    for name in ("甲", "乙", "丙", "丁"):  # longer again, written through ReviewDesk elsewhere
        rename_project(demo_db, name)
    assert head_of(demo_db).seq > remembered.seq
    monkeypatch.setenv("REVIEWDESK_DATA_DIR", here)
    code, out = run(capsys, "verify-audit", "--db", str(demo_db), "--lang", "en")
    assert code == EXIT_FINDINGS and "replaced" in out and f"{remembered.seq}:{remembered.hash[:16]}" in out  # fmt: skip
    # a clean close here does not overwrite the head it cannot extend
    rename_project(demo_db, "戊")
    store = open_store(str(demo_db), read_only=True)
    with store.read() as session:
        db_id = audit_heads.database_id(session)
    store.close()
    assert db_id is not None and audit_heads.load(db_id) is not None
    assert audit_heads.load(db_id).head == remembered  # type: ignore[union-attr]


def test_checkpoints_and_clean_closes_are_remembered_and_signed(demo_store: Any) -> None:
    with demo_store.read() as session:
        db_id = audit_heads.database_id(session)
    assert db_id is not None and len(db_id) == 36
    assert audit_heads.load(db_id) is None  # this computer never closed this copy
    with demo_store.write() as session:
        session.get(Project, 3).name = "新名称"  # type: ignore[union-attr]
        head = audit.checkpoint(session)
    remembered = audit_heads.load(db_id)
    assert remembered is not None and remembered.head == head and remembered.event == "checkpoint"
    # a checkpoint whose transaction rolls back is not remembered
    with pytest.raises(RuntimeError), demo_store.write() as session:
        session.get(Project, 3).name = "回滚"  # type: ignore[union-attr]
        audit.checkpoint(session)
        raise RuntimeError("abandoned")
    assert audit_heads.load(db_id).head == head  # type: ignore[union-attr]
    # the file is signed with this installation's key: an edit is noticed
    path = audit_heads.heads_dir() / f"{db_id}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["seq"] = 1
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(audit_heads.HeadFileInvalid):
        audit_heads.load(db_id)
    with demo_store.read() as session:
        result = audit_heads.verify(session)
    assert result.ok and str(path) in result.head_file_problem


@pytest.mark.sqlite_only(
    "a new database file; the PostgreSQL harness clones one migrated template, id included"
)
def test_a_copy_of_the_database_keeps_its_id_and_a_new_one_gets_its_own(demo_db: Path, tmp_path: Path) -> None:  # fmt: skip
    first = open_store(str(demo_db))
    other = open_store(str(tmp_path / "new.db"))
    with first.read() as a, other.read() as b:
        assert audit_heads.database_id(a) != audit_heads.database_id(b)
    first.close()
    other.close()


def test_checkpoint_keys_trusted_by_the_office_are_not_unknown(demo_store: Any) -> None:
    from app.services.trust import checkpoint_signers, distrust_checkpoint_key, trust_checkpoint_key

    other = SM2Signer.generate()
    with demo_store.write() as session:
        session.get(Project, 3).name = "另一台电脑改的"  # type: ignore[union-attr]
        audit.checkpoint(session, signer=other)
    with demo_store.read() as session:
        strict = audit_heads.verify(session, strict_keys=True)
        lenient = audit_heads.verify(session)
        signers = {s.key_id: s for s in checkpoint_signers(session)}
    assert not strict.ok and strict.unknown_signer == other.key_id
    assert lenient.ok and lenient.foreign_keys == [other.key_id]
    assert signers[other.key_id].status == "unknown" and signers[other.key_id].checkpoints == 1
    assert any(s.status == "own" for s in signers.values())
    with demo_store.write() as session:
        trust_checkpoint_key(session, other.key_id, "二号机")
    with demo_store.read() as session:
        assert audit_heads.verify(session, strict_keys=True).ok
        assert {s.key_id: s for s in checkpoint_signers(session)}[other.key_id].label == "二号机"
        trusted = [e for e in audit.search_history(session, table_name="trusted_keys")]
    assert trusted and trusted[0].operation == "insert"
    with demo_store.write() as session:
        distrust_checkpoint_key(session, other.key_id)
    with demo_store.read() as session:
        assert not audit_heads.verify(session, strict_keys=True).ok


@pytest.mark.sqlite_only
def test_a_restore_recorded_by_another_office_computer_is_recognised_once_its_key_is_trusted(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.models.backups import restore
    from app.models.migrate import backup
    from app.services.trust import checkpoint_signers, trust_checkpoint_key

    here = str(audit_heads.heads_dir().parent)
    saved = backup(demo_db, "daily")
    rename_project(demo_db, "这台电脑的修改")
    mine = head_of(demo_db)
    monkeypatch.setenv("REVIEWDESK_DATA_DIR", str(tmp_path / "colleague"))  # another DRC computer
    rename_project(demo_db, "同事的修改")
    restore(demo_db, saved)  # the colleague puts the backup back, through the app
    store = open_store(str(demo_db))
    audit_heads.record_restore(store, saved.name)
    with store.read() as session:
        restore_entry = audit.search_history(session, table_name="database")[0]
    store.close()
    assert restore_entry.operation == "restore" and restore_entry.after["replaced_head"]["seq"] > mine.seq  # fmt: skip
    monkeypatch.setenv("REVIEWDESK_DATA_DIR", here)
    store = open_store(str(demo_db))
    with store.read() as session:
        unvouched = audit_heads.verify(session)
    # their key is not one the office trusts yet: the entry at the remembered seq differs
    assert not unvouched.ok and unvouched.replaced
    with store.read() as session:
        colleague = next(s for s in checkpoint_signers(session) if s.status == "unknown")
    with store.write() as session:
        trust_checkpoint_key(session, colleague.key_id, "同事的电脑")
    with store.read() as session:
        recognised = audit_heads.verify(session, strict_keys=True)
    store.close()
    assert recognised.ok and saved.name in recognised.restored
