"""export-json / import-json: identical round trip; any problem rejects the whole file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.models.db import open_store
from app.services.jsonio import ImportRejected, dataset_dict, export_json, import_json


def export(db: Path, out: Path) -> dict[str, Any]:
    store = open_store(str(db))
    export_json(store, out)
    store.close()
    data = json.loads(out.read_text(encoding="utf-8"))
    data.pop("exported_at")
    return data


def test_round_trip_is_identical(demo_db: Path, tmp_path: Path) -> None:
    first = export(demo_db, tmp_path / "a.json")
    assert len(first["tables"]["projects"]) == 48
    target = tmp_path / "copy.db"
    store = open_store(str(target), create=True)
    counts = import_json(store, tmp_path / "a.json")
    store.close()
    assert counts["projects"] == 48
    assert export(target, tmp_path / "b.json") == first


def mutate(data: dict[str, Any], table: str, index: int, column: str, value: Any) -> None:
    data["tables"][table][index][column] = value


@pytest.mark.parametrize(
    ("table", "column", "value", "where_suffix", "text"),
    [
        ("projects", "total_investment_yuan", 12.5, "total_investment_yuan", "整数"),
        ("projects", "total_investment_yuan", -1, "total_investment_yuan", "负数"),
        ("projects", "completed_on", "2024-02-30", "completed_on", "日期不存在"),
        ("projects", "completed_on", "2024/02/03", "completed_on", "YYYY-MM-DD"),
        ("projects", "type", "新建项目", "type", "无效"),
        ("projects", "unit_id", 9999, "unit_id", "不存在"),
        ("projects", "name", "名称\x07", "name", "控制字符"),
        ("projects", "id", 1, "id", "重复"),
    ],
)
def test_each_problem_is_located_and_nothing_changes(
    demo_db: Path, tmp_path: Path, table: str, column: str, value: Any, where_suffix: str, text: str
) -> None:
    data = export(demo_db, tmp_path / "a.json")
    data["exported_at"] = "2026-11-25T00:00:00"
    mutate(data, table, 3, column, value)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    target = tmp_path / "t.db"
    store = open_store(str(target), create=True)
    with pytest.raises(ImportRejected) as info:
        import_json(store, bad)
    with store.read() as session:
        assert all(not rows for rows in dataset_dict(session)["tables"].values())
    store.close()
    hits = [
        p for p in info.value.problems if p.where.startswith(f"tables.{table}[3].{where_suffix}")
    ]
    assert hits and text in hits[0].message_zh, info.value.problems


def test_all_problems_in_one_pass_and_bad_json(demo_db: Path, tmp_path: Path) -> None:
    data = export(demo_db, tmp_path / "a.json")
    data["version"] = 7
    mutate(data, "projects", 0, "total_investment_yuan", "1000")
    mutate(data, "plan_lines", 0, "year", None)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    store = open_store(str(tmp_path / "t.db"), create=True)
    with pytest.raises(ImportRejected) as info:
        import_json(store, bad)
    wheres = {p.where for p in info.value.problems}
    assert {
        "version",
        "tables.projects[0].total_investment_yuan",
        "tables.plan_lines[0].year",
    } <= wheres
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "reviewdesk-dataset",\n "tables": [', encoding="utf-8")
    with pytest.raises(ImportRejected) as info:
        import_json(store, broken)
    assert "第2行" in info.value.problems[0].message_zh
    store.close()


def test_non_empty_database_needs_replace(demo_db: Path, tmp_path: Path) -> None:
    export(demo_db, tmp_path / "a.json")
    store = open_store(str(demo_db))
    with pytest.raises(ImportRejected):
        import_json(store, tmp_path / "a.json")
    counts = import_json(store, tmp_path / "a.json", replace=True)
    store.close()
    assert counts["projects"] == 48
