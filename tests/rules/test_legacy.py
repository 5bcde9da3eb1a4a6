"""A project approved before its dossier was recorded (brought in from a ledger) is not refused
approval again: a dossier document never recorded reads as a gap in the record once the final
approval is on record; a document recorded as 缺 (or without its chapters) still fires."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from app.rules.engine import acceptance_passed, evaluate
from app.rules.facts import (
    AcceptanceResult,
    ApprovalFacts,
    ApprovalStep,
    Chapter,
    Dataset,
    DocKind,
    DocStatus,
    DocumentFacts,
    Severity,
    Stage,
)

from .builders import TODAY, WAN, compliant, doc, major, minor

DOSSIER_CODES_PREFIX = "DOS-"


def legacy(project_id: int = 1, **changes: object) -> Dataset:
    """A minor project approved in 2021, built, with no dossier or acceptance record at all."""
    p = minor(
        project_id, 1, documents=(), acceptance=None, evaluations=(), completed_on=None,
        operation_start_on=None, stage=Stage.CONSTRUCTION, planned_completion_on=date(2027, 6, 30),
        approvals=(ApprovalFacts(ApprovalStep.ONE_STEP, None, date(2021, 5, 10), 800 * WAN,
                                 "江津发改〔2021〕12号"),),
        total_investment_yuan=800 * WAN, declared_yuan=None, reviewed_yuan=None, estimate_yuan=None,
    )  # fmt: skip
    p = replace(p, **changes)  # type: ignore[arg-type]
    return compliant(p)


def open_codes(data: Dataset) -> dict[str, list[Severity]]:
    found: dict[str, list[Severity]] = {}
    for f in evaluate(data, TODAY):
        if f.open:
            found.setdefault(f.code, []).append(f.severity)
    return found


def test_approved_project_without_dossier_records_has_no_dossier_blocker_or_error() -> None:
    found = open_codes(legacy())
    dossier = {c: s for c, s in found.items() if c.startswith(DOSSIER_CODES_PREFIX)}
    # DOS-PERF guards the annual plan, not the approval: it is not part of this decision
    dossier.pop("DOS-PERF", None)
    assert all(s == [Severity.INFO] for s in dossier.values()), dossier
    assert Severity.BLOCKER not in {s for sev in found.values() for s in sev}


def test_the_same_project_before_its_approval_is_refused() -> None:
    data = legacy(approvals=(ApprovalFacts(ApprovalStep.ONE_STEP, date(2021, 3, 1), None),),
                  stage=Stage.APPROVAL)  # fmt: skip
    found = open_codes(data)
    for code in ("DOS-FSR", "DOS-ESTIMATE", "DOS-DATACAT", "DOS-CRYPTOPLAN", "DOS-SECPROD",
                 "DOS-SHARE-MECH", "DOS-EVAL"):  # fmt: skip
        assert code in found, code
    assert found["DOS-DATACAT"] == [Severity.BLOCKER]


def test_a_document_recorded_as_missing_still_fires_after_approval() -> None:
    data = legacy(documents=(DocumentFacts(DocKind.DATA_CATALOGUE, status=DocStatus.MISSING),))
    found = open_codes(data)
    assert found.get("DOS-DATACAT") == [Severity.BLOCKER]
    assert "DOS-CRYPTOPLAN" not in found  # never recorded: a gap in the record


def test_a_recorded_document_is_still_checked_for_its_chapters() -> None:
    data = legacy(documents=(doc(DocKind.FSR, chapters=frozenset(Chapter) - {Chapter.CRYPTO}),))
    found = open_codes(data)
    assert "DOS-CH-CRYPTO" in found
    assert "DOS-FSR" not in found


def test_art12_documents_unrecorded_after_approval_do_not_fire() -> None:
    assert "DOS-ART12" not in {
        c for c, s in open_codes(legacy(new_civil_works=True)).items() if Severity.ERROR in s
    }
    recorded = legacy(new_civil_works=True,
                      documents=(DocumentFacts(DocKind.EIA, status=DocStatus.MISSING),))  # fmt: skip
    assert Severity.ERROR in open_codes(recorded)["DOS-ART12"]


def test_major_project_with_only_its_final_approval_recorded() -> None:
    p = major(
        2, 2, documents=(), acceptance=None, evaluations=(), completed_on=None,
        operation_start_on=None, stage=Stage.CONSTRUCTION, planned_completion_on=date(2027, 6, 30),
        approvals=(ApprovalFacts(ApprovalStep.DESIGN, None, date(2020, 9, 1), 5000 * WAN),),
    )  # fmt: skip
    found = open_codes(compliant(p))
    assert "DOS-ORDER" not in found  # the FSR step is simply not recorded
    assert not [c for c, s in found.items() if c.startswith("DOS-") and Severity.ERROR in s
                and c != "DOS-PERF"]  # fmt: skip
    # the design step recorded without the FSR's approval while the FSR step is recorded: fires
    p2 = replace(p, approvals=(ApprovalFacts(ApprovalStep.FSR, date(2020, 1, 1), None),
                               *p.approvals))  # fmt: skip
    assert "DOS-ORDER" in open_codes(compliant(p2))


def test_five_hundred_legacy_projects_show_no_blocker() -> None:
    projects = [
        replace(legacy(pid).projects[0], id=pid, name=f"历史项目{pid}", list_entries=())
        for pid in range(1, 501)
    ]
    data = replace(compliant(*projects), plan_lines=(), budget_lines=())
    blockers = [f for f in evaluate(data, TODAY) if f.open and f.severity == Severity.BLOCKER]
    assert blockers == []


# --------------------------------------------------------------------------- the acceptance
# The same reading for the acceptance (Art 25 materials 「提交验收申请时」, Art 26 「未进行档案验收…
# 不得通过项目竣工验收」): once the completion acceptance is recorded as passed, a material or the
# archive acceptance never recorded is a gap in the record (a system accepted before ReviewDesk,
# brought in from a ledger); one recorded as 缺 / not passed / dated after still fires.

ACCEPTANCE_DOCS = {
    DocKind.ACC_SUMMARY, DocKind.ACC_FINANCE, DocKind.ACC_AUDIT, DocKind.ACC_MLPS_EVAL,
    DocKind.ACC_MLPS_FILING, DocKind.ACC_CRYPTO_EVAL, DocKind.ACC_DATA_DICT,
    DocKind.ARCHIVE_ACCEPTANCE, DocKind.ACC_CLASSIFIED_EVAL,
}  # fmt: skip


def accepted_from_a_ledger(*recorded: DocumentFacts, result: AcceptanceResult | None = AcceptanceResult.PASSED) -> Dataset:  # fmt: skip
    """The MINOR system of the engine's base data accepted in 2024 with no acceptance document
    recorded (what the ledger import makes), and an O&M claim for it."""
    from .test_engine import MINOR, om_project, set_acceptance

    data = om_project()
    p = next(p for p in data.projects if p.id == MINOR)
    docs = tuple(d for d in p.documents if d.kind not in ACCEPTANCE_DOCS) + recorded
    data = replace(data, projects=tuple(replace(q, documents=docs) if q.id == MINOR else q for q in data.projects))  # fmt: skip
    return set_acceptance(data, MINOR, result=result)


def test_an_acceptance_from_a_ledger_without_its_documents_is_passed() -> None:
    found = open_codes(accepted_from_a_ledger())
    assert not [c for c in found if c.startswith("ACC-MAT-") or c == "ACC-ARCHIVE"], found
    assert "OM-NOACCEPT" not in found  # the O&M funds follow the recorded acceptance (Art 25)
    system = next(p for p in accepted_from_a_ledger().projects if p.id == 1)
    assert acceptance_passed(system)  # for the performance clock too (Art 27)


def test_an_archive_acceptance_recorded_as_not_passed_still_bars_it() -> None:
    submitted = DocumentFacts(DocKind.ARCHIVE_ACCEPTANCE, status=DocStatus.SUBMITTED)
    found = open_codes(accepted_from_a_ledger(submitted))
    assert found.get("ACC-ARCHIVE") == [Severity.BLOCKER]
    assert set(found["OM-NOACCEPT"]) == {Severity.BLOCKER}  # point 7 of the second reading holds


def test_a_material_recorded_as_missing_still_fires_after_the_acceptance() -> None:
    found = open_codes(accepted_from_a_ledger(DocumentFacts(DocKind.ACC_AUDIT, status=DocStatus.MISSING)))  # fmt: skip
    assert "ACC-MAT-AUDIT" in found and "ACC-MAT-FINANCE" not in found


def test_before_a_passed_result_unrecorded_materials_fire() -> None:
    found = open_codes(accepted_from_a_ledger(result=AcceptanceResult.FAILED))
    assert "ACC-MAT-AUDIT" in found and found.get("ACC-ARCHIVE") == [Severity.BLOCKER]
    assert "OM-NOACCEPT" in found
