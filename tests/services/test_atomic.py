"""The atomic writer keeps the old file on any failure; locked targets retry then report."""

from __future__ import annotations

import errno
import os
from pathlib import Path

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
