"""Attached dossier files travel in out packages and open in reviewer mode after a hash check."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl

from app.crypto import sm3_hex
from app.services import attachments as att
from app.services import packages as pk
from app.services.editing import Invalid
from tests.review.helpers import make_round

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x01" * 500


@pytest.fixture
def with_files(demo_store: Any, tmp_path: Path) -> tuple[int, list[Path]]:
    (tmp_path / "可研.pdf").write_bytes(PDF)
    (tmp_path / "现场.png").write_bytes(PNG)
    att.attach(demo_store, 2, "fsr", tmp_path / "可研.pdf")
    att.attach(demo_store, 3, "fsr", tmp_path / "可研.pdf")  # the same file on two projects
    att.attach(demo_store, 3, "design", tmp_path / "现场.png")
    att.attach(demo_store, 1, "fsr", tmp_path / "现场.png")  # project 1 is not in the round
    round_id, _experts = make_round(demo_store)
    return round_id, pk.export_round_packages(demo_store, round_id, tmp_path / "out")


def test_out_package_carries_each_file_once_with_its_hashes(with_files: Any) -> None:
    _round_id, paths = with_files
    package = pk.read_package(paths[0])
    listed = {m["name"]: m for m in package.manifest["members"] if m["name"].startswith("attachments/")}  # fmt: skip
    assert len(listed) == 2
    for data in (PDF, PNG):
        entry = listed[f"attachments/{pk.hashlib.sha256(data).hexdigest()}"]
        assert entry["size"] == len(data) and entry["sm3"] == sm3_hex(data)
    projects = {p["id"]: p for p in package.json("projects.json")}
    assert [a["filename"] for a in projects[3]["attachments"]] == ["可研.pdf", "现场.png"]
    assert [a["item_key"] for a in projects[2]["attachments"]] == ["fsr"]


def test_reviewer_extracts_a_checked_copy(with_files: Any) -> None:
    work = pk.ReviewerWorkspace.open(with_files[1][0])
    files = work.attachments(3)
    copy = work.open_attachment(files[1]["sha256"], files[1]["filename"])
    assert copy.name == "现场.png" and copy.read_bytes() == PNG


def test_a_package_changed_after_opening_does_not_give_out_the_file(with_files: Any) -> None:
    path = with_files[1][0]
    work = pk.ReviewerWorkspace.open(path)
    entry = work.attachments(2)[0]
    data = bytearray(path.read_bytes())
    at = data.find(PDF[100:140])
    data[at] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(pk.PackageRefused) as info:
        work.open_attachment(entry["sha256"], entry["filename"])
    assert info.value.code in ("hash_mismatch", "corrupt")
    with pytest.raises(pk.PackageRefused):
        pk.read_package(path)


def test_a_damaged_stored_file_stops_the_export(demo_store: Any, tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(PDF)
    att.attach(demo_store, 2, "fsr", tmp_path / "a.pdf")
    row = att.list_attachments(demo_store)[0]
    att.blob_path(att.store_folder(demo_store), row.sha256).write_bytes(PDF[:-1] + b"!")
    round_id, _experts = make_round(demo_store)
    with pytest.raises(Invalid) as info:
        pk.export_round_packages(demo_store, round_id, tmp_path / "out")
    assert "a.pdf" in info.value.message_zh and "校验值不符" in info.value.message_zh
    assert not list((tmp_path / "out").glob("*.rdpkg"))


def test_reviewer_window_lists_and_opens_attachments(qtbot: Any, with_files: Any, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from app.ui.reviewer_window import ReviewerWindow

    opened: list[str] = []
    monkeypatch.setattr("app.ui.reviewer_window.QDesktopServices.openUrl", lambda url: opened.append(QUrl(url).toLocalFile()) or True)  # fmt: skip
    window = ReviewerWindow(pk.ReviewerWorkspace.open(with_files[1][0]))
    qtbot.addWidget(window)
    window.show_project(3)
    assert window.attachments.count() == 2
    window.attachments.setCurrentRow(0)
    path = window.open_attachment()
    assert path is not None and opened == [str(path)] and path.read_bytes() == PDF
