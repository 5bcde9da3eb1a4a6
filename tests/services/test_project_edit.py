"""Project service: validation names fields; codes unique and generated; delete cascades."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from app.models import Document, Project
from app.models.db import Store
from app.rules.facts import ApprovalStep, ConstructionType, ListBasis
from app.services.editing import Invalid
from app.services.project_edit import (
    ApprovalInput,
    ListEntryInput,
    ProjectInput,
    delete_project,
    load_project_input,
    save_project,
    validate,
)

TODAY = date(2026, 11, 25)


def base(**changes: object) -> ProjectInput:
    values: dict[str, object] = {
        "name": "江津区测试系统",
        "unit_id": 1,
        "type": ConstructionType.NEW,
        "total_investment_yuan": 1_000_000,
    }
    values.update(changes)
    return ProjectInput(**values)  # type: ignore[arg-type]


def test_validation_reports_every_field(demo_store: Store) -> None:
    value = base(
        name=" ", code="JJ-2026-001", total_investment_yuan=40_000_000, cross_department=True,
        declared_yuan=-1, system_project_id=3, responsible_person="张\x07三",
        approvals=(ApprovalInput(ApprovalStep.ONE_STEP, date(2026, 3, 2), date(2026, 3, 1)),),
        list_entries=(ListEntryInput(2026), ListEntryInput(2026, ListBasis.DISTRICT)),
    )  # fmt: skip
    with demo_store.read() as session:
        fields = {p.field for p in validate(session, value)}
    assert {"name", "code", "participant_unit_ids", "declared_yuan", "system_project_id",
            "responsible_person", "approvals[0]", "list_entries"} <= fields  # fmt: skip


def test_create_generates_a_code_and_round_trips(demo_store: Store) -> None:
    value = base(
        list_entries=(ListEntryInput(2026),),
        approvals=(ApprovalInput(ApprovalStep.ONE_STEP, date(2026, 4, 1)),),
    )
    with demo_store.write() as session:
        pid = save_project(session, value, today=TODAY)
    with demo_store.read() as session:
        loaded = load_project_input(session, pid)
        assert loaded.code.startswith("JJ-2026-")
        assert loaded.list_entries == value.list_entries and loaded.approvals == value.approvals
    with demo_store.write() as session, pytest.raises(Invalid):
        save_project(session, base(code=loaded.code), today=TODAY)


def test_delete_removes_children_and_refuses_maintained_systems(demo_store: Store) -> None:
    with demo_store.write() as session:
        system = session.scalar(select(Project.id).where(Project.name == "江津区电子政务外网"))
        with pytest.raises(Invalid):
            delete_project(session, system)  # type: ignore[arg-type]
        target = session.scalar(select(Project.id).where(Project.name == "江津区智慧养老服务平台"))
        delete_project(session, target)  # type: ignore[arg-type]
        assert (
            session.scalar(
                select(func.count()).select_from(Document).where(Document.project_id == target)
            )
            == 0
        )
