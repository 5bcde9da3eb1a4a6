"""A compliant dataset to mutate: one minor and one major project that break no rule."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from app.rules.facts import (
    AcceptanceFacts,
    AcceptanceResult,
    ApprovalFacts,
    ApprovalStep,
    BudgetLineFacts,
    Chapter,
    ConstructionType,
    Dataset,
    DocKind,
    DocStatus,
    DocumentFacts,
    EvaluationFacts,
    EvaluationMethod,
    FrameworkElement,
    ListEntryFacts,
    Organizer,
    PlanLineFacts,
    ProcurementMethod,
    ProjectFacts,
    ReviewDepartment,
    Stage,
    UnitFacts,
)

TODAY = date(2026, 11, 25)
WAN = 10_000
ALL_CHAPTERS = frozenset(Chapter)

DOSSIER_KINDS = (
    DocKind.DATA_CATALOGUE,
    DocKind.CRYPTO_PLAN,
    DocKind.SECURITY_PRODUCTS,
    DocKind.SHARE_MECHANISM,
    DocKind.SHARE_FEEDBACK,
    DocKind.PERFORMANCE_TABLE,
    DocKind.ACC_SUMMARY,
    DocKind.ACC_FINANCE,
    DocKind.ACC_AUDIT,
    DocKind.ACC_MLPS_EVAL,
    DocKind.ACC_MLPS_FILING,
    DocKind.ACC_CRYPTO_EVAL,
    DocKind.ACC_DATA_DICT,
)


def doc(kind: DocKind, **kw: object) -> DocumentFacts:
    return DocumentFacts(kind=kind, submitted_on=date(2024, 2, 1), **kw)  # type: ignore[arg-type]


def common_docs() -> tuple[DocumentFacts, ...]:
    return (
        doc(DocKind.FSR, chapters=ALL_CHAPTERS),
        doc(
            DocKind.EVALUATION,
            opinions=frozenset(Chapter) - {Chapter.SYSTEM_INTEGRATION},
            method=EvaluationMethod.EXPERT,
            review_departments=frozenset(ReviewDepartment),
        ),
        doc(DocKind.ARCHIVE_ACCEPTANCE, status=DocStatus.APPROVED),
        *(doc(kind) for kind in DOSSIER_KINDS),
    )


def minor(pid: int = 1, unit_id: int = 1, **changes: object) -> ProjectFacts:
    project = ProjectFacts(
        id=pid,
        name=f"江津区城市运行监测预警平台{pid}",
        unit_id=unit_id,
        type=ConstructionType.NEW,
        total_investment_yuan=2000 * WAN,
        content="汇聚城市运行体征数据，建设监测预警模型",
        stage=Stage.OPERATION,
        implementing_agency="区大数据发展局信息中心",
        responsible_person="张明",
        supervision_unit="重庆某监理公司",
        on_gov_cloud=True,
        procurement_method=ProcurementMethod.OPEN_TENDER,
        procurement_on=date(2024, 4, 25),
        mlps_assessed_on=date(2026, 6, 1),
        crypto_assessed_on=date(2026, 6, 1),
        planned_completion_on=date(2025, 6, 30),
        completed_on=date(2025, 6, 20),
        operation_start_on=date(2025, 7, 1),
        contract_signed_on=date(2024, 5, 1),
        construction_start_on=date(2024, 5, 10),
        declared_yuan=2000 * WAN,
        reviewed_yuan=2000 * WAN,
        estimate_yuan=2000 * WAN,
        documents=(*common_docs(), doc(DocKind.FSR_ESTIMATE)),
        approvals=(
            ApprovalFacts(
                ApprovalStep.ONE_STEP,
                date(2024, 3, 1),
                date(2024, 4, 15),
                2000 * WAN,
                "江津发改〔2024〕1号",
            ),
        ),
        list_entries=(ListEntryFacts(id=pid * 10, year=2024),),
        acceptance=AcceptanceFacts(
            organized_on=date(2025, 9, 1),
            accepted_on=date(2025, 9, 10),
            result=AcceptanceResult.PASSED,
            organizer=Organizer.OWNER,
            filed_on=date(2025, 9, 20),
            reviewed_products=True,
            reviewed_crypto_security=True,
            reviewed_energy=True,
            reviewed_integration=True,
            reviewed_sharing=True,
        ),
        evaluations=(
            EvaluationFacts(
                id=pid,
                report_on=date(2026, 10, 1),
                filed_drc_on=date(2026, 10, 8),
                filed_finance_on=date(2026, 10, 9),
                users_consulted=True,
            ),
        ),
    )
    return replace(project, **changes)  # type: ignore[arg-type]


def major(pid: int = 2, unit_id: int = 2, **changes: object) -> ProjectFacts:
    base = minor(pid, unit_id)
    documents = (
        *tuple(d for d in base.documents if d.kind != DocKind.FSR_ESTIMATE),
        DocumentFacts(DocKind.DESIGN, submitted_on=date(2024, 4, 1), chapters=ALL_CHAPTERS),
    )
    project = replace(
        base,
        name=f"江津区社会治理综合指挥调度系统{pid}",
        content="建设区镇村三级指挥调度体系和视频会商能力",
        total_investment_yuan=5000 * WAN,
        declared_yuan=5000 * WAN,
        reviewed_yuan=5000 * WAN,
        estimate_yuan=5000 * WAN,
        documents=documents,
        approvals=(
            ApprovalFacts(ApprovalStep.FSR, date(2024, 2, 1), date(2024, 3, 1), 5000 * WAN),
            ApprovalFacts(ApprovalStep.DESIGN, date(2024, 5, 1), date(2024, 6, 1), 5000 * WAN),
        ),
        contract_signed_on=date(2024, 7, 1),
        construction_start_on=date(2024, 7, 10),
        acceptance=replace(
            base.acceptance,  # type: ignore[arg-type]
            organized_on=None,
            applied_on=date(2025, 8, 20),
            organizer=Organizer.DRC,
            filed_on=None,
        ),
    )
    return replace(project, **changes)  # type: ignore[arg-type]


def plan_and_budget(
    project: ProjectFacts, first_id: int
) -> tuple[list[PlanLineFacts], list[BudgetLineFacts]]:
    """Two years of matching plan and budget lines summing to the project's total."""
    first = project.total_investment_yuan * 3 // 5
    amounts = ((2024, first), (2025, project.total_investment_yuan - first))
    plans = [PlanLineFacts(first_id + i, project.id, y, a) for i, (y, a) in enumerate(amounts)]
    budgets = [BudgetLineFacts(first_id + i, project.id, y, a) for i, (y, a) in enumerate(amounts)]
    return plans, budgets


def compliant(*projects: ProjectFacts) -> Dataset:
    """Units 1..3, the given projects (default: one minor and one major), listed for every plan year."""
    projects = projects or (minor(), major())
    plans: list[PlanLineFacts] = []
    budgets: list[BudgetLineFacts] = []
    fixed = []
    for index, project in enumerate(projects):
        if project.type != ConstructionType.OM:
            p_lines, b_lines = plan_and_budget(project, 100 * (index + 1))
            plans += p_lines
            budgets += b_lines
        entries = project.list_entries
        years = {e.year for e in entries}
        if 2025 not in years and project.list_entries:
            entries = (*entries, ListEntryFacts(id=project.id * 10 + 1, year=2025))
        fixed.append(replace(project, list_entries=entries))
    units = tuple(
        UnitFacts(i, name)
        for i, name in ((1, "区大数据发展局"), (2, "区公安局"), (3, "区卫生健康委"))
    )
    return Dataset(
        units=units, projects=tuple(fixed), plan_lines=tuple(plans), budget_lines=tuple(budgets)
    )


def with_project(data: Dataset, pid: int, **changes: object) -> Dataset:
    projects = tuple(replace(p, **changes) if p.id == pid else p for p in data.projects)  # type: ignore[arg-type]
    return replace(data, projects=projects)


def project(data: Dataset, pid: int) -> ProjectFacts:
    return next(p for p in data.projects if p.id == pid)


def drop_doc(data: Dataset, pid: int, kind: DocKind) -> Dataset:
    p = project(data, pid)
    return with_project(data, pid, documents=tuple(d for d in p.documents if d.kind != kind))


def set_doc(data: Dataset, pid: int, new: DocumentFacts) -> Dataset:
    p = project(data, pid)
    docs = (*tuple(d for d in p.documents if d.kind != new.kind), new)
    return with_project(data, pid, documents=docs)


def framework_elements() -> frozenset[FrameworkElement]:
    return frozenset(FrameworkElement)


def missing_doc(data: Dataset, pid: int, kind: DocKind) -> Dataset:
    """`kind` recorded as 缺 (a record that says it is missing, unlike `drop_doc`: no record)."""
    return set_doc(data, pid, DocumentFacts(kind, status=DocStatus.MISSING))
