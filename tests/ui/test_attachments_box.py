"""Attachments in the dossier item editor: add, drop, open (system viewer), remove, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from app.services import attachments as att
from app.ui.main_window import MainWindow
from app.ui.widgets.attachments_box import AttachmentsBox
from tests.ui.test_dossier_tab import open_project

PDF = b"%PDF-1.4\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    urls: list[str] = []

    def open_url(url: QUrl) -> bool:
        urls.append(url.toLocalFile())
        return True

    monkeypatch.setattr("app.ui.widgets.attachments_box.QDesktopServices.openUrl", open_url)
    return urls


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    texts: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: texts.append(text))  # fmt: skip
    return texts


def editor_box(window: MainWindow, item: str = "fsr") -> AttachmentsBox:
    open_project(window, "江津区智慧养老服务平台")
    window.dossier_tab.select_item(item)
    return window.dossier_tab.editor.attachments


def label_of(window: MainWindow, key: str) -> str:
    from app.ui.tabs.dossier_tab import find_key

    return str(find_key(window.dossier_tab.tree_model, key).data())


def files_text(n: int) -> str:
    return QCoreApplication.translate("ChecklistTab", "(%1 files)").replace("%1", str(n))


def test_add_open_remove_and_undo(window: MainWindow, tmp_path: Path, opened: list[str], warnings: list[str]) -> None:  # fmt: skip
    box = editor_box(window)
    source = tmp_path / "可研报告.pdf"
    source.write_bytes(PDF)
    assert box.add_files([str(source)]) == 1
    assert box.filenames() == ["可研报告.pdf"]
    assert label_of(window, "fsr").endswith(files_text(1))
    box.list.setCurrentRow(0)
    copy = box.open_selected()
    assert copy is not None and opened == [str(copy)] and copy.read_bytes() == PDF
    assert box.remove_button.isEnabled()
    assert box.remove_selected()
    window.dossier_tab.select_item("fsr")
    assert window.dossier_tab.editor.attachments.filenames() == []
    window.undo_action.trigger()
    window.dossier_tab.select_item("fsr")
    assert window.dossier_tab.editor.attachments.filenames() == ["可研报告.pdf"]
    assert att.verify(window.ctx.store).ok  # the file stayed for the undo
    assert warnings == []


def test_refused_file_is_explained(window: MainWindow, tmp_path: Path, warnings: list[str], chinese: None) -> None:  # fmt: skip
    box = editor_box(window)
    source = tmp_path / "setup.pdf"
    source.write_bytes(b"MZ\x90\x00 not a pdf")
    assert box.add_files([str(source)]) == 0
    assert len(warnings) == 1 and "不是允许的附件类型" in warnings[0]
    assert box.filenames() == []


def test_damaged_file_is_not_opened(window: MainWindow, tmp_path: Path, opened: list[str], warnings: list[str], chinese: None) -> None:  # fmt: skip
    box = editor_box(window)
    source = tmp_path / "scan.png"
    source.write_bytes(PNG)
    box.add_files([str(source)])
    row = att.list_attachments(window.ctx.store)[0]
    att.blob_path(att.store_folder(window.ctx.store), row.sha256).write_bytes(PNG[:-1] + b"\x01")
    window.dossier_tab.select_item("fsr")
    box = window.dossier_tab.editor.attachments
    box.list.setCurrentRow(0)
    assert box.open_selected() is None and opened == []
    assert "校验值不符" in warnings[0]


def test_files_dropped_on_the_list_are_attached(window: MainWindow, tmp_path: Path, warnings: list[str]) -> None:  # fmt: skip
    box = editor_box(window, "design")
    files = [tmp_path / "a.pdf", tmp_path / "b.png"]
    files[0].write_bytes(PDF)
    files[1].write_bytes(PNG)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    event = QDropEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)  # fmt: skip
    box.list.dropEvent(event)
    window.dossier_tab.select_item("design")
    assert sorted(window.dossier_tab.editor.attachments.filenames()) == ["a.pdf", "b.png"]
    assert label_of(window, "design").endswith(files_text(2)) and warnings == []
