"""PDF checklists: Chinese text extractable, items, reasons, findings, signatures, safe save."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cli import EXIT_BAD_INPUT, EXIT_OK, main
from app.models.db import Store
from app.reports.checklist_pdf import build_checklist_pdf, write_checklist_pdf
from app.rules.facts import DocKind, DocStatus
from app.services import atomic
from app.services.editing import DocumentInput, set_document

TODAY = date(2026, 11, 25)


def pdf_text(data: bytes, tmp_path: Path) -> tuple[str, int]:
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    reader = PdfReader(str(path))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


def test_dossier_checklist_text_is_searchable(demo_store: Store, tmp_path: Path) -> None:
    text, pages = pdf_text(build_checklist_pdf(demo_store, 5, "dossier", today=TODAY), tmp_path)
    for expected in (
        "项目审批材料核查表",
        "江津区生态环境监测监控平台",
        "数据资源目录",
        "非跨部门项目",
        "DOS-CH-SEC",
        "评审人（签字）",
        "第 1 页 共",
    ):
        assert expected in text, expected
    assert pages >= 2


def test_acceptance_checklist_follows_classification(demo_store: Store, tmp_path: Path) -> None:
    text, _ = pdf_text(build_checklist_pdf(demo_store, 29, "acceptance", today=TODAY), tmp_path)
    assert "项目竣工验收核查表" in text and "涉密信息系统安全保密测评报告" in text
    assert "ACC-MAT-SECEVAL" in text


def test_hostile_remarks_do_not_break_the_pdf(demo_store: Store, tmp_path: Path) -> None:
    remark = "<b>&amp; 未闭合 & <font>\x07" + "很长的说明" * 40
    with demo_store.write() as session:
        set_document(
            session,
            5,
            DocKind.DATA_CATALOGUE,
            DocumentInput(DocStatus.SUBMITTED, remark=remark.replace("\x07", "")),
        )
    text, _ = pdf_text(build_checklist_pdf(demo_store, 5, "dossier", today=TODAY), tmp_path)
    assert "见附注 1" in text and "<b>&amp;" in text.replace("\n", "")


def test_locked_target_keeps_the_old_file(
    demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "c.pdf"
    target.write_bytes(b"old")

    def locked(*_a: object) -> None:
        raise PermissionError(13, "in use")

    monkeypatch.setattr(atomic.os, "replace", locked)
    monkeypatch.setattr(atomic, "LOCK_RETRY_SECONDS", 0.0)
    with pytest.raises(atomic.OutputLocked):
        write_checklist_pdf(demo_store, 5, "dossier", target, today=TODAY)
    assert target.read_bytes() == b"old"
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".~rd-")]


def test_cli_export_checklist(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "a.pdf"
    assert (
        main(
            [
                "export-checklist",
                "--db",
                str(demo_db),
                "JJ-2026-005",
                "--kind",
                "dossier",
                "-o",
                str(out),
                "--today",
                "2026-11-25",
            ]
        )
        == EXIT_OK
    )
    assert out.read_bytes().startswith(b"%PDF")
    assert (
        main(["export-checklist", "--db", str(demo_db), "NOPE", "-o", str(out)]) == EXIT_BAD_INPUT
    )
