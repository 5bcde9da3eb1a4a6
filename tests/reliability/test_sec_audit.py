"""SEC-1: raw-SQL tampering of the audit trail is detected, naming the first bad seq.

A 5,000-entry log is built once through the store (ORM edits, checkpoints every 500 and one at
the head). Each tampering runs on a fresh in-memory copy: update one field; delete a row;
insert a forged row (correctly linked, followers renumbered); swap two seqs; recompute one
link's hash after an edit (no key needed); replace a checkpoint signature (random, replayed,
or re-signed with another SM2 key); truncate the tail (with the checkpoints beyond it, so that
only the external anchor catches it).
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from app.crypto import SM2Signer
from app.services import audit
from app.services.store import open_store
from tests.reliability.audit_log import build_log

pytestmark = pytest.mark.reliability
N = 5000
TAMPERINGS = int(__import__("os").environ.get("SEC1_TAMPERINGS", "2000"))
FIELDS = ("at", "actor", "actor_key", "table_name", "row_id", "project_id", "operation",
          "before", "after", "summary", "prev_hash", "hash")  # fmt: skip


@pytest.fixture(scope="module")
def log_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, audit.ChainHead, str]:
    import os

    from app.crypto.keys import forget_cached_signers

    data = tmp_path_factory.mktemp("sec1-data")
    old = os.environ.get("REVIEWDESK_DATA_DIR")
    os.environ["REVIEWDESK_DATA_DIR"] = str(data)
    forget_cached_signers()
    try:
        path = tmp_path_factory.mktemp("sec1") / "log.db"
        store = open_store(str(path))
        store.actor = "张三"
        head = build_log(store, N)
        key_id = audit.installation_key_id()
        store.close()
    finally:
        if old is not None:
            os.environ["REVIEWDESK_DATA_DIR"] = old
        forget_cached_signers()
    return path, head, key_id


def _memory_copy(path: Path) -> sqlite3.Connection:
    source = sqlite3.connect(path)
    mem = sqlite3.connect(":memory:", check_same_thread=False)
    source.backup(mem)
    source.close()
    mem.isolation_level = None
    return mem


def _verify(engine: Any, anchor: audit.ChainHead, key_id: str,
            memo: dict[Any, str]) -> audit.VerifyResult:  # fmt: skip
    with Session(engine) as session:
        return audit.verify_chain(session, anchor=anchor, trusted_keys={key_id},
                                  strict_keys=True, memo=memo)  # fmt: skip


def _row(mem: sqlite3.Connection, seq: int) -> dict[str, Any]:
    cur = mem.execute("SELECT * FROM audit_entries WHERE seq = ?", (seq,))
    names = [d[0] for d in cur.description]
    return dict(zip(names, cur.fetchone(), strict=True))


def _rehash(row: dict[str, Any]) -> str:
    return audit.entry_hash(row["seq"], row["at"], row["actor"], row["actor_key"],
                            row["table_name"], row["row_id"], row["project_id"], row["operation"],
                            row["before"], row["after"], row["summary"], row["prev_hash"])  # fmt: skip


def _changed(value: Any, rng: random.Random) -> Any:
    if value is None:
        return rng.randint(1, 99)
    if isinstance(value, int):
        return value + rng.randint(1, 9)
    if len(value) == 64 and all(c in "0123456789abcdef" for c in value):
        return "".join(rng.choice("0123456789abcdef") for _ in range(64)).replace(value, "f" * 64)
    return value[:-1] + ("甲" if not value.endswith("甲") else "乙") if value else "x"


def update_field(mem: sqlite3.Connection, rng: random.Random, head: int) -> int:
    k = rng.randint(1, head)
    name = rng.choice(FIELDS)
    old = _row(mem, k)[name]
    mem.execute(f'UPDATE audit_entries SET "{name}" = ? WHERE seq = ?', (_changed(old, rng), k))
    return k


def delete_row(mem: sqlite3.Connection, rng: random.Random, head: int) -> int:
    k = rng.randint(1, head - 1)
    mem.execute("DELETE FROM audit_entries WHERE seq = ?", (k,))
    return k


def insert_forged(mem: sqlite3.Connection, rng: random.Random, head: int) -> int:
    k = rng.randint(1, head)
    forged = _row(mem, k)
    forged["after"] = '{"total_investment_yuan":1}'
    forged["prev_hash"] = _row(mem, k - 1)["hash"] if k > 1 else audit.GENESIS
    forged["hash"] = _rehash(forged)
    mem.execute("UPDATE audit_entries SET seq = -seq WHERE seq >= ?", (k,))
    mem.execute("UPDATE audit_entries SET seq = 1 - seq WHERE seq < 0")
    cols = ", ".join(f'"{c}"' for c in forged)
    mem.execute(f"INSERT INTO audit_entries ({cols}) VALUES ({', '.join('?' * len(forged))})",
                tuple(forged.values()))  # fmt: skip
    return k


def swap_seq(mem: sqlite3.Connection, rng: random.Random, head: int) -> int:
    i, j = sorted(rng.sample(range(1, head + 1), 2))
    mem.execute("UPDATE audit_entries SET seq = -1 WHERE seq = ?", (i,))
    mem.execute("UPDATE audit_entries SET seq = ? WHERE seq = ?", (i, j))
    mem.execute("UPDATE audit_entries SET seq = ? WHERE seq = -1", (j,))
    return i


def recompute_link(mem: sqlite3.Connection, rng: random.Random, head: int) -> int:
    k = rng.randint(1, head - 1)  # the head's own rehash is caught by its checkpoint (see below)
    row = _row(mem, k)
    row["before"], row["after"] = row["after"], row["before"]
    row["hash"] = _rehash(row)
    mem.execute('UPDATE audit_entries SET "before" = ?, "after" = ?, hash = ? WHERE seq = ?',
                (row["before"], row["after"], row["hash"], k))  # fmt: skip
    return k


def replace_signature(mem: sqlite3.Connection, rng: random.Random, head: int) -> int:
    cps = mem.execute("SELECT id, seq, head_hash, signature FROM audit_checkpoints").fetchall()
    cp_id, seq, head_hash, _signature = rng.choice(cps)
    how = rng.randrange(3)
    if how == 0:  # random bytes
        mem.execute("UPDATE audit_checkpoints SET signature = ? WHERE id = ?",
                    (rng.randbytes(64).hex(), cp_id))  # fmt: skip
    elif how == 1:  # another checkpoint's (valid) signature replayed
        other = next(c for c in cps if c[0] != cp_id)
        mem.execute("UPDATE audit_checkpoints SET signature = ? WHERE id = ?", (other[3], cp_id))
    else:  # re-signed with a key the attacker made: a valid signature by an unknown key
        attacker = OTHER_KEY
        sig = attacker.sign(audit.checkpoint_message(seq, head_hash))
        mem.execute("UPDATE audit_checkpoints SET signature = ?, public_key = ?, key_id = ? "
                    "WHERE id = ?", (sig, attacker.public_key, attacker.key_id, cp_id))  # fmt: skip
    return int(seq)


def truncate_tail(mem: sqlite3.Connection, rng: random.Random, head: int) -> int:
    m = rng.randint(1, 600)
    mem.execute("DELETE FROM audit_entries WHERE seq > ?", (head - m,))
    if rng.random() < 0.5:  # a careful attacker removes the checkpoints beyond the new head
        mem.execute("DELETE FROM audit_checkpoints WHERE seq > ?", (head - m,))
    return head - m + 1


OTHER_KEY = SM2Signer.generate()
KINDS: dict[str, Callable[[sqlite3.Connection, random.Random, int], int]] = {
    "update": update_field, "delete": delete_row, "insert": insert_forged, "swap": swap_seq,
    "recompute": recompute_link, "signature": replace_signature, "truncate": truncate_tail,
}  # fmt: skip


def test_sec1_tampering_is_detected_at_the_first_bad_seq(
    log_db: tuple[Path, audit.ChainHead, str],
) -> None:
    path, head, key_id = log_db
    memo: dict[Any, str] = {}
    base = _memory_copy(path)
    mem = sqlite3.connect(":memory:", check_same_thread=False)
    mem.isolation_level = None
    engine = create_engine("sqlite://", creator=lambda: mem, poolclass=StaticPool)
    base.backup(mem)
    assert _verify(engine, head, key_id, memo).ok  # the untouched log verifies (and fills memo)
    rng = random.Random(20261125)
    detected, exact = Counter(), Counter()
    misses: list[str] = []
    started = time.perf_counter()
    for i in range(TAMPERINGS):
        kind = list(KINDS)[i % len(KINDS)]
        base.backup(mem)  # a fresh copy of the clean log
        expected = KINDS[kind](mem, rng, head.seq)
        result = _verify(engine, head, key_id, memo)
        if not result.ok:
            detected[kind] += 1
            if result.first_bad_seq == expected and result.reason_zh and result.reason_en:
                exact[kind] += 1
                continue
        misses.append(f"{kind}: expected {expected}, got {result.first_bad_seq} {result.reason_en}")
    wall = time.perf_counter() - started
    verify_s = full_verify_seconds(path)  # last: it appends to the file
    print(f"SEC-1: tamperings={TAMPERINGS} detected={sum(detected.values())} "
          f"first_bad_seq_exact={sum(exact.values())} "
          + " ".join(f"{k}={detected[k]}" for k in KINDS)
          + f" log={N} wall_s={wall:.1f} verify_100k_s={verify_s:.2f}")  # fmt: skip
    assert not misses, misses[:10]


def full_verify_seconds(path: Path, n: int = 100_000) -> float:
    """A full verification of an n-entry chain (no memo), as the app runs it (bench: floor 2 s).

    The 5,000-entry log is topped up with appended entries of the same size to `n`."""
    store = open_store(str(path))
    try:
        with store.read() as session:
            top = audit.chain_head(session)
        assert top is not None
        for start in range(top.seq, n, 5000):
            with store.write() as session:
                audit.append(session, [
                    audit.Change("plan_lines", str(i % 900), i % 40 + 1, "update",
                                 {"amount_yuan": 1_000_000 + i}, {"amount_yuan": 1_200_000 + i})
                    for i in range(start, min(n, start + 5000))
                ])  # fmt: skip
        with store.read() as session:
            started = time.perf_counter()
            result = audit.verify_chain(session)
            elapsed = time.perf_counter() - started
        assert result.ok and result.entries == n
        return elapsed
    finally:
        store.close()
