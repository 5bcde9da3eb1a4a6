"""The main window on a copy of the demo database, with its first findings computed."""

from __future__ import annotations

from datetime import date

import pytest

from app.ui.main_window import MainWindow

TODAY = date(2026, 11, 25)


@pytest.fixture
def window(qtbot, demo_store):  # type: ignore[no-untyped-def]
    win = MainWindow(demo_store, today=TODAY)
    qtbot.addWidget(win)
    win.show()
    win.ctx.findings()  # waits for the start-up worker
    qtbot.waitUntil(lambda: win.projects_tab.model.counts(1) or win.ctx.findings_known)
    qtbot.waitUntil(lambda: "…" not in win.problem_label.text())
    return win


@pytest.fixture
def chinese(qapp):  # type: ignore[no-untyped-def]
    """The Chinese UI for one test (the suite resets every test to English)."""
    from app.ui.app import install_translators

    assert install_translators(qapp, "zh_CN"), "reviewdesk_zh_CN.qm did not load"
