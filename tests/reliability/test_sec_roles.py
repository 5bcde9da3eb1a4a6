"""SEC-7: every DRC-only service operation refuses a reviewer at the service layer.

The registry below names every public function in app/services that takes a Store or a
Session, as a DRC-only writer, a writer a reviewer may use, or a reader. A new public
function that is in none of the three sets fails `test_registry_names_every_service_function`:
mark it `@drc_only("…")` or `@reviewer_may("…")` (app/services/roles.py) and add it here.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

import app.services
from app.models import Project, ProjectReview
from app.models.db import Store
from app.models.roles import PermissionDenied, Role
from app.services.editing import load_review, save_review
from app.services.roles import DRC_ONLY, REVIEWER_MAY, policy
from app.services.store import open_store
from tests.dbstate import content_hash

pytestmark = pytest.mark.reliability

DRC_ONLY_WRITERS = {
    "attachments.add_attachment",
    "attachments.attach",
    "attachments.detach",
    "attachments.remove_attachment",
    "demo.build_demo",
    "editing.save_acceptance",
    "editing.set_document",
    "editing.set_line_amount",
    "editing.set_parts",
    "experts.create_round",
    "experts.draw",
    "experts.save_expert",
    "experts.set_round_experts",
    "history.restore_project",
    "jsonio.import_json",
    "ledger_import.import_ledger",
    "opinion_gate.record_draft",
    "packages.export_round_packages",
    "packages.merge_return",
    "plan_import.apply_plan_changes",
    "project_edit.delete_project",
    "project_edit.save_project",
    "rule_settings.set_rule_setting",
    "rule_settings.save_rule_settings",
    "submission_import.import_submission",
    "audit_heads.accept_current_head",
    "trust.distrust_checkpoint_key",
    "trust.register_expert_key",
    "trust.trust_checkpoint_key",
    "trust.distrust_key",
    "trust.trust_key",
    "trust.register_key",
    "experts.add_expert",
    "experts.draw_experts",
    "experts.new_round",
    "experts.seat_experts",
    "undo.restore_projects",
}
#: undo.apply_edit / apply_bulk_edit run the edit they are given: its own functions carry marks
REVIEWER_WRITERS = {"editing.save_review", "undo.apply_edit", "undo.apply_bulk_edit"}
#: the audit trail: writes only the audit tables, inside the caller's own (checked) transaction
AUDIT_TRAIL = {
    "audit_heads.after_commit",
    "audit_heads.after_rollback",
    "audit_heads.checkpoint_signed",
    "audit_heads.record_restore",
    "audit.append",
    "audit.checkpoint",
    "audit.install",
    "audit.record_event",
    "audit.record_restore",
    "store.install_audit",
}
#: files beside the database, never rows: a stored blob without a row is pruned as an orphan
FILE_ONLY = {"attachments.prune_orphans", "attachments.store_file", "audit_heads.remember"}
#: write only the kept findings (app.models.kept: a cache of the engine's output, outside the
#: dataset and its audit trail), whoever reads: a reviewer's window keeps them too
KEPT_CACHE = {"kept.bring_current", "kept.current_for", "kept.refresh", "kept.refresh_in_child"}
READERS = {
    "budget.budget_page",
    "budget.project_money_trail",
    "forms.check_project",
    "forms.project_form_data",
    "forms.acceptance_of",
    "forms.review_of",
    "ledger_import.check_ledger_against",
    "projects.plan_years_of",
    "submission_import.check_submission_file",
    "audit_heads.store_database_id",
    "projects.current_project_row",
    "experts.experts_page",
    "experts.round_proposals",
    "group_opinion.round_view",
    "projects.units_of_projects",
    "projects.project_list",
    "audit.history_actors",
    "audit.project_history_page",
    "audit.search_history_page",
    "audit_heads.verify_store",
    "trust.list_checkpoint_signers",
    # the document services (issue 13): read, then write a file; a draft's audit entry goes
    # through opinion_gate.record_draft, which is DRC-only
    "checklists.build_checklist_pdf",
    "checklists.checklist_data",
    "checklists.write_checklist_pdf",
    "opinions.build_opinion",
    "opinions.opinion_data",
    "opinions.write_opinion",
    "opinions.write_opinions_for_year",
    "plan_tables.list_rows",
    "plan_tables.plan_rows",
    "plan_tables.plan_table",
    "plan_tables.reconciliation_rows",
    "plan_tables.rolling_rows",
    "plan_tables.write_plan",
    "submission_export.resolve_unit",
    "submission_export.submission_records",
    "submission_export.write_submission",
    "anchors.session_anchor",
    "anchors.store_anchor",
    "attachments.counts_by_item",
    "attachments.list_attachments",
    "attachments.open_copy",
    "attachments.referenced_hashes",
    "attachments.store_folder",
    "attachments.verified_blob",
    "attachments.verify",
    "audit.actors",
    "audit.chain_head",
    "audit.project_history",
    "audit.row_titles",
    "audit.search_history",
    "audit.verify_chain",
    "audit_heads.compare",
    "audit_heads.database_id",
    "audit_heads.holds",
    "audit_heads.next_head",
    "audit_heads.verify",
    "budget.budget_groups",
    "budget.money_trail",
    "budget.rolling_editions",
    "budget.rolling_rows",
    "editing.load_acceptance",
    "editing.load_review",
    "experts.conflicts",
    "experts.get_round",
    "experts.list_experts",
    "experts.list_rounds",
    "experts.propose",
    "file_names.checklist_file_name_for",
    "file_names.opinion_file_name_for",
    "file_names.project_code_and_name",
    "file_names.round_name",
    "group_opinion.round_opinions",
    "group_opinion.write_group_opinion",
    "group_opinion.write_scores_xlsx",
    "history.dump_project",
    "kept.project_subjects",
    "kept.supported",
    "kept.system_subjects",
    "kept_bars.bar_findings",
    "kept_bars.first_flagged",
    "kept_view.counts",
    "kept_view.findings",
    "kept_view.iter_findings",
    "kept_view.kept_findings_possible",
    "kept_view.raw_connection",
    "kept_view.table_blocks",
    "jsonio.dataset_dict",
    "jsonio.export_json",
    "ledger_import.check_ledger",
    "opinion_gate.check_group_opinion",
    "opinion_gate.check_opinion",
    "opinion_gate.expert_verdict",
    "packages.inspect_return",
    "plan_import.read_plan_changes",
    "project_edit.load_project_input",
    "project_edit.next_code",
    "project_edit.validate",
    "projects.changed_projects",
    "projects.list_projects",
    "projects.list_units",
    "projects.plan_years",
    "projects.project_row",
    "rule_settings.load_rule_settings",
    "rule_settings.rule_settings_of",
    "snapshot.evaluate_store",
    "fastread.fetch",
    "snapshot.load_dataset",
    "snapshot.load_dismissals",
    "snapshot.load_lines",
    "snapshot.load_orders",
    "snapshot.load_projects",
    "snapshot.load_registered_systems",
    "snapshot.load_units",
    "snapshot.load_settings",
    "snapshot.read_dataset",
    "snapshot.read_project",
    "submission_import.check_raw",
    "submission_import.check_submission",
    "trust.check_expert_key",
    "trust.checkpoint_signers",
    "trust.trusted_key_ids",
}


def _store_or_session(parameter: inspect.Parameter) -> str | None:
    """By annotation, or by name for an untyped `store`/`session` parameter."""
    annotation = str(parameter.annotation).replace("sessionmaker", "")
    for kind in ("Store", "Session"):
        if kind in annotation or parameter.name == kind.lower():
            return kind
    return None


def service_functions() -> dict[str, Callable[..., Any]]:
    """Every public module-level function of app/services taking a Store or a Session."""
    found: dict[str, Callable[..., Any]] = {}
    for info in pkgutil.iter_modules(app.services.__path__):
        module = importlib.import_module(f"app.services.{info.name}")
        for name, obj in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(obj):
                continue
            if obj.__module__ != module.__name__:
                continue
            params = inspect.signature(obj).parameters.values()
            if any(_store_or_session(p) for p in params):
                found[f"{info.name}.{name}"] = obj
    return found


def test_registry_names_every_service_function() -> None:
    found = set(service_functions())
    registered = (
        DRC_ONLY_WRITERS | REVIEWER_WRITERS | AUDIT_TRAIL | FILE_ONLY | KEPT_CACHE | READERS
    )
    unregistered = sorted(found - registered)
    assert not unregistered, (
        f"new service functions taking a Store/Session: {unregistered}. If they write, mark them "
        "@drc_only('…') or @reviewer_may('…') (app/services/roles.py); then add each to a set in "
        "tests/reliability/test_sec_roles.py"
    )
    assert not registered - found, f"registered but gone: {sorted(registered - found)}"
    assert not (DRC_ONLY_WRITERS & READERS) and not (REVIEWER_WRITERS & READERS)


def test_marks_match_the_registry() -> None:
    functions = service_functions()
    wrong = [n for n in DRC_ONLY_WRITERS if (policy(functions[n]) or ("",))[0] != DRC_ONLY]
    wrong += [n for n in REVIEWER_WRITERS if (policy(functions[n]) or ("",))[0] != REVIEWER_MAY]
    wrong += [n for n in READERS if policy(functions[n]) is not None]
    assert wrong == []


@pytest.fixture
def reviewer_store(demo_db: Path) -> Iterator[Store]:
    store = open_store(str(demo_db), role="reviewer")
    assert store.role == Role.REVIEWER
    yield store
    store.close()


def call_with_placeholders(function: Callable[..., Any], store: Store, session: Any) -> Any:
    """The check runs before the body, so every argument but the Store/Session is a placeholder."""
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    for parameter in inspect.signature(function).parameters.values():
        kind = _store_or_session(parameter)
        value = store if kind == "Store" else session if kind == "Session" else None
        if kind is None and parameter.default is not inspect.Parameter.empty:
            continue
        if parameter.kind == inspect.Parameter.KEYWORD_ONLY:
            kwargs[parameter.name] = value
        else:
            args.append(value)
    return function(*args, **kwargs)


def test_every_drc_only_operation_refuses_a_reviewer(reviewer_store: Store) -> None:
    functions = service_functions()
    before = content_hash(reviewer_store)
    refused: list[str] = []
    messages: list[str] = []
    for name in sorted(DRC_ONLY_WRITERS):
        function = functions[name]
        try:
            with reviewer_store.write() as session:
                call_with_placeholders(function, reviewer_store, session)
        except PermissionDenied as exc:
            refused.append(name)
            messages.append(exc.message_zh)
            assert exc.code == "permission_denied" and "Only DRC staff" in exc.message_en
    after = content_hash(reviewer_store)
    mutations = len(DRC_ONLY_WRITERS) + len(REVIEWER_WRITERS)
    print(
        f"SEC-7: mutations={mutations} refused={len(refused)} "
        f"allowed_for_reviewer={len(REVIEWER_WRITERS)}"
    )
    assert sorted(refused) == sorted(DRC_ONLY_WRITERS)
    assert all("无权" in m and "评审专家" in m for m in messages)
    assert after == before


def test_reviewer_fills_their_review_but_not_the_amounts(reviewer_store: Store) -> None:
    with reviewer_store.read() as session:
        value = load_review(session, 2)
    value = replace(value, opinion="建议压缩运维费用。", conclusion="agree")
    with reviewer_store.write() as session:
        save_review(session, 2, value)
    with reviewer_store.read() as session:
        assert load_review(session, 2).opinion == "建议压缩运维费用。"
    before = content_hash(reviewer_store)
    value = replace(value, reviewed_yuan=(value.declared_yuan or 0) // 2)
    with pytest.raises(PermissionDenied), reviewer_store.write() as session:
        save_review(session, 2, value)
    assert content_hash(reviewer_store) == before


def test_reviewer_session_cannot_change_facts_even_without_a_service(reviewer_store: Store) -> None:
    before = content_hash(reviewer_store)
    with pytest.raises(PermissionDenied), reviewer_store.write() as session:
        project = session.get(Project, 2)
        assert project is not None
        project.name = "改名"
        session.flush()
    with pytest.raises(PermissionDenied), reviewer_store.write() as session:
        session.execute(update(Project).values(declared_yuan=1))
    with pytest.raises(PermissionDenied), reviewer_store.write() as session:
        session.execute(update(ProjectReview).values(opinion="x"))  # allowed table…
        session.execute(update(Project.__table__).values(reviewed_yuan=1))  # …then a fact
    assert content_hash(reviewer_store) == before


def test_drc_is_the_default_and_bad_roles_are_refused(demo_db: Path) -> None:
    from app.models.db import StoreError

    store = open_store(str(demo_db))
    try:
        assert store.role == Role.DRC
        with store.write() as session:
            assert session.info["role"] == Role.DRC
    finally:
        store.close()
    with pytest.raises(StoreError) as info:
        open_store(str(demo_db), role="admin")
    assert info.value.code == "bad_role" and "未知的角色" in info.value.message_zh


def test_command_line_reviewer_exports_but_cannot_import(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli import EXIT_BAD_INPUT, EXIT_OK, main

    out = tmp_path / "all.json"
    assert main(["--role", "reviewer", "export-json", "--db", str(demo_db), str(out)]) == EXIT_OK
    store = open_store(str(demo_db))
    before = content_hash(store)
    capsys.readouterr()
    code = main(["--role", "reviewer", "import-json", "--replace", "--db", str(demo_db), str(out)])
    err = capsys.readouterr().err
    assert code == EXIT_BAD_INPUT and "无权" in err and "导入数据（JSON）" in err
    assert content_hash(store) == before
    store.close()
