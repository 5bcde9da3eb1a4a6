"""Every code of the catalogue: a case that fires and a close case that does not."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest

from app.rules.catalogue import CODES, RULES
from app.rules.engine import evaluate
from app.rules.facts import (
    AcceptanceResult,
    ApprovalStep,
    BudgetLineFacts,
    ChangeRecordFacts,
    Chapter,
    ConstructionType,
    Dataset,
    DocKind,
    DocStatus,
    DocumentFacts,
    EvaluationFacts,
    FrameworkElement,
    ListBasis,
    ListEntryFacts,
    PlanLineFacts,
    RectificationFacts,
    ReviewDepartment,
    RollingLineFacts,
    Sanction,
    SanctionArticle,
    Severity,
    Stage,
    UnitFacts,
)
from app.rules.findings import Finding

from .builders import (
    ALL_CHAPTERS,
    TODAY,
    WAN,
    compliant,
    doc,
    drop_doc,
    minor,
    missing_doc,
    project,
    set_doc,
    with_project,
)

BASE = compliant()
MINOR, MAJOR = 1, 2


def codes(data: Dataset, today: date = TODAY) -> dict[str, list[Finding]]:
    found: dict[str, list[Finding]] = {}
    for f in evaluate(data, today):
        if f.open:
            found.setdefault(f.code, []).append(f)
    return found


def test_compliant_base_has_only_information() -> None:
    severities = {f.severity for f in evaluate(BASE, TODAY)}
    assert severities == {Severity.INFO}


def replace_approval(data: Dataset, pid: int, step: ApprovalStep, **changes: object) -> Dataset:
    p = project(data, pid)
    approvals = tuple(replace(a, **changes) if a.step == step else a for a in p.approvals)  # type: ignore[arg-type]
    return with_project(data, pid, approvals=approvals)


def set_acceptance(data: Dataset, pid: int, **changes: object) -> Dataset:
    p = project(data, pid)
    return with_project(data, pid, acceptance=replace(p.acceptance, **changes))  # type: ignore[arg-type]


def in_approval(pid: int = MINOR, **changes: object) -> Dataset:
    """A project at stage S2: applied, not yet approved, nothing built."""
    base = BASE
    p = project(base, pid)
    approvals = tuple(replace(a, approved_on=None) for a in p.approvals)
    data = with_project(
        base, pid, stage=Stage.APPROVAL, approvals=approvals, completed_on=None,
        operation_start_on=None, acceptance=None, evaluations=(), contract_signed_on=None,
        construction_start_on=None, planned_completion_on=None,
    )  # fmt: skip
    return with_project(data, pid, **changes) if changes else data


def om_project(pid: int = 3, system: int | None = MINOR, **changes: object) -> Dataset:
    om = minor(
        pid, 1, name="城市运行监测预警平台运维", type=ConstructionType.OM, system_project_id=system,
        total_investment_yuan=80 * WAN, documents=(), approvals=(), acceptance=None, evaluations=(),
        list_entries=(ListEntryFacts(id=31, year=2026, basis=ListBasis.OM, consent_on=date(2025, 12, 1)),),
        completed_on=None, operation_start_on=None, contract_signed_on=None, construction_start_on=None,
        planned_completion_on=None, stage=Stage.PLANNED,
    )  # fmt: skip
    om = replace(om, **changes)  # type: ignore[arg-type]
    return replace(
        BASE,
        projects=(*BASE.projects, om),
        plan_lines=(*BASE.plan_lines, PlanLineFacts(900, pid, 2026, 80 * WAN)),
        budget_lines=(*BASE.budget_lines, BudgetLineFacts(900, pid, 2026, 80 * WAN)),
    )


def art12_complete(data: Dataset) -> Dataset:
    for kind in (
        DocKind.ENERGY_ASSESSMENT,
        DocKind.SITE_SELECTION,
        DocKind.LAND_PREEXAM,
        DocKind.EIA,
    ):
        data = set_doc(data, MINOR, doc(kind))
    return data


#: (code, dataset where it fires, close dataset where it does not, project to look at in the
#: close case — None for the whole dataset)
Case = (
    tuple[str, Callable[[], Dataset], Callable[[], Dataset]]
    | tuple[str, Callable[[], Dataset], Callable[[], Dataset], int]
)

CASES: list[Case] = [
    # ---------------------------------------------------------------- planning and list
    ("DOS-LIST",
     lambda: replace_approval(BASE, MINOR, ApprovalStep.ONE_STEP, applied_on=date(2023, 12, 28)),
     lambda: replace_approval(BASE, MINOR, ApprovalStep.ONE_STEP, applied_on=date(2024, 1, 2))),
    ("DOS-ART11",
     lambda: with_project(BASE, MINOR, list_entries=(ListEntryFacts(10, 2024, ListBasis.DISTRICT),
                                                     ListEntryFacts(11, 2025))),
     lambda: with_project(BASE, MINOR, list_entries=(ListEntryFacts(10, 2024, ListBasis.DISTRICT, consent_on=date(2024, 1, 5)),
                                                     ListEntryFacts(11, 2025)))),
    ("PLAN-NOTLISTED",
     lambda: with_project(BASE, MINOR, list_entries=(ListEntryFacts(10, 2024),)),
     lambda: BASE),
    ("PLAN-UNAPPROVED",
     lambda: replace_approval(BASE, MAJOR, ApprovalStep.DESIGN, approved_on=None),
     lambda: replace_approval(BASE, MAJOR, ApprovalStep.DESIGN, approved_on=date(2024, 6, 1))),
    ("PLAN-ROLLING",
     lambda: replace(BASE, rolling_lines=(RollingLineFacts(1, MAJOR, 2025, 2025, 1000 * WAN),)),
     lambda: replace(BASE, rolling_lines=(RollingLineFacts(1, MAJOR, 2025, 2025, 1000 * WAN),
                                          RollingLineFacts(2, MINOR, 2025, 2025, 800 * WAN)))),
    ("DOS-PERF",
     lambda: drop_doc(BASE, MINOR, DocKind.PERFORMANCE_TABLE),
     lambda: drop_doc(om_project(), 3, DocKind.PERFORMANCE_TABLE)),  # O&M is exempt
    # ---------------------------------------------------------------- dossier
    ("APV-PATH", lambda: BASE, lambda: om_project(), 3),
    ("DOS-FSR",
     lambda: drop_doc(in_approval(), MINOR, DocKind.FSR),
     lambda: drop_doc(with_project(in_approval(), MINOR, stage=Stage.LISTED, approvals=()), MINOR, DocKind.FSR)),
    ("DOS-ESTIMATE",
     lambda: drop_doc(in_approval(), MINOR, DocKind.FSR_ESTIMATE),
     lambda: drop_doc(in_approval(MAJOR), MAJOR, DocKind.DESIGN)),  # FSR of the major one not approved yet
    ("DOS-ORDER",
     lambda: set_doc(BASE, MAJOR, DocumentFacts(DocKind.DESIGN, submitted_on=date(2024, 2, 29), chapters=ALL_CHAPTERS)),
     lambda: set_doc(BASE, MAJOR, DocumentFacts(DocKind.DESIGN, submitted_on=date(2024, 3, 1), chapters=ALL_CHAPTERS))),
    *[
        (code,
         (lambda ch=chapter: set_doc(in_approval(), MINOR, doc(DocKind.FSR, chapters=ALL_CHAPTERS - {ch}))),
         (lambda ch=chapter: set_doc(in_approval(MAJOR), MAJOR, doc(DocKind.EVALUATION, opinions=ALL_CHAPTERS - {Chapter.SYSTEM_INTEGRATION}, chapters=ALL_CHAPTERS - {ch}))))
        for code, chapter in (
            ("DOS-CH-SYS", Chapter.SYSTEM_INTEGRATION),
            ("DOS-CH-DATA", Chapter.DATA_GOVERNANCE),
            ("DOS-CH-SHARE", Chapter.DATA_SHARING),
            ("DOS-CH-SEC", Chapter.CYBERSECURITY),
            ("DOS-CH-CRYPTO", Chapter.CRYPTO),
            ("DOS-CH-INTENSIVE", Chapter.INTENSIVE),
        )
    ],
    ("DOS-CH-REQUEST",
     lambda: set_doc(in_approval(), MINOR, doc(DocKind.REQUEST, chapters=ALL_CHAPTERS - {Chapter.INTENSIVE})),
     lambda: set_doc(in_approval(), MINOR, doc(DocKind.REQUEST, chapters=ALL_CHAPTERS))),
    ("DOS-SHARE-MECH",
     lambda: drop_doc(in_approval(), MINOR, DocKind.SHARE_FEEDBACK),
     lambda: set_doc(drop_doc(in_approval(), MINOR, DocKind.SHARE_FEEDBACK), MINOR,
                     DocumentFacts(DocKind.SHARE_FEEDBACK, status=DocStatus.NOT_APPLICABLE, na_reason="系统不使用共享数据"))),
    ("DOS-POSTEVAL",
     lambda: in_approval(type=ConstructionType.UPGRADE),
     lambda: in_approval(type=ConstructionType.NEW)),
    ("DOS-DATACAT",
     lambda: drop_doc(in_approval(), MINOR, DocKind.DATA_CATALOGUE),
     lambda: set_doc(in_approval(), MINOR, doc(DocKind.DATA_CATALOGUE, status=DocStatus.APPROVED))),
    ("DOS-CRYPTOPLAN",
     lambda: drop_doc(in_approval(), MINOR, DocKind.CRYPTO_PLAN),
     lambda: in_approval()),
    ("DOS-EVAL",
     lambda: set_doc(in_approval(), MINOR, doc(DocKind.EVALUATION, opinions=frozenset({Chapter.DATA_GOVERNANCE, Chapter.DATA_SHARING, Chapter.CYBERSECURITY, Chapter.CRYPTO}))),
     # the text does not ask the evaluation for an opinion on 系统整合
     lambda: set_doc(in_approval(), MINOR, doc(DocKind.EVALUATION, opinions=ALL_CHAPTERS - {Chapter.SYSTEM_INTEGRATION}))),
    ("DOS-SECPROD",
     lambda: drop_doc(in_approval(), MINOR, DocKind.SECURITY_PRODUCTS),
     lambda: in_approval()),
    ("DOS-FRAMEWORK",
     lambda: set_doc(in_approval(cross_department=True), MINOR,
                     doc(DocKind.FRAMEWORK, framework_elements=frozenset(FrameworkElement) - {FrameworkElement.INTERFACES})),
     lambda: set_doc(in_approval(cross_department=True), MINOR,
                     doc(DocKind.FRAMEWORK, framework_elements=frozenset(FrameworkElement)))),
    ("DOS-ART12",
     lambda: in_approval(new_civil_works=True),
     lambda: art12_complete(in_approval(new_civil_works=True)), MINOR),
    ("DOS-CLOUD",
     lambda: in_approval(on_gov_cloud=False),
     lambda: in_approval(on_gov_cloud=False, cloud_justification="涉及公安专网，按规定部署于专网机房")),
    ("APV-REVIEWERS",
     lambda: set_doc(in_approval(), MINOR, doc(DocKind.EVALUATION, opinions=ALL_CHAPTERS, review_departments=frozenset(ReviewDepartment) - {ReviewDepartment.SECRECY})),
     lambda: set_doc(in_approval(), MINOR, doc(DocKind.EVALUATION, opinions=ALL_CHAPTERS, review_departments=frozenset(ReviewDepartment)))),
    # ---------------------------------------------------------------- duplicates
    ("DUP-SIMILAR",
     lambda: compliant(minor(1, 1), minor(5, 3, name="江津区城市运行监测预警平台二期")),
     lambda: compliant(minor(1, 1), minor(5, 1, name="江津区城市运行监测预警平台二期"))),  # same unit, same year
    # ---------------------------------------------------------------- money trail
    ("EST-DEVIATION",
     lambda: with_project(BASE, MAJOR, proposed_budget_estimate_yuan=5500 * WAN + 1),
     lambda: with_project(BASE, MAJOR, proposed_budget_estimate_yuan=5500 * WAN)),
    ("EST-REDUCTION",
     lambda: with_project(BASE, MINOR, declared_yuan=2100 * WAN),
     lambda: with_project(BASE, MINOR, declared_yuan=2000 * WAN)),
    # ---------------------------------------------------------------- construction
    ("CON-RESP",
     lambda: with_project(BASE, MINOR, responsible_person=" "),
     lambda: with_project(in_approval(), MINOR, responsible_person="")),  # not approved yet
    ("CON-SUPERVISION",
     lambda: with_project(BASE, MINOR, stage=Stage.CONSTRUCTION, completed_on=None, supervision_unit="", type=ConstructionType.SERVICE),
     lambda: with_project(BASE, MINOR, stage=Stage.CONSTRUCTION, completed_on=None, supervision_unit="", type=ConstructionType.SERVICE,
                          supervision_na_reason="购买云资源租用服务，无建设内容，不适用工程监理")),
    ("CON-CHANGE",
     lambda: with_project(BASE, MINOR, total_investment_yuan=2100 * WAN, changes=(ChangeRecordFacts(date(2025, 1, 1), "增加接口", 2100 * WAN),)),
     lambda: with_project(BASE, MINOR, total_investment_yuan=2100 * WAN, changes=(ChangeRecordFacts(date(2025, 1, 1), "增加接口", 2100 * WAN, approved_on=date(2025, 1, 20)),))),
    ("CON-OVERRUN",
     lambda: with_project(BASE, MINOR, contract_yuan=2000 * WAN + 1),
     lambda: with_project(BASE, MINOR, contract_yuan=2000 * WAN, paid_yuan=2000 * WAN)),
    ("CON-PROCURE",
     lambda: with_project(BASE, MINOR, procurement_on=None),
     lambda: with_project(in_approval(), MINOR, procurement_method=None, procurement_on=None)),  # no contract yet
    ("CON-NOAPPROVAL",
     lambda: with_project(BASE, MINOR, contract_signed_on=date(2024, 4, 14)),
     lambda: with_project(BASE, MINOR, contract_signed_on=date(2024, 4, 15))),
    ("CON-DELAY",
     lambda: with_project(BASE, MINOR, completed_on=None, planned_completion_on=date(2026, 5, 24)),
     lambda: with_project(BASE, MINOR, completed_on=None, planned_completion_on=date(2026, 5, 25))),
    # ---------------------------------------------------------------- budget versus plan
    ("BUD-NOPLAN",
     lambda: replace(BASE, budget_lines=(*BASE.budget_lines, BudgetLineFacts(999, MINOR, 2026, 10 * WAN))),
     lambda: BASE),
    ("PLAN-NOBUDGET",
     lambda: replace(BASE, budget_lines=tuple(b for b in BASE.budget_lines if b.id != 100)),
     lambda: BASE),
    ("BUD-MISMATCH",
     lambda: replace(BASE, budget_lines=tuple(replace(b, amount_yuan=b.amount_yuan - 1) if b.id == 100 else b for b in BASE.budget_lines)),
     lambda: BASE),
    ("PLAN-OVERESTIMATE",
     lambda: replace(BASE, plan_lines=tuple(replace(p, amount_yuan=p.amount_yuan + 1) if p.id == 100 else p for p in BASE.plan_lines),
                     budget_lines=tuple(replace(b, amount_yuan=b.amount_yuan + 1) if b.id == 100 else b for b in BASE.budget_lines)),
     lambda: BASE),
    # ---------------------------------------------------------------- acceptance
    ("ACC-DUE",  # completed 31 Aug 2026 → due 28 Feb 2027... use a date that is overdue
     lambda: set_acceptance(with_project(BASE, MINOR, completed_on=date(2026, 5, 24)), MINOR, organized_on=None, accepted_on=None, result=None),
     lambda: set_acceptance(with_project(BASE, MINOR, completed_on=date(2026, 5, 24)), MINOR, organized_on=None, accepted_on=None, result=None, extension_requested_on=date(2026, 11, 1))),
    ("ACC-ORGANIZER", lambda: BASE, lambda: om_project(), 3),
    ("ACC-FILED",
     lambda: set_acceptance(BASE, MINOR, filed_on=None),
     lambda: set_acceptance(BASE, MAJOR, filed_on=None)),  # major: DRC organizes, no filing
    ("ACC-MAT-SUMMARY", lambda: missing_doc(BASE, MINOR, DocKind.ACC_SUMMARY),
     lambda: drop_doc(with_project(BASE, MINOR, completed_on=None, acceptance=None, stage=Stage.CONSTRUCTION, planned_completion_on=date(2026, 12, 31)), MINOR, DocKind.ACC_SUMMARY)),
    ("ACC-MAT-FINANCE", lambda: missing_doc(BASE, MINOR, DocKind.ACC_FINANCE), lambda: BASE),
    ("ACC-MAT-AUDIT", lambda: missing_doc(BASE, MINOR, DocKind.ACC_AUDIT), lambda: BASE),
    ("ACC-MAT-SECEVAL",
     lambda: missing_doc(with_project(BASE, MINOR, classified=True), MINOR, DocKind.ACC_CLASSIFIED_EVAL),  # 涉密: needs the secrecy evaluation
     lambda: drop_doc(BASE, MINOR, DocKind.ACC_CLASSIFIED_EVAL)),  # not 涉密: MLPS evaluation suffices
    ("ACC-MAT-MLPS",
     lambda: missing_doc(BASE, MINOR, DocKind.ACC_MLPS_FILING),
     lambda: set_doc(drop_doc(with_project(BASE, MINOR, classified=True), MINOR, DocKind.ACC_MLPS_FILING), MINOR, doc(DocKind.ACC_CLASSIFIED_EVAL))),
    ("ACC-MAT-CRYPTOEVAL", lambda: missing_doc(BASE, MINOR, DocKind.ACC_CRYPTO_EVAL), lambda: BASE),
    ("ACC-MAT-DICT", lambda: missing_doc(BASE, MINOR, DocKind.ACC_DATA_DICT), lambda: BASE),
    ("ACC-ARCHIVE",
     lambda: set_doc(BASE, MINOR, doc(DocKind.ARCHIVE_ACCEPTANCE, status=DocStatus.SUBMITTED)),
     lambda: set_doc(BASE, MINOR, doc(DocKind.ARCHIVE_ACCEPTANCE, status=DocStatus.APPROVED))),
    ("ACC-REVIEW", lambda: BASE, lambda: in_approval(), MINOR),
    # ---------------------------------------------------------------- O&M and units
    ("OM-NOACCEPT",
     lambda: set_acceptance(om_project(), MINOR, result=AcceptanceResult.FAILED),
     lambda: om_project()),
    ("OM-SECURITY",
     lambda: with_project(om_project(), MINOR, security_noncompliant=True),
     lambda: om_project()),
    ("OM-INTEGRATION",
     lambda: replace(om_project(), units=(UnitFacts(1, "区大数据发展局", (Sanction(SanctionArticle.ART29, date(2026, 3, 1)),)),)),
     lambda: replace(om_project(), units=(UnitFacts(1, "区大数据发展局", (Sanction(SanctionArticle.ART29, date(2026, 3, 1), lifted_on=date(2026, 11, 25)),)),))),
    ("OM-ASSESS",
     lambda: with_project(BASE, MINOR, mlps_assessed_on=date(2025, 11, 24)),
     lambda: with_project(BASE, MINOR, mlps_assessed_on=date(2025, 11, 25))),
    ("UNIT-BLOCKED",
     lambda: with_project(replace(BASE, units=(UnitFacts(1, "区大数据发展局", (Sanction(SanctionArticle.ART28, date(2026, 3, 1)),)),)), MINOR, completed_on=None, type=ConstructionType.UPGRADE),
     lambda: with_project(replace(BASE, units=(UnitFacts(1, "区大数据发展局", (Sanction(SanctionArticle.ART28, date(2026, 3, 1)),)),)), MINOR, completed_on=None, type=ConstructionType.CONTINUATION)),
    # ---------------------------------------------------------------- evaluation and supervision
    ("PERF-WINDOW",
     lambda: with_project(BASE, MINOR, evaluations=()),
     lambda: with_project(BASE, MINOR, evaluations=(), operation_start_on=date(2025, 11, 26))),  # opens tomorrow
    ("PERF-OVERDUE",
     lambda: set_acceptance(with_project(BASE, MINOR, evaluations=(), operation_start_on=date(2024, 11, 24)), MINOR, accepted_on=date(2024, 11, 1)),
     lambda: set_acceptance(with_project(BASE, MINOR, evaluations=(), operation_start_on=date(2024, 11, 25)), MINOR, accepted_on=date(2024, 11, 1))),
    ("PERF-USERS",
     lambda: with_project(BASE, MINOR, evaluations=(EvaluationFacts(1, date(2026, 10, 1), date(2026, 10, 2), date(2026, 10, 2), users_consulted=False),)),
     lambda: BASE),
    ("SUP-RECTIFY",
     lambda: replace(BASE, orders=(RectificationFacts(1, 1, date(2026, 9, 1), date(2026, 11, 24), MINOR, "补齐验收材料"),)),
     lambda: replace(BASE, orders=(RectificationFacts(1, 1, date(2026, 9, 1), date(2026, 11, 25), MINOR, "补齐验收材料"),))),
]  # fmt: skip


def test_every_code_has_a_case() -> None:
    assert sorted({case[0] for case in CASES}) == sorted(CODES)


@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
def test_code_fires_and_close_case_does_not(case: Case) -> None:
    code, fires, quiet = case[0], case[1], case[2]
    pid = case[3] if len(case) == 4 else None  # type: ignore[misc]
    fired = codes(fires())
    assert code in fired, f"{code} should fire; got {sorted(fired)}"
    for f in fired[code]:
        rule = RULES[code]
        assert f.severity in rule.severities
        # the catalogue's article, or for UNIT-BLOCKED the one of its articles applied
        assert f.article == rule.article or f.article in rule.article.split(", ")
        assert f.message_zh and f.message_en
    quiet_findings = codes(quiet()).get(code, [])
    if pid is not None:
        quiet_findings = [f for f in quiet_findings if f.project_id == pid]
    assert not quiet_findings, f"{code} should not fire on the close case"
