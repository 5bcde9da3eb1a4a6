"""Edited plan tables come back as a change list: exported, edited by a script, imported back."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import select

from app.models import AuditEntry, BudgetLine, PlanLine, Project, RollingLine
from app.models.db import Store
from app.services.editing import set_line_amount
from app.services.plan_import import PlanConflict, apply_plan_changes, read_plan_changes
from app.services.plan_tables import write_plan
from tests.dbstate import content_hash

TODAY = date(2026, 11, 25)
YEAR = 2027
#: per table: the columns a script may edit (1-based) → the change's field
EDITABLE = {
    "plan": {7: "amount", 8: "central", 9: "municipal", 10: "district", 6: "completed_before"},
    "reconciliation": {5: "plan", 6: "budget"},
    "rolling": {5: "y2027", 6: "y2028", 7: "y2029"},
}
NAME_COLUMN = {"plan": 2, "reconciliation": 2, "rolling": 2}


def export(store: Store, kind: str, path: Path) -> Path:
    return write_plan(store, YEAR, kind, path, today=TODAY)


def data_rows(ws: Any) -> list[int]:
    """Rows of projects (a number in 序号), in sheet order."""
    return [r for r in range(1, ws.max_row + 1) if isinstance(ws.cell(r, 1).value, int)]


def project_ids(store: Store) -> dict[str, int]:
    with store.read() as s:
        pairs = list(s.execute(select(Project.name, Project.id)))
    names = [n for n, _ in pairs]
    assert len(names) == len(set(names)), "the demo's project names are unique"
    return dict(pairs)


def changes_of(reading: Any) -> set[tuple[Any, ...]]:
    return {(c.project_id, c.year, c.field, c.old, c.new, c.action) for c in reading.changes}


@pytest.mark.parametrize("kind", ["plan", "reconciliation", "rolling"])
def test_an_unedited_export_has_no_changes(demo_store: Store, tmp_path: Path, kind: str) -> None:
    reading = read_plan_changes(demo_store, export(demo_store, kind, tmp_path / f"{kind}.xlsx"))
    assert (reading.table, reading.year) == (kind, YEAR)
    assert reading.changes == [] and reading.unmatched == [] and reading.problems == []
    assert reading.matched_rows > 0


def edit_plan(path: Path) -> tuple[str, str, str]:
    """Change an amount and a text, delete a row, rename the sheet, widen a column, move nothing."""
    wb = load_workbook(path)
    ws = wb.active
    rows = data_rows(ws)
    changed, removed, target = (ws.cell(rows[i], 2).value for i in (0, 1, 2))
    ws.cell(rows[0], 7).value = 1234.5678
    ws.cell(rows[2], 11).value = "完成验收"
    ws.delete_rows(rows[1])
    ws.title = "改后计划"
    ws.column_dimensions["B"].width = 80
    wb.save(path)
    return changed, removed, target


def test_edits_come_back_as_changes_and_apply_as_one_step(
    demo_store: Store, tmp_path: Path
) -> None:
    path = export(demo_store, "plan", tmp_path / "plan.xlsx")
    changed, removed, target = edit_plan(path)
    ids = project_ids(demo_store)
    with demo_store.read() as s:
        old = {
            line.project_id: line
            for line in s.scalars(select(PlanLine).where(PlanLine.year == YEAR))
        }
        s.expunge_all()
    reading = read_plan_changes(demo_store, path)
    assert reading.sheet == "改后计划"
    assert changes_of(reading) == {
        (ids[changed], YEAR, "amount", old[ids[changed]].amount_yuan, 12_345_678, "changed"),
        (ids[removed], YEAR, "amount", old[ids[removed]].amount_yuan, None, "removed"),
        (ids[target], YEAR, "work_target", old[ids[target]].work_target, "完成验收", "changed"),
    }
    amount_change = next(
        c for c in reading.changes if c.field == "amount" and c.action == "changed"
    )
    assert amount_change.cell.startswith("改后计划!G")
    with demo_store.write() as s:
        applied = apply_plan_changes(s, reading, reading.changes)
    assert applied.applied == 3
    with demo_store.read() as s:
        lines = {
            line.project_id: line
            for line in s.scalars(select(PlanLine).where(PlanLine.year == YEAR))
        }
        assert lines[ids[changed]].amount_yuan == 12_345_678
        assert ids[removed] not in lines
        assert lines[ids[target]].work_target == "完成验收"
        (event,) = [e for e in s.scalars(select(AuditEntry).where(AuditEntry.table_name == "import"))
                    if "计划表" in e.summary]  # fmt: skip
        after = json.loads(event.after)
    assert after["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert len(after["changes"]) == 3
    assert (
        read_plan_changes(demo_store, path).changes == []
    )  # the store now says what the file says


def test_rows_that_match_nothing_are_listed_never_guessed(
    demo_store: Store, tmp_path: Path
) -> None:
    path = export(demo_store, "reconciliation", tmp_path / "r.xlsx")
    wb = load_workbook(path)
    ws = wb.active
    rows = data_rows(ws)
    last = ws.max_row + 2
    ws.cell(last, 2, "江津区政务服务“一网通办”平台优化（新）")  # a name that is almost right
    ws.cell(last, 4, "重庆市江津区大数据发展局")
    ws.cell(last, 5, 10)
    ws.cell(last + 1, 2, "另一个项目")
    ws.cell(last + 1, 3, "JJ-9999-999")  # no such code
    for c in range(1, 12):  # the first row again: a duplicate
        ws.cell(last + 2, c, ws.cell(rows[0], c).value)
    wb.save(path)
    reading = read_plan_changes(demo_store, path)
    assert [(u.row, u.reason_zh[:6]) for u in reading.unmatched] == [
        (last, "该单位没有此"), (last + 1, "项目编码“J"), (last + 2, "与第5行是同")]  # fmt: skip
    assert reading.changes == []


def test_the_store_changed_after_the_comparison_nothing_is_written(
    demo_store: Store, tmp_path: Path
) -> None:
    path = export(demo_store, "reconciliation", tmp_path / "r.xlsx")
    wb = load_workbook(path)
    ws = wb.active
    row = data_rows(ws)[0]
    ws.cell(row, 6).value = 1.5
    code = ws.cell(row, 3).value
    wb.save(path)
    reading = read_plan_changes(demo_store, path)
    assert len(reading.changes) == 1
    with demo_store.read() as s:
        pid = s.scalar(select(Project.id).where(Project.code == code))
    with demo_store.write() as s:
        set_line_amount(s, pid, YEAR, "budget", 7)
    before = content_hash(demo_store)
    with pytest.raises(PlanConflict), demo_store.write() as s:
        apply_plan_changes(s, reading, reading.changes)
    assert content_hash(demo_store) == before


def test_a_cell_that_cannot_be_read_is_a_problem_at_its_cell(
    demo_store: Store, tmp_path: Path
) -> None:
    path = export(demo_store, "rolling", tmp_path / "r.xlsx")
    wb = load_workbook(path)
    ws = wb.active
    row = data_rows(ws)[0]
    ws.cell(row, 6).value = "约五百"
    wb.save(path)
    reading = read_plan_changes(demo_store, path)
    assert [p.cell for p in reading.problems] == [f"滚动计划!F{row}"]
    assert reading.changes == []


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("kind", ["plan", "rolling"])
def test_saved_as_xls_in_another_program(demo_store: Store, tmp_path: Path, kind: str) -> None:
    path = export(demo_store, kind, tmp_path / f"{kind}.xlsx")
    wb = load_workbook(path)
    ws = wb.active
    row = data_rows(ws)[0]
    ws.cell(row, 7 if kind == "plan" else 6).value = 321.5
    name = ws.cell(row, 2).value
    wb.save(path)
    subprocess.run(["soffice", "--headless", "--convert-to", "xls", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)  # fmt: skip
    reading = read_plan_changes(demo_store, tmp_path / f"{kind}.xls")
    assert [(c.project_name, c.new) for c in reading.changes] == [(name, 3_215_000)]
    assert reading.unmatched == [] and reading.problems == []


# --------------------------------------------------------------------------- the property


def current_values(store: Store, kind: str) -> dict[tuple[int, str], int | None]:
    out: dict[tuple[int, str], int | None] = {}
    with store.read() as s:
        if kind == "plan":
            for line in s.scalars(select(PlanLine).where(PlanLine.year == YEAR)):
                for key in EDITABLE["plan"].values():
                    attr = {
                        "amount": "amount_yuan",
                        "completed_before": "completed_before_yuan",
                    }.get(key, f"{key}_yuan")
                    out[(line.project_id, key)] = getattr(line, attr)
        elif kind == "reconciliation":
            for model, key in ((PlanLine, "plan"), (BudgetLine, "budget")):
                for pid, amount in s.execute(
                    select(model.project_id, model.amount_yuan).where(model.year == YEAR)
                ):
                    out[(pid, key)] = amount
        else:
            for pid, y, amount in s.execute(select(RollingLine.project_id, RollingLine.year, RollingLine.amount_yuan)
                                            .where(RollingLine.period_start == YEAR)):  # fmt: skip
                out[(pid, f"y{y}")] = amount
    return out


edits = st.lists(
    st.tuples(
        st.sampled_from(["keep", "change", "delete"]),
        st.integers(0, 3),
        st.integers(1, 99_999_9999),
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(kind=st.sampled_from(["plan", "reconciliation", "rolling"]), script=edits)
def test_exported_edited_and_imported_back_yields_exactly_the_edits(
    demo_store: Store,
    tmp_path_factory: pytest.TempPathFactory,
    kind: str,
    script: list[tuple[str, int, int]],
) -> None:
    store = demo_store  # one demo copy for every example: edits accumulate, as in an office
    folder = tmp_path_factory.mktemp("edit")
    path = export(store, kind, folder / f"{kind}.xlsx")
    ids = project_ids(store)
    values = current_values(store, kind)
    wb = load_workbook(path)
    ws = wb.active
    rows = data_rows(ws)
    columns = list(EDITABLE[kind].items())
    expected: set[tuple[Any, ...]] = set()
    deleted: set[int] = set()
    for i, (action, which, yuan) in enumerate(script[: len(rows)]):
        row = rows[i]
        pid = ids[ws.cell(row, NAME_COLUMN[kind]).value]
        if action == "delete":
            deleted.add(row)
            keys = ["amount"] if kind == "plan" else [k for _c, k in columns]
            for key in keys:
                old = values.get((pid, key))
                if old is not None and not (kind == "rolling" and old == 0):
                    field = "rolling" if key.startswith("y") else key
                    year = int(key[1:]) if key.startswith("y") else YEAR
                    expected.add((pid, year, field, old, None, "removed"))
        elif action == "change":
            col, key = columns[which % len(columns)]
            ws.cell(row, col).value = yuan / 10_000  # a float, as Excel stores it
            old = values.get((pid, key))
            new = yuan
            if old != new:
                field = "rolling" if key.startswith("y") else key
                year = int(key[1:]) if key.startswith("y") else YEAR
                action_name = "added" if old is None else "changed"
                expected.add((pid, year, field, old, new, action_name))
    for row in sorted(deleted, reverse=True):
        ws.delete_rows(row)
    wb.save(path)
    reading = read_plan_changes(store, path)
    assert reading.unmatched == [] and reading.problems == []
    assert changes_of(reading) == expected
