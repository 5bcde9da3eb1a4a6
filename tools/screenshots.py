"""Screenshots of every tab, dock and dialog of the day-at-the-desk journeys, to look at the UI
as a person would, in both languages and at both sizes the users have.

    .venv/bin/python tools/screenshots.py DB OUTDIR [--sizes 1366x768,1920x1080@1.5]
                                               [--languages zh_CN,en] [--today 2026-11-25]

DB is copied first (the journeys save forms); the user's settings are not touched (a throw-away
settings folder, as on a first start). Each size runs in its own process on Qt's offscreen
platform with a screen of that size (`@1.5`: QT_SCALE_FACTOR=1.5, as Windows at 150 %), so no
X server is needed. Writes OUTDIR/<language>-<W>x<H>[@scale]/NN-<scene>.png and prints one
line per shot.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_SIZES = "1366x768,1920x1080@1.5"
DEFAULT_LANGUAGES = "zh_CN,en"


def parse_size(text: str) -> tuple[int, int, str]:
    size, _, scale = text.partition("@")
    width, height = (int(v) for v in size.split("x"))
    return width, height, scale


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("out")
    parser.add_argument("--sizes", default=DEFAULT_SIZES)
    parser.add_argument("--languages", default=DEFAULT_LANGUAGES)
    parser.add_argument("--today", default=os.environ.get("REVIEWDESK_TODAY", "2026-11-25"))
    parser.add_argument("--child", nargs=4, metavar=("W", "H", "SCALE", "LANG"), help=argparse.SUPPRESS)  # fmt: skip
    args = parser.parse_args(argv)
    if args.child:
        width, height, scale, language = args.child
        return shoot(Path(args.db), Path(args.out), int(width), int(height), scale, language,
                     date.fromisoformat(args.today))  # fmt: skip
    failed = 0
    for size in args.sizes.split(","):
        width, height, scale = parse_size(size)
        for language in args.languages.split(","):
            failed += run_child(args.db, Path(args.out), width, height, scale, language, args.today)
    return 1 if failed else 0


def run_child(db: str, out: Path, width: int, height: int, scale: str, language: str, today: str) -> int:  # fmt: skip
    """One size and language in a fresh process: a private data folder, settings and DB copy."""
    with tempfile.TemporaryDirectory(prefix="reviewdesk-shots-") as tmp:
        work = Path(tmp)
        copy = work / "demo.db"
        shutil.copyfile(db, copy)
        screen = {"name": "screen", "x": 0, "y": 0, "width": width, "height": height,
                  "logicalDpi": 96, "logicalDpiY": 96, "dpr": 1}  # fmt: skip
        config = work / "screen.json"
        config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
        env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}",
                   REVIEWDESK_DATA_DIR=str(work / "data"), XDG_CONFIG_HOME=str(work / "config"),
                   HOME=str(work))  # fmt: skip
        env.pop("REVIEWDESK_DB", None)
        if scale:
            env["QT_SCALE_FACTOR"] = scale
        else:
            env.pop("QT_SCALE_FACTOR", None)
        command = [sys.executable, str(Path(__file__).resolve()), str(copy), str(out),
                   "--today", today, "--child", str(width), str(height), scale or "1", language]  # fmt: skip
        return subprocess.run(command, env=env, check=False).returncode


class Camera:
    """Grabs widgets into numbered files, and stands in for the static message boxes so that
    the messages a journey shows are shot too (the user's answer is the default button)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0
        folder.mkdir(parents=True, exist_ok=True)

    def shot(self, name: str, widget: Any) -> None:
        from PySide6.QtWidgets import QApplication

        for _ in range(3):
            QApplication.processEvents()
        self.count += 1
        path = self.folder / f"{self.count:02d}-{name}.png"
        widget.grab().save(str(path))
        print(path)

    def message_boxes(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        camera = self

        def box(icon: QMessageBox.Icon, name: str) -> Callable[..., Any]:
            def show(parent: Any, title: str, text: str, buttons: Any = None, default: Any = QMessageBox.StandardButton.NoButton) -> Any:  # fmt: skip
                if buttons is None:  # Qt's defaults: Yes/No for a question, else OK
                    yes_no = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
                    buttons = yes_no if name == "question" else QMessageBox.StandardButton.Ok
                message = QMessageBox(icon, title, text, buttons, parent)
                message.show()
                camera.shot(f"message-{name}", message)
                message.close()
                if default != QMessageBox.StandardButton.NoButton:
                    return default
                if name == "question":  # asked without a default (a key's fingerprint): Yes
                    return QMessageBox.StandardButton.Yes
                return QMessageBox.StandardButton.Ok

            return show

        QMessageBox.information = box(QMessageBox.Icon.Information, "information")  # type: ignore[method-assign]
        QMessageBox.warning = box(QMessageBox.Icon.Warning, "warning")  # type: ignore[method-assign]
        QMessageBox.critical = box(QMessageBox.Icon.Critical, "critical")  # type: ignore[method-assign]
        QMessageBox.question = box(QMessageBox.Icon.Question, "question")  # type: ignore[method-assign]

        def about(parent: Any, title: str, text: str) -> None:
            message = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)  # fmt: skip
            message.show()
            camera.shot("about", message)
            message.close()

        QMessageBox.about = about  # type: ignore[method-assign]

    def modal_dialogs(self) -> None:
        """A modal dialog (import report, approval gate…) is shot, then cancelled."""
        from PySide6.QtWidgets import QDialog

        camera = self

        def modal(dialog: QDialog, *_args: Any) -> int:
            dialog.show()
            camera.shot(f"dialog-{type(dialog).__name__}", dialog)
            dialog.reject()
            return int(QDialog.DialogCode.Rejected)

        QDialog.exec = modal  # type: ignore[method-assign]

    def file_dialogs(self, folder: Path) -> list[str]:
        """Save dialogs answer `folder`/<suggested name>; open dialogs take the next path of the
        returned list (the scenes fill it)."""
        from PySide6.QtWidgets import QFileDialog

        folder.mkdir(parents=True, exist_ok=True)
        to_open: list[str] = []

        def save(_parent: Any, _title: str = "", suggested: str = "", file_filter: str = "", *_a: Any, **_k: Any) -> tuple[str, str]:  # fmt: skip
            return str(folder / Path(suggested or "file").name), file_filter

        def open_file(_parent: Any, *_a: Any, **_k: Any) -> tuple[str, str]:
            return (to_open.pop(0) if to_open else ""), ""

        QFileDialog.getSaveFileName = save  # type: ignore[method-assign]
        QFileDialog.getOpenFileName = open_file  # type: ignore[method-assign]
        QFileDialog.getExistingDirectory = lambda *_a, **_k: str(folder)  # type: ignore[method-assign]
        return to_open


def shoot(db: Path, out: Path, width: int, height: int, scale: str, language: str, today: date) -> int:  # fmt: skip
    from PySide6.QtWidgets import QApplication

    from app.services.store import open_store
    from app.ui.app import install_translators, make_app
    from app.ui.main_window import MainWindow

    app = make_app([])
    install_translators(app, language)
    suffix = f"{width}x{height}" + (f"@{scale}" if scale not in ("", "1") else "")
    camera = Camera(out / f"{language}-{suffix}")
    camera.message_boxes()
    camera.modal_dialogs()
    to_open = camera.file_dialogs(db.parent / "chosen")
    store = open_store(str(db))
    store.actor = "张评审" if language != "en" else "Reviewer Zhang"
    window = MainWindow(store, today=today)
    window.show()
    QApplication.processEvents()
    window.ctx.wait_for_checks()  # the counts come from the start-up check
    QApplication.processEvents()
    try:
        journeys(window, camera, db.parent)
        documents(window, camera, db.parent, to_open)
    finally:
        window.ctx.wait_for_checks()
        window.close()
        store.close()
    return 0


def pid(window: Any, name: str) -> int:
    model = window.projects_tab.model
    return next(model.row_at(r).id for r in range(model.rowCount()) if model.row_at(r).name == name)


def journeys(window: Any, camera: Camera, work: Path) -> None:
    from PySide6.QtWidgets import QApplication, QDialog

    from app.ui.dialogs.project_form import ProjectForm
    from app.ui.tabs.dossier_tab import find_key

    ctx = window.ctx
    # the project list, a project selected, its findings behind the counts
    ctx.select_project(pid(window, "江津区生态环境监测监控平台"))
    window.show_tab("projects")
    camera.shot("projects", window)
    # the dossier: the derived list row in the editor, then the review form
    window.show_tab("dossier")
    tab = window.dossier_tab
    tab.select_item("list")
    camera.shot("dossier-list-row", window)
    tab.tree.setCurrentIndex(find_key(tab.tree_model, "data_catalogue"))
    camera.shot("dossier-item", window)
    tab.side.setCurrentWidget(tab.review_form)
    camera.shot("dossier-review-form", window)
    tab.side.setCurrentWidget(tab.editor_page)
    # the project form, page by page
    form = ProjectForm(ctx, ctx.current_project_id, window)
    form.show()
    for index in range(form.tabs.count()):
        form.tabs.setCurrentIndex(index)
        camera.shot(f"project-form-{index + 1}", form)
    form.name.setText(form.name.text() + "（改）")
    form.reject()  # asks before discarding: the question is shot, the answer is 取消
    QDialog.done(form, 0)
    # budget versus plan for the year with findings, a row of them selected
    window.year_combo.setCurrentIndex(window.year_combo.findData(2027))
    window.show_tab("budget")
    ctx.select_project(pid(window, "江津区劳动保障监察信息系统"))
    camera.shot("budget", window)
    window.budget_tab.views.setCurrentIndex(1)
    camera.shot("budget-rolling", window)
    window.year_combo.setCurrentIndex(window.year_combo.findData(2026))
    camera.shot("budget-rolling-empty", window)
    window.budget_tab.views.setCurrentIndex(0)
    window.year_combo.setCurrentIndex(window.year_combo.findData(2027))
    # acceptance: a project still in approval, then a completed one through to the filed result
    ctx.select_project(pid(window, "江津区生态环境监测监控平台"))
    window.show_tab("acceptance")
    camera.shot("acceptance-not-due", window)
    ctx.select_project(pid(window, "江津区就业创业服务平台"))
    acceptance = window.acceptance_tab
    acceptance.side.setCurrentWidget(acceptance.acceptance_form)
    camera.shot("acceptance-completed", window)
    facts = acceptance.acceptance_form
    facts.organized.setText("2026/13/1")
    facts.save()
    camera.shot("acceptance-bad-date", window)
    facts.organized.setText("2026/11/20")
    facts.accepted.setText("2026年11月24日")
    facts.result.setCurrentIndex(facts.result.findData(facts.result.itemData(1)))
    facts.save()
    camera.shot("acceptance-passed-not-filed", window)
    # deadlines and the change history beside the project list
    window.show_tab("deadlines")
    window.deadlines_tab.view.selectRow(0)
    camera.shot("deadlines", window)
    window.show_tab("projects")
    window.history_dock.show()
    window.history_wanted = True
    camera.shot("history-dock", window)
    window.history_dock.hide()
    window.history_wanted = False
    # the expert round: results, a proposal with conflicts, a reviewer's package
    window.show_tab("experts")
    experts = window.experts_tab
    camera.shot("experts", window)
    rounds = experts.rounds
    for index in range(rounds.count()):
        if index != rounds.currentIndex():
            rounds.setCurrentIndex(index)
            experts.propose()
            camera.shot(f"experts-round{index + 1}-propose", window)
    rounds.setCurrentIndex(last_confirmed(rounds, ctx))
    experts.export_button.click()  # packages out, into the folder "chosen"
    camera.shot("experts-packages-out", window)
    reviewer_window(window, camera, work)
    # the whole database's audit log, About
    from app.ui.dialogs.audit_log import AuditLogDialog

    dialog = AuditLogDialog(ctx.store, window)
    dialog.show()
    camera.shot("audit-log", dialog)
    dialog.close()
    window.about_action.trigger()
    QApplication.processEvents()


def last_confirmed(rounds: Any, ctx: Any) -> int:
    """The index of the newest confirmed round in the experts tab's round selector."""
    from app.services.experts import list_rounds

    with ctx.store.read() as session:
        confirmed = [r.id for r in list_rounds(session) if r.confirmed]
    return max(rounds.findData(confirmed[-1]), 0) if confirmed else 0


def documents(window: Any, camera: Camera, work: Path, to_open: list[str]) -> None:
    """Journeys a–c from the File menu: a department workbook with errors imported (the error
    report), the plan table exported, the checklist PDF, a 批复 the approval gate refuses."""
    from PySide6.QtWidgets import QApplication

    ctx = window.ctx
    bad = work / "申报表-有错误.xlsx"
    broken_submission(ctx, bad)
    to_open.append(str(bad))
    window.documents.import_action.trigger()
    QApplication.processEvents()
    camera.shot("import-with-errors", window)
    window.show_tab("budget")
    window.documents.plan_actions["plan"].trigger()
    camera.shot("plan-exported", window)
    ctx.select_project(pid(window, "江津区智慧养老服务平台"))
    window.show_tab("dossier")
    window.documents.checklist_actions["dossier"].trigger()
    camera.shot("checklist-exported", window)
    window.documents.opinion_actions["one_step"].trigger()  # DOS-DATACAT: refused, or a draft
    camera.shot("opinion-refused", window)


def broken_submission(ctx: Any, path: Path) -> None:
    """The year's projects as a submission workbook, then three cells a department gets wrong."""
    from openpyxl import load_workbook

    from app.services.submission_export import write_submission

    write_submission(ctx.store, ctx.year + 1, path)
    book = load_workbook(path)
    sheet = book.worksheets[0]
    header = next(
        r for r in range(1, 10) if any("项目名称" in str(c.value or "") for c in sheet[r])
    )
    columns = {str(c.value or "").strip("*（）"): c.column for c in sheet[header]}
    first = header + 1
    for wanted, value in (("总投资", "约三百万"), ("计划完成日期", "2026/13/1"), ("建设单位", "区不存在局")):  # fmt: skip
        column = next((i for name, i in columns.items() if name.startswith(wanted)), None)
        if column is not None:
            sheet.cell(first, column, value)
    book.save(path)


def reviewer_window(window: Any, camera: Camera, work: Path) -> None:
    """A package of the demo's confirmed round, opened in reviewer mode and partly filled."""
    from app.services.experts import list_rounds
    from app.services.packages import export_round_packages
    from app.ui.reviewer_window import open_reviewer

    ctx = window.ctx
    with ctx.store.read() as session:
        confirmed = [r.id for r in list_rounds(session) if r.confirmed]
    if not confirmed:
        return
    paths = export_round_packages(ctx.store, confirmed[-1], work / "packages", today=ctx.today)
    drc_folder = os.environ.get("REVIEWDESK_DATA_DIR")
    os.environ["REVIEWDESK_DATA_DIR"] = str(work / "expert-computer")  # the expert's own laptop
    try:
        reviewer = open_reviewer(paths[-1], window)  # an expert who has not returned yet
        if reviewer is None:
            return
        reviewer.resize(window.size())
        camera.shot("reviewer", reviewer)
        fill_review(reviewer)
        reviewer.form.verticalScrollBar().setValue(reviewer.form.verticalScrollBar().maximum())
        camera.shot("reviewer-conclusion", reviewer)
        (work / "returns").mkdir(exist_ok=True)
        returned = reviewer.export_return(work / "returns" / "return-1.rdpkg")
        reviewer.close()
    finally:
        if drc_folder is None:
            os.environ.pop("REVIEWDESK_DATA_DIR", None)
        else:
            os.environ["REVIEWDESK_DATA_DIR"] = drc_folder
    if returned is not None:  # back at the DRC: the return merged (its new key asked first)
        window.show_tab("experts")
        window.experts_tab.import_package(returned)
        camera.shot("experts-return-merged", window)
        window.experts_tab.word_button.click()  # the group opinion, or the gate's refusal
        camera.shot("experts-group-opinion", window)


def fill_review(reviewer: Any) -> None:
    """Every project of the package reviewed: an answer, the scores, a conclusion, an opinion."""
    form = reviewer.form
    for row in range(reviewer.projects.count()):
        reviewer.projects.setCurrentRow(row)
        first = next(iter(form.answers.values()))
        first.setCurrentIndex(first.findData("yes"))
        next(iter(form.comments.values())).setPlainText("依据充分")
        for spin in form.scores.values():
            spin.setValue(80)
        form.conclusion.setCurrentIndex(form.conclusion.findData("agree_revise"))
        form.opinion.setPlainText("建设内容与部门职能相符，建议压缩硬件投资。")
        reviewer.save()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
