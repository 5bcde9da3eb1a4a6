"""Closing a database (File → Open another, a restore, exit) waits for the findings' worker:
it writes the kept findings of that store, and a file closed, copied or replaced under a
thread still writing to it came back "database disk image is malformed" (a UI test that
replaced the database after reopening it failed so, now and then)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from app.ui.app import AppController


def test_closing_the_database_waits_for_the_findings_worker(
    controller: AppController, qtbot: Any, demo_db: Path, monkeypatch: Any
) -> None:
    from app.services import kept

    real = kept.refresh
    finished: list[bool] = []

    def slow_refresh(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.5)  # a check still running when the user closes the file
        result = real(*args, **kwargs)
        finished.append(controller.store is not None)  # still open when it wrote
        return result

    assert controller.open(str(demo_db))
    window = controller.window
    assert window is not None
    window.ctx.wait_for_checks()  # the start-up check done: only the run below is pending
    monkeypatch.setattr(kept, "refresh", slow_refresh)
    window.ctx.refresh_in_background()
    assert window.ctx._worker is not None  # the run this test is about

    controller.close_store()

    assert finished and all(finished)  # every run wrote its findings before the store closed
    assert window.ctx._worker is None
    assert controller.store is None
