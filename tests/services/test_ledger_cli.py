"""`reviewdesk import-ledger` and `reviewdesk import-plan` on a copy of the demo database."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli import main
from app.services.store import open_store
from tests.dbstate import content_hash
from tests.services import ledger_files


def db_hash(path: Path) -> str:
    store = open_store(str(path))
    try:
        return content_hash(store)
    finally:
        store.close()


def test_dry_run_saves_the_mapping_and_writes_nothing_then_the_mapping_imports(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger_files.gbk_csv(tmp_path / "台账.csv")
    before = db_hash(demo_db)
    code = main(["import-ledger", "--db", str(demo_db), str(tmp_path / "台账.csv"), "--dry-run",
                 "--save-mapping", str(tmp_path / "m.json")])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0 and db_hash(demo_db) == before
    assert "A 项目名称 → 项目名称" in out and "跳过第4行（小计/合计行）" in out
    assert "试运行" in out and (tmp_path / "m.json").exists()
    code = main(["import-ledger", "--db", str(demo_db), str(tmp_path / "台账.csv"),
                 "--mapping", str(tmp_path / "m.json")])  # fmt: skip
    assert code == 0
    assert "新建 2 个，更新 0 个" in capsys.readouterr().out


def test_a_ledger_with_problems_is_refused_with_exit_2(demo_db: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    ledger_files.merged_wan(tmp_path / "台账.xlsx")
    wb = load_workbook(tmp_path / "台账.xlsx")
    wb.active["E7"] = "很多"
    wb.save(tmp_path / "台账.xlsx")
    before = db_hash(demo_db)
    assert main(["import-ledger", "--db", str(demo_db), str(tmp_path / "台账.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "2024年台账!E7" in err and "数据库未作任何修改" in err
    assert db_hash(demo_db) == before
    assert (
        main(
            [
                "import-ledger",
                "--db",
                str(demo_db),
                str(tmp_path / "台账.xlsx"),
                "--valid-rows-only",
            ]
        )
        == 0
    )
    assert "新建 3 个" in capsys.readouterr().out


def test_import_plan_lists_then_applies_the_changes(demo_db: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    from app.services.plan_tables import write_plan

    store = open_store(str(demo_db))
    path = write_plan(
        store, 2027, "reconciliation", tmp_path / "对照.xlsx", today=date(2026, 11, 25)
    )
    store.close()
    wb = load_workbook(path)
    ws = wb.active
    row = next(r for r in range(1, ws.max_row + 1) if isinstance(ws.cell(r, 1).value, int))
    code_cell = ws.cell(row, 3).value
    ws.cell(row, 6).value = 123.4567
    wb.save(path)
    wb.close()
    (tmp_path / "计划.xls").write_bytes(path.read_bytes())  # whatever its name says
    before = db_hash(demo_db)
    assert main(["import-plan", "--db", str(demo_db), str(tmp_path / "计划.xls"), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert f"修改 {code_cell}" in out and "部门预算" in out and "→ 123.4567 万元" in out
    assert db_hash(demo_db) == before
    assert main(["import-plan", "--db", str(demo_db), str(path)]) == 0
    assert "已应用 1 处修改" in capsys.readouterr().out
    assert main(["import-plan", "--db", str(demo_db), str(path)]) == 0
    assert "0 处修改" in capsys.readouterr().out


def test_a_file_that_is_no_plan_table(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger_files.gbk_csv(tmp_path / "台账.csv")
    assert main(["import-plan", "--db", str(demo_db), str(tmp_path / "台账.csv")]) == 2
    assert "找不到 ReviewDesk 导出的计划表" in capsys.readouterr().err
