"""Ledgers in the shapes offices keep them, built by the tests (and the .xls fixture's source).

Each builder writes a file and returns the records it should import to: project name → the
fields the import must store (integer yuan, dates), so a test can compare exactly.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment

UNITS = ("重庆市江津区大数据发展局", "区公安局", "区教委")  # registered in the demo database


def _merge(ws: Any, ref: str, value: Any) -> None:
    ws[ref.split(":")[0]] = value
    ws.merge_cells(ref)
    ws[ref.split(":")[0]].alignment = Alignment(horizontal="center", vertical="center")


def merged_wan(path: Path) -> dict[str, dict[str, Any]]:
    """2024 ledger: title, 「单位：万元」, two header rows (计划投资 over 中央/市级/区级), a total
    row at the top, a 小计 per unit, notes under the table, a new unit, approval data, status."""
    wb = Workbook()
    ws = wb.active
    ws.title = "2024年台账"
    _merge(ws, "A1:L1", "2024年度江津区政务信息化项目台账")
    ws["L2"] = "单位：万元"
    for ref, text in (("A3:A4", "序号"), ("B3:B4", "项目名称"), ("C3:C4", "建设单位"),
                      ("D3:D4", "建设性质"), ("E3:E4", "总投资"), ("I3:I4", "批复文号"),
                      ("J3:J4", "批复日期"), ("K3:K4", "项目状态"), ("L3:L4", "备注")):  # fmt: skip
        _merge(ws, ref, text)
    _merge(ws, "F3:H3", "计划投资")
    ws["F4"], ws["G4"], ws["H4"] = "中央", "市级", "区级"
    rows: list[tuple[Any, ...]] = [
        ("", "合计", "", "", 1930.5, 100, 300, 530.5, "", "", "", ""),
        ("一", "区公安局小计", "", "", 1200, 100, 200, 300, "", "", "", ""),
        (
            1,
            "台账智慧警务平台",
            "区公安局",
            "新建",
            800,
            100,
            200,
            100,
            "江津发改〔2021〕12号",
            datetime(2021, 5, 10),
            "在建",
            "",
        ),
        (
            2,
            "台账视频监控扩容",
            "区公安局",
            "改扩建",
            400,
            None,
            None,
            200,
            "江津发改〔2022〕3号",
            "2022年3月8日",
            "已验收",
            "二期",
        ),
        ("二", "区教委小计", "", "", 730.5, 0, 100, 230.5, "", "", "", ""),
        (3, "台账教育云平台", "区教委", "续建", 730.5, None, 100, 230.5, "", "", "审批中", ""),
        (
            4,
            "台账社区服务系统",
            "江津区白沙镇人民政府",
            "新建",
            0.5,
            None,
            None,
            None,
            "",
            "",
            "储备",
            "",
        ),
    ]
    for r, values in enumerate(rows, start=5):
        for c, value in enumerate(values, start=1):
            if value not in ("", None):
                ws.cell(r, c, value)
    ws.cell(13, 1, "注：1.本表金额单位为万元；2.状态按2024年底填报。")
    ws.cell(14, 1, "填表人：张三")
    wb.save(path)
    return {
        "台账智慧警务平台": dict(unit="区公安局", type="新建", total=8_000_000, plan=4_000_000,
                          central=1_000_000, municipal=2_000_000, district=1_000_000,
                          approved_on=date(2021, 5, 10), number="江津发改〔2021〕12号", stage="S4"),
        "台账视频监控扩容": dict(unit="区公安局", type="改扩建", total=4_000_000, plan=2_000_000,
                          approved_on=date(2022, 3, 8), number="江津发改〔2022〕3号", stage="S6",
                          remark="二期"),
        "台账教育云平台": dict(unit="区教委", type="续建", total=7_305_000, plan=3_305_000, stage="S2"),
        "台账社区服务系统": dict(unit="江津区白沙镇人民政府", type="新建", total=5_000, stage="S0"),
    }  # fmt: skip


def yuan_groups(path: Path) -> dict[str, dict[str, Any]]:
    """A register over several years in 元 with 角分, units as group headings (no unit column),
    a 年度 column, dates typed every way, and a repeated header half way down."""
    wb = Workbook()
    ws = wb.active
    ws.title = "项目库"
    ws.append(
        ["序号", "项目", "年度", "投资额（元）", "批复时间", "竣工日期", "验收日期", "项目负责人"]
    )
    ws.append(["一、重庆市江津区大数据发展局"])
    ws.append(
        [
            1,
            "元表数据共享交换平台",
            2022,
            1234567.89,
            "2022.4.1",
            "2023/6/30",
            "2023年12月5日",
            "李四",
        ]
    )
    ws.append([2, "元表政务云扩容", "2023年", "2,000,000", 20230301, None, None, "王五"])
    ws.append(["二、区公安局"])
    ws.append(
        ["序号", "项目", "年度", "投资额（元）", "批复时间", "竣工日期", "验收日期", "项目负责人"]
    )
    ws.append([3, "元表警用地理信息", 2023, 880000, date(2023, 2, 2), None, None, ""])
    ws.append(["", "小计", "", 4114567.89])
    wb.save(path)
    return {
        "元表数据共享交换平台": dict(unit="重庆市江津区大数据发展局", total=1_234_568, year=2022,
                            approved_on=date(2022, 4, 1), completed_on=date(2023, 6, 30),
                            accepted_on=date(2023, 12, 5), person="李四", stage="S6"),
        "元表政务云扩容": dict(unit="重庆市江津区大数据发展局", total=2_000_000, year=2023,
                        approved_on=date(2023, 3, 1), person="王五", stage="S3"),
        "元表警用地理信息": dict(unit="区公安局", total=880_000, year=2023, approved_on=date(2023, 2, 2),
                         stage="S3"),
    }  # fmt: skip


GBK_ROWS = [
    ["项目名称", "项目单位", "项目类型", "估算投资（万元）", "年度", "文号", "状态"],
    ["国标编码电子证照系统", "区教委", "新建", "56.78", "2023", "江津发改〔2023〕9号", "已完工"],
    ["国标编码校园安全平台", "区教委", "运维", "12", "2023", "", "运行维护"],
    ["合计", "", "", "68.78", "", "", ""],
]


def gbk_csv(path: Path) -> dict[str, dict[str, Any]]:
    """A CSV saved by Chinese Excel: GBK (GB18030), comma-separated, 万元 in the header."""
    text = "\r\n".join(",".join(row) for row in GBK_ROWS) + "\r\n"
    path.write_bytes(text.encode("gb18030"))
    return {
        "国标编码电子证照系统": dict(unit="区教委", type="新建", total=567_800, year=2023, stage="S5",
                             number="江津发改〔2023〕9号"),
        "国标编码校园安全平台": dict(unit="区教委", type="运行维护", total=120_000, year=2023, stage="S6"),
    }  # fmt: skip


def xls_source(path: Path) -> dict[str, dict[str, Any]]:
    """The workbook that tests/data/ledger-2023.xls was converted from by LibreOffice
    (`soffice --headless --convert-to xls`): merged two-row header, 万元 in the header texts."""
    wb = Workbook()
    ws = wb.active
    ws.title = "2023年度"
    _merge(ws, "A1:H1", "2023年江津区信息化项目台账")
    for ref, text in (("A2:A3", "序号"), ("B2:B3", "项目编码"), ("C2:C3", "项目名称"),
                      ("D2:D3", "实施单位"), ("E2:E3", "总投资（万元）"), ("H2:H3", "批复日期")):  # fmt: skip
        _merge(ws, ref, text)
    _merge(ws, "F2:G2", "本年度计划投资（万元）")
    ws["F3"], ws["G3"] = "合计", "区级"
    ws.append(
        [1, "JJ-2023-901", "老格式网格化管理系统", "区公安局", 150.25, 50, 50, date(2023, 4, 20)]
    )
    ws.append(
        [2, "JJ-2023-902", "老格式教育资源平台", "区教委", 99.9999, 30.5, 30.5, date(2023, 5, 6)]
    )
    ws.append(["", "", "合计", "", 250.2499, 80.5, 80.5, None])
    wb.save(path)
    return {
        "老格式网格化管理系统": dict(code="JJ-2023-901", unit="区公安局", total=1_502_500, plan=500_000,
                              district=500_000, approved_on=date(2023, 4, 20), year=2023),
        "老格式教育资源平台": dict(code="JJ-2023-902", unit="区教委", total=999_999, plan=305_000,
                             district=305_000, approved_on=date(2023, 5, 6), year=2023),
    }  # fmt: skip
