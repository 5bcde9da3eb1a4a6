"""export-json / import-json: identical round trip; any problem rejects the whole file."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from app.models import (
    Acceptance,
    Approval,
    Attachment,
    AuditCheckpoint,
    AuditEntry,
    BudgetLine,
    ChangeRecord,
    Document,
    DocumentPart,
    Expert,
    ExpertAvoidance,
    ExpertReview,
    FindingDismissal,
    ListEntry,
    MergedPackage,
    OMRequest,
    PerformanceEvaluation,
    PlanLine,
    Project,
    ProjectParticipant,
    ProjectReview,
    RectificationOrder,
    RegisteredSystem,
    ReviewRound,
    RollingLine,
    RoundExpert,
    RoundProject,
    RuleSetting,
    TrustedKey,
    Unit,
    UnitSanction,
)
from app.models.db import Store
from app.rules.facts import ApprovalStep, ConstructionType, DocKind, DocStatus, SanctionArticle
from app.services.jsonio import (
    ExportSummary,
    ImportRejected,
    ImportSummary,
    dataset_bytes,
    dataset_dict,
    export_json,
    import_json,
    tables,
)
from app.services.store import open_store

NOW = datetime(2026, 11, 25, 9, 30)


def build_small(store: Store) -> None:
    """Two units and three projects touching every table, CJK text and big amounts."""
    with store.write() as s:
        s.info["audit_off"] = True  # the fixture writes its own audit rows below
        finance = Unit(id=1, name="区财政局", short_name="财政局")
        big_data = Unit(id=2, name="区大数据发展局", contact="张三 023-1234\t分机 8")
        s.add_all([finance, big_data])
        s.flush()
        # project 1 is part of system project 3: a self-reference to a later id
        p1 = Project(id=1, code="JJ-2026-001", name="智慧财政一期", unit_id=1,
                     type=ConstructionType.NEW, total_investment_yuan=12_345_678,
                     declared_yuan=9_000_000_000_000, completed_on=date(2024, 2, 29),
                     content="建设内容\n第二行")  # fmt: skip
        p3 = Project(id=3, code="JJ-2026-003", name="政务云平台", unit_id=2,
                     type=ConstructionType.UPGRADE, total_investment_yuan=0)  # fmt: skip
        s.add_all([p1, p3])
        s.flush()
        p1.system_project_id = 3
        s.add_all([
            ProjectParticipant(project_id=1, unit_id=2),
            UnitSanction(unit_id=2, article=SanctionArticle.ART28, imposed_on=date(2025, 3, 1)),
            RegisteredSystem(unit_id=1, name="预算一体化系统"),
            Approval(project_id=1, step=ApprovalStep.ONE_STEP, approved_on=date(2025, 6, 30),
                     approved_amount_yuan=11_000_000),
            ChangeRecord(project_id=1, recorded_on=date(2025, 7, 1), new_total_yuan=11_500_000),
            ListEntry(project_id=1, year=2026, listed_on=date(2026, 1, 5)),
            PlanLine(project_id=1, year=2026, amount_yuan=5_000_000, district_yuan=5_000_000),
            BudgetLine(project_id=1, year=2026, amount_yuan=4_000_000, budget_code="2130101"),
            RollingLine(project_id=3, period_start=2026, year=2027, amount_yuan=1),
            Acceptance(project_id=1, accepted_on=date(2026, 10, 8), reviewed_energy=True),
            OMRequest(project_id=3, unit_id=2, year=2027, amount_yuan=800_000),
            RectificationOrder(unit_id=2, project_id=3, issued_on=date(2026, 9, 1),
                               deadline=date(2026, 10, 31), subject="整改：未上云"),
            PerformanceEvaluation(project_id=1, report_on=date(2026, 11, 1), third_party=True),
            ProjectReview(project_id=1, reviewer="李四", answers='{"q1": {"answer": "yes"}}',
                          updated_at=datetime(2026, 11, 2, 14, 5, 6)),
            FindingDismissal(code="DUP-SIMILAR", subject_type="project", subject_id=1,
                             key="3", reason="不同系统", dismissed_at=datetime(2026, 11, 3, 8)),
            RuleSetting(key="assessment_period_months", value=24),
        ])  # fmt: skip
        document = Document(project_id=1, kind=DocKind.FSR, status=DocStatus.SUBMITTED,
                            number="江津发改〔2026〕12号")  # fmt: skip
        s.add(document)
        s.flush()
        s.add(DocumentPart(document_id=document.id, part="ch1", code="1.1"))
        # expert review (app/models/review.py)
        s.add(Expert(id=1, name="王五", organisation="重庆大学", specialties="网络安全",
                     key_id="c" * 32, public_key="04cd", key_registered_at=datetime(2026, 11, 1, 9)))  # fmt: skip
        s.add(
            ReviewRound(
                id=1, uid="0b6c1f9e-3a52-4c1e-9d0e-1f2a3b4c5d6e", name="第一批", rubric="[]"
            )
        )
        s.flush()
        s.add_all([
            ExpertAvoidance(expert_id=1, unit_id=2, reason="曾任顾问"),
            RoundProject(round_id=1, project_id=1),
            RoundExpert(round_id=1, expert_id=1),
            ExpertReview(round_id=1, project_id=1, expert_id=1, conclusion="agree", suggested_yuan=10_000_000),
            MergedPackage(package_id="5f0e2d1c-0000-4000-8000-000000000001", round_id=1, expert_id=1, direction="back"),
        ])  # fmt: skip
        # audit trail and attachments (app/models/audit.py)
        at = datetime(2026, 11, 2, 14, 5, 6)
        s.add_all([
            AuditEntry(seq=1, at=at, actor="张三", table_name="projects", row_id="1", project_id=1,
                       operation="update", before='{"name":"旧"}', after='{"name":"新"}',
                       prev_hash="0" * 64, hash="a" * 64),
            AuditCheckpoint(seq=1, head_hash="a" * 64, at=at, algorithm="SM2-SM3", key_id="k1",
                            public_key="04ab", signature="3045"),
            Attachment(project_id=1, item_key="fsr", sha256="b" * 64, size=12, filename="可研.pdf",
                       media_type="application/pdf", attached_at=at),
            TrustedKey(key_id="k1", public_key="04ab", label="二号机", trusted_at=at, trusted_by="张三"),
        ])  # fmt: skip


@pytest.fixture
def small_db(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "small.db"
    store = open_store(str(path), create=True)
    build_small(store)
    store.close()
    yield path


def export(db: Path, out: Path) -> dict[str, Any]:
    store = open_store(str(db))
    export_json(store, out, now=NOW)
    store.close()
    data = json.loads(out.read_text(encoding="utf-8"))
    data.pop("exported_at")
    return data


def db_digest(db: Path, tmp_path: Path) -> str:
    store = open_store(str(db))
    with store.read() as session:
        data = dataset_dict(session, now=NOW)
    store.close()
    return hashlib.sha256(json.dumps(data, ensure_ascii=False).encode()).hexdigest()


def without_import_entry(data: dict[str, Any], source: Path) -> dict[str, Any]:
    """The dataset minus the audit entry the import appended (checked: it names the file)."""
    entry = data["tables"]["audit_entries"].pop()
    after = json.loads(entry["after"])
    assert entry["operation"] == "import" and after["file"] == source.name
    assert after["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    return data


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")  # \uXXXX escapes, lone surrogates too
    return path


def rejected(db: Path, source: Path, *, replace: bool = False) -> list[Any]:
    store = open_store(str(db), create=True)
    try:
        with pytest.raises(ImportRejected) as info:
            import_json(store, source, replace=replace)
    finally:
        store.close()
    return info.value.problems


def test_small_round_trip_gives_identical_bytes(small_db: Path, tmp_path: Path) -> None:
    store = open_store(str(small_db))
    summary = export_json(store, tmp_path / "a.json", now=NOW)
    store.close()
    assert isinstance(summary, ExportSummary)
    assert all(summary[t.name] >= 1 for t in tables()), summary.counts
    first = (tmp_path / "a.json").read_bytes()
    data = json.loads(first)
    assert list(data) == ["format", "version", "exported_at", "tables"]
    assert [t["id"] for t in data["tables"]["projects"]] == [1, 3]
    project = data["tables"]["projects"][0]
    assert project["declared_yuan"] == 9_000_000_000_000 and project["type"] == "新建"
    assert project["completed_on"] == "2024-02-29" and project["system_project_id"] == 3
    assert data["tables"]["project_reviews"][0]["updated_at"] == "2026-11-02T14:05:06"
    assert "区财政局" in first.decode("utf-8")  # ensure_ascii=False

    target = tmp_path / "copy.db"
    store = open_store(str(target), create=True)
    result = import_json(store, tmp_path / "a.json")
    export_json(store, tmp_path / "b.json", now=NOW)
    store.close()
    assert isinstance(result, ImportSummary) and not result.replaced
    assert result.counts == summary.counts
    second = without_import_entry(
        json.loads((tmp_path / "b.json").read_bytes()), tmp_path / "a.json"
    )
    assert dataset_bytes(second) == first


def test_demo_round_trip_is_identical(demo_db: Path, tmp_path: Path) -> None:
    first = export(demo_db, tmp_path / "a.json")
    assert len(first["tables"]["projects"]) == 48
    target = tmp_path / "copy.db"
    store = open_store(str(target), create=True)
    counts = import_json(store, tmp_path / "a.json")
    store.close()
    assert counts["projects"] == 48
    assert without_import_entry(export(target, tmp_path / "b.json"), tmp_path / "a.json") == first


def mutate(data: dict[str, Any], table: str, index: int, column: str, value: Any) -> None:
    data["tables"][table][index][column] = value


@pytest.mark.parametrize(
    ("table", "column", "value", "text"),
    [
        ("projects", "total_investment_yuan", 12.5, "整数"),
        ("projects", "total_investment_yuan", 100.0, "整数"),
        ("projects", "total_investment_yuan", True, "整数"),
        ("projects", "total_investment_yuan", "1000", "整数"),
        ("projects", "total_investment_yuan", -1, "负数"),
        ("projects", "declared_yuan", 2**63, "超出范围"),
        ("projects", "completed_on", "2024-02-30", "日期不存在"),
        ("projects", "completed_on", "2024/02/03", "YYYY-MM-DD"),
        ("project_reviews", "updated_at", "2026-13-01T00:00:00", "ISO 8601"),
        ("projects", "type", "新建项目", "无效"),
        ("documents", "status", "done", "无效"),
        ("projects", "unit_id", 9999, "不存在"),
        ("document_parts", "document_id", 9999, "不存在"),
        ("projects", "name", "名称\x07", "控制字符"),
        ("units", "name", "财政\ud800局", "无效字符"),
        ("projects", "code", "x" * 65, "过长"),
        ("projects", "cross_department", 1, "true/false"),
        ("projects", "type", None, "必填"),
        ("projects", "extra_column", 1, "未知的列"),
    ],
)
def test_each_problem_is_located_and_nothing_changes(
    small_db: Path, tmp_path: Path, table: str, column: str, value: Any, text: str
) -> None:
    data = export(small_db, tmp_path / "a.json")
    data["exported_at"] = "2026-11-25T00:00:00"
    mutate(data, table, 0, column, value)
    target = tmp_path / "t.db"
    problems = rejected(target, write_json(tmp_path / "bad.json", data))
    hits = [p for p in problems if p.where == f"tables.{table}[0].{column}"]
    assert hits and text in hits[0].message_zh, problems
    assert hits[0].message_en
    store = open_store(str(target))
    with store.read() as session:
        assert all(not rows for rows in dataset_dict(session)["tables"].values())
    store.close()


def test_duplicates_are_rejected(small_db: Path, tmp_path: Path) -> None:
    data = export(small_db, tmp_path / "a.json")
    data["tables"]["units"][1]["id"] = 1  # duplicate id
    data["tables"]["projects"][1]["code"] = "JJ-2026-001"  # unique column
    data["tables"]["documents"].append(
        dict(data["tables"]["documents"][0], id=99)
    )  # (project, kind)
    problems = rejected(tmp_path / "t.db", write_json(tmp_path / "bad.json", data))
    wheres = {p.where: p for p in problems}
    assert "重复" in wheres["tables.units[1].id"].message_zh
    assert "重复" in wheres["tables.projects[1].code"].message_zh
    assert "tables.documents[1].project_id" in wheres


def test_duplicate_keys_nan_and_unknown_table(small_db: Path, tmp_path: Path) -> None:
    export(small_db, tmp_path / "a.json")
    text = (tmp_path / "a.json").read_text(encoding="utf-8")
    text = text.replace('"total_investment_yuan": 12345678', '"total_investment_yuan": NaN', 1)
    text = text.replace('"name": "区财政局",', '"name": "区财政局", "name": "别名",', 1)
    text = text.replace('"tables": {', '"tables": {\n "audit": [],', 1)
    bad = tmp_path / "bad.json"
    bad.write_text(text, encoding="utf-8")
    problems = rejected(tmp_path / "t.db", bad)
    wheres = {p.where for p in problems}
    assert {
        "tables.projects[0].total_investment_yuan",
        "tables.units[0].name",
        "tables.audit",
    } <= wheres, problems


def test_all_problems_in_one_pass(small_db: Path, tmp_path: Path) -> None:
    data = export(small_db, tmp_path / "a.json")
    data["version"] = 7
    mutate(data, "projects", 0, "total_investment_yuan", "1000")
    mutate(data, "plan_lines", 0, "year", None)
    mutate(data, "units", 1, "name", "局\x00")
    del data["tables"]["documents"][0]["kind"]
    problems = rejected(tmp_path / "t.db", write_json(tmp_path / "bad.json", data))
    assert {
        "version",
        "tables.projects[0].total_investment_yuan",
        "tables.plan_lines[0].year",
        "tables.units[1].name",
        "tables.documents[0].kind",
    } <= {p.where for p in problems}


@pytest.mark.parametrize(
    ("content", "where", "text"),
    [
        ('{"format": "reviewdesk-dataset",\n "tables": [', "line 2, column", "第2行"),
        ("[1, 2]", "$", "JSON 对象"),
        ('{"format": "other", "version": 1, "tables": {}}', "format", "format"),
        ('{"format": "reviewdesk-dataset", "version": 2, "tables": {}}', "version", "版本"),
        ('{"format": "reviewdesk-dataset", "version": true, "tables": {}}', "version", "版本"),
        ('{"format": "reviewdesk-dataset", "version": 1}', "tables", "tables"),
        ("[" * 100_000, "$", "嵌套"),
    ],
)
def test_bad_documents(tmp_path: Path, content: str, where: str, text: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    problems = rejected(tmp_path / "t.db", bad)
    assert problems[0].where.startswith(where) and text in problems[0].message_zh, problems


def test_not_utf8(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes('{"tables": "区"}'.encode("gbk"))
    assert "UTF-8" in rejected(tmp_path / "t.db", bad)[0].message_zh


def test_non_empty_database_needs_replace(small_db: Path, demo_db: Path, tmp_path: Path) -> None:
    export(small_db, tmp_path / "small.json")
    before = db_digest(demo_db, tmp_path)
    problems = rejected(demo_db, tmp_path / "small.json")
    assert problems[0].where == "$" and "--replace" in problems[0].message_zh
    assert db_digest(demo_db, tmp_path) == before

    store = open_store(str(demo_db))
    result = import_json(store, tmp_path / "small.json", replace=True)
    export_json(store, tmp_path / "again.json", now=NOW)
    store.close()
    assert result.replaced
    if store.path is not None:  # a file: verified backup first; a server backs itself up (DB-9)
        assert result.backup is not None and result.backup.exists()
    else:
        assert result.backup is None
    assert result["projects"] == 2
    again = without_import_entry(export(demo_db, tmp_path / "again.json"), tmp_path / "small.json")
    assert again == export(small_db, tmp_path / "s2.json")


def test_replace_with_a_bad_file_changes_nothing(
    small_db: Path, demo_db: Path, tmp_path: Path
) -> None:
    data = export(small_db, tmp_path / "a.json")
    data["exported_at"] = "2026-11-25T00:00:00"
    mutate(data, "om_requests", 0, "amount_yuan", -5)
    before = db_digest(demo_db, tmp_path)
    problems = rejected(demo_db, write_json(tmp_path / "bad.json", data), replace=True)
    assert [p.where for p in problems] == ["tables.om_requests[0].amount_yuan"]
    assert db_digest(demo_db, tmp_path) == before


def test_failure_during_the_write_rolls_back(
    small_db: Path, demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash in the middle of the inserts (after the deletes) leaves the database as it was."""
    from app.services import jsonio

    export(small_db, tmp_path / "a.json")
    before = db_digest(demo_db, tmp_path)
    real = jsonio._insert_rows

    def failing(session: Any, table: Any, rows: Any) -> None:
        if table.name == "documents":
            raise OSError(28, "No space left on device")
        real(session, table, rows)

    monkeypatch.setattr(jsonio, "_insert_rows", failing)
    store = open_store(str(demo_db))
    with pytest.raises(OSError):
        import_json(store, tmp_path / "a.json", replace=True)
    store.close()
    assert db_digest(demo_db, tmp_path) == before


def test_a_not_applicable_prerequisite_is_imported_as_it_is_and_reported(
    small_db: Path, tmp_path: Path, capsys: Any
) -> None:
    """A file from before the second reading: the row is kept, the import says what it means."""
    data = export(small_db, tmp_path / "a.json")
    data["exported_at"] = "2026-11-25T00:00:00"
    data["tables"]["documents"].append({**data["tables"]["documents"][0], "id": 99,
        "kind": "data_catalogue", "status": "na", "na_reason": "不涉及数据", "number": ""})  # fmt: skip
    source = write_json(tmp_path / "old.json", data)
    store = open_store(str(tmp_path / "t.db"), create=True)
    try:
        summary = import_json(store, source)
        with store.read() as session:
            row = session.get(Document, 99)
            assert (
                row is not None and row.status == DocStatus.NOT_APPLICABLE
            )  # not silently changed
            assert row.na_reason == "不涉及数据"
    finally:
        store.close()
    assert [n.where for n in summary.notices] == ["tables.documents[1].status"]
    assert (
        "数据资源目录" in summary.notices[0].message_zh
        and "第十四条" in summary.notices[0].message_zh
    )
    assert "missing" in summary.notices[0].message_en
    from app.cli import main

    assert main(["import-json", "--db", str(tmp_path / "cli.db"), str(source)]) == 0
    out = capsys.readouterr().out
    assert "tables.documents[1].status" in out and "请注意" in out


def test_docs_list_every_column_as_the_generator_does() -> None:
    """docs/data-format.md holds the generated table reference: regenerate it when models change."""
    import runpy
    from contextlib import redirect_stdout
    from io import StringIO

    root = Path(__file__).resolve().parents[2]
    buffer = StringIO()
    with redirect_stdout(buffer):
        runpy.run_path(str(root / "tools" / "data_format_doc.py"), run_name="__main__")
    docs = (root / "docs" / "data-format.md").read_text(encoding="utf-8")
    assert buffer.getvalue().strip() in docs, "run tools/data_format_doc.py and update the docs"
