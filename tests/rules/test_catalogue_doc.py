"""docs/rules.md and the catalogue agree row by row: code, severities (default first), articles,
area and title; and every code of the engine has its row."""

from __future__ import annotations

import re
from pathlib import Path

from app.rules.catalogue import _RULES, CODES

DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
ROW = re.compile(r"^\| `([A-Z0-9-]+)` \| ([a-z /]+) \| ([^|]+) \| ([a-z]+) \| ([^|]+) \|$")


def catalogue_table() -> list[tuple[str, tuple[str, ...], str, str, str]]:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## The catalogue", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        match = ROW.match(line.strip())
        if match:
            code, severities, article, area, title = match.groups()
            rows.append((code, tuple(s.strip() for s in severities.split("/")), article.strip(), area, title.strip()))  # fmt: skip
    return rows


def test_docs_catalogue_table_matches_the_catalogue_row_by_row() -> None:
    documented = catalogue_table()
    expected = [
        (r.code, tuple(s.value for s in r.severities), r.article, r.area.value, r.title_zh)
        for r in _RULES
    ]
    assert len(documented) == len(expected) == len(CODES) == 62
    for doc_row, rule_row in zip(documented, expected, strict=True):
        assert doc_row == rule_row


def test_every_code_has_an_interpretation_or_a_catalogue_row_only_once() -> None:
    codes = [row[0] for row in catalogue_table()]
    assert len(codes) == len(set(codes))
    text = DOC.read_text(encoding="utf-8").split("## Interpretations", 1)[1]
    for code in (
        "DOS-LIST",
        "APV-REVIEWERS",
        "CON-OVERRUN",
        "CON-PROCURE",
        "OM-ASSESS",
        "PLAN-ROLLING",
    ):
        assert f"`{code}`" in text, code
