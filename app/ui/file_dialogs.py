"""Where save and open dialogs start, and the note that says where a file went (issue 11, 5).

The first dialog of a kind of file opens in the user's Documents folder (QStandardPaths), never
in the application's data folder beside `backups/` and `keys/`; after that in the folder the user
last used for that kind (QSettings `files/last_folder/<kind>`), so plan tables, replies and
checklists each go back where the user files them. The default names come from
app.services.file_names, the same as the command line's.

After a save, `SavedFileNotice` (in the status bar, or inside a dialog) says where the file is
and offers 打开文件 / 打开所在文件夹 through QDesktopServices.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QToolButton, QWidget

from app.ui.widgets.elided_label import ElidedLabel

#: kinds of files whose folder is remembered separately
KINDS = ("plan", "submission", "checklist", "opinion", "error_list", "expert_round", "package")


def _key(kind: str) -> str:
    return f"files/last_folder/{kind}"


def documents_folder() -> Path:
    """The user's Documents folder (Windows: 文档), else the home folder."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(location) if location else Path.home()
    return folder if folder.is_dir() else Path.home()


def start_folder(kind: str) -> Path:
    last = QSettings().value(_key(kind), "", type=str)
    if last and Path(last).is_dir():
        return Path(last)
    return documents_folder()


def remember_folder(kind: str, path: Path) -> None:
    """Call after the file was saved (or read): the next dialog of this kind starts here."""
    QSettings().setValue(_key(kind), str(path.parent if path.suffix else path))


def with_suffix(chosen: str, file_filter: str) -> Path:
    """The chosen path with the filter's extension when the user typed none."""
    path = Path(chosen)
    if not path.suffix and "(*." in file_filter:
        suffix = file_filter.split("(*.", 1)[1].split(")", 1)[0].split()[0]
        path = path.with_name(f"{path.name}.{suffix}")
    return path


def ask_save_path(parent: QWidget | None, kind: str, title: str, default_name: str, file_filter: str) -> Path | None:  # fmt: skip
    chosen, _f = QFileDialog.getSaveFileName(
        parent, title, str(start_folder(kind) / default_name), file_filter
    )
    return with_suffix(chosen, file_filter) if chosen else None


def ask_open_path(parent: QWidget | None, kind: str, title: str, file_filter: str) -> Path | None:
    chosen, _f = QFileDialog.getOpenFileName(parent, title, str(start_folder(kind)), file_filter)
    if not chosen:
        return None
    remember_folder(kind, Path(chosen))
    return Path(chosen)


def ask_folder(parent: QWidget | None, kind: str, title: str) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(parent, title, str(start_folder(kind)))
    if not chosen:
        return None
    QSettings().setValue(_key(kind), chosen)
    return Path(chosen)


class SavedFileNotice(QWidget):
    """「已保存：…」 with 打开文件 / 打开所在文件夹; hidden until a file is saved."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # the path takes the room the counts at the right of the status bar leave it (a long
        # path pushed them off a 1366 px window), shortened in its middle
        self.label = ElidedLabel(widest=560)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_file_button = QPushButton(
            QCoreApplication.translate("SavedFileNotice", "Open file")
        )
        self.open_folder_button = QPushButton(
            QCoreApplication.translate("SavedFileNotice", "Open containing folder")
        )
        self.close_button = QToolButton()
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(QCoreApplication.translate("SavedFileNotice", "Dismiss"))
        for widget in (self.label, self.open_file_button, self.open_folder_button, self.close_button):  # fmt: skip
            layout.addWidget(widget)
        self.open_file_button.clicked.connect(lambda: self._open(file=True))
        self.open_folder_button.clicked.connect(lambda: self._open(file=False))
        self.close_button.clicked.connect(self.hide)
        self.hide()

    def show_file(self, path: Path) -> None:
        self.path = Path(path)
        self.label.set_full_text(QCoreApplication.translate("SavedFileNotice", "Saved: %1").replace("%1", str(self.path)))  # fmt: skip
        self.label.setToolTip(str(self.path))
        self.show()

    def _open(self, *, file: bool) -> None:
        if self.path is not None:
            target = self.path if file else self.path.parent
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
