"""Keys the office and its experts decide to trust (no Qt).

Expert keys. An expert signs every return with the key of their ReviewDesk installation
(`app.crypto.expert_signer`). They export its public half (`write_expert_key`: a small
self-signed JSON file, `.rdkey`, and its fingerprint, the key id in eight groups of four hex
digits, to read out by phone); the DRC registers it in the expert pool
(`register_expert_key`, audited; replacing a registered key is a separate, confirmed and
audited act). A return signed by the registered key merges; a return from an expert with no
registered key merges only when the DRC confirms its fingerprint
(`packages.merge_return(..., trust_key=…)`), which registers the key.

Checkpoint keys. Every installation signs the audit checkpoints it makes with its own key. The
office marks the keys of its own DRC installations as trusted (`trust_checkpoint_key`, stored in
the database and audited); a checkpoint signed by any other key is reported as an unknown
signer (`audit.verify_chain(strict_keys=True)`, as the GUI verifies).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.crypto import SM2_ALGORITHM, Signer, fingerprint, key_id_for, verify_with
from app.models import AuditCheckpoint, Expert, TrustedKey
from app.models.db import Store
from app.services.atomic import atomic_write_bytes
from app.services.audit import installation_key_id, record_event
from app.services.editing import Invalid
from app.services.roles import drc_only

KEY_FORMAT = "reviewdesk-expert-key"
KEY_FORMAT_VERSION = 1
KEY_SUFFIX = ".rdkey"
#: what the key file's self-signature covers: this line, then the canonical key fields
KEY_CONTEXT = b"ReviewDesk expert public key v1\n"
MAX_KEY_FILE_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class PublicKey:
    """An expert's public key as read from a key file (self-signature checked)."""

    algorithm: str
    public_key: str
    key_id: str
    name: str = ""
    created_at: str = ""

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.key_id)


def _signed_part(fields: dict[str, Any]) -> bytes:
    body = {k: fields[k] for k in ("format", "format_version", "algorithm", "key_id", "public_key", "name", "created_at")}  # fmt: skip
    return KEY_CONTEXT + json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")  # fmt: skip


def expert_key_bytes(signer: Signer, *, name: str = "", now: datetime | None = None) -> bytes:
    """The public key file of `signer`: key, fingerprint, the expert's name, a self-signature."""
    fields: dict[str, Any] = {
        "format": KEY_FORMAT, "format_version": KEY_FORMAT_VERSION, "algorithm": signer.algorithm,
        "key_id": signer.key_id, "public_key": signer.public_key, "name": name.strip()[:100],
        "created_at": (now or datetime.now()).astimezone().isoformat(timespec="seconds"),
    }  # fmt: skip
    fields["fingerprint"] = fingerprint(signer.key_id)
    fields["signature"] = signer.sign(_signed_part(fields))
    return json.dumps(fields, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def write_expert_key(
    path: str | Path, *, name: str = "", signer: Signer | None = None
) -> PublicKey:
    """Export this installation's expert key (public half only) to `path`, atomically."""
    from app.crypto import expert_signer

    signer = signer or expert_signer()
    data = expert_key_bytes(signer, name=name)
    atomic_write_bytes(Path(path), data)
    return _parse(data)


def _bad_key(zh: str, en: str) -> Invalid:
    return Invalid("key_file", f"公钥文件无效：{zh}", f"the key file is not valid: {en}")


def _parse(data: bytes) -> PublicKey:
    try:
        fields = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _bad_key("不是 ReviewDesk 专家公钥文件", "not a ReviewDesk expert key file") from exc
    if not isinstance(fields, dict) or fields.get("format") != KEY_FORMAT:
        raise _bad_key("不是 ReviewDesk 专家公钥文件", "not a ReviewDesk expert key file")
    if fields.get("format_version") != KEY_FORMAT_VERSION:
        raise _bad_key("文件版本不受支持，请升级程序", "unsupported version; update the program")
    if not all(isinstance(fields.get(k), str) for k in ("algorithm", "key_id", "public_key", "name", "created_at", "signature")):  # fmt: skip
        raise _bad_key("缺少密钥、编号或签名", "the key, its id or the signature is missing")
    if fields["algorithm"] != SM2_ALGORITHM:
        raise _bad_key(f"只能登记 SM2 公钥（文件中为 {fields['algorithm']}）",
                       f"only SM2 keys can be registered (the file holds {fields['algorithm']})")  # fmt: skip
    try:
        consistent = key_id_for(fields["public_key"]) == fields["key_id"]
    except ValueError:
        consistent = False
    if not consistent:
        raise _bad_key("密钥编号与公钥不符", "the key id does not match the public key")
    if not verify_with(None, SM2_ALGORITHM, fields["public_key"], _signed_part(fields), fields["signature"]):  # fmt: skip
        raise _bad_key("自签名校验失败（文件被改动或损坏）", "its self-signature does not verify (altered or damaged)")  # fmt: skip
    return PublicKey(fields["algorithm"], fields["public_key"], fields["key_id"], fields["name"], fields["created_at"])  # fmt: skip


def read_expert_key(path: str | Path) -> PublicKey:
    """A public key file checked: format, SM2, key id of the key, self-signature."""
    source = Path(path)
    try:
        if source.stat().st_size > MAX_KEY_FILE_BYTES:
            raise _bad_key("文件过大", "the file is too large")
        data = source.read_bytes()
    except OSError as exc:
        raise Invalid("key_file", f"无法读取公钥文件：{source}（{exc.strerror or exc}）",
                      f"cannot read the key file {source}: {exc.strerror or exc}") from exc  # fmt: skip
    return _parse(data)


class KeyReplacement(Invalid):
    """The expert has another registered key: replacing it must be confirmed (`replace=True`)."""

    def __init__(self, expert_name: str, old_key: str, new_key: str) -> None:
        super().__init__(
            "key",
            f"专家“{expert_name}”已登记公钥 {fingerprint(old_key)}；更换为 {fingerprint(new_key)} 需要确认。",
            f"{expert_name} already has the registered key {fingerprint(old_key)}; replacing it with "
            f"{fingerprint(new_key)} must be confirmed.",
        )
        self.old_key, self.new_key = old_key, new_key


def check_expert_key(session: Session, expert_id: int, key_id: str) -> Expert:
    """The expert, if `key_id` may become their key: refused when it is another expert's."""
    expert = session.get(Expert, expert_id)
    if expert is None:
        raise Invalid("expert", "专家不存在", "no such expert")
    other = session.scalar(select(Expert.name).where(Expert.key_id == key_id, Expert.id != expert_id).limit(1))  # fmt: skip
    if other is not None:
        raise Invalid("key", f"该公钥已登记给专家“{other}”，不能再登记给其他专家",
                      f"this key is registered to another expert ({other})")  # fmt: skip
    return expert


@drc_only("登记或更换专家公钥", "register or replace an expert's key")
def register_expert_key(session: Session, expert_id: int, key: PublicKey, *, replace: bool = False,
                        now: datetime | None = None, how: str = "file") -> bool:  # fmt: skip
    """Register `key` as the expert's key; False when it is registered already.

    A different key already registered is replaced only with `replace=True` (`KeyReplacement`
    otherwise). Both are recorded in the audit trail with the old and new key ids; `how` says
    where the key came from ("file", or "return" when a confirmed first return registered it)."""
    if key.algorithm != SM2_ALGORITHM or key_id_for(key.public_key) != key.key_id:
        raise _bad_key("密钥编号与公钥不符", "the key id does not match the public key")
    expert = check_expert_key(session, expert_id, key.key_id)
    old = expert.key_id
    if old == key.key_id:
        if not expert.public_key:  # a key pinned before registration existed: keep its public half
            expert.public_key = key.public_key
        return False
    if old and not replace:
        raise KeyReplacement(expert.name, old, key.key_id)
    expert.key_id, expert.public_key = key.key_id, key.public_key
    expert.key_registered_at = (now or datetime.now()).replace(tzinfo=None, microsecond=0)
    verb = ("更换专家公钥", "replace_key") if old else ("登记专家公钥", "register_key")
    record_event(session, "experts", verb[1], f"{verb[0]}：{expert.name}，{fingerprint(key.key_id)}",
                 row_id=str(expert.id), after={"expert_id": expert.id, "old_key": old, "key_id": key.key_id,
                                               "fingerprint": fingerprint(key.key_id), "source": how})  # fmt: skip
    return True


# --------------------------------------------------------------------------- checkpoint keys


@dataclass(frozen=True, slots=True)
class CheckpointSigner:
    """A key that signed checkpoints of this database, as the audit log lists it."""

    key_id: str
    algorithm: str
    public_key: str
    checkpoints: int
    first_seq: int
    last_seq: int
    last_at: datetime | None
    #: "own" (this installation), "trusted" (marked by the office) or "unknown"
    status: str
    label: str = ""

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.key_id)


def trusted_key_ids(session: Session) -> set[str]:
    """This installation's key and the keys the office marked as trusted."""
    marked = set(session.scalars(select(TrustedKey.key_id)))
    own = installation_key_id()
    return marked | ({own} if own else set())


def checkpoint_signers(session: Session) -> list[CheckpointSigner]:
    """Every key that signed a checkpoint here, newest signature first."""
    own = installation_key_id()
    labels: dict[str, str] = {
        k: v for k, v in session.execute(select(TrustedKey.key_id, TrustedKey.label))
    }
    rows = session.execute(
        select(AuditCheckpoint.key_id, AuditCheckpoint.algorithm, func.min(AuditCheckpoint.public_key),
               func.count(), func.min(AuditCheckpoint.seq), func.max(AuditCheckpoint.seq),
               func.max(AuditCheckpoint.at))
        .group_by(AuditCheckpoint.key_id, AuditCheckpoint.algorithm)
    ).all()  # fmt: skip
    signers = [
        CheckpointSigner(key_id, algorithm, public_key, count, first, last, at,
                         "own" if key_id == own else "trusted" if key_id in labels else "unknown",
                         labels.get(key_id, ""))
        for key_id, algorithm, public_key, count, first, last, at in rows
    ]  # fmt: skip
    return sorted(signers, key=lambda s: s.last_seq, reverse=True)


@drc_only("信任检查点签名密钥", "trust a checkpoint signing key")
def trust_checkpoint_key(session: Session, key_id: str, label: str = "", *, actor: str = "",
                         now: datetime | None = None) -> None:  # fmt: skip
    """Mark a key that signed checkpoints here as one of the office's own (audited)."""
    public_key = session.scalar(select(AuditCheckpoint.public_key).where(AuditCheckpoint.key_id == key_id).limit(1))  # fmt: skip
    if public_key is None:
        raise Invalid("key", "该密钥没有签过本数据库的检查点", "this key signed no checkpoint of this database")  # fmt: skip
    if session.scalar(select(TrustedKey.id).where(TrustedKey.key_id == key_id)) is not None:
        return
    session.add(TrustedKey(key_id=key_id, public_key=public_key, label=label.strip()[:200],
                           trusted_at=(now or datetime.now()).replace(tzinfo=None, microsecond=0),
                           trusted_by=(actor or str(session.info.get("actor", "")))[:100]))  # fmt: skip
    session.flush()


@drc_only("取消信任检查点签名密钥", "withdraw trust from a checkpoint signing key")
def distrust_checkpoint_key(session: Session, key_id: str) -> None:
    """Take a key off the trusted list (audited); its checkpoints are unknown signers again."""
    for row in session.scalars(select(TrustedKey).where(TrustedKey.key_id == key_id)):
        session.delete(row)
    session.flush()


# --------------------------------------------------------------------------- for the audit log


def list_checkpoint_signers(store: Store) -> list[CheckpointSigner]:
    """`checkpoint_signers` in a read transaction of its own."""
    with store.read() as session:
        return checkpoint_signers(session)


@drc_only("信任检查点签名密钥", "trust a checkpoint signing key")
def trust_key(store: Store, key_id: str, label: str = "") -> None:
    """`trust_checkpoint_key` in a write transaction of its own (the store's actor recorded)."""
    with store.write() as session:
        trust_checkpoint_key(session, key_id, label)


@drc_only("取消信任检查点签名密钥", "withdraw trust from a checkpoint signing key")
def distrust_key(store: Store, key_id: str) -> None:
    """`distrust_checkpoint_key` in a write transaction of its own."""
    with store.write() as session:
        distrust_checkpoint_key(session, key_id)


@drc_only("登记或更换专家公钥", "register or replace an expert's key")
def register_key(store: Store, expert_id: int, key: PublicKey, *, replace: bool = False) -> bool:
    """`register_expert_key` in a write transaction of its own (the experts tab)."""
    with store.write() as session:
        return register_expert_key(session, expert_id, key, replace=replace)
