"""EXP-1 to EXP-5: formula injection (plan tables, submission, the group's score sheet), odd
characters, atomic writes under faults (every exporter and the backup writer), reportlab markup
and layout (a 500-row table), output validity through LibreOffice and poppler (the LibreOffice
parts are skipped where soffice is missing)."""

from __future__ import annotations

import html
import json
import re
import shutil
import sqlite3
import subprocess
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from app.models import ExpertReview
from app.services.checklists import write_checklist_pdf
from app.services.experts import ExpertInput, create_round, save_expert, set_round_experts
from app.services.group_opinion import write_group_opinion, write_scores_xlsx
from app.services.opinion_gate import Draft
from app.services.opinions import write_opinion
from app.services.plan_tables import write_plan
from app.services.store import open_store
from app.services.submission_export import write_submission

pytestmark = pytest.mark.reliability
TODAY = date(2026, 11, 25)
#: a document the approval gate refuses is written as a draft (the same text, marked)
DRAFT = Draft("EXP")
ROWS = 500  # EXP-4: rows of the long table
PREFIXES = ["=", "+", "-", "@", "\t", "\r", "\0"]
BODIES = [
    'HYPERLINK("http://evil.example/EVIL","点此")', "cmd|' /c calc'!A1 EVIL", "SUM(1+1)*EVIL",
    'WEBSERVICE("http://evil.example/EVIL")', "1+1 EVIL", "A1 EVIL", "EVIL()",
    'IMPORTXML("http://evil.example/EVIL","//a")', "DDE(\"cmd\";\"/c calc\";\"EVIL\")",
    "2+3 EVIL", 'IF(1,"EVIL")', "INDIRECT(\"EVIL\")", "0+EVIL", "EVIL!A1", "@EVIL",
    "NOW() EVIL", "RAND() EVIL", 'CONCAT("EV","IL")EVIL', "-1 EVIL", "EVIL-1",
]  # fmt: skip
PAYLOADS = [p + b for p in PREFIXES for b in BODIES]
#: what Excel/LibreOffice read as the start of a formula once "\0" is gone (the exports drop it)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
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
        shift = TEXT_COLUMNS.index((table, column)) * len(ids)  # each column its own payloads
        for n, row_id in enumerate(ids):
            text = values[(n + shift) % len(values)] + f" #{n}"  # unique (unit names are unique)
            conn.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (text, row_id))
    conn.commit()
    conn.close()


def scored_round(db: Path, values: list[str], projects: int = 10, experts: int = 14) -> int:
    """A review round with `experts` experts who all reviewed `projects` demo projects; then
    the round name, the experts' names and organisations and every review's comments and
    opinion are overwritten in the database with `values` (each review its own value)."""
    store = open_store(str(db))
    try:
        with store.write() as session:
            ids = [save_expert(session, ExpertInput(f"专家{n}")) for n in range(experts)]
            round_id = create_round(session, "评审批次", list(range(1, projects + 1)))
            set_round_experts(session, round_id, ids)
            for p in range(1, projects + 1):
                for n, expert_id in enumerate(ids):
                    scores = {k: 60 + (p * 7 + n * 3) % 40 for k in ("necessity", "design", "sharing", "security", "investment", "performance")}  # fmt: skip
                    session.add(ExpertReview(round_id=round_id, project_id=p, expert_id=expert_id,
                                             conclusion=("agree", "agree_revise", "reject")[(p + n) % 3],
                                             suggested_yuan=1_000_000 * (n + 1),
                                             answers=json.dumps({"scores": scores})))  # fmt: skip
    finally:
        store.close()
    conn = sqlite3.connect(db)
    conn.execute("UPDATE review_rounds SET name = ? WHERE id = ?", (values[0] + " 批次", round_id))
    for n, expert_id in enumerate(ids):
        name, org = values[n % len(values)], values[(n + experts) % len(values)]
        conn.execute("UPDATE experts SET name = ?, organisation = ? WHERE id = ?", (f"{name} #{n}", f"{org} #o{n}", expert_id))  # fmt: skip
    rows = conn.execute("SELECT id, answers FROM expert_reviews WHERE round_id = ? ORDER BY id", (round_id,)).fetchall()  # fmt: skip
    for n, (review_id, answers) in enumerate(rows):
        data = json.loads(answers)
        data["comments"] = {"art8_basis": values[(n + 1) % len(values)] + f" #c{n}"}
        data["chapter_comments"] = {"sec": values[(n + 2) % len(values)] + f" #d{n}"}
        conn.execute("UPDATE expert_reviews SET opinion = ?, answers = ? WHERE id = ?",
                     (values[n % len(values)] + f" #r{n}", json.dumps(data, ensure_ascii=False), review_id))  # fmt: skip
    conn.commit()
    conn.close()
    return round_id


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
                    text = html.unescape(shared[int(re.search(r"<v>(\d+)</v>", body).group(1))])
                else:
                    text = html.unescape("".join(re.findall(r"<t[^>]*>(.*?)</t>", body or "", re.S)))  # fmt: skip
                out.append((name, kind, text, quote[int(s.group(1))] if s else False))
        return out


def test_exp1_formula_injection(demo_db: Path, tmp_path: Path) -> None:
    inject(demo_db, PAYLOADS)
    round_id = scored_round(demo_db, PAYLOADS)
    files = xlsx_exports(demo_db, tmp_path)
    store = open_store(str(demo_db))
    try:
        files.append(write_scores_xlsx(store, round_id, tmp_path / "scores.xlsx"))
        group = write_group_opinion(
            store, round_id, tmp_path / "group.docx", today=TODAY, draft=DRAFT
        )
    finally:
        store.close()
    clean = {p.replace("\0", ""): p for p in PAYLOADS}  # the exports drop NUL (EXP-2)
    user_cells = formulas = not_string = formula_like = no_quote = 0
    seen: dict[str, set[str]] = {}
    for path in files:
        for _sheet, kind, text, quoted in cells(path):
            if "EVIL" not in text:
                continue
            if text.startswith("<f>"):
                formulas += 1
                continue
            user_cells += 1
            not_string += kind not in ("s", "inlineStr", "str")
            if text.startswith(FORMULA_START):
                formula_like += 1
                no_quote += not quoted
            source = re.sub(r" (#\w+|批次 专家评分表)$", "", text)
            if source in clean:
                seen.setdefault(path.name, set()).add(clean[source])
    with zipfile.ZipFile(group) as z:
        body = z.read("word/document.xml").decode()
    word_fields = len(re.findall(r"<w:(?:fldSimple|instrText)\b", body))
    word_evil = body.count("EVIL")
    literal = "skipped (no soffice)"
    if SOFFICE:  # LibreOffice opens the plan list and the score sheet: the payloads stay text
        checked = (files[0], files[-1])
        subprocess.run([SOFFICE, "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76",
                        "--outdir", str(tmp_path / "csv"), *map(str, checked)], check=True, capture_output=True, timeout=180)  # fmt: skip
        wanted = found = 0
        for path in checked:
            csv = (tmp_path / "csv" / f"{path.stem}.csv").read_text(encoding="utf-8").replace('""', '"')  # fmt: skip
            for _sheet, _kind, text, _quoted in cells(path):
                if "EVIL" in text and text.startswith(FORMULA_START):
                    wanted += 1
                    # LibreOffice keeps a CR as a line break
                    found += text.replace("\r", "\n") in csv
        literal = f"{found}/{wanted}"
    scores_seen = len(seen.get("scores.xlsx", ()))
    all_seen = len(set().union(*seen.values()))
    print(
        f"EXP-1: payloads={len(PAYLOADS)} files={len(files)} payloads_seen={all_seen} score_sheet_payloads={scores_seen} "
        f"user_text_cells={user_cells} formula_like={formula_like} formula_elements_from_user_text={formulas} "
        f"non_string_cells={not_string} without_quotePrefix={no_quote} group_docx_fields={word_fields} "
        f"libreoffice_literal={literal}"
    )
    assert all_seen == scores_seen == len(PAYLOADS) and formula_like > 0
    assert (formulas, not_string, no_quote, word_fields) == (0, 0, 0, 0) and word_evil > 0
    assert literal == "skipped (no soffice)" or literal == f"{wanted}/{wanted}" != "0/0"


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
    inject(demo_db, stored)  # project and unit text; lone surrogates go in as reviewer remarks
    caplog.set_level("INFO", logger="app.services.atomic")
    files = xlsx_exports(demo_db, tmp_path)
    store = open_store(str(demo_db))
    exceptions = 0
    try:
        for pid in range(1, len(values) + 1):
            try:
                files.append(
                    write_opinion(
                        store, pid, "expert", tmp_path / f"op{pid}.docx", today=TODAY, draft=DRAFT
                    )
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
    removals = [r for r in caplog.records if r.getMessage().startswith("removed")]
    fields = {getattr(r, "field", None) for r in removals}
    converted, soffice_exit = soffice_to_pdf(files, tmp_path / "soffice")
    print(
        f"EXP-2: values={len(values)} stored_in_db={len(stored)} files={len(files)} exceptions={exceptions} reopened={reopened} "
        f"soffice_converted={converted} soffice_exit={soffice_exit} substitutions_logged={len(removals)} "
        f"without_field={sum(r.field is None for r in removals)} fields={len(fields - {None})} e.g. {sorted(fields - {None})[:4]}"
    )
    assert exceptions == 0 and reopened == len(files) and removals and None not in fields
    assert converted in (f"{len(files)}/{len(files)}", "skipped (no soffice)")
    assert soffice_exit in (0, None)


def soffice_to_pdf(files: list[Path], out: Path) -> tuple[str, int | None]:
    """Every file through `soffice --headless --convert-to pdf`: (converted/total, worst exit).

    Word and Excel files go in one run; PDFs in a second one, through Writer's PDF import (the
    CI installs Writer and Calc only, without Draw, which opens PDFs by default)."""
    if not SOFFICE:
        return "skipped (no soffice)", None
    office = [f for f in files if f.suffix != ".pdf"]
    pdfs = [f for f in files if f.suffix == ".pdf"]
    exits = []
    for group, extra, folder in ((office, [], out / "office"), (pdfs, ["--infilter=writer_pdf_import"], out / "pdf")):  # fmt: skip
        if group:
            done = subprocess.run([SOFFICE, "--headless", *extra, "--convert-to", "pdf", "--outdir", str(folder),
                                   *map(str, group)], capture_output=True, timeout=300)  # fmt: skip
            exits.append(done.returncode)
    made = [out / ("pdf" if f.suffix == ".pdf" else "office") / f"{f.stem}.pdf" for f in files]
    ok = sum(m.exists() and m.read_bytes().startswith(b"%PDF") for m in made)
    return f"{ok}/{len(files)}", max(exits, key=abs)


def test_exp4_reportlab_markup_and_layout(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Markup stays literal, a 20,000-character remark spans pages, the CJK font is embedded;
    a 500-row table: no checklist has that many items (they are fixed by DOMAIN §3–4), so the
    checklist's own build path (item table with a repeated header row, numbered pages, atomic
    write) runs with the demo project's items repeated to 500 rows, each with a remark that
    wraps in its cell."""
    from dataclasses import replace

    from reportlab.platypus.doctemplate import LayoutError

    from app.reports import checklist_pdf

    markup = '<b>加粗</b> <img src="/etc/passwd"/> & < > &amp; <font size=40>大</font>'
    long = ("评审意见正文，" * 3000)[:20_000]
    store = open_store(str(demo_db))
    real_items = checklist_pdf.dossier_checklist

    def many_items(project: Any) -> list[Any]:
        items = real_items(project)
        return [replace(items[i % len(items)], key=f"row{i:03d}", remark="") for i in range(ROWS)]

    remarks = {f"row{i:03d}": f"R{i:03d} 说明文字较长需要在单元格内换行显示" for i in range(ROWS)}
    layout_errors = 0
    try:
        markup_pdf = write_checklist_pdf(store, 5, "dossier", tmp_path / "m.pdf", today=TODAY,
                                         reviewer_remarks={"data_catalogue": markup})  # fmt: skip
        long_pdf = write_checklist_pdf(store, 5, "dossier", tmp_path / "l.pdf", today=TODAY,
                                       reviewer_remarks={"data_catalogue": long})  # fmt: skip
        short_pdf = write_checklist_pdf(store, 5, "dossier", tmp_path / "s.pdf", today=TODAY)
        monkeypatch.setattr(checklist_pdf, "dossier_checklist", many_items)
        try:
            table_pdf = write_checklist_pdf(store, 5, "dossier", tmp_path / "t.pdf", today=TODAY,
                                            reviewer_remarks=remarks)  # fmt: skip
        except LayoutError as exc:  # the figure counts them
            layout_errors += 1
            print("LayoutError", exc)
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
    assert layout_errors == 0
    table_text = subprocess.run(
        ["pdftotext", "-layout", str(table_pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    page_texts = table_text.split("\f")[: pages(table_pdf)]
    rows_by_page = [set(re.findall(r"R\d{3}", t)) for t in page_texts]
    table_pages = [t for t, rows in zip(page_texts, rows_by_page, strict=True) if rows]
    with_header = sum("依据条款" in t and "日期 / 文号" in t for t in table_pages)
    rows_found = len(set().union(*rows_by_page))
    print(
        f"EXP-4: markup_literal={literal} long_opinion_chars={len(long)} pages_short={pages(short_pdf)} "
        f"pages_long={pages(long_pdf)} embedded_fonts={embedded_cjk} table_rows={ROWS} rows_found={rows_found} "
        f"table_pages={len(table_pages)} header_on={with_header}/{len(table_pages)} notes={'见附注' in table_text} "
        f"layout_errors={layout_errors}"
    )
    assert literal and pages(long_pdf) > pages(short_pdf) and embedded_cjk
    assert rows_found == ROWS and "见附注" not in table_text  # every row in the table itself
    assert len(table_pages) > 1 and with_header == len(table_pages)


#: realistic text for EXP-5's review round (experts' names and organisations, opinions)
ROUND_TEXT = ["王建国", "李梅", "张伟", "刘洋", "陈静", "重庆大学", "西南大学", "重庆邮电大学",
              "建议补充数据共享清单", "压缩硬件投资，利旧现有服务器", "重复建设，不予同意",
              "安全方案需补充等保测评和密码应用安排"]  # fmt: skip


def expected_pages(name: str, path: Path, round_projects: int) -> tuple[str, Callable[[int], bool]]:
    """The page count an export should have, from its structure (or as produced, where noted)."""
    if name.startswith("plan-"):
        return "1", lambda n: n == 1  # the demo's year fits one landscape page per table
    if name == "submission-template":  # each sheet fits one page width and is short: a page each
        sheets = len(load_workbook(path.parent.parent / f"{name}.xlsx").sheetnames)
        return str(sheets), lambda n: n == sheets
    if name.startswith("opinion-"):
        return "2..4", lambda n: 2 <= n <= 4  # title and text, conditions, signature block
    if name == "group-opinion":  # one project per page (page break before each title)
        return f">={round_projects}", lambda n: n >= round_projects
    if name == "scores":  # one page width; the round's rows (3 projects x 6) fit one page
        return "1", lambda n: n == 1
    # reportlab's own checklist: its footer says 共 M 页; as produced: dossier 2, acceptance 2 (the
    # findings and the signatures kept together on the second page)
    footer = re.findall(r"共\s*(\d+)\s*页", subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout)  # fmt: skip
    produced = {"checklist-dossier": 2, "checklist-acceptance": 2}[name]
    return f"{footer[-1]} (共M页) = {produced}", lambda n: int(footer[-1]) == n == produced


@pytest.mark.skipif(
    SOFFICE is None or not shutil.which("pdftoppm"), reason="LibreOffice or poppler missing"
)
def test_exp5_every_export_converts_and_renders(demo_db: Path, tmp_path: Path) -> None:
    from tools.render_exports import exports

    round_projects = 3
    round_id = scored_round(demo_db, ROUND_TEXT, projects=round_projects, experts=5)
    store = open_store(str(demo_db))
    try:
        files = [make(store) for make in exports(tmp_path, TODAY).values()]
        files.append(write_group_opinion(store, round_id, tmp_path / "group-opinion.docx", today=TODAY, draft=DRAFT))  # fmt: skip
        files.append(write_scores_xlsx(store, round_id, tmp_path / "scores.xlsx"))
    finally:
        store.close()
    office = [p for p in files if p.suffix != ".pdf"]
    done = subprocess.run([str(SOFFICE), "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"),
                           *map(str, office)], capture_output=True, timeout=600)  # fmt: skip
    pdfs = {p.stem: tmp_path / "pdf" / (p.stem + ".pdf") for p in office}
    pdfs |= {p.stem: p for p in files if p.suffix == ".pdf"}
    counts: dict[str, int] = {}
    wrong: dict[str, str] = {}
    failures = int(done.returncode != 0)
    for name, pdf in pdfs.items():
        if not pdf.exists():
            failures += 1
            continue
        png = tmp_path / "png" / name
        png.mkdir(parents=True)
        render = subprocess.run(["pdftoppm", "-r", "20", "-png", str(pdf), str(png / "p")],
                                capture_output=True)  # fmt: skip
        failures += render.returncode != 0
        counts[name] = len(list(png.glob("p-*.png")))
        want, ok = expected_pages(name, pdf, round_projects)
        if not ok(counts[name]):
            wrong[name] = f"{counts[name]} (expected {want})"
    print(
        f"EXP-5: exports={len(files)} converted_and_rendered={len(counts)} failures={failures} "
        f"unexpected_page_counts={len(wrong)}{f' {wrong}' if wrong else ''} pages={counts}"
    )
    assert failures == 0 and len(counts) == len(files) and not wrong


class LimitedFile:
    """A file that takes `limit` bytes, then raises `error` from the write that crosses it
    (the disk fills, or the serialiser dies, part-way through): the bytes before the limit
    reach the temp file."""

    def __init__(self, real: Any, limit: int, error: Callable[[], BaseException]) -> None:
        self.real, self.limit, self.error, self.written = real, limit, error, 0

    def write(self, data: bytes) -> int:
        room = self.limit - self.written
        if len(data) > room:
            self.real.write(bytes(data[:room]))
            self.written = self.limit
            raise self.error()
        self.written += len(data)
        return int(self.real.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def __enter__(self) -> LimitedFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.real.close()


class SerialiserCrashed(RuntimeError):
    pass


def export_faults(size: int) -> list[tuple[str, int]]:
    """100 faults for an exporter whose file has `size` bytes."""
    return (
        [("enospc", size * i // 50) for i in range(50)]  # disk full after 0 … 98 % of the file
        + [("crash", size * i // 10) for i in range(10)]  # the serialiser raises mid-stream
        + [("fsync", 0)] * 10
        + [("lock32", 0)] * 10  # os.replace: sharing violation, persistent
        + [("lock5", 0)] * 10  # os.replace: access denied twice, then free
        + [("erofs", 0)] * 10  # os.replace: another OS error
    )


def backup_faults(pages: int) -> list[tuple[str, int]]:
    """100 faults for the backup writer copying a database of `pages` pages."""
    return (
        [("full", 1 + (pages - 2) * i // 60) for i in range(60)]  # SQLITE_FULL at page k
        + [("copy_enospc", 1 + (pages - 2) * i // 20) for i in range(20)]  # ENOSPC after k pages
        + [("rename32", 0)] * 10  # the .partial held open (antivirus): sharing violation
        + [("rename_eio", 0)] * 10
    )


EXPORT_WANT = {"enospc": "failed", "crash": "raised", "fsync": "failed", "lock32": "locked", "lock5": "saved", "erofs": "failed"}  # fmt: skip
BACKUP_WANT = {"full": "disk_full", "copy_enospc": "disk_full", "rename32": "backup_failed", "rename_eio": "backup_failed"}  # fmt: skip


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_exp3_atomic_write_under_faults(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """100 runs per exporter and 100 for the backup writer, one injected fault each.

    Exporters (the atomic writer): ENOSPC after b bytes, the serialiser raising after b bytes,
    fsync error, os.replace locked (WinError 32) persistently or (WinError 5) twice then free,
    os.replace failing otherwise. Backup writer (SQLite backup API into `.partial`, then a
    rename): SQLITE_FULL at page k of the copy (the destination's max_page_count), ENOSPC from
    the copy after k pages, the rename failing; the previous backup has the same name, so a
    failure that touched it would show. After every run the previous file is byte-identical
    (unless the run saved) and its folder holds exactly what it held before (no temp file)."""
    import errno
    import os
    import time
    from datetime import datetime

    from app.models.db import StoreError
    from app.models.migrate import backup
    from app.paths import backups_dir
    from app.services import atomic
    from app.services.atomic import OutputFailed, OutputLocked
    from app.services.snapshot import evaluate_store

    store = open_store(str(demo_db))
    findings = evaluate_store(store, TODAY)
    exporters = {
        "plan.xlsx": lambda p: write_plan(store, 2027, "plan", p, today=TODAY),
        "submission.xlsx": lambda p: write_submission(store, 2027, p),
        "opinion.docx": lambda p: write_opinion(store, 1, "fsr", p, today=TODAY, findings=findings),
        "checklist.pdf": lambda p: write_checklist_pdf(store, 5, "dossier", p, today=TODAY, findings=findings),
    }  # fmt: skip
    real_open, real_fsync, real_replace, real_rename = open, os.fsync, os.replace, Path.replace
    monkeypatch.setattr(atomic, "LOCK_RETRY_SECONDS", 0.05)
    monkeypatch.setattr(atomic, "RETRY_INTERVAL", 0.01)
    locked_s: list[float] = []

    def winerror(code: int) -> OSError:
        exc = PermissionError(errno.EACCES, "in use")
        exc.winerror = code  # type: ignore[attr-defined]
        return exc

    def run_export(export: Callable[[Path], Path], target: Path, fault: str, k: int) -> str:
        calls = [0]

        def replace(src: str, dst: str) -> None:
            calls[0] += 1
            if fault == "lock32" or (fault == "lock5" and calls[0] <= 2):
                raise winerror(32 if fault == "lock32" else 5)
            if fault == "erofs":
                raise OSError(errno.EROFS, "Read-only file system")
            real_replace(src, dst)

        def fsync(fd: int) -> None:
            raise OSError(errno.EIO, "fsync failed")

        error = {"enospc": lambda: OSError(errno.ENOSPC, "No space left on device"),
                 "crash": lambda: SerialiserCrashed("serialiser crashed")}.get(fault)  # fmt: skip
        if error is not None:
            monkeypatch.setattr(atomic, "open", lambda *a, **kw: LimitedFile(real_open(*a, **kw), k, error), raising=False)  # fmt: skip
        monkeypatch.setattr(atomic.os, "replace", replace)
        if fault == "fsync":
            monkeypatch.setattr(atomic.os, "fsync", fsync)
        started = time.perf_counter()
        try:
            export(target)
            return "saved"
        except OutputLocked:
            locked_s.append(time.perf_counter() - started)
            return "locked"
        except OutputFailed:
            return "failed"
        except SerialiserCrashed:
            return "raised"
        finally:
            monkeypatch.setattr(atomic, "open", real_open, raising=False)
            monkeypatch.setattr(atomic.os, "replace", real_replace)
            monkeypatch.setattr(atomic.os, "fsync", real_fsync)

    reader = sqlite3.connect(demo_db)  # the source, as a store holding its lock passes it
    stamp = datetime(2026, 11, 25, 3, 0, 0)

    class Source:
        """The connection backup() copies from, with the fault of the run at the destination."""

        def __init__(self, fault: str, k: int) -> None:
            self.fault, self.k = fault, k

        def backup(self, destination: sqlite3.Connection) -> None:
            if self.fault == "full":
                destination.execute(f"PRAGMA max_page_count = {self.k}")
                reader.backup(destination)
            elif self.fault == "copy_enospc":

                def progress(*_: int) -> None:
                    raise OSError(errno.ENOSPC, "No space left on device")

                reader.backup(destination, pages=self.k, progress=progress)
            else:
                reader.backup(destination)

    def run_backup(fault: str, k: int) -> str:
        def rename(self: Path, target: Path) -> Path:
            if self.name.endswith(".partial"):
                raise winerror(32) if fault == "rename32" else OSError(errno.EIO, "I/O error")
            return real_rename(self, target)

        if fault.startswith("rename"):
            monkeypatch.setattr(Path, "replace", rename)
        try:
            backup(demo_db, "manual", stamp, source=Source(fault, k))  # type: ignore[arg-type]
            return "saved"
        except StoreError as exc:  # a raw OSError fails the test: the user gets a message
            assert exc.message_zh and exc.message_en
            return exc.code
        finally:
            monkeypatch.setattr(Path, "replace", real_rename)

    previous_backup = backup(demo_db, "manual", stamp, source=reader)
    pages = reader.execute("PRAGMA page_count").fetchone()[0]
    cases: dict[str, tuple[Callable[[str, int], str], Path, list[tuple[str, int]], dict[str, str]]] = {}  # fmt: skip
    for name, export in exporters.items():
        target = tmp_path / name.split(".")[0] / name  # each in its own folder: temps show
        target.parent.mkdir()
        export(target)
        run = lambda fault, k, export=export, target=target: run_export(export, target, fault, k)  # noqa: E731
        cases[name] = (run, target, export_faults(target.stat().st_size), EXPORT_WANT)
    cases["backup"] = (run_backup, previous_backup, backup_faults(pages), BACKUP_WANT)
    runs: dict[str, int] = {}
    changed = unexpected = leftovers = 0
    started = time.perf_counter()
    try:
        for name, (run, target, faults, want) in cases.items():
            for fault, k in faults:
                previous, listing = target.read_bytes(), sorted(os.listdir(target.parent))
                outcome = run(fault, k)
                runs[name] = runs.get(name, 0) + 1
                if outcome != want[fault]:
                    unexpected += 1
                    print("unexpected", name, fault, k, outcome)
                changed += outcome != "saved" and target.read_bytes() != previous
                leftovers += sorted(os.listdir(target.parent)) != listing
    finally:
        store.close()
        reader.close()
    seconds = time.perf_counter() - started
    assert backups_dir() == previous_backup.parent
    print(
        f"EXP-3: exporters={len(exporters)}+backup runs={runs} previous_changed={changed} unexpected_outcomes={unexpected} "
        f"folders_changed={leftovers} locked_reported_max_s={max(locked_s):.2f} (retry window patched to 0.05 s) "
        f"backup_pages={pages} seconds={seconds:.1f}"
    )
    assert (changed, unexpected, leftovers) == (0, 0, 0)
    assert set(runs.values()) == {100} and len(runs) == len(exporters) + 1
