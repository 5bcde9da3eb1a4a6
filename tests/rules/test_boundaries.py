"""Boundaries the regulation draws: 3000 万元, the acceptance due day, month ends, terminations."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.rules.checklists import acceptance_checklist, dossier_checklist
from app.rules.dates import add_months, parse_iso_date
from app.rules.engine import evaluate
from app.rules.facts import (
    ConstructionType,
    Dismissal,
    DocKind,
    DocStatus,
    DocumentFacts,
    ProjectStatus,
    Severity,
    SubjectType,
)
from app.rules.money import MoneyError, format_wan, wan_to_yuan

from .builders import TODAY, compliant, minor, missing_doc, set_doc, with_project
from .test_engine import MINOR, codes, set_acceptance


def test_major_threshold_is_3000_wan_inclusive() -> None:
    assert not minor(total_investment_yuan=wan_to_yuan("2999.99")).is_major
    assert minor(total_investment_yuan=wan_to_yuan("3000.00")).is_major
    path = {
        f.project_id: f.details["two_step"]
        for f in evaluate(compliant(minor(1, total_investment_yuan=wan_to_yuan("2999.99")),
                                    minor(2, total_investment_yuan=wan_to_yuan("3000.00"))), TODAY)
        if f.code == "APV-PATH"
    }  # fmt: skip
    assert path == {1: False, 2: True}


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2023, 8, 31), 6) == date(2024, 2, 29)
    assert add_months(date(2026, 5, 25), 6) == date(2026, 11, 25)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 1, 1)), st.integers(0, 60))
def test_add_months_never_skips_a_month(day: date, months: int) -> None:
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day == day.day or (result.day < day.day and (result + timedelta(days=1)).day == 1)


def due_state(completed: date) -> Severity | None:
    data = set_acceptance(
        with_project(compliant(), MINOR, completed_on=completed), MINOR,
        organized_on=None, accepted_on=None, result=None,
    )  # fmt: skip
    found = [f for f in codes(data).get("ACC-DUE", []) if f.project_id == MINOR]
    return found[0].severity if found else None


def test_acceptance_due_day_itself_is_a_warning_the_day_after_an_error() -> None:
    assert due_state(date(2026, 5, 25)) == Severity.WARNING  # due 2026-11-25 = today
    assert due_state(date(2026, 5, 24)) == Severity.ERROR  # due yesterday
    assert due_state(date(2026, 6, 25)) == Severity.WARNING  # 30 days left
    assert due_state(date(2026, 6, 26)) is None  # 31 days left


def test_acceptance_due_from_31_august_is_end_of_february() -> None:
    data = set_acceptance(
        with_project(compliant(), MINOR, completed_on=date(2026, 8, 31)), MINOR,
        organized_on=None, accepted_on=None, result=None,
    )  # fmt: skip
    assert (
        next(f for f in codes(data, date(2027, 2, 28))["ACC-DUE"] if f.project_id == MINOR).severity
        == Severity.WARNING
    )
    assert (
        next(f for f in codes(data, date(2027, 3, 1))["ACC-DUE"] if f.project_id == MINOR).severity
        == Severity.ERROR
    )
    assert "ACC-DUE" not in codes(data, date(2027, 1, 28))  # fmt: skip


def test_art12_error_only_for_civil_works_or_high_energy() -> None:
    from .test_engine import in_approval

    plain = [
        f for f in evaluate(in_approval(), TODAY) if f.code == "DOS-ART12" and f.project_id == MINOR
    ]
    assert [f.severity for f in plain] == [Severity.INFO]
    energy = [
        f
        for f in evaluate(in_approval(high_energy=True), TODAY)
        if f.code == "DOS-ART12" and f.project_id == MINOR
    ]
    assert [f.item for f in energy] == ["energy_assessment"]  # high energy lifts 节能评估 only
    works = [
        f
        for f in evaluate(in_approval(new_civil_works=True), TODAY)
        if f.code == "DOS-ART12" and f.project_id == MINOR
    ]
    assert sorted(f.item or "" for f in works) == sorted(
        ["energy_assessment", "site_selection", "land_preexam", "eia"]
    )
    assert {f.severity for f in energy + works} == {Severity.ERROR}  # fmt: skip


def test_terminated_project_findings_are_kept_but_not_open() -> None:
    data = with_project(
        missing_doc(compliant(), MINOR, DocKind.ACC_AUDIT), MINOR, status=ProjectStatus.TERMINATED
    )
    audit = [f for f in evaluate(data, TODAY) if f.code == "ACC-MAT-AUDIT"]
    assert len(audit) == 1 and not audit[0].open  # fmt: skip


def test_dismissed_duplicate_is_closed_with_its_reason() -> None:
    data = compliant(minor(1, 1), minor(5, 3, name="江津区城市运行监测预警平台二期"))
    dup = next(f for f in evaluate(data, TODAY) if f.code == "DUP-SIMILAR" and f.project_id == 1)
    assert dup.dismissal_key == "project:5"
    assert any("监测预警" in term for term in dup.details["terms"])
    dismissed = data.__class__(**{**{k: getattr(data, k) for k in data.__slots__}, "dismissals": (
        Dismissal("DUP-SIMILAR", SubjectType.PROJECT, 1, "project:5", "二期为一期扩容，已论证"),)})  # fmt: skip
    again = next(
        f for f in evaluate(dismissed, TODAY) if f.code == "DUP-SIMILAR" and f.project_id == 1
    )
    assert not again.open and again.dismissed_reason == "二期为一期扩容，已论证"


def test_money_parsing_is_exact() -> None:
    assert wan_to_yuan("0.0001") == 1
    assert wan_to_yuan("1,234.5678") == 12_345_678
    assert format_wan(29_999_950) == "3,000.00"  # half up, for display only
    for bad in ("0.00001", "-1", "abc", "nan", "inf"):
        with pytest.raises(MoneyError):
            wan_to_yuan(bad)
    with pytest.raises(MoneyError):
        wan_to_yuan(1.5)  # type: ignore[arg-type]


def test_iso_dates_are_strict() -> None:
    assert parse_iso_date("2026-02-28") == date(2026, 2, 28)
    for bad in ("2026-02-30", "2026/02/28", "28.02.2026", "2026-2-8"):
        with pytest.raises(ValueError):
            parse_iso_date(bad)


# --------------------------------------------------------------------------- checklists


def items(project: object) -> dict[str, object]:
    return {i.key: i for i in dossier_checklist(project)}  # type: ignore[arg-type]


def test_dossier_checklist_follows_the_path() -> None:
    small = {i.key: i for i in dossier_checklist(minor())}
    big = {i.key: i for i in dossier_checklist(minor(total_investment_yuan=wan_to_yuan("3000")))}
    assert small["fsr_estimate"].applicable and not small["design"].applicable
    assert "3000" in small["design"].reason_zh
    assert big["design"].applicable and not big["fsr_estimate"].applicable
    assert big["design"].status == DocStatus.MISSING  # minor() has no design document
    assert {k for k in small if k.startswith("fsr.ch.")} == {
        f"fsr.ch.{c}" for c in ("sys", "data", "share", "sec", "crypto", "intensive")
    }
    assert {k for k in small if k.startswith("evaluation.op.")} == {f"evaluation.op.{c}" for c in ("data", "share", "sec", "crypto", "intensive")}  # fmt: skip


def test_checklist_reasons_for_not_applicable_items() -> None:
    plain = {i.key: i for i in dossier_checklist(minor())}
    assert (
        not plain["energy_assessment"].applicable
        and "第十二条" in plain["energy_assessment"].reason_zh
    )
    assert (
        not plain["post_evaluation"].applicable and "非改扩建" in plain["post_evaluation"].reason_zh
    )
    assert not plain["framework"].applicable
    upgrade = {
        i.key: i
        for i in dossier_checklist(minor(type=ConstructionType.UPGRADE, new_civil_works=True))
    }
    assert (
        upgrade["post_evaluation"].applicable
        and upgrade["post_evaluation"].status == DocStatus.MISSING
    )
    assert upgrade["eia"].applicable and upgrade["eia"].status == DocStatus.MISSING  # fmt: skip


def test_not_applicable_without_reason_is_still_missing() -> None:
    p = minor()
    no_reason = set_doc(
        compliant(p), 1, DocumentFacts(DocKind.SHARE_FEEDBACK, status=DocStatus.NOT_APPLICABLE)
    ).projects[0]
    with_reason = set_doc(
        compliant(p),
        1,
        DocumentFacts(
            DocKind.SHARE_FEEDBACK, status=DocStatus.NOT_APPLICABLE, na_reason="不使用共享数据"
        ),
    ).projects[0]
    assert items(no_reason)["share_feedback"].status == DocStatus.MISSING  # type: ignore[attr-defined]
    assert items(with_reason)["share_feedback"].status == DocStatus.NOT_APPLICABLE  # type: ignore[attr-defined]  # fmt: skip


def test_acceptance_checklist_switches_security_items_when_classified() -> None:
    open_items = {i.key: i for i in acceptance_checklist(minor())}
    secret_items = {i.key: i for i in acceptance_checklist(minor(classified=True))}
    assert (
        open_items["acc_mlps_eval"].applicable and not open_items["acc_classified_eval"].applicable
    )
    assert (
        secret_items["acc_classified_eval"].applicable
        and not secret_items["acc_mlps_eval"].applicable
    )
    assert not secret_items["acc_mlps_filing"].applicable
    assert secret_items["acc_classified_eval"].status == DocStatus.MISSING  # fmt: skip


def test_om_project_checklists_are_not_applicable() -> None:
    om = minor(type=ConstructionType.OM)
    dossier = [i for i in dossier_checklist(om) if i.key not in ("list", "art11")]
    assert all(not i.applicable and i.reason_zh for i in dossier)
    assert all(not i.applicable for i in acceptance_checklist(om))


def test_applicable_items_carry_no_not_applicable_reason() -> None:
    for item in [*dossier_checklist(minor()), *acceptance_checklist(minor())]:
        if item.applicable:
            assert not item.reason_zh or item.status == DocStatus.NOT_APPLICABLE, item.key
