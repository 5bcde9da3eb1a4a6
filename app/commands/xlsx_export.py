"""`reviewdesk export-xlsx`: a year's projects in the submission layout (项目申报表, Excel)."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli import EXIT_OK, CommandError
from app.commands.core import _add_db, _open


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = subparsers.add_parser(
        "export-xlsx",
        help="export a year's projects as a submission workbook / 导出项目申报表（Excel，可再导入）",
    )
    _add_db(export)
    export.add_argument("--year", type=int, required=True, help="project list year / 清单年度")
    export.add_argument("--unit", metavar="UNIT", help="one owner unit (full or short name)")
    export.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE", help=".xlsx file or a folder"
    )
    export.set_defaults(handler=cmd_export_xlsx)


def cmd_export_xlsx(args: argparse.Namespace) -> int:
    from app.services.atomic import OutputFailed, OutputLocked
    from app.services.file_names import output_path, submission_file_name
    from app.services.submission_export import UnknownUnit, write_submission

    if not 2000 <= args.year <= 2100:
        raise CommandError(f"年度无效：{args.year} / invalid year")
    store = _open(args, read_only=True)
    try:
        target = output_path(args.output, submission_file_name(args.year, args.unit))
        path = write_submission(store, args.year, target, unit=args.unit)
    except (OutputLocked, OutputFailed, UnknownUnit) as exc:
        raise CommandError(f"{exc.message_zh} / {exc.message_en}") from None
    finally:
        store.close()
    print(f"已导出{args.year}年度项目申报表 / exported: {path}")
    return EXIT_OK
