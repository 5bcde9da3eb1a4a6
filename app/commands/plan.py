"""`reviewdesk export-plan`: the plan tables in Excel (项目清单, 投资计划, 滚动计划, 预算对照)."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli import EXIT_OK, CommandError
from app.commands.core import _add_db, _open, _today

PLAN_KINDS = ("list", "plan", "rolling", "reconciliation")
KIND_LABELS = {
    "list": "项目清单",
    "plan": "年度投资计划表",
    "rolling": "三年滚动计划表",
    "reconciliation": "预算与计划对照表",
}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = subparsers.add_parser(
        "export-plan", help="export a plan table to Excel / 导出计划表（Excel）"
    )
    _add_db(export)
    export.add_argument("--year", type=int, required=True, help="plan year (rolling: first year)")
    export.add_argument("--kind", choices=PLAN_KINDS, required=True, help="which table")
    export.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE", help=".xlsx file or a folder"
    )
    export.add_argument("--today", metavar="YYYY-MM-DD", help="date for findings and the footer")
    export.set_defaults(handler=cmd_export_plan)


def cmd_export_plan(args: argparse.Namespace) -> int:
    from app.services.atomic import OutputFailed, OutputLocked
    from app.services.file_names import output_path, plan_file_name
    from app.services.plan_tables import write_plan

    today = _today(args.today)
    if not 1900 <= args.year <= 9999:
        raise CommandError(f"年度无效：{args.year} / invalid year")
    store = _open(args, read_only=True)
    try:
        target = output_path(args.output, plan_file_name(args.year, args.kind))
        path = write_plan(store, args.year, args.kind, target, today=today)
    except (OutputLocked, OutputFailed) as exc:
        raise CommandError(f"{exc.message_zh} / {exc.message_en}") from None
    finally:
        store.close()
    print(f"已导出{KIND_LABELS[args.kind]} / exported: {path}")
    return EXIT_OK
