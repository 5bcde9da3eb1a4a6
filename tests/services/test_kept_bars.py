"""A unit's Art 28/29 bar: a restriction flag set, moved or lifted brings the findings that read
the bar up to date without evaluating the unit's projects whole (app/services/kept_bars.py),
and leaves none stale.

The random steps of test_kept_property.py make the same changes among others; here each is
made on purpose and its outcome checked.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from app.models import FindingDismissal, OMRequest, Project, UnitSanction
from app.rules.facts import ConstructionType, ProjectStatus, SanctionArticle
from app.rules.findings import Finding
from app.services import kept, kept_view
from app.services.snapshot import evaluate_store

pytestmark = pytest.mark.sqlite_only
TODAY = date(2026, 11, 25)


def _assert_kept_equals_full(store: Any) -> list[Finding]:
    """Kept findings and every project's kept counts as a full evaluation gives them."""
    full = evaluate_store(store, TODAY)
    with store.read() as session:
        assert kept_view.findings(session) == full
        assert kept_view.counts(session) == kept_view.ListView(full).counts()
    return full


def _under_construction(store: Any) -> tuple[int, int, int]:
    """(unit, first, second): two new projects of a unit under construction (so a bar of their
    unit concerns them), in a unit no project of which is flagged."""
    p = Project.__table__.c
    with store.read() as session:
        flagged = set(
            session.scalars(
                select(p.unit_id).where(p.integration_pending.is_(True) | p.security_noncompliant.is_(True))
            )
        )  # fmt: skip
        sanctioned = set(session.scalars(select(UnitSanction.unit_id)))
        rows = session.execute(
            select(p.unit_id, p.id)
            .where(p.type == ConstructionType.NEW.value, p.status == ProjectStatus.ACTIVE.value)
            .where(p.completed_on.is_(None))
            .order_by(p.unit_id, p.id)
        ).all()
    by_unit: dict[int, list[int]] = defaultdict(list)
    for unit_id, pid in rows:
        if unit_id not in flagged | sanctioned:
            by_unit[unit_id].append(pid)
    unit_id, ids = next((u, ids) for u, ids in sorted(by_unit.items()) if len(ids) >= 2)
    return unit_id, ids[0], ids[1]


def _set(store: Any, pid: int, **values: Any) -> None:
    with store.write() as session:
        project = session.get(Project, pid)
        assert project is not None
        for name, value in values.items():
            setattr(project, name, value)


def _blocked(full: list[Finding], pid: int) -> list[Finding]:
    return [f for f in full if f.code == "UNIT-BLOCKED" and f.project_id == pid]


def test_a_restriction_flag_brings_its_units_findings_up_to_date_without_evaluating_it_whole(
    demo_store: Any,
) -> None:
    kept.refresh(demo_store, TODAY)
    unit_id, first, second = _under_construction(demo_store)
    with demo_store.read() as session:
        in_unit = session.scalar(select(func.count()).select_from(Project).where(Project.unit_id == unit_id))  # fmt: skip
        second_name = session.get(Project, second).name

    # a bar created: the unit's other new projects get UNIT-BLOCKED (Art 29 warning)
    _set(demo_store, second, integration_pending=True)
    refreshed = kept.refresh(demo_store, TODAY)
    assert not refreshed.full and refreshed.evaluated <= 3  # the flagged project (and its readers)
    assert refreshed.bar_owners >= in_unit - 1 and first in refreshed.changed
    full = _assert_kept_equals_full(demo_store)
    assert [f.dismissal_key for f in _blocked(full, first)] == ["29"]
    assert second_name in _blocked(full, first)[0].message_zh
    assert _blocked(full, second) == []  # its own flag does not bar the project itself

    # its holder renamed: the message names the new name, no finding keeps the old one
    _set(demo_store, second, name="江津区受限系统（更名）")
    kept.refresh(demo_store, TODAY)
    full = _assert_kept_equals_full(demo_store)
    assert "江津区受限系统（更名）" in _blocked(full, first)[0].message_zh

    # a second bar, of the other article, held by the other project: each bars the other
    _set(demo_store, first, security_noncompliant=True)
    refreshed = kept.refresh(demo_store, TODAY)
    assert refreshed.evaluated <= 3 and second in refreshed.changed
    full = _assert_kept_equals_full(demo_store)
    assert [f.dismissal_key for f in _blocked(full, second)] == ["28"]

    # both lifted: no UNIT-BLOCKED is left in the unit, the counts are back
    _set(demo_store, second, integration_pending=False)
    _set(demo_store, first, security_noncompliant=False)
    refreshed = kept.refresh(demo_store, TODAY)
    assert refreshed.evaluated <= 4 and refreshed.bar_owners >= in_unit - 2
    full = _assert_kept_equals_full(demo_store)
    with demo_store.read() as session:
        unit_projects = set(session.scalars(select(Project.id).where(Project.unit_id == unit_id)))
    assert not [f for f in full if f.code == "UNIT-BLOCKED" and f.project_id in unit_projects]


def test_a_bar_moved_to_another_unit_or_ended_by_termination_leaves_no_stale_finding(
    demo_store: Any,
) -> None:
    kept.refresh(demo_store, TODAY)
    unit_id, first, second = _under_construction(demo_store)
    _set(demo_store, second, security_noncompliant=True)
    kept.refresh(demo_store, TODAY)
    blocked = _blocked(_assert_kept_equals_full(demo_store), first)
    assert [f.dismissal_key for f in blocked] == ["28"]
    with demo_store.read() as session:
        elsewhere = session.scalar(select(Project.unit_id).where(Project.unit_id != unit_id).order_by(Project.id))  # fmt: skip
    _set(demo_store, second, unit_id=elsewhere)  # the flagged project moves: the bar with it
    kept.refresh(demo_store, TODAY)
    assert _blocked(_assert_kept_equals_full(demo_store), first) == []
    _set(demo_store, second, unit_id=unit_id)
    kept.refresh(demo_store, TODAY)
    assert _blocked(_assert_kept_equals_full(demo_store), first) != []
    _set(demo_store, second, status=ProjectStatus.TERMINATED)  # a terminated system bars nobody
    kept.refresh(demo_store, TODAY)
    assert _blocked(_assert_kept_equals_full(demo_store), first) == []


def test_the_bar_rules_on_the_bar_columns_give_what_a_full_evaluation_gives(
    demo_store: Any,
) -> None:
    """`bar_findings` reads seven columns of each project (the others are unset, so a bar rule
    reading more raises): the same findings as the full evaluation, with O&M claims under an
    Art 29 bar, an active sanction that comes before a flagged system, and a dismissal."""
    from app.services.kept_bars import bar_findings

    _unit, first, second = _under_construction(demo_store)
    with demo_store.write() as session:
        om_unit = session.scalar(select(OMRequest.unit_id).order_by(OMRequest.id))
        assert om_unit is not None
        holder = session.scalar(select(Project).where(Project.unit_id == om_unit).order_by(Project.id))  # fmt: skip
        assert holder is not None
        holder.integration_pending = True  # the O&M requests for its unit: OM-INTEGRATION
        session.get(Project, second).security_noncompliant = True
        session.add(UnitSanction(unit_id=holder.unit_id, article=SanctionArticle.ART28, imposed_on=TODAY - timedelta(days=30)))  # fmt: skip
        session.add(FindingDismissal(code="UNIT-BLOCKED", subject_type="project", subject_id=first, key="28", reason="已核实"))  # fmt: skip
    full = evaluate_store(demo_store, TODAY)
    from app.rules.engine import BAR_CODES

    expected: dict[int, list[Finding]] = defaultdict(list)
    for f in full:
        if f.code in BAR_CODES and f.project_id is not None:
            expected[f.project_id].append(f)
    codes = {f.code for found in expected.values() for f in found}
    assert codes == BAR_CODES  # both rules have findings to compare
    assert any(not f.open for f in expected[first])  # the dismissal is in them
    assert any(f.details.get("reason", "").startswith("sanction:") for found in expected.values() for f in found)  # fmt: skip
    with demo_store.read() as session:
        ids = list(session.scalars(select(Project.id)))
        found = bar_findings(session, ids, TODAY)
    assert {pid: fs for pid, fs in found.items() if fs} == dict(expected)
