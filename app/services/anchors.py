"""The audit chain's head recorded in exported files (RELIABILITY 2.10), and read back.

Every export carries the head of the audit trail (seq and SM3 hash, `app.services.audit`) at
the time of the export, in the file's metadata only (the visible layout is unchanged), as the
text `ReviewDesk audit head SEQ:HASH` (an empty trail: seq 0 and 64 zeros):

- Word (.docx) and Excel (.xlsx): the core property dc:description, which python-docx calls
  `core_properties.comments` and openpyxl `properties.description` (Word and WPS show it as
  备注 / Comments under 文件 → 属性); ReviewDesk overwrites whatever a user template held there.
- PDF: /Subject (主题) of the document information dictionary.
- JSON dataset (export-json): no extra field; the dataset holds the whole trail, and its last
  entry of `tables.audit_entries` is the head.
- Review packages (.rdpkg, out): `audit_head` {seq, hash} of the signed manifest.

`read_anchor(path)` reads it back from any of these, and `reviewdesk verify-audit --anchor-from
FILE` checks a database against it: a trail that ends before the recorded head was truncated
after the export (or is not the database the file came from), a different hash at that seq
means the trail was rewritten.
"""

from __future__ import annotations

import json
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException, ElementTree
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from app.services.audit import GENESIS, ChainHead, chain_head

LABEL = "ReviewDesk audit head"
_TEXT = re.compile(rf"{LABEL} (\d+):([0-9a-f]{{64}})")
_PDF_SUBJECT = re.compile(rb"/Subject\s*\(" + LABEL.encode("ascii") + rb" (\d+):([0-9a-f]{64})\)")
_DC_DESCRIPTION = "{http://purl.org/dc/elements/1.1/}description"
_CORE = "docProps/core.xml"
_MAX_CORE_BYTES = 1 << 20


class AnchorNotFound(Exception):
    """The file carries no readable audit head (message in Chinese and English)."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_zh, self.message_en = message_zh, message_en


def anchor_text(head: ChainHead | None) -> str:
    """The metadata text for `head` (None: the trail is empty)."""
    head = head or ChainHead(0, GENESIS)
    return f"{LABEL} {head.seq}:{head.hash}"


def session_anchor(session: Session | Connection) -> str:
    """The current head as metadata text, in the caller's (read) transaction."""
    return anchor_text(chain_head(session))


def store_anchor(store: Any) -> str:
    """The current head as metadata text, read in a transaction of its own (`Store.read`)."""
    with store.read() as session:
        return session_anchor(session)


def parse_anchor(text: str) -> ChainHead | None:
    found = _TEXT.search(text or "")
    return ChainHead(int(found.group(1)), found.group(2)) if found else None


def _missing(path: Path, where_zh: str, where_en: str) -> AnchorNotFound:
    return AnchorNotFound(f"文件 {path.name} 中没有审计链头（{where_zh}）",
                          f"{path.name} carries no audit head ({where_en})")  # fmt: skip


def _from_ooxml(path: Path, zf: zipfile.ZipFile) -> ChainHead:
    info = zf.getinfo(_CORE)
    if info.file_size > _MAX_CORE_BYTES:
        raise _missing(path, "文档属性过大", "the document properties are too large")
    root = ElementTree.fromstring(zf.read(info))
    element = root.find(_DC_DESCRIPTION)
    head = parse_anchor((element.text or "") if element is not None else "")
    if head is None:
        raise _missing(path, "文档属性“备注”中没有，可能不是 ReviewDesk 导出的文件或已被其他程序另存",
                       "not in the Comments property: not exported by ReviewDesk, or re-saved by another program")  # fmt: skip
    return head


def _from_package(path: Path) -> ChainHead:
    from app.services.packages import read_package

    # the recorded head does not expire with the package: signature and hashes are still checked
    package = read_package(path, now=datetime(1970, 1, 1, tzinfo=UTC))
    head = package.manifest.get("audit_head")
    if not isinstance(head, dict):
        raise _missing(
            path, "只有发给专家的评审包记载链头", "only packages sent out to experts record it"
        )
    return _head(path, head)


def _head(path: Path, record: Any) -> ChainHead:
    """{seq, hash} as written by ReviewDesk, or AnchorNotFound."""
    try:
        seq, digest = record["seq"], record["hash"]
    except (KeyError, TypeError) as exc:
        raise _missing(path, f"记录不完整：{exc}", f"incomplete record: {exc}") from exc
    if (
        type(seq) is not int
        or seq < 0
        or not isinstance(digest, str)
        or not re.fullmatch("[0-9a-f]{64}", digest)
    ):
        raise _missing(
            path, f"链头格式不对：{seq!r}:{digest!r}", f"malformed head {seq!r}:{digest!r}"
        )
    return ChainHead(seq, digest)


def _from_dataset(path: Path) -> ChainHead:
    from app.services.jsonio import FORMAT

    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise AnchorNotFound(f"文件 {path.name} 不是有效的 JSON：{exc}", f"{path.name} is not valid JSON: {exc}") from exc  # fmt: skip
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _missing(path, "不是 ReviewDesk 数据文件", "not a ReviewDesk dataset")
    entries = (data.get("tables") or {}).get("audit_entries") or []
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise _missing(path, "audit_entries 不是记录列表", "audit_entries is not a list of rows")
    last = max(
        entries, key=lambda e: e.get("seq") if type(e.get("seq")) is int else -1, default=None
    )
    return _head(path, last) if last is not None else ChainHead(0, GENESIS)


def read_anchor(path: str | Path) -> ChainHead:
    """The audit head recorded in an exported .docx, .xlsx, .pdf, JSON dataset or .rdpkg.

    Raises AnchorNotFound when the file cannot be read or carries none; a review package that
    fails its checks raises `PackageRefused` (app.services.packages)."""
    source = Path(path)
    try:
        with open(source, "rb") as handle:
            start = handle.read(8)
        if start.startswith(b"%PDF"):
            found = _PDF_SUBJECT.findall(source.read_bytes())
            if not found:
                raise _missing(source, "PDF 的“主题”中没有", "not in the PDF's Subject")
            seq, digest = found[-1]  # an incremental update appends a newer info dictionary
            return ChainHead(int(seq), digest.decode("ascii"))
        if start.startswith(b"PK\x03\x04"):
            with zipfile.ZipFile(source) as zf:
                names = set(zf.namelist())
                if _CORE in names:
                    return _from_ooxml(source, zf)
            if "manifest.json" in names:
                return _from_package(source)
            raise _missing(source, "不是 Word/Excel 文件或评审包", "not a Word or Excel file, nor a review package")  # fmt: skip
        if start.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
            return _from_dataset(source)
    except OSError as exc:
        raise AnchorNotFound(f"无法读取文件：{source}（{exc.strerror or exc}）", f"cannot read {source}: {exc.strerror or exc}") from exc  # fmt: skip
    except (zipfile.BadZipFile, ElementTree.ParseError, DefusedXmlException) as exc:
        raise AnchorNotFound(f"文件 {source.name} 已损坏：{exc}", f"{source.name} is damaged: {exc}") from exc  # fmt: skip
    raise _missing(source, "支持 .docx、.xlsx、.pdf、导出的 JSON 数据文件和评审包",
                   "supported: .docx, .xlsx, .pdf, an exported JSON dataset and review packages")  # fmt: skip
