"""Kept findings: what they are kept from, what they leave alone, and where they cannot be kept.

The proof that they equal a full evaluation after any change is test_kept_property.py.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select, text

from app.models import Base, Document, Project
from app.models.kept import KEPT_METADATA, TRACKED_SCOPES
from app.rules.facts import DocKind, DocStatus
from app.services import kept, kept_view
from app.services.audit import verify_chain
from app.services.jsonio import export_json
from app.services.snapshot import evaluate_store, read_dataset
from app.services.store import open_store
from tests.dbstate import content_hash

pytestmark = pytest.mark.sqlite_only
TODAY = date(2026, 11, 25)
ROOT = Path(__file__).resolve().parents[2]


def kept_findings(store: Any) -> list[Any]:
    with store.read() as session:
        return kept_view.findings(session)


def test_every_table_the_facts_are_read_from_is_tracked(
    demo_store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A table the loader reads without change triggers would change facts unnoticed."""
    from app.services import snapshot

    statements: list[str] = []
    real = snapshot.fetch

    def spying(session: Any, query: Any) -> Any:  # reads straight through sqlite3
        statements.append(str(query))
        return real(session, query)

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:  # through SQLAlchemy
        statements.append(statement)

    monkeypatch.setattr(snapshot, "fetch", spying)
    event.listen(demo_store.engine, "before_cursor_execute", seen)
    try:
        read_dataset(demo_store)
    finally:
        event.remove(demo_store.engine, "before_cursor_execute", seen)
    read = {t for t in Base.metadata.tables for s in statements if f" {t}" in s or f'"{t}"' in s}
    assert {"projects", "documents", "document_parts", "units"} <= read  # the spies saw the load
    assert read <= set(TRACKED_SCOPES), (
        f"read but not tracked: {sorted(read - set(TRACKED_SCOPES))}"
    )


def test_kept_tables_stay_out_of_the_dataset_export_and_audit(
    demo_store: Any, tmp_path: Path
) -> None:
    before = content_hash(demo_store)
    with demo_store.read() as session:
        head = session.execute(text("SELECT max(seq) FROM audit_entries")).scalar()
    kept.refresh(demo_store, TODAY)
    assert content_hash(demo_store) == before  # the dataset is as it was
    with demo_store.read() as session:
        assert session.execute(text("SELECT max(seq) FROM audit_entries")).scalar() == head
        assert verify_chain(session).ok
    export_json(demo_store, tmp_path / "all.json")
    exported = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))["tables"]
    assert not set(exported) & set(KEPT_METADATA.tables)
    assert not set(Base.metadata.tables) & set(KEPT_METADATA.tables)


def test_a_full_run_in_a_child_process_keeps_what_a_full_evaluation_gives(demo_store: Any) -> None:
    refreshed = kept.refresh_in_child(demo_store, TODAY, full=True)
    assert refreshed.full and refreshed.written and refreshed.evaluated > 40
    assert kept_findings(demo_store) == evaluate_store(demo_store, TODAY)
    again = kept.refresh(demo_store, TODAY)
    assert not again.full and again.evaluated == 0  # kept, not evaluated again


def test_a_child_that_cannot_open_the_store_leaves_the_run_to_this_process(
    demo_store: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    url = demo_store.url
    monkeypatch.setattr(demo_store, "url", url + ".missing")  # what the child is told to open
    refreshed = kept.refresh_in_child(demo_store, TODAY, full=True)
    monkeypatch.setattr(demo_store, "url", url)
    assert refreshed.full and refreshed.written
    assert "refreshing here" in caplog.text
    assert kept_findings(demo_store) == evaluate_store(demo_store, TODAY)


def kept_tables(store: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every kept table's rows (texts by their messages, the generation left out)."""
    with store.read() as session:
        raw = kept_view.raw_connection(session)
        return {
            "findings": raw.execute(
                "SELECT f.owner, f.ordinal, f.rank, f.code, f.severity, f.article, f.subject_type,"
                " f.subject_id, f.project_id, t.zh, t.en, f.item, f.open, f.dismissed_reason,"
                " f.dismissal_key, f.details FROM kept_findings f JOIN kept_texts t ON t.id = f.text_id"
                " ORDER BY f.owner, f.ordinal"
            ).fetchall(),
            "texts": raw.execute("SELECT id, digest, zh, en FROM kept_texts ORDER BY id").fetchall(),
            "owners": raw.execute("SELECT * FROM kept_owners ORDER BY owner").fetchall(),
            "deps": raw.execute("SELECT owner, dep FROM kept_deps ORDER BY owner, dep").fetchall(),
            **{
                table: raw.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
                for table in ("dup_subjects", "dup_terms", "dup_postings", "dup_matches")
            },
            "meta": raw.execute("SELECT * FROM kept_meta WHERE key != 'generation' ORDER BY key").fetchall(),
        }  # fmt: skip


@pytest.fixture
def in_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Full runs of the demo in 2 worker processes, in slices of 7 projects (a large store's
    run, at the demo's size)."""
    import os

    monkeypatch.setattr(kept, "PARALLEL_FROM", 0)
    monkeypatch.setattr(kept, "CHUNK", 7)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.delenv(kept.WORKERS_ENV, raising=False)


def test_how_many_worker_processes_a_full_run_uses(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    monkeypatch.delenv(kept.WORKERS_ENV, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    assert kept.full_run_workers(kept.PARALLEL_FROM - 1) == 1
    assert kept.full_run_workers(kept.PARALLEL_FROM) == 4
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    assert kept.full_run_workers(10**6) == kept.MAX_WORKERS
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert kept.full_run_workers(10**6) == 1
    monkeypatch.setenv(kept.WORKERS_ENV, "1")  # the bench's run in one process
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    assert kept.full_run_workers(10**6) == 1
    monkeypatch.setenv(kept.WORKERS_ENV, "3")
    assert kept.full_run_workers(10) == 3


def test_a_full_run_in_worker_processes_keeps_what_one_process_keeps(
    demo_store: Any,
    in_workers: None,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level("INFO", logger=kept.__name__)
    refreshed = kept.refresh(demo_store, TODAY, full=True)
    assert refreshed.full and refreshed.written and refreshed.evaluated > 40
    assert "evaluated in 2 processes" in caplog.text
    assert kept_findings(demo_store) == evaluate_store(demo_store, TODAY)
    in_workers_rows = kept_tables(demo_store)
    monkeypatch.setattr(kept, "PARALLEL_FROM", 10**9)
    caplog.clear()
    kept.refresh(demo_store, TODAY, full=True)
    assert "evaluated in this process" in caplog.text
    assert kept_tables(demo_store) == in_workers_rows  # the same rows, the same text ids
    assert not kept.refresh(demo_store, TODAY).evaluated  # kept, not evaluated again


def test_facts_changed_while_the_workers_read_them_are_evaluated_here(
    demo_store: Any,
    in_workers: None,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Each worker reads in its own transaction: when a change was recorded meanwhile, their
    slices may disagree, and the run is done again in this process's transaction."""
    real = kept._current_seq

    def moved(session: Any, *, fresh: Any = None) -> int:  # another program wrote meanwhile
        return real(session, fresh=fresh) + (1 if fresh is not None else 0)

    monkeypatch.setattr(kept, "_current_seq", moved)
    caplog.set_level("INFO", logger=kept.__name__)
    assert kept.refresh(demo_store, TODAY, full=True).written
    assert "the facts changed during the full run" in caplog.text
    assert "evaluated in this process" in caplog.text
    assert kept_findings(demo_store) == evaluate_store(demo_store, TODAY)


def test_a_worker_process_that_dies_leaves_the_run_to_this_process(
    demo_store: Any,
    in_workers: None,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(kept, "_chunk_in_worker", _die)  # what the workers are given to run
    assert kept.refresh(demo_store, TODAY, full=True).written
    assert "a worker process of the full run ended" in caplog.text
    assert kept_findings(demo_store) == evaluate_store(demo_store, TODAY)


def _die(_task: Any) -> None:
    import os

    os._exit(3)


def test_an_edit_evaluates_its_project_again_and_nothing_else(demo_store: Any) -> None:
    kept.refresh(demo_store, TODAY)
    with demo_store.write() as session:
        doc = session.scalar(
            select(Document).where(Document.kind == DocKind.CRYPTO_PLAN).order_by(Document.id)
        )
        assert doc is not None
        doc.status = DocStatus.MISSING
        project_id = doc.project_id
    refreshed = kept.refresh(demo_store, TODAY)
    assert not refreshed.full and project_id in refreshed.changed
    assert refreshed.evaluated <= 3  # the project, and what reads it (its O&M project, if any)
    assert kept_findings(demo_store) == evaluate_store(demo_store, TODAY)


def test_a_new_day_evaluates_only_projects_whose_findings_can_change(demo_store: Any) -> None:
    kept.refresh(demo_store, TODAY)
    total = len(read_dataset(demo_store).projects)
    refreshed = kept.refresh(demo_store, TODAY + timedelta(days=1))
    assert 0 < refreshed.evaluated < total / 2
    assert kept_findings(demo_store) == evaluate_store(demo_store, TODAY + timedelta(days=1))


def test_a_changed_setting_evaluates_again_the_projects_that_read_it(demo_store: Any) -> None:
    from app.services.rule_settings import set_rule_setting

    kept.refresh(demo_store, TODAY)
    with demo_store.read() as session:
        readers = set(session.scalars(text("SELECT owner FROM kept_deps WHERE dep = 'set:assessment_period_months'")))  # fmt: skip
    total = len(read_dataset(demo_store).projects)
    assert 0 < len(readers) < total  # OM-ASSESS reads the period of running systems only
    with demo_store.write() as session:
        set_rule_setting(session, "assessment_period_months", 1)
    refreshed = kept.refresh(demo_store, TODAY)
    assert not refreshed.full and refreshed.evaluated == len(readers)
    assert refreshed.changed  # a month's period: more systems are overdue
    assert kept_findings(demo_store) == evaluate_store(demo_store, TODAY)


def test_a_new_rolling_plan_edition_evaluates_every_project_again(demo_store: Any) -> None:
    from app.models import RollingLine

    kept.refresh(demo_store, TODAY)
    # one line of an edition never entered: its years are covered for every project
    with demo_store.write() as session:
        start = (session.scalar(select(func.max(RollingLine.period_start))) or 2026) + 1
        pid = session.scalar(select(Project.id).order_by(Project.id))
        session.add(RollingLine(project_id=pid, period_start=start, year=start, amount_yuan=1))
    refreshed = kept.refresh(demo_store, TODAY)
    assert refreshed.evaluated == len(read_dataset(demo_store).projects)
    assert kept_findings(demo_store) == evaluate_store(demo_store, TODAY)


def test_a_system_reads_the_claims_of_the_projects_maintaining_it(demo_store: Any) -> None:
    """OM-ASSESS: an O&M project's request makes its system a running one; the system's
    findings change by the other project's facts."""
    from sqlalchemy import delete

    from app.models import BudgetLine, OMRequest, PlanLine
    from app.rules.facts import ConstructionType, Stage

    kept.refresh(demo_store, TODAY)
    with demo_store.write() as session:
        system = session.scalar(
            select(Project).where(Project.type == ConstructionType.NEW, Project.stage == Stage.CONSTRUCTION).order_by(Project.id)
        )  # fmt: skip
        om = session.scalar(select(Project).where(Project.type == ConstructionType.OM).order_by(Project.id))  # fmt: skip
        assert system is not None and om is not None
        om.system_project_id = system.id
        system_id, om_id, unit_id = system.id, om.id, om.unit_id
        for model in (OMRequest, PlanLine, BudgetLine):  # no claim yet: the system is not running
            session.execute(delete(model).where(model.project_id == om_id))
    kept.refresh(demo_store, TODAY)
    assert not any(f.code == "OM-ASSESS" and f.project_id == system_id for f in kept_findings(demo_store))  # fmt: skip
    assert kept_findings(demo_store) == evaluate_store(demo_store, TODAY)
    with demo_store.write() as session:  # a request of the O&M project alone: the system runs
        session.add(OMRequest(project_id=om_id, unit_id=unit_id, year=2026, amount_yuan=100_000))
    refreshed = kept.refresh(demo_store, TODAY)
    assert system_id in refreshed.changed
    assert any(f.code == "OM-ASSESS" and f.project_id == system_id for f in kept_findings(demo_store))  # fmt: skip
    assert kept_findings(demo_store) == evaluate_store(demo_store, TODAY)


def test_changed_rules_or_tracking_rebuild_everything(
    demo_store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept.refresh(demo_store, TODAY)
    monkeypatch.setattr(kept, "rules_version", lambda: "another version of the rules")
    assert kept.refresh(demo_store, TODAY).full
    monkeypatch.undo()
    with demo_store.write() as session:  # a trigger gone (say, an older program's migration)
        session.execute(text("DROP TRIGGER kept_documents_update"))
    assert kept.refresh(demo_store, TODAY).full
    with demo_store.read() as session:
        names = set(session.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())  # fmt: skip
    assert "kept_documents_update" in names
    assert kept_findings(demo_store) == evaluate_store(demo_store, TODAY)


def test_the_rules_version_is_the_same_in_every_process() -> None:
    """(Set constants' repr order changes with each process's hash seed.)"""
    code = f"import sys; sys.path.insert(0, {str(ROOT)!r}); from app.services.kept import rules_version; print(rules_version())"  # fmt: skip
    versions = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed},
        ).stdout.strip()
        for seed in ("1", "2", "3")
    }
    assert len(versions) == 1 and kept.rules_version() in versions


def test_a_read_only_store_with_findings_not_kept_is_evaluated_in_memory(
    demo_db: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.db"
    shutil.copyfile(demo_db, copy)
    store = open_store(str(copy), read_only=True)
    try:
        with pytest.raises(kept.KeptUnavailable):
            kept.refresh(store, TODAY)
        assert kept.current_for(store, TODAY) == evaluate_store(store, TODAY)
    finally:
        store.close()
    writable = open_store(str(copy))
    kept.refresh(writable, TODAY)
    writable.close()
    store = open_store(str(copy), read_only=True)  # now current: read as kept
    try:
        assert not kept.refresh(store, TODAY).written
        assert kept.current_for(store, TODAY) == evaluate_store(store, TODAY)
    finally:
        store.close()


def test_the_project_list_counts_come_from_the_kept_owners(demo_store: Any) -> None:
    kept.refresh(demo_store, TODAY)
    found = evaluate_store(demo_store, TODAY)
    view = kept_view.KeptView(demo_store)
    assert view.counts() == kept_view.ListView(found).counts()
    assert view.totals() == kept_view.count_open(found)
    with demo_store.read() as session:
        pid = session.scalar(select(Project.id).order_by(Project.id))
    assert view.of_project(pid) == [f for f in found if f.project_id == pid]
    assert view.with_codes(["DOS-DATACAT"]) == [f for f in found if f.code == "DOS-DATACAT"]


def test_the_project_list_rereads_only_changed_rows_from_a_freshly_checked_store(
    demo_store: Any,
) -> None:
    """Right after a full check nothing has changed yet (no change recorded): the list's next
    read after an edit is still of the edited project only, not of every row."""
    from app.services.projects import changed_projects

    kept.refresh(demo_store, TODAY, full=True)
    with demo_store.write() as session:
        session.execute(text("DELETE FROM fact_changes"))
    with demo_store.read() as session:
        last, changed = changed_projects(session, None)
    assert last == 0 and changed is None  # the first read reads everything, from change 0 on
    with demo_store.write() as session:
        project = session.scalar(select(Project).order_by(Project.id))
        assert project is not None
        project.name += "（改）"
    with demo_store.read() as session:
        assert changed_projects(session, last)[1] == {project.id}
    with demo_store.write() as session:  # without the tracking, no row can be trusted as read
        session.execute(text("DROP TRIGGER kept_projects_update"))
        session.execute(text("DELETE FROM fact_changes"))
    with demo_store.read() as session:
        assert changed_projects(session, None)[0] is None
