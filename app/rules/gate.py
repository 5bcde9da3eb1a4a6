"""Which findings bar the approval of a project (the gate of issue 11, problem 2).

A blocker of the planning and dossier areas makes approval impossible: DOS-LIST (不予受理,
Art 8, 9), DOS-DATACAT and DOS-CRYPTOPLAN (不予审批, Art 14); so does UNIT-BLOCKED at blocker
severity (Art 28: the unit 不得新建、改扩建). Blockers of later stages gate those stages and not
the approval: ACC-ARCHIVE the completion acceptance (Art 26), OM-* the O&M funds (Art 25, 28,
29), BUD-NOPLAN the department budget (Art 10).
"""

from __future__ import annotations

from app.rules.catalogue import RULES, Area
from app.rules.facts import Severity
from app.rules.findings import Finding

APPROVAL_AREAS = frozenset({Area.PLANNING, Area.DOSSIER})


def bars_approval(finding: Finding) -> bool:
    if not finding.open or finding.severity != Severity.BLOCKER:
        return False
    return finding.code == "UNIT-BLOCKED" or RULES[finding.code].area in APPROVAL_AREAS


def approval_blockers(findings: list[Finding], project_id: int) -> list[Finding]:
    """The open blockers barring the approval of `project_id`, in the findings' usual order."""
    return sorted(
        (f for f in findings if f.project_id == project_id and bars_approval(f)),
        key=lambda f: f.sort_key,
    )
