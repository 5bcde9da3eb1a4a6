"""Time a 10,000-row annual investment plan export next to bare openpyxl (no assertions).

    .venv/bin/python bench/bench_plan_export.py [--rows 10000] [--units 50]

Prints, in seconds: the query from a SQLite store, the styled layout (`build_workbook`),
its save, the whole `write_plan` (query, layout, atomic save), and the same cell values
written by openpyxl in write-only mode with no styles, merges or formulas.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openpyxl import Workbook

from app.models import PlanLine, Project, Unit
from app.reports.plan_xlsx import build_workbook, wan
from app.rules.facts import ConstructionType
from app.services.plan_tables import plan_rows, write_plan
from app.services.store import open_store

YEAR = 2026
TODAY = date(2026, 11, 25)


def fill(store: object, rows: int, units: int) -> None:
    with store.write() as s:  # type: ignore[attr-defined]
        unit_objs = [Unit(name=f"重庆市江津区第{i + 1}局") for i in range(units)]
        s.add_all(unit_objs)
        s.flush()
        for i in range(rows):
            p = Project(
                code=f"JJ-{YEAR}-{i:05d}",
                name=f"江津区政务信息化项目{i:05d}（数据共享与业务协同）",
                unit_id=unit_objs[i % units].id,
                type=ConstructionType.NEW,
                content="建设数据共享交换、业务协同和统一身份认证，配套等级保护与密码应用改造",
                total_investment_yuan=1_000_000 + i * 37,
                responsible_person="张三",
            )
            amount = 500_000 + i * 13
            p.plan_lines.append(
                PlanLine(
                    year=YEAR, amount_yuan=amount, central_yuan=0, municipal_yuan=amount // 3,
                    district_yuan=amount - amount // 3, work_target="完成年度建设任务并上线试运行",
                )
            )  # fmt: skip
            s.add(p)


def bare_openpyxl(rows: list) -> float:  # type: ignore[type-arg]
    start = time.perf_counter()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(["序号", "项目名称", "建设性质", "建设规模及内容", "总投资", "截至上年底完成投资",
               "合计", "中央", "市级", "区级", "年度工作目标", "项目责任单位", "责任人", "备注"])  # fmt: skip
    for n, x in enumerate(rows, start=1):
        ws.append(
            [n, x.name, x.construction_type, x.content, wan(x.total_investment_yuan),
             wan(x.completed_before_yuan), wan(x.amount_yuan), wan(x.central_yuan),
             wan(x.municipal_yuan), wan(x.district_yuan), x.work_target, x.responsible_unit,
             x.responsible_person, x.remark]
        )  # fmt: skip
    wb.save(io.BytesIO())
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--units", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(str(Path(folder) / "bench.db"), create=True)
        t0 = time.perf_counter()
        fill(store, args.rows, args.units)
        t_fill = time.perf_counter() - t0

        t0 = time.perf_counter()
        with store.read() as s:
            rows = plan_rows(s, YEAR)
        t_query = time.perf_counter() - t0

        t0 = time.perf_counter()
        wb = build_workbook("plan", YEAR, rows, today=TODAY)
        t_layout = time.perf_counter() - t0
        t0 = time.perf_counter()
        buf = io.BytesIO()
        wb.save(buf)
        t_save = time.perf_counter() - t0

        out = Path(folder) / "plan.xlsx"
        t0 = time.perf_counter()
        write_plan(store, YEAR, "plan", out, today=TODAY)
        t_full = time.perf_counter() - t0
        size = out.stat().st_size

        t_bare = bare_openpyxl(rows)
        store.close()
    print(f"rows={len(rows)} units={args.units} (fill {t_fill:.2f} s)")
    print(f"query_s={t_query:.3f}")
    print(f"layout_s={t_layout:.3f} save_s={t_save:.3f} styled_total_s={t_layout + t_save:.3f}")
    print(f"write_plan_s={t_full:.3f} bytes={size}")
    print(f"bare_openpyxl_write_only_s={t_bare:.3f}")
    print(f"ratio_write_plan_to_bare={t_full / t_bare:.2f}")


if __name__ == "__main__":
    main()
