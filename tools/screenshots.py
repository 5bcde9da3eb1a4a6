"""Screenshots of every tab on a database, for looking at the UI as a person would.

    xvfb-run -a -s "-screen 0 1920x1080x24" .venv/bin/python tools/screenshots.py DB OUTDIR [WxH] [zh_CN|en] [SCALE]

Writes OUTDIR/<tab>-<W>x<H>-<lang>.png. SCALE (e.g. 1.5) sets QT_SCALE_FACTOR.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(argv: list[str]) -> int:
    db, out = argv[0], Path(argv[1])
    width, height = (int(v) for v in (argv[2] if len(argv) > 2 else "1366x768").split("x"))
    language = argv[3] if len(argv) > 3 else "zh_CN"
    if len(argv) > 4:
        os.environ["QT_SCALE_FACTOR"] = argv[4]
    out.mkdir(parents=True, exist_ok=True)
    from PySide6.QtWidgets import QApplication

    from app.models.db import open_store
    from app.ui.app import install_translators, make_app
    from app.ui.main_window import TAB_KEYS, MainWindow

    app = make_app([])
    install_translators(app, language)
    store = open_store(db)
    window = MainWindow(
        store,
        today=date.fromisoformat(os.environ.get("REVIEWDESK_TODAY", date.today().isoformat())),
    )
    window.resize(width, height)
    window.show()
    QApplication.processEvents()
    window.ctx.wait_for_checks()  # the counts come from the start-up check
    QApplication.processEvents()
    first = window.projects_tab.model.row_at(4).id
    window.ctx.project_selected.emit(first)
    suffix = f"{width}x{height}-{language}" + (f"-x{argv[4]}" if len(argv) > 4 else "")
    for key in TAB_KEYS:
        window.show_tab(key)
        QApplication.processEvents()
        window.grab().save(str(out / f"{key}-{suffix}.png"))
    # the expert review tab shows the last round: also every other round, and the proposal
    # (eligible experts and conflicts) for the last one
    window.show_tab("experts")
    rounds = window.experts_tab.rounds
    last = rounds.currentIndex()
    for index in range(rounds.count()):
        if index != last:
            rounds.setCurrentIndex(index)
            QApplication.processEvents()
            window.grab().save(str(out / f"experts-round{index + 1}-{suffix}.png"))
    if last >= 0:
        rounds.setCurrentIndex(last)
        window.experts_tab.propose()
        QApplication.processEvents()
        window.grab().save(str(out / f"experts-propose-{suffix}.png"))
    # the change history dock under the project list, and the whole-database audit log
    window.show_tab("projects")
    window.history_dock.show()
    QApplication.processEvents()
    window.grab().save(str(out / f"history-{suffix}.png"))
    window.history_dock.hide()
    from app.ui.dialogs.audit_log import AuditLogDialog

    dialog = AuditLogDialog(window.ctx.store, window)
    dialog.show()
    QApplication.processEvents()
    dialog.grab().save(str(out / f"audit-log-{suffix}.png"))
    dialog.close()
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
