"""The quick_check begun early (app.quick_check): classify takes its result only for the file as
it was when the check began, and classifies a damaged file as before."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app import quick_check
from app.models.migrate import DbState, classify


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The paths that classify checked itself (not through a check begun early)."""
    checked: list[Path] = []
    real = quick_check.begun_result

    def spy(path: Path | str) -> str | None:
        result = real(path)
        if result is None:
            checked.append(Path(path))
        return result

    monkeypatch.setattr(quick_check, "begun_result", spy)
    return checked


@pytest.mark.sqlite_only
def test_a_check_begun_early_is_taken_once(demo_db: Path, counted: list[Path]) -> None:
    quick_check.begin(demo_db)
    assert classify(demo_db)[0] == DbState.OK
    assert counted == []  # the early check's result
    assert classify(demo_db)[0] == DbState.OK
    assert counted == [demo_db]  # used once: the next open checks again


@pytest.mark.sqlite_only
def test_a_file_changed_after_the_check_began_is_checked_again(
    demo_db: Path, counted: list[Path]
) -> None:
    quick_check.begin(demo_db)
    conn = sqlite3.connect(demo_db)
    conn.execute("UPDATE units SET name = name || '（改）' WHERE id = 1")
    conn.commit()
    conn.close()
    assert classify(demo_db)[0] == DbState.OK
    assert counted == [demo_db]


@pytest.mark.sqlite_only
def test_a_damaged_file_is_corrupt_with_or_without_an_early_check(
    demo_db: Path, counted: list[Path]
) -> None:
    conn = sqlite3.connect(demo_db)
    conn.execute("PRAGMA journal_mode=DELETE")  # no -wal beside it: the damage is in the file
    conn.close()
    data = bytearray(demo_db.read_bytes())
    page = 4096
    data[page * 3 : page * 3 + 200] = b"\xff" * 200  # a b-tree page overwritten
    demo_db.write_bytes(bytes(data))
    alone = classify(demo_db)[0]
    quick_check.begin(demo_db)
    early = classify(demo_db)[0]
    assert alone == early == DbState.CORRUPT
    assert counted == [demo_db]  # the second one took the early check's verdict


def test_no_check_begins_for_a_missing_file(tmp_path: Path) -> None:
    quick_check.begin(tmp_path / "none.db")
    assert quick_check.begun_result(tmp_path / "none.db") is None
