"""Document exports at volume: 100 Word opinions and 100 PDF checklists (numbers printed).

.venv/bin/python bench/bench_documents.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    from app.services.checklists import build_checklist_pdf
    from app.services.demo import build_demo
    from app.services.opinions import build_opinion
    from app.services.store import open_store

    today = date(2026, 11, 25)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(str(Path(tmp) / "demo.db"), create=True)
        with store.write() as session:
            build_demo(session, today)
        from app.services.snapshot import evaluate_store

        ids = list(range(1, 41))
        findings = evaluate_store(store, today)  # once, as the batch exports do
        started = time.perf_counter()
        sizes = [
            len(build_opinion(store, ids[i % len(ids)], "one_step", today=today, findings=findings))
            for i in range(100)
        ]
        word = time.perf_counter() - started
        print(
            f"100 Word opinions    {word:6.2f} s  ({word * 10:.0f} ms each, {sum(sizes) / len(sizes) / 1024:.0f} KiB average)"
        )
        started = time.perf_counter()
        sizes = [
            len(
                build_checklist_pdf(
                    store, ids[i % len(ids)], "dossier", today=today, findings=findings
                )
            )
            for i in range(100)
        ]
        pdf = time.perf_counter() - started
        print(
            f"100 PDF checklists   {pdf:6.2f} s  ({pdf * 10:.0f} ms each, {sum(sizes) / len(sizes) / 1024:.0f} KiB average)"
        )
        store.close()


if __name__ == "__main__":
    main()
