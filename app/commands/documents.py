"""Document subcommands: export-checklist (PDF) and export-opinion / export-opinions (Word).

`-o` may name an existing folder: the file then gets the name the GUI suggests
(app.services.file_names). A reply refused by the approval gate exits 1 listing why; DRC staff
may write it as a draft with `--draft --reason "…"` (recorded in the audit trail).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli import EXIT_FINDINGS, EXIT_OK, CommandError
from app.commands.core import _add_db, _open, _today


def resolve_project(store: Any, ref: str) -> int:
    """A project id or 项目编码."""
    from sqlalchemy import select

    from app.models import Project

    with store.read() as session:
        if ref.isdigit() and session.get(Project, int(ref)) is not None:
            return int(ref)
        found = session.scalar(select(Project.id).where(Project.code == ref))
    if found is None:
        raise CommandError(f"找不到项目：{ref} / no project with id or code {ref!r}")
    return int(found)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    checklist = subparsers.add_parser(
        "export-checklist", help="checklist of a project as PDF / 导出核查表"
    )
    _add_db(checklist)
    checklist.add_argument("project", help="project id or 项目编码")
    checklist.add_argument("--kind", choices=("dossier", "acceptance"), default="dossier")
    checklist.add_argument(
        "-o", "--output", type=Path, required=True, help="a .pdf file or a folder"
    )
    checklist.add_argument("--today", metavar="YYYY-MM-DD")
    checklist.set_defaults(handler=cmd_export_checklist)

    opinion = subparsers.add_parser(
        "export-opinion", help="approval reply / expert opinion as Word / 导出批复或评审意见"
    )
    _add_db(opinion)
    opinion.add_argument("project", help="project id or 项目编码")
    opinion.add_argument("--step", choices=("one_step", "fsr", "design", "expert"), required=True)
    opinion.add_argument(
        "-o", "--output", type=Path, required=True, help="a .docx file or a folder"
    )
    opinion.add_argument("--today", metavar="YYYY-MM-DD")
    opinion.add_argument(
        "--template", type=Path, help="a .docx with placeholders (docs/templates.md)"
    )
    add_draft_options(opinion)
    opinion.set_defaults(handler=cmd_export_opinion)

    batch = subparsers.add_parser(
        "export-opinions", help="replies of every approved project of a year / 批量导出批复"
    )
    _add_db(batch)
    batch.add_argument("--year", type=int, required=True)
    batch.add_argument("-o", "--output", type=Path, required=True, help="folder")
    batch.add_argument("--today", metavar="YYYY-MM-DD")
    batch.set_defaults(handler=cmd_export_opinions)


def add_draft_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--draft", action="store_true",
        help="write a document the approval gate refuses as a draft (征求意见稿); needs --reason",
    )  # fmt: skip
    parser.add_argument("--reason", default="", help="why the draft is written (audit trail)")


def draft_of(args: argparse.Namespace) -> Any:
    """The Draft asked for on the command line, or None."""
    from app.services.opinion_gate import Draft

    if not args.draft:
        if args.reason:
            raise CommandError("--reason 只与 --draft 一起使用 / --reason goes with --draft")
        return None
    if not args.reason.strip():
        raise CommandError(
            "起草征求意见稿须用 --reason 说明理由（记入审计日志） / --draft needs --reason"
        )
    return Draft(args.reason)


def print_refusal(gate: Any) -> int:
    print(gate.summary("zh"), file=sys.stderr)
    print(gate.summary("en"), file=sys.stderr)
    print(
        '未导出。区发展改革委工作人员可用 --draft --reason "理由" 起草征求意见稿（记入审计日志）。 / '
        'Not exported. DRC staff may write a draft with --draft --reason "why" (audit trail).',
        file=sys.stderr,
    )
    return EXIT_FINDINGS


def cmd_export_checklist(args: argparse.Namespace) -> int:
    from app.services.atomic import OutputError
    from app.services.checklists import write_checklist_pdf
    from app.services.file_names import checklist_file_name_for, output_path

    store = _open(args, read_only=True)
    try:
        project_id = resolve_project(store, args.project)
        target = output_path(args.output, checklist_file_name_for(store, project_id, args.kind))
        path = write_checklist_pdf(store, project_id, args.kind, target, today=_today(args.today))
    except OutputError as exc:
        raise CommandError(f"{exc.message_zh} / {exc.message_en}") from None
    finally:
        store.close()
    print(f"已导出 / exported: {path}")
    return EXIT_OK


def cmd_export_opinion(args: argparse.Namespace) -> int:
    from app.services.atomic import OutputError
    from app.services.editing import Invalid
    from app.services.file_names import opinion_file_name_for, output_path
    from app.services.opinion_gate import OpinionRefused
    from app.services.opinions import write_opinion

    if args.template is not None and not args.template.is_file():
        raise CommandError(f"模板文件不存在：{args.template} / template not found")
    draft = draft_of(args)
    store = _open(args, read_only=draft is None)  # a draft writes its audit entry
    try:
        project_id = resolve_project(store, args.project)
        name = opinion_file_name_for(store, project_id, args.step, draft=draft is not None)
        path = write_opinion(
            store,
            project_id,
            args.step,
            output_path(args.output, name),
            today=_today(args.today),
            template=args.template,
            draft=draft,
        )
    except OpinionRefused as refused:
        return print_refusal(refused.gate)
    except (OutputError, Invalid) as exc:
        raise CommandError(f"{exc.message_zh} / {exc.message_en}") from None
    finally:
        store.close()
    print(f"已导出 / exported: {path}")
    return EXIT_OK


def cmd_export_opinions(args: argparse.Namespace) -> int:
    from app.services.atomic import OutputError
    from app.services.opinions import write_opinions_for_year

    today = _today(args.today)
    if not 1900 <= args.year <= 9999:
        raise CommandError(f"年度无效：{args.year} / invalid year")
    store = _open(args, read_only=True)
    try:
        result = write_opinions_for_year(store, args.year, args.output, today=today)
    except OutputError as exc:
        raise CommandError(f"{exc.message_zh} / {exc.message_en}") from None
    finally:
        store.close()
    for path in result.written:
        print(path)
    for code, gate in result.skipped:
        reasons = "；".join(f"{r.message_zh}（{r.code}）" for r in gate.reasons)
        print(f"跳过 / skipped {code}: {reasons}", file=sys.stderr)
    written, skipped = len(result.written), len(result.skipped)
    print(f"已导出 {written} 份批复，跳过 {skipped} 份 / exported {written} replies, skipped {skipped}, to {args.output}")  # fmt: skip
    return EXIT_FINDINGS if skipped else EXIT_OK
