"""Department submissions in Excel: template, check-everything-first import, hostile files."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import func, select

from app.models import Document, DocumentPart, ListEntry, Project, ProjectParticipant
from app.models.db import Store
from app.reports.submission_xlsx import write_template
from app.rules.facts import DocKind, DocStatus, ProcurementMethod
from app.services.submission_import import (
    COLUMNS,
    SHEET_NAME,
    ImportFailed,
    ImportReport,
    ImportResult,
    check_submission,
    import_submission,
)
from tests.dbstate import content_hash

LETTER = {c.key: get_column_letter(i) for i, c in enumerate(COLUMNS, start=1)}
UNIT = "重庆市江津区大数据发展局"


def make_row(n: int, **overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "name": f"申报测试项目{n}",
        "unit": UNIT if n % 2 else "区公安局",  # full name and short name
        "type": "新建",
        "total": 120.5 + n,
        "content": f"建设内容{n}",
        "year": 2027,
        "basis": "部门年度预算安排",
        "cross_department": "否",
        "classified": "否",
        "on_gov_cloud": "是",
        "implementing_agency": "实施机构",
        "responsible_person": "张三",
        "planned_completion_on": "2027-12-31",
        "declared": "100.1234",
        "plan_amount": 50,
    }
    row.update(overrides)
    return row


def fill(template: Path, target: Path, rows: list[dict[str, Any]]) -> Path:
    wb = load_workbook(template)
    ws = wb[SHEET_NAME]
    for r, values in enumerate(rows, start=2):
        for key, value in values.items():
            cell = ws[f"{LETTER[key]}{r}"]
            cell.value = value
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text, not a formula
    wb.save(target)
    return target


@pytest.fixture
def template(tmp_path: Path) -> Path:
    return write_template(tmp_path / "template.xlsx", year=2027)


def db_hash(store: Store) -> str:
    return content_hash(store)  # the same on SQLite and PostgreSQL (DB-9)


def count(store: Store, model: Any) -> int:
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


# --------------------------------------------------------------------------- template


def test_template_has_headers_lists_and_help(template: Path) -> None:
    wb = load_workbook(template)
    ws = wb[SHEET_NAME]
    assert [c.value for c in ws[1]] == [c.header for c in COLUMNS]
    assert ws.freeze_panes == "A2"
    formulas = [dv.formula1 for dv in ws.data_validations.dataValidation]
    assert any("改扩建" in (f or "") for f in formulas)
    assert any("区委、区政府明确要求" in (f or "") for f in formulas)
    assert any(f == '"是,否"' for f in formulas)
    assert ws.column_dimensions[LETTER["total"]].number_format == "#,##0.00##"
    help_ws = wb["填表说明"]
    text = " ".join(str(c.value) for row in help_ws.iter_rows() for c in row if c.value)
    for spec in COLUMNS:
        assert spec.header in text


# --------------------------------------------------------------------------- happy path


def test_import_creates_then_updates(demo_store: Store, template: Path, tmp_path: Path) -> None:
    rows = [make_row(1), make_row(2, code="SUB-2027-002"), make_row(3, participants="区公安局、区教委",
            cross_department="是", planned_completion_on=datetime(2027, 6, 30))]  # fmt: skip
    path = fill(template, tmp_path / "sub.xlsx", rows)
    before = count(demo_store, Project)

    with demo_store.read() as s:
        report = check_submission(path, s)
    assert isinstance(report, ImportReport)
    assert report.issues == [] and len(report.rows) == 3

    result = import_submission(demo_store, path)
    assert result == ImportResult(created=3, updated=0, skipped=0)
    assert count(demo_store, Project) == before + 3
    with demo_store.read() as s:
        p = s.scalars(select(Project).where(Project.name == "申报测试项目3")).one()
        assert p.unit.name == UNIT
        assert p.total_investment_yuan == 1_235_000  # 123.5 万元
        assert p.declared_yuan == 1_001_234
        assert p.planned_completion_on == date(2027, 6, 30)
        assert p.cross_department is True
        assert {x.unit.short_name for x in p.participants} == {"区公安局", "区教委"}
        assert [(e.year, e.basis.value) for e in p.list_entries] == [(2027, "budget")]
        assert [(line.year, line.amount_yuan) for line in p.plan_lines] == [(2027, 500_000)]
        assert p.code.startswith("JJ-2027-")
        coded = s.scalars(select(Project).where(Project.code == "SUB-2027-002")).one()
        assert coded.unit.short_name == "区公安局"

    rows[0]["total"] = 999
    rows[1]["plan_amount"] = "60.5"
    fill(template, path, rows)
    again = import_submission(demo_store, path)
    assert again == ImportResult(created=0, updated=3, skipped=0)
    assert count(demo_store, Project) == before + 3
    with demo_store.read() as s:
        p1 = s.scalars(select(Project).where(Project.name == "申报测试项目1")).one()
        assert p1.total_investment_yuan == 9_990_000
        p2 = s.scalars(select(Project).where(Project.code == "SUB-2027-002")).one()
        assert [line.amount_yuan for line in p2.plan_lines if line.year == 2027] == [605_000]
        n_entries = s.scalar(
            select(func.count()).select_from(ListEntry).where(ListEntry.project_id == p2.id)
        )
        assert n_entries == 1
        n_parts = s.scalar(select(func.count()).select_from(ProjectParticipant))
    assert import_submission(demo_store, path).updated == 3
    with demo_store.read() as s:
        assert s.scalar(select(func.count()).select_from(ProjectParticipant)) == n_parts


def test_text_starting_with_equals_is_text(
    demo_store: Store, template: Path, tmp_path: Path
) -> None:
    payload = '=HYPERLINK("http://x","点我")'
    path = fill(template, tmp_path / "eq.xlsx", [make_row(1, name=payload, content="=1+1")])
    result = import_submission(demo_store, path)
    assert result.created == 1, result.issues
    with demo_store.read() as s:
        p = s.scalars(select(Project).where(Project.name == payload)).one()
        assert p.content == "=1+1"


def test_second_reading_columns_import_and_export_back(
    demo_store: Store, template: Path, tmp_path: Path
) -> None:
    """是/否/未记录, the 必备条件 statuses, the review departments, procurement and assessments."""
    rows = [
        make_row(1, on_gov_cloud=None, data_catalogue="已提交", crypto_plan="缺",
                 review_departments="网络安全、保密工作主管部门、预算管理", procurement_method="竞争性磋商",
                 procurement_on="2027-03-01", mlps_assessed_on=date(2027, 5, 1), crypto_assessed_on="2027年5月2日"),
        make_row(2, on_gov_cloud="未记录"),
        make_row(3, on_gov_cloud="否", cloud_justification="公安专网"),
    ]  # fmt: skip
    path = fill(template, tmp_path / "second.xlsx", rows)
    assert import_submission(demo_store, path).created == 3
    with demo_store.read() as s:
        projects = {p.name: p for p in s.scalars(select(Project).where(Project.name.like("申报测试项目%")))}  # fmt: skip
        first = projects["申报测试项目1"]
        assert [projects[f"申报测试项目{n}"].on_gov_cloud for n in (1, 2, 3)] == [None, None, False]
        assert first.procurement_method == ProcurementMethod.COMPETITIVE_CONSULTATION
        assert (first.procurement_on, first.mlps_assessed_on, first.crypto_assessed_on) == (
            date(2027, 3, 1), date(2027, 5, 1), date(2027, 5, 2))  # fmt: skip
        docs = {d.kind: d for d in first.documents}
        assert docs[DocKind.DATA_CATALOGUE].status == DocStatus.SUBMITTED
        assert docs[DocKind.CRYPTO_PLAN].status == DocStatus.MISSING
        assert docs[DocKind.EVALUATION].status == DocStatus.SUBMITTED
        assert {p.code for p in docs[DocKind.EVALUATION].parts if p.part == "department"} == {
            "cybersecurity", "secrecy", "budget"}  # fmt: skip
        assert not projects["申报测试项目2"].documents
    # exported back in the same words, and a second import changes nothing
    from app.services.submission_export import write_submission

    out = write_submission(demo_store, 2027, tmp_path / "back.xlsx")
    ws = load_workbook(out)[SHEET_NAME]
    header = [c.value for c in ws[1]]
    back = {r[header.index("项目名称")]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    one = back["申报测试项目1"]
    assert one[header.index("技术审查参与部门")] == "网络安全、预算管理、保密"
    assert (
        one[header.index("是否部署政务云")] == "未记录"
        and one[header.index("采购方式")] == "竞争性磋商"
    )
    assert (one[header.index("数据资源目录")], one[header.index("密码应用方案")]) == (
        "已提交",
        "缺",
    )
    counts = (
        count(demo_store, Project),
        count(demo_store, Document),
        count(demo_store, DocumentPart),
    )
    assert import_submission(demo_store, out).issues == ()
    assert (
        count(demo_store, Project),
        count(demo_store, Document),
        count(demo_store, DocumentPart),
    ) == counts
    with demo_store.read() as s:
        again = s.scalars(select(Project).where(Project.name == "申报测试项目1")).one()
        assert again.on_gov_cloud is None and len(again.documents) == 3


@pytest.mark.parametrize("column", ["data_catalogue", "crypto_plan"])
def test_not_applicable_prerequisite_is_refused_at_its_cell(
    demo_store: Store, template: Path, tmp_path: Path, column: str
) -> None:
    path = fill(template, tmp_path / "na.xlsx", [make_row(1), make_row(2, **{column: "不适用"})])
    before = db_hash(demo_store)
    result = import_submission(demo_store, path)
    assert [i.cell for i in result.issues] == [f"{SHEET_NAME}!{LETTER[column]}3"]
    assert "第十四条" in result.issues[0].message_zh and "必备条件" in result.issues[0].message_zh
    assert "prerequisite" in result.issues[0].message_en
    assert db_hash(demo_store) == before
    with demo_store.read() as s:
        assert not s.scalar(select(func.count()).select_from(Document).where(Document.status == DocStatus.NOT_APPLICABLE, Document.kind.in_([DocKind.DATA_CATALOGUE, DocKind.CRYPTO_PLAN])))  # fmt: skip


def test_unknown_review_department_and_procurement_are_issues(
    demo_store: Store, template: Path, tmp_path: Path
) -> None:
    rows = [make_row(1, review_departments="网络安全、财政", procurement_method="比选", on_gov_cloud="不知道")]  # fmt: skip
    result = import_submission(demo_store, fill(template, tmp_path / "bad2.xlsx", rows))
    assert sorted(i.column_letter for i in result.issues) == sorted(
        LETTER[k] for k in ("review_departments", "procurement_method", "on_gov_cloud"))  # fmt: skip


# --------------------------------------------------------------------------- refusals


def test_four_bad_cells_all_reported_nothing_written(
    demo_store: Store, template: Path, tmp_path: Path
) -> None:
    rows = [
        make_row(1),
        make_row(2, unit="不存在的单位"),
        make_row(3, total="12.34567"),
        make_row(4, planned_completion_on="2026-02-30"),
        make_row(5, type="新造"),
    ]
    path = fill(template, tmp_path / "bad.xlsx", rows)
    before = db_hash(demo_store)
    with demo_store.read() as s:
        report = check_submission(path, s)
    where = sorted(i.cell for i in report.issues)
    assert where == sorted(
        [
            f"{SHEET_NAME}!{LETTER['unit']}3",
            f"{SHEET_NAME}!{LETTER['total']}4",
            f"{SHEET_NAME}!{LETTER['planned_completion_on']}5",
            f"{SHEET_NAME}!{LETTER['type']}6",
        ]
    ), report.issues
    assert all(i.message_zh and i.message_en for i in report.issues)
    assert report.issues[0].where_zh.startswith(f"{SHEET_NAME} 第3行")

    result = import_submission(demo_store, path)
    assert (result.created, result.updated, len(result.issues)) == (0, 0, 4)
    assert db_hash(demo_store) == before


def test_valid_rows_only(demo_store: Store, template: Path, tmp_path: Path) -> None:
    rows = [make_row(1), make_row(2, unit="不存在的单位"), make_row(3), make_row(4, year="明年")]
    path = fill(template, tmp_path / "mixed.xlsx", rows)
    before = count(demo_store, Project)
    result = import_submission(demo_store, path, valid_rows_only=True)
    assert (result.created, result.updated, result.skipped) == (2, 0, 2)
    assert {i.row for i in result.issues} == {3, 5}
    assert count(demo_store, Project) == before + 2
    with demo_store.read() as s:
        names = set(s.scalars(select(Project.name).where(Project.name.like("申报测试项目%"))))
    assert names == {"申报测试项目1", "申报测试项目3"}


def test_duplicate_rows_and_missing_required(
    demo_store: Store, template: Path, tmp_path: Path
) -> None:
    rows = [make_row(1), make_row(1), make_row(3, name=None, total=None)]
    path = fill(template, tmp_path / "dup.xlsx", rows)
    with demo_store.read() as s:
        report = check_submission(path, s)
    cells = {i.cell for i in report.issues}
    assert f"{SHEET_NAME}!{LETTER['name']}3" in cells  # same project as row 2
    assert {f"{SHEET_NAME}!{LETTER['name']}4", f"{SHEET_NAME}!{LETTER['total']}4"} <= cells


def test_formula_without_cached_value_is_an_issue(
    demo_store: Store, template: Path, tmp_path: Path
) -> None:
    path = fill(template, tmp_path / "f.xlsx", [make_row(1), make_row(2)])
    wb = load_workbook(path)
    wb[SHEET_NAME][f"{LETTER['total']}3"] = "=100+20"  # openpyxl stores no cached value
    wb.save(path)
    with demo_store.read() as s:
        report = check_submission(path, s)
    assert [i.cell for i in report.issues] == [f"{SHEET_NAME}!{LETTER['total']}3"]
    assert "公式" in report.issues[0].message_zh


def _rewrite(path: Path, target: Path, edit: Any) -> Path:
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info.filename, edit(info.filename, data))
    return target


def test_wrong_declared_dimension_still_reads_every_row(
    demo_store: Store, template: Path, tmp_path: Path
) -> None:
    rows = [make_row(n) for n in range(1, 8)]
    path = fill(template, tmp_path / "dim.xlsx", rows)

    def lie(name: str, data: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            import re

            return re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:B2"/>', data)
        return data

    lied = _rewrite(path, tmp_path / "lied.xlsx", lie)
    with zipfile.ZipFile(lied) as z:
        assert b'<dimension ref="A1:B2"/>' in z.read("xl/worksheets/sheet1.xml")
    with demo_store.read() as s:
        report = check_submission(lied, s)
    assert report.issues == []
    assert [r.row for r in report.rows] == list(range(2, 9))


def test_zip_bomb_ratio_and_non_zip_are_refused(template: Path, tmp_path: Path) -> None:
    bomb = _rewrite(template, tmp_path / "bomb.xlsx", lambda n, d: d)
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/media/padding.bin", b"\0" * (8 * 1024 * 1024))
    not_zip = tmp_path / "plain.xlsx"
    not_zip.write_text("项目名称,建设单位\n甲,乙\n", encoding="utf-8")
    xls = tmp_path / "old.xlsx"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    codes = {}
    for path in (bomb, not_zip, xls):
        with pytest.raises(ImportFailed) as info:
            check_submission(path, None)  # type: ignore[arg-type]
        assert info.value.message_zh and info.value.message_en
        codes[path.name] = info.value.code
    assert codes == {"bomb.xlsx": "zip_bomb", "plain.xlsx": "not_xlsx", "old.xlsx": "not_xlsx"}


# --------------------------------------------------------------------------- odd files
# (the mutation fuzz is IMP-1 in tests/reliability/test_import_fuzz.py)


def test_bytes_of_a_text_file_named_xlsx_inside_zip(tmp_path: Path) -> None:
    """A zip that is not a workbook (no workbook part) is `not_xlsx`, not a crash."""
    path = tmp_path / "docs.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("readme.txt", "hello")
    path.write_bytes(buffer.getvalue())
    with pytest.raises(ImportFailed) as info:
        check_submission(path, None)  # type: ignore[arg-type]
    assert info.value.code == "not_xlsx"


def test_cli_template_and_import(demo_db: Path, tmp_path: Path, capsys: Any) -> None:
    from app.cli import main

    out = tmp_path / "tpl.xlsx"
    assert main(["template", "-o", str(out), "--year", "2027"]) == 0
    good = fill(out, tmp_path / "good.xlsx", [make_row(1)])
    assert main(["--db", str(demo_db), "import-xlsx", str(good)]) == 0
    bad = fill(out, tmp_path / "bad.xlsx", [make_row(2), make_row(3, total="-1")])
    capsys.readouterr()
    assert main(["--db", str(demo_db), "import-xlsx", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{SHEET_NAME}!{LETTER['total']}3: " in err
    assert main(["--db", str(demo_db), "import-xlsx", str(bad), "--valid-rows-only"]) == 2
    assert "新建 1 个" in capsys.readouterr().out
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a workbook")
    assert main(["--db", str(demo_db), "import-xlsx", str(junk)]) == 2
    assert "不是 Excel 2007+" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("cell_xml", "code"),
    [
        (
            b'<row r="50002"><c r="A50002" t="inlineStr"><is><t>x</t></is></c></row>',
            "too_many_rows",
        ),
        (b'<row r="9"><c r="GS9" t="inlineStr"><is><t>x</t></is></c></row>', "too_many_columns"),
    ],
)
def test_row_and_column_caps(
    template: Path, tmp_path: Path, demo_store: Store, cell_xml: bytes, code: str
) -> None:
    path = fill(template, tmp_path / "cap.xlsx", [make_row(1)])

    def add_row(name: str, data: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            return data.replace(b"</sheetData>", cell_xml + b"</sheetData>")
        return data

    capped = _rewrite(path, tmp_path / "capped.xlsx", add_row)
    with demo_store.read() as s, pytest.raises(ImportFailed) as info:
        check_submission(capped, s)
    assert info.value.code == code


def test_encrypted_member_and_duplicate_names_are_refused(template: Path, tmp_path: Path) -> None:
    data = bytearray(template.read_bytes())
    central = data.rfind(b"PK\x01\x02")  # last central directory entry: set "encrypted"
    data[central + 8] |= 0x1
    encrypted = tmp_path / "enc.xlsx"
    encrypted.write_bytes(bytes(data))
    duplicated = _rewrite(template, tmp_path / "dup.xlsx", lambda n, d: d)
    with zipfile.ZipFile(duplicated, "a") as z, pytest.warns(UserWarning):
        z.writestr("xl/workbook.xml", b"<workbook/>")
    for path, code in ((encrypted, "encrypted"), (duplicated, "bad_part_name")):
        with pytest.raises(ImportFailed) as info:
            check_submission(path, None)  # type: ignore[arg-type]
        assert info.value.code == code


def test_documented_normalisations(demo_store: Store, template: Path, tmp_path: Path) -> None:
    rows = [
        make_row(1, total="1,234.5", declared="１２３４", planned_completion_on="2027年3月5日"),
        make_row(2, total="88.1234万元", planned_completion_on="2027/3/5", code=2027001),
    ]
    path = fill(template, tmp_path / "norm.xlsx", rows)
    with demo_store.read() as s:
        report = check_submission(path, s)
    assert report.issues == []
    first, second = report.rows
    assert (first.total_yuan, first.declared_yuan) == (12_345_000, 12_340_000)
    assert first.planned_completion_on == second.planned_completion_on == date(2027, 3, 5)
    assert (second.total_yuan, second.code) == (881_234, "2027001")
    assert import_submission(demo_store, path).created == 2
    # an update with empty optional cells keeps what is stored
    fill(template, path, [make_row(1, responsible_person=None, declared=None), rows[1]])
    assert import_submission(demo_store, path).updated == 2
    with demo_store.read() as s:
        p = s.scalars(select(Project).where(Project.name == "申报测试项目1")).one()
        assert (p.responsible_person, p.declared_yuan) == ("张三", 12_340_000)
