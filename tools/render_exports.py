"""Render every export the way a person would see it: LibreOffice → PDF → PNG pages.

    .venv/bin/python tools/render_exports.py OUTDIR [--today YYYY-MM-DD]

Builds the demo database in OUTDIR, writes every kind of export (plan tables, submission
template, Word replies and expert opinion, PDF checklists), converts the Word and Excel files
with `soffice --headless --convert-to pdf`, and renders every PDF page to PNG with pdftoppm
(60 dpi), printing the page count of each. Look at the PNGs.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def exports(out: Path, today: date) -> dict[str, Callable[[object], Path]]:
    from app.reports.submission_xlsx import write_template
    from app.services.checklists import write_checklist_pdf
    from app.services.opinion_gate import Draft
    from app.services.opinions import write_opinion
    from app.services.plan_tables import write_plan

    year = today.year + 1
    kinds: dict[str, Callable[[object], Path]] = {}
    for kind in ("list", "plan", "rolling", "reconciliation"):
        kinds[f"plan-{kind}.xlsx"] = lambda s, k=kind: write_plan(
            s, year, k, out / f"plan-{k}.xlsx", today=today
        )
    kinds["submission-template.xlsx"] = lambda s: write_template(
        out / "submission-template.xlsx", year=year
    )
    draft = Draft(
        "版式检查"
    )  # a reply the gate refuses (data made up by a test) comes out as a draft
    for kind, project in (("one_step", 12), ("fsr", 1), ("design", 14), ("expert", 4)):
        kinds[f"opinion-{kind}.docx"] = lambda s, k=kind, p=project: write_opinion(
            s, p, k, out / f"opinion-{k}.docx", today=today, draft=draft
        )
    # a reply the approval gate refuses (江津区智慧养老服务平台), written as a marked draft
    kinds["opinion-one_step-draft.docx"] = lambda s: write_opinion(
        s, 3, "one_step", out / "opinion-one_step-draft.docx", today=today,
        draft=draft,
    )  # fmt: skip
    kinds["checklist-dossier.pdf"] = lambda s: write_checklist_pdf(
        s, 5, "dossier", out / "checklist-dossier.pdf", today=today
    )
    kinds["checklist-acceptance.pdf"] = lambda s: write_checklist_pdf(
        s, 29, "acceptance", out / "checklist-acceptance.pdf", today=today
    )
    return kinds


def to_pdf(path: Path) -> Path:
    if path.suffix == ".pdf":
        return path
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) is not installed")
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(path.parent), str(path)],
                   check=True, capture_output=True, timeout=180)  # fmt: skip
    return path.with_suffix(".pdf")


def main(argv: list[str]) -> int:
    out = Path(argv[0] if argv else "build/render")
    today = (
        date.fromisoformat(argv[argv.index("--today") + 1]) if "--today" in argv else date.today()
    )
    out.mkdir(parents=True, exist_ok=True)
    from app.services.demo import build_demo
    from app.services.store import open_store

    db = out / "demo.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    store = open_store(str(db), create=True)
    with store.write() as session:
        build_demo(session, today)
    for name, write in exports(out, today).items():
        written = write(store)
        pdf = to_pdf(Path(written))
        stem = out / "png" / Path(name).stem
        stem.parent.mkdir(exist_ok=True)
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(stem)], check=True)
        pages = len(list(stem.parent.glob(stem.name + "-*.png")))
        print(f"{name:32s} → {pdf.name:32s} {pages} page(s)")
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
