"""`reviewdesk import-ledger` and `reviewdesk import-plan`: an office's own spreadsheets in.

import-ledger FILE [--sheet S] [--mapping M.json] [--save-mapping M.json] [--unit 万元]
              [--year 2024] [--default-type 新建] [--dry-run] [--valid-rows-only]
    proposes (or loads) the column mapping, checks every row, prints the problems by sheet!cell,
    the skipped rows and the units to be created, then imports (nothing with --dry-run; nothing
    when a row has a problem, unless --valid-rows-only).
import-plan FILE [--sheet S] [--year 2027] [--dry-run] [--valid-rows-only]
    compares an edited plan table exported by ReviewDesk with the database and prints the change
    list and the unmatched rows, then applies every change (one audit entry with the file hash).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli import EXIT_BAD_INPUT, EXIT_OK, CommandError
from app.commands.core import _add_db, command_store


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ledger = subparsers.add_parser(
        "import-ledger", help="import an existing ledger (xlsx, xls, WPS, CSV) / 导入已有台账"
    )
    _add_db(ledger)
    ledger.add_argument("path", type=Path, metavar="FILE")
    ledger.add_argument("--sheet", help="sheet name (default: the first with a header) / 工作表")
    ledger.add_argument("--mapping", type=Path, metavar="M.json",
                        help="column mapping saved from the import dialog or --save-mapping / 列映射文件")  # fmt: skip
    ledger.add_argument("--save-mapping", type=Path, metavar="M.json",
                        help="write the mapping used to this file / 保存列映射")  # fmt: skip
    ledger.add_argument("--unit", choices=("元", "万元", "亿元"),
                        help="money unit of columns whose header names none / 金额单位")  # fmt: skip
    ledger.add_argument(
        "--year", type=int, help="year when the file has no year column or title / 年度"
    )
    ledger.add_argument("--default-type", default=None,
                        help="construction type when the ledger has none (新建, 改扩建, 续建, 购买服务, 运行维护)")  # fmt: skip
    ledger.add_argument(
        "--dry-run", action="store_true", help="check and preview only / 只检查，不导入"
    )
    ledger.add_argument(
        "--valid-rows-only",
        action="store_true",
        help="import the rows without problems / 只导入无误的行",
    )
    ledger.set_defaults(handler=cmd_import_ledger)

    plan = subparsers.add_parser(
        "import-plan", help="bring back an edited plan table / 导入修改后的计划表（修改清单）"
    )
    _add_db(plan)
    plan.add_argument("path", type=Path, metavar="FILE")
    plan.add_argument("--sheet", help="sheet name / 工作表")
    plan.add_argument("--year", type=int, help="the table's year when its title is gone / 年度")
    plan.add_argument("--dry-run", action="store_true", help="list the changes only / 只列出修改")
    plan.add_argument("--valid-rows-only", action="store_true",
                      help="apply even if some cells cannot be read (their rows are left out)")  # fmt: skip
    plan.set_defaults(handler=cmd_import_plan)


def _failed(exc: Any) -> CommandError:
    return CommandError(f"{exc.message_zh} / {exc.message_en}")


def cmd_import_ledger(args: argparse.Namespace) -> int:
    from app.models.db import StoreError
    from app.rules.facts import ConstructionType
    from app.rules.money import format_wan
    from app.services.ledger_import import (
        FIELD_BY_KEY,
        apply_saved,
        check_ledger,
        import_ledger,
        load_mapping,
        propose,
        remember_mapping,
        save_mapping,
    )
    from app.services.roles import refuse_unless_allowed
    from app.services.xlsx_reader import ImportFailed

    refuse_unless_allowed(import_ledger, getattr(args, "role", None))  # before any file is read
    if args.year is not None and not 2000 <= args.year <= 2100:
        raise CommandError(f"年度无效：{args.year} / invalid year")
    try:
        proposal = propose(args.path, args.sheet)
        if args.mapping is not None:
            for header in apply_saved(proposal, load_mapping(args.mapping)):
                print(
                    f"映射中的列“{header}”在文件中找不到 / a column of the mapping is not in the file",
                    file=sys.stderr,
                )
    except ImportFailed as exc:
        raise _failed(exc) from None
    options = proposal.options
    if args.unit:
        options.money_unit = args.unit
    if args.year:
        options.year = args.year
    if args.default_type:
        try:
            options.default_type = ConstructionType(args.default_type)
        except ValueError:
            raise CommandError(
                f"建设性质无效：{args.default_type} / invalid construction type"
            ) from None
    header = proposal.header
    print(f"{proposal.path.name}「{proposal.sheet}」：表头第{header.first_row}—{header.last_row}行"
          f" / header rows {header.first_row}–{header.last_row}")  # fmt: skip
    for index, key in sorted(options.mapping.items()):
        unit = proposal.column_units.get(index) or proposal.sheet_unit or options.money_unit
        money = f"（{unit}）" if FIELD_BY_KEY[key].kind == "money" and unit else ""
        print(
            f"  {proposal.letter(index)} {header.label(index)} → {FIELD_BY_KEY[key].label_zh}{money}"
        )
    with command_store(args, create=True, runs=import_ledger) as store:
        try:
            if args.save_mapping is not None:
                save_mapping(args.save_mapping, proposal, options)
                print(f"已保存列映射 / mapping saved: {args.save_mapping}")
            with store.read() as session:
                report = check_ledger(proposal, options, session)
            for skipped in report.skipped:
                print(f"  跳过第{skipped.row}行（{skipped.reason_zh}）{skipped.text}")
            problems = [
                f"{p.cell}: {p.message_zh}{'' if p.blocking else '（提示）'} / "
                f"{p.message_en}{'' if p.blocking else ' (note)'}"
                for p in report.problems
            ]
            for name in report.new_units:
                print(f"  将新建单位 / new unit: {name}")
            for row in report.rows[:10]:
                action = f"更新 {row.project_code}" if row.project_id is not None else "新建"
                print(
                    f"  第{row.row}行 {action} {row.name}｜{row.unit_name}｜{row.year}｜总投资 {format_wan(row.total_yuan)} 万元"
                )
            print(f"可导入 {len(report.rows)} 行：新建 {report.created} 个，更新 {report.updated} 个；有问题 {len(report.bad_rows)} 行"
                  f" / {len(report.rows)} rows ready, {report.created} new, {report.updated} updates, "
                  f"{len(report.bad_rows)} with problems")  # fmt: skip
            if args.dry_run:
                for line in problems:
                    print(line, file=sys.stderr)
                print("试运行：数据库未作任何修改 / dry run: nothing written")
                return EXIT_BAD_INPUT if report.blocking else EXIT_OK
            result = import_ledger(store, proposal, options, valid_rows_only=args.valid_rows_only)
            if result.refused:
                raise CommandError(
                    "\n".join([*problems, "导入被拒绝，数据库未作任何修改 / nothing was imported"])
                )
            remember_mapping(proposal, options)
        except (ImportFailed, StoreError) as exc:
            raise _failed(exc) from None
    for line in problems:
        print(line, file=sys.stderr)
    units = f"，新建单位 {len(result.units_created)} 个" if result.units_created else ""
    print(f"新建 {result.created} 个，更新 {result.updated} 个，未导入 {result.skipped} 行{units} / "
          f"created {result.created}, updated {result.updated}, skipped {result.skipped}")  # fmt: skip
    return EXIT_OK


def cmd_import_plan(args: argparse.Namespace) -> int:
    from app.models.db import StoreError
    from app.rules.money import format_wan
    from app.services.plan_import import apply_plan_changes, read_plan_changes
    from app.services.xlsx_reader import ImportFailed

    def shown(change: Any, value: Any) -> str:
        if value is None:
            return "—"
        return (
            f"{format_wan(value, 4)} 万元"
            if change.is_money and isinstance(value, int)
            else str(value)
        )

    runs = None if args.dry_run else apply_plan_changes
    with command_store(args, runs=runs) as store:
        try:
            reading = read_plan_changes(store, args.path, sheet=args.sheet, year=args.year)
            actions = {
                "changed": ("修改", "changed"),
                "added": ("新增", "added"),
                "removed": ("删除", "removed"),
            }
            print(f"{reading.path.name}「{reading.sheet}」：{reading.year}年{reading.title_zh}，"
                  f"{len(reading.changes)} 处修改 / {len(reading.changes)} change(s)")  # fmt: skip
            for c in reading.changes:
                print(f"  {actions[c.action][0]} {c.code} {c.project_name} {c.year}年 {c.label_zh}："
                      f"{shown(c, c.old)} → {shown(c, c.new)} {c.cell}")  # fmt: skip
            for u in reading.unmatched:
                print(f"未匹配：{u.cell} {u.name}（{u.unit_name or '—'}）{u.reason_zh} / "
                      f"unmatched row {u.row}: {u.reason_en}", file=sys.stderr)  # fmt: skip
            for p in reading.problems:
                print(
                    f"{p.cell}: {p.message_zh} / row {p.row}, column {p.column}: {p.message_en}",
                    file=sys.stderr,
                )
            if args.dry_run or not reading.changes:
                print("数据库未作任何修改 / nothing written")
                return EXIT_OK
            if reading.problems and not args.valid_rows_only:
                raise CommandError("有无法读取的单元格，未作任何修改（可用 --valid-rows-only 应用其余修改）/ "
                                   "nothing written: some cells cannot be read (--valid-rows-only applies the rest)")  # fmt: skip
            with store.write() as session:
                applied = apply_plan_changes(session, reading, reading.changes)
        except (ImportFailed, StoreError) as exc:
            raise _failed(exc) from None
    print(f"已应用 {applied.applied} 处修改，涉及 {len(applied.project_ids)} 个项目 / "
          f"{applied.applied} change(s) applied to {len(applied.project_ids)} project(s)")  # fmt: skip
    return EXIT_OK
