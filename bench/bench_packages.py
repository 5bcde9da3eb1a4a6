"""Review packages with attachments: a round of 10 projects carrying 50 MB of dossier files.

.venv/bin/python bench/bench_packages.py

Prints the size of one out package and the times to attach the files, export the packages
(one per expert, files verified against their hashes first), open one in reviewer mode
(structure, layout, signature and every hash), extract all its files, write the return, and
check and merge the return at the DRC. Numbers only; nothing is asserted.
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PROJECTS = 10
FILES_PER_PROJECT = 5
FILE_BYTES = 1024 * 1024  # 10 × 5 × 1 MiB = 50 MiB


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        os.environ["REVIEWDESK_DATA_DIR"] = str(root / "data")
        from app.services import attachments as att
        from app.services import packages as pk
        from app.services.demo import build_demo
        from app.services.experts import (
            ExpertInput,
            ExpertReviewInput,
            create_round,
            save_expert,
            set_round_experts,
        )
        from app.services.store import open_store

        today = date(2026, 11, 25)
        store = open_store(str(root / "drc.db"), create=True)
        with store.write() as session:
            build_demo(session, today)
            experts = [save_expert(session, ExpertInput(f"专家{i}", f"某大学{i}", None, "信息化", "023", ())) for i in range(2)]  # fmt: skip
            round_id = create_round(session, "基准批次", list(range(1, PROJECTS + 1)))
            set_round_experts(session, round_id, experts)
        sources = root / "files"
        sources.mkdir()
        started = time.perf_counter()
        for project in range(1, PROJECTS + 1):
            for n in range(FILES_PER_PROJECT):
                path = sources / f"p{project}-{n}.pdf"
                path.write_bytes(b"%PDF-1.7\n" + secrets.token_bytes(FILE_BYTES - 9))
                att.attach(store, project, "fsr", path)
        attach_s = time.perf_counter() - started
        total = sum(r.size for r in att.list_attachments(store))

        started = time.perf_counter()
        outs = pk.export_round_packages(store, round_id, root / "out", today=today)
        export_s = time.perf_counter() - started
        size = outs[0].stat().st_size

        started = time.perf_counter()
        work = pk.ReviewerWorkspace.open(outs[0])
        open_s = time.perf_counter() - started
        started = time.perf_counter()
        for project in work.projects:
            for entry in work.attachments(project["id"]):
                work.open_attachment(entry["sha256"], entry["filename"])
        extract_s = time.perf_counter() - started
        scores = dict.fromkeys(("necessity", "design", "sharing", "security", "investment", "performance"), 80)  # fmt: skip
        for project in work.projects:
            work.save_form(project["id"], ExpertReviewInput(scores=scores, conclusion="agree"))
        started = time.perf_counter()
        back = work.write_return(root / "back.rdpkg")
        return_s = time.perf_counter() - started
        started = time.perf_counter()
        result = pk.merge_return(store, back)
        merge_s = time.perf_counter() - started
        store.close()
        print(f"attachments: {PROJECTS} projects, {total / 1048576:.0f} MiB in {PROJECTS * FILES_PER_PROJECT} files; attach {attach_s:.2f} s")  # fmt: skip
        print(f"export: {len(outs)} packages in {export_s:.2f} s ({export_s / len(outs):.2f} s each); one package {size / 1048576:.1f} MiB")  # fmt: skip
        print(f"reviewer: open and verify {open_s:.2f} s; extract all {len(work.package.attachments)} files with hash check {extract_s:.2f} s")  # fmt: skip
        print(f"return: write {return_s:.3f} s ({back.stat().st_size / 1024:.0f} KiB); check and merge at the DRC {merge_s:.2f} s ({result.projects} reviews, backup included)")  # fmt: skip


if __name__ == "__main__":
    main()
