"""Review packages (.rdpkg): out to an offline expert, back with the expert's forms.

A package is a zip (members stored, not deflated) holding `manifest.json`, `manifest.sig` and
the members the manifest lists. The manifest (format version 2) holds: the package id (uuid4),
the round (its uid) and name, the direction (out / back), the expert id and name, the issuer's
key id and public key, the recipient's key id, a sequence, issued_at and expires_at, for a
return the id and SHA-256 of the package it answers, for an out package the audit chain's head,
and for every member its name, size, SHA-256 and SM3. `manifest.sig` is the issuer's SM2
signature (app.crypto `Signer`) over a context line and the manifest's bytes.

Keys and sequences. Out packages are signed with the DRC installation's key and numbered per
expert (1, 2, …). In reviewer mode the expert signs returns with the expert key of their
installation (`app.crypto.expert_signer`; an identity that already had a key of its own for a
DRC keeps it) and numbers them per DRC key. The DRC registers an expert's key in the expert
pool from the key file the expert exported (`app.services.trust`), or, for an expert with no
registered key, when it confirms the fingerprint of the first return (`merge_return(...,
trust_key=…)`; the command line refuses without `--trust-key`); returns must then carry that
key, and a key registered to one expert is refused for another. Per round, a return whose
sequence is not above the last merged one from that key is a rollback. `merged_packages` keeps
every package id, sequence and key; a package id seen before is a replay.

The expert's computer pins the DRC's key in turn: the first out package it opens pins its
issuer key (`reviewer/drc-keys.json`); a package signed by another DRC key is refused until the
expert accepts its fingerprint (`ReviewerWorkspace.open(..., trust_drc_key=…)`). Opening and
filling a package verifies SM2 signatures with the package's public key only: no key of this
computer is read or made except the expert key the return is signed with.

Out: `round.json` (round, rubric, questions, the expert), `projects.json` (each project's
facts, dossier checklist, open findings and attachment list), `forms.json` (the blank forms)
and `attachments/<sha256>` for every attached dossier file (verified against the store first).
Back: `reviews.json` ({project id: form}).

Reading a package checks, before anything is used: the file size, the zip central directory
(member count, names, no encryption, sizes and compression ratios, after RELIABILITY rule 7),
the exact zip layout (`_check_layout`: a byte changed anywhere is caught), the manifest, the
signature, that every listed member is present with its size, SHA-256 and SM3, that nothing
unlisted is inside, and the expiry date. A return is further checked against the database
(`inspect_return`). Any failure raises `PackageRefused` with a code, a Chinese and an English
reason, and nothing is written.

A second return from the same expert for the same round replaces the first only when the
caller confirms (`merge_return(..., confirm_replace=True)`); `inspect_return` lists the
differences to show first. A merge is one transaction, after a backup of the database file,
with an audit entry holding the package's SHA-256, and never touches the DRC's project facts.

Reviewer mode (`ReviewerWorkspace`) opens an out package read-only, keeps the expert's answers
in a JSON draft in the user data folder (`reviewer/<package id>.json`), written atomically on
every save, extracts attached files after checking their hashes, and writes the return package.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import struct
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.crypto import (
    SM2_ALGORITHM,
    CryptoUnavailable,
    Signer,
    expert_signer,
    fingerprint,
    fingerprint_matches,
    installation_signer,
    key_id_for,
    sm3_hex,
    sm3_new,
    verify_with,
)
from app.models import (
    Attachment,
    Expert,
    ExpertReview,
    MergedPackage,
    Project,
    ReviewRound,
    RoundProject,
)
from app.models.db import Store
from app.paths import data_dir
from app.rules.checklists import dossier_checklist
from app.services.atomic import atomic_write_bytes, atomic_writer
from app.services.attachments import AttachmentError, file_hashes
from app.services.audit import record_event
from app.services.editing import Invalid
from app.services.experts import (
    CHAPTER_GRADE_LABELS,
    CHAPTERS,
    CONCLUSION_LABELS,
    QUESTIONS,
    Criterion,
    ExpertReviewInput,
    round_rubric,
    rubric_data,
    rubric_from_data,
    validate_review,
)
from app.services.kept import current_for
from app.services.roles import drc_only
from app.services.snapshot import project_facts

FORMAT = "reviewdesk-review-package"
FORMAT_VERSION = 2
SUFFIX = ".rdpkg"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
#: what the signature covers: this context line, then the manifest's bytes
SIGNED_CONTEXT = b"ReviewDesk review package manifest v2\n"
OUT_MEMBERS = ("round.json", "projects.json", "forms.json")
BACK_MEMBERS = ("reviews.json",)
ATTACHMENTS = "attachments/"
#: how long a package may be used after it was issued
OUT_VALID_DAYS = 90
RETURN_VALID_DAYS = 60
#: zip pre-check caps (RELIABILITY rule 7, sized for dossiers with attachments)
MAX_FILE_BYTES = 1024 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_JSON_BYTES = 64 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_RATIO = 100
RATIO_FLOOR = 64 * 1024  # members smaller than this cannot be a zip bomb: ratio not checked
CHUNK = 1024 * 1024
#: the one zip layout written and accepted: fixed time, Unix "made by", mode 0600
ZIP_TIME = (2000, 1, 1, 0, 0, 0)
ZIP_SYSTEM = 3
ZIP_ATTR = 0o600 << 16
_BAD_NAME = re.compile(r'[\x00-\x1f\\:*?"<>|]')
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_KEY_ID = re.compile(r"^[0-9a-f]{32}$")


class PackageRefused(Exception):
    """The package was not used; nothing was written."""

    def __init__(self, code: str, message_zh: str, message_en: str) -> None:
        super().__init__(f"{code}: {message_en}")
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en


@dataclass(frozen=True)
class Package:
    """A package whose zip structure, signature, manifest and every member hash were verified.

    `members` holds the JSON members; attachment files stay in the zip (`extract_attachment`)."""

    path: Path
    sha256: str
    manifest: dict[str, Any]
    members: dict[str, bytes]
    attachments: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def package_id(self) -> str:
        return str(self.manifest["package_id"])

    @property
    def round_uid(self) -> str:
        return str(self.manifest["round_id"])

    @property
    def direction(self) -> str:
        return str(self.manifest["direction"])

    @property
    def expert_id(self) -> int:
        return int(self.manifest["expert_id"])

    @property
    def sequence(self) -> int:
        return int(self.manifest["sequence"])

    @property
    def issuer_key(self) -> str:
        return str(self.manifest["issuer_key_id"])

    @property
    def recipient_key(self) -> str:
        return str(self.manifest.get("recipient_key_id", ""))

    def json(self, name: str) -> Any:
        try:
            return json.loads(self.members[name].decode("utf-8"))
        except (KeyError, UnicodeDecodeError, ValueError) as exc:
            raise PackageRefused("bad_member", f"评审包内文件 {name} 无法读取", f"member {name} cannot be read") from exc  # fmt: skip


def _dump(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def _entry(name: str, data: bytes) -> dict[str, Any]:
    return {"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest(), "sm3": sm3_hex(data)}  # fmt: skip


def _stamp(value: datetime) -> str:
    return value.astimezone().isoformat(timespec="seconds")


def build_package(handle: BinaryIO, manifest: dict[str, Any], members: dict[str, bytes], signer: Signer,
                  files: dict[str, tuple[Path, dict[str, Any]]] | None = None) -> None:  # fmt: skip
    """Write a signed package to `handle`: manifest.json, manifest.sig, the members, the files.

    `files` maps a member name to (a verified file, its entry {size, sha256, sm3})."""
    listed = [_entry(name, data) for name, data in members.items()]
    listed += [{"name": name, **entry} for name, (_path, entry) in (files or {}).items()]
    full = {
        **manifest, "format": FORMAT, "format_version": FORMAT_VERSION, "members": listed,
        "issuer_key_id": signer.key_id, "issuer_public_key": signer.public_key,
        "signature_algorithm": signer.algorithm,
    }  # fmt: skip
    manifest_bytes = _dump(full)
    signature = {
        "algorithm": signer.algorithm, "key_id": signer.key_id, "public_key": signer.public_key,
        "signature": signer.sign(SIGNED_CONTEXT + manifest_bytes),
    }  # fmt: skip
    # stored, not deflated: the CRC-32 then covers every byte as written, and no byte of a
    # member (deflate padding) can change without a reader noticing
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr(_zinfo(MANIFEST), manifest_bytes)
        zf.writestr(_zinfo(SIGNATURE), _dump(signature))
        for name, data in members.items():
            zf.writestr(_zinfo(name), data)
        for name, (path, entry) in (files or {}).items():
            info = _zinfo(name)
            info.file_size = entry["size"]
            with open(path, "rb") as source, zf.open(info, "w") as target:
                shutil.copyfileobj(source, target, CHUNK)


def _zinfo(name: str, method: int = zipfile.ZIP_STORED) -> zipfile.ZipInfo:
    """A member header in the one layout readers accept (see `_check_layout`); packages are
    written stored, tests build deflated ones."""
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = method
    info.create_system = ZIP_SYSTEM
    info.external_attr = ZIP_ATTR
    return info


def _check_layout(source: Path, zf: zipfile.ZipFile) -> None:
    """The zip holds nothing but its members: local headers repeat the central directory, no
    gaps, extras, comments or trailing bytes, fixed attributes. A byte changed anywhere in the
    file is then caught here, by a hash, by the signature, or by the decompressor."""
    infos = sorted(zf.infolist(), key=lambda i: i.header_offset)
    offset = 0
    directory: list[bytes] = []
    with open(source, "rb") as handle:
        for info in infos:
            name = info.filename.encode("utf-8" if info.flag_bits & 0x800 else "cp437")
            good = (
                info.header_offset == offset and info.extra == b"" and info.comment == b""
                and info.volume == 0 and info.internal_attr == 0 and info.external_attr == ZIP_ATTR
                and info.reserved == 0
                and info.create_system == ZIP_SYSTEM and info.create_version == info.extract_version
                and info.flag_bits in (0, 0x800) and info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
            )  # fmt: skip
            handle.seek(offset)
            header = handle.read(30)
            if not good or len(header) != 30:
                raise _layout_refused()
            fields = struct.unpack("<4s5H3L2H", header)
            expected = (b"PK\x03\x04", info.extract_version, info.flag_bits, info.compress_type,
                        _dos_time(info.date_time), _dos_date(info.date_time), info.CRC,
                        info.compress_size, info.file_size, len(name), 0)  # fmt: skip
            if fields != expected or handle.read(len(name)) != name:
                raise _layout_refused()
            record = struct.pack("<4s6H3L5H2L", b"PK\x01\x02", info.create_system << 8 | info.create_version,
                                 *expected[1:10], 0, 0, 0, 0, ZIP_ATTR, offset)  # fmt: skip
            directory.append(record + name)
            offset += 30 + len(name) + info.compress_size
        expected_end = b"PK\x05\x06" + struct.pack("<4H2LH", 0, 0, len(infos), len(infos), sum(map(len, directory)), offset, 0)  # fmt: skip
        handle.seek(offset)
        # the central directory and end record, byte for byte as they must be; nothing after them
        if handle.read() != b"".join(directory) + expected_end or zf.start_dir != offset:
            raise _layout_refused()


def _dos_time(value: tuple[int, ...]) -> int:
    return value[3] << 11 | value[4] << 5 | value[5] // 2


def _dos_date(value: tuple[int, ...]) -> int:
    return (value[0] - 1980) << 9 | value[1] << 5 | value[2]


def _layout_refused() -> PackageRefused:
    return _refuse("bad_layout", "评审包的 zip 结构被改动（文件头不一致或含有多余数据）", "the package's zip structure was altered (inconsistent headers or extra bytes)")  # fmt: skip


def build_zip(manifest: dict[str, Any], members: dict[str, bytes], signer: Signer) -> bytes:
    """The bytes of a signed package without attached files (returns, tests)."""
    buffer = io.BytesIO()
    build_package(buffer, manifest, members, signer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- reading


def _refuse(code: str, zh: str, en: str) -> PackageRefused:
    return PackageRefused(code, zh, en)


def _name_ok(name: str) -> bool:
    if not name or len(name) > 255 or _BAD_NAME.search(name) or name.startswith("/"):
        return False
    return all(part not in ("", ".", "..") for part in PurePosixPath(name).parts) and not name.endswith("/")  # fmt: skip


def _precheck(zf: zipfile.ZipFile) -> None:
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _refuse("too_many_members", f"评审包内文件过多（{len(infos)}个）", f"too many members ({len(infos)})")  # fmt: skip
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        raise _refuse("duplicate_member", "评审包内有重名文件", "the package has duplicate member names")  # fmt: skip
    total = 0
    for info in infos:
        if not _name_ok(info.filename):
            raise _refuse("bad_name", f"评审包内文件名不合规：{info.filename!r}", f"ill-formed member name {info.filename!r}")  # fmt: skip
        if info.flag_bits & 0x1:
            raise _refuse("encrypted", "评审包内有加密文件，无法读取", "the package holds encrypted members")  # fmt: skip
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _refuse("ratio", f"评审包内文件 {info.filename} 压缩比异常（疑似压缩炸弹）", f"member {info.filename} has an abnormal compression ratio (zip bomb?)")  # fmt: skip
    if total > MAX_TOTAL_BYTES:
        raise _refuse("too_large", "评审包解压后过大", "the package is too large when uncompressed")  # fmt: skip


def _bad_manifest(zh: str, en: str) -> PackageRefused:
    return _refuse("bad_manifest", f"评审包清单无效：{zh}", f"the manifest is invalid: {en}")


def _check_manifest(manifest: Any) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refuse("not_package", "不是 ReviewDesk 评审包（清单格式不符）", "not a ReviewDesk review package (manifest format)")  # fmt: skip
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise _refuse("too_new", "该评审包由更新版本的 ReviewDesk 制作，请升级程序", "the package was made by a newer ReviewDesk")  # fmt: skip
    if version < FORMAT_VERSION:
        raise _refuse("old_format", "该评审包是旧格式（没有签名），请发件方用新版本重新制作", "the package has an old, unsigned format; ask the sender to make it again")  # fmt: skip
    try:
        uuid.UUID(str(manifest.get("package_id")))
        uuid.UUID(str(manifest.get("round_id")))
        int(manifest["expert_id"])
        if not isinstance(manifest.get("sequence"), int) or manifest["sequence"] < 1:
            raise ValueError("sequence")
        for key in ("issued_at", "expires_at"):
            if datetime.fromisoformat(str(manifest.get(key))).tzinfo is None:
                raise ValueError(key)
    except (KeyError, TypeError, ValueError) as exc:
        raise _bad_manifest("缺少或含有无效的编号、序号或日期", "it lacks a valid id, sequence or date") from exc  # fmt: skip
    if manifest.get("direction") not in ("out", "back"):
        raise _bad_manifest("方向无效", "invalid direction")
    if not all(isinstance(manifest.get(k), str) for k in ("issuer_key_id", "issuer_public_key", "recipient_key_id")):  # fmt: skip
        raise _bad_manifest("缺少签发方或接收方密钥", "issuer or recipient key missing")
    if not _KEY_ID.match(manifest["issuer_key_id"]) or not (manifest["recipient_key_id"] == "" or _KEY_ID.match(manifest["recipient_key_id"])):  # fmt: skip
        raise _bad_manifest("密钥编号格式不符", "ill-formed key id")
    members = manifest.get("members")
    if not isinstance(members, list) or not all(
        isinstance(m, dict) and isinstance(m.get("name"), str) and isinstance(m.get("size"), int)
        and _HEX64.match(str(m.get("sha256", ""))) and _HEX64.match(str(m.get("sm3", "")))
        for m in members
    ):  # fmt: skip
        raise _bad_manifest("文件列表无效", "the member list is invalid")
    names = [m["name"] for m in members]
    if len(set(names)) != len(names) or MANIFEST in names or SIGNATURE in names:
        raise _bad_manifest("文件列表有重复", "the member list repeats a name")


def _check_signature(manifest_bytes: bytes, manifest: dict[str, Any], raw_signature: bytes) -> None:
    try:
        sig = json.loads(raw_signature.decode("utf-8"))
        algorithm, key_id = str(sig["algorithm"]), str(sig["key_id"])
        public_key, signature = str(sig["public_key"]), str(sig["signature"])
    except (UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        raise _refuse("bad_signature", "评审包签名文件无法读取", "manifest.sig cannot be read") from exc  # fmt: skip
    if key_id != manifest["issuer_key_id"] or public_key != manifest["issuer_public_key"]:
        raise _refuse("bad_signature", "签名密钥与清单中的签发方不一致", "the signing key is not the manifest's issuer")  # fmt: skip
    try:
        consistent = algorithm != SM2_ALGORITHM or key_id_for(public_key) == key_id
        local = installation_signer() if algorithm != SM2_ALGORITHM else None  # HMAC only
        valid = consistent and verify_with(local, algorithm, public_key, SIGNED_CONTEXT + manifest_bytes, signature)  # fmt: skip
    except CryptoUnavailable as exc:
        raise _refuse("crypto_unavailable", exc.message_zh, exc.message_en) from exc
    except ValueError:
        valid = False
    if not valid:
        raise _refuse("bad_signature", "评审包签名校验失败：清单被修改，或签名不是由签发方密钥所做", "the package signature does not verify: the manifest was altered or signed by another key")  # fmt: skip


def _copy_member(zf: zipfile.ZipFile, entry: dict[str, Any], out: BinaryIO | None) -> bool:
    """Stream a member in chunks (into `out` when given); whether it has the size, SHA-256 and
    SM3 its manifest entry lists."""
    sha, sm3, read = hashlib.sha256(), sm3_new(), 0
    with zf.open(entry["name"]) as handle:
        while chunk := handle.read(CHUNK):
            read += len(chunk)
            if read > entry["size"]:
                return False
            sha.update(chunk)
            sm3.update(chunk)
            if out is not None:
                out.write(chunk)
    return bool(read == entry["size"] and sha.hexdigest() == entry["sha256"] and sm3.hexdigest() == entry["sm3"])  # fmt: skip


def _read_member(zf: zipfile.ZipFile, entry: dict[str, Any], keep: bool) -> bytes:
    """Read a member in chunks, checking size, SHA-256 and SM3; its bytes when `keep`."""
    name = entry["name"]
    if zf.getinfo(name).file_size != entry["size"]:
        raise _refuse("hash_mismatch", f"评审包内文件 {name} 的大小与清单不符：文件已被修改或损坏", f"member {name} does not have the listed size: the package was altered or damaged")  # fmt: skip
    kept = io.BytesIO() if keep else None
    if not _copy_member(zf, entry, kept):
        raise _refuse("hash_mismatch", f"评审包内文件 {name} 的校验值不符：文件已被修改或损坏", f"member {name} does not match its SHA-256/SM3: the package was altered or damaged")  # fmt: skip
    return kept.getvalue() if kept is not None else b""


def _file_sha256(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            sha.update(chunk)
    return sha.hexdigest()


def read_package(path: str | Path, *, now: datetime | None = None) -> Package:
    """Open and verify a package file (structure, signature, manifest, every hash, expiry)."""
    source = Path(path)
    try:
        size = source.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _refuse("too_large", f"评审包文件过大（{size // 1048576} MB）", f"the package file is too large ({size // 1048576} MB)")  # fmt: skip
        with open(source, "rb") as handle:
            if handle.read(4) != b"PK\x03\x04":
                raise _refuse("not_zip", "该文件不是评审包（不是 zip 文件）", "this is not a review package (not a zip file)")  # fmt: skip
        package_sha = _file_sha256(source)
    except OSError as exc:
        raise _refuse("unreadable", f"无法读取文件：{source}", f"cannot read {source}: {exc.strerror or exc}") from exc  # fmt: skip
    try:
        with zipfile.ZipFile(source) as zf:
            _precheck(zf)
            _check_layout(source, zf)
            present = set(zf.namelist())
            for needed in (MANIFEST, SIGNATURE):
                if needed not in present:
                    raise _refuse("missing_member", f"评审包缺少 {needed}（文件不完整、被删改或没有签名）", f"the package has no {needed} (incomplete, altered or unsigned)")  # fmt: skip
            if zf.getinfo(MANIFEST).file_size > MAX_JSON_BYTES:
                raise _refuse("too_large", "评审包清单过大", "the manifest is too large")
            manifest_bytes = zf.read(MANIFEST)
            manifest = json.loads(manifest_bytes.decode("utf-8"))
            _check_manifest(manifest)
            _check_signature(manifest_bytes, manifest, zf.read(SIGNATURE))
            listed = {m["name"]: m for m in manifest["members"]}
            for name in listed:
                if name not in present:
                    raise _refuse("missing_member", f"评审包缺少文件：{name}（文件不完整或被删改）", f"the package lacks member {name} (incomplete or altered)")  # fmt: skip
            extra = sorted(present - set(listed) - {MANIFEST, SIGNATURE})
            if extra:
                raise _refuse("unlisted_member", f"评审包内有清单未列出的文件：{extra[0]}", f"the package holds an unlisted member: {extra[0]}")  # fmt: skip
            members: dict[str, bytes] = {}
            attachments: dict[str, dict[str, Any]] = {}
            for name, entry in listed.items():
                if name.startswith(ATTACHMENTS):
                    if name[len(ATTACHMENTS) :] != entry["sha256"]:
                        raise _bad_manifest(f"附件 {name} 的名称与其校验值不符", f"attachment {name} is not named by its SHA-256")  # fmt: skip
                    _read_member(zf, entry, keep=False)
                    attachments[entry["sha256"]] = entry
                else:
                    if entry["size"] > MAX_JSON_BYTES:
                        raise _refuse("too_large", f"评审包内文件 {name} 过大", f"member {name} is too large")  # fmt: skip
                    members[name] = _read_member(zf, entry, keep=True)
    except PackageRefused:
        raise
    except Exception as exc:  # zipfile.BadZipFile, zlib.error, bad CRC, EOF, JSON, …
        raise _refuse("corrupt", "评审包已损坏或不完整（可能在传输中被截断或修改）", f"the package is damaged or incomplete (truncated or altered in transit): {exc}") from exc  # fmt: skip
    if datetime.fromisoformat(manifest["expires_at"]) < (now or datetime.now()).astimezone():
        raise _refuse("expired", f"评审包已过期（有效期至 {manifest['expires_at'][:10]}），请发件方重新制作", f"the package expired on {manifest['expires_at'][:10]}; ask the sender for a new one")  # fmt: skip
    return Package(source, package_sha, manifest, members, attachments)


def extract_attachment(package: Package, sha256: str, folder: Path, filename: str) -> Path:
    """Copy one attached file out of the package into `folder` after checking its hashes again."""
    from app.services.attachments import clean_filename

    entry = package.attachments.get(sha256)
    if entry is None:
        raise _refuse("missing_member", "评审包内没有该附件", "the package does not hold this attachment")  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / clean_filename(filename)
    temp = folder / f".{sha256[:16]}.part"
    try:
        with zipfile.ZipFile(package.path) as zf, open(temp, "wb") as out:
            intact = _copy_member(zf, entry, out)
        if not intact:
            raise _refuse("hash_mismatch", "附件校验值不符：评审包在打开后被修改或损坏，附件未打开", "the attachment does not match its hash: the package changed or is damaged; not opened")  # fmt: skip
        if target.exists():
            target.chmod(0o600)
        os.replace(temp, target)
        target.chmod(0o400)
    except PackageRefused:
        temp.unlink(missing_ok=True)
        raise
    except (OSError, zipfile.BadZipFile, KeyError) as exc:
        temp.unlink(missing_ok=True)
        raise _refuse("corrupt", f"附件无法从评审包中取出：{exc}", f"the attachment cannot be extracted: {exc}") from exc  # fmt: skip
    return target


# --------------------------------------------------------------------------- out


def _safe_file_name(text: str) -> str:
    cleaned = re.sub(r'[\x00-\x1f\\/:*?"<>|]+', "_", text).strip(" .")
    return cleaned[:80] or "package"


def project_record(project: Project, findings: list[Any], attached: list[Attachment] | None = None) -> dict[str, Any]:  # fmt: skip
    """What an expert sees of a project: facts, dossier checklist, open findings, attachments."""
    facts = project_facts(project)
    return {
        "id": project.id,
        "code": project.code,
        "name": project.name,
        "unit": project.unit.name,
        "participants": [p.unit.name for p in project.participants],
        "type": project.type.value,
        "stage": project.stage.value,
        "content": project.content,
        "total_investment_yuan": project.total_investment_yuan,
        "declared_yuan": project.declared_yuan,
        "funding_source": project.funding_source,
        "on_gov_cloud": project.on_gov_cloud,
        "cloud_justification": project.cloud_justification,
        "implementing_agency": project.implementing_agency,
        "checklist": [
            {
                "key": i.key,
                "label_zh": i.label_zh,
                "label_en": i.label_en,
                "article": i.article,
                "status": i.status.value,
                "applicable": i.applicable,
                "reason_zh": i.reason_zh,
                "remark": i.remark,
                "parent": i.parent,
            }
            for i in dossier_checklist(facts)
        ],
        "attachments": [_attachment_record(a) for a in attached or []],
        "findings": [
            {
                "code": f.code,
                "severity": f.severity.value,
                "article": f.article,
                "message_zh": f.message_zh,
                "message_en": f.message_en,
            }
            for f in findings
            if f.open and f.project_id == project.id
        ],
    }


def _attachment_record(a: Attachment) -> dict[str, Any]:
    return {"item_key": a.item_key, "filename": a.filename, "sha256": a.sha256, "size": a.size,
            "media_type": a.media_type, "note": a.note}  # fmt: skip


def round_record(rnd: ReviewRound, expert: Expert) -> dict[str, Any]:
    return {
        "round_id": rnd.uid,
        "round_name": rnd.name,
        "rubric": rubric_data(round_rubric(rnd)),
        "questions": [list(q) for q in QUESTIONS],
        "chapters": [list(c) for c in CHAPTERS],
        "expert": {"id": expert.id, "name": expert.name, "organisation": expert.organisation},
    }


@drc_only("发出评审包", "issue review packages")
def export_round_packages(store: Store, round_id: int, folder: str | Path, *, today: date | None = None,
                          now: datetime | None = None, expert_ids: list[int] | None = None,
                          signer: Signer | None = None, valid_days: int = OUT_VALID_DAYS) -> list[Path]:  # fmt: skip
    """One signed out package per member expert of the round (or the given experts), written atomically.

    Each carries the round's projects with their attached dossier files (checked against their
    hashes first). The issued package ids, sequences and keys are recorded so that only replies
    to them are accepted.
    """
    from app.services.attachments import verified_blob

    target = Path(folder)
    stamp = (now or datetime.now()).astimezone()
    drc = signer or installation_signer()
    with store.read() as session:  # the findings of the round's projects only, current
        in_round = list(session.scalars(select(RoundProject.project_id).where(RoundProject.round_id == round_id)))  # fmt: skip
    findings = current_for(store, today or date.today(), owners=in_round)
    written: list[Path] = []
    with store.write() as session:
        rnd = session.get(ReviewRound, round_id)
        if rnd is None:
            raise Invalid("round", "评审批次不存在", "no such review round")
        chosen = [e for e in rnd.experts if (e.expert_id in expert_ids if expert_ids is not None else e.role == "member")]  # fmt: skip
        if not chosen:
            raise Invalid("experts", "该批次尚未确定评审专家", "the round has no experts yet")
        project_ids = [rp.project_id for rp in rnd.projects]
        attached = list(session.scalars(select(Attachment).where(Attachment.project_id.in_(project_ids)).order_by(Attachment.id)))  # fmt: skip
        files: dict[str, tuple[Path, dict[str, Any]]] = {}
        for a in attached:
            if f"{ATTACHMENTS}{a.sha256}" not in files:
                try:
                    path = verified_blob(store, a.sha256, a.size)
                except AttachmentError as exc:
                    raise Invalid("attachments", f"附件“{a.filename}”无法放入评审包：{exc.message_zh}", f"{a.filename} cannot go into the package: {exc.message_en}") from exc  # fmt: skip
                files[f"{ATTACHMENTS}{a.sha256}"] = (path, {"size": a.size, "sha256": a.sha256, "sm3": a.sm3 or file_hashes(path)[1]})  # fmt: skip
        projects = [project_record(rp.project, findings, [a for a in attached if a.project_id == rp.project_id]) for rp in rnd.projects]  # fmt: skip
        rubric = round_rubric(rnd)
        blank = {str(p["id"]): ExpertReviewInput().to_data() for p in projects}
        head = _audit_head(session)
        target.mkdir(parents=True, exist_ok=True)  # only now: a refused export leaves no folder
        for member in chosen:
            expert = member.expert
            package_id = str(uuid.uuid4())
            sequence = 1 + (session.scalar(select(func.max(MergedPackage.sequence)).where(
                MergedPackage.expert_id == expert.id, MergedPackage.direction == "out")) or 0)  # fmt: skip
            recipient = expert.key_id  # the registered key, or "" (any key, confirmed at merge)
            manifest = {
                "package_id": package_id, "round_id": rnd.uid, "round_name": rnd.name,
                "direction": "out", "expert_id": expert.id, "expert_name": expert.name,
                "recipient_key_id": recipient, "sequence": sequence,
                "issued_at": _stamp(stamp), "expires_at": _stamp(stamp + timedelta(days=valid_days)),
                "projects": len(projects), "audit_head": head,
            }  # fmt: skip
            path = target / f"{_safe_file_name(rnd.name)}-{_safe_file_name(expert.name)}{SUFFIX}"
            with atomic_writer(path) as handle:
                build_package(handle, manifest, {
                    "round.json": _dump(round_record(rnd, expert)),
                    "projects.json": _dump(projects),
                    "forms.json": _dump({"rubric": rubric_data(rubric), "forms": blank}),
                }, drc, files)  # fmt: skip
            session.add(MergedPackage(package_id=package_id, round_id=rnd.id, expert_id=expert.id, direction="out",
                                      sha256=_file_sha256(path), merged_at=stamp.replace(tzinfo=None),
                                      sequence=sequence, issuer_key=drc.key_id, recipient_key=recipient))  # fmt: skip
            written.append(path)
    return written


def _audit_head(session: Session) -> dict[str, Any] | None:
    """The audit chain's head (seq, hash), an anchor the expert keeps in the package."""
    from app.services.audit import chain_head

    head = chain_head(session)
    return None if head is None else {"seq": head.seq, "hash": head.hash}


# --------------------------------------------------------------------------- back


@dataclass(frozen=True, slots=True)
class Difference:
    project: str
    item: str
    before: str
    after: str


@dataclass
class ReturnPlan:
    """A verified return package, ready to merge."""

    package: Package
    round_id: int
    round_name: str
    expert_id: int
    expert_name: str
    reviews: dict[int, ExpertReviewInput]
    replaces: bool = False
    differences: list[Difference] = field(default_factory=list)
    #: the expert has no registered key: merging needs the DRC to confirm `key_fingerprint`
    #: (checked with the expert by phone), which registers the key
    new_key: bool = False

    @property
    def key_fingerprint(self) -> str:
        return fingerprint(self.package.issuer_key)


class NeedsConfirmation(Exception):
    """A second return from the same expert: show `plan.differences`, then confirm."""

    def __init__(self, plan: ReturnPlan) -> None:
        super().__init__(f"{plan.expert_name} already returned this round; confirm to replace")
        self.plan = plan


def stored_form(review: ExpertReview) -> ExpertReviewInput:
    data = json.loads(review.answers or "{}")
    return ExpertReviewInput(
        answers=data.get("answers", {}), comments=data.get("comments", {}),
        chapters=data.get("chapters", {}), chapter_comments=data.get("chapter_comments", {}),
        scores=data.get("scores", {}), conclusion=review.conclusion,
        suggested_yuan=review.suggested_yuan, opinion=review.opinion,
    )  # fmt: skip


def merged_review(round_id: int, project_id: int, expert_id: int, form: ExpertReviewInput, *,
                  package_id: str, received_at: datetime) -> ExpertReview:  # fmt: skip
    """The stored row of one validated form, as a merge keeps it (`stored_form` reads it back)."""
    data = form.to_data()
    stored = {k: data[k] for k in ("answers", "comments", "chapters", "chapter_comments", "scores")}  # fmt: skip
    return ExpertReview(round_id=round_id, project_id=project_id, expert_id=expert_id,
                        conclusion=form.conclusion, suggested_yuan=form.suggested_yuan,
                        answers=json.dumps(stored, ensure_ascii=False, sort_keys=True),
                        opinion=form.opinion, package_id=package_id, received_at=received_at)  # fmt: skip


def form_lines(form: ExpertReviewInput, rubric: tuple[Criterion, ...]) -> dict[str, str]:
    """Every item of a form as (label → text), for showing differences."""
    lines: dict[str, str] = {}
    answer_zh = {"yes": "是", "partly": "部分", "no": "否"}
    for key, _article, zh, _en in QUESTIONS:
        text = answer_zh.get(form.answers.get(key, ""), "")
        comment = form.comments.get(key, "")
        lines[zh] = f"{text} {comment}".strip()
    for code, zh, _en in CHAPTERS:
        grade = CHAPTER_GRADE_LABELS.get(form.chapters.get(code, ""), ("", ""))[0]
        lines[f"章节：{zh}"] = f"{grade} {form.chapter_comments.get(code, '')}".strip()
    for c in rubric:
        score = form.scores.get(c.key)
        lines[f"评分：{c.label_zh}"] = "" if score is None else str(score)
    lines["评审结论"] = CONCLUSION_LABELS.get(form.conclusion or "", ("", ""))[0]
    lines["建议投资（元）"] = "" if form.suggested_yuan is None else str(form.suggested_yuan)
    lines["意见"] = form.opinion
    return lines


def inspect_return(store: Store, path: str | Path, *, now: datetime | None = None) -> ReturnPlan:
    """Verify a return package against the database (read only); raise `PackageRefused`.

    After the file itself (read_package: structure, signature, hashes, expiry): a round of
    ours, an expert of that round, a reply to a package we issued to that expert and addressed
    to the key that issued it, the expert's registered key (or none yet, and no other expert's),
    a package id never merged, a sequence above the last one merged from that key for the
    round (no rollback), projects of the round, valid forms.
    """
    package = read_package(path, now=now)
    if package.direction != "back":
        raise _refuse("wrong_direction", "这是发给专家的评审包，不是专家返回的评审包", "this is an outgoing package, not an expert's return")  # fmt: skip
    with store.read() as session:
        rnd = session.scalar(select(ReviewRound).where(ReviewRound.uid == package.round_uid))
        if rnd is None:
            raise _refuse("foreign_round", f"评审包属于其他评审批次（{package.manifest.get('round_name', '')}），不是本数据库的批次", "the package belongs to a review round this database does not have")  # fmt: skip
        member = next((e for e in rnd.experts if e.expert_id == package.expert_id), None)
        if member is None:
            raise _refuse("foreign_expert", "评审包的专家不属于该评审批次", "the package's expert is not an expert of this round")  # fmt: skip
        reply_to = str(package.manifest.get("in_reply_to", ""))
        issued = session.scalar(select(MergedPackage).where(MergedPackage.package_id == reply_to, MergedPackage.direction == "out"))  # fmt: skip
        if issued is None or issued.round_id != rnd.id or issued.expert_id != package.expert_id:
            raise _refuse("not_issued", "评审包不是对本数据库发出的评审包的答复", "the package does not answer a package issued by this database")  # fmt: skip
        if issued.issuer_key and package.recipient_key != issued.issuer_key:
            raise _refuse("wrong_recipient", "评审包不是发给本机密钥的（接收方密钥不符）", "the package is addressed to another key than the one that issued the request")  # fmt: skip
        registered = member.expert.key_id
        if registered and registered != package.issuer_key:
            raise _refuse("expert_key_mismatch", f"评审包的签名密钥（{fingerprint(package.issuer_key)}）不是专家“{member.expert.name}”登记的公钥（{fingerprint(registered)}），可能是他人伪造或重新签名。专家换了电脑时，请先在专家库中更换其公钥。", f"the package is signed with the key {fingerprint(package.issuer_key)}, not with {member.expert.name}'s registered key {fingerprint(registered)} (forged or re-signed?). If the expert uses a new computer, replace their key in the expert pool first.")  # fmt: skip
        other = session.scalar(select(MergedPackage.expert_id).where(
            MergedPackage.issuer_key == package.issuer_key, MergedPackage.direction == "back",
            MergedPackage.expert_id != package.expert_id).limit(1))  # fmt: skip
        other = other or session.scalar(select(Expert.id).where(Expert.key_id == package.issuer_key, Expert.id != package.expert_id).limit(1))  # fmt: skip
        if other is not None:
            raise _refuse("expert_key_mismatch", "评审包的签名密钥属于另一位专家", "the package is signed with another expert's key")  # fmt: skip
        _check_unseen(session, package, rnd.id)
        rubric = round_rubric(rnd)
        projects = {rp.project_id: rp.project.name for rp in rnd.projects}
        raw = package.json("reviews.json")
        if not isinstance(raw, dict):
            raise _refuse("bad_member", "reviews.json 格式错误", "reviews.json is malformed")
        reviews: dict[int, ExpertReviewInput] = {}
        for key, data in raw.items():
            if not str(key).isdigit() or int(key) not in projects:
                raise _refuse("unknown_project", f"评审包含有不属于该批次的项目：{key}", f"the package reviews a project outside the round: {key}")  # fmt: skip
            try:
                reviews[int(key)] = validate_review(data, rubric)
            except Invalid as exc:
                raise _refuse("invalid_form", f"项目“{projects[int(key)]}”的评审表无效：{exc.message_zh}", f"the form of project {key} is invalid: {exc.message_en}") from exc  # fmt: skip
        old = {r.project_id: r for r in session.scalars(select(ExpertReview).where(ExpertReview.round_id == rnd.id, ExpertReview.expert_id == package.expert_id))}  # fmt: skip
        plan = ReturnPlan(package, rnd.id, rnd.name, package.expert_id, member.expert.name, reviews,
                          replaces=bool(old), new_key=not registered)  # fmt: skip
        for project_id in sorted(set(old) | set(reviews), key=lambda p: list(projects).index(p)):
            before = form_lines(stored_form(old[project_id]), rubric) if project_id in old else {}
            after = form_lines(reviews.get(project_id, ExpertReviewInput()), rubric)
            for item in [*after, *(k for k in before if k not in after)]:
                if before.get(item, "") != after.get(item, ""):
                    plan.differences.append(Difference(projects[project_id], item, before.get(item, ""), after.get(item, "")))  # fmt: skip
    return plan


def _check_unseen(session: Session, package: Package, round_id: int) -> None:
    """Refuse a package id merged before (replay) and a sequence not above the last one merged
    from its key for the round (rollback)."""
    if session.scalar(select(MergedPackage.id).where(MergedPackage.package_id == package.package_id)):  # fmt: skip
        raise _refuse("duplicate", "该评审包已经导入过（重复导入被拒绝）", "this package has already been imported (replay refused)")  # fmt: skip
    last = _last_sequence(session, package.issuer_key, round_id)
    if package.sequence <= last:
        raise _refuse("rollback", f"评审包比已导入的版本更旧（序号 {package.sequence}，已导入到 {last}），不能用旧版本覆盖", f"the package is older than one already merged (sequence {package.sequence} ≤ {last}); an older version cannot replace it")  # fmt: skip


def _last_sequence(session: Session, issuer_key: str, round_id: int) -> int:
    """The highest sequence merged from this key for this round (returns for different rounds
    may arrive in any order; within a round an older one never replaces a newer one)."""
    return session.scalar(select(func.max(MergedPackage.sequence)).where(
        MergedPackage.issuer_key == issuer_key, MergedPackage.direction == "back",
        MergedPackage.round_id == round_id)) or 0  # fmt: skip


def _register_from_return(session: Session, plan: ReturnPlan) -> None:
    """Register the key of a confirmed first return as the expert's (audited)."""
    from app.services.trust import PublicKey, register_expert_key

    manifest = plan.package.manifest
    key = PublicKey(str(manifest.get("signature_algorithm", SM2_ALGORITHM)), str(manifest["issuer_public_key"]), plan.package.issuer_key)  # fmt: skip
    try:
        register_expert_key(session, plan.expert_id, key, how="return")
    except Invalid as exc:  # registered meanwhile (another key), or another expert's key
        raise _refuse("expert_key_mismatch", exc.message_zh, exc.message_en) from exc


@dataclass(frozen=True, slots=True)
class MergeResult:
    round_id: int
    expert_id: int
    expert_name: str
    projects: int
    replaced: bool
    backup: Path | None
    #: the expert had no registered key: the return's key (confirmed) is registered now
    key_registered: bool = False


def _unregistered(plan: ReturnPlan, trust_key: str | None) -> PackageRefused:
    fp = plan.key_fingerprint
    if trust_key:
        return _refuse("trust_key_mismatch", f"确认的指纹（{trust_key}）不是该评审包签名密钥的指纹（{fp}），未合并", f"the fingerprint confirmed ({trust_key}) is not the fingerprint of the key that signed this return ({fp}); nothing was merged")  # fmt: skip
    return _refuse("unregistered_key", f"专家“{plan.expert_name}”没有登记公钥。该评审包由指纹为 {fp} 的密钥签名：请先登记专家导出的公钥文件，或电话向专家核对指纹后确认（命令行：--trust-key {fp}）", f"{plan.expert_name} has no registered key. This return is signed with the key {fp}: register the key file the expert exported first, or check the fingerprint with the expert by phone and confirm it (command line: --trust-key {fp})")  # fmt: skip


@drc_only("合并专家回传的评审包", "merge an expert's return package")
def merge_return(store: Store, source: str | Path | ReturnPlan, *, confirm_replace: bool = False,
                 trust_key: str | None = None, now: datetime | None = None) -> MergeResult:  # fmt: skip
    """Merge a verified return in one transaction; a replacement needs `confirm_replace`.

    A return from an expert with no registered key merges only when `trust_key` is the
    fingerprint of its key (the DRC checked it with the expert); the key is then registered
    in the same transaction."""
    plan = source if isinstance(source, ReturnPlan) else inspect_return(store, source, now=now)
    if plan.new_key and not fingerprint_matches(trust_key, plan.package.issuer_key):
        raise _unregistered(plan, trust_key)
    if plan.replaces and not confirm_replace:
        raise NeedsConfirmation(plan)
    backup = None
    if store.path is not None:
        from app.models.migrate import backup as make_backup

        backup = make_backup(store.path, "pre-merge")
    stamp = (now or datetime.now()).replace(tzinfo=None)
    with store.write() as session:
        # checked again inside the write transaction: another import may have landed meanwhile
        _check_unseen(session, plan.package, plan.round_id)
        if plan.new_key:
            _register_from_return(session, plan)
        for old in session.scalars(select(ExpertReview).where(ExpertReview.round_id == plan.round_id, ExpertReview.expert_id == plan.expert_id)):  # fmt: skip
            session.delete(old)
        session.flush()
        for project_id, form in plan.reviews.items():
            session.add(merged_review(plan.round_id, project_id, plan.expert_id, form,
                                      package_id=plan.package.package_id, received_at=stamp))  # fmt: skip
        session.add(MergedPackage(package_id=plan.package.package_id, round_id=plan.round_id, expert_id=plan.expert_id,
                                  direction="back", sha256=plan.package.sha256, merged_at=stamp,
                                  sequence=plan.package.sequence, issuer_key=plan.package.issuer_key,
                                  recipient_key=plan.package.recipient_key))  # fmt: skip
        record_event(session, "package", "merge", f"合并专家评审包：{plan.expert_name}（{plan.round_name}）", after={
            "package_id": plan.package.package_id, "sha256": plan.package.sha256, "round_id": plan.round_id,
            "sequence": plan.package.sequence, "expert_key": plan.package.issuer_key,
            "expert_id": plan.expert_id, "projects": len(plan.reviews), "replaced": plan.replaces,
            "key_registered": plan.new_key})  # fmt: skip
    return MergeResult(plan.round_id, plan.expert_id, plan.expert_name, len(plan.reviews), plan.replaces, backup, plan.new_key)  # fmt: skip


# --------------------------------------------------------------------------- reviewer mode


def reviewer_dir() -> Path:
    path = data_dir() / "reviewer"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _read_state(path: Path) -> dict[str, Any]:
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"next_sequence": 1, "seen": {}}
    except (OSError, ValueError) as exc:
        # never start the sequence again from 1: the DRC would refuse every return as a rollback
        raise _refuse("reviewer_state", f"评审端状态文件无法读取：{path}，请从备份恢复该文件", f"the reviewer state file cannot be read: {path}; restore it from a backup") from exc  # fmt: skip
    return state if isinstance(state, dict) else {"next_sequence": 1, "seen": {}}


def drc_keys_path() -> Path:
    return reviewer_dir() / "drc-keys.json"


def pinned_drc_keys() -> dict[str, dict[str, Any]]:
    """The DRC keys this computer trusts (key id → entry), pinned by the first package."""
    path = drc_keys_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:  # never start trusting any key again: restore the file
        raise _refuse("reviewer_state", f"本机保存的发改委密钥文件无法读取：{path}，请从备份恢复该文件", f"the file of the DRC keys this computer trusts cannot be read: {path}; restore it from a backup") from exc  # fmt: skip
    keys = data.get("keys") if isinstance(data, dict) else None
    return {str(k["key_id"]): k for k in keys or [] if isinstance(k, dict) and "key_id" in k}


def check_drc_key(package: Package, *, accept: str | None = None, now: datetime | None = None) -> bool:  # fmt: skip
    """Refuse an out package signed by a DRC key this computer does not trust, unless `accept`
    is its fingerprint (the expert checked it with the DRC). The first package's key is pinned
    without asking. True when the key was pinned now."""
    pins = pinned_drc_keys()
    key = package.issuer_key
    if key in pins:
        return False
    fp = fingerprint(key)
    if pins and not fingerprint_matches(accept, key):
        known = "、".join(fingerprint(k) for k in pins)
        if accept:
            raise _refuse("trust_key_mismatch", f"确认的指纹（{accept}）不是该评审包签名密钥的指纹（{fp}），评审包未打开", f"the fingerprint accepted ({accept}) is not the fingerprint of the key that signed this package ({fp}); the package was not opened")  # fmt: skip
        raise _refuse("drc_key_changed", f"该评审包由另一个发改委密钥签名（指纹 {fp}），不是本机以前收到的评审包的密钥（{known}）。请打电话向区发展改革委核对新指纹，核对无误后再接受。", f"This package is signed by another DRC key (fingerprint {fp}) than the packages this computer received before ({', '.join(fingerprint(k) for k in pins)}). Check the new fingerprint with the DRC by phone and accept it only if it matches.")  # fmt: skip
    pins[key] = {
        "key_id": key, "public_key": str(package.manifest.get("issuer_public_key", "")), "fingerprint": fp,
        "pinned_at": _stamp(now or datetime.now()), "first_round": str(package.manifest.get("round_name", "")),
        "accepted_by_expert": bool(accept),
    }  # fmt: skip
    atomic_write_bytes(drc_keys_path(), _dump({"keys": list(pins.values())}))
    return True


def _return_signer(identity_dir: Path) -> Signer:
    """The expert key of this installation; an identity that already had a key of its own (a
    return already registered at the DRC under it) keeps signing with that."""
    from app.crypto.keys import SM2_KEY_FILE

    legacy = identity_dir / "keys" / SM2_KEY_FILE
    return installation_signer(identity_dir) if legacy.exists() else expert_signer()


class ReviewerWorkspace:
    """An expert's work on one out package: read-only projects, forms saved as a JSON draft.

    The DRC key that signed the package must be one this computer trusts (`check_drc_key`).
    The expert signs returns with their expert key; per DRC key and expert, a state file under
    `reviewer/identities/<DRC key id>-<expert id>/` keeps the next return sequence and the
    highest out sequence seen per round. An out package older than one already opened for the
    same round is refused as superseded.
    """

    def __init__(self, package: Package, *, signer: Signer | None = None,
                 trust_drc_key: str | None = None) -> None:  # fmt: skip
        if package.direction != "out":
            raise _refuse("wrong_direction", "这是专家返回的评审包，请在评审管理端导入", "this is a return package: import it in the DRC's database")  # fmt: skip
        self.package = package
        self.drc_key_pinned_now = check_drc_key(package, accept=trust_drc_key)
        self.identity_dir = (
            reviewer_dir() / "identities" / f"{package.issuer_key}-{package.expert_id}"
        )
        self.identity_dir.mkdir(parents=True, exist_ok=True)
        self.signer = signer or _return_signer(self.identity_dir)
        self.state_path = self.identity_dir / "state.json"
        state = _read_state(self.state_path)
        seen = state.setdefault("seen", {})
        newest = int(seen.get(package.round_uid, 0))
        if package.sequence < newest:
            raise _refuse("superseded", "该评审包已被同一批次更新的评审包取代，请打开最新收到的评审包", "a newer package of this round was opened before; open the newest one")  # fmt: skip
        if package.sequence > newest:
            seen[package.round_uid] = package.sequence
            atomic_write_bytes(self.state_path, _dump(state))
        info = package.json("round.json")
        self.round_name: str = str(info.get("round_name", ""))
        self.expert_name: str = str(info.get("expert", {}).get("name", ""))
        self.rubric: tuple[Criterion, ...] = rubric_from_data(package.json("forms.json")["rubric"])
        self.projects: list[dict[str, Any]] = list(package.json("projects.json"))
        self.draft_path = reviewer_dir() / f"{package.package_id}.json"
        self.forms: dict[int, ExpertReviewInput] = {}
        if self.draft_path.exists():
            try:
                saved = json.loads(self.draft_path.read_text(encoding="utf-8"))
                for key, data in saved.get("forms", {}).items():
                    self.forms[int(key)] = validate_review(data, self.rubric)
            except (OSError, ValueError, Invalid, AttributeError):
                self.forms = {}  # a damaged draft: start again rather than fail to open

    @classmethod
    def open(cls, path: str | Path, *, signer: Signer | None = None, now: datetime | None = None,
             trust_drc_key: str | None = None) -> ReviewerWorkspace:  # fmt: skip
        return cls(read_package(path, now=now), signer=signer, trust_drc_key=trust_drc_key)

    def attachments(self, project_id: int) -> list[dict[str, Any]]:
        """The dossier files of a project that travel in the package."""
        return [a for a in self.project(project_id).get("attachments", []) if a.get("sha256") in self.package.attachments]  # fmt: skip

    def open_attachment(self, sha256: str, filename: str) -> Path:
        """A checked copy of an attached file in the data folder, for the system viewer."""
        from app.services.attachments import opened_dir

        return extract_attachment(self.package, sha256, opened_dir() / sha256[:16], filename)

    def project(self, project_id: int) -> dict[str, Any]:
        return next(p for p in self.projects if p["id"] == project_id)

    def form(self, project_id: int) -> ExpertReviewInput:
        return self.forms.get(project_id, ExpertReviewInput())

    def save_form(self, project_id: int, value: ExpertReviewInput) -> None:
        """Validate and keep the form; the draft file is replaced atomically."""
        if all(p["id"] != project_id for p in self.projects):
            raise Invalid("project", "项目不在该评审包中", "the project is not in this package")
        checked = validate_review(value.to_data(), self.rubric)
        forms = {**self.forms, project_id: checked}
        draft = {
            "package_id": self.package.package_id, "package_sha256": self.package.sha256,
            "source": str(self.package.path),
            "saved_at": datetime.now().astimezone().isoformat(timespec="seconds"),
            "forms": {str(k): v.to_data() for k, v in sorted(forms.items())},
        }  # fmt: skip
        atomic_write_bytes(self.draft_path, _dump(draft))
        self.forms = forms

    def default_return_name(self) -> str:
        return (
            f"{_safe_file_name(self.round_name)}-{_safe_file_name(self.expert_name)}-返回{SUFFIX}"
        )

    def write_return(self, path: str | Path, *, now: datetime | None = None) -> Path:
        """The signed return package: the saved forms, answering this package."""
        manifest = self.package.manifest
        stamp = (now or datetime.now()).astimezone()
        state = _read_state(self.state_path)
        sequence = int(state.get("next_sequence", 1))
        state["next_sequence"] = (
            sequence + 1
        )  # used up before writing: a gap is harmless, a repeat is not
        atomic_write_bytes(self.state_path, _dump(state))
        back = {
            "package_id": str(uuid.uuid4()), "round_id": manifest["round_id"],
            "round_name": manifest.get("round_name", ""), "direction": "back",
            "expert_id": manifest["expert_id"], "expert_name": manifest.get("expert_name", ""),
            "recipient_key_id": self.package.issuer_key, "sequence": sequence,
            "issued_at": _stamp(stamp), "expires_at": _stamp(stamp + timedelta(days=RETURN_VALID_DAYS)),
            "in_reply_to": self.package.package_id, "in_reply_to_sha256": self.package.sha256,
        }  # fmt: skip
        reviews = {str(k): v.to_data() for k, v in sorted(self.forms.items()) if not v.is_empty}
        target = Path(path)
        with atomic_writer(target) as handle:
            build_package(handle, back, {"reviews.json": _dump(reviews)}, self.signer)
        return target
