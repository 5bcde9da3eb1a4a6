"""Importing an office's own ledgers: each real shape with the proposed mapping, to known records."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.models import AuditEntry, Project, Unit
from app.models.db import Store
from app.rules.facts import Severity
from app.services.ledger_import import (
    LedgerOptions,
    check_ledger,
    import_ledger,
    load_mapping,
    propose,
    remember_mapping,
    save_mapping,
)
from app.services.snapshot import evaluate_store
from app.services.xlsx_reader import ImportFailed
from tests.dbstate import content_hash
from tests.services import ledger_files

DATA = Path(__file__).resolve().parent.parent / "data"
TODAY = date(2026, 11, 25)


def stored(store: Store, names: list[str]) -> dict[str, Project]:
    with store.read() as s:
        rows = s.scalars(
            select(Project)
            .where(Project.name.in_(names))
            .options(selectinload(Project.unit), selectinload(Project.plan_lines),
                     selectinload(Project.approvals), selectinload(Project.acceptance),
                     selectinload(Project.list_entries))
        ).all()  # fmt: skip
        s.expunge_all()
    return {p.name: p for p in rows}


def assert_records(
    store: Store, expected: dict[str, dict[str, Any]], year: int | None = None
) -> None:
    projects = stored(store, list(expected))
    assert sorted(projects) == sorted(expected)
    for name, want in expected.items():
        p = projects[name]
        y = want.get("year", year)
        assert want["unit"] in (p.unit.name, p.unit.short_name), (name, p.unit.name)
        assert p.total_investment_yuan == want["total"], name
        assert isinstance(p.total_investment_yuan, int)
        if "type" in want:
            assert p.type.value == want["type"], name
        if "stage" in want:
            assert p.stage.value == want["stage"], name
        if "code" in want:
            assert p.code == want["code"]
        assert [e.year for e in p.list_entries] == [y], name
        line = next((x for x in p.plan_lines if x.year == y), None)
        if "plan" in want:
            assert line is not None and line.amount_yuan == want["plan"], name
            for key in ("central", "municipal", "district"):
                if key in want:
                    assert getattr(line, f"{key}_yuan") == want[key], (name, key)
        else:
            assert line is None, name
        if "approved_on" in want or "number" in want:
            (approval,) = p.approvals
            assert approval.approved_on == want.get("approved_on"), name
            assert approval.number == want.get("number", ""), name
        if "accepted_on" in want:
            assert p.acceptance is not None and p.acceptance.accepted_on == want["accepted_on"]
            assert p.acceptance.result is not None and p.acceptance.result.value == "passed"
        if "completed_on" in want:
            assert p.completed_on == want["completed_on"]
        if "person" in want:
            assert p.responsible_person == want["person"]
        if "remark" in want:
            assert p.remark == want["remark"]


def import_file(store: Store, path: Path, **options: Any) -> Any:
    proposal = propose(path, remembered=False)
    for key, value in options.items():
        setattr(proposal.options, key, value)
    return proposal, import_ledger(store, proposal, proposal.options)


def count(store: Store, model: Any) -> int:
    with store.read() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_merged_two_row_header_in_wan_with_totals_and_notes(
    demo_store: Store, tmp_path: Path
) -> None:
    expected = ledger_files.merged_wan(tmp_path / "台账.xlsx")
    proposal, result = import_file(demo_store, tmp_path / "台账.xlsx")
    assert proposal.header.first_row == 3 and proposal.header.last_row == 4
    assert proposal.sheet_unit == "万元" and proposal.title_year == 2024
    assert proposal.header.label(5) == "计划投资/中央"
    assert not result.refused and (result.created, result.updated) == (4, 0)
    assert result.units_created == ("江津区白沙镇人民政府",)
    assert_records(demo_store, expected, 2024)


def test_skipped_rows_are_listed_with_their_reason(demo_store: Store, tmp_path: Path) -> None:
    ledger_files.merged_wan(tmp_path / "台账.xlsx")
    proposal = propose(tmp_path / "台账.xlsx", remembered=False)
    with demo_store.read() as s:
        report = check_ledger(proposal, proposal.options, s)
    reasons = {s.row: s.reason_zh for s in report.skipped}
    assert reasons == {5: "小计/合计行", 6: "小计/合计行", 9: "小计/合计行", 12: "空行",
                       13: "表格下方的说明或注释", 14: "表格下方的说明或注释"}  # fmt: skip
    assert report.new_units == ["江津区白沙镇人民政府"]
    assert report.problems == []


def test_yuan_register_with_unit_headings_and_dates_typed_every_way(
    demo_store: Store, tmp_path: Path
) -> None:
    expected = ledger_files.yuan_groups(tmp_path / "项目库.xlsx")
    proposal, result = import_file(demo_store, tmp_path / "项目库.xlsx")
    assert proposal.column_units == {3: "元"}
    assert "unit" not in proposal.options.mapping.values()  # units come from the group headings
    assert (result.created, result.updated) == (3, 0)
    # 1,234,567.89 元 is stored as whole yuan, and the rounding is said at its cell
    notes = [p for p in result.problems if not p.blocking]
    assert [(n.cell, n.message_zh) for n in notes] == [("项目库!D3", "金额含角分，已按元四舍五入")]
    assert_records(demo_store, expected)


def test_gbk_csv(demo_store: Store, tmp_path: Path) -> None:
    expected = ledger_files.gbk_csv(tmp_path / "台账.csv")
    proposal, result = import_file(demo_store, tmp_path / "台账.csv")
    assert proposal.workbook.format == "csv" and proposal.workbook.encoding == "gb18030"
    assert (result.created, result.updated) == (2, 0)
    assert_records(demo_store, expected)


def test_xls_made_by_libreoffice(demo_store: Store) -> None:
    expected = ledger_files.xls_source(Path("/dev/null"))  # the records only; the file is kept
    proposal, result = import_file(demo_store, DATA / "ledger-2023.xls")
    assert proposal.workbook.format == "xls"
    assert proposal.header.label(5) == "本年度计划投资（万元）/合计"
    assert (result.created, result.updated) == (2, 0)
    assert_records(demo_store, expected, 2023)


def test_wps_et_file_is_read_as_the_binary_format(demo_store: Store, tmp_path: Path) -> None:
    et = tmp_path / "台账.et"
    shutil.copyfile(DATA / "ledger-2023.xls", et)  # WPS writes .et as BIFF8 in an OLE container
    proposal, result = import_file(demo_store, et)
    assert proposal.workbook.format == "xls" and result.created == 2


def test_reimport_updates_never_duplicates(demo_store: Store, tmp_path: Path) -> None:
    ledger_files.merged_wan(tmp_path / "台账.xlsx")
    import_file(demo_store, tmp_path / "台账.xlsx")
    projects, units = count(demo_store, Project), count(demo_store, Unit)
    _proposal, again = import_file(demo_store, tmp_path / "台账.xlsx")
    assert (again.created, again.updated, again.units_created) == (0, 4, ())
    assert (count(demo_store, Project), count(demo_store, Unit)) == (projects, units)


def test_reimport_keeps_values_of_empty_cells_and_matches_by_unit_and_name(
    demo_store: Store, tmp_path: Path
) -> None:
    ledger_files.yuan_groups(tmp_path / "a.xlsx")
    import_file(demo_store, tmp_path / "a.xlsx")
    from openpyxl import load_workbook

    wb = load_workbook(tmp_path / "a.xlsx")
    ws = wb.active
    ws["D3"] = 2_000_000  # new total
    ws["H3"] = None  # empty: keeps 李四
    wb.save(tmp_path / "a.xlsx")
    _p, result = import_file(demo_store, tmp_path / "a.xlsx")
    assert result.created == 0
    p = stored(demo_store, ["元表数据共享交换平台"])["元表数据共享交换平台"]
    assert p.total_investment_yuan == 2_000_000 and p.responsible_person == "李四"


def test_a_problem_at_a_cell_blocks_the_import_unless_valid_rows_only(
    demo_store: Store, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    ledger_files.merged_wan(tmp_path / "台账.xlsx")
    wb = load_workbook(tmp_path / "台账.xlsx")
    ws = wb.active
    ws["E7"] = "八百"  # not an amount
    ws["J8"] = "2022年3月"  # no day
    wb.save(tmp_path / "台账.xlsx")
    before = content_hash(demo_store)
    proposal, result = import_file(demo_store, tmp_path / "台账.xlsx")
    assert result.refused and content_hash(demo_store) == before
    cells = {p.cell: p.message_zh for p in result.problems if p.blocking}
    assert set(cells) == {"2024年台账!E7", "2024年台账!J8"}
    assert "日期不完整" in cells["2024年台账!J8"]
    valid = import_ledger(demo_store, proposal, proposal.options, valid_rows_only=True)
    assert (valid.created, valid.skipped) == (2, 2)
    assert not stored(demo_store, ["台账智慧警务平台"])


def test_unknown_money_unit_and_year_must_be_chosen(demo_store: Store, tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["项目名称", "建设单位", "总投资"])
    wb.active.append(["无单位项目", "区公安局", 100])
    wb.save(tmp_path / "x.xlsx")
    proposal = propose(tmp_path / "x.xlsx", remembered=False)
    with demo_store.read() as s:
        report = check_ledger(proposal, proposal.options, s)
    assert report.header_blocked
    assert sorted(p.message_zh[:6] for p in report.problems) == ["无法确定年度", "金额单位不明"]
    proposal.options.money_unit, proposal.options.year = "万元", 2021
    result = import_ledger(demo_store, proposal, proposal.options)
    assert result.created == 1
    assert stored(demo_store, ["无单位项目"])["无单位项目"].total_investment_yuan == 1_000_000


def test_mapping_saved_to_a_file_and_remembered_by_header(
    demo_store: Store, tmp_path: Path
) -> None:
    ledger_files.gbk_csv(tmp_path / "台账.csv")
    proposal = propose(tmp_path / "台账.csv", remembered=False)
    options = proposal.options
    options.mapping = {k: v for k, v in options.mapping.items() if v != "approval_number"}
    saved = save_mapping(tmp_path / "m.json", proposal, options)
    document = load_mapping(saved)
    assert {c["header"]: c["field"] for c in document["columns"]}["项目名称"] == "name"
    assert "approval_number" not in {c["field"] for c in document["columns"]}
    assert not propose(tmp_path / "台账.csv").remembered
    remember_mapping(proposal, options)
    again = propose(tmp_path / "台账.csv")
    assert again.remembered and again.options.mapping == options.mapping
    json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))  # plain JSON for the CLI


def test_unreadable_files_get_their_message(tmp_path: Path) -> None:
    (tmp_path / "empty.xlsx").write_bytes(b"")
    (tmp_path / "binary.csv").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "notes.xlsx").write_text("只是一段说明文字\n没有表头\n", encoding="utf-8")
    codes = []
    for name in ("empty.xlsx", "binary.csv", "notes.xlsx"):
        with pytest.raises(ImportFailed) as info:
            propose(tmp_path / name, remembered=False)
        codes.append(info.value.code)
        assert info.value.message_zh
    assert codes == ["empty", "not_spreadsheet", "no_header"]


def test_past_projects_from_a_ledger_show_no_dossier_blocker(
    demo_store: Store, tmp_path: Path
) -> None:
    """500 projects approved years ago: the list's 阻断 column stays on the projects it had."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["2021年度项目台账"])
    ws.append(
        [
            "序号",
            "项目名称",
            "建设单位",
            "建设性质",
            "总投资（万元）",
            "批复文号",
            "批复日期",
            "项目状态",
        ]
    )
    for i in range(500):
        ws.append([i + 1, f"历史项目{i:03d}", "区公安局", "新建", 100 + i, f"江津发改〔2021〕{i + 1}号",
                   date(2021, 1 + i % 12, 1 + i % 28), "在建"])  # fmt: skip
    wb.save(tmp_path / "历史.xlsx")
    before = Counter(
        f.code
        for f in evaluate_store(demo_store, TODAY)
        if f.open and f.severity == Severity.BLOCKER
    )
    _p, result = import_file(demo_store, tmp_path / "历史.xlsx")
    assert result.created == 500
    if demo_store.path is not None:  # a file: a verified backup was made first (RELIABILITY §2.4)
        from app.paths import backups_dir

        assert list(backups_dir().glob("*-pre-ledger-import.db"))
    after = Counter(
        f.code
        for f in evaluate_store(demo_store, TODAY)
        if f.open and f.severity == Severity.BLOCKER
    )
    assert after == before


def test_one_audit_entry_with_the_file_hash(demo_store: Store, tmp_path: Path) -> None:
    import hashlib

    ledger_files.gbk_csv(tmp_path / "台账.csv")
    import_file(demo_store, tmp_path / "台账.csv")
    with demo_store.read() as s:
        events = s.scalars(select(AuditEntry).where(AuditEntry.table_name == "import")).all()
        (event,) = [e for e in events if "导入已有台账" in e.summary]
        after = json.loads(event.after)
    assert after["sha256"] == hashlib.sha256((tmp_path / "台账.csv").read_bytes()).hexdigest()
    assert after["created"] == 2 and after["sheet"] == "台账"


def test_options_are_the_users_choice(demo_store: Store, tmp_path: Path) -> None:
    """A column the user maps to nothing is not imported."""
    ledger_files.merged_wan(tmp_path / "台账.xlsx")
    proposal = propose(tmp_path / "台账.xlsx", remembered=False)
    options = LedgerOptions({k: v for k, v in proposal.options.mapping.items() if v != "remark"})
    import_ledger(demo_store, proposal, options)
    assert stored(demo_store, ["台账视频监控扩容"])["台账视频监控扩容"].remark == ""
