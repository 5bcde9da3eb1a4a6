"""The history views in the user's words: every table and column of the store has a translated
label, recorded values read as the rest of the UI (是/否, enum labels, 万元, names), and the demo
database's entries show no raw database identifiers in Chinese or in English."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.models import Base, PlanLine, Project, RectificationOrder, Unit
from app.services import audit
from app.ui.app import install_translators
from app.ui.audit_labels import column_label, money_text, table_label
from app.ui.dialogs.audit_log import AuditLogDialog
from app.ui.models.audit_table import AuditTableModel

CJK = re.compile(r"[\u4e00-\u9fff]")
#: a database identifier: snake_case, or a bare column name before a colon ("code: …")
SNAKE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
COLUMN_NAMES = {c.name for t in Base.metadata.tables.values() for c in t.columns}
LABELLED = re.compile(r"(?:^|; |\n)([^:;\n]+): ")


def _raw_words(text: str) -> list[str]:
    """Database identifiers in a displayed text: snake_case words, raw column names as labels,
    Python's True/False."""
    found = SNAKE.findall(text) + re.findall(r"\b(?:True|False)\b", text)
    found += [label for label in LABELLED.findall(text) if label.strip() in COLUMN_NAMES]
    return found


def _entries_with_raw_names(model: AuditTableModel) -> dict[int, tuple[list[str], str]]:
    """seq → (raw words, text) of every entry that shows a
    database identifier, or a project by its row number."""
    bad = {}
    for row in range(model.rowCount()):
        for text in _texts(model, row):
            if _raw_words(text) or (" #" in text and model.entries[row].table_name == "projects"):
                bad[model.entries[row].seq] = (_raw_words(text), text[:200])
    return bad


def _texts(model: AuditTableModel, row: int) -> list[str]:
    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
    return [
        str(model.index(row, c).data(r) or "") for c in range(model.columnCount()) for r in roles
    ]


def test_every_table_and_column_has_a_label_in_both_languages(chinese: None) -> None:
    missing = []
    for table in Base.metadata.tables.values():
        labels = [(table.name, table_label(table.name))]
        labels += [
            (f"{table.name}.{c.name}", column_label(table.name, c.name)) for c in table.columns
        ]
        missing += [name for name, label in labels if not CJK.search(label) or SNAKE.search(label)]
    for kind in ("import", "package"):
        assert CJK.search(table_label(kind))
    assert not missing, f"no Chinese label for {missing}"
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    install_translators(app, "en")
    for table in Base.metadata.tables.values():
        assert table_label(table.name) != table.name and "_" not in table_label(table.name)
        for c in table.columns:
            label = column_label(table.name, c.name)
            assert "_" not in label and label != c.name, f"{table.name}.{c.name}: {label!r}"


def test_money_columns_are_yuan_and_shown_in_wan(chinese: None) -> None:
    """Every Money (BigInteger) column outside files and the audit trail is a `*_yuan` column."""
    for table in Base.metadata.tables.values():
        for c in table.columns:
            if type(c.type).__name__ == "BigInteger" and table.name not in ("attachments", "audit_entries", "audit_checkpoints"):  # fmt: skip
                assert c.name.endswith("_yuan"), f"{table.name}.{c.name}"
    assert money_text(5_500_000) == "550.00 万元"
    assert money_text(5_512_345) == "551.2345 万元"  # not whole hundreds: exact
    assert money_text(0) == "0.00 万元"


def test_demo_entries_read_without_database_names(
    demo_store: Any, qtbot: Any, qapp: QApplication, chinese: None
) -> None:
    dialog = AuditLogDialog(demo_store)
    qtbot.addWidget(dialog)
    model = dialog.model
    assert model.rowCount() > 1000
    tables = {e.table_name for e in model.entries}
    assert {
        "projects",
        "unit_sanctions",
        "rectification_orders",
        "document_parts",
        "plan_lines",
    } <= tables
    assert not _entries_with_raw_names(model)
    # the examples of the brief, now in words
    by_table = {e.table_name: i for i, e in enumerate(model.entries) if e.operation == "insert"}
    sanction = model.index(by_table["unit_sanctions"], model.column("what")).data()
    assert sanction.startswith("新增 单位处罚/通报「第2") and "#" not in sanction
    order_change = model.index(by_table["rectification_orders"], model.column("change")).data()
    assert order_change.startswith("单位: 区") and "下发机关: 区发展改革委" in order_change
    project_row = by_table["projects"]
    tip = model.index(project_row, model.column("change")).data(Qt.ItemDataRole.ToolTipRole)
    assert "\n涉密: 否\n" in tip and "\n阶段: S" in tip and "\n建设性质: " in tip
    assert "\n总投资: " in tip and " 万元\n" in tip
    part = model.index(by_table["document_parts"], model.column("what")).data()
    assert part.startswith("新增 章节「") and "#" not in part
    install_translators(qapp, "en")
    dialog.refresh()
    assert not _entries_with_raw_names(model)
    assert (
        model.index(by_table["document_parts"], model.column("what"))
        .data()
        .startswith("Added Chapter: ")
    )


def test_a_money_change_is_shown_in_wan_with_names(
    demo_store: Any, qtbot: Any, chinese: None
) -> None:
    demo_store.actor = "测试员"
    with demo_store.read() as session:
        head = audit.chain_head(session)
        assert head is not None
    with demo_store.write() as session:
        line = session.scalars(select(PlanLine).order_by(PlanLine.id)).first()
        assert line is not None
        pid, old, year = line.project_id, line.amount_yuan, line.year
        line.amount_yuan = old + 12_345
        project = session.get(Project, pid)
        assert project is not None
        project.classified = not project.classified
        project.content = "长" * 300
        unit = session.scalars(select(Unit).where(Unit.short_name != "")).first()
        assert unit is not None
        session.add(RectificationOrder(unit_id=unit.id, project_id=pid, subject="补充材料",
                                       issued_on=date(2026, 11, 1), deadline=date(2026, 12, 1)))  # fmt: skip
        unit_name, project_name = unit.short_name, project.name
    with demo_store.read() as session:
        entries = [e for e in audit.project_history(session, pid) if e.seq > head.seq]
        titles = audit.row_titles(session, entries)
    written = sorted((e.table_name, e.operation) for e in entries)
    assert written == [("plan_lines", "update"), ("projects", "update"), ("rectification_orders", "insert")]  # fmt: skip
    model = AuditTableModel(with_project=True)
    model.set_entries(entries, titles)
    rows = {e.table_name: i for i, e in enumerate(model.entries)}
    change = model.index(rows["plan_lines"], model.column("change")).data()
    assert change == f"金额: {money_text(old)} → {money_text(old + 12_345)}"
    assert change.endswith(".2345 万元") or change.endswith("万元")
    assert (
        model.index(rows["plan_lines"], model.column("what")).data() == f"修改 计划行「{year}年度」"
    )
    assert model.index(rows["plan_lines"], model.column("project")).data() == project_name
    assert model.index(rows["plan_lines"], model.column("actor")).data() == "测试员"
    flags = model.index(rows["projects"], model.column("change"))
    assert "涉密: 否 → 是" in flags.data() or "涉密: 是 → 否" in flags.data()
    assert "长" * 30 + "…" in flags.data() and "长" * 300 in flags.data(Qt.ItemDataRole.ToolTipRole)
    order = model.index(rows["rectification_orders"], model.column("change")).data()
    assert order.startswith(f"单位: {unit_name}; ") and "整改事项: 补充材料" in order
    assert "项目:" not in order  # the entry's project has its own column
    assert "下发日期: 2026-11-01" in order and "整改期限: 2026-12-01" in order
