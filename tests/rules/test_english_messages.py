"""The English side of every finding and checklist reason on the demo data is English: Chinese
appears only inside the user's own data (project, unit and system names, reasons typed)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from app.rules.checklists import acceptance_checklist, dossier_checklist
from app.rules.engine import evaluate
from app.services.snapshot import read_dataset

CJK = re.compile(r"[\u4e00-\u9fff]+")


def test_english_texts_carry_no_chinese_but_the_data(demo_store: Any) -> None:
    data = read_dataset(demo_store)
    names = sorted(
        {p.name for p in data.projects} | {u.name for u in data.units}
        | {s.name for s in data.registered_systems}
        | {d.na_reason for p in data.projects for d in p.documents if d.na_reason},  # typed by the user
        key=len, reverse=True,
    )  # fmt: skip

    def leftover(text: str) -> list[str]:
        for name in names:
            text = text.replace(name, "")
        # what is left may still quote a part of a name (DUP-SIMILAR's shared phrase)
        return [word for word in CJK.findall(text) if not any(word in name for name in names)]

    findings = evaluate(data, date(2026, 11, 25))
    leaks = {(f.code, word) for f in findings for word in leftover(f.message_en)}
    for project in data.projects:
        for item in (*dossier_checklist(project), *acceptance_checklist(project)):
            leaks |= {(item.key, word) for word in leftover(item.reason_en + item.label_en)}
    assert len(findings) > 100
    assert not leaks, sorted(leaks)[:20]
