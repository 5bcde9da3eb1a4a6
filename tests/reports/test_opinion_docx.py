"""Word opinions: GB/T 9704 page, fonts on every run, 文号, amount, conditions, template, safe save."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from app.cli import EXIT_OK, main
from app.models.db import Store
from app.reports.opinion_docx import BODY_FONT
from app.services import atomic
from app.services.opinions import build_opinion, write_opinion, write_opinions_for_year

TODAY = date(2026, 11, 25)


def load(data: bytes, tmp_path: Path) -> Document:  # type: ignore[valid-type]
    path = tmp_path / "o.docx"
    path.write_bytes(data)
    return Document(str(path))


def test_one_step_reply_layout_and_content(demo_store: Store, tmp_path: Path) -> None:
    doc = load(build_opinion(demo_store, 12, "one_step", today=TODAY), tmp_path)
    section = doc.sections[0]
    measures = (section.page_width, section.page_height, section.top_margin, section.bottom_margin,
                section.left_margin, section.right_margin)  # fmt: skip
    assert [round(m.mm) for m in measures] == [210, 297, 37, 35, 28, 26]  # twips round-trip
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "重庆市江津区发展和改革委员会"  # 版头
    assert texts[1] == "江津发改投〔2026〕12号"  # Approval.number
    title = next(p for p in doc.paragraphs if p.text.endswith("可行性研究报告及概算的批复"))
    assert title.runs[0].font.size.pt == 22
    body = "\n".join(texts)
    assert "重庆市江津区大数据发展局：" in body and "现将有关事项批复如下" in body
    assert "980.00万元" in body and "2026年11月25日" in body
    for paragraph in doc.paragraphs:
        for run in (r for r in paragraph.runs if r.text):
            fonts = run._element.rPr.find(qn("w:rFonts"))
            assert fonts is not None and fonts.get(qn("w:eastAsia")), paragraph.text
    widths = doc.tables[0]._tbl.tblPr.find(qn("w:tblW"))
    assert widths is not None and widths.get(qn("w:type")) == "dxa"


def test_open_findings_become_conditions(demo_store: Store, tmp_path: Path) -> None:
    doc = load(
        build_opinion(demo_store, 5, "one_step", today=TODAY), tmp_path
    )  # 生态环境: chapters missing
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "缺少“网络安全保护措施”章节" in body and "请按《办法》第14条规定予以整改。" in body
    assert "第13、条" not in body  # multi-article citations read 第13、29条


def test_expert_opinion_uses_the_review(demo_store: Store, tmp_path: Path) -> None:
    doc = load(build_opinion(demo_store, 3, "expert", today=TODAY), tmp_path)
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "专家评审意见" in body and "评审专家组" in body
    assert "请核实是否重复建设（《办法》第13、29条）。" in body  # DUP-SIMILAR, two articles
    assert "受区发展改革委委托" in body and "江津发改投" not in body  # no 版头 / 文号


def test_user_template_overrides_the_layout(demo_store: Store, tmp_path: Path) -> None:
    template = tmp_path / "t.docx"
    t = Document()
    t.add_paragraph("自定义抬头 {{发文单位}}")
    t.add_paragraph("{{标题}}")
    t.add_paragraph("{{正文}}")
    t.add_paragraph("金额：{{批复金额}}万元，{{日期}}")
    t.save(str(template))
    doc = load(build_opinion(demo_store, 12, "one_step", today=TODAY, template=template), tmp_path)
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "自定义抬头 江津区发展和改革委员会"
    assert any(t.startswith("一、") for t in texts) and "{{正文}}" not in texts
    assert texts[-1] == "金额：980.00万元，2026年11月25日"
    assert (
        doc.paragraphs[0].runs[0]._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))
        == BODY_FONT
    )


def test_locked_target_and_batch(
    demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = write_opinions_for_year(demo_store, 2026, tmp_path / "out", today=TODAY)
    assert result.written and all(p.exists() for p in result.written)
    assert tmp_path / "out" / "JJ-2026-012 关于江津区政务服务“一网通办”平台优化可行性研究报告及概算的批复.docx" in result.written  # fmt: skip
    target = tmp_path / "o.docx"
    target.write_bytes(b"old")
    monkeypatch.setattr(
        atomic.os, "replace", lambda *a: (_ for _ in ()).throw(PermissionError(13, "in use"))
    )
    monkeypatch.setattr(atomic, "LOCK_RETRY_SECONDS", 0.0)
    with pytest.raises(atomic.OutputLocked):
        write_opinion(demo_store, 12, "one_step", target, today=TODAY)
    assert target.read_bytes() == b"old"


def test_cli(demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.docx"
    assert (
        main(
            [
                "export-opinion",
                "--db",
                str(demo_db),
                "JJ-2026-012",
                "--step",
                "one_step",
                "-o",
                str(out),
                "--today",
                "2026-11-25",
            ]
        )
        == EXIT_OK
    )
    assert Document(str(out)).paragraphs
    assert (
        main(
            [
                "export-opinions",
                "--db",
                str(demo_db),
                "--year",
                "2026",
                "-o",
                str(tmp_path / "batch"),
            ]
        )
        == 1  # replies of JJ-2026-017, -019, -025 skipped: their units are under Art 28 (UNIT-BLOCKED)
    )
    written = sorted(p.name for p in (tmp_path / "batch").iterdir())
    assert len(written) == 12 and not any(
        c in n for n in written for c in ("-017 ", "-019 ", "-025 ")
    )


def test_unapproved_reply_has_a_blank_number_and_wps_widths(
    demo_store: Store, tmp_path: Path
) -> None:
    doc = load(build_opinion(demo_store, 5, "one_step", today=TODAY), tmp_path)
    assert doc.paragraphs[1].text == "江津发改投〔    〕    号"
    date_line = next(p for p in doc.paragraphs if p.text == "2026年11月25日")
    assert date_line.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    tbl = doc.tables[0]._tbl
    grid = [int(c.get(qn("w:w"))) for c in tbl.tblGrid.findall(qn("w:gridCol"))]
    assert sum(grid) == int(tbl.tblPr.find(qn("w:tblW")).get(qn("w:w")))  # 156 mm ≈ 8844 twips
    for row in doc.tables[0].rows:
        cells = [c._tc.tcPr.find(qn("w:tcW")) for c in row.cells]
        assert [int(c.get(qn("w:w"))) for c in cells] == grid
        assert all(c.get(qn("w:type")) == "dxa" for c in cells)
    assert [c.text for c in doc.tables[0].rows[0].cells][1:4] == ["项目", "申报金额", "核定金额"]


def test_control_characters_and_formula_text_survive(demo_store: Store, tmp_path: Path) -> None:
    from app.models import Project

    nul = "\x00" if demo_store.engine.dialect.name == "sqlite" else ""  # PostgreSQL text has no NUL
    with demo_store.write() as session:
        project = session.get(Project, 12)
        project.name = "=HYPERLINK(1)\x07政务\x0b平台" + nul
        project.funding_source = "+cmd|' /C calc'!A0\x1f区级资金"
    doc = load(build_opinion(demo_store, 12, "one_step", today=TODAY), tmp_path)
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "关于=HYPERLINK(1)政务平台可行性研究报告及概算的批复" in body
    assert "资金来源为+cmd|' /C calc'!A0区级资金。" in body


def test_template_cells_and_fonts(demo_store: Store, tmp_path: Path) -> None:
    template = tmp_path / "t.docx"
    t = Document()
    run = t.add_paragraph().add_run("{{批复文号}}")
    run.font.name = "Times New Roman"
    run.font.bold = True
    t.add_table(rows=1, cols=1).cell(0, 0).text = "建设单位：{{建设单位}}；{{未知}}"
    t.save(str(template))
    doc = load(build_opinion(demo_store, 12, "one_step", today=TODAY, template=template), tmp_path)
    first = doc.paragraphs[0].runs[0]
    assert doc.paragraphs[0].text == "江津发改投〔2026〕12号" and first.bold
    assert first._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))
    assert doc.tables[0].cell(0, 0).text == "建设单位：重庆市江津区大数据发展局；{{未知}}"


def test_cli_locked_output_exits_2(
    demo_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    target = tmp_path / "r.docx"
    target.write_bytes(b"open in WPS")
    monkeypatch.setattr(
        atomic.os, "replace", lambda *a: (_ for _ in ()).throw(PermissionError(13, "in use"))
    )
    monkeypatch.setattr(atomic, "LOCK_RETRY_SECONDS", 0.0)
    argv = ["export-opinion", "--db", str(demo_db), "12", "--step", "one_step", "-o", str(target)]
    assert main(argv) == 2
    assert "占用" in capsys.readouterr().err and target.read_bytes() == b"open in WPS"
