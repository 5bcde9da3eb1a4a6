"""The command line: demo, check (table / JSON / --fail-on), exit codes for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, main
from app.rules.catalogue import RULES, Area

TODAY = "2026-11-25"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_json_covers_every_area_and_has_the_contract_fields(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "check", "--db", str(demo_db), "--today", TODAY, "--json")
    assert code == EXIT_OK
    records = json.loads(out)
    for record in records:
        assert {
            "code",
            "severity",
            "article",
            "subject_type",
            "subject_id",
            "project",
            "message",
        } <= record.keys()
        # the catalogue's article, or the one of its articles applied (UNIT-BLOCKED: 28 or 29)
        assert record["article"] in (
            RULES[record["code"]].article,
            *RULES[record["code"]].article.split(", "),
        )
    areas = {RULES[r["code"]].area for r in records if r["severity"] != "info"}
    areas |= {RULES[r["code"]].area for r in records}
    assert areas == set(Area)
    assert {r["code"] for r in records} == set(RULES)  # the demo exercises every code


def test_check_table_in_english_and_global_db_option(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--db", str(demo_db), "check", "--today", TODAY, "--lang", "en")
    assert code == EXIT_OK
    assert out.splitlines()[0].split("\t")[:3] == ["code", "severity", "article"]
    assert "findings:" in out.splitlines()[-1]


def test_fail_on_sets_exit_code(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run(capsys, "check", "--db", str(demo_db), "--today", TODAY, "--fail-on", "blocker")[0]
        == EXIT_FINDINGS
    )


def test_fail_on_clean_database_is_ok(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "empty.db"
    from app.services.store import open_store

    open_store(str(db), create=True).close()
    assert run(capsys, "check", "--db", str(db), "--fail-on", "info")[0] == EXIT_OK


def test_bad_today_is_bad_input(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", "--db", str(demo_db), "--today", "2026/11/25")
    assert code == EXIT_BAD_INPUT
    assert "YYYY-MM-DD" in err


def test_demo_refuses_to_overwrite_without_force(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.services.store import open_store
    from tests.dbstate import content_hash

    store = open_store(str(demo_db))
    before = content_hash(store)
    code, _, err = run(capsys, "demo", "--db", str(demo_db), "--today", TODAY)
    assert code == EXIT_BAD_INPUT
    if store.path is not None:
        assert "--force" in err
    else:  # a server database is never emptied by `demo`
        assert "不是空数据库" in err
    assert content_hash(store) == before
    store.close()


def test_demo_creates_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "sub" / "demo.db"
    code, out, _ = run(capsys, "demo", "--db", str(db), "--today", TODAY)
    assert code == EXIT_OK
    assert db.exists() or "postgresql" in out  # DB-9 runs this against a server database
    code, out, _ = run(capsys, "check", "--db", str(db), "--today", TODAY, "--json")
    assert len(json.loads(out)) > 100


def test_export_then_import_json(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "all.json"
    assert run(capsys, "export-json", "--db", str(demo_db), str(out))[0] == EXIT_OK
    target = tmp_path / "copy.db"
    code, text, _ = run(capsys, "import-json", "--db", str(target), str(out))
    assert code == EXIT_OK and "projects" in text
    bad = tmp_path / "bad.json"
    bad.write_text(
        out.read_text(encoding="utf-8").replace('"version": 1', '"version": 2'), encoding="utf-8"
    )
    code, _, err = run(capsys, "import-json", "--db", str(tmp_path / "other.db"), str(bad))
    assert code == EXIT_BAD_INPUT and "version" in err


@pytest.mark.sqlite_only("findings are kept on SQLite only")
@pytest.mark.parametrize("argv", [(), ("--lang", "en"), ("--all",)])
def test_check_prints_the_kept_findings_as_the_engine_gives_them(
    demo_db: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: tuple[str, ...],
) -> None:
    """The kept findings' table (lines made by SQLite, written as UTF-8 bytes when stdout is
    UTF-8, as text otherwise) is the table of a full evaluation in memory, byte for byte."""
    import io
    from datetime import date

    from app.commands.core import print_table
    from app.services import kept
    from app.services.snapshot import evaluate_store
    from app.services.store import open_store

    store = open_store(str(demo_db))
    try:
        if not kept.supported(store):
            pytest.skip("findings are kept on SQLite only")
        found = evaluate_store(store, date.fromisoformat(TODAY))
    finally:
        store.close()
    lang = "en" if "en" in argv else "zh"
    print_table(
        (
            (f.code, f.severity.value, f.article, f"{f.subject_type.value}:{f.subject_id}",
             f.project_name or "-", f.message(lang))
            for f in found if "--all" in argv or f.open
        ),
        lang,
    )  # fmt: skip
    expected = capsys.readouterr().out
    assert expected.count("\n") > 100
    code, as_bytes, _ = run(capsys, "check", "--db", str(demo_db), "--today", TODAY, *argv)
    assert code == EXIT_OK
    assert as_bytes == expected
    as_text = io.StringIO()  # no byte stream under it: the lines are written as text
    monkeypatch.setattr("sys.stdout", as_text)
    assert main(["check", "--db", str(demo_db), "--today", TODAY, *argv]) == EXIT_OK
    assert as_text.getvalue() == expected


@pytest.mark.sqlite_only("findings are kept on SQLite only")
def test_the_kept_table_of_a_store_opened_read_only_is_the_same(demo_db: Path) -> None:
    """No temporary table on a read-only store: the lines are sorted whole, in the same order."""
    from datetime import date

    from app.services import kept
    from app.services.kept_view import table_blocks
    from app.services.store import open_store

    def printed(read_only: bool) -> bytes:
        store = open_store(str(demo_db), read_only=read_only)
        try:
            with store.read() as session:
                return b"".join(block for block, _ in table_blocks(session, "zh", encoded=True))
        finally:
            store.close()

    store = open_store(str(demo_db))
    try:
        if not kept.supported(store):
            pytest.skip("findings are kept on SQLite only")
        kept.refresh(store, date.fromisoformat(TODAY))
    finally:
        store.close()
    writable = printed(False)
    assert writable.count(b"\n") > 100
    assert printed(True) == writable
