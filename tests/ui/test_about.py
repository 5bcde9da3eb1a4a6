"""Help → About names the regulation exactly as its title reads (issue 11, problem 12)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.ui.main_window import MainWindow
from tests.ui.desk import OsBoundary

TITLE = "《重庆市江津区区级政务信息化项目管理办法》"
#: the name the About box used to give; spelled in two halves so this file does not match itself
WRONG = "《江津区政务信息化项目" + "建设管理办法》"
ROOT = Path(__file__).resolve().parents[2]


def about_text(window: MainWindow, boundary: OsBoundary) -> str:
    window.about_action.trigger()
    return boundary.texts("about")[-1]


def test_about_names_the_regulation_in_chinese(
    chinese: Any, window: MainWindow, boundary: OsBoundary
) -> None:
    text = about_text(window, boundary)
    assert f"依据{TITLE}（江津府办发〔2022〕154号）" in text
    assert WRONG not in text


def test_about_names_the_regulation_in_english(window: MainWindow, boundary: OsBoundary) -> None:
    text = about_text(window, boundary)
    assert f"{TITLE} (江津府办发〔2022〕154号)" in text and "Jiangjin" in text


def test_the_wrong_name_appears_nowhere_in_the_product() -> None:
    """UI sources, translations, documentation, exports' code and the packaging."""
    places = [ROOT / "README.md", *(ROOT / d for d in ("app", "translations", "docs", "packaging", "tools"))]  # fmt: skip
    found = []
    for place in places:
        for path in [place] if place.is_file() else sorted(place.rglob("*")):
            if path.is_file() and path.suffix in {".py", ".ts", ".md", ".txt", ".iss", ".spec", ".json", ".toml"}:  # fmt: skip
                text = path.read_text(encoding="utf-8", errors="replace")
                if WRONG in text or "建设管理办法" in text:
                    found.append(str(path.relative_to(ROOT)))
    assert not found
