"""Entry point of the PyInstaller bundle: `app.cli.main`, plus a hidden `--smoke-test`.

    ReviewDesk [--db PATH] [COMMAND ...]       # exactly `reviewdesk`
    ReviewDesk --smoke-test DB [--language zh_CN|en] [--screenshot PNG]

`--smoke-test DB` builds the main window on DB (offscreen unless QT_QPA_PLATFORM says
otherwise), shows it, waits for the start-up check, prints what it saw and exits 0; any
failure exits 1. `--screenshot PNG` also saves the whole screen as the platform shows it
(through Qt's `windows` plugin: what GDI has on the desktop), maximized window and all. It prints `shown <seconds>` as soon as the window is up so that
tools/build_bundle.py can time launch → main window from outside the process. Kept out of
`app/` on purpose: it exists to test the bundle, not for users.

The same file runs from the source tree (`.venv/bin/python packaging/launcher.py ...`),
which is how the bundle's start-up time is compared with the source install.
"""

from __future__ import annotations

import io
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

_T0 = time.perf_counter()


def smoke_test(argv: list[str]) -> int:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    db = argv[0]
    language = argv[argv.index("--language") + 1] if "--language" in argv else "zh_CN"

    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from app.models.db import open_store
    from app.ui.app import install_translators, make_app, translations_dir
    from app.ui.main_window import MainWindow

    app = make_app([])
    translators = install_translators(app, language)
    store = open_store(db)
    window = MainWindow(store)
    window.show()
    QApplication.processEvents()
    rows = window.projects_tab.model.rowCount()
    shown = time.perf_counter() - _T0
    print(f"shown {shown:.3f}", flush=True)
    window.ctx.wait_for_checks()  # the background check must finish before we close
    QApplication.processEvents()
    if "--screenshot" in argv:
        failures_shot = screenshot(window, argv[argv.index("--screenshot") + 1])
    else:
        failures_shot = []
    title = window.windowTitle()
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    window.close()
    store.close()
    print(f"platform  {QGuiApplication.platformName()}")
    print(f"frozen    {getattr(sys, 'frozen', False)}, utf8_mode {sys.flags.utf8_mode}")
    print(f"translations {translations_dir()} ({len(translators)} translators)")
    print(f"window    {title!r}, {rows} projects, tabs: {', '.join(tabs)}")
    failures = failures_shot + ([] if rows else ["the project list is empty"])
    if language != "en" and not translators:
        failures.append("no translation loaded")
    failures += libraries()
    for failure in failures:
        print(f"smoke test: {failure}", file=sys.stderr)
    return 1 if failures else 0


def screenshot(window: QMainWindow, path: str) -> list[str]:
    """Maximize, let the platform paint for a moment, grab the screen (not the widget) to PNG."""
    from PySide6.QtCore import QDeadlineTimer, QEventLoop
    from PySide6.QtWidgets import QApplication

    window.showMaximized()
    window.raise_()
    window.activateWindow()
    deadline = QDeadlineTimer(1500)
    while not deadline.hasExpired():
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.02)
    image = window.screen().grabWindow(0)
    saved = image.save(path, "PNG")
    print(f"screenshot {path} {image.width()}x{image.height()} saved={saved}")
    return [] if saved and not image.isNull() else [f"screenshot not saved to {path}"]


def libraries() -> list[str]:
    """Libraries loaded by name or from C, which a bundle can lack without failing to start:
    the SM2/SM3/SM4 self-test (Tongsuo through cffi) and the PostgreSQL driver SQLAlchemy
    loads for team mode (no server needed: the engine is created, not connected)."""
    from sqlalchemy import create_engine

    from app.crypto.selftest import selftest_result

    failures = []
    crypto = selftest_result()
    print(
        f"crypto    passed {', '.join(crypto.passed)}; skipped {', '.join(crypto.skipped) or '-'}"
    )
    if not crypto.ok or "SM2-round-trip" not in crypto.passed or crypto.skipped:
        failures.append(f"crypto self-test failed {crypto.failed} skipped {crypto.skipped}")
    engine = create_engine("postgresql+psycopg://reviewdesk@localhost/reviewdesk")
    import psycopg

    print(f"psycopg   {psycopg.__version__} ({psycopg.pq.__impl__}, libpq {psycopg.pq.version()})")
    if psycopg.pq.__impl__ not in ("binary", "c"):
        failures.append(
            f"psycopg uses its {psycopg.pq.__impl__} implementation (needs a system libpq)"
        )
    engine.dispose()
    return failures


def main() -> int:
    argv = sys.argv[1:]
    if argv[:1] == ["--smoke-test"]:
        if len(argv) < 2:
            print(
                "usage: ReviewDesk --smoke-test DB [--language zh_CN|en] [--screenshot PNG]",
                file=sys.stderr,
            )
            return 2
        return smoke_test(argv[1:])
    from app.cli import main as cli_main

    if sys.stderr is None:  # ReviewDesk.exe on Windows has no console: errors go to a dialog
        return windowed(cli_main, show_error)
    return cli_main()


def windowed(run: Callable[[], int], show: Callable[[str], None]) -> int:
    """Run `run` with stdout/stderr captured; if it fails, show what it wrote to stderr.

    The GUI program is also what a double-clicked .rdpkg starts (`open-package PATH`): a
    refused package or a bad argument would otherwise vanish without a word."""
    saved = sys.stdout, sys.stderr
    errors = io.StringIO()
    sys.stdout, sys.stderr = io.StringIO(), errors
    try:
        code = run()
    except SystemExit as exc:  # argparse: usage errors
        code = exc.code if isinstance(exc.code, int) else 2
    finally:
        sys.stdout, sys.stderr = saved
    if code != 0:
        show(
            errors.getvalue().strip()
            or f"ReviewDesk 异常退出（代码 {code}） / ReviewDesk exited with code {code}"
        )
    return code


def show_error(text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    from app.ui.app import make_app

    make_app([])
    QMessageBox.critical(None, "ReviewDesk", text)


if __name__ == "__main__":
    if not getattr(sys, "frozen", False):  # from the source tree: the repo's `app`
        from pathlib import Path

        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    raise SystemExit(main())
