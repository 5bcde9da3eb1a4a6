"""IMP-3: bombs and limits, each refused with its own Chinese message (RELIABILITY §2.7, §3.3).

Every hostile file is generated here and read in a forked child, so that the time and the
peak RSS growth printed are that file's own. The figure is printed, not asserted; what is
asserted is the outcome: the error code and the words of the message, or, for the dimension
lies, that every row is read.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.models.db import Store
from app.services.submission_import import (
    MAX_CELL_CHARS,
    SHEET_NAME,
    ImportFailed,
    check_submission,
    import_submission,
    read_sheet,
)
from tests.dbstate import content_hash
from tests.reliability.import_seeds import (
    COLUMN,
    LETTER,
    SheetSpec,
    chinese,
    run_forked,
    seed_inline,
    valid_record,
    workbook_parts,
    zip_bytes,
)

SHEET = "xl/worksheets/sheet1.xml"
_MAIN = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def _sheet_xml(rows: bytes, dimension: bytes = b"") -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        + _MAIN
        + dimension
        + b"<sheetData>"
        + rows
        + b"</sheetData></worksheet>"
    )


def _good_rows(count: int) -> bytes:
    """The header and `count` valid rows of the inline seed's sheet, as XML rows."""
    sheet = SheetSpec(SHEET_NAME)
    sheet.header()
    for n in range(1, count + 1):
        sheet.put_record(n + 1, valid_record(n))
    xml = sheet.xml()
    return xml[xml.index(b"<sheetData>") + 11 : xml.index(b"</sheetData>")]


def _with_sheet(sheet_xml: bytes) -> bytes:
    parts = seed_inline()
    parts[SHEET] = sheet_xml
    return zip_bytes(parts)


# --------------------------------------------------------------------------- the files


def zip_bomb(_tmp: Path) -> bytes:
    """310 KB that expand to 300 MB (a padding member next to a valid workbook)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in seed_inline().items():
            z.writestr(name, data)
        with z.open("xl/media/image1.bin", "w", force_zip64=True) as member:
            block = b"\0" * (1 << 20)
            for _ in range(300):
                member.write(block)
    return buffer.getvalue()


def zip_bomb_lying_sizes(_tmp: Path) -> bytes:
    """The sheet itself expands to 300 MB while the zip headers declare 2 KB."""
    padding = b" " * (300 << 20)
    sheet = _sheet_xml(_good_rows(3)).replace(b"<sheetData>", b"<sheetData>" + padding, 1)
    del padding
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated = compressor.compress(sheet) + compressor.flush()
    crc = zlib.crc32(sheet)
    real_size = len(sheet)
    del sheet
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in seed_inline().items():
            if name != SHEET:
                z.writestr(name, data)
    # append the sheet by hand: local header + data, then rebuild the central directory
    data = bytearray(buffer.getvalue())
    end = data.rfind(b"PK\x05\x06")
    (count,) = struct.unpack("<H", data[end + 10 : end + 12])
    (cd_size, cd_offset) = struct.unpack("<II", data[end + 12 : end + 20])
    central = bytes(data[cd_offset : cd_offset + cd_size])
    body = bytes(data[:cd_offset])
    name = SHEET.encode()
    lie = 2048
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(deflated), lie, len(name), 0)  # fmt: skip
    entry = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(deflated), lie,
                        len(name), 0, 0, 0, 0, 0, len(body))  # fmt: skip
    new_body = body + local + name + deflated
    new_central = central + entry + name
    eocd = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count + 1, count + 1, len(new_central), len(new_body), 0)  # fmt: skip
    assert real_size > 300 << 20
    return new_body + new_central + eocd


_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, b"".join(b"&lol%s;" % (b"" if i == 1 else b"%d" % (i - 1)) for _ in range(10)))
        for i in range(1, 10)
    )
    + b"]>"
)  # fmt: skip


def billion_laughs_workbook(_tmp: Path) -> bytes:
    parts = seed_inline()
    wb = parts["xl/workbook.xml"]
    parts["xl/workbook.xml"] = _LAUGHS + wb[wb.index(b"<workbook") :].replace(b"</sheets>", b"</sheets><x>&lol9;</x>")  # fmt: skip
    return zip_bytes(parts)


def billion_laughs_shared_strings(_tmp: Path) -> bytes:
    parts = seed_inline()
    parts["xl/sharedStrings.xml"] = (
        _LAUGHS + b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" '
        b'uniqueCount="1"><si><t>&lol9;</t></si></sst>'
    )  # fmt: skip
    return zip_bytes(parts)


def late_dtd(_tmp: Path) -> bytes:
    """The DTD after 200 KB of comment in the prolog (a 4 KiB look would miss it)."""
    parts = seed_inline()
    wb = parts["xl/workbook.xml"]
    comment = b"<!--" + b"x" * (200 * 1024) + b"-->"
    parts["xl/workbook.xml"] = comment + _LAUGHS[len(b'<?xml version="1.0"?>\n') :] + wb[wb.index(b"<workbook") :]  # fmt: skip
    return zip_bytes(parts)


def row_1048576(_tmp: Path) -> bytes:
    """Declared A1:U1048576 and a value on the sheet's last row."""
    last = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return _with_sheet(_sheet_xml(_good_rows(5) + last, b'<dimension ref="A1:U1048576"/>'))


def rows_1048576_filled(_tmp: Path) -> bytes:
    """Every one of the 1,048,576 rows has a cell (about 50 MB of XML)."""
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>%d</v></c></row>' % (n, n, n) for n in range(2, 1_048_577))  # fmt: skip
    return _with_sheet(_sheet_xml(_good_rows(0) + rows))


def columns_16384(_tmp: Path) -> bytes:
    from openpyxl.utils import get_column_letter

    cells = b"".join(
        b'<c r="%s2"><v>1</v></c>' % get_column_letter(c).encode() for c in range(1, 16_385)
    )
    return _with_sheet(_sheet_xml(_good_rows(0) + b'<row r="2">' + cells + b"</row>"))


def sheets_10000_parts(_tmp: Path) -> bytes:
    return zip_bytes(workbook_parts([SheetSpec(f"表{i}") for i in range(10_000)]))


def sheets_10000_declared(_tmp: Path) -> bytes:
    """workbook.xml lists 10,000 sheets; the package has parts for three."""
    parts = seed_inline()
    extra = b"".join(
        b'<sheet name="S%d" sheetId="%d" r:id="rId1"/>' % (i, i + 10) for i in range(10_000)
    )
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b"</sheets>", extra + b"</sheets>")
    return zip_bytes(parts)


def members_5000(_tmp: Path) -> bytes:
    parts = seed_inline()
    for i in range(5_000):
        parts[f"xl/media/image{i}.png"] = b"\x89PNG"
    return zip_bytes(parts)


def _ole(streams: list[str]) -> bytes:
    """An OLE compound file header and a directory sector naming `streams` (UTF-16LE)."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[24:26] = struct.pack("<H", 0x3E)
    header[26:28] = struct.pack("<H", 3)
    header[28:30] = b"\xfe\xff"
    header[30:32] = struct.pack("<H", 9)
    directory = bytearray()
    for name in ["Root Entry", *streams]:
        entry = bytearray(128)
        encoded = (name + "\0").encode("utf-16-le")
        entry[: len(encoded)] = encoded
        entry[64:66] = struct.pack("<H", len(encoded))
        entry[66] = 5 if name == "Root Entry" else 2
        directory += entry
    return bytes(header) + bytes(directory).ljust(4096, b"\0")


def encrypted_xlsx(_tmp: Path) -> bytes:
    """What Excel writes for a workbook with an open password: OLE with EncryptedPackage."""
    return _ole(["\x06DataSpaces", "EncryptionInfo", "EncryptedPackage"])


def xls_renamed(_tmp: Path) -> bytes:
    return _ole(["Workbook", "\x05SummaryInformation"])


def et_renamed(_tmp: Path) -> bytes:
    return _ole(["Workbook", "WpsCustomData"])


def csv_renamed(_tmp: Path) -> bytes:
    return "项目名称,建设单位,总投资（万元）\n江津区测试项目,区大数据局,100\n".encode("utf-8-sig")


def csv_gbk_renamed(_tmp: Path) -> bytes:
    return "项目名称,建设单位\r\n江津区测试项目,区大数据局\r\n".encode("gbk")


def unicode_text_renamed(_tmp: Path) -> bytes:
    return "项目名称\t建设单位\r\n江津区测试项目\t区大数据局\r\n".encode("utf-16")


def too_large(tmp: Path) -> bytes:
    data = bytearray(zip_bytes(seed_inline()))
    return bytes(data) + b"\0" * (21 * 1024 * 1024)  # 21 MB: refused by size before the zip


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path], bytes]
    code: str
    words: str  # what the Chinese message must say


CASES = (
    Case("zip_bomb_310k_to_300m", zip_bomb, "zip_bomb", "压缩炸弹"),
    Case("zip_bomb_lying_sizes", zip_bomb_lying_sizes, "file_corrupt", "文件已损坏"),
    Case("billion_laughs_workbook", billion_laughs_workbook, "dtd", "文档类型声明"),
    Case("billion_laughs_shared_strings", billion_laughs_shared_strings, "dtd", "文档类型声明"),
    Case("dtd_after_200k_prolog", late_dtd, "dtd", "文档类型声明"),
    Case("row_1048576_declared", row_1048576, "too_many_rows", "工作表行数超过上限 50000"),
    Case("rows_1048576_filled", rows_1048576_filled, "too_many_rows", "工作表行数超过上限 50000"),
    Case("columns_16384", columns_16384, "too_many_columns", "工作表列数超过上限 200"),
    Case("sheets_10000_parts", sheets_10000_parts, "too_many_parts", "部件过多"),
    Case("sheets_10000_declared", sheets_10000_declared, "too_many_sheets", "工作表过多"),
    Case("members_5000", members_5000, "too_many_parts", "部件过多"),
    Case("file_21mb", too_large, "too_large", "文件过大"),
    Case("encrypted_xlsx", encrypted_xlsx, "encrypted", "密码"),
    Case("xls_renamed", xls_renamed, "not_xlsx", "Excel 97-2003"),
    Case("et_renamed", et_renamed, "not_xlsx", "WPS .et"),
    Case("csv_renamed", csv_renamed, "not_xlsx", "CSV"),
    Case("csv_gbk_renamed", csv_gbk_renamed, "not_xlsx", "CSV"),
    Case("unicode_text_renamed", unicode_text_renamed, "not_xlsx", "CSV"),
)


def _refusal(path: Path) -> tuple[str, str, str]:
    """Read the file as import does (pre-check and parse): (code, message_zh, message_en)."""
    try:
        read_sheet(path)
    except ImportFailed as exc:
        return exc.code, exc.message_zh, exc.message_en
    return "read", "", ""


def _rows_read(path: Path) -> int:
    return len(read_sheet(path).rows) - 1  # without the header


@pytest.mark.reliability
def test_imp3_bombs_and_limits_are_refused_with_their_own_message(tmp_path: Path) -> None:
    results = []
    build_s = 0.0
    for case in CASES:
        path = tmp_path / f"{case.name}.xlsx"
        # built in a child too: the 300 MB of a bomb never sit in this process
        built = run_forked(lambda c=case, p=path: p.write_bytes(c.build(tmp_path)))
        assert built.error == "", (case.name, built.error)
        build_s += built.seconds
        forked = run_forked(lambda p=path: _refusal(p))
        assert forked.error == "", (case.name, forked.error)
        code, zh, en = forked.result
        results.append((case, code, zh, en, forked))
        path.unlink()
    refused = [
        r for r in results if r[1] == r[0].code and r[0].words in r[2] and chinese(r[2]) and r[3]
    ]
    slowest = max(results, key=lambda r: r[4].seconds)
    fattest = max(results, key=lambda r: r[4].rss_growth_mb)

    # dimension lies: understated (A1:B2 over 5,000 rows) and overstated (A1:XFD1048576)
    rows = _good_rows(5_000)
    under = tmp_path / "understated.xlsx"
    under.write_bytes(_with_sheet(_sheet_xml(rows, b'<dimension ref="A1:B2"/>')))
    over = tmp_path / "overstated.xlsx"
    over.write_bytes(_with_sheet(_sheet_xml(_good_rows(6), b'<dimension ref="A1:XFD1048576"/>')))
    under_read = run_forked(lambda: _rows_read(under))
    over_read = run_forked(lambda: _rows_read(over))
    print(
        f"IMP-3: cases={len(CASES)} refused_with_specific_message={len(refused)}/{len(CASES)} "
        f"max_s={slowest[4].seconds:.2f} ({slowest[0].name}) "
        f"max_rss_growth_mb={fattest[4].rss_growth_mb:.0f} ({fattest[0].name}) "
        f"understated_rows_read={under_read.result}/5000 overstated_rows_read={over_read.result}/6 "
        f"silently_dropped={5000 - (under_read.result or 0)} build_s={build_s:.1f}"
    )
    for case, code, zh, _en, forked in results:
        print(
            f"  {case.name}: {code} {zh} ({forked.seconds:.2f} s, +{forked.rss_growth_mb:.0f} MB)"
        )
    wrong = [(r[0].name, r[1], r[2]) for r in results if r not in refused]
    assert wrong == []
    assert (under_read.result, over_read.result) == (5_000, 6)


# --------------------------------------------------------------------------- long cells


def _long_cell_file(tmp: Path, key: str, length: int) -> Path:
    sheet = SheetSpec(SHEET_NAME)
    sheet.header()
    record = valid_record(1)
    record[key] = "长" * length
    sheet.put_record(2, record)
    path = tmp / f"{key}-{length}.xlsx"
    path.write_bytes(zip_bytes(workbook_parts([sheet])))
    return path


@pytest.mark.reliability
def test_imp3_cell_of_32767_characters(demo_store: Store, tmp_path: Path) -> None:
    """Excel's longest cell: too long for 项目名称 (reported there), kept whole in 建设规模及内容."""
    before = content_hash(demo_store)
    with demo_store.read() as s:
        name = check_submission(_long_cell_file(tmp_path, "name", MAX_CELL_CHARS), s)
        beyond = check_submission(_long_cell_file(tmp_path, "content", MAX_CELL_CHARS + 1), s)
    assert [(i.cell, i.message_zh) for i in name.issues] == [
        (f"{SHEET_NAME}!{LETTER['name']}2", f"内容过长（{MAX_CELL_CHARS} 字，上限 300 字）")
    ]
    assert [i.cell for i in beyond.issues] == [f"{SHEET_NAME}!{LETTER['content']}2"]
    assert "超过 Excel 上限" in beyond.issues[0].message_zh
    assert content_hash(demo_store) == before
    result = import_submission(demo_store, _long_cell_file(tmp_path, "content", MAX_CELL_CHARS))
    assert (result.created, result.issues) == (1, ())
    with demo_store.read() as s:
        from sqlalchemy import select

        from app.models import Project

        stored = s.scalar(select(Project.content).where(Project.name == valid_record(1)["name"]))
    assert stored == "长" * MAX_CELL_CHARS
    assert COLUMN["content"] == 6
