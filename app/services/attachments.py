"""Dossier attachments (附件): files attached to checklist items, stored once by content.

The bytes live in a folder beside the database, `<db stem>.attachments/aa/<sha256>` (`aa` is the
first two hex digits), so that copying the database file together with that folder copies the
dossier. A database that is not a file (PostgreSQL team mode, in-memory SQLite) keeps its store
in the user data folder (`attachments/<id of the URL>`). A row of `attachments` ties a stored
file to one checklist item of one project; the same file attached twice is stored once.

Attaching checks the file before anything is written: not empty, at most `MAX_BYTES`, and of an
allowed kind by its first bytes (PDF, OLE Word/Excel/WPS, DOCX/XLSX/OFD zips, JPEG, PNG, TIFF),
never by its extension. The copy goes to a temporary file in the store, is fsynced and then
moved into place with `os.replace`, hashing SHA-256 and SM3 on the way.

A blob is deleted only when no row refers to it any more (`prune_orphans`). Removing a row in
the workbench can be undone (the undo stack restores rows), so the window prunes when it closes;
services called without an undo stack (`detach`) prune at once.

`verify` rehashes every stored file and reports missing and damaged ones. `open_copy` verifies
a file and copies it, under its original name, into the data folder's `opened/` folder for the
system viewer: the viewer never gets the stored blob itself.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app.crypto import sha256_hex, sm3_new
from app.models import Attachment, Project
from app.models.db import Store
from app.paths import data_dir
from app.services.editing import Invalid
from app.services.roles import drc_only

MAX_BYTES = 200 * 1024 * 1024
CHUNK = 1024 * 1024
TEMP_PREFIX = ".tmp-"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\\/:*?"<>|]+')

_OOXML = "application/vnd.openxmlformats-officedocument."
#: allowed kinds: label (Chinese, English) and media type
KINDS: dict[str, tuple[str, str, str]] = {
    "pdf": ("PDF 文档", "PDF document", "application/pdf"),
    "ole": (
        "Word/Excel/WPS 文档（97-2003）",
        "Word/Excel/WPS document (97-2003)",
        "application/x-ole-storage",
    ),
    "docx": ("Word 文档", "Word document", _OOXML + "wordprocessingml.document"),
    "xlsx": ("Excel 表格", "Excel workbook", _OOXML + "spreadsheetml.sheet"),
    "ofd": ("OFD 版式文档", "OFD document", "application/ofd"),
    "jpeg": ("JPEG 图片", "JPEG image", "image/jpeg"),
    "png": ("PNG 图片", "PNG image", "image/png"),
    "tiff": ("TIFF 图片", "TIFF image", "image/tiff"),
}
ALLOWED_TEXT = "PDF、Word（doc/docx）、Excel（xls/xlsx）、WPS、OFD、JPEG、PNG、TIFF"


class AttachmentError(Exception):
    """A file could not be attached, opened or found; nothing in the database changed."""

    def __init__(self, code: str, message_zh: str, message_en: str) -> None:
        super().__init__(f"{code}: {message_en}")
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en


# --------------------------------------------------------------------------- where


def store_folder(store: Store) -> Path:
    """The attachment store of this database (created on first use)."""
    path = store.path
    if path is not None:
        folder = path.with_name(path.stem + ".attachments")
    else:
        url = make_url(store.url).render_as_string(hide_password=True)
        folder = data_dir() / "attachments" / sha256_hex(url.encode("utf-8"))[:16]
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def blob_path(folder: Path, sha256: str) -> Path:
    if not _SHA256.match(sha256):
        raise AttachmentError("bad_hash", f"附件编号无效：{sha256!r}", f"invalid attachment hash {sha256!r}")  # fmt: skip
    return folder / sha256[:2] / sha256


# --------------------------------------------------------------------------- kinds


def sniff_kind(head: bytes, source: Path | None = None) -> str | None:
    """The kind of a file from its first bytes (zip kinds from the member names); None: refused."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if head.startswith(b"PK\x03\x04") and source is not None:
        try:
            with zipfile.ZipFile(source) as zf:  # central directory only, nothing inflated
                names = set(zf.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        if "OFD.xml" in names:
            return "ofd"
        if "[Content_Types].xml" in names:
            if any(n.startswith("word/") for n in names):
                return "docx"
            if any(n.startswith("xl/") for n in names):
                return "xlsx"
    return None


def clean_filename(name: str) -> str:
    """The file's own name, without folders or characters Windows cannot store."""
    base = re.split(r"[\\/]", name)[-1]
    cleaned = _UNSAFE_NAME.sub("_", base).strip(" .")
    if len(cleaned) > 200:
        stem, dot, ext = cleaned.rpartition(".")
        cleaned = (stem[:190] + dot + ext[:9]) if dot and len(ext) <= 9 else cleaned[:200]
    return cleaned or "附件"


# --------------------------------------------------------------------------- storing


@dataclass(frozen=True, slots=True)
class Blob:
    """A file now in the store, ready for a row."""

    sha256: str
    sm3: str
    size: int
    filename: str
    media_type: str
    kind: str


def _too_large(name: str, size: int) -> AttachmentError:
    return AttachmentError(
        "too_large",
        f"附件“{name}”过大（{size / 1048576:.1f} MB），单个附件不能超过 {MAX_BYTES // 1048576} MB",
        f"{name} is too large ({size / 1048576:.1f} MB); the limit is {MAX_BYTES // 1048576} MB per file",
    )


def store_file(store: Store, source: str | Path) -> Blob:
    """Check a file and copy it into the store (once per content); the database is not touched."""
    src = Path(source)
    name = clean_filename(src.name)
    try:
        size = src.stat().st_size
        if not src.is_file():
            raise AttachmentError("not_file", f"“{name}”不是文件", f"{name} is not a file")
        if size == 0:
            raise AttachmentError("empty", f"附件“{name}”是空文件", f"{name} is empty")
        if size > MAX_BYTES:
            raise _too_large(name, size)
        with open(src, "rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        raise AttachmentError("unreadable", f"无法读取文件“{src}”：{exc.strerror or exc}", f"cannot read {src}: {exc.strerror or exc}") from exc  # fmt: skip
    kind = sniff_kind(head, src)
    if kind is None:
        raise AttachmentError(
            "kind",
            f"“{name}”不是允许的附件类型（按文件内容判断）。允许：{ALLOWED_TEXT}",
            f"{name} is not an allowed kind of file (judged by its content). Allowed: PDF, Word, Excel, WPS, OFD, JPEG, PNG, TIFF",
        )
    folder = store_folder(store)
    temp = folder / f"{TEMP_PREFIX}{secrets.token_hex(8)}"
    sha, sm3, copied = hashlib.sha256(), sm3_new(), 0
    try:
        with open(src, "rb") as reader, open(temp, "wb") as writer:
            while chunk := reader.read(CHUNK):
                copied += len(chunk)
                if copied > MAX_BYTES:
                    raise _too_large(name, copied)
                sha.update(chunk)
                sm3.update(chunk)
                writer.write(chunk)
            writer.flush()
            os.fsync(writer.fileno())
        digest = sha.hexdigest()
        target = blob_path(folder, digest)
        if target.exists() and target.stat().st_size == copied:
            temp.unlink()  # the same content is stored already
        else:
            target.parent.mkdir(exist_ok=True)
            os.replace(temp, target)
            _sync_folder(target.parent)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise AttachmentError("write_failed", f"附件未能保存到附件库（{exc.strerror or exc}）：{folder}", f"the file could not be stored in {folder}: {exc.strerror or exc}") from exc  # fmt: skip
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return Blob(digest, str(sm3.hexdigest()), copied, name, KINDS[kind][2], kind)


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True, slots=True)
class AttachmentRow:
    id: int
    project_id: int
    item_key: str
    sha256: str
    sm3: str
    size: int
    filename: str
    media_type: str
    attached_at: datetime
    attached_by: str
    note: str


def _row(a: Attachment) -> AttachmentRow:
    return AttachmentRow(a.id, a.project_id, a.item_key, a.sha256, a.sm3, a.size, a.filename,
                         a.media_type, a.attached_at, a.attached_by, a.note)  # fmt: skip


@drc_only("添加附件", "attach a file")
def add_attachment(session: Session, project_id: int, item_key: str, blob: Blob, *,
                   now: datetime | None = None, note: str = "") -> int:  # fmt: skip
    """A row for a stored file on one checklist item; the same file twice on one item is refused."""
    if session.get(Project, project_id) is None:
        raise Invalid("project", "项目不存在（可能已被删除）", "the project no longer exists")
    key = item_key.strip()
    if not key or len(key) > 64:
        raise Invalid("item_key", "附件必须挂在一个核查项上", "an attachment belongs to a checklist item")  # fmt: skip
    existing = session.scalar(select(Attachment).where(
        Attachment.project_id == project_id, Attachment.item_key == key, Attachment.sha256 == blob.sha256))  # fmt: skip
    if existing is not None:
        raise Invalid("file", f"该核查项已有相同内容的附件“{existing.filename}”", f"this item already has the same file ({existing.filename})")  # fmt: skip
    row = Attachment(project_id=project_id, item_key=key, sha256=blob.sha256, sm3=blob.sm3,
                     size=blob.size, filename=blob.filename, media_type=blob.media_type,
                     attached_at=(now or datetime.now()).replace(tzinfo=None, microsecond=0),
                     attached_by=str(session.info.get("actor", ""))[:100], note=note)  # fmt: skip
    session.add(row)
    session.flush()
    return row.id


@drc_only("移除附件", "remove an attachment")
def remove_attachment(session: Session, attachment_id: int) -> int:
    """Delete the row (the stored file stays until it is pruned); returns the project id."""
    row = session.get(Attachment, attachment_id)
    if row is None:
        raise Invalid("attachment", "附件不存在（可能已被移除）", "the attachment no longer exists")
    project_id = row.project_id
    session.delete(row)
    session.flush()
    return project_id


@drc_only("添加附件", "attach a file")
def attach(store: Store, project_id: int, item_key: str, source: str | Path, *,
           now: datetime | None = None, note: str = "") -> int:  # fmt: skip
    """Check, store and attach a file in one go; returns the new row's id."""
    blob = store_file(store, source)
    with store.write() as session:
        return add_attachment(session, project_id, item_key, blob, now=now, note=note)


@drc_only("移除附件", "remove an attachment")
def detach(store: Store, attachment_id: int) -> None:
    """Remove an attachment; its file is deleted when no other row refers to it."""
    with store.write() as session:
        row = session.get(Attachment, attachment_id)
        sha = row.sha256 if row is not None else ""
        remove_attachment(session, attachment_id)
    prune_orphans(store, only=[sha])


def list_attachments(store: Store, project_id: int | None = None, item_key: str | None = None) -> list[AttachmentRow]:  # fmt: skip
    """Attachments of a project (and item), or of the whole database, in attaching order."""
    query = select(Attachment).order_by(Attachment.project_id, Attachment.item_key, Attachment.id)
    if project_id is not None:
        query = query.where(Attachment.project_id == project_id)
    if item_key is not None:
        query = query.where(Attachment.item_key == item_key)
    with store.read() as session:
        return [_row(a) for a in session.scalars(query)]


def counts_by_item(store: Store, project_id: int) -> dict[str, int]:
    with store.read() as session:
        rows = session.execute(select(Attachment.item_key, func.count()).where(
            Attachment.project_id == project_id).group_by(Attachment.item_key))  # fmt: skip
        return {key: int(n) for key, n in rows}


def referenced_hashes(store: Store) -> set[str]:
    with store.read() as session:
        return set(session.scalars(select(Attachment.sha256).distinct()))


def _blobs(folder: Path) -> Iterable[Path]:
    for sub in folder.iterdir():
        if sub.is_dir() and len(sub.name) == 2:
            yield from (p for p in sub.iterdir() if p.is_file() and _SHA256.match(p.name))


def prune_orphans(store: Store, *, only: Iterable[str] | None = None) -> list[str]:
    """Delete stored files no row refers to (all, or those of `only`), and stale temp files.

    Returns the hashes deleted."""
    folder = store_folder(store)
    keep = referenced_hashes(store)
    candidates = (
        [blob_path(folder, s) for s in only if s] if only is not None else list(_blobs(folder))
    )
    removed: list[str] = []
    for path in candidates:
        if path.name not in keep and path.exists():
            path.unlink()
            removed.append(path.name)
    if only is None:
        for temp in folder.glob(f"{TEMP_PREFIX}*"):
            temp.unlink(missing_ok=True)
    return removed


# --------------------------------------------------------------------------- checking, opening


def file_hashes(path: Path) -> tuple[str, str, int]:
    """(SHA-256, SM3, size) of a file, read in chunks."""
    sha, sm3, size = hashlib.sha256(), sm3_new(), 0
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            size += len(chunk)
            sha.update(chunk)
            sm3.update(chunk)
    return sha.hexdigest(), str(sm3.hexdigest()), size


@dataclass
class VerifyReport:
    checked: int = 0
    missing: list[AttachmentRow] | None = None
    damaged: list[AttachmentRow] | None = None

    @property
    def ok(self) -> bool:
        return not self.missing and not self.damaged

    def message(self, language: str = "zh") -> str:
        missing, damaged = self.missing or [], self.damaged or []
        if language == "zh":
            if self.ok:
                return f"已校验 {self.checked} 个附件文件，全部完好。"
            parts = [f"已校验 {self.checked} 个附件文件"]
            if missing:
                parts.append(f"缺失 {len(missing)} 个（如“{missing[0].filename}”）")
            if damaged:
                parts.append(f"损坏或被修改 {len(damaged)} 个（如“{damaged[0].filename}”）")
            return "，".join(parts) + "。请从备份恢复附件文件夹。"
        if self.ok:
            return f"{self.checked} attachment files checked, all intact."
        return (f"{self.checked} attachment files checked: {len(missing)} missing, {len(damaged)} "
                "damaged or altered. Restore the attachment folder from a backup.")  # fmt: skip


def verify(store: Store) -> VerifyReport:
    """Rehash every stored file that a row refers to; list the rows whose file is missing or damaged."""
    folder = store_folder(store)
    rows = list_attachments(store)
    report = VerifyReport(missing=[], damaged=[])
    state: dict[str, str] = {}
    for row in rows:
        if row.sha256 not in state:
            path = blob_path(folder, row.sha256)
            if not path.is_file():
                state[row.sha256] = "missing"
            else:
                sha, sm3, size = file_hashes(path)
                good = sha == row.sha256 and size == row.size and (not row.sm3 or sm3 == row.sm3)
                state[row.sha256] = "ok" if good else "damaged"
                report.checked += 1
        if state[row.sha256] == "missing":
            report.missing.append(row)  # type: ignore[union-attr]
        elif state[row.sha256] == "damaged":
            report.damaged.append(row)  # type: ignore[union-attr]
    return report


def verified_blob(store: Store, sha256: str, size: int | None = None) -> Path:
    """The stored file of `sha256` after checking its hash; AttachmentError when missing or damaged."""
    path = blob_path(store_folder(store), sha256)
    if not path.is_file():
        raise AttachmentError("missing", "附件文件缺失：附件库中找不到该文件，请从备份恢复附件文件夹", f"the attachment file is missing from {path.parent.parent}")  # fmt: skip
    sha, _sm3, actual = file_hashes(path)
    if sha != sha256 or (size is not None and actual != size):
        raise AttachmentError("damaged", "附件文件已损坏或被修改（校验值不符），未打开", "the attachment file is damaged or was altered (hash mismatch); not opened")  # fmt: skip
    return path


def opened_dir() -> Path:
    path = data_dir() / "opened"
    path.mkdir(parents=True, exist_ok=True)
    return path


def open_copy(store: Store, attachment_id: int) -> Path:
    """A verified copy of an attachment under its own name, for the system viewer."""
    with store.read() as session:
        row = session.get(Attachment, attachment_id)
        if row is None:
            raise AttachmentError("not_found", "附件不存在（可能已被移除）", "the attachment no longer exists")  # fmt: skip
        sha, size, name = row.sha256, row.size, row.filename
    blob = verified_blob(store, sha, size)
    return copy_for_viewer(blob, sha, name)


def copy_for_viewer(blob: Path, sha256: str, filename: str) -> Path:
    target_dir = opened_dir() / sha256[:16]
    target_dir.mkdir(exist_ok=True)
    target = target_dir / clean_filename(filename)
    if target.exists():
        target.chmod(0o600)
        target.unlink()
    shutil.copyfile(blob, target)
    target.chmod(0o400)  # a viewer that saves must "save as": the copy is not the record
    return target


def attaching(project_id: int, item_key: str, blob: Blob) -> Callable[[Session], int]:
    """The undoable edit (app.services.undo) that attaches a stored file to a checklist item;
    it returns the project's id."""

    def edit(session: Session) -> int:
        add_attachment(session, project_id, item_key, blob)
        return project_id

    return edit
