"""Attachments: stored once by content beside the database, checked by their first bytes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from app.models.roles import PermissionDenied
from app.services import attachments as att
from app.services.editing import Invalid

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def ooxml(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr(part, "<x/>")
    return buffer.getvalue()


@pytest.mark.sqlite_only("the store sits beside a database file")
def test_store_sits_beside_the_database(demo_store: Any, demo_db: Path) -> None:
    assert att.store_folder(demo_store) == demo_db.with_name("demo.attachments")


def test_attach_stores_the_file_once_by_content(demo_store: Any, tmp_path: Path) -> None:
    first = att.attach(demo_store, 1, "fsr", write(tmp_path, "可研报告.pdf", PDF))
    second = att.attach(demo_store, 2, "fsr", write(tmp_path, "copy.pdf", PDF))
    rows = att.list_attachments(demo_store)
    assert [r.id for r in rows] == [first, second]
    assert rows[0].filename == "可研报告.pdf" and rows[0].media_type == "application/pdf"
    assert rows[0].size == len(PDF) and len(rows[0].sm3) == 64
    blobs = [p for p in att.store_folder(demo_store).rglob("*") if p.is_file()]
    assert [b.name for b in blobs] == [rows[0].sha256]
    assert blobs[0].read_bytes() == PDF
    assert att.counts_by_item(demo_store, 1) == {"fsr": 1}


def test_same_file_twice_on_one_item_is_refused(demo_store: Any, tmp_path: Path) -> None:
    att.attach(demo_store, 1, "fsr", write(tmp_path, "a.pdf", PDF))
    with pytest.raises(Invalid) as info:
        att.attach(demo_store, 1, "fsr", write(tmp_path, "b.pdf", PDF))
    assert "相同内容" in info.value.message_zh
    assert len(att.list_attachments(demo_store, 1, "fsr")) == 1


@pytest.mark.parametrize(
    ("name", "data", "media"),
    [
        ("scan.png", PNG, "image/png"),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image/jpeg"),
        ("fax.tif", b"II*\x00" + b"\x00" * 20, "image/tiff"),
        (
            "old.doc",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 20,
            "application/x-ole-storage",
        ),
        ("方案.docx", ooxml("word/document.xml"), att.KINDS["docx"][2]),
        ("预算.xlsx", ooxml("xl/workbook.xml"), att.KINDS["xlsx"][2]),
    ],
)
def test_allowed_kinds_by_content(demo_store: Any, tmp_path: Path, name: str, data: bytes, media: str) -> None:  # fmt: skip
    att.attach(demo_store, 1, "design", write(tmp_path, name, data))
    assert att.list_attachments(demo_store, 1)[0].media_type == media


def test_ofd_file_attaches(demo_store: Any, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("OFD.xml", "<ofd:OFD/>")
    att.attach(demo_store, 1, "design", write(tmp_path, "批复.ofd", buffer.getvalue()))
    assert att.list_attachments(demo_store, 1)[0].media_type == "application/ofd"


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00 an exe renamed",
        b"plain text",
        ooxml("ppt/presentation.xml"),
        b"PK\x03\x04broken",
    ],
)
def test_other_kinds_are_refused_by_content(demo_store: Any, tmp_path: Path, data: bytes) -> None:
    with pytest.raises(att.AttachmentError) as info:
        att.attach(demo_store, 1, "fsr", write(tmp_path, "looks-like.pdf", data))
    assert info.value.code == "kind" and "不是允许的附件类型" in info.value.message_zh
    assert att.list_attachments(demo_store) == []
    assert not any(p.is_file() for p in att.store_folder(demo_store).rglob("*"))


def test_too_large_and_empty_files_are_refused(demo_store: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setattr(att, "MAX_BYTES", 1000)
    with pytest.raises(att.AttachmentError) as info:
        att.attach(demo_store, 1, "fsr", write(tmp_path, "big.pdf", PDF + b"0" * 1000))
    assert info.value.code == "too_large" and "过大" in info.value.message_zh
    with pytest.raises(att.AttachmentError) as info:
        att.attach(demo_store, 1, "fsr", write(tmp_path, "empty.pdf", b""))
    assert info.value.code == "empty"
    assert att.list_attachments(demo_store) == []


def test_detach_keeps_a_file_another_row_uses(demo_store: Any, tmp_path: Path) -> None:
    first = att.attach(demo_store, 1, "fsr", write(tmp_path, "a.pdf", PDF))
    second = att.attach(demo_store, 1, "design", write(tmp_path, "a.pdf", PDF))
    sha = att.list_attachments(demo_store)[0].sha256
    blob = att.blob_path(att.store_folder(demo_store), sha)
    att.detach(demo_store, first)
    assert blob.exists()
    att.detach(demo_store, second)
    assert not blob.exists() and att.list_attachments(demo_store) == []


def test_project_deletion_leaves_orphans_that_prune_removes(demo_store: Any, tmp_path: Path) -> None:  # fmt: skip
    from app.services.project_edit import delete_project

    att.attach(demo_store, 2, "fsr", write(tmp_path, "a.pdf", PDF))
    att.attach(demo_store, 3, "fsr", write(tmp_path, "b.png", PNG))
    with demo_store.write() as session:
        delete_project(session, 2)
    assert att.list_attachments(demo_store, 2) == []  # the rows go with the project
    removed = att.prune_orphans(demo_store)
    assert len(removed) == 1 and att.verify(demo_store).ok
    assert att.list_attachments(demo_store, 3)[0].sha256 not in removed


def test_verify_reports_missing_and_damaged_files(demo_store: Any, tmp_path: Path) -> None:
    att.attach(demo_store, 1, "fsr", write(tmp_path, "a.pdf", PDF))
    att.attach(demo_store, 1, "design", write(tmp_path, "b.png", PNG))
    assert att.verify(demo_store).ok and att.verify(demo_store).checked == 2
    rows = att.list_attachments(demo_store)
    folder = att.store_folder(demo_store)
    pdf = next(r for r in rows if r.filename == "a.pdf")
    png = next(r for r in rows if r.filename == "b.png")
    path = att.blob_path(folder, pdf.sha256)
    path.write_bytes(PDF.replace(b"1.4", b"1.5"))  # same size, other content
    att.blob_path(folder, png.sha256).unlink()
    report = att.verify(demo_store)
    assert not report.ok
    assert [r.filename for r in report.damaged or []] == ["a.pdf"]
    assert [r.filename for r in report.missing or []] == ["b.png"]
    assert "缺失 1 个" in report.message() and "损坏或被修改 1 个" in report.message()


def test_open_copy_is_verified_and_separate_from_the_store(demo_store: Any, tmp_path: Path) -> None:  # fmt: skip
    attachment_id = att.attach(demo_store, 1, "fsr", write(tmp_path, "可研.pdf", PDF))
    copy = att.open_copy(demo_store, attachment_id)
    assert copy.name == "可研.pdf" and copy.read_bytes() == PDF
    assert att.store_folder(demo_store) not in copy.parents
    row = att.list_attachments(demo_store)[0]
    att.blob_path(att.store_folder(demo_store), row.sha256).write_bytes(b"%PDF-tampered!!" + PDF[15:])  # fmt: skip
    with pytest.raises(att.AttachmentError) as info:
        att.open_copy(demo_store, attachment_id)
    assert info.value.code == "damaged" and "未打开" in info.value.message_zh


def test_filenames_lose_folders_and_forbidden_characters() -> None:
    assert att.clean_filename("C:\\Users\\x\\a:b?.pdf") == "a_b_.pdf"
    assert att.clean_filename("../../etc/passwd") == "passwd"
    assert att.clean_filename(" . ") == "附件"


def test_a_reviewer_cannot_attach(demo_db: Path, tmp_path: Path) -> None:
    from app.services.store import open_store

    store = open_store(str(demo_db), role="reviewer")
    try:
        with pytest.raises(PermissionDenied):
            att.attach(store, 1, "fsr", write(tmp_path, "a.pdf", PDF))
    finally:
        store.close()
