"""SEC-5: personal-data hygiene.

Canary values (an ID-card number, a mobile number, a bank card) go into every expert's 联系方式
through the expert-pool service, and a mobile number beside a name into every project's 项目责任人
(as raw rows with a stray control character, as a database edited elsewhere holds them, so that
the exports' sanitizer has something to remove and log). Then, with the root logger at DEBUG into
a file in the data folder: every export (plan tables, submission workbook, Word replies, PDF
checklists, the round's group opinion and score sheet, review packages out and back, the JSON
dataset); a project edit and an expert save that fail with a database error (injected), the first
through the app's edit path (logged), the second and a harmless unexpected error through the app's
sys.excepthook (what it passes on is the crash report the windowed launcher shows); a backup.
Every file produced is grepped: raw bytes, zip members (.docx, .xlsx, .rdpkg, recursively), PDF
text. The database and its backups hold the canaries (no field encryption): counted, not held to 0.
"""

from __future__ import annotations

import io
import logging
import re
import sqlite3
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import event, select

from app.crypto import fingerprint
from app.models import Expert, ReviewRound
from app.models.backups import daily_backup
from app.models.db import Store
from app.models.migrate import backup
from app.paths import data_dir, logs_dir
from app.services import checklists, opinions, plan_tables
from app.services import packages as pk
from app.services.experts import ExpertInput, ExpertReviewInput, save_expert
from app.services.group_opinion import write_group_opinion, write_scores_xlsx
from app.services.jsonio import export_json
from app.services.opinion_gate import Draft
from app.services.project_edit import load_project_input, save_project
from app.services.store import open_store
from app.services.submission_export import write_submission

pytestmark = pytest.mark.reliability
TODAY = date(2026, 11, 25)
YEAR = 2027
#: in the experts' 联系方式: an ID-card number (valid check character), a mobile, a bank card
EXPERT = {"id_card": "11010519491231002X", "mobile": "13987654321", "bank": "6222021001112223334"}
#: in the projects' 项目责任人, beside the name
RESPONSIBLE = "13712340987"
CANARIES = {**EXPERT, "responsible_mobile": RESPONSIBLE}
#: exports that carry a canary because the user exported that field: the whole dataset (every
#: column, the product's data-exchange format), and the 项目责任人 column of the 计划表 and of the
#: submission workbook. No export carries an expert's contact details but the JSON dataset.
EXPECTED = {"json": set(CANARIES), "plan-plan": {"responsible_mobile"}, "submission": {"responsible_mobile"}}  # fmt: skip


def found_in(path: Path, pdf_chars: list[int]) -> set[str]:
    """The canaries in a file: its bytes, its zip members (recursively), a PDF's text."""
    return _found(path.read_bytes(), pdf_chars)


def _found(data: bytes, pdf_chars: list[int]) -> set[str]:
    hits = {k for k, v in CANARIES.items() if v.encode() in data}
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for member in z.namelist():
                hits |= _found(z.read(member), pdf_chars)
    elif data[:5] == b"%PDF-":
        text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))  # fmt: skip
        pdf_chars.append(len(text))
        hits |= {k for k, v in CANARIES.items() if v in text}
    return hits


def seed(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("UPDATE projects SET responsible_person = ?", (f"王明华\x0b {RESPONSIBLE}",))
    conn.commit()
    conn.close()
    store = open_store(str(db))
    try:
        with store.write() as session:  # as the 专家库 form saves them
            for e in session.scalars(select(Expert).order_by(Expert.id)):
                save_expert(session, expert_input(e), expert_id=e.id)
    finally:
        store.close()


def expert_input(e: Expert) -> ExpertInput:
    contact = f"{e.contact} 手机{EXPERT['mobile']} 身份证{EXPERT['id_card']} 工资卡{EXPERT['bank']}"
    return ExpertInput(e.name, e.organisation, e.unit_id, e.specialties, contact,
                       tuple(a.unit_id for a in e.avoidances))  # fmt: skip


@pytest.fixture
def debug_log() -> Iterator[Path]:
    """The root logger at DEBUG into a file in the data folder's logs/."""
    path = logs_dir() / "reviewdesk.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield path
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        handler.close()


def exports(store: Store, out: Path) -> dict[str, list[Path]]:
    """Every export kind: {kind: files}."""
    made = {f"plan-{k}": [plan_tables.write_plan(store, YEAR, k, out / f"plan-{k}.xlsx", today=TODAY)] for k in plan_tables.KINDS}  # fmt: skip
    made["submission"] = [write_submission(store, YEAR, out / "submission.xlsx")]
    with store.read() as session:
        rnd = session.scalars(select(ReviewRound).where(ReviewRound.confirmed)).one()
        round_id, reviewed = rnd.id, [rp.project_id for rp in rnd.projects]
    made["opinion"] = opinions.write_opinions_for_year(store, YEAR, out / "replies", today=TODAY).written  # fmt: skip
    draft = Draft("SEC-5")  # a reply the approval gate refuses is written as a draft
    made["opinion"] += [opinions.write_opinion(store, p, k, out / f"opinion-{p}-{k}.docx", today=TODAY, draft=draft)
                        for p in reviewed for k in opinions.KINDS]  # fmt: skip
    made["checklist"] = [checklists.write_checklist_pdf(store, p, k, out / f"checklist-{p}-{k}.pdf", today=TODAY)
                         for p in reviewed for k in checklists.KINDS]  # fmt: skip
    made["group_opinion"] = [
        write_group_opinion(store, round_id, out / "group.docx", today=TODAY, draft=draft)
    ]
    made["score_sheet"] = [write_scores_xlsx(store, round_id, out / "scores.xlsx")]
    made["package_out"] = pk.export_round_packages(store, round_id, out / "packages", today=TODAY)
    work = pk.ReviewerWorkspace.open(made["package_out"][0])  # the expert's side: draft, return
    for project in work.projects:
        work.save_form(project["id"], ExpertReviewInput(conclusion="agree", opinion="同意"))
    made["package_back"] = [work.write_return(out / work.default_return_name())]
    confirmed = fingerprint(work.signer.key_id)  # the DRC checked it with the expert by phone
    pk.merge_return(store, made["package_back"][0], confirm_replace=True, trust_key=confirmed)
    made["json"] = [export_json(store, out / "dataset.json").path]
    return made


def failing_writes(store: Store, monkeypatch: pytest.MonkeyPatch, hook: Any) -> list[str]:
    """A disk I/O error at the UPDATE of a project edit (through the app's run_edit, which logs
    it) and of an expert save (uncaught by the experts tab: through sys.excepthook). Returns the
    messages the user was shown."""
    from app.ui import commands

    def fail(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.startswith(("UPDATE projects", "UPDATE experts")):
            raise sqlite3.OperationalError("disk I/O error")

    shown: list[str] = []
    monkeypatch.setattr(commands.QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))  # fmt: skip
    event.listen(store.engine, "before_cursor_execute", fail)
    try:
        edit = lambda s: save_project(s, replace(load_project_input(s, 1), responsible_person=f"李四 {RESPONSIBLE}"), 1, today=TODAY)  # noqa: E731  # fmt: skip
        assert commands.run_edit(SimpleNamespace(store=store), "责任人", 1, edit) is None  # type: ignore[arg-type]
        try:
            with store.write() as session:
                expert = session.scalars(select(Expert).order_by(Expert.id)).first()
                assert expert is not None
                save_expert(session, replace(expert_input(expert), contact=f"手机{EXPERT['mobile']} 身份证{EXPERT['id_card']}"), expert_id=expert.id)  # fmt: skip
        except Exception as exc:  # the crash path: the app's hook gets it
            hook(type(exc), exc, exc.__traceback__)
        else:
            pytest.fail("the injected error did not reach the expert save")
    finally:
        event.remove(store.engine, "before_cursor_execute", fail)
    return shown


def unexpected_error(hook: Any) -> None:
    """A harmless message, raised while a frame holds personal data."""

    def export_contact(contact: str) -> None:
        assert contact
        raise RuntimeError("导出时发生意外错误 / unexpected error during export")

    try:
        export_contact(f"手机{EXPERT['mobile']}")
    except RuntimeError as exc:
        hook(type(exc), exc, exc.__traceback__)


def test_sec5_canaries(demo_db: Path, tmp_path: Path, debug_log: Path, qapp: Any,
                       monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    from app.ui.app import AppController

    seed(demo_db)
    out = tmp_path / "exports"
    out.mkdir()
    # the app's hook, passing on to Python's default hook, which prints to stderr: captured
    hook = AppController(qapp).error_hook(sys.__excepthook__)
    crash = io.StringIO()
    store = open_store(str(demo_db))
    try:
        made = exports(store, out)
        with monkeypatch.context() as patch:
            patch.setattr(sys, "stderr", crash)
            shown = failing_writes(store, patch, hook)
            unexpected_error(hook)
    finally:
        store.close()
    crash_file = data_dir() / "crash-report.txt"
    crash_file.write_text(crash.getvalue(), encoding="utf-8")
    backups = [backup(demo_db, "manual", datetime(2026, 11, 25, 3, 0)), daily_backup(demo_db, TODAY)]  # fmt: skip
    for handler in logging.getLogger().handlers:
        handler.flush()

    kind_of = {p: kind for kind, paths in made.items() for p in paths}
    produced = sorted(p for root in (data_dir(), tmp_path) for p in root.rglob("*") if p.is_file())
    pdf_chars: list[int] = []
    hits = {p: found_in(p, pdf_chars) for p in produced}
    logs = [p for p in produced if p.is_relative_to(logs_dir())]
    databases = [p for p in produced if p.suffix == ".db"]
    other = [p for p in produced if p not in kind_of and p not in logs and p not in databases and p != crash_file]  # fmt: skip
    log_text, crash_text = debug_log.read_text(encoding="utf-8"), crash.getvalue()
    log_hits = sum(p.read_text(encoding="utf-8").count(v) for p in logs for v in CANARIES.values())
    crash_hits = sum(crash_text.count(v) for v in CANARIES.values())
    unexpected = {p.name: sorted(hits[p]) for p, kind in kind_of.items() if hits[p] != EXPECTED.get(kind, set())}  # fmt: skip
    with_canary = sorted(p.name for p in kind_of if hits[p])
    raw = demo_db.read_bytes()
    db_raw_hits = sum(raw.count(v.encode()) for v in CANARIES.values())
    shown_hits = sum(v in text for text in shown for v in CANARIES.values())
    print(
        f"SEC-5: files={len(produced)} exports={len(kind_of)} canary_hits_logs={log_hits} canary_hits_crash={crash_hits} "
        f"canary_hits_other_files={sum(len(hits[p]) for p in other)} exports_with_canary={len(with_canary)} "
        f"(where expected: {', '.join(with_canary)}: the JSON dataset, 项目责任人 columns) unexpected={unexpected} "
        f"db_raw_hits={db_raw_hits} backups_with_canary={sum(bool(hits[b]) for b in backups if b)}/{sum(1 for b in backups if b)} "
        f"(no field encryption) ui_message_hits={shown_hits}"
    )
    # the paths ran: exports of every kind, the sanitizer's log line, both failures logged / reported
    assert len(made) == 12 and all(made.values()) and min(pdf_chars) > 100
    assert "removed 1 character(s)" in log_text and "edit refused by the store" in log_text
    assert "sqlalchemy.exc.OperationalError" in crash_text and "disk I/O error" in crash_text
    assert "RuntimeError: 导出时发生意外错误" in crash_text
    assert (log_hits, crash_hits, shown_hits) == (0, 0, 0)
    assert not unexpected and not any(hits[p] for p in other)
    assert db_raw_hits > 0 and all(hits[b] == set(CANARIES) for b in backups if b)
