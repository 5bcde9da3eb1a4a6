"""`reviewdesk` command line: argparse only, no business logic of its own.

With no subcommand it opens the GUI. Exit codes: 0 success, 1 findings of severity
error or blocker when asked with --fail-on, 2 bad input.
"""

from __future__ import annotations

import argparse
import codecs
import importlib
import io
import sys
from collections.abc import Sequence

from app import __version__
from app.commands import command_modules
from app.rules import regulation

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


class CommandError(Exception):
    """Bad input: printed on stderr, exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reviewdesk",
        description=f"ReviewDesk 政务信息化项目评审工作台（依据{regulation.FULL}）",
    )
    parser.add_argument("--version", action="version", version=f"ReviewDesk {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="database file or SQLAlchemy URL (default: $REVIEWDESK_DB or the user data folder)",
    )
    parser.add_argument(
        "--role",
        choices=("drc", "reviewer"),
        help="drc: DRC staff, every operation (default); reviewer: expert, reads, exports and "
        "own review forms only / 角色：drc 工作人员（默认），reviewer 评审专家",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in command_modules():
        importlib.import_module(module_name).register(subparsers)
    return parser


def survive_console() -> None:
    """Console output must never kill a command. Without UTF-8 mode (`python -m app` on Windows;
    the bundle sets it) a pipe, a redirect or PYTHONIOENCODING uses the ANSI code page: cp1252
    cannot encode Chinese at all and cp936 (GBK) lacks some characters, and printing one raised
    UnicodeEncodeError after the work was done. Characters the encoding lacks are written as
    `\\uXXXX` escapes instead: nothing is lost, and `check --json` stays valid JSON."""
    for stream in (sys.stdout, sys.stderr):
        if (
            isinstance(stream, io.TextIOWrapper)
            # the defaults: strict, and on Windows always surrogateescape (which only passes
            # undecodable bytes of file names through); PYTHONIOENCODING=enc:replace is left be
            and stream.errors in ("strict", "surrogateescape")
            and codecs.lookup(stream.encoding).name not in ("utf-8", "utf-16", "utf-32")
        ):
            stream.reconfigure(errors="backslashreplace")


def _check_early(db: str | None) -> None:
    """The database the GUI opens (`--db`, $REVIEWDESK_DB, else the last one or the default, as
    app.ui.app.run_gui chooses) gets its quick_check begun now, beside the GUI's imports
    (app.quick_check); a server URL has none."""
    import os
    from pathlib import Path

    from app import quick_check
    from app.paths import DB_ENV, default_db_path

    value = db or os.environ.get(DB_ENV)
    if value is None:
        from PySide6.QtCore import QSettings

        last = str(QSettings("ReviewDesk", "ReviewDesk").value("files/last", "") or "")
        value = last if last and Path(last).exists() else str(default_db_path())
    if "://" not in value:
        quick_check.begin(Path(os.path.abspath(Path(value).expanduser())))


def main(argv: Sequence[str] | None = None) -> int:
    if getattr(sys, "frozen", False):  # the bundle: a child process of the kept findings'
        import multiprocessing  # full check (app.services.kept) starts here, runs, and exits

        multiprocessing.freeze_support()
    survive_console()
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    try:
        if handler is None:
            _check_early(args.db)
            from app.ui.app import run_gui

            return run_gui(
                args.db, list(argv) if argv is not None else sys.argv[1:], role=args.role
            )
        result: int = handler(args)
        return result
    except CommandError as exc:
        print(f"reviewdesk: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:
        from app.models.db import StoreError  # e.g. PermissionDenied for --role reviewer

        if not isinstance(exc, StoreError):
            raise
        print(f"reviewdesk: {exc.message_zh} / {exc.message_en}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    raise SystemExit(main())
