"""What the start-up imports before the window is shown, and what it still does after (issue 12).

The real entry point (`app.cli.main`, what `reviewdesk`, `python -m app` and the bundle's
launcher run) starts in a child process on a copy of the demo database, offscreen. The child
replaces `QApplication.exec`: when it is called the main window is shown with its project list,
and the child notes which modules are loaded; it then lets the event loop run until the start-up
work that waits for the first paint is done (the day's backup, the audit-trail check, the
findings' check) and reports that too, and whether the file's quick_check begun beside the
imports (app.quick_check) was the one used. A module-level import of a writer library, Alembic, the
crypto library, the rules engine or another tab in the start-up path fails the first test;
dropping one of the deferred checks fails the second. No timing is asserted (bench/bench_scale.py
prints the start-up time).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent

#: not needed to show the project list: each is imported when first used, after the first paint
NOT_AT_START = (
    "reportlab",  # PDF export
    "docx",  # Word export
    "openpyxl",  # Excel export and import
    "alembic",  # migrations: only when the file is not at the head revision
    "tongsuopy",  # SM2/SM3 signatures: the audit check and signing, after the first paint
    "app.models.backups",  # the day's backup, after the first paint
    "app.ui.audit_check",
    "app.services.trust",
    "app.services.kept",  # the findings' check and the rules engine, on a worker after it
    "app.rules.engine",
    "app.services.snapshot",
    "app.reports.opinion_docx",  # the writers and their services
    "app.reports.plan_xlsx",
    "app.reports.checklist_pdf",
    "app.services.opinions",
    "app.services.opinion_gate",  # the approval gate of an opinion export, and its dialog
    "app.ui.dialogs.opinion_gate",
    "app.services.experts",
    "app.services.ledger_import",
    "app.ui.tabs.dossier_tab",  # the other tabs: built when first shown
    "app.ui.tabs.budget_tab",
    "app.ui.tabs.deadlines_tab",
    "app.ui.tabs.experts_tab",
)

CHILD = """
import json, sys, time
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, {settings!r})
watched = {watched!r}
seen = {{}}

def exec_(*_args):
    from app.ui.main_window import MainWindow

    window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
    seen["shown"] = window.isVisible()
    seen["rows"] = window.projects_tab.model.rowCount()
    seen["loaded"] = sorted(m for m in watched if m in sys.modules)
    deadline = time.monotonic() + 60
    controller = window.controller
    while time.monotonic() < deadline and not (
        window.ctx.findings_known and getattr(controller.audit_check, "reported", False)
    ):
        QApplication.processEvents()
        time.sleep(0.01)
    seen["findings_known"] = window.ctx.findings_known
    seen["audit_checked"] = getattr(controller.audit_check, "reported", False)
    from app.models.backups import backups_of
    from pathlib import Path

    seen["backups"] = [b.reason for b in backups_of(Path({db!r}))]
    print(json.dumps(seen), flush=True)
    controller.close_store()
    return 0

def refuse(kind):  # a message box at start: noted (the test fails on it), never waited for
    def box(*args, **_kwargs):
        seen.setdefault("messages", []).append([kind, *map(str, args[1:3])])
        return QMessageBox.StandardButton.No
    return box

for kind in ("critical", "warning", "question", "information"):
    setattr(QMessageBox, kind, staticmethod(refuse(kind)))
QApplication.exec = exec_
from app import quick_check

taken = quick_check.begun_result
def noted(path):  # the file's quick_check, begun while the GUI's modules loaded
    result = taken(path)
    seen.setdefault("early_check", []).append(result)
    return result

quick_check.begun_result = noted
ini = QSettings.Format.IniFormat, QSettings.Scope.UserScope, "ReviewDesk", "ReviewDesk"
QSettings(*ini).setValue("user/name", "start-up test")  # else the first start asks for it
from app.cli import main
sys.exit(main(["--db", {db!r}]))
"""


def start(db: Path, data: Path, settings: Path) -> dict[str, Any]:
    code = CHILD.format(db=str(db), settings=str(settings), watched=NOT_AT_START)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "REVIEWDESK_DATA_DIR": str(data)}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory, demo_db_template: Path) -> dict[str, Any]:
    import shutil

    from tests.conftest import _suite_installation_key

    folder = tmp_path_factory.mktemp("start-up")
    db = folder / "demo.db"
    shutil.copyfile(demo_db_template, db)
    data = folder / "data"  # its own: the day's backup of this file is made there
    key = _suite_installation_key()  # the installation that signed the demo's checkpoints
    (data / "keys").mkdir(parents=True, mode=0o700)
    shutil.copy2(key, data / "keys" / key.name)
    return start(db, data, folder / "settings")


@pytest.mark.sqlite_only
def test_the_window_is_shown_without_what_the_project_list_does_not_use(
    started: dict[str, Any],
) -> None:
    assert started["shown"] and started["rows"] == 48
    assert started["loaded"] == []
    assert "messages" not in started
    assert started["early_check"] == ["ok"]  # SQLite checked the file beside the imports


@pytest.mark.sqlite_only
def test_the_start_up_checks_still_run_after_the_first_paint(started: dict[str, Any]) -> None:
    assert started["findings_known"]
    assert started["audit_checked"]
    assert started["backups"] == ["daily"]  # the first open of the day backs the file up


def test_the_watched_names_are_modules() -> None:
    """A misspelt name would never be loaded: every watched module exists."""
    import importlib.util

    for name in NOT_AT_START:
        assert importlib.util.find_spec(name) is not None, name
