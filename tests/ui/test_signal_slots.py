"""No signal is connected straight to a method with optional positional parameters.

`QAction.triggered` passes `checked` and `QAbstractButton.clicked` passes `checked`: connected
to `def import_submissions(self, path=None)`, the bool lands in `path` (issue 11, problem 1).
Handlers that take an optional path make it keyword-only (`def f(self, *, path=None)`; PySide
then calls them without the signal's arguments) or are connected through a lambda. The menu
walk (test_action_registry.py) catches such a bug at run time for menu actions; this scan
catches it for every button, signal and window in app/ui before it runs.
"""

from __future__ import annotations

import ast
from pathlib import Path

APP_UI = Path(__file__).resolve().parents[2] / "app" / "ui"


def optional_positional(function: ast.FunctionDef) -> list[str]:
    args = function.args
    positional = [a.arg for a in (*args.posonlyargs, *args.args)][1:]  # without self
    return positional[len(positional) - len(args.defaults) :] if args.defaults else []


def risky_connections(source: str, filename: str) -> list[str]:
    found = []
    for cls in (n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.ClassDef)):
        methods = {
            f.name: optional_positional(f) for f in cls.body if isinstance(f, ast.FunctionDef)
        }
        for call in (n for n in ast.walk(cls) if isinstance(n, ast.Call)):
            func, args = call.func, call.args
            if not (isinstance(func, ast.Attribute) and func.attr == "connect" and args):
                continue
            slot = args[0]
            if (
                isinstance(slot, ast.Attribute)
                and isinstance(slot.value, ast.Name)
                and slot.value.id == "self"
                and methods.get(slot.attr)
            ):
                found.append(f"{filename}:{call.lineno} {ast.unparse(call)} → {methods[slot.attr]}")
    return found


def test_the_scan_finds_a_checked_flag_sent_into_a_path() -> None:
    source = (
        "class Actions:\n"
        "    def __init__(self):\n"
        "        self.action.triggered.connect(self.import_submissions)\n"
        "        self.other.triggered.connect(self.export)\n"
        "    def import_submissions(self, path=None): ...\n"
        "    def export(self, *, path=None): ...\n"
    )
    found = risky_connections(source, "example.py")
    assert len(found) == 1 and "import_submissions" in found[0] and "['path']" in found[0]


def test_no_signal_feeds_an_optional_positional_parameter() -> None:
    found = []
    for path in sorted(APP_UI.rglob("*.py")):
        found += risky_connections(path.read_text(encoding="utf-8"), str(path.relative_to(APP_UI)))
    assert not found, "\n".join(found)
