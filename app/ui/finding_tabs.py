"""Which tab lists which findings.

Every code of the catalogue has a home tab, so that a count in the project list can always be
traced to its message: the tab's findings pane lists it with severity, article and message.
The mapping follows the catalogue's areas (DOMAIN.md §4); a few codes are also shown where
the user works on what they concern (plan lines and O&M funding on the budget tab, dated
obligations on the deadlines tab). Pure Python: the tabs and the tests share it.
"""

from __future__ import annotations

from app.rules.catalogue import RULES, Area
from app.rules.findings import Finding

#: tabs by area, the first one the home tab (where a double-click on a count leads)
AREA_TABS: dict[Area, tuple[str, ...]] = {
    Area.PLANNING: ("dossier",),
    Area.DOSSIER: ("dossier",),
    Area.DUPLICATE: ("dossier",),
    Area.MONEY: ("dossier", "budget"),
    Area.CONSTRUCTION: ("dossier",),
    Area.BUDGET: ("budget",),
    Area.ACCEPTANCE: ("acceptance",),
    Area.OM: ("acceptance", "budget"),  # no O&M funds: the budget tab's lines
    Area.EVALUATION: ("acceptance",),
}
#: codes whose tabs are not their area's
CODE_TABS: dict[str, tuple[str, ...]] = {
    "PLAN-NOTLISTED": ("dossier", "budget"),  # about a plan line: the budget tab edits it
    "PLAN-UNAPPROVED": ("dossier", "budget"),
    "PLAN-ROLLING": ("dossier", "budget"),  # a list entry missing from the rolling plan
    "UNIT-BLOCKED": ("dossier", "acceptance"),  # bars new and upgrade projects, and O&M funds
}
#: findings with a date to keep (the deadlines tab lists them over all projects)
DATED_CODES = ("ACC-DUE", "PERF-WINDOW", "PERF-OVERDUE", "SUP-RECTIFY", "CON-DELAY")


def tabs_for(code: str) -> tuple[str, ...]:
    """The tabs whose findings pane lists findings of `code` (home tab first)."""
    tabs = CODE_TABS.get(code) or AREA_TABS[RULES[code].area]
    return (*tabs, "deadlines") if code in DATED_CODES else tabs


def home_tab(code: str) -> str:
    return tabs_for(code)[0]


def shown_on(tab: str, finding: Finding) -> bool:
    return tab in tabs_for(finding.code)
