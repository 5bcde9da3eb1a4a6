"""Remembered audit heads: the last head of each database's audit trail this installation saw.

Every database carries a stable id (`database_info.database_id`, a uuid4 made once by the
migration that added it; a copy or a backup of the file carries the same id). When this
installation signs a checkpoint, and when it closes a database cleanly, it remembers the chain's
head (seq, hash) under that id in `audit-heads/<id>.json` in the user's data folder, signed with
the installation key (`app.crypto.installation_signer`), so that an edited file is noticed too.

On open and in `verify-audit`, the chain must still hold the remembered head: a shorter chain is
reported as truncated, one whose entry at the remembered seq has another hash as replaced, and
both heads are named. No anchor file is needed: the application keeps its own.

A remembered head is never overwritten by a head that does not extend it, except by

- a restore from a backup (`record_restore`): it records itself in the restored database (an
  audit entry naming the backup and the head it replaced, then a signed checkpoint) and here.
  Another installation that remembered the replaced head recognises the restore from that entry
  (its replaced head is the one remembered, or reaches at least as far and is covered by a
  checkpoint of a trusted key) and does not report it;
- the user accepting the database as it is (`accept_current_head`), recorded in the trail.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from app.models import AuditCheckpoint, AuditEntry, DatabaseInfo
from app.models.db import Store
from app.services.audit import (
    ChainHead,
    VerifyResult,
    chain_head,
    checkpoint,
    record_event,
    verify_chain,
)
from app.services.roles import drc_only

log = logging.getLogger(__name__)

FOLDER = "audit-heads"
FORMAT = "reviewdesk-audit-head"
#: what the file's signature covers: this line, then the canonical fields
CONTEXT = b"ReviewDesk remembered audit head v1\n"
DATABASE_ID = "database_id"
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
INFO: Table = DatabaseInfo.__table__  # type: ignore[assignment]


class HeadFileInvalid(Exception):
    """The remembered head's file was altered, signed by another key, or cannot be read."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path, self.reason = path, reason


@dataclass(frozen=True, slots=True)
class RememberedHead:
    database_id: str
    seq: int
    hash: str
    #: "checkpoint", "close", "restore" or "accepted"
    event: str
    at: str
    #: where the database was (a path, or a server URL without password)
    location: str

    @property
    def head(self) -> ChainHead:
        return ChainHead(self.seq, self.hash)


def database_id(session: Session) -> str | None:
    """The database's stable id (None before the migration that made it, or when the stored
    value is not a uuid: nothing is remembered then, and nothing fails)."""
    value = session.scalar(select(INFO.c.value).where(INFO.c.name == DATABASE_ID))
    if value is not None and not _UUID.match(value):
        log.error("database_info.database_id is not a uuid (%r): no audit head remembered", value[:40])  # fmt: skip
        return None
    return value


def heads_dir() -> Path:
    from app.paths import data_dir

    return data_dir() / FOLDER


def _path(db_id: str) -> Path:
    if not _UUID.match(db_id):
        raise ValueError(f"not a database id: {db_id!r}")
    return heads_dir() / f"{db_id}.json"


def _body(head: RememberedHead) -> bytes:
    fields = {"format": FORMAT, "database_id": head.database_id, "seq": head.seq, "hash": head.hash,
              "event": head.event, "at": head.at, "location": head.location}  # fmt: skip
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")  # fmt: skip


def load(db_id: str, signer: Any = None) -> RememberedHead | None:
    """The head remembered for `db_id`, None when none; `HeadFileInvalid` when its file does
    not verify with this installation's key."""
    from app.crypto import installation_signer, verify_with

    path = _path(db_id)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise HeadFileInvalid(path, f"unreadable ({exc})") from exc
    try:
        head = RememberedHead(str(data["database_id"]), int(data["seq"]), str(data["hash"]),
                              str(data["event"]), str(data["at"]), str(data["location"]))  # fmt: skip
        signature = str(data["signature"])
    except (KeyError, TypeError, ValueError) as exc:
        raise HeadFileInvalid(path, "fields missing") from exc
    signer = signer or installation_signer()
    if data.get("key_id") != signer.key_id or head.database_id != db_id:
        raise HeadFileInvalid(path, "written for another key or database")
    if not verify_with(
        signer, signer.algorithm, signer.public_key, CONTEXT + _body(head), signature
    ):
        raise HeadFileInvalid(path, "signature does not verify")
    return head


def save(head: RememberedHead, signer: Any = None) -> None:
    from app.crypto import installation_signer
    from app.services.atomic import atomic_write_bytes

    signer = signer or installation_signer()
    fields = json.loads(_body(head))
    fields.update(key_id=signer.key_id, signature=signer.sign(CONTEXT + _body(head)))
    path = _path(head.database_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, json.dumps(fields, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))  # fmt: skip


def holds(session: Session, head: ChainHead) -> bool:
    """Whether the chain has `head` (the entry at its seq with its hash): it extends it."""
    if head.seq == 0:
        return True
    return session.scalar(select(AuditEntry.hash).where(AuditEntry.seq == head.seq)) == head.hash


def _location(session: Session) -> str:
    from app.models.db import describe_db

    return describe_db(session.get_bind().url.render_as_string(hide_password=False))


def _stamp() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def next_head(session: Session, event: str, *, force: bool = False) -> RememberedHead | None:
    """What to remember now for this session's database (inside its transaction); None when
    nothing: no database id or no chain yet, or a remembered head the chain does not extend
    (kept, unless `force`: a restore or the user's acceptance)."""
    db_id = database_id(session)
    head = chain_head(session)
    if db_id is None or head is None:
        return None
    if not force:
        try:
            old = load(db_id)
        except HeadFileInvalid as exc:
            log.error("remembered audit head %s is not valid (%s); it is written anew", exc.path, exc.reason)  # fmt: skip
            old = None
        if old is not None and not holds(session, old.head):
            log.warning("audit head %s:%s not remembered: the chain does not extend %s:%s",
                        head.seq, head.hash, old.seq, old.hash)  # fmt: skip
            return None
    return RememberedHead(db_id, head.seq, head.hash, event, _stamp(), _location(session))


def remember(store: Store, event: str = "close", *, force: bool = False) -> RememberedHead | None:
    """Remember the head of `store`'s chain now (a clean close, a restore, an acceptance)."""
    with store.read() as session:
        head = next_head(session, event, force=force)
    if head is not None:
        save(head)
    return head


# ------------------------------------------------------------------ after a signed checkpoint


def checkpoint_signed(session: Session) -> None:
    """Called inside the transaction that signed a checkpoint: the head is remembered once the
    transaction commits (never for one that rolls back)."""
    head = next_head(session, "checkpoint")
    if head is not None:
        session.info["audit_head_to_remember"] = head


def after_commit(session: Session) -> None:
    from app.crypto import CryptoUnavailable
    from app.services.atomic import OutputError

    head = session.info.pop("audit_head_to_remember", None)
    if head is not None:
        try:
            save(head)
        except (OSError, OutputError, CryptoUnavailable):  # the commit stands: remembered next time
            log.exception("the audit head %s:%s could not be remembered", head.seq, head.hash)


def after_rollback(session: Session) -> None:
    session.info.pop("audit_head_to_remember", None)


# ------------------------------------------------------------------ checking


@dataclass(frozen=True, slots=True)
class RestoreRecord:
    seq: int
    at: datetime
    actor: str
    backup: str
    replaced: ChainHead | None


def _restores(session: Session) -> list[RestoreRecord]:
    found = []
    for e in session.scalars(select(AuditEntry).where(AuditEntry.table_name == "database", AuditEntry.operation == "restore").order_by(AuditEntry.seq.desc())):  # fmt: skip
        try:
            after = json.loads(e.after or "{}")
            replaced = after.get("replaced_head")
            head = ChainHead(int(replaced["seq"]), str(replaced["hash"])) if replaced else None
        except (ValueError, TypeError, KeyError):
            continue
        found.append(RestoreRecord(e.seq, e.at, e.actor, str(after.get("backup", "")), head))
    return found


def _recognised_restore(session: Session, remembered: ChainHead, trusted: set[str]) -> RestoreRecord | None:  # fmt: skip
    """A restore recorded in the chain that replaced the remembered head (or a later one of the
    same history, vouched for by a checkpoint of a trusted key)."""
    for record in _restores(session):
        if record.replaced is None:
            continue
        if record.replaced == remembered:
            return record
        if record.replaced.seq >= remembered.seq:
            signed = session.scalar(select(func.count()).select_from(AuditCheckpoint).where(
                AuditCheckpoint.seq >= record.seq, AuditCheckpoint.key_id.in_(trusted)))  # fmt: skip
            if signed:
                return record
    return None


def short(head: ChainHead | None) -> str:
    return "—" if head is None else f"{head.seq}:{head.hash[:16]}…"


def _event_words(event: str) -> tuple[str, str]:
    return {
        "checkpoint": ("签名检查点时", "at a signed checkpoint"), "close": ("正常关闭时", "at a clean close"),
        "restore": ("从备份恢复时", "at a restore from backup"), "accepted": ("用户确认时", "when a user accepted it"),
    }.get(event, (event, event))  # fmt: skip


def compare(session: Session, result: VerifyResult, remembered: RememberedHead, trusted: set[str]) -> None:  # fmt: skip
    """Turn `result` into a failure when the chain does not hold the remembered head (and no
    recognised restore explains it); note a recognised restore in `result.restored`."""
    result.remembered = remembered.head
    if holds(session, remembered.head):
        return
    restore = _recognised_restore(session, remembered.head, trusted)
    if restore is not None:
        result.restored = f"{restore.backup} ({restore.at:%Y-%m-%d %H:%M}, {restore.actor})"
        return
    head = chain_head(session)
    seq = head.seq if head else 0
    when_zh, when_en = _event_words(remembered.event)
    seen_zh = f"本机于 {remembered.at[:16].replace('T', ' ')}（{when_zh}，{remembered.location}）记住的链头为 {short(remembered.head)}"  # fmt: skip
    seen_en = f"this computer remembered the head {short(remembered.head)} on {remembered.at[:16].replace('T', ' ')} ({when_en}, {remembered.location})"  # fmt: skip
    result.ok = False
    if remembered.seq > seq:
        result.truncated = True
        result.first_bad_seq = seq + 1
        result.reason_zh = f"审计记录被截断：{seen_zh}，数据库现在的链头为 {short(head)}，比记住的少 {remembered.seq - seq} 条。审计记录被删除，或这是数据库的旧副本。"  # fmt: skip
        result.reason_en = f"The audit trail was truncated: {seen_en}; the database's head is now {short(head)}, {remembered.seq - seq} entries fewer. Entries were deleted, or this is an older copy of the database."  # fmt: skip
    else:
        result.replaced = True
        result.first_bad_seq = remembered.seq
        result.reason_zh = f"审计记录被替换：{seen_zh}，但数据库第 {remembered.seq} 条记录已不同，现在的链头为 {short(head)}。历史被改写，或这是数据库的另一个副本。"  # fmt: skip
        result.reason_en = f"The audit trail was replaced: {seen_en}, but entry {remembered.seq} of the database differs now and its head is {short(head)}. The history was rewritten, or this is another copy of the database."  # fmt: skip


def verify_store(
    store: Store, *, strict_keys: bool = False, start: ChainHead | None = None
) -> VerifyResult:
    """`verify` in a read transaction of its own (the audit log's 验证 button, the check on
    opening)."""
    with store.read() as session:
        return verify(session, strict_keys=strict_keys, start=start)


def store_database_id(store: Store) -> str | None:
    """`database_id` in a read transaction of its own."""
    with store.read() as session:
        return database_id(session)


def verify(session: Session, *, strict_keys: bool = False, start: ChainHead | None = None,
           anchor: ChainHead | None = None) -> VerifyResult:  # fmt: skip
    """`verify_chain` with the office's trusted keys and against the head this installation
    remembers for the database. A chain that no longer holds that head is reported as truncated
    or replaced first (the most telling problem, naming both heads); one whose change a recorded
    restore explains is verified in full (`start`, a checkpoint of the older history, is
    dropped)."""
    from app.services.trust import trusted_key_ids

    trusted = trusted_key_ids(session)
    db_id = database_id(session)
    remembered: RememberedHead | None = None
    problem = ""
    if db_id is not None:
        try:
            remembered = load(db_id)
        except HeadFileInvalid as exc:
            problem = str(exc.path)
    if remembered is not None and not holds(session, remembered.head):
        if _recognised_restore(session, remembered.head, trusted) is None:
            result = VerifyResult(ok=True, entries=0, head=chain_head(session))
            compare(session, result, remembered, trusted)
            return result
        start = None
    result = verify_chain(session, start=start, anchor=anchor, trusted_keys=trusted, strict_keys=strict_keys)  # fmt: skip
    result.head_file_problem = problem
    if remembered is not None and result.ok:
        compare(session, result, remembered, trusted)
    return result


# ------------------------------------------------------------------ restores and acceptance


def record_restore(store: Store, backup: str) -> RememberedHead | None:
    """After a backup was put in place of the database (`app.models.backups.restore`): an audit
    entry naming the backup and the head it replaced (the one this installation remembered), a
    signed checkpoint, and the new head remembered here: the restore is recognised, on this
    computer and on others that remembered the replaced head, not reported as a truncation."""
    with store.read() as session:
        db_id = database_id(session)
    try:
        replaced = load(db_id) if db_id else None
    except HeadFileInvalid as exc:
        log.error("remembered audit head %s is not valid (%s)", exc.path, exc.reason)
        replaced = None
    return _record_and_remember(store, "restore", f"从备份恢复数据库：{backup}", "restore", lambda restored: {
        "backup": backup, "restored_head": _head_data(restored), "replaced_head": _head_data(replaced),
    })  # fmt: skip


@drc_only("确认数据库当前的审计记录", "accept the audit trail as it is now")
def accept_current_head(store: Store, remembered: RememberedHead) -> RememberedHead | None:
    """The user accepts a database whose chain does not hold the remembered head: recorded in
    the trail (both heads) and remembered, so it is not reported again."""
    return _record_and_remember(store, "accept_head", "确认数据库当前的审计记录", "accepted", lambda current: {
        "remembered_head": _head_data(remembered.head), "found_head": _head_data(current),
    })  # fmt: skip


def _head_data(head: ChainHead | None) -> dict[str, Any] | None:
    return None if head is None else {"seq": head.seq, "hash": head.hash}


def _record_and_remember(store: Store, operation: str, summary: str, event: str,
                         values: Callable[[ChainHead | None], dict[str, Any]]) -> RememberedHead | None:  # fmt: skip
    """An entry about the trail itself (`values` of the head before it), a signed checkpoint,
    and the new head remembered in place of whatever was remembered before."""
    with store.write() as session:
        record_event(session, "database", operation, summary, after=values(chain_head(session)))
        checkpoint(session)
        head = next_head(session, event, force=True)
    if head is not None:
        save(head)
    return head
