"""Any spreadsheet as a grid: formats told by their bytes, encodings, merged ranges and the caps."""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.services.ledger_table import CellProblem, check_cell, parse_date, parse_money
from app.services.spreadsheet import open_workbook, read_grid
from app.services.xlsx_reader import ImportFailed

DATA = Path(__file__).resolve().parent.parent / "data"
ROWS = [["项目名称", "建设单位", "总投资（万元）"], ["电子证照", "区教委", "56.78"]]


def code_of(path: Path) -> str:
    with pytest.raises(ImportFailed) as info:
        read_grid(path)
    assert info.value.message_zh and info.value.message_en
    return info.value.code


@pytest.mark.parametrize(
    ("encoding", "delimiter", "bom"),
    [
        ("utf-8", ",", b""),
        ("utf-8", ",", codecs.BOM_UTF8),
        ("gb18030", ",", b""),
        ("gbk", ";", b""),
        ("utf-16-le", "\t", codecs.BOM_UTF16_LE),
    ],
)
def test_csv_in_every_encoding_offices_save(
    tmp_path: Path, encoding: str, delimiter: str, bom: bytes
) -> None:
    path = tmp_path / "台账.csv"
    text = "\r\n".join(delimiter.join(row) for row in ROWS)
    path.write_bytes(bom + text.encode(encoding))
    grid = read_grid(path)
    assert grid.rows == [(1, tuple(ROWS[0])), (2, tuple(ROWS[1]))]
    assert open_workbook(path).format == "csv"


def test_the_format_comes_from_the_bytes_not_the_name(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(ROWS[0])
    wb.save(tmp_path / "real.xls")  # an xlsx named .xls
    assert open_workbook(tmp_path / "real.xls").format == "xlsx"
    xls = tmp_path / "real.xlsx"
    xls.write_bytes((DATA / "ledger-2023.xls").read_bytes())  # an xls named .xlsx
    assert open_workbook(xls).format == "xls"
    assert read_grid(xls).rows[0] == (1, ("2023年江津区信息化项目台账",))


def test_merged_ranges_of_xlsx_and_xls(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "计划投资"
    ws.merge_cells("A1:C1")
    ws["A2"] = "中央"
    wb.save(tmp_path / "m.xlsx")
    assert read_grid(tmp_path / "m.xlsx").merged == [(1, 1, 1, 3)]
    assert (2, 6, 2, 7) in read_grid(
        DATA / "ledger-2023.xls"
    ).merged  # 本年度计划投资 over 合计|区级


def test_caps_hold_for_csv(tmp_path: Path) -> None:
    (tmp_path / "long.csv").write_text("名称\n" + "x\n" * 50_001, encoding="utf-8")
    (tmp_path / "wide.csv").write_text(",".join(["x"] * 201) + "\n", encoding="utf-8")
    assert code_of(tmp_path / "long.csv") == "too_many_rows"
    assert code_of(tmp_path / "wide.csv") == "too_many_columns"


def test_the_zip_checks_of_the_template_import_hold(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", "<a>" + " " * 30_000_000 + "</a>")
    assert code_of(bomb) == "zip_bomb"
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    assert code_of(broken) == "file_corrupt"


def test_a_password_protected_workbook_is_named_as_such(tmp_path: Path) -> None:
    ole = tmp_path / "secret.xlsx"
    ole.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512 + "EncryptedPackage".encode("utf-16-le")
    )
    assert code_of(ole) == "encrypted"
    junk = tmp_path / "junk.xls"
    junk.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x01" * 600)
    assert code_of(junk) == "file_corrupt"


def test_a_formula_without_its_result_is_a_problem_at_its_cell(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(ROWS[0])
    ws.append(["电子证照", "区教委", "=1+1"])  # openpyxl stores no cached value
    wb.save(tmp_path / "f.xlsx")
    grid = read_grid(tmp_path / "f.xlsx")
    assert (2, 3) in grid.formulas
    number, values = grid.rows[1]
    value = values[2] if len(values) > 2 else None
    assert (number, value) == (2, None)
    with pytest.raises(CellProblem) as info:
        check_cell(value, (number, 3) in grid.formulas)
    assert "公式没有计算结果" in info.value.zh


@pytest.mark.parametrize(
    ("value", "unit", "yuan"),
    [
        (1234.5, "万元", 12_345_000),
        ("1,234.5万元", "元", 12_345_000),
        ("１２３４", "元", 1234),
        ("0.5亿元", None, 50_000_000),
        (0.1 + 0.2, "万元", 3_000),
        ("12.345", "元", 12),
        ("—", "万元", None),
        ("￥8,000", "元", 8_000),
    ],
)
def test_amounts_become_integer_yuan(value: object, unit: str | None, yuan: int | None) -> None:
    money = parse_money(value, unit)
    assert (None if money is None else money.yuan) == yuan


@pytest.mark.parametrize("value", ["-3", "1e309", "NaN", "八百", "12元万"])
def test_what_is_not_an_amount_is_said(value: str) -> None:
    with pytest.raises(CellProblem):
        parse_money(value, "万元")


@pytest.mark.parametrize(
    "value", ["2024-03-05", "2024/3/5", "2024.3.5", "20240305", "2024年3月5日", 20240305, 45356]
)
def test_dates_typed_every_way(value: object) -> None:
    from datetime import date

    assert parse_date(value) == date(2024, 3, 5)


def test_csv_of_a_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(io.BytesIO(bytes(range(256))).getvalue())
    assert code_of(path) == "not_spreadsheet"
