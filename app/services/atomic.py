"""Safe writing for every export: temp file in the same folder, fsync, atomic replace.

A failed save never destroys the previous file. A target held open by another program
(Excel or Word on Windows: WinError 5/32/33) is retried for about 2.5 s, then reported as
`OutputLocked`; other OS errors (disk full, missing folder) become `OutputFailed`. Both carry
a Chinese and an English message. `sanitize_text` is the one sanitizer for exported text.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

log = logging.getLogger(__name__)
TEMP_PREFIX = ".~rd-"
LOCK_RETRY_SECONDS = 2.5
RETRY_INTERVAL = 0.25
WINDOWS_LOCK_ERRORS = {5, 32, 33}  # access denied, sharing violation, lock violation

#: characters that are not XML 1.0 `Char` (tab, newline and carriage return are allowed)
_NOT_XML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def sanitize_text(value: object, field: str | None = None) -> str:
    """Text safe for docx/xlsx/pdf: characters XML 1.0 forbids are removed, not fatal.

    `field` names where the text goes ("project_name", "计划表!C5 项目名称"); the log line of
    a removal carries it and the positions of the removed characters, so that a missing
    character in an export can be traced to its field. Never the text itself: it may be
    personal data (a responsible person's phone number), and logs must hold none (SEC-5).
    """
    text = "" if value is None else str(value)
    found = list(_NOT_XML_CHAR.finditer(text))
    if found:
        codes = " ".join(f"U+{ord(m.group()):04X}@{m.start() + 1}" for m in found[:10])
        clean = _NOT_XML_CHAR.sub("", text)
        log.info(
            "removed %d character(s) not allowed in XML (%s) from field %s (%d characters)",
            len(found),
            codes,
            field or "(unnamed)",
            len(text),
            extra={"field": field},
        )
        return clean
    return text


class OutputError(Exception):
    def __init__(self, path: Path, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.path = path
        self.message_zh = message_zh
        self.message_en = message_en


class OutputLocked(OutputError):
    """The target is open in another program (Excel keeps files locked on Windows)."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            path,
            f"文件被其他程序占用（可能已在 Excel/Word 中打开），请关闭后重试或另存为：{path}",
            f"The file is in use by another program (open in Excel/Word/WPS?). Close it and retry, or save under another name: {path}",
        )


class OutputFailed(OutputError):
    """Any other failure to write; the previous file is intact."""


def _is_lock_error(exc: OSError) -> bool:
    winerror = getattr(exc, "winerror", None)
    return isinstance(exc, PermissionError) or winerror in WINDOWS_LOCK_ERRORS


def _failed(path: Path, exc: OSError) -> OutputFailed:
    if exc.errno == errno.ENOSPC:
        return OutputFailed(path, f"磁盘空间不足，文件未保存，原文件保持不变：{path}", f"Disk full: {path} was not saved; the previous file is unchanged.")  # fmt: skip
    if exc.errno == errno.ENOENT:
        return OutputFailed(
            path, f"保存位置不存在：{path.parent}", f"The folder does not exist: {path.parent}"
        )
    return OutputFailed(path, f"文件未能保存（{exc.strerror or exc}），原文件保持不变：{path}", f"{path} could not be saved ({exc.strerror or exc}); the previous file is unchanged.")  # fmt: skip


@contextmanager
def atomic_writer(
    path: str | Path,
    *,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[BinaryIO]:
    """Yield a binary file; on success it replaces `path` atomically, on failure nothing changes."""
    target = Path(path)
    if not target.parent.is_dir():
        raise OutputFailed(
            target,
            f"保存位置不存在：{target.parent}",
            f"The folder does not exist: {target.parent}",
        )
    temp = target.parent / f"{TEMP_PREFIX}{os.getpid()}-{time.time_ns()}-{target.name[-80:]}"
    try:
        with open(temp, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        deadline = clock() + LOCK_RETRY_SECONDS
        while True:
            try:
                os.replace(temp, target)
                break
            except OSError as exc:
                if not _is_lock_error(exc):
                    raise
                if clock() >= deadline:
                    raise OutputLocked(target) from exc
                sleep(RETRY_INTERVAL)
        _sync_folder(target.parent)
    except OutputError:
        temp.unlink(missing_ok=True)
        raise
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise _failed(target, exc) from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def atomic_write_bytes(
    path: str | Path,
    data: bytes,
    *,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> None:
    """Write `data` to `path` atomically (see `atomic_writer`)."""
    with atomic_writer(path, sleep=sleep, clock=clock) as handle:
        handle.write(data)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no directory handles for this."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def cleanup_stale_temp(folder: str | Path, *, older_than_seconds: float = 3600.0) -> int:
    """Remove temp files left by an interrupted save (called at start-up). Returns the count."""
    removed = 0
    now = time.time()
    for candidate in Path(folder).glob(f"{TEMP_PREFIX}*"):
        try:
            if now - candidate.stat().st_mtime > older_than_seconds:
                candidate.unlink()
                removed += 1
        except OSError as exc:  # still in use, or already gone: try again next start
            log.info("temp file %s not removed: %s", candidate, exc)
    return removed
