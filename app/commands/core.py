"""Core subcommands: demo, check, export-json, import-json, settings.

Handlers import what they need when they run, so `reviewdesk --help` stays fast.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from app.cli import EXIT_FINDINGS, EXIT_OK, CommandError

SEVERITY_CHOICES = ("blocker", "error", "warning", "info")

#: overrides the name recorded for changes made from the command line
ACTOR_ENV = "REVIEWDESK_USER"


def cli_actor() -> str:
    """The user's name for audit entries of command-line changes."""
    name = os.environ.get(ACTOR_ENV, "").strip()
    if name:
        return name[:100]
    try:
        return f"{getpass.getuser()}（命令行）"[:100]
    except (KeyError, OSError):  # no login name (containers): still say where it came from
        return "命令行"


def _today(text: str | None) -> date:
    if text is None:
        return date.today()
    from app.rules.dates import parse_iso_date

    try:
        return parse_iso_date(text)
    except ValueError:
        raise CommandError(
            f"--today 日期格式应为 YYYY-MM-DD：{text!r} / expected YYYY-MM-DD"
        ) from None


def _add_db(parser: argparse.ArgumentParser) -> None:
    # also accepted after the subcommand (`reviewdesk demo --db PATH`)
    parser.add_argument(
        "--db", metavar="PATH", default=argparse.SUPPRESS, help="database file or URL"
    )


def _open(args: argparse.Namespace, *, read_only: bool = False, create: bool = False) -> Any:
    from app.models.db import StoreError
    from app.services.store import open_store

    try:
        store = open_store(
            args.db, read_only=read_only, create=create, role=getattr(args, "role", None)
        )
    except StoreError as exc:
        raise CommandError(f"{exc.message_zh} / {exc.message_en}") from None
    store.actor = cli_actor()
    return store


def _new_paths(args: argparse.Namespace) -> list[Path]:
    """What opening `args.db` with create=True would create: the folders that do not exist yet
    (outermost first) and the database file, when it does not exist; [] for a server URL."""
    from app.models.db import resolve_url, sqlite_path

    path = sqlite_path(resolve_url(getattr(args, "db", None)))
    if path is None or path.exists():
        return []
    folders = [p for p in path.parents if not p.exists()]
    return [*reversed(folders), path]


def _remove_new(paths: list[Path]) -> None:
    """Undo `_new_paths`: the database file with its journal files, then the folders it needed
    (each only when empty: nothing else is ever removed)."""
    *folders, database = paths
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(database) + suffix).unlink(missing_ok=True)
    for folder in reversed(folders):
        try:
            folder.rmdir()
        except OSError:
            break  # something else was put there meanwhile: leave it


@contextmanager
def command_store(
    args: argparse.Namespace, *, read_only: bool = False, create: bool = False, runs: Any = None
) -> Iterator[Any]:
    """The store a command works on, closed afterwards; after a command that may write, this
    computer remembers the audit head (a clean close: app.services.audit_heads).

    `runs` is the service function the command calls: a role it refuses is refused here, before
    any file is opened or created. With `create`, a database (and its folders) that did not
    exist is created, and removed again when the command fails: a refused command leaves
    nothing behind."""
    if runs is not None:
        from app.services.roles import refuse_unless_allowed

        refuse_unless_allowed(runs, getattr(args, "role", None))
    created = _new_paths(args) if create and not read_only else []
    done = False
    try:
        store = _open(args, read_only=read_only, create=create)
        try:
            yield store
            if not read_only:  # a clean close: this computer remembers the audit head
                from app.services.audit_heads import remember

                remember(store, "close")
        finally:
            store.close()
        done = True
    finally:
        if created and not done:
            _remove_new(created)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    demo = subparsers.add_parser("demo", help="create a demo database / 创建演示数据库")
    _add_db(demo)
    demo.add_argument("--today", metavar="YYYY-MM-DD", help="date the demo is built around")
    demo.add_argument("--force", action="store_true", help="replace an existing database file")
    demo.set_defaults(handler=cmd_demo)

    check = subparsers.add_parser("check", help="print every finding / 列出全部检查结果")
    _add_db(check)
    check.add_argument("--today", metavar="YYYY-MM-DD", help="date for deadlines (default: today)")
    check.add_argument("--json", action="store_true", help="print JSON")
    check.add_argument("--lang", choices=("zh", "en"), default="zh")
    check.add_argument("--all", action="store_true", help="include closed findings")
    check.add_argument(
        "--fail-on", choices=SEVERITY_CHOICES, help="exit 1 if an open finding is this severe"
    )
    check.add_argument(
        "--full", action="store_true",
        help="evaluate every project again instead of only what changed or expired / 全部重新检查",
    )  # fmt: skip
    check.set_defaults(handler=cmd_check)

    export = subparsers.add_parser("export-json", help="export the whole dataset / 导出数据")
    _add_db(export)
    export.add_argument("path", type=Path)
    export.set_defaults(handler=cmd_export_json)

    imp = subparsers.add_parser("import-json", help="import a whole dataset / 导入数据")
    _add_db(imp)
    imp.add_argument("path", type=Path)
    imp.add_argument("--replace", action="store_true", help="replace everything in the database")
    imp.set_defaults(handler=cmd_import_json)

    settings = subparsers.add_parser(
        "settings", help="show or change the rule settings / 查看或修改规则设置"
    )
    _add_db(settings)
    settings.add_argument(
        "--set", metavar="KEY=MONTHS", action="append", default=[],
        help="e.g. assessment_period_months=24 (repeatable)",
    )  # fmt: skip
    settings.set_defaults(handler=cmd_settings)


def cmd_demo(args: argparse.Namespace) -> int:
    from app.models.db import describe_db, resolve_url, sqlite_path
    from app.services.demo import build_demo
    from app.services.roles import refuse_unless_allowed

    today = _today(args.today)
    refuse_unless_allowed(build_demo, getattr(args, "role", None))  # before --force deletes
    url = resolve_url(args.db)
    path = sqlite_path(url)
    if path is not None and path.exists():
        if not args.force:
            raise CommandError(
                f"文件已存在：{path}（使用 --force 覆盖） / {path} exists (use --force)"
            )
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    with command_store(args, create=True) as store:
        if store.path is None and _has_projects(store):  # a server database: never emptied here
            raise CommandError(
                f"目标不是空数据库，演示数据只能写入空数据库：{describe_db(url)} / the database is not empty"
            )
        with store.write() as session:
            build_demo(session, today)
        from app.services.snapshot import evaluate_store

        findings = evaluate_store(store, today)
    print(  # a file as its path, a server without its password
        f"演示数据库已创建 / demo database created: {describe_db(url)} ({len(findings)} findings on {today})"
    )
    return EXIT_OK


def _has_projects(store: Any) -> bool:
    from sqlalchemy import func, select

    from app.models import Project

    with store.read() as session:
        return bool(session.scalar(select(func.count()).select_from(Project)))


def finding_record(f: Any, lang: str) -> dict[str, Any]:
    return {
        "code": f.code,
        "severity": f.severity.value,
        "article": f.article,
        "subject_type": f.subject_type.value,
        "subject_id": f.subject_id,
        "project_id": f.project_id,
        "project": f.project_name,
        "message": f.message(lang),
        "message_zh": f.message_zh,
        "message_en": f.message_en,
        "item": f.item,
        "open": f.open,
        "dismissed_reason": f.dismissed_reason,
        "details": f.details,
    }


def cmd_check(args: argparse.Namespace) -> int:
    from app.rules.facts import Severity
    from app.rules.findings import SEVERITY_ORDER
    from app.services import kept, kept_view

    today = _today(args.today)
    store = _open(args)  # writable: the findings of what did not change are kept, not recomputed
    try:
        if kept.bring_current(store, today, full=args.full):
            with store.read() as session:
                # every owner's counts (100,000 rows): read only when they decide the exit code
                totals = kept_view.KeptView(store).totals() if args.fail_on else kept_view.Counts()
                if args.json:
                    _print_json(kept_view.findings(session), args)
                else:
                    print_kept_table(session, args.lang, closed=args.all)
        else:
            from app.services.snapshot import evaluate_store

            found = evaluate_store(store, today)
            totals = kept_view.count_open(found)
            if args.json:
                _print_json(found, args)
            else:
                lines = (
                    (f.code, f.severity.value, f.article, f"{f.subject_type.value}:{f.subject_id}",
                     f.project_name or "-", f.message(args.lang))
                    for f in found if args.all or f.open
                )  # fmt: skip
                print_table(lines, args.lang)
    finally:
        store.close()
    if args.fail_on:
        limit = SEVERITY_ORDER[Severity(args.fail_on)]
        if any(totals.of(s) for s in Severity if SEVERITY_ORDER[s] <= limit):
            return EXIT_FINDINGS
    return EXIT_OK


def _print_json(findings: list[Any], args: argparse.Namespace) -> None:
    shown = [finding_record(f, args.lang) for f in findings if args.all or f.open]
    json.dump(shown, sys.stdout, ensure_ascii=False, indent=1)
    print()


def print_table(lines: Iterable[tuple[str, ...]], lang: str = "zh") -> None:
    """One tab-separated line per finding (code, severity, article, subject, project,
    message) under the headers, then the count by severity; written in blocks."""
    from collections import Counter

    out = sys.stdout
    _table_header(out, lang)
    counts: Counter[str] = Counter()
    block: list[str] = []
    for line in lines:
        counts[line[1]] += 1
        block.append("\t".join(line))
        if len(block) >= 2000:
            out.write("\n".join(block) + "\n")
            block = []
    if block:
        out.write("\n".join(block) + "\n")
    _table_summary(out, counts)


def print_kept_table(session: Any, lang: str = "zh", *, closed: bool = False) -> None:
    """`print_table` of the kept findings (the same bytes), their lines made by SQLite and,
    where standard output is UTF-8 without newline translation, written as read: at 100,000
    projects there are 500,000 lines."""
    from collections import Counter

    from app.services.kept_view import table_blocks

    out = sys.stdout
    _table_header(out, lang)
    binary = _utf8_bytes(out)
    if binary is not None:
        out.flush()  # the header first
    counts: Counter[str] = Counter()
    for block, tally in table_blocks(session, lang, closed=closed, encoded=binary is not None):
        if isinstance(block, bytes):
            assert binary is not None
            binary.write(block)
        else:
            out.write(block)
        counts.update(tally)
    _table_summary(out, counts)


def _utf8_bytes(stream: Any) -> Any:
    """The byte stream under the text stream `stream` when writing UTF-8 bytes there is the same
    as writing text (UTF-8, newlines not translated); else None."""
    import codecs

    buffer = getattr(stream, "buffer", None)
    encoding = getattr(stream, "encoding", None)
    if buffer is None or not isinstance(encoding, str) or os.linesep != "\n":
        return None
    try:
        return buffer if codecs.lookup(encoding).name == "utf-8" else None
    except LookupError:
        return None


def _table_header(out: Any, lang: str) -> None:
    headers = ("代码", "级别", "条款", "对象", "项目", "说明") if lang == "zh" else (
        "code", "severity", "article", "subject", "project", "message")  # fmt: skip
    out.write("\t".join(headers) + "\n")


def _table_summary(out: Any, counts: Any) -> None:
    total = sum(counts.values())
    summary = ", ".join(f"{name} {counts[name]}" for name in SEVERITY_CHOICES if counts[name])
    out.write(f"# {total} findings: {summary}\n" if total else "# 0 findings\n")


def cmd_export_json(args: argparse.Namespace) -> int:
    from app.services.atomic import OutputFailed, OutputLocked
    from app.services.jsonio import export_json

    store = _open(args, read_only=True)
    try:
        summary = export_json(store, args.path)
    except (OutputLocked, OutputFailed) as exc:
        raise CommandError(f"{exc.message_zh} / {exc.message_en}") from None
    finally:
        store.close()
    print(f"已导出 / exported: {args.path} {summary}")
    return EXIT_OK


def cmd_import_json(args: argparse.Namespace) -> int:
    from app.services.jsonio import ImportRejected, import_json

    with command_store(args, create=True, runs=import_json) as store:
        try:
            summary = import_json(store, args.path, replace=args.replace)
        except ImportRejected as exc:
            lines = [f"  {p.where}: {p.message_zh} / {p.message_en}" for p in exc.problems]
            raise CommandError(
                "\n".join(
                    [
                        "导入被拒绝，数据库未作任何修改 / import rejected, nothing was changed:",
                        *lines,
                    ]
                )
            ) from None
    print(f"已导入 / imported: {args.path} {summary}")
    if summary.notices:
        print("请注意 / please note:")
        for notice in summary.notices:
            print(f"  {notice.where}: {notice.message_zh} / {notice.message_en}")
    return EXIT_OK


def cmd_settings(args: argparse.Namespace) -> int:
    """The numbers the text leaves open (OM-ASSESS's period, CON-DELAY's grace), per database."""
    from app.services.editing import Invalid
    from app.services.rule_settings import DEFAULTS, SETTINGS, load_rule_settings, set_rule_setting

    changes: dict[str, int] = {}
    for item in args.set:
        key, sep, value = item.partition("=")
        if not sep or key.strip() not in SETTINGS or not value.strip().isdigit():
            known = ", ".join(SETTINGS)
            raise CommandError(f"--set 应为“设置项=月数”（{known}）：{item} / --set expects KEY=MONTHS ({known}): {item!r}")  # fmt: skip
        changes[key.strip()] = int(value)
    runs = set_rule_setting if changes else None  # a reviewer may read them, not change them
    with command_store(args, read_only=not changes, runs=runs) as store:
        try:
            if changes:
                with store.write() as session:
                    for key, months in changes.items():
                        set_rule_setting(session, key, months)
        except Invalid as exc:
            raise CommandError(f"{exc.message_zh} / {exc.message_en}") from None
        with store.read() as session:
            values = load_rule_settings(session)
    for key, spec in SETTINGS.items():
        value, default = values[key], DEFAULTS[key]
        print(f"{key} = {value}  {spec.label_zh}，默认 {default}，可设 {spec.low}–{spec.high} {spec.unit_zh} / "
              f"{spec.label_en}, default {default}, {spec.low}–{spec.high} {spec.unit_en}")  # fmt: skip
    return EXIT_OK
