"""The operating system's side of the desk, for tests that drive the real window.

`OsBoundary` replaces only what belongs to the operating system or blocks in a modal loop:
the QFileDialog / QMessageBox / QInputDialog statics, `exec()` of modal dialogs (a handler per
dialog class may act on the real dialog as the user would, else the dialog is shown, painted
and cancelled) and QDesktopServices.openUrl. Everything it was asked is recorded, so a test can
assert what the user saw: the title, the suggested file name, the folder a save dialog opened in.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QInputDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QToolBar,
    QWidget,
    QWidgetAction,
)


@dataclass
class FileAsk:
    kind: str  # save / open / open_many / folder
    title: str
    suggested: str  # the path or folder the dialog opened with
    filter: str
    answer: str


@dataclass
class Message:
    kind: str  # information / warning / critical / question / about / box
    title: str
    text: str


@dataclass
class OsBoundary:
    folder: Path
    #: answers to the next save dialogs (else: `folder` / the suggested file name)
    save_answers: list[str | None] = field(default_factory=list)
    #: answers to the next open dialogs (else: by the dialog's filter, see `open_by_suffix`)
    open_answers: list[str | None] = field(default_factory=list)
    open_by_suffix: dict[str, str] = field(default_factory=dict)
    folder_answers: list[str | None] = field(default_factory=list)
    question_answer: QMessageBox.StandardButton = QMessageBox.StandardButton.Yes
    text_answer: tuple[str, bool] = ("评审员甲", True)
    #: modal dialogs: class → what the user does in it (returns the exec() result)
    dialog_handlers: dict[type, Callable[[Any], int]] = field(default_factory=dict)
    file_asks: list[FileAsk] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    opened_urls: list[str] = field(default_factory=list)

    # ------------------------------------------------------------------ files
    def _save(self, _parent: Any, title: str = "", suggested: str = "", file_filter: str = "", *_a: Any, **_k: Any) -> tuple[str, str]:  # fmt: skip
        answer = self.save_answers.pop(0) if self.save_answers else str(self.folder / Path(suggested).name)  # fmt: skip
        self.file_asks.append(FileAsk("save", title, suggested, file_filter, answer or ""))
        return (answer or "", file_filter if answer else "")

    def _open(self, _parent: Any, title: str = "", suggested: str = "", file_filter: str = "", *_a: Any, **_k: Any) -> tuple[str, str]:  # fmt: skip
        if self.open_answers:
            answer = self.open_answers.pop(0)
        else:
            answer = next((p for s, p in self.open_by_suffix.items() if f"*{s}" in file_filter), None)  # fmt: skip
        self.file_asks.append(FileAsk("open", title, suggested, file_filter, answer or ""))
        return (answer or "", file_filter if answer else "")

    def _open_many(self, parent: Any, title: str = "", suggested: str = "", file_filter: str = "", *a: Any, **k: Any) -> tuple[list[str], str]:  # fmt: skip
        answer, chosen = self._open(parent, title, suggested, file_filter, *a, **k)
        self.file_asks[-1].kind = "open_many"
        return ([answer] if answer else [], chosen)

    def _folder(self, _parent: Any, title: str = "", suggested: str = "", *_a: Any, **_k: Any) -> str:  # fmt: skip
        answer = self.folder_answers.pop(0) if self.folder_answers else str(self.folder)
        self.file_asks.append(FileAsk("folder", title, suggested, "", answer or ""))
        return answer or ""

    def saves(self) -> list[FileAsk]:
        return [a for a in self.file_asks if a.kind == "save"]

    # ------------------------------------------------------------------ messages
    def _message(self, kind: str) -> Callable[..., QMessageBox.StandardButton]:
        def record(_parent: Any, title: str = "", text: str = "", *_a: Any, **_k: Any) -> QMessageBox.StandardButton:  # fmt: skip
            self.messages.append(Message(kind, str(title), str(text)))
            if kind == "question":
                return self.question_answer
            return QMessageBox.StandardButton.Ok

        return record

    def _about(self, _parent: Any, title: str, text: str) -> None:
        self.messages.append(Message("about", title, text))

    def _text(self, _parent: Any, title: str, label: str, *_a: Any, **_k: Any) -> tuple[str, bool]:
        self.messages.append(Message("input", title, label))
        return self.text_answer

    def texts(self, kind: str | None = None) -> list[str]:
        return [m.text for m in self.messages if kind is None or m.kind == kind]

    # ------------------------------------------------------------------ modal dialogs
    def _exec(self, dialog: QDialog) -> int:
        """A modal dialog's loop: the handler for its class acts as the user, else the user
        looks at it (shown, painted) and cancels."""
        self.dialogs.append(type(dialog).__name__)
        for cls in type(dialog).__mro__:
            handler = self.dialog_handlers.get(cls)
            if handler is not None:
                return handler(dialog)
        if isinstance(dialog, QMessageBox):
            self.messages.append(Message("box", dialog.windowTitle(), dialog.text()))
        dialog.show()
        QCoreApplication.processEvents()
        dialog.grab()  # paint it: a broken paintEvent/sizeHint shows up here
        dialog.reject()
        return int(QDialog.DialogCode.Rejected)

    def install(self, monkeypatch: pytest.MonkeyPatch) -> OsBoundary:
        monkeypatch.setattr(QFileDialog, "getSaveFileName", self._save)
        monkeypatch.setattr(QFileDialog, "getOpenFileName", self._open)
        monkeypatch.setattr(QFileDialog, "getOpenFileNames", self._open_many)
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", self._folder)
        for kind in ("information", "warning", "critical", "question"):
            monkeypatch.setattr(QMessageBox, kind, self._message(kind))
        monkeypatch.setattr(QMessageBox, "about", self._about)
        monkeypatch.setattr(QInputDialog, "getText", self._text)

        def modal(dialog: QDialog, *_a: Any) -> int:  # replaces the method: gets the dialog
            return self._exec(dialog)

        for cls in (QDialog, QMessageBox, QFileDialog, QInputDialog):
            monkeypatch.setattr(cls, "exec", modal)
        monkeypatch.setattr(QMenu, "exec", lambda *_a, **_k: None)  # a context menu: closed
        monkeypatch.setattr(
            QDesktopServices, "openUrl", lambda url: self.opened_urls.append(url.toLocalFile() or url.toString()) or True
        )  # fmt: skip
        return self


@pytest.fixture
def boundary(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> OsBoundary:
    folder = tmp_path / "chosen"
    folder.mkdir()
    return OsBoundary(folder).install(monkeypatch)


# --------------------------------------------------------------------------- menus


Position = tuple[int, ...]


def menu_actions(window: QMainWindow) -> Iterator[tuple[str, Position, QAction]]:
    """Every action a user can reach from the menu bar (submenus opened, as the user would,
    so menus filled on aboutToShow are included) and from the toolbars, once each.

    Yields the action's path as the user reads it ("File/Import/…", accelerators removed), its
    position (stable across a rebuilt or retranslated window, unlike Undo's changing text) and
    the action."""
    seen: set[int] = set()
    alive: list[QAction] = []  # ids are only unique while their wrappers live

    def walk(menu: QMenu, trail: list[str], at: Position) -> Iterator[tuple[str, Position, QAction]]:  # fmt: skip
        menu.aboutToShow.emit()
        for index, action in enumerate(menu.actions()):
            if action.isSeparator() or id(action) in seen:
                continue
            seen.add(id(action))
            alive.append(action)
            sub = action.menu()
            if isinstance(sub, QMenu):
                yield from walk(sub, [*trail, sub.title()], (*at, index))
            else:
                yield "/".join([*trail, action.text()]).replace("&", ""), (*at, index), action

    for number, top in enumerate(window.menuBar().actions()):
        sub = top.menu()
        if isinstance(sub, QMenu):
            yield from walk(sub, [sub.title()], (0, number))
    for number, toolbar in enumerate(window.findChildren(QToolBar)):
        for index, action in enumerate(toolbar.actions()):
            if action.isSeparator() or isinstance(action, QWidgetAction) or id(action) in seen:
                continue
            seen.add(id(action))
            alive.append(action)
            path = "/".join([toolbar.windowTitle(), action.text()]).replace("&", "")
            yield path, (1, number, index), action


def action_at(window: QMainWindow, position: Position) -> QAction | None:
    for _path, at, action in menu_actions(window):
        if at == position:
            return action
    return None


@contextmanager
def no_escaped_exceptions(qtbot: Any, what: str) -> Iterator[None]:
    """Fails with `what` when an exception escapes a slot or virtual (pytest-qt capture) or
    reaches sys.excepthook."""
    hooked: list[BaseException] = []
    previous = sys.excepthook

    with qtbot.capture_exceptions() as captured:
        inner = sys.excepthook

        def hook(kind: type[BaseException], exc: BaseException, tb: Any) -> None:
            hooked.append(exc)
            inner(kind, exc, tb)

        sys.excepthook = hook
        try:
            yield
            QCoreApplication.processEvents()
        finally:
            sys.excepthook = previous
    problems = [repr(e[1]) for e in captured] + [repr(e) for e in hooked if all(e is not c[1] for c in captured)]  # fmt: skip
    assert not problems, f"{what}: {problems}"


def visible_text(widget: QWidget) -> str:
    """All text a user can read in a widget tree (labels, buttons, line edits, tables)."""
    from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit, QPlainTextEdit

    parts: list[str] = []
    for child in [widget, *widget.findChildren(QWidget)]:
        if not child.isVisibleTo(widget) and child is not widget:
            continue
        if isinstance(child, (QLabel, QAbstractButton, QLineEdit)):
            parts.append(child.text())
        elif isinstance(child, QPlainTextEdit):
            parts.append(child.toPlainText())
    return "\n".join(parts)


def click(qtbot: Any, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def active_app() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app


def type_text(widget: QWidget, text: str) -> None:
    """Type as a Chinese user does: ASCII from the keyboard, Chinese committed by the input
    method (QTest.keyClicks knows only ASCII keys)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtTest import QTest

    widget.setFocus()
    run = ""
    for char in [*text, None]:
        if char is not None and char.isascii():
            run += char
            continue
        if run:
            QTest.keyClicks(widget, run)
            run = ""
        if char is not None:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)


def write_draft_because(reason: str, seen: list[str] | None = None) -> Callable[[Any], int]:
    """A user in the approval-gate dialog: reads the reasons (kept in `seen`), types why a draft
    is wanted, clicks 「起草征求意见稿」."""
    from PySide6.QtTest import QTest

    def act(dialog: Any) -> int:
        dialog.show()
        if seen is not None:
            seen.extend(dialog.reasons.item(i).text() for i in range(dialog.reasons.count()))
        assert not dialog.draft_button.isEnabled()  # not without a reason
        type_text(dialog.reason_edit, reason)
        QTest.mouseClick(dialog.draft_button, Qt.MouseButton.LeftButton)
        return int(dialog.result())

    return act


def select_project(qtbot: Any, window: Any, text: str) -> None:
    """On the project list: type in the search box, click the first row."""
    tab = window.projects_tab
    window.show_tab("projects")
    tab.search.clear()
    type_text(tab.search, text)
    assert tab.proxy.rowCount() >= 1, text
    rect = tab.view.visualRect(tab.proxy.index(0, 0))
    qtbot.mouseClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def trigger(qtbot: Any, action: QAction) -> None:
    """A menu item chosen by the user; fails if an exception escapes its handler."""
    assert action.isEnabled(), action.text()
    with no_escaped_exceptions(qtbot, action.text()):
        action.trigger()
