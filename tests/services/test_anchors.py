"""The audit head on exports (RELIABILITY 2.10): every export kind records the head as it was
when the file was written, only in its metadata; `verify-audit --anchor-from FILE` catches a
trail truncated after the export, which verification without it cannot see."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from app.cli import main
from app.models import Project
from app.models.db import Store
from app.services.anchors import LABEL, AnchorNotFound, anchor_text, read_anchor
from app.services.checklists import write_checklist_pdf
from app.services.group_opinion import write_group_opinion, write_scores_xlsx
from app.services.jsonio import export_json
from app.services.opinions import write_opinion
from app.services.packages import export_round_packages
from app.services.plan_tables import write_plan
from app.services.submission_export import write_submission
from tests.conftest import DEMO_TODAY_ISO
from tests.review.helpers import make_round
from tests.services.test_audit import head

TODAY = date.fromisoformat(DEMO_TODAY_ISO)


def touch(store: Store) -> None:
    """One audited change, so that every export sees a different head."""
    with store.write() as session:
        project = session.get(Project, 3)
        assert project is not None
        project.total_investment_yuan += 1


def metadata(path: Path) -> str:
    """The property as the usual libraries read it (the file opens)."""
    if path.suffix == ".docx":
        return str(Document(str(path)).core_properties.comments)
    if path.suffix == ".xlsx":
        return str(load_workbook(path).properties.description)
    info = PdfReader(path).metadata
    assert info is not None
    return str(info["/Subject"])


def visible_text(path: Path) -> str:
    if path.suffix == ".docx":
        doc = Document(str(path))
        cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in doc.paragraphs] + cells)
    if path.suffix == ".xlsx":
        wb = load_workbook(path)
        return "\n".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row)
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def exporters(store: Store, folder: Path, round_id: int) -> dict[str, Callable[[], Path]]:
    return {
        "opinion.docx": lambda: write_opinion(store, 12, "one_step", folder / "批复.docx", today=TODAY),
        "expert.docx": lambda: write_opinion(store, 4, "expert", folder / "专家意见.docx", today=TODAY),
        "group.docx": lambda: write_group_opinion(store, round_id, folder / "组意见.docx", today=TODAY),
        "plan.xlsx": lambda: write_plan(store, 2026, "plan", folder / "计划.xlsx", today=TODAY),
        "list.xlsx": lambda: write_plan(store, 2026, "list", folder / "清单.xlsx", today=TODAY),
        "submission.xlsx": lambda: write_submission(store, 2026, folder / "申报.xlsx"),
        "scores.xlsx": lambda: write_scores_xlsx(store, round_id, folder / "评分.xlsx"),
        "checklist.pdf": lambda: write_checklist_pdf(store, 5, "dossier", folder / "清单.pdf", today=TODAY),
    }  # fmt: skip


def test_every_export_records_the_head_at_export_time(demo_store: Store, tmp_path: Path) -> None:
    round_id, _experts = make_round(demo_store)
    seen: list[int] = []
    for name, export in exporters(demo_store, tmp_path, round_id).items():
        touch(demo_store)
        before = head(demo_store)
        path = export()
        assert head(demo_store) == before, name  # exporting writes nothing
        assert read_anchor(path) == before, name
        assert metadata(path) == anchor_text(before) == f"{LABEL} {before.seq}:{before.hash}"
        assert LABEL not in visible_text(path), name  # metadata only: the layout is unchanged
        seen.append(before.seq)
    assert len(set(seen)) == len(seen)

    touch(demo_store)
    before = head(demo_store)
    summary = export_json(demo_store, tmp_path / "data.json")
    assert read_anchor(summary.path) == before  # the dataset's last audit entry
    package = export_round_packages(demo_store, round_id, tmp_path / "out", today=TODAY)[0]
    assert read_anchor(package) == before  # the head before the package's own record
    assert head(demo_store).seq > before.seq
    # an anchor is read from the file itself, not its name
    renamed = tmp_path / "renamed.bin"
    renamed.write_bytes((tmp_path / "批复.docx").read_bytes())
    assert read_anchor(renamed) == read_anchor(tmp_path / "批复.docx")


def test_files_without_a_head_are_reported(tmp_path: Path) -> None:
    plain = tmp_path / "plain.docx"
    Document().save(str(plain))
    text = tmp_path / "notes.txt"
    text.write_text("ReviewDesk audit head 5:" + "a" * 64, encoding="utf-8")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    for path, words in ((plain, "备注"), (text, "支持"), (broken, "损坏"), (tmp_path / "none.pdf", "无法读取")):  # fmt: skip
        with pytest.raises(AnchorNotFound) as info:
            read_anchor(path)
        assert words in info.value.message_zh and path.name in info.value.message_zh + info.value.message_en  # fmt: skip


@pytest.mark.sqlite_only("truncates the audit table through sqlite3")
def test_truncation_after_an_export_is_caught_with_anchor_from(
    demo_store: Store, demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    round_id, _experts = make_round(demo_store)
    made = exporters(demo_store, tmp_path, round_id)
    files = [made[k]() for k in ("opinion.docx", "plan.xlsx", "checklist.pdf")]
    files.append(export_json(demo_store, tmp_path / "data.json").path)
    files.append(export_round_packages(demo_store, round_id, tmp_path / "out", today=TODAY)[0])
    anchor = read_anchor(files[0])
    assert all(read_anchor(f) == anchor for f in files)
    for _ in range(3):
        touch(demo_store)  # work goes on after the export
    demo_store.close()
    for path in files:
        assert main(["verify-audit", "--db", str(demo_db), "--anchor-from", str(path)]) == 0
        assert f"{anchor.seq}:{anchor.hash}" in capsys.readouterr().out

    cut = anchor.seq - 2  # someone deletes the last entries, and the checkpoints beyond them
    raw = sqlite3.connect(demo_db, isolation_level=None)
    raw.execute("DELETE FROM audit_entries WHERE seq > ?", (cut,))
    raw.execute("DELETE FROM audit_checkpoints WHERE seq > ?", (cut,))
    raw.close()
    assert main(["verify-audit", "--db", str(demo_db)]) == 0  # invisible without an anchor
    capsys.readouterr()
    for path in files:
        assert main(["verify-audit", "--db", str(demo_db), "--anchor-from", str(path)]) == 1, path
        out = capsys.readouterr().out
        assert f"第 {cut + 1} 条" in out and "截断" in out, out
    assert main(["verify-audit", "--db", str(demo_db), "--anchor-from", str(files[1]), "--lang", "en"]) == 1  # fmt: skip
    assert f"first bad entry {cut + 1}" in capsys.readouterr().out


def test_anchor_from_a_file_without_a_head_is_bad_input(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = tmp_path / "plain.xlsx"
    from openpyxl import Workbook

    Workbook().save(plain)
    assert main(["verify-audit", "--db", str(demo_db), "--anchor-from", str(plain)]) == 2
    err = capsys.readouterr().err
    assert "没有审计链头" in err and "carries no audit head" in err
