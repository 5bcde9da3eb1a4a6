"""The command line on consoles that are not UTF-8, and databases named as the user typed them.

Windows without UTF-8 mode (`py tools\\dev.py run` runs `python -m app demo`) gives a pipe or a
redirect the ANSI code page: cp1252 on a Western install cannot encode Chinese at all, cp936 on a
Chinese one lacks some characters. These run the real `python -m app` in a subprocess with
PYTHONIOENCODING set, UTF-8 mode off, on a folder with Chinese characters and spaces (as
C:\\Users\\张三\\Documents\\评审 数据\\); the Windows bundle gets the same under Wine
(tools/wine_build.py).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path, PureWindowsPath

import pytest
from sqlalchemy.engine import URL

from app.models.db import describe_db, resolve_url, sqlite_path
from app.services.store import open_store

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-25"
ENCODINGS = ("cp1252", "cp936", "utf-8")


def run_cli(encoding: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, PYTHONIOENCODING=encoding, PYTHONUTF8="0", PYTHONPATH=str(ROOT))
    env.pop("PYTHONLEGACYWINDOWSSTDIO", None)
    return subprocess.run(
        [sys.executable, "-X", "utf8=0", "-m", "app", *args],
        capture_output=True, cwd=cwd, env=env, timeout=240,
    )  # fmt: skip


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "张三" / "评审 数据"
    path.mkdir(parents=True)
    return path


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_demo_check_and_errors_survive_the_console_encoding(
    encoding: str, folder: Path, demo_db: Path
) -> None:
    db = folder / "演示 数据库.db"
    demo = run_cli(encoding, "demo", "--db", str(db), "--today", TODAY, cwd=folder)
    assert demo.returncode == 0, demo.stderr.decode(encoding, "replace")
    printed = demo.stdout.decode(encoding)  # what the console shows, in its own encoding
    assert "demo database created" in printed
    if encoding != "cp1252":  # cp936 and UTF-8 show the Chinese as it is
        assert f"演示数据库已创建 / demo database created: {db} (" in printed
    else:  # what cp1252 cannot show is escaped, not lost: the escapes give the text back
        assert printed.encode("ascii").decode("unicode_escape") == (
            f"演示数据库已创建 / demo database created: {db} ("
            + printed.split(" (", 1)[1].replace("\r", "")
        )

    # JSON stays JSON and the Chinese in it survives, whatever the console
    shutil.copy(demo_db, folder / "demo.db")
    check = run_cli(
        encoding, "check", "--db", str(folder / "demo.db"), "--today", TODAY, "--json", cwd=folder
    )
    assert check.returncode == 0, check.stderr.decode(encoding, "replace")
    records = json.loads(check.stdout.decode(encoding))
    assert len(records) > 100
    assert any("不得" in r["message"] for r in records)

    # bad input: the message names the file as typed, on stderr, exit 2
    again = run_cli(encoding, "demo", "--db", str(db), cwd=folder)
    assert again.returncode == 2
    error = again.stderr.decode(encoding)
    if encoding == "cp1252":
        error = error.encode("ascii").decode("unicode_escape")
    assert f"文件已存在：{db}（使用 --force 覆盖） / {db} exists (use --force)" in error


def test_help_survives_cp1252() -> None:
    result = run_cli("cp1252", "--help", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "ReviewDesk \\u653f\\u52a1" in result.stdout.decode("cp1252")  # 政务, escaped


def test_windows_default_error_handler_is_no_excuse() -> None:
    """Python on Windows opens stdio with errors=surrogateescape, which encodes no Chinese."""
    result = run_cli("cp1252:surrogateescape", "--help", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "ReviewDesk \\u653f\\u52a1" in result.stdout.decode("cp1252")


def test_an_explicit_error_handler_is_left_alone() -> None:
    result = run_cli("cp1252:replace", "--help", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "ReviewDesk ??" in result.stdout.decode("cp1252")


# ------------------------------------------------------------------ the database as typed


def test_a_windows_path_is_shown_as_typed() -> None:
    typed = r"C:\Users\张三\Documents\评审 数据\reviewdesk.db"
    url = URL.create("sqlite", database=typed).render_as_string(hide_password=False)
    assert "%" in url  # what messages showed before: sqlite:///C%3A%5CUsers%5C%E5%BC%A0...
    assert describe_db(url) == typed
    assert str(PureWindowsPath(str(sqlite_path(url)))) == typed


def test_a_server_is_shown_without_its_password() -> None:
    shown = describe_db("postgresql+psycopg://reviewdesk:secret@10.0.0.5/reviewdesk")
    assert "secret" not in shown
    assert shown.startswith("postgresql+psycopg://reviewdesk:***@10.0.0.5")


@pytest.mark.parametrize("name", ["a%20b.db", "评审 数据?#.db", "100%.db"])
def test_a_file_name_that_looks_like_url_syntax_opens_that_file(tmp_path: Path, name: str) -> None:
    """`sqlite:///…/a%20b.db` is the file `a b.db` to SQLAlchemy, and `…/x?.db` the file `x`."""
    typed = tmp_path / name
    url = resolve_url(str(typed))
    assert describe_db(url) == str(typed)
    store = open_store(str(typed), create=True)
    try:
        assert store.path == typed
    finally:
        store.close()
    assert typed.is_file()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".db") == [name]


def test_a_path_through_a_symlink_is_shown_as_typed(tmp_path: Path) -> None:
    """Made absolute, not resolved: the message names the folder the user knows."""
    (tmp_path / "真实").mkdir()
    (tmp_path / "评审 数据").symlink_to(tmp_path / "真实", target_is_directory=True)
    typed = tmp_path / "评审 数据" / "x.db"
    assert describe_db(resolve_url(str(typed))) == str(typed)
    relative = Path("评审 数据") / "y.db"
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        assert describe_db(resolve_url(str(relative))) == str(tmp_path / relative)
    finally:
        os.chdir(cwd)
