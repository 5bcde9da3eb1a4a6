"""PDF checklists: Chinese text extractable, items, reasons, findings, signatures, safe save."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.cli import EXIT_BAD_INPUT, EXIT_OK, main
from app.models.db import Store
from app.reports.fonts import FALLBACK, cjk_font
from app.rules.facts import DocKind, DocStatus
from app.services import atomic
from app.services.checklists import build_checklist_pdf, write_checklist_pdf
from app.services.editing import DocumentInput, set_document

TODAY = date(2026, 11, 25)


def pdf_pages(data: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "x.pdf"
    path.write_bytes(data)
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def pdf_text(data: bytes, tmp_path: Path) -> tuple[str, int]:
    pages = pdf_pages(data, tmp_path)
    return "\n".join(pages), len(pages)


@pytest.mark.parametrize("project_id", [1, 5, 12, 14, 29])
@pytest.mark.parametrize(
    ("kind", "title"), [("dossier", "项目审批材料核查表"), ("acceptance", "项目竣工验收核查表")]
)
def test_every_kind_for_several_projects(
    demo_store: Store, tmp_path: Path, project_id: int, kind: str, title: str
) -> None:
    from app.services.snapshot import read_project

    project, unit = read_project(demo_store, project_id)
    assert project is not None
    text, pages = pdf_text(build_checklist_pdf(demo_store, project_id, kind, today=TODAY), tmp_path)
    flat = text.replace("\n", "")
    for expected in (title, project.name, project.code, unit, "依据条款", "复核人（签字）"):
        assert expected in flat, expected
    assert f"第 {pages} 页 共 {pages} 页" in text


def test_long_checklist_repeats_the_table_header(demo_store: Store, tmp_path: Path) -> None:
    pages = pdf_pages(build_checklist_pdf(demo_store, 1, "dossier", today=TODAY), tmp_path)
    assert len(pages) > 1
    # the item table continues on page 2, headed by the repeated header row
    assert pages[1].replace("\n", "").startswith("序号核查事项依据条款状态日期 / 文号说明")
    assert "部署于区政务云或说明理由" in pages[1]  # the last item


def test_chinese_font_is_embedded(demo_store: Store, tmp_path: Path) -> None:
    if cjk_font() == FALLBACK:
        pytest.skip("no TrueType CJK font on this machine (CID fallback)")
    path = tmp_path / "f.pdf"
    path.write_bytes(build_checklist_pdf(demo_store, 5, "dossier", today=TODAY))
    fonts = PdfReader(str(path)).pages[0]["/Resources"]["/Font"]
    embedded = [
        f.get_object()
        for f in fonts.values()
        if "/FontDescriptor" in f.get_object() and "/FontFile2" in f.get_object()["/FontDescriptor"]
    ]
    assert embedded


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


def test_reviewer_remarks_escaped_and_control_chars_dropped(
    demo_store: Store, tmp_path: Path
) -> None:
    remarks = {"fsr": "<b>&\x00\x07 ok", "fsr.ch.sec": "补充\x1b等保</font>章节", "nope": "x"}
    text, _ = pdf_text(
        build_checklist_pdf(demo_store, 5, "dossier", today=TODAY, reviewer_remarks=remarks),
        tmp_path,
    )
    flat = text.replace("\n", "")
    assert "评审意见：<b>& ok" in flat
    assert "补充等保</font>章节" in flat
    assert "\x07" not in text and "\x1b" not in text


def test_unknown_kind_and_project(demo_store: Store) -> None:
    with pytest.raises(ValueError):
        build_checklist_pdf(demo_store, 1, "budget", today=TODAY)
    with pytest.raises(LookupError):
        build_checklist_pdf(demo_store, 99999, "dossier", today=TODAY)


@pytest.fixture
def locked_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every os.replace fails as when the PDF is open in a viewer that locks it."""

    def locked(*_a: object) -> None:
        raise PermissionError(13, "in use")

    monkeypatch.setattr(atomic.os, "replace", locked)
    monkeypatch.setattr(atomic, "LOCK_RETRY_SECONDS", 0.0)


@pytest.mark.usefixtures("locked_output")
def test_locked_target_keeps_the_old_file(demo_store: Store, tmp_path: Path) -> None:
    target = tmp_path / "c.pdf"
    target.write_bytes(b"old")
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


@pytest.mark.usefixtures("locked_output")
def test_cli_locked_output_exits_2_and_keeps_the_file(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "locked.pdf"
    out.write_bytes(b"old")
    argv = ["export-checklist", "--db", str(demo_db), "5", "--kind", "acceptance", "-o", str(out)]
    assert main(argv) == EXIT_BAD_INPUT
    assert out.read_bytes() == b"old"
    err = capsys.readouterr().err
    assert "文件被其他程序占用" in err and "locked.pdf" in err


def test_cid_font_fallback_without_truetype(
    demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.reports import fonts

    monkeypatch.setattr(fonts, "CANDIDATES", ())
    fonts.cjk_font.cache_clear()
    try:
        assert fonts.cjk_font() == FALLBACK
        data = build_checklist_pdf(demo_store, 29, "acceptance", today=TODAY)
    finally:
        fonts.cjk_font.cache_clear()
    text, _ = pdf_text(data, tmp_path)
    assert "项目竣工验收核查表" in text
