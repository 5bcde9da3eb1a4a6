"""Document subcommands: export-checklist (PDF) and export-opinion (Word)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli import EXIT_OK, CommandError
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
    checklist.add_argument("-o", "--output", type=Path, required=True)
    checklist.add_argument("--today", metavar="YYYY-MM-DD")
    checklist.set_defaults(handler=cmd_export_checklist)

    opinion = subparsers.add_parser(
        "export-opinion", help="approval reply / expert opinion as Word / 导出批复或评审意见"
    )
    _add_db(opinion)
    opinion.add_argument("project", help="project id or 项目编码")
    opinion.add_argument("--step", choices=("one_step", "fsr", "design", "expert"), required=True)
    opinion.add_argument("-o", "--output", type=Path, required=True)
    opinion.add_argument("--today", metavar="YYYY-MM-DD")
    opinion.add_argument(
        "--template", type=Path, help="a .docx with placeholders (docs/templates.md)"
    )
    opinion.set_defaults(handler=cmd_export_opinion)

    batch = subparsers.add_parser(
        "export-opinions", help="replies of every approved project of a year / 批量导出批复"
    )
    _add_db(batch)
    batch.add_argument("--year", type=int, required=True)
    batch.add_argument("-o", "--output", type=Path, required=True, help="folder")
    batch.add_argument("--today", metavar="YYYY-MM-DD")
    batch.set_defaults(handler=cmd_export_opinions)


def cmd_export_checklist(args: argparse.Namespace) -> int:
    from app.reports.checklist_pdf import write_checklist_pdf
    from app.services.atomic import OutputError

    store = _open(args, read_only=True)
    try:
        project_id = resolve_project(store, args.project)
        path = write_checklist_pdf(
            store, project_id, args.kind, args.output, today=_today(args.today)
        )
    except OutputError as exc:
        raise CommandError(f"{exc.message_zh} / {exc.message_en}") from None
    finally:
        store.close()
    print(f"已导出 / exported: {path}")
    return EXIT_OK


def cmd_export_opinion(args: argparse.Namespace) -> int:
    from app.reports.opinion_docx import write_opinion
    from app.services.atomic import OutputError

    if args.template is not None and not args.template.is_file():
        raise CommandError(f"模板文件不存在：{args.template} / template not found")
    store = _open(args, read_only=True)
    try:
        project_id = resolve_project(store, args.project)
        path = write_opinion(
            store,
            project_id,
            args.step,
            args.output,
            today=_today(args.today),
            template=args.template,
        )
    except OutputError as exc:
        raise CommandError(f"{exc.message_zh} / {exc.message_en}") from None
    finally:
        store.close()
    print(f"已导出 / exported: {path}")
    return EXIT_OK


def cmd_export_opinions(args: argparse.Namespace) -> int:
    from app.reports.opinion_docx import write_opinions_for_year
    from app.services.atomic import OutputError

    today = _today(args.today)
    if not 1900 <= args.year <= 9999:
        raise CommandError(f"年度无效：{args.year} / invalid year")
    store = _open(args, read_only=True)
    try:
        written = write_opinions_for_year(store, args.year, args.output, today=today)
    except OutputError as exc:
        raise CommandError(f"{exc.message_zh} / {exc.message_en}") from None
    finally:
        store.close()
    print(f"已导出 {len(written)} 份批复 / exported {len(written)} replies to {args.output}")
    return EXIT_OK
