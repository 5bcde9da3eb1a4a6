"""Keys through the real windows: the expert exports their key (Tools and the reviewer window),
the DRC registers it from the expert pool, and the reviewer window asks before it trusts a new
DRC key. Only the OS dialogs (file choosers, message boxes) are replaced."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.crypto import SM2Signer, expert_signer, fingerprint
from app.models import Expert
from app.services import audit
from app.services import packages as pk
from app.services.trust import write_expert_key
from tests.review.helpers import make_round


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Replaced OS dialogs: the answers to give and the texts shown."""
    state: dict[str, Any] = {"open": "", "save": "", "answer": QMessageBox.StandardButton.Yes, "shown": []}  # fmt: skip
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (state["open"], ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (state["save"], ""))

    def question(_parent: Any, _title: str, text: str, *a: Any, **k: Any) -> Any:
        state["shown"].append(text)
        return state["answer"]

    monkeypatch.setattr(QMessageBox, "question", question)
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, lambda _p, _t, text, *a, **k: state["shown"].append(text))  # fmt: skip
    return state


def test_tools_menu_exports_this_computers_expert_key(window: Any, dialogs: dict[str, Any], tmp_path: Path) -> None:  # fmt: skip
    dialogs["save"] = str(tmp_path / "我的公钥.rdkey")
    window.export_key_action.trigger()
    data = json.loads((tmp_path / "我的公钥.rdkey").read_text(encoding="utf-8"))
    key = expert_signer()
    assert data["key_id"] == key.key_id and data["public_key"] == key.public_key
    assert fingerprint(key.key_id) in dialogs["shown"][-1]


def test_the_drc_registers_and_replaces_a_key_from_the_expert_pool(
    window: Any, dialogs: dict[str, Any], qtbot: Any, tmp_path: Path
) -> None:
    window.show_tab("experts")
    tab = window.experts_tab
    assert not tab.register_key_button.isEnabled()  # no expert selected
    row = next(r for r in range(tab.pool.rowCount()) if tab.pool.item(r, 0).text())
    tab.pool.selectRow(row)
    expert_id = tab.pool.item(row, 0).data(Qt.ItemDataRole.UserRole)
    name = tab.pool.item(row, 0).text()
    assert "no registered key" in tab.key_label.text()
    first = SM2Signer.generate()
    dialogs["open"] = str(tmp_path / "first.rdkey")
    write_expert_key(dialogs["open"], name=name, signer=first)
    dialogs["answer"] = QMessageBox.StandardButton.No  # the fingerprints did not match on the phone
    qtbot.mouseClick(tab.register_key_button, Qt.MouseButton.LeftButton)
    assert fingerprint(first.key_id) in dialogs["shown"][-1]
    with window.ctx.store.read() as session:
        assert session.get(Expert, expert_id).key_id == ""
    dialogs["answer"] = QMessageBox.StandardButton.Yes
    qtbot.mouseClick(tab.register_key_button, Qt.MouseButton.LeftButton)
    with window.ctx.store.read() as session:
        assert session.get(Expert, expert_id).key_id == first.key_id
    tab.pool.selectRow(next(r for r in range(tab.pool.rowCount()) if tab.pool.item(r, 0).data(Qt.ItemDataRole.UserRole) == expert_id))  # fmt: skip
    assert fingerprint(first.key_id) in tab.key_label.text()
    second = SM2Signer.generate()
    dialogs["open"] = str(tmp_path / "second.rdkey")
    write_expert_key(dialogs["open"], signer=second)
    qtbot.mouseClick(tab.register_key_button, Qt.MouseButton.LeftButton)
    assert "REPLACES" in dialogs["shown"][-1] and fingerprint(first.key_id) in dialogs["shown"][-1]
    with window.ctx.store.read() as session:
        assert session.get(Expert, expert_id).key_id == second.key_id
        replaced = [e for e in audit.search_history(session, table_name="experts") if e.operation == "replace_key"]  # fmt: skip
    assert replaced and replaced[0].after["old_key"] == first.key_id


def test_the_reviewer_window_asks_before_it_trusts_another_drc_key(
    window: Any, dialogs: dict[str, Any], qtbot: Any, tmp_path: Path
) -> None:
    store = window.ctx.store
    round_id, _experts = make_round(store)
    first = pk.export_round_packages(store, round_id, tmp_path / "one")[0]
    dialogs["open"] = str(first)
    window.open_package_action.trigger()
    opened = window.reviewer_windows[-1]
    qtbot.addWidget(opened)
    assert "First package from this DRC" in opened.drc_key_label.text()
    other = SM2Signer.generate()
    second = pk.export_round_packages(store, round_id, tmp_path / "two", signer=other)[0]
    dialogs["open"] = str(second)
    dialogs["answer"] = QMessageBox.StandardButton.No
    count = len(window.reviewer_windows)
    window.open_package_action.trigger()
    assert len(window.reviewer_windows) == count  # not opened
    assert fingerprint(other.key_id) in dialogs["shown"][-1]
    assert other.key_id not in pk.pinned_drc_keys()
    dialogs["answer"] = QMessageBox.StandardButton.Yes
    window.open_package_action.trigger()
    accepted = window.reviewer_windows[-1]
    qtbot.addWidget(accepted)
    assert other.key_id in pk.pinned_drc_keys()
    assert fingerprint(other.key_id) in accepted.drc_key_label.text()
    dialogs["save"] = str(tmp_path / "mine.rdkey")
    qtbot.mouseClick(accepted.key_button, Qt.MouseButton.LeftButton)
    data = json.loads((tmp_path / "mine.rdkey").read_text(encoding="utf-8"))
    assert data["key_id"] == accepted.workspace.signer.key_id
    assert fingerprint(data["key_id"]) in dialogs["shown"][-1]
