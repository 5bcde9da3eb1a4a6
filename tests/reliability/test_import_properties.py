"""IMP-4 and IMP-5: properties of the submission import, with Hypothesis (RELIABILITY §3.3).

IMP-4: generated sheets whose money and date cells come from the documented formats and from
known-bad ones, plus injected faults (empty required cells, formulas without a cached value,
error values, duplicated codes) and harmless oddities (trailing spaces, hidden rows, a hidden
sheet, a merged title row). Every cell is either normalised as the module docstring of
`app.services.submission_import` says or reported at its (sheet, row, column), all in one
pass: the issues are exactly the injected faults. Money comes out as int yuan, never float.

IMP-5: generated valid projects → the submission workbook (`build_submission`, the layout of
the template) → import = the same records, yuan and dates exact.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import bindparam, text

from app.models.db import Store
from app.reports.submission_xlsx import SubmissionRecord, build_submission
from app.rules.facts import (
    ConstructionType,
    DocStatus,
    ListBasis,
    ProcurementMethod,
    ReviewDepartment,
)
from app.services.submission_export import submission_records
from app.services.submission_import import SHEET_NAME, check_submission, import_submission
from tests.reliability.import_seeds import (
    COLUMN,
    LETTER,
    Cell,
    SheetSpec,
    chinese,
    excel_serial,
    memory_folder,
    number,
    store_with_units,
    valid_record,
    workbook_parts,
    zip_bytes,
)

IMP4_EXAMPLES = 300
IMP5_EXAMPLES = 200


def fast(max_examples: int) -> settings:
    """Reproducible in CI (derandomized, no example database), no per-example deadline."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


# --------------------------------------------------------------------------- IMP-4 cells

OK, BAD = "ok", "bad"


@dataclass(frozen=True)
class Case:
    """A cell and what import must make of it: (OK, value) or (BAD, None)."""

    cell: Cell | None  # None: the cell is left empty
    outcome: str
    value: Any = None
    label: str = ""


def s(value: str) -> Cell:
    return Cell("s", value)


FIXED_MONEY = (
    Case(s("1,234.5"), OK, 12_345_000, "thousands separator"),
    Case(s("１２３４"), OK, 12_340_000, "full-width digits"),
    Case(s("1234.5万元"), OK, 12_345_000, "万元 suffix"),
    Case(s("88.1234万"), OK, 881_234, "万 suffix"),
    Case(s(" 66 "), OK, 660_000, "spaces"),
    Case(number("0.30000000000000004"), OK, 3_000, "0.1+0.2 float noise"),
    Case(number("120"), OK, 1_200_000, "integer"),
    Case(Cell("f", "SUM(1,2)", "3"), OK, 30_000, "formula with its cached value"),
    Case(number("-3"), BAD, label="negative number"),
    Case(s("-3"), BAD, label="negative text"),
    Case(number("1e309"), BAD, label="1e309"),
    Case(number("NaN"), BAD, label="NaN"),
    Case(number("1234.56789"), BAD, label="fifth decimal"),
    Case(s("1234.56789万元"), BAD, label="fifth decimal text"),
    Case(number("1e13"), BAD, label="too large"),
    Case(s("一百万"), BAD, label="words"),
    Case(Cell("e", "#REF!"), BAD, label="error value"),
    Case(Cell("f", "A1*2"), BAD, label="formula without cached value"),
    Case(Cell("d", "45000"), BAD, label="a date in a money cell"),
)

FIXED_DATES = (
    Case(s("2024年3月5日"), OK, date(2024, 3, 5)),
    Case(s("2024.3.5"), OK, date(2024, 3, 5)),
    Case(s("2024/3/5"), OK, date(2024, 3, 5)),
    Case(s("2024-03-05"), OK, date(2024, 3, 5)),
    Case(s("20240305"), OK, date(2024, 3, 5)),
    Case(number("20240305"), OK, date(2024, 3, 5)),
    Case(s("２０２４年３月５日"), OK, date(2024, 3, 5)),
    Case(Cell("d", "45356.75"), OK, date(2024, 3, 5)),  # the time of day is ignored
    Case(Cell("d", "60"), BAD, label="serial 60 (29 Feb 1900)"),
    Case(Cell("d", "1"), BAD, label="serial 1"),
    Case(s("2024-02-30"), BAD, label="no such day"),
    Case(s("2024.13.1"), BAD, label="month 13"),
    Case(s("明年三月"), BAD, label="words"),
    Case(number("45356"), BAD, label="a serial without a date format"),
    Case(Cell("e", "#VALUE!"), BAD, label="error value"),
    Case(Cell("f", "TODAY()"), BAD, label="formula without cached value"),
)

decimals_wan = st.decimals(
    min_value=0, max_value=Decimal("99999999999.9999"), places=4, allow_nan=False
).filter(lambda d: len(d.normalize().as_tuple().digits) <= 15)


@st.composite
def money_case(draw: st.DrawFn, required: bool) -> Case:
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return draw(st.sampled_from(FIXED_MONEY))
    if kind == 1:
        return Case(None, BAD if required else OK, None, "empty")
    amount = draw(decimals_wan)
    yuan = int(amount * 10_000)
    if kind == 2:
        return Case(number(format(amount.normalize(), "f")), OK, yuan, "generated number")
    return Case(s(f"{amount:,}"), OK, yuan, "generated text")


@st.composite
def date_case(draw: st.DrawFn) -> Case:
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return draw(st.sampled_from(FIXED_DATES))
    if kind == 1:
        return Case(None, OK, None, "empty")
    day = draw(st.dates(date(1900, 3, 1), date(2200, 12, 31)))
    if kind == 2:
        return Case(Cell("d", str(excel_serial(day))), OK, day, "date cell")
    pattern = draw(st.sampled_from(("{y}-{m:02d}-{d:02d}", "{y}/{m}/{d}", "{y}.{m}.{d}",
                                    "{y}年{m}月{d}日", "{y}{m:02d}{d:02d}")))  # fmt: skip
    return Case(s(pattern.format(y=day.year, m=day.month, d=day.day)), OK, day, "date text")


@dataclass
class RowPlan:
    total: Case
    declared: Case
    plan_amount: Case
    day: Case
    empty_name: bool
    code: str | None
    trailing_spaces: bool
    hidden: bool


@st.composite
def sheet_plans(draw: st.DrawFn) -> tuple[list[RowPlan], bool, bool]:
    rows = []
    for _ in range(draw(st.integers(1, 4))):
        rows.append(
            RowPlan(
                total=draw(money_case(required=True)),
                declared=draw(money_case(required=False)),
                plan_amount=draw(money_case(required=False)),
                day=draw(date_case()),
                empty_name=draw(st.integers(0, 4)) == 0,
                code=draw(st.sampled_from((None, None, "DUP-1", "DUP-2"))),
                trailing_spaces=draw(st.booleans()),
                hidden=draw(st.booleans()),
            )
        )
    return rows, draw(st.booleans()), draw(st.booleans())


_names = itertools.count(1)


def build_imp4(rows: list[RowPlan], title_row: bool, hidden_sheet: bool) -> tuple[bytes, set[tuple[str, int, str]], list[tuple[int, RowPlan, str]]]:  # fmt: skip
    """The workbook, the (sheet, row, column) of every injected fault, and the rows' names."""
    sheet = SheetSpec(SHEET_NAME)
    first = 1
    if title_row:
        sheet.put(1, 1, "2027年度政务信息化项目申报表")
        sheet.merges = ("A1:U1",)
        first = 2
    sheet.header(first)
    expected: set[tuple[str, int, str]] = set()
    seen_codes: dict[str, int] = {}
    named: list[tuple[int, RowPlan, str]] = []
    hidden_rows = set()
    for offset, plan in enumerate(rows, start=1):
        r = first + offset
        record = valid_record(next(_names))
        name = f"性质测试项目{next(_names)}"
        record.update(name=name, total=None, declared=None, plan_amount=None,
                      planned_completion_on=None, code=plan.code)  # fmt: skip
        if plan.trailing_spaces:
            record["responsible_person"] = "  李四 \t"
            record["unit"] = record["unit"] + "  "
        if plan.empty_name:
            record["name"] = None
            expected.add((SHEET_NAME, r, LETTER["name"]))
        sheet.put_record(r, record)
        for key, case in (("total", plan.total), ("declared", plan.declared),
                          ("plan_amount", plan.plan_amount), ("planned_completion_on", plan.day)):  # fmt: skip
            if case.cell is not None:
                sheet.put(r, COLUMN[key], case.cell)
            if case.outcome == BAD:
                expected.add((SHEET_NAME, r, LETTER[key]))
        if plan.code and not plan.empty_name:  # a key is only taken by a row with a name
            if plan.code in seen_codes:
                expected.add((SHEET_NAME, r, LETTER["code"]))
            else:
                seen_codes[plan.code] = r
        if plan.hidden:
            hidden_rows.add(r)
        named.append((r, plan, name))
    sheet.hidden_rows = frozenset(hidden_rows)
    sheets = [sheet]
    if hidden_sheet:
        note = SheetSpec("说明", hidden=True)
        note.header()  # a hidden sheet with the headers too: the sheet named 项目申报 wins
        note.put(2, 1, "不要导入这一行")
        sheets.insert(0, note)
    return zip_bytes(workbook_parts(sheets)), expected, named


@pytest.mark.reliability
def test_imp4_every_cell_normalised_or_reported(demo_store: Store, tmp_path: Path) -> None:
    stats = {"examples": 0, "cells": 0, "injected": 0, "reported": 0, "mismatched": 0,
             "float_money": 0, "imported_rows": 0, "non_integer_in_db": 0}  # fmt: skip
    path = tmp_path / "imp4.xlsx"

    @fast(IMP4_EXAMPLES)
    @given(sheet_plans())
    def check(plan: tuple[list[RowPlan], bool, bool]) -> None:
        rows, title_row, hidden_sheet = plan
        data, expected, named = build_imp4(rows, title_row, hidden_sheet)
        path.write_bytes(data)
        with demo_store.read() as session:
            report = check_submission(path, session)
        got = {(i.sheet, i.row, i.column_letter) for i in report.issues}
        stats["examples"] += 1
        stats["cells"] += 4 * len(rows)
        stats["injected"] += len(expected)
        stats["reported"] += len(report.issues)
        if got != expected or len(report.issues) != len(expected):
            stats["mismatched"] += 1
        assert all(chinese(i.message_zh) for i in report.issues)
        assert len(report.issues) == len(expected), [str(i) for i in report.issues]
        assert got == expected, [str(i) for i in report.issues]
        by_row = {r.row: r for r in report.rows}
        for r, row_plan, name in named:
            if r not in by_row:
                continue
            row = by_row[r]
            for value in (row.total_yuan, row.declared_yuan, row.plan_yuan):
                if value is not None and type(value) is not int:
                    stats["float_money"] += 1
            assert row.name == name
            assert (row.total_yuan, row.declared_yuan, row.plan_yuan) == (
                row_plan.total.value,
                row_plan.declared.value,
                row_plan.plan_amount.value,
            )
            assert row.planned_completion_on == row_plan.day.value
            if row_plan.trailing_spaces:
                assert row.responsible_person == "李四"
        if report.rows:
            result = import_submission(demo_store, path, valid_rows_only=True)
            stats["imported_rows"] += result.created + result.updated
            names = [name for r, _p, name in named if r in by_row]
            raw = text(
                "SELECT total_investment_yuan, declared_yuan FROM projects WHERE name IN :names"
            )
            with demo_store.read() as session:  # the driver's own values, no type processing
                stored = session.execute(raw.bindparams(bindparam("names", expanding=True)),
                                         {"names": names}).all()  # fmt: skip
            assert len(stored) == len(names)
            stats["non_integer_in_db"] += sum(
                v is not None and type(v) is not int for row in stored for v in row
            )

    check()
    print(
        f"IMP-4: examples={stats['examples']} cells={stats['cells']} "
        f"injected_errors={stats['injected']} reported={stats['reported']} "
        f"mismatched_sheets={stats['mismatched']} float_money_values={stats['float_money']} "
        f"imported_rows={stats['imported_rows']} non_integer_money_in_db={stats['non_integer_in_db']}"
    )
    assert stats["mismatched"] == stats["float_money"] == stats["non_integer_in_db"] == 0
    assert stats["injected"] == stats["reported"] > 0


# --------------------------------------------------------------------------- IMP-5

_text_chars = st.characters(
    blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff"
) | st.sampled_from("\n\t=+-@江津区项目平台")


def user_text(max_size: int) -> st.SearchStrategy[str]:
    return st.text(_text_chars, max_size=max_size).map(str.strip)


UNITS = (
    ("重庆市江津区大数据发展局", "区大数据局"), ("重庆市江津区公安局", "区公安局"),
    ("重庆市江津区卫生健康委员会", "区卫生健康委"), ("重庆市江津区教育委员会", "区教委"),
    ("重庆市江津区民政局", "区民政局"),
)  # fmt: skip
_codes = itertools.count(1)


@st.composite
def project_record(draw: st.DrawFn, year: int) -> SubmissionRecord:
    n = next(_codes)
    unit = draw(st.sampled_from(UNITS))[0]
    others = [u for u, _s in UNITS if u != unit]
    maybe_yuan = st.none() | st.integers(0, 10**16 - 1)
    return SubmissionRecord(
        code=draw(user_text(40)) + f"~{n}",
        name=draw(user_text(250)) + f"（{n}）",
        unit=unit,
        type=draw(st.sampled_from(list(ConstructionType))),
        total_yuan=draw(st.integers(0, 10**16 - 1)),
        content=draw(user_text(400)),
        year=year,
        basis=draw(st.sampled_from(list(ListBasis))),
        consent_number=draw(user_text(100)),
        cross_department=draw(st.booleans()),
        participants=tuple(sorted(draw(st.sets(st.sampled_from(others), max_size=3)))),
        classified=draw(st.booleans()),
        new_civil_works=draw(st.booleans()),
        high_energy=draw(st.booleans()),
        on_gov_cloud=draw(st.none() | st.booleans()),
        cloud_justification=draw(user_text(100)),
        implementing_agency=draw(user_text(200)),
        responsible_person=draw(user_text(100)),
        planned_completion_on=draw(st.none() | st.dates(date(1800, 1, 1), date(2200, 12, 31))),
        declared_yuan=draw(maybe_yuan),
        plan_yuan=draw(maybe_yuan),
        data_catalogue=draw(st.none() | st.sampled_from([DocStatus.MISSING, DocStatus.SUBMITTED, DocStatus.APPROVED])),
        crypto_plan=draw(st.none() | st.sampled_from([DocStatus.MISSING, DocStatus.SUBMITTED, DocStatus.APPROVED])),
        review_departments=tuple(d for d in ReviewDepartment if d in draw(st.sets(st.sampled_from(list(ReviewDepartment))))),
        procurement_method=draw(st.none() | st.sampled_from(list(ProcurementMethod))),
        procurement_on=draw(st.none() | st.dates(date(1800, 1, 1), date(2200, 12, 31))),
        mlps_assessed_on=draw(st.none() | st.dates(date(1800, 1, 1), date(2200, 12, 31))),
        crypto_assessed_on=draw(st.none() | st.dates(date(1800, 1, 1), date(2200, 12, 31))),
    )  # fmt: skip


@st.composite
def submissions(draw: st.DrawFn) -> tuple[int, list[SubmissionRecord]]:
    year = draw(st.integers(2000, 2100))
    return year, draw(st.lists(project_record(year), min_size=1, max_size=4))


@pytest.mark.reliability
def test_imp5_generated_data_through_the_template_comes_back_exactly(tmp_path: Path) -> None:
    with memory_folder(tmp_path) as folder:
        store = store_with_units(folder / "imp5.db", UNITS)
        try:
            stats = run_imp5(store, folder / "imp5.xlsx")
        finally:
            store.close()
    print(
        f"IMP-5: examples={stats['examples']} projects={stats['projects']} "
        f"identical={stats['equal']}/{stats['projects']} issues={stats['issues']}"
    )
    assert stats["equal"] == stats["projects"] > 0


def run_imp5(store: Store, path: Path) -> dict[str, int]:
    stats = {"examples": 0, "projects": 0, "equal": 0, "issues": 0}

    @fast(IMP5_EXAMPLES)
    @given(submissions())
    def round_trip(generated: tuple[int, list[SubmissionRecord]]) -> None:
        year, records = generated
        build_submission(records, year=year).save(path)
        result = import_submission(store, path)
        stats["examples"] += 1
        stats["projects"] += len(records)
        stats["issues"] += len(result.issues)
        assert result.issues == (), [str(i) for i in result.issues]
        codes = {r.code for r in records}
        with store.read() as session:
            back = [r for r in submission_records(session, year) if r.code in codes]
        expected = sorted(records, key=lambda r: r.code)
        back.sort(key=lambda r: r.code)
        stats["equal"] += sum(a == b for a, b in zip(back, expected, strict=False))
        assert back == expected
        assert all(type(r.total_yuan) is int for r in back)

    round_trip()
    return stats
