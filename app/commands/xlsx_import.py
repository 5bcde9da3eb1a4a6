"""`reviewdesk template` and `reviewdesk import-xlsx`: department submissions in Excel."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from app.cli import EXIT_BAD_INPUT, EXIT_OK, CommandError
from app.commands.core import _add_db, command_store


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    template = subparsers.add_parser(
        "template", help="write the blank submission template / 导出项目申报模板（Excel）"
    )
    template.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE", help=".xlsx file or a folder"
    )
    template.add_argument("--year", type=int, help="申报年度 (default: next year)")
    template.set_defaults(handler=cmd_template)

    imp = subparsers.add_parser(
        "import-xlsx", help="import a department submission / 导入项目申报表（Excel）"
    )
    _add_db(imp)
    imp.add_argument("path", type=Path, metavar="FILE")
    imp.add_argument(
        "--valid-rows-only",
        action="store_true",
        help="import the valid rows and report the others / 只导入无误的行",
    )
    imp.set_defaults(handler=cmd_import_xlsx)


def cmd_template(args: argparse.Namespace) -> int:
    from app.reports.submission_xlsx import write_template
    from app.services.atomic import OutputFailed, OutputLocked
    from app.services.file_names import output_path, template_file_name

    year = args.year if args.year is not None else date.today().year + 1
    if not 2000 <= year <= 2100:
        raise CommandError(f"年度无效：{year} / invalid year")
    try:
        path = write_template(output_path(args.output, template_file_name(year)), year=year)
    except (OutputLocked, OutputFailed) as exc:
        raise CommandError(f"{exc.message_zh} / {exc.message_en}") from None
    print(f"已导出{year}年度项目申报模板 / template written: {path}")
    return EXIT_OK


def cmd_import_xlsx(args: argparse.Namespace) -> int:
    from app.services.submission_import import ImportFailed, import_submission

    with command_store(args, create=True, runs=import_submission) as store:
        try:
            result = import_submission(store, args.path, valid_rows_only=args.valid_rows_only)
        except ImportFailed as exc:
            raise CommandError(f"{exc.message_zh} / {exc.message_en}") from None
        lines = [
            f"{issue.cell}: {issue.message_zh} / {issue.message_en}" for issue in result.issues
        ]
        if lines and not (result.created or result.updated):
            raise CommandError("\n".join([*lines, "导入被拒绝，数据库未作任何修改 / nothing was imported"]))  # fmt: skip
    for line in lines:
        print(line, file=sys.stderr)
    print(
        f"新建 {result.created} 个，更新 {result.updated} 个，未导入 {result.skipped} 行 / "
        f"created {result.created}, updated {result.updated}, skipped {result.skipped}"
    )
    return EXIT_BAD_INPUT if result.issues else EXIT_OK
