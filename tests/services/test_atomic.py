"""The atomic writer keeps the old file on any failure; locked targets retry then report."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from app.services import atomic
from app.services.atomic import (
    OutputFailed,
    OutputLocked,
    atomic_write_bytes,
    atomic_writer,
    cleanup_stale_temp,
    sanitize_text,
)


def leftovers(folder: Path) -> list[Path]:
    return list(folder.glob(".~rd-*"))


def test_success_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"old")
    atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"new" and not leftovers(tmp_path)


def test_failure_while_writing_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_writer(target) as handle:
        handle.write(b"half")
        raise RuntimeError("writer crashed")
    assert target.read_bytes() == b"old" and not leftovers(tmp_path)


def test_disk_full_is_reported_and_old_file_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"old")

    def full(*_a: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputFailed) as info:
        atomic_write_bytes(target, b"new")
    assert "磁盘空间不足" in info.value.message_zh
    assert target.read_bytes() == b"old" and not leftovers(tmp_path)


def test_locked_target_retries_then_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"old")
    attempts: list[int] = []

    def locked(*_a: object) -> None:
        attempts.append(1)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", locked)
    now = [0.0]
    with pytest.raises(OutputLocked) as info:
        atomic_write_bytes(
            target, b"new", sleep=lambda s: now.__setitem__(0, now[0] + s), clock=lambda: now[0]
        )
    assert len(attempts) > 5 and "占用" in info.value.message_zh
    assert target.read_bytes() == b"old" and not leftovers(tmp_path)


def test_lock_released_during_retry_succeeds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.xlsx"
    real_replace = os.replace
    calls = {"n": 0}

    def flaky(src: str, dst: str) -> None:
        calls["n"] += 1
        if calls["n"] < 3:
            raise PermissionError(13, "in use")
        real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", flaky)
    atomic_write_bytes(target, b"new", sleep=lambda s: None)
    assert target.read_bytes() == b"new"


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(OutputFailed) as info:
        atomic_write_bytes(tmp_path / "nope" / "x.pdf", b"x")
    assert "不存在" in info.value.message_zh


def test_sanitize_and_cleanup(tmp_path: Path) -> None:
    assert sanitize_text("a\x00b\x07c\td\ne\ufffe") == "abc\td\ne"
    stale = tmp_path / ".~rd-1-2-old.xlsx"
    stale.write_bytes(b"x")
    os.utime(stale, (1, 1))
    fresh = tmp_path / ".~rd-1-3-new.xlsx"
    fresh.write_bytes(b"x")
    assert cleanup_stale_temp(tmp_path) == 1
    assert not stale.exists() and fresh.exists()


class FailingFile:
    """A file object whose n-th write raises ENOSPC (KeePassXC's FailDevice idea)."""

    def __init__(self, real: Any, fail_at: int) -> None:
        self.real, self.fail_at, self.writes = real, fail_at, 0

    def write(self, data: bytes) -> int:
        self.writes += 1
        if self.writes >= self.fail_at:
            raise OSError(errno.ENOSPC, "No space left on device")
        return int(self.real.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def __enter__(self) -> FailingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.real.close()


@pytest.mark.parametrize("fail_at", [1, 2, 4, 8])
def test_disk_full_at_the_nth_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_at: int
) -> None:
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"old contents \x00\xff")
    real_open = open
    monkeypatch.setattr(
        atomic, "open", lambda *a, **k: FailingFile(real_open(*a, **k), fail_at), raising=False
    )
    with pytest.raises(OutputFailed) as info, atomic_writer(target) as handle:
        for _ in range(10):
            handle.write(b"chunk" * 1000)
    assert "磁盘空间不足" in info.value.message_zh and "Disk full" in info.value.message_en
    assert target.read_bytes() == b"old contents \x00\xff" and not leftovers(tmp_path)


def test_other_replace_errors_are_not_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"old")
    calls: list[int] = []

    def broken(*_a: object) -> None:
        calls.append(1)
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(atomic.os, "replace", broken)
    with pytest.raises(OutputFailed) as info:
        atomic_write_bytes(target, b"new", sleep=lambda s: pytest.fail("no retry expected"))
    assert calls == [1] and "原文件保持不变" in info.value.message_zh
    assert target.read_bytes() == b"old" and not leftovers(tmp_path)


def test_windows_sharing_violation_retries_about_two_and_a_half_seconds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"old")

    def sharing_violation(*_a: object) -> None:
        exc = OSError(errno.EACCES, "The process cannot access the file")
        exc.winerror = 32  # type: ignore[attr-defined]
        raise exc

    monkeypatch.setattr(atomic.os, "replace", sharing_violation)
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    with pytest.raises(OutputLocked) as info:
        atomic_write_bytes(target, b"new", sleep=sleep, clock=lambda: now[0])
    assert 2.4 <= sum(slept) <= 3.0
    assert info.value.message_zh.startswith(
        "文件被其他程序占用（可能已在 Excel/Word 中打开），请关闭后重试或另存为"
    )
    assert info.value.path == target and info.value.message_en
    assert target.read_bytes() == b"old" and not leftovers(tmp_path)


def test_sanitize_edge_cases() -> None:
    assert sanitize_text(None) == ""
    assert sanitize_text(12) == "12"
    assert sanitize_text("a\rb\x0bc\x1fd\ud800e\uffff区") == "a\rbcde区"


def test_cleanup_leaves_other_files(tmp_path: Path) -> None:
    other = tmp_path / "old-report.xlsx"
    other.write_bytes(b"x")
    os.utime(other, (1, 1))
    assert cleanup_stale_temp(tmp_path) == 0 and other.exists()
    assert cleanup_stale_temp(tmp_path / "missing") == 0
