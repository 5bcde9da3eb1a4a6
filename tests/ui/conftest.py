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
    qtbot.waitUntil(lambda: win.ctx.findings_known)
    qtbot.waitUntil(lambda: "…" not in win.problem_label.text())
    return win


@pytest.fixture
def chinese(qapp):  # type: ignore[no-untyped-def]
    """The Chinese UI for one test (the suite resets every test to English)."""
    from app.ui.app import install_translators

    assert install_translators(qapp, "zh_CN"), "reviewdesk_zh_CN.qm did not load"


@pytest.fixture
def controller(qtbot):  # type: ignore[no-untyped-def]
    """The application controller, as run_gui makes it (no database open yet)."""
    from PySide6.QtWidgets import QApplication

    from app.ui.app import AppController, install_translators

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    ctrl = AppController(app)
    yield ctrl
    if ctrl.window is not None:
        ctrl.window.setProperty("replaced", True)
        ctrl.window.close()
    ctrl.close_store()
    install_translators(app, "en")


from tests.ui.desk import boundary  # noqa: E402,F401  (the OS dialogs, replaced: tests/ui/desk.py)
