"""Plan tables in Excel: layout, exact 万元 values, formulas, print setup, hostile text."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select

from app.models import BudgetLine, ListEntry, PlanLine, Project, RollingLine, Unit
from app.models.db import Store
from app.rules.facts import ConstructionType
from app.services.demo import build_demo
from app.services.store import open_store

TODAY = date(2026, 11, 25)
HOSTILE_NAME = '=HYPERLINK("x")'
CONTROL_NAME = "控制\x00字符\x07项目\x0b名称\ufffe"
CLEAN_CONTROL_NAME = "控制字符项目名称"
HOSTILE_TARGET = "+cmd|' /c calc'!A1"
HOSTILE_REMARK = "@SUM(1+1)"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    path = tmp_path_factory.mktemp("plan") / "plan.db"
    st = open_store(str(path), create=True)
    with st.write() as s:
        build_demo(s, TODAY)
        unit = s.scalars(select(Unit).order_by(Unit.id)).first()
        assert unit is not None
        for i, name in enumerate((HOSTILE_NAME, CONTROL_NAME)):
            p = Project(
                code=f"HOSTILE-{i}", name=name, unit_id=unit.id, type=ConstructionType.NEW,
                content="-1+1", total_investment_yuan=1_234_567 + i,
                responsible_person="=1+2",
            )  # fmt: skip
            s.add(p)
            s.flush()
            s.add(ListEntry(project_id=p.id, year=2026, consent_number="@x"))
            s.add(
                PlanLine(
                    project_id=p.id, year=2026, amount_yuan=1_000_001, central_yuan=1,
                    municipal_yuan=500_000, district_yuan=500_000, completed_before_yuan=7,
                    work_target=HOSTILE_TARGET, remark=HOSTILE_REMARK,
                )
            )  # fmt: skip
            s.add(BudgetLine(project_id=p.id, year=2026, amount_yuan=1_000_001))
            s.add(RollingLine(project_id=p.id, period_start=2026, year=2027, amount_yuan=33_333))
    yield st
    st.close()


def export(store: Store, tmp_path: Path, kind: str, year: int) -> Path:
    from app.services.plan_tables import write_plan

    out = tmp_path / f"{kind}-{year}.xlsx"
    assert write_plan(store, year, kind, out, today=TODAY) == out
    return out


def sheet(path: Path) -> Worksheet:
    ws = load_workbook(path).active
    assert ws is not None
    return ws


def wan(yuan: int) -> Decimal:
    return Decimal(yuan) / 10_000


def cell_decimal(value: Any) -> Decimal:
    """A number cell as read back by openpyxl (int or float), exact to the 4 decimals written."""
    assert isinstance(value, int | float | Decimal), value
    return Decimal(str(value))


def evaluate(ws: Worksheet, ref: str, depth: int = 0) -> Decimal:
    """Evaluate the SUM formulas we write (ranges, cell lists, nested SUM) in exact Decimal."""
    assert depth < 10
    value = ws[ref].value
    if value is None:
        return Decimal(0)
    if not (isinstance(value, str) and value.startswith("=")):
        return cell_decimal(value)
    expr = value[1:]
    assert re.fullmatch(r"[A-Z0-9:,()SUM=]+", expr), expr
    total = Decimal(0)
    for a, b in re.findall(r"([A-Z]+\d+)(?::([A-Z]+\d+))?", expr):
        if b:
            for row in ws[f"{a}:{b}"]:
                for c in row:
                    total += evaluate(ws, c.coordinate, depth + 1)
        else:
            total += evaluate(ws, a, depth + 1)
    return total


def check_page(ws: Worksheet, last_header_row: int) -> None:
    first_header = 3
    assert ws.freeze_panes == f"A{last_header_row + 1}"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert int(ws.page_setup.fitToWidth) == 1
    assert int(ws.page_setup.fitToHeight) == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.print_title_rows == f"${first_header}:${last_header_row}"
    assert "第 &P 页 共 &N 页" in (ws.oddFooter.center.text or "")
    assert ws["A1"].coordinate in {str(r).split(":")[0] for r in ws.merged_cells.ranges}
    assert any(str(r).startswith("A1:") for r in ws.merged_cells.ranges)
    unit_cell = ws.cell(row=2, column=ws.max_column)
    assert unit_cell.value == "单位：万元"
    assert unit_cell.alignment.horizontal == "right"


def body_rows(ws: Worksheet, first: int) -> list[tuple[Any, ...]]:
    return [tuple(c.value for c in row) for row in ws.iter_rows(min_row=first)]


# --------------------------------------------------------------------------- the list


def test_project_list(store: Store, tmp_path: Path) -> None:
    ws = sheet(export(store, tmp_path, "list", 2026))
    assert ws["A1"].value == "2026年度江津区政务信息化项目清单"
    assert [c.value for c in ws[3]] == [
        "序号", "项目名称", "项目编码", "建设单位", "建设性质", "纳入依据", "区政府同意文号", "总投资",
    ]  # fmt: skip
    check_page(ws, 3)
    with store.read() as s:
        expected = s.execute(
            select(Project.code, Project.total_investment_yuan)
            .join(ListEntry, ListEntry.project_id == Project.id)
            .where(ListEntry.year == 2026)
        ).all()
    rows = body_rows(ws, 4)
    data, total = rows[:-1], rows[-1]
    assert len(data) == len(expected) > 10
    assert {r[2]: cell_decimal(r[7]) for r in data} == {c: wan(y) for c, y in expected}
    assert total[1] == "合计"
    last = 3 + len(data)
    assert total[7] == f"=SUM(H4:H{last})"
    assert evaluate(ws, f"H{last + 1}") == wan(sum(y for _, y in expected))
    assert ws["H4"].number_format == "#,##0.00"


# --------------------------------------------------------------------------- the plan


def plan_expected(store: Store, year: int) -> dict[str, dict[str, int]]:
    """Per unit name: integer-yuan sums of each money column of the plan table."""
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    with store.read() as s:
        for line, p, u in s.execute(
            select(PlanLine, Project, Unit)
            .join(Project, PlanLine.project_id == Project.id)
            .join(Unit, Project.unit_id == Unit.id)
            .where(PlanLine.year == year)
        ):
            for key, v in (
                ("E", p.total_investment_yuan), ("F", line.completed_before_yuan),
                ("G", line.amount_yuan), ("H", line.central_yuan),
                ("I", line.municipal_yuan), ("J", line.district_yuan),
            ):  # fmt: skip
                out[u.name][key] += v
    return out


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_investment_plan(store: Store, tmp_path: Path, year: int) -> None:
    ws = sheet(export(store, tmp_path, "plan", year))
    assert ws["A1"].value == f"{year}年度江津区政务信息化投资项目计划表"
    assert ws["A1"].value.endswith("投资项目计划表")
    check_page(ws, 4)
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "A1:N1" in merged
    for col in "ABCDEFKLMN":  # single headers span both header rows
        assert f"{col}3:{col}4" in merged
    assert "G3:J3" in merged
    assert ws["G3"].value == "本年度计划投资"
    assert [ws[f"{c}4"].value for c in "GHIJ"] == ["合计", "中央", "市级", "区级"]
    assert [ws[f"{c}3"].value for c in "ABCDEF"] == [
        "序号", "项目名称", "建设性质", "建设规模及内容", "总投资", "截至上年底完成投资"
    ]  # fmt: skip
    assert [ws[f"{c}3"].value for c in "KLMN"] == ["年度工作目标", "项目责任单位", "责任人", "备注"]

    expected = plan_expected(store, year)
    assert ws["B5"].value == "合计"
    subtotals: list[int] = []
    r = 6
    while r <= ws.max_row:
        label = ws[f"B{r}"].value
        assert isinstance(label, str) and label.endswith("（小计）"), (r, label)
        unit = label.removesuffix("（小计）")
        end = r + 1
        while end <= ws.max_row and not str(ws[f"B{end}"].value).endswith("（小计）"):
            end += 1
        members = end - r - 1
        assert members >= 1
        for col in "EFGHIJ":
            assert ws[f"{col}{r}"].value == f"=SUM({col}{r + 1}:{col}{end - 1})"
            assert ws[f"{col}{r}"].data_type == "f"
            assert evaluate(ws, f"{col}{r}") == wan(expected[unit][col]), (unit, col)
        subtotals.append(r)
        r = end
    assert len(subtotals) == len(expected)
    refs = ",".join(f"G{x}" for x in subtotals)
    assert ws["G5"].value == f"=SUM({refs})"
    for col in "EFGHIJ":
        grand = sum(v[col] for v in expected.values())
        assert evaluate(ws, f"{col}5") == wan(grand)
    # funding sources add up to the year's amount, exactly, on every project row
    for row in range(6, ws.max_row + 1):
        if isinstance(ws[f"A{row}"].value, int):
            g = cell_decimal(ws[f"G{row}"].value)
            parts = sum(cell_decimal(ws[f"{c}{row}"].value) for c in "HIJ")
            assert g == parts
            assert ws[f"D{row}"].alignment.wrap_text is True
            assert ws[f"G{row}"].number_format == "#,##0.00"


# --------------------------------------------------------------------------- rolling plan


def test_rolling_plan(store: Store, tmp_path: Path) -> None:
    ws = sheet(export(store, tmp_path, "rolling", 2027))
    assert ws["A1"].value == "2027—2029年江津区政务信息化项目三年滚动计划表"
    check_page(ws, 4)
    assert [ws[f"{c}4"].value for c in "EFGH"] == ["2027年", "2028年", "2029年", "三年合计"]
    assert "E3:H3" in {str(r) for r in ws.merged_cells.ranges}
    with store.read() as s:
        lines = s.execute(
            select(RollingLine.year, RollingLine.amount_yuan).where(
                RollingLine.period_start == 2027
            )
        ).all()
    assert lines
    rows = body_rows(ws, 5)
    last = 4 + len(rows) - 1
    assert rows[-1][1] == "合计"
    for k, col in enumerate("EFG"):
        assert evaluate(ws, f"{col}{last + 1}") == wan(sum(a for y, a in lines if y == 2027 + k))
    assert ws["H5"].value == "=SUM(E5:G5)"
    assert evaluate(ws, f"H{last + 1}") == wan(sum(a for _, a in lines))


# --------------------------------------------------------------------------- reconciliation


def test_reconciliation_flags_mismatch(store: Store, tmp_path: Path) -> None:
    from app.services.snapshot import evaluate_store

    ws = sheet(export(store, tmp_path, "reconciliation", 2027))
    assert ws["A1"].value == "2027年度江津区政务信息化项目部门预算与投资计划对照表"
    check_page(ws, 4)
    mismatch = [
        f for f in evaluate_store(store, TODAY)
        if f.code == "BUD-MISMATCH" and f.details.get("year") == 2027
    ]  # fmt: skip
    assert mismatch
    rows = {r[1]: r for r in body_rows(ws, 5) if isinstance(r[0], int)}
    for f in mismatch:
        row = rows[f.project_name]
        assert re.search(r"(^|\. )BUD-MISMATCH$", row[9], re.M), row[9]
        assert f.message_zh in row[10]
        plan, budget = f.details["plan_yuan"], f.details["budget_yuan"]
        assert cell_decimal(row[4]) == wan(plan)
        assert cell_decimal(row[5]) == wan(budget)
        assert cell_decimal(row[6]) == wan(budget - plan)
    # a budget line without a plan line still gets its row, with its finding
    assert any("BUD-NOPLAN" in (r[9] or "") and r[4] is None for r in rows.values())
    assert any("PLAN-NOBUDGET" in (r[9] or "") and r[5] is None for r in rows.values())
    # no finding of another year leaks into this one
    assert not any("2025年" in (r[10] or "") for r in rows.values())


def test_reconciliation_estimate_and_all_years(store: Store, tmp_path: Path) -> None:
    ws = sheet(export(store, tmp_path, "reconciliation", 2025))
    rows = [r for r in body_rows(ws, 5) if isinstance(r[0], int)]
    over = [r for r in rows if "PLAN-OVERESTIMATE" in (r[9] or "")]
    assert over
    for r in over:
        assert cell_decimal(r[8]) > cell_decimal(r[7])


# --------------------------------------------------------------------------- hostile text


def sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("xl/worksheets/sheet1.xml").decode()


@pytest.mark.parametrize("kind", ["list", "plan", "rolling", "reconciliation"])
def test_user_text_is_never_a_formula(store: Store, tmp_path: Path, kind: str) -> None:
    out = export(store, tmp_path, kind, 2026)
    ws = sheet(out)
    hits = [c for row in ws.iter_rows() for c in row if c.value == HOSTILE_NAME]
    assert len(hits) == 1
    cell = hits[0]
    assert cell.data_type == "s"
    assert cell.quotePrefix is True
    formulas = re.findall(r"<f>(.*?)</f>", sheet_xml(out))
    assert all(re.fullmatch(r"SUM\([A-Z0-9:,()SUM]+\)", f) for f in formulas), formulas
    texts = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert CLEAN_CONTROL_NAME in texts
    assert not any(re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", t) for t in texts)
    if kind == "plan":
        for value in (HOSTILE_TARGET, HOSTILE_REMARK, "-1+1", "=1+2"):
            found = [c for row in ws.iter_rows() for c in row if c.value == value]
            assert found and all(c.data_type == "s" and c.quotePrefix for c in found), value


def test_unknown_kind(store: Store, tmp_path: Path) -> None:
    from app.services.plan_tables import write_plan

    with pytest.raises(ValueError):
        write_plan(store, 2026, "nope", tmp_path / "x.xlsx", today=TODAY)


# --------------------------------------------------------------------------- CLI


def test_cli_export_plan(store: Store, tmp_path: Path) -> None:
    from app.cli import main

    db = str(store.engine.url.database)
    for kind in ("list", "plan", "rolling", "reconciliation"):
        out = tmp_path / f"cli-{kind}.xlsx"
        code = main(["--db", db, "export-plan", "--year", "2026", "--kind", kind,
                     "-o", str(out), "--today", "2026-11-25"])  # fmt: skip
        assert code == 0
        assert load_workbook(out).active["A1"].value


def test_cli_locked_output(
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import app.services.plan_tables as mod
    from app.cli import main
    from app.services.atomic import OutputLocked

    def locked(*_a: Any, **_k: Any) -> None:
        raise OutputLocked(tmp_path / "x.xlsx")

    monkeypatch.setattr(mod, "write_plan", locked)
    db = str(store.engine.url.database)
    code = main(["--db", db, "export-plan", "--year", "2026", "--kind", "plan",
                 "-o", str(tmp_path / "x.xlsx")])  # fmt: skip
    assert code == 2
    assert capsys.readouterr().err.strip()


# --------------------------------------------------------------------------- LibreOffice


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_recalculates_grand_total(store: Store, tmp_path: Path) -> None:
    src = export(store, tmp_path, "plan", 2025)
    out = tmp_path / "lo"
    profile = (tmp_path / "lo-profile").as_uri()
    for target in ("xlsx", "csv:Text - txt - csv (StarCalc):44,34,76"):
        subprocess.run(
            [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", target,
             "--outdir", str(out), str(src)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
    expected = plan_expected(store, 2025)
    grand = {col: sum(v[col] for v in expected.values()) for col in "EFGHIJ"}
    ws = load_workbook(out / src.name, data_only=True).active
    assert ws["B5"].value == "合计"
    for col, yuan in grand.items():
        value = ws[f"{col}5"].value
        assert isinstance(value, int | float), (col, value)
        # LibreOffice stores binary doubles: exact to the yuan
        assert round(Decimal(str(value)) * 10_000) == yuan, (col, value, yuan)
    lines = (out / src.with_suffix(".csv").name).read_text(encoding="utf-8").splitlines()
    total_line = next(line for line in lines if line.startswith(",合计,"))
    assert f'"{wan(grand["G"]).quantize(Decimal("0.01")):,}"' in total_line


@pytest.mark.parametrize("kind", ["list", "plan", "rolling", "reconciliation"])
def test_empty_year_gives_header_and_zero_total(store: Store, tmp_path: Path, kind: str) -> None:
    ws = sheet(export(store, tmp_path, kind, 2040))
    header_end = 3 if kind == "list" else 4
    assert ws.max_row == header_end + 1
    total = [c.value for c in ws[header_end + 1]]
    assert total[1] == "合计"
    assert all(v in (None, "", "=0") for i, v in enumerate(total) if i != 1)


def test_failed_save_keeps_previous_file(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import Workbook

    out = export(store, tmp_path, "plan", 2026)
    before = out.read_bytes()

    def broken_save(self: Workbook, handle: Any) -> None:
        handle.write(b"PK\x03\x04 half a workbook")
        raise RuntimeError("disk trouble")

    monkeypatch.setattr(Workbook, "save", broken_save)
    with pytest.raises(RuntimeError):
        export(store, tmp_path, "plan", 2026)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]
