"""Time a 5,000-row department submission: template, check and import (no assertions).

    .venv/bin/python bench/bench_submission_import.py [--rows 5000]

Prints, in seconds: filling the template with openpyxl, `check_submission` (pre-check,
parse, validate), the first `import_submission` (all rows created), a second import of the
same file (all rows updated), and a dimension-lie copy checked for silently dropped rows.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openpyxl import load_workbook

from app.reports.submission_xlsx import write_template
from app.services.demo import build_demo
from app.services.store import open_store
from app.services.submission_import import (
    COLUMNS,
    SHEET_NAME,
    check_submission,
    import_submission,
)

TODAY = date(2026, 11, 25)
UNITS = ("重庆市江津区大数据发展局", "区公安局", "区教委", "区民政局", "区医保局")


def row_values(i: int) -> dict[str, object]:
    return {
        "name": f"江津区政务信息化申报项目{i:05d}（数据共享与业务协同）",
        "unit": UNITS[i % len(UNITS)],
        "type": ("新建", "改扩建", "运行维护")[i % 3],
        "total": f"{100 + i % 900}.{i % 10000:04d}",
        "content": "建设数据共享交换、业务协同和统一身份认证，配套等级保护与密码应用改造",
        "year": 2027,
        "basis": "部门年度预算安排",
        "cross_department": "否",
        "on_gov_cloud": "是",
        "responsible_person": "张三",
        "planned_completion_on": date(2027, 1 + i % 12, 1 + i % 28),
        "declared": 100 + i % 900,
        "plan_amount": 50 + i % 50,
    }


def make_file(path: Path, rows: int) -> float:
    start = time.perf_counter()
    write_template(path, year=2027)
    wb = load_workbook(path)
    ws = wb[SHEET_NAME]
    index = {c.key: i for i, c in enumerate(COLUMNS, start=1)}
    for r in range(rows):
        for key, value in row_values(r).items():
            ws.cell(row=r + 2, column=index[key], value=value)
    wb.save(path)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store = open_store(str(folder / "bench.db"), create=True)
        with store.write() as session:
            build_demo(session, TODAY)
        xlsx = folder / "submission.xlsx"
        fill_s = make_file(xlsx, args.rows)
        print(
            f"fill template ({args.rows} rows, {xlsx.stat().st_size / 1024:.0f} KB): {fill_s:.2f} s"
        )

        start = time.perf_counter()
        with store.read() as session:
            report = check_submission(xlsx, session)
        check_s = time.perf_counter() - start
        print(
            f"check_submission: {check_s:.2f} s ({len(report.rows)} valid, {len(report.issues)} issues)"
        )

        start = time.perf_counter()
        first = import_submission(store, xlsx)
        print(f"import (create): {time.perf_counter() - start:.2f} s {first}")

        start = time.perf_counter()
        second = import_submission(store, xlsx)
        print(f"import again (update): {time.perf_counter() - start:.2f} s {second}")

        lied = folder / "lied.xlsx"
        with zipfile.ZipFile(xlsx) as src, zipfile.ZipFile(lied, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                data = src.read(info.filename)
                if info.filename.startswith("xl/worksheets/sheet1"):
                    data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:B2"/>', data)
                dst.writestr(info.filename, data)
        with store.read() as session:
            lied_rows = len(check_submission(lied, session).rows)
        print(f"understated <dimension>: {lied_rows}/{args.rows} rows read")
        store.close()


if __name__ == "__main__":
    main()
