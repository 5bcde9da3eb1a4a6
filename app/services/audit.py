"""The audit trail: every change recorded append-only, hash-chained under SM3, signed checkpoints.

How entries are made:
- `install(session_factory)` (called once per Store) listens to the ORM flush: every insert,
  update (changed columns only, old and new value) and delete of any table except the audit
  tables becomes one entry, written with Core in the same transaction as the change.
- Bulk Core operations (JSON import, undo/redo restores, package merges, submission imports)
  add a summary entry with `record_event` (counts, file or package hash), or, for restores,
  entries computed from the before/after snapshots (`record_restore`).

Each entry's `hash` is SM3 over the canonical JSON of every other field (seq, at, actor,
actor_key, table_name, row_id, project_id, operation, before, after, summary) followed by
`prev_hash`, the previous entry's hash ("0"*64 for seq 1). `seq` is read and assigned inside the
write transaction (BEGIN IMMEDIATE on SQLite, an advisory lock on PostgreSQL), so two writers
never collide. Every `CHECKPOINT_EVERY` entries, and on demand (clean exit), the head (seq, hash)
is signed with the installation's key into `audit_checkpoints`. Exports do not sign (they only
read); they record the head in the file's metadata instead (`app.services.anchors`), and out
review packages in their signed manifest.

`verify_chain` walks the chain and names the first bad seq: an edited field, a deleted row (seq
gap), a forged row inserted in the middle, swapped seqs, a link recomputed without the key
(the next entry still points at the old hash; a recomputed run up to a checkpoint fails the
checkpoint), a forged or replaced checkpoint signature, and a truncated tail (a checkpoint, or an
external anchor such as the head printed on an export, beyond the head).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import Connection, Table, event, func, insert, or_, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.attributes import instance_state

from app.crypto import sm3_new
from app.models import AuditCheckpoint, AuditEntry, Base
from app.models.db import Store

log = logging.getLogger(__name__)

GENESIS = "0" * 64
CHECKPOINT_EVERY = 500
NOT_AUDITED = frozenset({"audit_entries", "audit_checkpoints", "database_info"})
ENTRIES: Table = AuditEntry.__table__  # type: ignore[assignment]
CHECKPOINTS: Table = AuditCheckpoint.__table__  # type: ignore[assignment]
CHECKPOINT_CONTEXT = "ReviewDesk audit checkpoint v1"


# --------------------------------------------------------------------------- hashing


def _plain(value: Any) -> Any:
    """A JSON value for a column value: dates ISO, Decimal as text, enums by value."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def canonical(value: Any) -> str:
    """Canonical JSON: sorted keys, no blanks, UTF-8 text kept as is."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _at_text(at: datetime | str) -> str:
    """The time as SQLAlchemy stores it in SQLite; text read back raw is used as is."""
    return at if isinstance(at, str) else at.isoformat(sep=" ", timespec="microseconds")


def entry_hash(
    seq: int, at: datetime | str, actor: str, actor_key: str, table_name: str, row_id: str,
    project_id: int | None, operation: str, before: str, after: str, summary: str, prev_hash: str,
) -> str:  # fmt: skip
    body = canonical([seq, _at_text(at), actor, actor_key, table_name, row_id, project_id,
                      operation, before, after, summary])  # fmt: skip
    h = sm3_new()
    h.update(body.encode("utf-8") + prev_hash.encode("ascii"))
    return str(h.hexdigest())


def checkpoint_message(seq: int, head_hash: str) -> bytes:
    return f"{CHECKPOINT_CONTEXT}\n{seq}\n{head_hash}".encode("ascii")


# --------------------------------------------------------------------------- appending


@dataclass(frozen=True, slots=True)
class Change:
    table_name: str
    row_id: str
    project_id: int | None
    operation: str  # insert / update / delete / import / merge / restore / checkpoint
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)
    summary: str = ""


@dataclass(frozen=True, slots=True)
class ChainHead:
    seq: int
    hash: str


def chain_head(session: Session | Connection) -> ChainHead | None:
    """The last entry's seq and hash (for export properties and package manifests)."""
    row = session.execute(
        select(ENTRIES.c.seq, ENTRIES.c.hash).order_by(ENTRIES.c.seq.desc()).limit(1)
    ).first()
    return ChainHead(int(row[0]), str(row[1])) if row else None


_actor_key_cache: dict[str, str] = {}


def installation_key_id() -> str:
    """This installation's key id ("" when the key cannot be read: logged, writes go on)."""
    from app.crypto import CryptoUnavailable, installation_signer
    from app.paths import data_dir

    folder = str(data_dir())
    if folder not in _actor_key_cache:
        try:
            _actor_key_cache[folder] = installation_signer().key_id
        except CryptoUnavailable as exc:
            log.error("audit entries without a key id: %s", exc.message_en)
            return ""
    return _actor_key_cache[folder]


def _now(session: Session) -> datetime:
    clock = session.info.get("audit_clock")
    return (clock() if clock else datetime.now()).replace(tzinfo=None)


def append(session: Session, changes: Iterable[Change]) -> ChainHead | None:
    """Append entries for `changes` at the head of the chain, in the session's transaction."""
    rows = list(changes)
    if not rows:
        return chain_head(session)
    conn = session.connection()
    head = chain_head(conn)
    seq, prev = (head.seq, head.hash) if head else (0, GENESIS)
    first_seq = seq + 1
    at = _now(session)
    actor = str(session.info.get("actor", ""))[:100]
    actor_key = installation_key_id()
    values = []
    for c in rows:
        seq += 1
        before, after = canonical(c.before), canonical(c.after)
        digest = entry_hash(seq, at, actor, actor_key, c.table_name, c.row_id, c.project_id,
                            c.operation, before, after, c.summary, prev)  # fmt: skip
        values.append({
            "seq": seq, "at": at, "actor": actor, "actor_key": actor_key,
            "table_name": c.table_name, "row_id": c.row_id, "project_id": c.project_id,
            "operation": c.operation, "before": before, "after": after, "summary": c.summary,
            "prev_hash": prev, "hash": digest,
        })  # fmt: skip
        prev = digest
    conn.execute(insert(ENTRIES), values)
    new_head = ChainHead(seq, prev)
    if (first_seq - 1) // CHECKPOINT_EVERY != seq // CHECKPOINT_EVERY:
        _checkpoint_quietly(session, new_head)
    return new_head


def record_event(
    session: Session, table_name: str, operation: str, summary: str, *,
    after: dict[str, Any] | None = None, row_id: str = "", project_id: int | None = None,
) -> None:  # fmt: skip
    """One summary entry for a bulk operation (import, merge…) in the session's transaction."""
    session.flush()  # ORM changes first, so their entries precede the summary
    append(session, [Change(table_name, row_id, project_id, operation, {}, after or {}, summary)])


def file_digests(path: Any) -> dict[str, Any]:
    """Name, size, SHA-256 and SM3 of a file, for the summary entry of an import."""
    from pathlib import Path

    from app.crypto import sm3_new

    source = Path(path)
    sha, sm3 = hashlib.sha256(), sm3_new()
    size = 0
    with source.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
            sm3.update(block)
            size += len(block)
    return {"file": source.name, "size": size, "sha256": sha.hexdigest(), "sm3": sm3.hexdigest()}


# --------------------------------------------------------------------------- checkpoints


def _checkpoint_quietly(session: Session, head: ChainHead) -> None:
    from app.crypto import CryptoUnavailable

    try:
        _sign_checkpoint(session, head, None)
    except CryptoUnavailable as exc:
        # the change itself is kept; the missing signature shows as an unsigned tail
        log.error("audit checkpoint at seq %s not signed: %s", head.seq, exc.message_en)


def _sign_checkpoint(session: Session, head: ChainHead, signer: Any) -> dict[str, Any]:
    if signer is None:
        from app.crypto import installation_signer

        signer = installation_signer()
    row = {
        "seq": head.seq, "head_hash": head.hash, "at": _now(session),
        "algorithm": signer.algorithm, "key_id": signer.key_id, "public_key": signer.public_key,
        "signature": signer.sign(checkpoint_message(head.seq, head.hash)),
    }  # fmt: skip
    session.connection().execute(insert(CHECKPOINTS), row)
    from app.services.audit_heads import checkpoint_signed

    checkpoint_signed(session)  # remembered once the transaction commits
    return row


def checkpoint(session: Session, *, signer: Any = None) -> ChainHead | None:
    """Sign the current head now (no-op if it is signed already); returns the head."""
    head = chain_head(session)
    if head is None:
        return None
    signed = session.scalar(
        select(func.count())
        .select_from(CHECKPOINTS)
        .where(CHECKPOINTS.c.seq == head.seq, CHECKPOINTS.c.head_hash == head.hash)
    )
    if not signed:
        _sign_checkpoint(session, head, signer)
    return head


# --------------------------------------------------------------------------- ORM capture


def _columns(obj: Any) -> list[tuple[str, str]]:
    """(attribute key, column name) of a mapped object's column attributes."""
    mapper = instance_state(obj).mapper
    return [(attr.key, attr.columns[0].name) for attr in mapper.column_attrs]


def _table(obj: Any) -> Table | None:
    table = instance_state(obj).mapper.local_table
    return table if isinstance(table, Table) and table.name not in NOT_AUDITED else None


def _row_id(obj: Any, table: Table, values: dict[str, Any]) -> str:
    key = [values.get(c.name) for c in table.primary_key.columns]
    return "/".join("" if v is None else str(v) for v in key)


def _project_of(conn: Connection, table: Table, values: dict[str, Any],
                cache: dict[tuple[str, Any], int | None]) -> int | None:  # fmt: skip
    if table.name == "projects":
        return values.get("id")
    if "project_id" in table.c:
        return values.get("project_id")
    for fk in table.foreign_keys:  # e.g. document_parts.document_id -> documents.project_id
        parent = fk.column.table
        if "project_id" not in parent.c or values.get(fk.parent.name) is None:
            continue
        key = (parent.name, values[fk.parent.name])
        if key not in cache:
            cache[key] = conn.scalar(select(parent.c.project_id).where(fk.column == key[1]))
        return cache[key]
    return None


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    # load every column of rows about to be deleted, so that their old values are recorded
    for obj in session.deleted:
        if _table(obj) is not None:
            state = instance_state(obj)
            for key, _name in _columns(obj):
                if key not in state.dict and state.key is not None:
                    getattr(obj, key)


def _after_flush(session: Session, _ctx: Any) -> None:
    if session.info.get("audit_off"):
        return
    conn = session.connection()
    cache: dict[tuple[str, Any], int | None] = {}
    changes: list[Change] = []
    for obj in session.new:
        table = _table(obj)
        if table is None:
            continue
        state = instance_state(obj)
        after = {name: _plain(state.dict[key]) for key, name in _columns(obj) if key in state.dict}
        changes.append(Change(table.name, _row_id(obj, table, after),
                              _project_of(conn, table, after, cache), "insert", {}, after))  # fmt: skip
    for obj in session.dirty:
        table = _table(obj)
        if table is None or obj in session.deleted:
            continue
        state = instance_state(obj)
        before: dict[str, Any] = {}
        after = {}
        for key, name in _columns(obj):
            history = state.attrs[key].history
            if not history.added and not history.deleted:
                continue
            old = _plain(history.deleted[0]) if history.deleted else None
            new = _plain(history.added[0]) if history.added else None
            if old != new:
                before[name], after[name] = old, new
        if not after:
            continue
        current = {name: _plain(state.dict.get(key)) for key, name in _columns(obj)}
        changes.append(Change(table.name, _row_id(obj, table, current),
                              _project_of(conn, table, current, cache), "update", before, after))  # fmt: skip
    for obj in session.deleted:
        table = _table(obj)
        if table is None:
            continue
        state = instance_state(obj)
        before = {name: _plain(state.dict.get(key)) for key, name in _columns(obj)}
        changes.append(Change(table.name, _row_id(obj, table, before),
                              _project_of(conn, table, before, cache), "delete", before, {}))  # fmt: skip
    if changes:
        changes.sort(key=lambda c: (c.table_name, c.operation, c.row_id))  # stable order
        append(session, changes)


def install(factory: sessionmaker[Session]) -> None:
    """Record every ORM change made through sessions of `factory` (idempotent); remember the
    head of every signed checkpoint once its transaction commits (app.services.audit_heads)."""
    from app.services import audit_heads

    # marked on the factory itself: `event.contains` answers from a registry keyed by id(), so a
    # new sessionmaker whose generated Session class took the id of a collected one (a store
    # opened and closed before) looked audited already, and its changes went unrecorded
    if getattr(factory, "_reviewdesk_audited", False):
        return
    factory._reviewdesk_audited = True  # type: ignore[attr-defined]
    event.listen(factory, "before_flush", _before_flush)
    event.listen(factory, "after_flush", _after_flush)
    event.listen(factory, "after_commit", audit_heads.after_commit)
    event.listen(factory, "after_rollback", audit_heads.after_rollback)


# --------------------------------------------------------------------------- restores


def record_restore(
    session: Session, project_id: int, before: Any, after: Any, summary: str
) -> None:
    """Entries for an undo/redo that rewrote a project's rows with Core (`ProjectDump`s)."""

    def rows(dump: Any) -> dict[tuple[str, str], dict[str, Any]]:
        out: dict[tuple[str, str], dict[str, Any]] = {}
        for table_name, table_rows in dump.rows.items() if dump is not None else ():
            for row in table_rows:
                out[(table_name, str(row["id"]))] = {k: _plain(v) for k, v in row.items()}
        return out

    old, new = rows(before), rows(after)
    changes = []
    for key in sorted(set(old) | set(new)):
        o, n = old.get(key), new.get(key)
        if o is None and n is not None:
            changes.append(Change(key[0], key[1], project_id, "insert", {}, n, summary))
        elif n is None and o is not None:
            changes.append(Change(key[0], key[1], project_id, "delete", o, {}, summary))
        elif o is not None and n is not None and o != n:
            diff = [k for k in n if o.get(k) != n[k]]
            changes.append(Change(key[0], key[1], project_id, "update",
                                  {k: o.get(k) for k in diff}, {k: n[k] for k in diff}, summary))  # fmt: skip
    append(session, changes)


# --------------------------------------------------------------------------- verification


@dataclass
class VerifyResult:
    ok: bool
    entries: int
    first_bad_seq: int | None = None
    reason_zh: str = ""
    reason_en: str = ""
    head: ChainHead | None = None
    checkpoints: int = 0
    #: key ids of valid checkpoint signatures by keys other than the trusted ones
    foreign_keys: list[str] = field(default_factory=list)
    #: entries after the last valid checkpoint (not yet covered by a signature)
    unsigned_tail: int = 0
    #: the last valid checkpoint (where an incremental verify can start next time)
    last_checkpoint: ChainHead | None = None
    #: with strict_keys: the key id of the first checkpoint signed by an untrusted key
    unknown_signer: str = ""
    #: the head this installation remembered for the database (app.services.audit_heads), and
    #: whether the chain is shorter than it (truncated) or holds another entry there (replaced)
    remembered: ChainHead | None = None
    truncated: bool = False
    replaced: bool = False
    #: a recorded restore from backup explains a chain that no longer holds the remembered head
    restored: str = ""
    #: the remembered head's file did not verify (altered, or written by another key)
    head_file_problem: str = ""

    def message(self, language: str = "zh") -> str:
        if self.ok:
            if language == "en":
                return f"Audit chain intact: {self.entries} entries checked."
            return f"审计链完整：已校验 {self.entries} 条记录。"
        return self.reason_en if language == "en" else self.reason_zh


class _Broken(Exception):
    def __init__(self, seq: int, zh: str, en: str) -> None:
        super().__init__(en)
        self.seq, self.zh, self.en = seq, zh, en


_ENTRY_COLUMNS = (
    "seq, at, actor, actor_key, table_name, row_id, project_id, operation, "
    '"before", "after", summary, prev_hash, hash'
)


def _entry_rows(session: Session, after_seq: int) -> Iterator[tuple[Any, ...]]:
    """Entries after `after_seq` in seq order, as stored (SQLite's DateTime text is exactly
    `_at_text`), read with the driver's own cursor in blocks: verification is mostly this loop."""
    conn = session.connection()
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM audit_entries WHERE seq > {mark} ORDER BY seq",
            (after_seq,),
        )
        while block := cursor.fetchmany(5000):
            yield from (tuple(row) for row in block)
    finally:
        cursor.close()


def _row_hash(row: tuple[Any, ...]) -> str:
    (seq, at, actor, key, table, row_id, project_id, op, before, after, summary, prev_hash) = row[
        :12
    ]
    return entry_hash(seq, at, actor or "", key or "", table, row_id or "", project_id, op,
                      before or "", after or "", summary or "", prev_hash or "")  # fmt: skip


def _walk(
    session: Session, start: ChainHead | None, hashes: dict[int, str], memo: dict[Any, str] | None
) -> tuple[int, ChainHead | None]:
    """Check seq continuity, each hash and each link; fill `hashes` (seq -> stored hash).

    `memo` (row -> computed hash) lets a caller that verifies many near-identical copies skip
    recomputing unchanged rows; the hash is a pure function of the row, so results are equal.
    """
    seq, prev = (start.seq, start.hash) if start else (0, GENESIS)
    before_prev = None  # the hash two entries back, to recognise an inserted row
    count = 0
    for row in _entry_rows(session, seq):
        r_seq, prev_hash, stored = row[0], row[11], row[12]
        if r_seq != seq + 1:
            raise _Broken(seq + 1, f"第 {seq + 1} 条审计记录缺失（序号从 {seq} 跳到 {r_seq}，记录被删除）",
                          f"audit entry {seq + 1} is missing (seq jumps from {seq} to {r_seq}: deleted)")  # fmt: skip
        computed = memo.get(row) if memo is not None else None
        if computed is None:
            computed = _row_hash(row)
            if memo is not None:
                memo[row] = computed
        if prev_hash != prev:
            if before_prev is not None and prev_hash == before_prev:
                raise _Broken(seq, f"第 {seq} 条审计记录是插入的伪造记录（其后的记录仍指向第 {seq - 1} 条）",
                              f"audit entry {seq} was inserted (the next entry still points at entry {seq - 1})")  # fmt: skip
            if computed == stored and seq > 0:
                raise _Broken(seq, f"第 {seq} 条审计记录被改动并重新计算了哈希（第 {r_seq} 条记录中的前一哈希与之不符）",
                              f"audit entry {seq} was altered and its hash recomputed (entry {r_seq} points at a different hash)")  # fmt: skip
            raise _Broken(r_seq, f"第 {r_seq} 条审计记录的前一哈希与第 {seq} 条不符（记录被改动或调换了顺序）",
                          f"audit entry {r_seq} does not link to entry {seq} (altered or reordered)")  # fmt: skip
        if computed != stored:
            raise _Broken(r_seq, f"第 {r_seq} 条审计记录的内容被改动（哈希不符）",
                          f"audit entry {r_seq} was altered (hash mismatch)")  # fmt: skip
        hashes[r_seq] = stored
        before_prev, prev, seq = prev, stored, r_seq
        count += 1
    return count, (ChainHead(seq, prev) if seq else start)


def _trusted(trusted_keys: set[str] | None) -> set[str]:
    if trusted_keys is not None:
        return trusted_keys
    return {k for k in (installation_key_id(),) if k}


def verify_chain(
    session: Session, *, anchor: ChainHead | None = None, start: ChainHead | None = None,
    trusted_keys: set[str] | None = None, strict_keys: bool = False, signer: Any = None,
    memo: dict[Any, str] | None = None,
) -> VerifyResult:  # fmt: skip
    """Verify the chain (from `start`, a previously verified checkpoint, or from seq 1).

    `anchor` is a head known from outside the database (an export's properties, a package
    manifest, the app's own record): the chain must contain it unchanged. Checkpoints signed
    by keys outside `trusted_keys` (default: this installation's) are listed in
    `foreign_keys`, and fail the verification when `strict_keys` is set.
    """
    from app.crypto import installation_signer, verify_with

    hashes: dict[int, str] = {}
    result = VerifyResult(ok=True, entries=0)
    try:
        if start is not None:  # the entry verified last time must still hash to what it did
            row = next(iter(_entry_rows(session, start.seq - 1)), None)
            if row is None or row[0] != start.seq or not row[-1] == _row_hash(row) == start.hash:
                raise _Broken(start.seq, f"第 {start.seq} 条审计记录与上次校验时不同（被改动或删除）",
                              f"audit entry {start.seq} differs from the last verification (altered or deleted)")  # fmt: skip
        result.entries, result.head = _walk(session, start, hashes, memo)
        head_seq = result.head.seq if result.head else 0
        trusted = _trusted(trusted_keys)
        signer = signer or installation_signer()
        last_good: ChainHead | None = start
        cps = session.execute(
            select(CHECKPOINTS).where(CHECKPOINTS.c.seq > (start.seq if start else 0))
            .order_by(CHECKPOINTS.c.seq, CHECKPOINTS.c.id)
        ).mappings()  # fmt: skip
        for cp in cps:
            result.checkpoints += 1
            seq = int(cp["seq"])
            if not verify_with(signer, cp["algorithm"], cp["public_key"],
                               checkpoint_message(seq, cp["head_hash"]), cp["signature"]):  # fmt: skip
                raise _Broken(seq, f"第 {seq} 条处的签名检查点无效（签名被替换或伪造）",
                              f"the signed checkpoint at entry {seq} is invalid (signature replaced or forged)")  # fmt: skip
            from app.crypto import key_id_for

            key_id = cp["key_id"] if cp["algorithm"] != "SM2-SM3" else key_id_for(cp["public_key"])
            if key_id != cp["key_id"]:
                raise _Broken(seq, f"第 {seq} 条处检查点的密钥编号与公钥不符", f"the checkpoint at entry {seq} names a key id that does not match its public key")  # fmt: skip
            if key_id not in trusted:
                if strict_keys:
                    result.unknown_signer = key_id
                    raise _Broken(seq, f"第 {seq} 条处的检查点由未登记的密钥签名（密钥编号 {key_id}）",
                                  f"the checkpoint at entry {seq} is signed by an unknown key ({key_id})")  # fmt: skip
                if key_id not in result.foreign_keys:
                    result.foreign_keys.append(key_id)
            if seq > head_seq:
                raise _Broken(head_seq + 1, f"审计记录在第 {head_seq} 条之后被截断（签名检查点记载到第 {seq} 条）",
                              f"the audit trail was truncated after entry {head_seq} (a signed checkpoint covers entry {seq})")  # fmt: skip
            if hashes.get(seq) != cp["head_hash"]:
                first = (last_good.seq if last_good else 0) + 1
                raise _Broken(first, f"第 {first}–{seq} 条审计记录被改动并重新计算了哈希（与第 {seq} 条处的签名检查点不符）",
                              f"audit entries {first}-{seq} were altered and rehashed (they do not match the signed checkpoint at entry {seq})")  # fmt: skip
            last_good = ChainHead(seq, cp["head_hash"])
        if anchor is not None:
            if anchor.seq > head_seq:
                raise _Broken(head_seq + 1, f"审计记录在第 {head_seq} 条之后被截断（外部记录的链头为第 {anchor.seq} 条）",
                              f"the audit trail was truncated after entry {head_seq} (the external anchor is entry {anchor.seq})")  # fmt: skip
            if (
                anchor.seq > 0
                and hashes.get(anchor.seq, _stored_hash(session, anchor.seq)) != anchor.hash
            ):
                raise _Broken(anchor.seq, f"第 {anchor.seq} 条审计记录与外部记录的链头不符（记录被改动并重新计算）",
                              f"audit entry {anchor.seq} does not match the external anchor (rewritten)")  # fmt: skip
        result.last_checkpoint = last_good
        result.unsigned_tail = head_seq - (last_good.seq if last_good else 0)
    except _Broken as broken:
        result.ok = False
        result.first_bad_seq = broken.seq
        result.reason_zh, result.reason_en = broken.zh, broken.en
    return result


def _stored_hash(session: Session, seq: int) -> str | None:
    return session.scalar(select(ENTRIES.c.hash).where(ENTRIES.c.seq == seq))


# --------------------------------------------------------------------------- history views


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    seq: int
    at: datetime
    actor: str
    table_name: str
    row_id: str
    project_id: int | None
    operation: str
    before: dict[str, Any]
    after: dict[str, Any]
    summary: str

    def changed_fields(self) -> list[str]:
        keys = list(self.after) + [k for k in self.before if k not in self.after]
        return [k for k in keys if self.before.get(k) != self.after.get(k)]


def _history(rows: Iterable[AuditEntry]) -> list[HistoryEntry]:
    out = []
    for e in rows:
        try:
            before, after = json.loads(e.before or "{}"), json.loads(e.after or "{}")
        except ValueError:  # a damaged row is shown as text; verify reports it
            before, after = {"?": e.before}, {"?": e.after}
        out.append(HistoryEntry(e.seq, e.at, e.actor, e.table_name, e.row_id, e.project_id,
                                e.operation, before, after, e.summary))  # fmt: skip
    return out


def project_history(session: Session, project_id: int, *, limit: int = 2000) -> list[HistoryEntry]:
    """A project's entries, newest first."""
    rows = session.scalars(
        select(AuditEntry).where(AuditEntry.project_id == project_id)
        .order_by(AuditEntry.seq.desc()).limit(limit)
    )  # fmt: skip
    return _history(rows)


def search_history(
    session: Session, *, text: str = "", table_name: str = "", actor: str = "",
    limit: int = 5000,
) -> list[HistoryEntry]:  # fmt: skip
    """Entries of the whole database, newest first, filtered by table, actor and free text."""
    query = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit)
    if table_name:
        query = query.where(AuditEntry.table_name == table_name)
    if actor:
        query = query.where(AuditEntry.actor == actor)
    if text:
        like = f"%{text}%"
        query = query.where(or_(AuditEntry.summary.like(like), AuditEntry.before.like(like),
                                AuditEntry.after.like(like), AuditEntry.row_id == text))  # fmt: skip
    return _history(session.scalars(query))


#: the columns that name a row of a table in the history views (the first non-empty one);
#: a foreign key names the row by the row it points at
TITLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "projects": ("name", "code"), "units": ("short_name", "name"), "experts": ("name",),
    "review_rounds": ("name",), "registered_systems": ("name",), "documents": ("kind",),
    "document_parts": ("code",), "approvals": ("step",), "list_entries": ("year",),
    "plan_lines": ("year",), "budget_lines": ("year",), "rolling_lines": ("year",),
    "om_requests": ("year",), "unit_sanctions": ("article",), "rectification_orders": ("subject",),
    "change_records": ("recorded_on",), "performance_evaluations": ("report_on",),
    "project_participants": ("unit_id",), "expert_avoidances": ("unit_id",),
    "round_projects": ("project_id",), "round_experts": ("expert_id",),
    "expert_reviews": ("expert_id",), "attachments": ("filename",), "trusted_keys": ("label", "key_id"),
    "rule_settings": ("key",),
}  # fmt: skip


def referenced_table(table_name: str, column: str) -> str | None:
    """The table a column's foreign key points at (None for plain columns and unknown tables)."""
    table = Base.metadata.tables.get(table_name)
    if table is None or column not in table.c:
        return None
    keys = list(table.c[column].foreign_keys)
    return keys[0].column.table.name if keys else None


Titles = dict[tuple[str, str], tuple[str, Any]]


def row_titles(session: Session, entries: Iterable[HistoryEntry]) -> Titles:
    """(table, row id) → (column, value) naming the row, for the rows the entries are about and
    the rows their foreign keys (and project) point at, as they are now. Rows deleted since are
    absent: the views fall back to the values recorded in the entries, or to the row number."""
    wanted: dict[str, set[int]] = {}

    def want(table_name: str | None, row_id: Any) -> None:
        if table_name in TITLE_COLUMNS and str(row_id).isdigit():
            wanted.setdefault(table_name, set()).add(int(row_id))

    for e in entries:
        want(e.table_name, e.row_id)
        want("projects", e.project_id)
        for values in (e.before, e.after):
            for column, value in values.items():
                want(referenced_table(e.table_name, column), value)
    titles: Titles = {}
    for _pass in range(2):  # the second for rows named by a foreign key (a round's expert…)
        for table_name, ids in wanted.items():
            titles.update(_fetch_titles(session, table_name, ids))
        wanted = {}  # rows a title points at and not named yet
        for (table_name, _row_id), (column, value) in titles.items():
            target = referenced_table(table_name, column)
            if (target, str(value)) not in titles:
                want(target, value)
    return titles


def _fetch_titles(session: Session, table_name: str, ids: set[int]) -> Titles:
    table = Base.metadata.tables[table_name]
    columns = [table.c[name] for name in TITLE_COLUMNS[table_name]]
    ordered = sorted(ids)
    titles: Titles = {}
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        for row in session.execute(select(table.c.id, *columns).where(table.c.id.in_(chunk))):
            named = [
                (c.name, v) for c, v in zip(columns, row[1:], strict=True) if v not in (None, "")
            ]
            if named:
                titles[(table_name, str(row[0]))] = (named[0][0], _plain(named[0][1]))
    return titles


def actors(session: Session) -> list[str]:
    return [
        a for a in session.scalars(select(AuditEntry.actor).distinct().order_by(AuditEntry.actor))
    ]


def audited_tables() -> list[str]:
    return sorted(t.name for t in Base.metadata.sorted_tables if t.name not in NOT_AUDITED)


# --------------------------------------------------------------------------- read models


@dataclass(frozen=True, slots=True)
class HistoryPage:
    """What a history view shows: entries, newest first, and the names of their rows."""

    entries: list[HistoryEntry]
    titles: Titles


def project_history_page(store: Store, project_id: int) -> HistoryPage:
    """The project's history (the change history dock)."""
    with store.read() as session:
        entries = project_history(session, project_id)
        return HistoryPage(entries, row_titles(session, entries))


def search_history_page(
    store: Store, *, text: str = "", table_name: str = "", actor: str = ""
) -> HistoryPage:
    """The whole database's history, filtered (the audit log dialog)."""
    with store.read() as session:
        entries = search_history(session, text=text, table_name=table_name, actor=actor)
        return HistoryPage(entries, row_titles(session, entries))


def history_actors(store: Store) -> list[str]:
    """Every name that made a change (the audit log's 'who' filter)."""
    with store.read() as session:
        return actors(session)
