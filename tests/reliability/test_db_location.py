"""DB-7: the location classifier (table-driven, Windows API and /proc/mounts injected) and the
open path: a non-local database is never opened silently, never in WAL."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from app.models.location import (
    DRIVE_CDROM,
    DRIVE_FIXED,
    DRIVE_RAMDISK,
    DRIVE_REMOTE,
    DRIVE_REMOVABLE,
    DRIVE_UNKNOWN,
    Location,
    classify_location,
    fstype_from_mounts,
)
from app.services.store import open_store

pytestmark = pytest.mark.reliability

MOUNTS = r"""/dev/sda2 / ext4 rw,relatime 0 0
tmpfs /tmp tmpfs rw 0 0
server:/export /srv/share nfs4 rw 0 0
server:/old /srv/old nfs rw 0 0
//nas/public /mnt/nas cifs rw 0 0
//nas/smb3 /mnt/smb3 smb3 rw 0 0
me@host:/home /home/me/remote fuse.sshfs rw 0 0
/dev/sdb1 /home/me/My\040Disk ext4 rw 0 0
/dev/sdc1 /media/me/U盘 vfat rw 0 0
"""


class TableProbe:
    """Drive types by drive root (Windows) and a fixed /proc/mounts (Linux)."""

    def __init__(self, drives: dict[str, int]) -> None:
        self.drives = drives

    def drive_type(self, root: str) -> int | None:
        return self.drives.get(root.upper(), DRIVE_FIXED)

    def mount_fstype(self, path: str) -> str | None:
        return fstype_from_mounts(MOUNTS, path)


DRIVES = {"C:\\": DRIVE_FIXED, "D:\\": DRIVE_FIXED, "E:\\": DRIVE_REMOVABLE, "F:\\": DRIVE_CDROM,
          "Z:\\": DRIVE_REMOTE, "R:\\": DRIVE_RAMDISK, "Q:\\": DRIVE_UNKNOWN}  # fmt: skip

TABLE = [
    (r"C:\Users\王芳\AppData\Local\ReviewDesk\reviewdesk.db", Location.LOCAL),
    (r"D:\评审\2026\reviewdesk.db", Location.LOCAL),
    (r"R:\ram\x.db", Location.LOCAL),
    (r"Q:\unknown\x.db", Location.LOCAL),
    (r"E:\reviewdesk.db", Location.REMOVABLE),
    (r"e:\备份\reviewdesk.db", Location.REMOVABLE),
    (r"F:\光盘\reviewdesk.db", Location.REMOVABLE),
    (r"Z:\发改委\reviewdesk.db", Location.NETWORK),
    (r"\\fileserver\评审\reviewdesk.db", Location.NETWORK),
    (r"\\192.168.1.10\share\x.db", Location.NETWORK),
    ("//fileserver/share/x.db", Location.NETWORK),
    (r"\\?\UNC\fileserver\share\x.db", Location.NETWORK),
    (r"Z:\OneDrive\x.db", Location.NETWORK),  # network beats cloud
    (r"C:\Users\王芳\OneDrive\文档\reviewdesk.db", Location.CLOUD),
    (r"C:\Users\王芳\OneDrive - 江津区发展改革委\评审\reviewdesk.db", Location.CLOUD),
    (r"C:\Users\王芳\Nutstore\reviewdesk.db", Location.CLOUD),
    (r"C:\Users\王芳\Nutstore Files\我的坚果云\reviewdesk.db", Location.CLOUD),
    (r"D:\坚果云\reviewdesk.db", Location.CLOUD),
    (r"D:\BaiduNetdisk\同步\reviewdesk.db", Location.CLOUD),
    (r"D:\BaiduSyncdisk\reviewdesk.db", Location.CLOUD),
    (r"D:\百度网盘\reviewdesk.db", Location.CLOUD),
    (r"C:\Users\王芳\Documents\WPS云文档\reviewdesk.db", Location.CLOUD),
    (r"C:\Users\王芳\WPSDrive\123\reviewdesk.db", Location.CLOUD),
    (r"C:\Users\王芳\Dropbox\reviewdesk.db", Location.CLOUD),
    (r"C:\Users\王芳\iCloudDrive\reviewdesk.db", Location.CLOUD),
    (r"C:\Users\王芳\Documents\onedrive备份说明.db", Location.LOCAL),  # a file name, not a folder
    (r"C:\Users\王芳\Documents\网盘资料\reviewdesk.db", Location.LOCAL),
    ("/home/me/.local/share/ReviewDesk/reviewdesk.db", Location.LOCAL),
    ("/tmp/x.db", Location.LOCAL),
    ("/home/me/My Disk/x.db", Location.LOCAL),
    ("/srv/share/评审/x.db", Location.NETWORK),
    ("/srv/old/x.db", Location.NETWORK),
    ("/srv/shared/x.db", Location.LOCAL),  # /srv/share is a prefix of the name, not the folder
    ("/mnt/nas/x.db", Location.NETWORK),
    ("/mnt/smb3/x.db", Location.NETWORK),
    ("/home/me/remote/x.db", Location.NETWORK),
    ("/media/me/U盘/x.db", Location.REMOVABLE),
    ("/run/media/me/USB/x.db", Location.REMOVABLE),
    ("/Volumes/USB/x.db", Location.REMOVABLE),
    ("/home/me/OneDrive/x.db", Location.CLOUD),
    ("/home/me/Nutstore Files/x.db", Location.CLOUD),
    ("/home/me/坚果云/x.db", Location.CLOUD),
    ("/Users/me/Library/Mobile Documents/com~apple~CloudDocs/x.db", Location.CLOUD),
    ("/home/me/Dropbox/评审/x.db", Location.CLOUD),
]


def test_db7_classifier_table() -> None:
    probe = TableProbe(DRIVES)
    wrong = [(p, want, classify_location(p, probe)) for p, want in TABLE]
    wrong = [w for w in wrong if w[1] != w[2]]
    print(
        f"DB-7: table={len(TABLE)} classified_correctly={len(TABLE) - len(wrong)} wrong={len(wrong)}"
    )
    assert wrong == []


class ShareProbe:
    """Everything under `share` is an NFS mount; the rest is a local disk."""

    def __init__(self, share: Path) -> None:
        self.share = str(share)

    def drive_type(self, root: str) -> int | None:
        return None

    def mount_fstype(self, path: str) -> str | None:
        return "nfs4" if path.startswith(self.share) else "ext4"


def journal_mode(store) -> str:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        return str(conn.exec_driver_sql("PRAGMA journal_mode").scalar())


@pytest.mark.parametrize("location", [Location.NETWORK, Location.REMOVABLE, Location.CLOUD])
def test_non_local_store_is_never_wal(demo_db: Path, location: Location) -> None:
    store = open_store(str(demo_db), location=location)
    try:
        assert journal_mode(store) == "delete"
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA locking_mode").scalar() == "exclusive"
        with store.write() as session:  # the store still works: one connection, serialised
            session.connection().exec_driver_sql("UPDATE units SET contact = '张三' WHERE id = 1")
        with store.read() as session:
            assert (
                session.connection()
                .exec_driver_sql("SELECT contact FROM units WHERE id = 1")
                .scalar()
                == "张三"
            )
    finally:
        store.close()
    assert not Path(str(demo_db) + "-wal").exists()
    local = open_store(str(demo_db), location=Location.LOCAL)
    assert journal_mode(local) == "wal"
    local.close()


@pytest.fixture
def controller(qtbot, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from app.ui.app import AppController, make_app

    ctrl = AppController(make_app([]))
    monkeypatch.setattr(ctrl, "build_window", lambda: None)  # the store is what matters here
    yield ctrl
    ctrl.close_store()


def answer_with(monkeypatch: pytest.MonkeyPatch, label: str | None, shown: list[str]) -> None:
    """Replace the dialog's event loop: record the text, click the button labelled `label`."""

    def exec_(box: QMessageBox) -> int:
        shown.append(box.text())
        for button in box.buttons():
            if label is not None and button.text() == label:
                button.click()
                return 0
        box.button(QMessageBox.StandardButton.Cancel).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)


def test_db7_non_local_open_warns_and_offers_a_local_copy(
    controller, demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from app.ui.app import install_translators

    install_translators(controller.app, "zh_CN")
    share = tmp_path / "share"
    share.mkdir()
    remote = share / "评审.db"
    shutil.copyfile(demo_db, remote)
    controller.volume_probe = ShareProbe(share)
    before = remote.read_bytes()
    outcomes: dict[str, object] = {}
    silent = 0
    for label, key in [(None, "cancel"), ("复制到本机数据目录并打开", "copy"),
                       ("只读打开", "read_only"), ("仍在原位置打开", "in_place")]:  # fmt: skip
        shown: list[str] = []
        answer_with(monkeypatch, label, shown)
        opened = controller.open(str(remote))
        silent += not shown
        assert shown and "网络" in shown[0] and "复制到本机" in shown[0], shown
        store = controller.store
        outcomes[key] = (opened, store.path if store else None, store.read_only if store else None)
        if key == "cancel":
            assert not opened and controller.store is None
        elif key == "copy":
            assert opened and store is not None and store.path is not None
            assert store.path.parent != share and store.path.name == "评审.db"
            assert journal_mode(store) == "wal"  # the local copy is a normal local database
            assert remote.read_bytes() == before  # the share copy untouched
        elif key == "read_only":
            assert opened and store is not None and store.read_only and store.path == remote
            assert controller.lock is None
        else:
            assert opened and store is not None and not store.read_only and store.path == remote
            assert journal_mode(store) == "delete"
        controller.close_store()
    assert not Path(str(remote) + "-wal").exists()
    con = sqlite3.connect(remote)
    assert con.execute("SELECT count(*) FROM projects").fetchone()[0] == 48
    con.close()
    print(
        f"DB-7: non_local_opens=4 warned={4 - silent} silent_opens={silent} outcomes={sorted(outcomes)}"
    )
    assert silent == 0


def test_a_failed_local_copy_says_why_in_chinese(
    controller, demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import errno

    import app.ui.app as ui_app
    from app.ui.app import install_translators

    install_translators(controller.app, "zh_CN")
    before = demo_db.read_bytes()

    def full(path: Path, folder: Path) -> Path:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(ui_app, "copy_to_local", full)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    assert controller.copy_to_local(demo_db, None) is None
    assert len(shown) == 1 and shown[0].startswith("复制失败") and "No space left" in shown[0]
    assert demo_db.read_bytes() == before


def test_workbench_runs_on_a_non_local_store(qtbot, demo_db: Path) -> None:  # type: ignore[no-untyped-def]
    """One exclusive connection: the window, its checking thread and an edit share it."""
    from datetime import date

    from app.ui.main_window import MainWindow

    store = open_store(str(demo_db), location=Location.CLOUD)
    window = MainWindow(store, today=date(2026, 11, 25))
    qtbot.addWidget(window)
    window.show()
    assert window.ctx.findings()
    window.ctx.project_selected.emit(3)
    window.show_tab("dossier")
    window.dossier_tab.select_item("data_catalogue")
    window.dossier_tab.editor.mark_submitted()
    window.ctx.wait_for_checks()
    with store.read() as session:
        status = (
            session.connection()
            .exec_driver_sql(
                "SELECT status FROM documents WHERE project_id=3 AND kind='data_catalogue'"
            )
            .scalar()
        )
    window.close()
    store.close()
    assert status == "submitted"


def test_every_tab_opens_on_a_store_with_one_connection(qtbot, demo_db: Path) -> None:  # type: ignore[no-untyped-def]
    """No tab reads the findings while it holds the only connection (it would wait for itself)."""
    from datetime import date

    from app.ui.main_window import TAB_KEYS, MainWindow

    store = open_store(str(demo_db), location=Location.CLOUD)
    window = MainWindow(store, today=date(2026, 11, 25))
    qtbot.addWidget(window)
    window.show()
    window.ctx.wait_for_checks()
    window.ctx.project_selected.emit(3)
    for key in TAB_KEYS:
        window.show_tab(key)
        assert window.tabs.currentWidget() is window.tab_widgets[key]
    window.close()
    store.close()
