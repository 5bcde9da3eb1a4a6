"""Scale of the workbench: numbers printed next to their floors, never asserted.

    .venv/bin/python bench/bench_scale.py            # 10,000 and 100,000 projects
    .venv/bin/python bench/bench_scale.py 10000      # one size only

Prints, per size: build time of the synthetic database; facts load and engine time (the
"findings of N projects"); one filter keystroke in the project list; cold start to the
populated main window (next to a bare PySide6 window + `import sqlalchemy.orm`); peak memory
of the process that opened the main window.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BARE = """
import time; t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication, QMainWindow
import sqlalchemy.orm
app = QApplication([]); w = QMainWindow(); w.show(); app.processEvents()
import resource
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
print(time.perf_counter() - t0)
"""

APP = """
import time, sys; t0 = time.perf_counter()
sys.path.insert(0, {root!r})
from datetime import date
from app.ui.app import make_app
from app.services.store import open_store
app = make_app([])
from app.ui.main_window import MainWindow
w = MainWindow(open_store({db!r}), today=date(2026, 11, 25)); w.show(); app.processEvents()
assert w.projects_tab.model.rowCount() > 0
shown = time.perf_counter() - t0
w.ctx.findings()  # let the background check finish before exiting (not timed)
w.close()
import resource
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
print(shown)
"""


def child(code: str) -> tuple[float, float]:
    """(seconds the child measured, its own peak RSS in MB)."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    lines = out.stdout.strip().splitlines()
    return float(lines[-1]), float(lines[-2])


def run(n: int, folder: Path) -> None:
    from bench.make_dataset import build

    db = folder / f"scale-{n}.db"
    print(f"--- {n:,} projects")
    print(f"build synthetic database      {build(n, db):8.2f} s")
    # children first, while this process is small (a fork inherits the parent's peak RSS)
    bare, bare_rss = child(BARE)
    start, rss = child(APP.format(root=str(ROOT), db=str(db)))
    print(f"cold start to main window     {start:8.2f} s   (bare PySide6 + sqlalchemy.orm {bare:.2f} s "
          f"→ {start / bare:.1f}×; goal ≤ 1.5× at 10,000)")  # fmt: skip
    print(
        f"peak memory, window + checks  {rss:8.0f} MB  (bare {bare_rss:.0f} MB; goal < 400 MB at 100,000)"
    )
    in_process(n, db)


def in_process(n: int, db: Path) -> None:
    from datetime import date

    from app.rules import engine as rules_engine
    from app.services.snapshot import read_dataset
    from app.services.store import open_store

    store = open_store(str(db))
    t = time.perf_counter()
    data = read_dataset(store)
    load = time.perf_counter() - t
    t = time.perf_counter()
    findings = rules_engine.evaluate(data, date(2026, 11, 25))
    engine = time.perf_counter() - t
    ctx = rules_engine.Context.build(data, date(2026, 11, 25))
    t = time.perf_counter()
    duplicates = sum(1 for _ in rules_engine.rule_duplicates(ctx))
    dup_time = time.perf_counter() - t
    print(f"load facts                    {load:8.2f} s")
    print(
        f"engine (findings)             {engine:8.2f} s   ({len(findings):,} findings; goal < 2 s at 100,000)"
    )
    print(
        f"  of which DUP-SIMILAR        {dup_time:8.2f} s   ({duplicates:,}); all other rules {engine - dup_time:.2f} s"
    )
    from app.services.snapshot import evaluate_project

    t = time.perf_counter()
    local = evaluate_project(store, date(2026, 11, 25), n // 2)
    print(
        f"after an edit: its project     {(time.perf_counter() - t) * 1000:8.1f} ms  ({len(local)} findings; the full run follows on a worker thread)"
    )
    from PySide6.QtWidgets import QApplication, QTableView

    from app.services.projects import list_projects
    from app.ui.models.project_table import ProjectFilterProxy, ProjectTableModel

    app = QApplication.instance() or QApplication([])
    with store.read() as session:
        rows = list_projects(session)
    model = ProjectTableModel()
    model.set_rows(rows, findings)
    proxy = ProjectFilterProxy()
    proxy.setSourceModel(model)
    view = QTableView()
    view.setModel(proxy)
    view.show()
    proxy.set_text("教")
    app.processEvents()
    t = time.perf_counter()
    proxy.set_text("教育")
    app.processEvents()
    keystroke = time.perf_counter() - t
    print(
        f"filter keystroke (live view)  {keystroke * 1000:8.1f} ms  ({proxy.rowCount():,} rows match; goal < 50 ms)"
    )
    store.close()


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [10_000, 100_000]
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            run(n, Path(tmp))


if __name__ == "__main__":
    main(sys.argv[1:])
