"""The demo shows the catalogue: every code fires somewhere and, for the codes the second reading
added or changed, some projects comply; the README's counts are the demo's."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

from app.rules.catalogue import CODES
from app.rules.engine import evaluate
from app.services.snapshot import read_dataset

TODAY = date(2026, 11, 25)
README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_demo_fires_every_code_and_new_codes_have_compliant_projects(demo_store: Any) -> None:
    data = read_dataset(demo_store)
    findings = [f for f in evaluate(data, TODAY) if f.open]
    assert set(CODES) <= {f.code for f in findings}, set(CODES) - {f.code for f in findings}
    by_code: dict[str, set[int]] = {}
    for f in findings:
        by_code.setdefault(f.code, set()).add(f.project_id or 0)
    running = {p.id for p in data.projects if p.stage.value in ("S6", "S7")}
    assert running - by_code["OM-ASSESS"], "every running system is stale"
    contracted = {p.id for p in data.projects if p.contract_signed_on}
    assert contracted - by_code["CON-PROCURE"]
    approved = {p.id for p in data.projects if any(a.approved_on for a in p.approvals)}
    assert approved - by_code["APV-REVIEWERS"]
    assert approved - by_code["CON-OVERRUN"]
    assert {"info", "error"} <= {f.severity.value for f in findings if f.code == "ACC-ORGANIZER"}
    assert {"blocker", "warning"} <= {
        f.severity.value for f in findings if f.code == "UNIT-BLOCKED"
    }
    assert {"error", "info"} <= {f.severity.value for f in findings if f.code == "CON-CHANGE"}


def test_readme_gives_the_demos_counts(demo_store: Any) -> None:
    findings = evaluate(read_dataset(demo_store), TODAY)
    severities = Counter(f.severity.value for f in findings)
    text = README.read_text(encoding="utf-8")
    english = re.search(r"\*\*(\d+)\*\* findings, (\d+) blockers, (\d+) errors, (\d+) warnings and (\d+) infos", text)  # fmt: skip
    chinese = re.search(r"共 \*\*(\d+)\*\* 条检查结果：阻断 (\d+)、错误 (\d+)、警告 (\d+)、\s*提示 (\d+)", text)  # fmt: skip
    assert english and chinese
    expected = (len(findings), severities["blocker"], severities["error"], severities["warning"], severities["info"])  # fmt: skip
    assert tuple(map(int, english.groups())) == expected
    assert tuple(map(int, chinese.groups())) == expected
    assert f"{len(CODES)} codes" in text and f"共 {len(CODES)} 个编号" in text


def test_reviewdesk_check_on_the_demo_shows_the_new_codes(demo_db: Path, capsys: Any) -> None:
    """Issue 17, "Done when": `reviewdesk check` on the demo shows the codes the second reading added."""
    import json

    from app.cli import main

    assert main(["check", "--db", str(demo_db), "--today", TODAY.isoformat(), "--json"]) == 0
    shown = {f["code"] for f in json.loads(capsys.readouterr().out)}
    new = {"PLAN-ROLLING", "APV-REVIEWERS", "CON-OVERRUN", "CON-PROCURE", "OM-ASSESS"}
    assert new <= shown, new - shown
    assert main(["check", "--db", str(demo_db), "--today", TODAY.isoformat(), "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert all(code in text for code in new) and "ACC-ORGANIZER" in text
