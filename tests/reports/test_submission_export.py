"""Submission export: a year's projects in the template layout; export → import is the identity."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.cli import EXIT_BAD_INPUT, EXIT_OK, main
from app.models import ListEntry, Project, Unit
from app.models.db import Store
from app.services import atomic
from app.services.store import open_store
from app.services.submission_export import UnknownUnit, submission_records, write_submission
from app.services.submission_import import COLUMNS, SHEET_NAME, check_submission, import_submission

YEARS = (2024, 2025, 2026, 2027)


def records(store: Store, year: int, unit_id: int | None = None) -> list:  # type: ignore[type-arg]
    with store.read() as s:
        return submission_records(s, year, unit_id=unit_id)


@pytest.fixture
def empty_store(tmp_path: Path, demo_store: Store) -> Iterator[Store]:
    """A new database holding only the demo's registered units (import never creates units)."""
    store = open_store(str(tmp_path / "empty.db"), create=True)
    with demo_store.read() as s:
        units = [(u.name, u.short_name, u.contact) for u in s.scalars(select(Unit))]
    with store.write() as s:
        s.add_all(Unit(name=n, short_name=sn, contact=c) for n, sn, c in units)
    yield store
    store.close()


def _awkward(demo_store: Store) -> None:
    """Values that break naive writers: formula-like text, XML-illegal characters, big money."""
    with demo_store.write() as s:
        project = s.scalars(
            select(Project).join(ListEntry).where(ListEntry.year == 2027).order_by(Project.code)
        ).first()
        assert project is not None
        project.name = '=HYPERLINK("http://x","点我")'
        project.content = "+1 建设内容\x07第二行\n@SUM(A1)"
        project.responsible_person = "-张三"
        project.total_investment_yuan = 9_999_999_999_999_997  # 999,999,999,999.9997 万元
        project.declared_yuan = 1  # 0.0001 万元
        project.planned_completion_on = date(1899, 12, 31)  # before Excel's calendar


def test_export_then_import_into_an_empty_store_gives_identical_records(
    demo_store: Store, empty_store: Store, tmp_path: Path
) -> None:
    _awkward(demo_store)
    for year in YEARS:
        exported = records(demo_store, year)
        assert exported, year
        path = write_submission(demo_store, year, tmp_path / f"{year}.xlsx")
        result = import_submission(empty_store, path)
        assert result.issues == ()
        # a project listed in several years was created by the first of them
        assert result.created + result.updated == len(exported)
        expected = records(demo_store, year)
        # the awkward project's text is the sanitized text (BEL removed), nothing else changed
        assert records(empty_store, year) == [
            replace(r, content=r.content.replace("\x07", "")) for r in expected
        ]
    with empty_store.read() as s:
        p = s.scalars(select(Project).where(Project.name.startswith("=HYPERLINK"))).one()
        assert (p.total_investment_yuan, p.declared_yuan) == (9_999_999_999_999_997, 1)
        assert isinstance(p.total_investment_yuan, int)
        assert p.planned_completion_on == date(1899, 12, 31)


def test_reimport_into_the_same_store_updates_and_changes_nothing(
    demo_store: Store, tmp_path: Path
) -> None:
    before = {year: records(demo_store, year) for year in YEARS}
    for year in YEARS:
        path = write_submission(demo_store, year, tmp_path / f"{year}.xlsx")
        result = import_submission(demo_store, path)
        assert (result.created, result.updated, result.issues) == (0, len(before[year]), ())
    assert {year: records(demo_store, year) for year in YEARS} == before


def test_user_text_is_a_quoted_string_and_money_a_number(demo_store: Store, tmp_path: Path) -> None:
    _awkward(demo_store)
    path = write_submission(demo_store, 2027, tmp_path / "s.xlsx")
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    ws = load_workbook(path)[SHEET_NAME]
    column = {c.key: i for i, c in enumerate(COLUMNS, start=1)}
    rows = {ws.cell(r, column["code"]).value: r for r in range(2, ws.max_row + 1)}
    awkward = next(
        r for r in rows.values() if str(ws.cell(r, column["name"]).value).startswith("=")
    )
    name = ws.cell(awkward, column["name"])
    assert (name.data_type, name.quotePrefix) == ("s", True)
    assert ws.cell(awkward, column["responsible_person"]).quotePrefix
    # 999999999999.9997 is not a double: the exact digits as text, which import reads
    assert ws.cell(awkward, column["total"]).value == "999999999999.9997"
    assert ws.cell(awkward, column["declared"]).value == 0.0001
    assert ws.cell(awkward, column["planned_completion_on"]).value == "1899-12-31"
    other = next(r for r in rows.values() if r != awkward)
    assert isinstance(ws.cell(other, column["total"]).value, (int, float))
    assert ws.cell(other, column["total"]).number_format == "#,##0.00##"
    assert [c.value for c in ws[1]] == [c.header for c in COLUMNS]


def test_one_unit_only(demo_store: Store, tmp_path: Path) -> None:
    with demo_store.read() as s:
        unit = s.scalars(select(Unit).where(Unit.short_name == "区公安局")).one()
        unit_id, full_name = unit.id, unit.name
    path = write_submission(demo_store, 2026, tmp_path / "u.xlsx", unit="区公安局")
    with demo_store.read() as s:
        report = check_submission(path, s)
    assert report.issues == [] and report.rows
    assert {r.unit_id for r in report.rows} == {unit_id}
    assert (
        len(report.rows) == len(records(demo_store, 2026, unit_id)) < len(records(demo_store, 2026))
    )
    assert write_submission(demo_store, 2026, tmp_path / "f.xlsx", unit=full_name)
    with pytest.raises(UnknownUnit) as info:
        write_submission(demo_store, 2026, tmp_path / "x.xlsx", unit="没有这个单位")
    assert "未找到单位" in info.value.message_zh


def test_cli_export_xlsx(demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "申报表.xlsx"
    assert main(["export-xlsx", "--db", str(demo_db), "--year", "2026", "-o", str(out)]) == EXIT_OK
    assert "已导出2026年度项目申报表" in capsys.readouterr().out
    argv = ["export-xlsx", "--db", str(demo_db), "--year", "2026", "--unit", "区公安局"]
    assert main([*argv, "-o", str(tmp_path / "u.xlsx")]) == EXIT_OK
    assert load_workbook(out)[SHEET_NAME].max_row > load_workbook(tmp_path / "u.xlsx")[SHEET_NAME].max_row  # fmt: skip
    bad = ["export-xlsx", "--db", str(demo_db), "--year", "2026", "--unit", "无此单位", "-o", str(out)]  # fmt: skip
    assert main(bad) == EXIT_BAD_INPUT
    assert "未找到单位" in capsys.readouterr().err


def test_cli_locked_output_exits_2_and_keeps_the_old_file(
    demo_db: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def locked(*_a: object) -> None:
        raise PermissionError(13, "in use")

    monkeypatch.setattr(atomic.os, "replace", locked)
    monkeypatch.setattr(atomic, "LOCK_RETRY_SECONDS", 0.0)
    out = tmp_path / "locked.xlsx"
    out.write_bytes(b"old")
    argv = ["export-xlsx", "--db", str(demo_db), "--year", "2027", "-o", str(out)]
    assert main(argv) == EXIT_BAD_INPUT
    assert out.read_bytes() == b"old"
    assert "文件被其他程序占用" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".~rd-")] == []
