"""File → Export → the year's projects as a submission workbook, and back through File → Import."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from app.services.submission_export import submission_records
from app.ui.main_window import MainWindow


def test_export_action_writes_a_workbook_that_imports_back_unchanged(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert window.documents.submission_action in window.export_menu.actions()
    window.ctx.set_year(2026)
    with window.ctx.store.read() as s:
        before = submission_records(s, 2026)
    out = window.documents.export_submission(path=tmp_path / "2026.xlsx")
    assert out is not None and out.stat().st_size > 0
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    rows = window.projects_tab.model.rowCount()
    result = window.documents.import_submissions(path=out)
    assert (getattr(result, "created", None), getattr(result, "updated", None)) == (0, len(before))
    assert window.projects_tab.model.rowCount() == rows
    with window.ctx.store.read() as s:
        assert submission_records(s, 2026) == before
