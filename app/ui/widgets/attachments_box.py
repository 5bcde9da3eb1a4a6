"""The attachments of one checklist item: list, 添加附件 / 打开 / 移除, and files dropped on it.

Attaching and removing go through `run_edit`, so Ctrl+Z brings a removed attachment back; the
stored file of a removed attachment stays until the window closes (orphans are pruned then).
Opening copies the verified file out of the store and hands it to the system viewer.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services import attachments as att
from app.services.editing import Invalid
from app.ui.commands import run_edit
from app.ui.context import WorkbenchContext
from app.ui.models.findings_table import ui_language

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1048576:.1f} MB"
    return f"{max(1, size // 1024)} KB"


class DropList(QListWidget):
    """A list that accepts local files dropped on it."""

    files_dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setDragDropMode(QListWidget.DragDropMode.DropOnly)

    def _local_files(self, event: QDragEnterEvent | QDropEvent) -> list[str]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.isEnabled() and self._local_files(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # type: ignore[override]
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        files = self._local_files(event)
        if files and self.isEnabled():
            event.acceptProposedAction()
            self.files_dropped.emit(files)
        else:
            event.ignore()


class AttachmentsBox(QGroupBox):
    def __init__(self, ctx: WorkbenchContext, parent: QWidget | None = None) -> None:
        super().__init__(QCoreApplication.translate("AttachmentsBox", "Attachments"), parent)
        self.ctx = ctx
        self.project_id: int | None = None
        self.item_key: str | None = None
        self.list = DropList()
        self.list.setObjectName("attachments")
        self.list.setMaximumHeight(110)
        self.list.setToolTip(
            QCoreApplication.translate(
                "AttachmentsBox", "Drop PDF, Word, Excel, OFD or image files here to attach them"
            )
        )
        self.list.files_dropped.connect(self.add_files)
        self.list.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.add_button = QPushButton(
            QCoreApplication.translate("AttachmentsBox", "Add attachment…")
        )
        self.open_button = QPushButton(QCoreApplication.translate("AttachmentsBox", "Open"))
        self.remove_button = QPushButton(QCoreApplication.translate("AttachmentsBox", "Remove"))
        self.add_button.clicked.connect(self.choose_files)
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.open_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addLayout(buttons)
        self.set_item(None, None)

    # ------------------------------------------------------------------ showing
    def set_item(self, project_id: int | None, item_key: str | None) -> None:
        self.project_id, self.item_key = project_id, item_key
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        enabled = self.project_id is not None and self.item_key is not None
        self.list.setEnabled(enabled)
        self.add_button.setEnabled(enabled and not self.ctx.store.read_only)
        if enabled:
            for row in att.list_attachments(self.ctx.store, self.project_id, self.item_key):
                item = QListWidgetItem(f"{row.filename}  ({size_text(row.size)})")
                item.setData(ID_ROLE, row.id)
                item.setToolTip(f"SHA-256 {row.sha256}\n{row.attached_at:%Y-%m-%d %H:%M} {row.attached_by}")  # fmt: skip
                self.list.addItem(item)
        self._update_buttons()

    def _update_buttons(self) -> None:
        selected = self.selected_id() is not None
        self.open_button.setEnabled(selected)
        self.remove_button.setEnabled(selected and not self.ctx.store.read_only)

    def selected_id(self) -> int | None:
        item = self.list.currentItem()
        return int(item.data(ID_ROLE)) if item is not None else None

    def filenames(self) -> list[str]:
        return [self.list.item(i).text().rsplit("  (", 1)[0] for i in range(self.list.count())]

    # ------------------------------------------------------------------ actions
    def _warn(self, message_zh: str, message_en: str) -> None:
        QMessageBox.warning(self, QCoreApplication.translate("AttachmentsBox", "Attachments"), message_en if ui_language() == "en" else message_zh)  # fmt: skip

    def choose_files(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(
            self, QCoreApplication.translate("AttachmentsBox", "Add attachment"), "",
            QCoreApplication.translate("AttachmentsBox", "Dossier files (*.pdf *.doc *.docx *.xls *.xlsx *.wps *.et *.ofd *.jpg *.jpeg *.png *.tif *.tiff);;All files (*)"),
        )  # fmt: skip
        if files:
            self.add_files(files)

    def add_files(self, files: list[str]) -> int:
        """Attach each file (one undoable edit per file); returns how many were attached."""
        if self.project_id is None or self.item_key is None:
            return 0
        project_id, key, added = self.project_id, self.item_key, 0
        for name in files:
            try:
                blob = att.store_file(self.ctx.store, Path(name))
                done = run_edit(
                    self.ctx, QCoreApplication.translate("AttachmentsBox", "Attach %1").replace("%1", blob.filename), project_id,
                    att.attaching(project_id, key, blob), self,
                )  # fmt: skip
            except att.AttachmentError as exc:
                self._warn(exc.message_zh, exc.message_en)
                continue
            except Invalid as exc:
                self._warn(exc.message_zh, exc.message_en)
                continue
            added += done is not None
        self.reload()
        return added

    def open_selected(self) -> Path | None:
        attachment_id = self.selected_id()
        if attachment_id is None:
            return None
        try:
            copy = att.open_copy(self.ctx.store, attachment_id)
        except (att.AttachmentError, OSError) as exc:
            if isinstance(exc, att.AttachmentError):
                self._warn(exc.message_zh, exc.message_en)
            else:
                self._warn(f"附件无法复制出来打开：{exc}", f"The attachment could not be copied out to open: {exc}")  # fmt: skip
            return None
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy))):
            self._warn(f"系统没有能打开该文件的程序：{copy}", f"No program on this computer opens {copy}")  # fmt: skip
        return copy

    def remove_selected(self) -> bool:
        attachment_id, project_id = self.selected_id(), self.project_id
        if attachment_id is None or project_id is None:
            return False
        name = self.list.currentItem().text().rsplit("  (", 1)[0]
        try:
            done = run_edit(
                self.ctx, QCoreApplication.translate("AttachmentsBox", "Remove attachment %1").replace("%1", name), project_id,
                lambda session: att.remove_attachment(session, attachment_id), self,
            )  # fmt: skip
        except Invalid as exc:
            self._warn(exc.message_zh, exc.message_en)
            done = None
        self.reload()
        return done is not None
