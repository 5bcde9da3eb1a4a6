"""Key subcommands: export-expert-key (the expert's side), register-expert-key (the DRC's)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli import EXIT_OK, CommandError
from app.commands.core import _add_db, command_store


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = subparsers.add_parser(
        "export-expert-key",
        help="write this computer's expert public key for the DRC to register / 导出专家公钥",
    )
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help=".rdkey")
    export.add_argument("--name", default="", help="your name, shown to the DRC / 姓名")
    export.set_defaults(handler=cmd_export_key)

    reg = subparsers.add_parser(
        "register-expert-key",
        help="register an expert's public key file in the expert pool / 登记专家公钥",
    )
    _add_db(reg)
    reg.add_argument("path", type=Path, metavar="FILE", help="the expert's .rdkey file")
    reg.add_argument("--expert", required=True, help="expert id or name / 专家编号或姓名")
    reg.add_argument(
        "--fingerprint",
        required=True,
        metavar="XXXX-XXXX-…",
        help="the fingerprint the expert read out (must match the file) / 专家报出的指纹",
    )
    reg.add_argument(
        "--replace",
        action="store_true",
        help="replace the expert's registered key / 更换已登记的公钥",
    )
    reg.set_defaults(handler=cmd_register_key)


def _message(exc: Any) -> str:
    return f"{exc.message_zh} / {exc.message_en}"


def cmd_export_key(args: argparse.Namespace) -> int:
    from app.crypto import CryptoUnavailable
    from app.services.atomic import OutputError
    from app.services.trust import write_expert_key

    try:
        key = write_expert_key(args.output, name=args.name)
    except (OutputError, CryptoUnavailable) as exc:
        raise CommandError(_message(exc)) from None
    print(f"已导出专家公钥 / expert key written: {args.output}")
    print(f"指纹 / fingerprint: {key.fingerprint}")
    return EXIT_OK


def resolve_expert(session: Any, ref: str) -> int:
    """An expert id or a name that names exactly one expert."""
    from sqlalchemy import select

    from app.models import Expert

    if ref.isdigit() and session.get(Expert, int(ref)) is not None:
        return int(ref)
    found = list(session.scalars(select(Expert.id).where(Expert.name == ref.strip())))
    if len(found) != 1:
        raise CommandError(
            f"找不到唯一的专家：{ref}（{len(found)} 个同名） / no single expert named {ref!r} "
            f"({len(found)} found); give the expert's id"
        )
    return int(found[0])


def cmd_register_key(args: argparse.Namespace) -> int:
    from app.crypto import fingerprint_matches
    from app.services.editing import Invalid
    from app.services.trust import read_expert_key, register_expert_key

    try:
        key = read_expert_key(args.path)
    except Invalid as exc:
        raise CommandError(_message(exc)) from None
    if not fingerprint_matches(args.fingerprint, key.key_id):
        raise CommandError(
            f"指纹不符：文件中的公钥指纹为 {key.fingerprint}，与 --fingerprint 不同，未登记 / "
            f"the fingerprint does not match: the file's key is {key.fingerprint}; nothing was registered"
        )
    with command_store(args, runs=register_expert_key) as store:
        with store.read() as session:
            expert_id = resolve_expert(session, args.expert)
        try:
            with store.write() as session:
                changed = register_expert_key(session, expert_id, key, replace=args.replace)
        except Invalid as exc:
            hint = " (--replace)" if exc.field == "key" and "replac" in exc.message_en else ""
            raise CommandError(_message(exc) + hint) from None
    verb = "已登记 / registered" if changed else "已是该专家的公钥 / already registered"
    print(f"{verb}: {key.fingerprint} (expert {expert_id})")
    return EXIT_OK
