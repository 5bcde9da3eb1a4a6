"""Audit trail: service edits leave entries with old and new values; undo/redo, imports and
checkpoints; verification catches what a single-tampering battery (SEC-1) does not cover:
a rehashed head, a chain rewritten up to a checkpoint, keys of other installations; the
command line reports an SQL edit with the first bad seq."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.crypto import SM2Signer
from app.models import AuditCheckpoint, AuditEntry, PlanLine, Project
from app.models.db import Store
from app.rules.facts import DocKind, DocStatus
from app.services import audit
from app.services.editing import DocumentInput, set_document, set_line_amount
from app.services.history import dump_project, restore_project
from app.services.store import open_store


def entries_after(store: Store, seq: int) -> list[audit.HistoryEntry]:
    with store.read() as session:
        rows = session.scalars(
            select(AuditEntry).where(AuditEntry.seq > seq).order_by(AuditEntry.seq)
        )
        return audit._history(rows)


def head(store: Store) -> audit.ChainHead:
    with store.read() as session:
        found = audit.chain_head(session)
    assert found is not None
    return found


def test_service_edits_record_old_and_new_values(demo_store: Any) -> None:
    demo_store.actor = "李四"
    start = head(demo_store).seq
    with demo_store.read() as session:
        line = session.scalars(select(PlanLine).order_by(PlanLine.id)).first()
        assert line is not None
        pid, year, old_amount = line.project_id, line.year, line.amount_yuan
    with demo_store.write() as session:
        set_line_amount(session, pid, year, "plan", old_amount + 1_000_000)
        set_document(session, pid, DocKind.FSR, DocumentInput(DocStatus.SUBMITTED, number="江津发改〔2026〕8号"))  # fmt: skip
    new = entries_after(demo_store, start)
    amount = next(e for e in new if e.table_name == "plan_lines")
    assert amount.operation == "update" and amount.project_id == pid and amount.actor == "李四"
    assert amount.before == {"amount_yuan": old_amount}
    assert amount.after == {"amount_yuan": old_amount + 1_000_000}
    document = next(e for e in new if e.table_name == "documents")
    assert document.project_id == pid and document.after.get("number") == "江津发改〔2026〕8号"
    assert document.before.get("number") == "" or document.operation == "insert"
    with demo_store.read() as session:
        history = audit.project_history(session, pid)
        assert history[0].seq == head(demo_store).seq  # newest first
        assert audit.verify_chain(session).ok


def test_undo_redo_restore_is_recorded_as_row_changes(demo_store: Any) -> None:
    with demo_store.read() as session:
        before = dump_project(session, 7)
    with demo_store.write() as session:
        project = session.get(Project, 7)
        assert project is not None
        old_name = project.name
        project.name = "改名后的项目"
    start = head(demo_store).seq
    with demo_store.write() as session:
        restore_project(session, 7, before)  # undo
    undo = entries_after(demo_store, start)
    assert [(e.table_name, e.operation, e.summary) for e in undo] == [
        ("projects", "update", "撤销/重做")
    ]
    assert undo[0].before == {"name": "改名后的项目"} and undo[0].after == {"name": old_name}
    start = head(demo_store).seq
    with demo_store.write() as session:
        restore_project(session, 7, None)  # undo of a creation: the project's rows go
    gone = entries_after(demo_store, start)
    assert {e.operation for e in gone} == {"delete"} and any(
        e.table_name == "projects" for e in gone
    )
    with demo_store.read() as session:
        assert audit.verify_chain(session).ok


def test_checkpoints_every_500_and_on_demand(demo_store: Any) -> None:
    with demo_store.read() as session:
        cps = [
            (c.seq, c.algorithm)
            for c in session.scalars(select(AuditCheckpoint).order_by(AuditCheckpoint.seq))
        ]
        top = audit.chain_head(session)
    assert cps and all(algorithm == "SM2-SM3" for _seq, algorithm in cps)
    # one flush of 1,303 demo rows crosses 500 and 1000 at once: one checkpoint at its end
    assert cps[0][0] >= audit.CHECKPOINT_EVERY
    with demo_store.write() as session:
        signed = audit.checkpoint(session)
        again = audit.checkpoint(session)  # already signed: no second row
    assert signed == again == top
    with demo_store.read() as session:
        count = session.scalar(select(func.count()).select_from(AuditCheckpoint))
        result = audit.verify_chain(session)
    assert count == len(cps) + 1 and result.ok and result.unsigned_tail == 0


def _raw(store: Store) -> sqlite3.Connection:
    assert store.path is not None
    return sqlite3.connect(store.path, isolation_level=None)


@pytest.mark.sqlite_only("tampers with the file through sqlite3")
def test_rehashed_head_and_rewritten_chain_fail_the_checkpoint(demo_store: Any) -> None:
    with demo_store.write() as session:
        top = audit.checkpoint(session)
    assert top is not None
    raw = _raw(demo_store)
    # the head's own content edited and rehashed (no next entry to notice): its checkpoint does
    row = raw.execute("SELECT seq, at, actor, actor_key, table_name, row_id, project_id, operation, "
                      "before, after, summary, prev_hash FROM audit_entries WHERE seq = ?", (top.seq,)).fetchone()  # fmt: skip
    fake = list(row)
    fake[9] = '{"amount_yuan":1}'
    raw.execute("UPDATE audit_entries SET after = ?, hash = ? WHERE seq = ?",
                (fake[9], audit.entry_hash(*fake), top.seq))  # fmt: skip
    with demo_store.read() as session:
        result = audit.verify_chain(session)
    assert not result.ok and result.first_bad_seq is not None
    assert result.first_bad_seq <= top.seq and "检查点" in result.reason_zh


@pytest.mark.sqlite_only("tampers with the file through sqlite3")
def test_anchor_truncation_and_foreign_keys(demo_store: Any) -> None:
    with demo_store.read() as session:
        top = audit.chain_head(session)
    assert top is not None
    other = SM2Signer.generate()
    with demo_store.write() as session:
        audit.checkpoint(session, signer=other)  # e.g. the database came from another computer
    with demo_store.read() as session:
        lenient = audit.verify_chain(session)
        strict = audit.verify_chain(session, strict_keys=True)
    # the demo template was built by this installation (the suite's key): only `other` is foreign
    assert lenient.ok and lenient.foreign_keys == [other.key_id]
    assert not strict.ok and "未登记的密钥" in strict.reason_zh
    assert strict.first_bad_seq == top.seq and strict.unknown_signer == other.key_id
    with demo_store.read() as session:
        nobody = audit.verify_chain(session, trusted_keys=set(), strict_keys=True)
    assert not nobody.ok and nobody.first_bad_seq is not None and nobody.first_bad_seq < top.seq
    raw = _raw(demo_store)
    raw.execute("DELETE FROM audit_entries WHERE seq > ?", (top.seq - 3,))
    raw.execute("DELETE FROM audit_checkpoints WHERE seq > ?", (top.seq - 3,))
    with demo_store.read() as session:
        assert audit.verify_chain(session).ok  # without an outside record the cut is invisible
        cut = audit.verify_chain(session, anchor=top)
    assert not cut.ok and cut.first_bad_seq == top.seq - 2 and "截断" in cut.reason_zh


@pytest.mark.sqlite_only("tampers with the file through sqlite3")
def test_incremental_verify_from_a_checkpoint(demo_store: Any) -> None:
    with demo_store.read() as session:
        full = audit.verify_chain(session)
    assert full.ok and full.last_checkpoint is not None
    with demo_store.read() as session:
        part = audit.verify_chain(session, start=full.last_checkpoint)
    assert part.ok and part.entries == full.unsigned_tail
    raw = _raw(demo_store)
    raw.execute("UPDATE audit_entries SET actor = 'x' WHERE seq = ?", (full.last_checkpoint.seq,))
    with demo_store.read() as session:
        broken = audit.verify_chain(session, start=full.last_checkpoint)
    assert not broken.ok and broken.first_bad_seq == full.last_checkpoint.seq


def test_two_stores_on_one_file_never_collide(demo_db: Path) -> None:
    first, second = open_store(str(demo_db)), open_store(str(demo_db))
    first.actor, second.actor = "甲", "乙"
    try:
        for i in range(6):
            store = first if i % 2 else second
            with store.write() as session:
                project = session.get(Project, 3)
                assert project is not None
                project.total_investment_yuan += 1
        with first.read() as session:
            result = audit.verify_chain(session)
            names = [e.actor for e in audit.project_history(session, 3, limit=6)]
    finally:
        first.close()
        second.close()
    assert result.ok and names == ["甲", "乙"] * 3


@pytest.mark.sqlite_only("tampers with the file through sqlite3")
def test_sql_edit_is_reported_by_verify_audit(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify-audit", "--db", str(demo_db)]) == 0
    out = capsys.readouterr().out
    assert "审计链完整" in out
    raw = sqlite3.connect(demo_db, isolation_level=None)
    old = json.loads(raw.execute("SELECT after FROM audit_entries WHERE seq = 42").fetchone()[0])
    old["forged"] = 1
    raw.execute("UPDATE audit_entries SET after = ? WHERE seq = 42", (json.dumps(old),))
    raw.close()
    assert main(["verify-audit", "--db", str(demo_db)]) == 1
    out = capsys.readouterr().out
    assert "第 42 条" in out and "篡改" in out
    assert main(["verify-audit", "--db", str(demo_db), "--lang", "en"]) == 1
    assert "first bad entry 42" in capsys.readouterr().out


def test_cli_changes_carry_the_cli_actor(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REVIEWDESK_USER", "王五")
    assert main(["export-json", "--db", str(demo_db), str(tmp_path / "a.json")]) == 0
    target = tmp_path / "b.db"
    assert main(["import-json", "--db", str(target), str(tmp_path / "a.json")]) == 0
    store = open_store(str(target))
    try:
        with store.read() as session:
            last = audit.search_history(session, table_name="import", limit=1)[0]
    finally:
        store.close()
    assert (
        last.actor == "王五"
        and last.after["file"] == "a.json"
        and last.after["rows"]["projects"] == 48
    )
    assert isinstance(last.at, datetime)


def test_every_store_records_its_changes_after_others_were_opened_and_closed(tmp_path: Path) -> None:  # fmt: skip
    """A store's sessionmaker was "audited already" when its generated Session class took the
    id() of a collected one (event.contains answers from a registry keyed by id): after a store
    was opened and closed, the next one's changes could go unrecorded."""
    from sqlalchemy import func, select

    from app.models import Unit

    db = tmp_path / "reopened.db"
    store = open_store(str(db))
    with store.write() as session:
        session.add(Unit(name="单位", short_name="单"))
    store.close()
    for round_ in range(6):
        store = open_store(str(db))
        with store.write() as session:
            unit = session.get(Unit, 1)
            assert unit is not None
            unit.short_name = f"第{round_}次"
        with store.read() as session:
            count = session.scalar(select(func.count()).select_from(audit.ENTRIES))
        store.close()
        assert count == round_ + 2, f"the change of round {round_} was not recorded"
        for read_only in (True, False):  # other stores come and go (the startup check, a copy…)
            open_store(str(db), read_only=read_only).close()
