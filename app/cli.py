"""`reviewdesk` command line: argparse only, no business logic of its own.

With no subcommand it opens the GUI. Exit codes: 0 success, 1 findings of severity
error or blocker when asked with --fail-on, 2 bad input.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from app import __version__
from app.commands import command_modules

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


class CommandError(Exception):
    """Bad input: printed on stderr, exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reviewdesk",
        description="ReviewDesk 政务信息化项目评审工作台 (江津府办发〔2022〕154号)",
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    try:
        if handler is None:
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
