"""Where a database file lives: local disk, removable drive, network share or cloud-sync folder.

SQLite's WAL needs shared memory between processes, which network file systems do not give,
and sync clients (OneDrive, 坚果云, 百度网盘, WPS 云文档…) copy a database file half-written or
restore an old copy over a new one. So a database that is not on a local fixed disk is opened
only after a warning, in rollback-journal mode (`journal_mode=DELETE`) with
`locking_mode=EXCLUSIVE`, or read-only — never in WAL (RELIABILITY.md §2.3).

The operating system is asked through `VolumeProbe` (Windows `GetDriveTypeW`, Linux
`/proc/mounts`), so tests inject a table of drive types and mounts instead.
"""

from __future__ import annotations

import os
import re
from enum import StrEnum
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath
from typing import Protocol

# GetDriveTypeW results
DRIVE_UNKNOWN, DRIVE_NO_ROOT_DIR, DRIVE_REMOVABLE, DRIVE_FIXED = 0, 1, 2, 3
DRIVE_REMOTE, DRIVE_CDROM, DRIVE_RAMDISK = 4, 5, 6

#: Linux file-system types that live on another machine
NETWORK_FS = frozenset(
    {"nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "sshfs", "9p", "ncpfs", "afs",
     "davfs", "fuse.davfs2", "fuse.rclone", "fuse.gvfsd-fuse", "glusterfs", "ceph", "fuse.s3fs"}
)  # fmt: skip
#: mount points where desktops put USB sticks and card readers
REMOVABLE_ROOTS = ("/media/", "/run/media/", "/Volumes/")
#: folder names used by sync clients (compared case-insensitively with the start of a folder name)
CLOUD_MARKERS = (
    "onedrive",  # "OneDrive", "OneDrive - 单位名称"
    "nutstore", "我的坚果云", "坚果云",
    "baidunetdisk", "baidusyncdisk", "百度网盘", "百度云同步盘",
    "wps云文档", "wpsdrive", "wps cloud files", "wps网盘",
    "weiyun", "腾讯微云", "阿里云盘", "aliyundrive", "quark",
    "dropbox", "google drive", "googledrive", "icloud drive", "iclouddrive", "mobile documents",
    "seafile", "nextcloud", "owncloud", "box sync",
)  # fmt: skip


class Location(StrEnum):
    LOCAL = "local"
    REMOVABLE = "removable"
    NETWORK = "network"
    CLOUD = "cloud"

    @property
    def is_local(self) -> bool:
        return self is Location.LOCAL


class VolumeProbe(Protocol):
    def drive_type(self, root: str) -> int | None:
        """`GetDriveTypeW(root)` for a Windows drive root such as `E:\\`; None where unknown."""
        ...

    def mount_fstype(self, path: str) -> str | None:
        """The file-system type of the mount holding `path` (POSIX); None where unknown."""
        ...


class SystemProbe:
    """The real operating system."""

    def drive_type(self, root: str) -> int | None:
        if os.name != "nt":
            return None
        import ctypes

        return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]

    def mount_fstype(self, path: str) -> str | None:
        try:
            text = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
        return fstype_from_mounts(text, path)


def _unescape(field: str) -> str:
    """/proc/mounts writes space, tab, newline and backslash as octal escapes."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def fstype_from_mounts(mounts: str, path: str) -> str | None:
    """The type of the longest mount point that contains `path`."""
    best, best_type = "", None
    target = path.rstrip("/") + "/"
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = _unescape(fields[1]).rstrip("/") + "/"
        if target.startswith(point) and len(point) > len(best):
            best, best_type = point, fields[2]
    return best_type


def _is_windows_path(text: str) -> bool:
    return bool(re.match(r"^([A-Za-z]:[\\/]|\\\\|//[^/])", text))


def _has_cloud_marker(path: PurePath) -> bool:
    for part in path.parts[:-1]:  # folders only, not the file name
        name = part.strip("\\/").lower()
        if name and any(name.startswith(marker) for marker in CLOUD_MARKERS):
            return True
    return False


def classify_location(path: str | Path, probe: VolumeProbe | None = None) -> Location:
    """Classify a database path. Network beats removable beats cloud-sync beats local."""
    probe = probe or SystemProbe()
    text = str(path)
    if _is_windows_path(text):
        win = PureWindowsPath(text)
        if win.drive.startswith(("\\\\", "//")):  # UNC \\server\share
            return Location.NETWORK
        kind = probe.drive_type(win.anchor)
        if kind == DRIVE_REMOTE:
            return Location.NETWORK
        if kind in (DRIVE_REMOVABLE, DRIVE_CDROM):
            return Location.REMOVABLE
        return Location.CLOUD if _has_cloud_marker(win) else Location.LOCAL
    posix = PurePosixPath(text)
    fstype = probe.mount_fstype(text)
    if fstype is not None and (fstype in NETWORK_FS or fstype.split(".")[-1] in NETWORK_FS):
        return Location.NETWORK
    if text.startswith(REMOVABLE_ROOTS):
        return Location.REMOVABLE
    return Location.CLOUD if _has_cloud_marker(posix) else Location.LOCAL


def copy_to_local(path: Path, folder: Path) -> Path:
    """Copy the database at `path` into `folder` under a name not yet taken; returns the copy.

    An SQLite file is copied with the backup API (a consistent snapshot including its WAL);
    anything else byte for byte, so that the open path classifies and refuses it as usual.
    """
    import logging
    import shutil
    import sqlite3
    from datetime import datetime

    folder.mkdir(parents=True, exist_ok=True)
    target = folder / path.name
    if target.exists():
        target = folder / f"{path.stem}-{datetime.now():%Y%m%d-%H%M%S}{path.suffix}"
    partial = target.with_name(target.name + ".partial")
    try:
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            destination = sqlite3.connect(partial)
            try:
                source.backup(destination)
            finally:
                destination.close()
        finally:
            source.close()
    except sqlite3.DatabaseError as exc:
        logging.getLogger(__name__).warning("%s copied byte for byte (%s)", path, exc)
        partial.unlink(missing_ok=True)
        shutil.copyfile(path, partial)
    partial.replace(target)
    return target
