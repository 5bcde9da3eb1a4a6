"""Audit subcommands: verify-audit."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from app.cli import EXIT_FINDINGS, EXIT_OK, CommandError
from app.commands.core import _add_db, _open

if TYPE_CHECKING:
    from app.services.audit import ChainHead


def _anchor(text: str | None) -> ChainHead | None:
    if not text:
        return None
    from app.services.audit import ChainHead

    seq, _, digest = text.partition(":")
    if not seq.isdigit() or len(digest) != 64:
        raise CommandError(f"--anchor 应为 序号:哈希（64位十六进制）：{text!r} / expected SEQ:HASH")
    return ChainHead(int(seq), digest.lower())


def _anchor_from(path: str) -> ChainHead:
    from app.services.anchors import AnchorNotFound, read_anchor
    from app.services.packages import PackageRefused

    try:
        return read_anchor(path)
    except (AnchorNotFound, PackageRefused) as exc:
        raise CommandError(f"{exc.message_zh} / {exc.message_en}") from exc


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    verify = subparsers.add_parser(
        "verify-audit", help="verify the audit trail's hash chain and signatures / 校验审计日志"
    )
    _add_db(verify)
    outside = verify.add_mutually_exclusive_group()
    outside.add_argument("--anchor", metavar="SEQ:HASH",
                         help="a chain head known from outside (export properties, package manifest)")  # fmt: skip
    outside.add_argument("--anchor-from", metavar="FILE",
                         help="the chain head recorded in an exported .docx/.xlsx/.pdf/JSON or a review package "
                              "/ 以导出文件中记载的链头为准校验（可发现导出后被截断）")  # fmt: skip
    verify.add_argument("--strict-keys", action="store_true",
                        help="fail on checkpoints signed by keys other than this installation's and those "
                             "the office marked trusted (Tools → Audit log) / 未登记的密钥签名的检查点视为问题")  # fmt: skip
    verify.add_argument("--lang", choices=("zh", "en"), default="zh")
    verify.set_defaults(handler=cmd_verify_audit)


def cmd_verify_audit(args: argparse.Namespace) -> int:
    from app.crypto import CryptoUnavailable, fingerprint
    from app.services.audit_heads import short, verify

    anchor = _anchor(args.anchor) if args.anchor_from is None else _anchor_from(args.anchor_from)
    if anchor is not None:
        print(f"外部链头 / anchor: {anchor.seq}:{anchor.hash}")
    store = _open(args, read_only=True)
    try:
        with store.read() as session:
            result = verify(session, anchor=anchor, strict_keys=args.strict_keys)
    except CryptoUnavailable as exc:
        print(f"{exc.message_zh} / {exc.message_en}")
        return EXIT_FINDINGS
    finally:
        store.close()
    zh = args.lang == "zh"
    if result.remembered is not None:
        print(f"本机记住的链头 / head this computer remembered: {short(result.remembered)}")
    if result.head_file_problem:
        print(f"本机记住链头的文件被改动或无法读取 / the remembered head's file was altered or cannot be read: {result.head_file_problem}")  # fmt: skip
    if not result.ok and (result.truncated or result.replaced):
        print(result.reason_zh if zh else result.reason_en)
        return EXIT_FINDINGS
    if not result.ok:
        print(f"审计日志已被篡改：第一处问题在第 {result.first_bad_seq} 条。{result.reason_zh}" if zh
              else f"The audit trail was tampered with: first bad entry {result.first_bad_seq}. {result.reason_en}")  # fmt: skip
        return EXIT_FINDINGS
    head = result.head
    print(result.message(args.lang))
    if head is not None:
        print(f"链头 / head: {head.seq}:{head.hash}")
    print(f"签名检查点 / signed checkpoints: {result.checkpoints}; "
          f"未签名的最新记录 / entries after the last checkpoint: {result.unsigned_tail}")  # fmt: skip
    if result.restored:
        print(f"数据库曾从备份恢复（已记入审计日志）/ restored from a backup (recorded in the trail): {result.restored}")  # fmt: skip
    if result.foreign_keys:
        print("以下密钥签名的检查点既不属于本机、也未设为信任（可在“工具 → 审计日志”中设为信任）/ checkpoints signed by keys "
              "neither this installation's nor trusted: " + ", ".join(fingerprint(k) for k in result.foreign_keys))  # fmt: skip
    return EXIT_OK
