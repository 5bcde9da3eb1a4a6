"""Expert review subcommands: export-review-packages, import-review-package, open-package,
export-group-opinion."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli import EXIT_OK, CommandError
from app.commands.core import _add_db, _open, _today, command_store
from app.commands.documents import add_draft_options, draft_of, print_refusal


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    out = subparsers.add_parser(
        "export-review-packages", help="one review package per expert of a round / 导出评审包"
    )
    _add_db(out)
    out.add_argument("--round", type=int, required=True, dest="round_id", help="round id")
    out.add_argument("-o", "--output", type=Path, required=True, help="folder")
    out.add_argument("--today", metavar="YYYY-MM-DD", help="date for the findings")
    out.set_defaults(handler=cmd_export_packages)

    back = subparsers.add_parser(
        "import-review-package", help="merge an expert's return package / 导入专家评审包"
    )
    _add_db(back)
    back.add_argument("path", type=Path)
    back.add_argument(
        "--replace", action="store_true", help="confirm replacing the expert's earlier return"
    )
    back.add_argument(
        "--trust-key",
        metavar="FINGERPRINT",
        help="the fingerprint of the return's key, checked with the expert by phone: needed when "
        "the expert has no registered key (it is registered then) / 专家未登记公钥时，核对过的指纹",
    )
    back.set_defaults(handler=cmd_import_package)

    open_ = subparsers.add_parser(
        "open-package", help="reviewer mode: fill the forms of a package / 专家评审模式"
    )
    open_.add_argument("path", type=Path)
    open_.add_argument(
        "--trust-key",
        metavar="FINGERPRINT",
        help="accept a DRC key other than the one this computer knows, after checking its "
        "fingerprint with the DRC / 接受新的发改委密钥（核对指纹后）",
    )
    open_.set_defaults(handler=cmd_open_package)

    group = subparsers.add_parser(
        "export-group-opinion", help="expert group opinion (Word) and scores (Excel) / 专家组意见"
    )
    _add_db(group)
    group.add_argument("--round", type=int, required=True, dest="round_id")
    group.add_argument("-o", "--output", type=Path, help=".docx file or a folder")
    group.add_argument(
        "--xlsx", type=Path, help=".xlsx file (or folder) with every expert's scores"
    )
    group.add_argument("--today", metavar="YYYY-MM-DD")
    add_draft_options(group)
    group.set_defaults(handler=cmd_group_opinion)


def _message(exc: object) -> str:
    return f"{exc.message_zh} / {exc.message_en}"  # type: ignore[attr-defined]


def cmd_export_packages(args: argparse.Namespace) -> int:
    from app.services.atomic import OutputError
    from app.services.editing import Invalid
    from app.services.packages import export_round_packages

    today = _today(args.today)
    with command_store(args, runs=export_round_packages) as store:
        try:
            paths = export_round_packages(store, args.round_id, args.output, today=today)
        except (Invalid, OutputError) as exc:
            raise CommandError(_message(exc)) from None
    for path in paths:
        print(path)
    print(f"已导出 {len(paths)} 个评审包 / exported {len(paths)} review packages")
    return EXIT_OK


def cmd_import_package(args: argparse.Namespace) -> int:
    from app.services.packages import NeedsConfirmation, PackageRefused, merge_return

    with command_store(args, runs=merge_return) as store:
        try:
            result = merge_return(
                store, args.path, confirm_replace=args.replace, trust_key=args.trust_key
            )
        except PackageRefused as exc:
            raise CommandError(f"评审包被拒绝，数据库未作任何修改：{exc.message_zh} / package refused, nothing was changed: {exc.message_en}") from None  # fmt: skip
        except NeedsConfirmation as exc:
            plan = exc.plan
            lines = [f"  {d.project} · {d.item}: {d.before or '—'} → {d.after or '—'}" for d in plan.differences]  # fmt: skip
            raise CommandError("\n".join([f"{plan.expert_name} 已返回过该批次的评审意见，差异如下（使用 --replace 确认替换） / this expert already returned this round; differences (confirm with --replace):", *lines])) from None  # fmt: skip
    if result.key_registered:
        print(f"已登记专家公钥 / expert key registered: {args.trust_key}")
    verb = "已替换 / replaced" if result.replaced else "已导入 / merged"
    print(f"{verb}: {result.expert_name}, {result.projects} 个项目 / projects (round {result.round_id})")  # fmt: skip
    return EXIT_OK


def cmd_open_package(args: argparse.Namespace) -> int:
    from app.services.packages import PackageRefused, ReviewerWorkspace

    try:
        workspace = ReviewerWorkspace.open(args.path, trust_drc_key=args.trust_key)
    except PackageRefused as exc:
        raise CommandError(_message(exc)) from None
    from PySide6.QtCore import QSettings

    from app.ui.app import choose_language, install_translators, make_app
    from app.ui.reviewer_window import ReviewerWindow

    app = make_app([])
    install_translators(app, choose_language(QSettings()))
    window = ReviewerWindow(workspace)
    window.show()
    return int(app.exec())


def cmd_group_opinion(args: argparse.Namespace) -> int:
    from app.services.atomic import OutputError
    from app.services.editing import Invalid
    from app.services.file_names import (
        group_opinion_file_name,
        output_path,
        round_name,
        scores_file_name,
    )
    from app.services.group_opinion import write_group_opinion, write_scores_xlsx
    from app.services.opinion_gate import OpinionRefused

    if args.output is None and args.xlsx is None:
        raise CommandError("请指定 -o 或 --xlsx / give -o and/or --xlsx")
    draft = draft_of(args)
    store = _open(args, read_only=draft is None)  # a draft writes its audit entry
    try:
        name = round_name(store, args.round_id)
        if args.output is not None:
            target = output_path(args.output, group_opinion_file_name(name, draft=draft is not None))  # fmt: skip
            print(write_group_opinion(store, args.round_id, target, today=_today(args.today), draft=draft))  # fmt: skip
        if args.xlsx is not None:
            print(write_scores_xlsx(store, args.round_id, output_path(args.xlsx, scores_file_name(name))))  # fmt: skip
    except LookupError:
        raise CommandError(f"评审批次不存在：{args.round_id} / no round {args.round_id}") from None
    except OpinionRefused as refused:
        return print_refusal(refused.gate)
    except (OutputError, Invalid) as exc:
        raise CommandError(_message(exc)) from None
    finally:
        store.close()
    return EXIT_OK
