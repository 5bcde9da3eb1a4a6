"""PDF checklists at volume: 100 checklists (both kinds, 40 demo projects), times printed.

.venv/bin/python bench/bench_checklist_pdf.py

Three numbers: the first PDF (font registration and subsetting warm-up), 100 checklists
sharing one engine run (as batch exports do), and 100 written to disk through the atomic
writer, each running the engine itself (as the GUI and `export-checklist` do).
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    from app.reports.fonts import cjk_font
    from app.services.checklists import KINDS, build_checklist_pdf, write_checklist_pdf
    from app.services.demo import build_demo
    from app.services.snapshot import evaluate_store
    from app.services.store import open_store

    today = date(2026, 11, 25)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "demo.db"), create=True)
        with store.write() as session:
            build_demo(session, today)
        jobs = [(1 + i % 40, KINDS[i % 2]) for i in range(100)]

        started = time.perf_counter()
        findings = evaluate_store(store, today)
        build_checklist_pdf(store, 5, "dossier", today=today, findings=findings)
        first = time.perf_counter() - started
        print(f"font {cjk_font()}; engine + first PDF {first * 1000:.0f} ms")

        started = time.perf_counter()
        sizes = [
            len(build_checklist_pdf(store, pid, kind, today=today, findings=findings))
            for pid, kind in jobs
        ]
        shared = time.perf_counter() - started
        print(
            f"100 PDF checklists, one engine run   {shared:6.2f} s  ({shared * 10:.0f} ms each, "
            f"{sum(sizes) / len(sizes) / 1024:.0f} KiB average, largest {max(sizes) / 1024:.0f} KiB)"
        )

        out = Path(tmp) / "out"
        out.mkdir()
        started = time.perf_counter()
        for n, (pid, kind) in enumerate(jobs):
            write_checklist_pdf(store, pid, kind, out / f"{n:03d}-{kind}.pdf", today=today)
        alone = time.perf_counter() - started
        print(
            f"100 PDF checklists written, engine each   {alone:6.2f} s  ({alone * 10:.0f} ms each)"
        )
        store.close()


if __name__ == "__main__":
    main()
