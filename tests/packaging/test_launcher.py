"""packaging/launcher.py: the windowed program (ReviewDesk.exe has no console on Windows, so
sys.stderr is None there) shows a failing command's error in a dialog instead of losing it;
a double-clicked .rdpkg that is refused must say why."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def launcher() -> ModuleType:
    spec = importlib.util.spec_from_file_location("launcher", ROOT / "packaging" / "launcher.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_refused_package_is_shown(tmp_path: Path) -> None:
    from app.cli import main as cli_main

    package = tmp_path / "expert.rdpkg"
    package.write_bytes(b"not a zip")
    shown: list[str] = []
    stderr = sys.stderr
    code = launcher().windowed(lambda: cli_main(["open-package", str(package)]), shown.append)
    assert sys.stderr is stderr
    assert code != 0
    [text] = shown
    print(text)
    assert "不是评审包" in text and "not a review package" in text  # the reason, both languages


def test_usage_error_is_shown() -> None:
    from app.cli import main as cli_main

    shown: list[str] = []
    code = launcher().windowed(lambda: cli_main(["no-such-command"]), shown.append)
    assert code == 2
    assert "no-such-command" in shown[0]


def test_success_shows_nothing() -> None:
    shown: list[str] = []
    assert launcher().windowed(lambda: print("fine") or 0, shown.append) == 0
    assert shown == []
