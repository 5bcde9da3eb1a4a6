"""packaging/launcher.py: the windowed program (ReviewDesk.exe has no console on Windows, so
sys.stderr is None there) shows a failing command's error in a dialog instead of losing it;
a double-clicked .rdpkg that is refused must say why."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

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


def test_smoke_test_saves_a_screenshot_of_the_main_window(
    demo_db: Path, tmp_path: Path, qapp: object, capsys: pytest.CaptureFixture[str]
) -> None:
    """What tools/wine_build.py and tools/build_deb.py look at: the screen with the window on it."""
    from PySide6.QtGui import QImage

    shot = tmp_path / "评审 数据" / "main-window.png"
    shot.parent.mkdir()
    assert launcher().smoke_test([str(demo_db), "--screenshot", str(shot)]) == 0
    out = capsys.readouterr().out
    assert f"screenshot {shot} " in out and "saved=True" in out
    image = QImage(str(shot))
    assert not image.isNull() and image.width() >= 640
    # not a blank screen: the window's pixels vary
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 16) for y in range(0, image.height(), 16)
    }
    assert len(colours) > 10


def test_screenshot_that_cannot_be_saved_fails_the_smoke_test(
    demo_db: Path, tmp_path: Path, qapp: object
) -> None:
    missing = tmp_path / "no such folder" / "shot.png"
    assert launcher().smoke_test([str(demo_db), "--screenshot", str(missing)]) == 1
