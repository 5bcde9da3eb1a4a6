"""The services under the second reading (issue 17): 不适用 refused for the 必备条件 and the
acceptance materials, a minor project's two steps accepted, change records with their approval,
the new project fields and the rule settings stored."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from app.models import Document
from app.models.db import Store
from app.models.roles import PermissionDenied
from app.rules.checklists import NEVER_NOT_APPLICABLE
from app.rules.facts import ApprovalStep, DocKind, DocStatus, ProcurementMethod
from app.services.editing import DocumentInput, Invalid, set_document
from app.services.project_edit import (
    ApprovalInput,
    ChangeInput,
    load_project_input,
    save_project,
    validate,
)
from app.services.rule_settings import load_rule_settings, set_rule_setting
from app.services.snapshot import read_dataset, read_project

from .test_project_edit import TODAY, base


@pytest.mark.parametrize("kind", sorted(NEVER_NOT_APPLICABLE, key=str))
def test_not_applicable_is_refused_for_prerequisites_and_acceptance_materials(
    demo_store: Store, kind: DocKind
) -> None:
    with demo_store.write() as session, pytest.raises(Invalid) as info:
        set_document(session, 1, kind, DocumentInput(DocStatus.NOT_APPLICABLE, na_reason="不需要"))
    assert info.value.field == "status"
    article = {DocKind.DATA_CATALOGUE: "第十四条", DocKind.CRYPTO_PLAN: "第十四条",
               DocKind.ARCHIVE_ACCEPTANCE: "第二十六条"}.get(kind, "第二十五条")  # fmt: skip
    assert article in info.value.message_zh and "Art" in info.value.message_en
    with demo_store.read() as session:
        stored = session.scalar(select(Document).where(Document.project_id == 1, Document.kind == kind))  # fmt: skip
        assert stored is None or stored.status != DocStatus.NOT_APPLICABLE


def test_not_applicable_stays_possible_where_the_text_allows_it(demo_store: Store) -> None:
    with demo_store.write() as session:
        set_document(session, 1, DocKind.SHARE_FEEDBACK,
                     DocumentInput(DocStatus.NOT_APPLICABLE, na_reason="系统不使用共享数据"))  # fmt: skip
        set_document(session, 1, DocKind.EIA, DocumentInput(DocStatus.NOT_APPLICABLE, na_reason="名录豁免"))  # fmt: skip


def test_a_minor_project_may_record_two_steps_but_not_both_paths(demo_store: Store) -> None:
    two = base(approvals=(ApprovalInput(ApprovalStep.FSR, date(2026, 2, 1), date(2026, 3, 1)),
                          ApprovalInput(ApprovalStep.DESIGN, date(2026, 3, 5), date(2026, 4, 1))))  # fmt: skip
    both = base(approvals=(ApprovalInput(ApprovalStep.ONE_STEP, date(2026, 2, 1)),
                           ApprovalInput(ApprovalStep.FSR, date(2026, 2, 1))))  # fmt: skip
    with demo_store.read() as session:
        assert validate(session, two) == []
        problems = validate(session, both)
    assert [p.field for p in problems] == ["approvals[0]"] and "不能并存" in problems[0].message_zh
    with demo_store.write() as session:
        pid = save_project(session, two, today=TODAY)
    facts = read_project(demo_store, pid)[0]
    assert facts is not None and facts.approval(ApprovalStep.DESIGN) is not None


def test_project_fields_and_change_records_round_trip(demo_store: Store) -> None:
    value = base(
        on_gov_cloud=None, supervision_na_reason="纯服务采购", procurement_method=ProcurementMethod.INQUIRY,
        procurement_on=date(2026, 5, 1), contract_signed_on=date(2026, 5, 10),
        mlps_assessed_on=date(2026, 6, 1), crypto_assessed_on=date(2026, 6, 2),
        changes=(ChangeInput(date(2026, 7, 1), "增加接口", 1_100_000, date(2026, 7, 9), "江津发改投〔2026〕9号"),),
    )  # fmt: skip
    with demo_store.write() as session:
        pid = save_project(session, value, today=TODAY)
    with demo_store.read() as session:
        assert load_project_input(session, pid) == replace(
            value, code=load_project_input(session, pid).code
        )
    facts = read_project(demo_store, pid)[0]
    assert facts is not None and facts.on_gov_cloud is None and facts.changes[0].approved
    late = base(procurement_on=date(2026, 5, 11), contract_signed_on=date(2026, 5, 10))
    with demo_store.read() as session:
        assert [p.field for p in validate(session, late)] == ["procurement_on"]


def test_rule_settings_are_stored_checked_and_read_by_the_engine(demo_store: Store) -> None:
    with demo_store.read() as session:
        assert load_rule_settings(session) == {
            "assessment_period_months": 12,
            "delay_grace_months": 6,
        }
    with demo_store.write() as session:
        set_rule_setting(session, "assessment_period_months", 24)
        with pytest.raises(Invalid):
            set_rule_setting(session, "assessment_period_months", 0)
        with pytest.raises(Invalid):
            set_rule_setting(session, "no_such_setting", 3)
    assert read_dataset(demo_store).settings.assessment_period_months == 24


def test_a_reviewer_cannot_change_the_settings(demo_db: object) -> None:
    from app.models.db import open_store

    store = open_store(str(demo_db), role="reviewer")
    try:
        with store.write() as session, pytest.raises(PermissionDenied):
            set_rule_setting(session, "assessment_period_months", 24)
    finally:
        store.close()


def test_the_expert_opinion_of_a_minor_two_step_project_reads_its_design_approval(
    demo_store: Store,
) -> None:
    from app.models import Project
    from app.services.opinions import opinion_data

    with demo_store.read() as session:
        pid = session.scalar(select(Project.id).where(Project.name == "江津区劳动保障监察信息系统"))
    assert pid is not None
    data = opinion_data(demo_store, pid, "expert", today=TODAY)
    assert data.request_title.endswith("初步设计及概算的请示")  # the design step's request
    assert data.number.startswith("江津发改投")  # the design approval's 文号


def test_settings_command_shows_and_sets_and_check_follows(demo_db: object, capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    import json

    from app.cli import main

    db = str(demo_db)
    assert main(["settings", "--db", db]) == 0
    assert "assessment_period_months = 12" in capsys.readouterr().out

    def stale() -> int:
        assert main(["check", "--db", db, "--today", "2026-11-25", "--json"]) == 0
        found = json.loads(capsys.readouterr().out)
        rows = found["findings"] if isinstance(found, dict) else found
        return sum(1 for f in rows if f["code"] == "OM-ASSESS")

    assert stale() == 1  # 人口基础信息库: 密评 15 months ago
    assert main(["settings", "--db", db, "--set", "assessment_period_months=24"]) == 0
    assert "assessment_period_months = 24" in capsys.readouterr().out
    assert stale() == 0
