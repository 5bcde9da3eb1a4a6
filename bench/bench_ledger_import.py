"""Time a 5,000-row office ledger: propose and preview, import, import again (no assertions).

    .venv/bin/python bench/bench_ledger_import.py [--rows 5000]

The ledger has the shape offices keep: a title, 「单位：万元」, a merged two-row header
(计划投资 over 中央/市级/区级), a 小计 row per unit and notes under the table. Prints, in seconds:
writing the file, `propose` (read, find the header, map the columns), the preview's
`check_ledger` (every row checked against a demo database), `propose` + check together (the
target is < 2 s), the first `import_ledger` (all rows created; target < 5 s), a second import
(all rows updated), and the plan-table round trip: exporting that year's 年度投资计划表,
comparing it unedited, and comparing it with every amount changed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openpyxl import Workbook, load_workbook

from app.services.demo import build_demo
from app.services.ledger_import import check_ledger, import_ledger, propose
from app.services.plan_import import read_plan_changes
from app.services.plan_tables import write_plan
from app.services.store import open_store

TODAY = date(2026, 11, 25)
UNITS = (
    "重庆市江津区大数据发展局",
    "区公安局",
    "区教委",
    "区民政局",
    "区医保局",
    "江津区白沙镇人民政府",
)
TYPES = ("新建", "改扩建", "续建", "运维")
STATUS = ("已批复", "在建", "已完工", "已验收")


def make_ledger(path: Path, rows: int) -> float:
    start = time.perf_counter()
    wb = Workbook()
    ws = wb.active
    ws.title = "2025年台账"
    ws["A1"] = "2025年度江津区政务信息化项目台账"
    ws.merge_cells("A1:L1")
    ws["L2"] = "单位：万元"
    for col, text in zip("ABCDEIJKL", ("序号", "项目名称", "建设单位", "建设性质", "总投资", "批复文号", "批复日期",
                                       "项目状态", "备注"), strict=True):  # fmt: skip
        ws[f"{col}3"] = text
        ws.merge_cells(f"{col}3:{col}4")
    ws["F3"] = "计划投资"
    ws.merge_cells("F3:H3")
    ws["F4"], ws["G4"], ws["H4"] = "中央", "市级", "区级"
    r = 5
    for i in range(rows):
        if i % 50 == 0:
            ws.cell(r, 2, f"{UNITS[(i // 50) % len(UNITS)]}小计")
            r += 1
        central, municipal, district = i % 7, (i % 11) * 10, 100 + i % 97
        ws.append([i + 1, f"台账项目{i:05d}", UNITS[(i // 50) % len(UNITS)], TYPES[i % 4],
                   1000 + i * 0.25, central, municipal, district, f"江津发改〔2025〕{i + 1}号",
                   date(2025, 1 + i % 12, 1 + i % 28), STATUS[i % 4], f"备注{i}"])  # fmt: skip
        r += 1
    ws.cell(r + 1, 1, "注：本表由各单位填报，金额单位为万元。")
    wb.save(path)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        ledger = tmp / "ledger.xlsx"
        print(f"write {args.rows}-row ledger: {make_ledger(ledger, args.rows):.2f} s")
        store = open_store(str(tmp / "bench.db"), create=True)
        with store.write() as session:
            build_demo(session, TODAY)
        start, cpu = time.perf_counter(), time.process_time()
        proposal = propose(ledger, remembered=False)
        with store.read() as session:
            report = check_ledger(proposal, proposal.options, session)
        print(f"proposed and previewed: {time.perf_counter() - start:.2f} s wall, "
              f"{time.process_time() - cpu:.2f} s CPU (target < 2 s); {len(report.rows)} rows, "
              f"{len(report.skipped)} skipped, {len(report.problems)} problems")  # fmt: skip
        start, cpu = time.perf_counter(), time.process_time()
        first = import_ledger(store, proposal, proposal.options)
        print(f"import (create, with the pre-import backup): {time.perf_counter() - start:.2f} s wall, "
              f"{time.process_time() - cpu:.2f} s CPU (target < 5 s) created={first.created} "
              f"units_created={len(first.units_created)}")  # fmt: skip
        start = time.perf_counter()
        again = propose(ledger, remembered=False)
        second = import_ledger(store, again, again.options)
        print(
            f"import again (update): {time.perf_counter() - start:.2f} s updated={second.updated}"
        )
        plan = tmp / "plan.xlsx"
        start = time.perf_counter()
        write_plan(store, 2025, "plan", plan, today=TODAY)
        print(f"export 2025 plan table: {time.perf_counter() - start:.2f} s")
        start = time.perf_counter()
        unchanged = read_plan_changes(store, plan)
        print(f"compare unedited plan table: {time.perf_counter() - start:.2f} s, "
              f"{unchanged.matched_rows} rows, {len(unchanged.changes)} changes")  # fmt: skip
        wb = load_workbook(plan)
        ws = wb.active
        for row in range(1, ws.max_row + 1):
            if isinstance(ws.cell(row, 1).value, int):
                ws.cell(row, 7).value = (ws.cell(row, 7).value or 0) + 1
        wb.save(plan)
        start = time.perf_counter()
        edited = read_plan_changes(store, plan)
        print(f"compare plan table with every amount edited: {time.perf_counter() - start:.2f} s, "
              f"{len(edited.changes)} changes, {len(edited.unmatched)} unmatched")  # fmt: skip
        store.close()


if __name__ == "__main__":
    main()
