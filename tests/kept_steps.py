"""Random changes of a store, as users and imports make them, for the kept-findings proofs.

`apply_step(store, draw, state)` makes one change chosen by `draw` (hypothesis's `data.draw`, or
a seeded random's equivalent in the bench): project edits of every kind the rules read, documents,
plan and budget amounts, list entries, acceptance, units and their sanctions, registered
systems, dismissals, rectification orders, deletions, new projects, a department submission
import, a raw SQL update (a write no ORM hook sees), and jumps of "today" across due dates,
month ends and 29 February. Used by tests/services/test_kept_property.py (demo data, CI) and
bench/bench_scale.py (100,000 projects).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import strategies as st
from sqlalchemy import delete, func, select, text

from app.models import (
    Acceptance,
    ChangeRecord,
    Document,
    FindingDismissal,
    ListEntry,
    OMRequest,
    Project,
    RectificationOrder,
    RegisteredSystem,
    RollingLine,
    RuleSetting,
    Unit,
    UnitSanction,
)
from app.models.db import Store
from app.rules.dates import add_months
from app.rules.facts import (
    AcceptanceResult,
    ConstructionType,
    DocKind,
    DocStatus,
    ListBasis,
    ProcurementMethod,
    ProjectStatus,
    SanctionArticle,
    Stage,
)
from app.services.editing import set_line_amount

Draw = Callable[[st.SearchStrategy[Any]], Any]

#: names that share words with each other and with the demo's (DUP-SIMILAR has work to do)
NAMES = [
    "江津区智慧养老服务平台", "江津区养老服务智慧监管平台", "江津区医养结合服务平台",
    "江津区城市运行监测预警平台", "江津区城市运行指挥调度平台", "江津区生态环境监测监控平台",
    "江津区环境监测预警系统", "江津区社会治理综合指挥调度系统", "江津区应急指挥调度系统",
    "江津区教育数据共享平台", "江津区教育资源公共服务平台", "江津区政务服务一网通办平台",
]  # fmt: skip
CONTENTS = ["建设数据中台和业务办理系统", "建设监测预警模型和指挥调度能力", "采购服务器和存储设备"]


@dataclass
class State:
    today: date
    template: Path | None = None  # submission template (imports)
    folder: Path | None = None
    log: list[str] = field(default_factory=list)


def _ids(store: Store, model: Any) -> list[int]:
    with store.read() as session:
        return sorted(session.scalars(select(model.id)))


def _pick(draw: Draw, ids: list[int]) -> int | None:
    return draw(st.sampled_from(ids)) if ids else None


def _near(draw: Draw, today: date) -> date:
    """A date around today: the same day, a day either side, months and a year away."""
    days = draw(st.sampled_from([-400, -200, -31, -1, 0, 1, 2, 30, 31, 180, 400]))
    return today + timedelta(days=days)


def _jump(draw: Draw, state: State, store: Store) -> str:
    today = state.today
    choice = draw(st.sampled_from(["day", "month_end", "leap", "due", "back", "far"]))
    if choice == "day":
        state.today = today + timedelta(days=draw(st.integers(1, 3)))
    elif choice == "month_end":
        last = calendar.monthrange(today.year, today.month)[1]
        state.today = date(today.year, today.month, last) + timedelta(days=draw(st.integers(0, 1)))
    elif choice == "leap":
        state.today = draw(st.sampled_from([date(2028, 2, 28), date(2028, 2, 29), date(2028, 3, 1), date(2027, 2, 28)]))  # fmt: skip
    elif choice == "due":  # a date rules turn on: acceptance due, the evaluation window, a
        # deadline, an assessment's period, the grace after a planned completion
        from app.services.rule_settings import load_rule_settings

        p = Project.__table__.c
        with store.read() as session:
            completed = [d for d in session.scalars(select(Project.completed_on)) if d]
            deadlines = list(session.scalars(select(RectificationOrder.deadline)))
            assessed = [d for row in session.execute(select(p.mlps_assessed_on, p.crypto_assessed_on)) for d in row if d]  # fmt: skip
            planned = [d for d in session.scalars(select(Project.planned_completion_on)) if d]
            values = load_rule_settings(session)
        pivots = [add_months(d, 6) for d in completed] + [add_months(d, 12) for d in completed]
        pivots += deadlines
        pivots += [add_months(d, values["assessment_period_months"]) for d in assessed]
        pivots += [add_months(d, values["delay_grace_months"]) for d in planned]
        if pivots:
            pivot = draw(st.sampled_from(sorted(pivots)))
            state.today = pivot + timedelta(days=draw(st.sampled_from([-30, -1, 0, 1])))
    elif choice == "back":
        state.today = today - timedelta(days=draw(st.sampled_from([1, 40, 365])))
    else:
        state.today = today + timedelta(days=draw(st.sampled_from([200, 800])))
    return f"today → {state.today}"


def apply_step(store: Store, draw: Draw, state: State) -> str:
    """Make one random change; returns what it did (for the failure message)."""
    kind = draw(st.sampled_from(STEPS))
    done = globals()[f"_step_{kind}"](store, draw, state)
    state.log.append(f"{kind}: {done}")
    return str(done)


STEPS = [
    "project", "project", "flags", "dates", "acceptance", "document", "money", "list",
    "sanction", "unit_name", "system", "dismiss", "order", "delete", "new", "raw_sql",
    "day", "day", "import", "setting", "rolling", "assessed", "maintain", "change", "bar", "bar",
]  # fmt: skip


def _step_day(store: Store, draw: Draw, state: State) -> str:
    return _jump(draw, state, store)


def _step_project(store: Store, draw: Draw, state: State) -> str:
    pid = _pick(draw, _ids(store, Project))
    if pid is None:
        return "no project"
    units = _ids(store, Unit)
    field_name = draw(
        st.sampled_from(["name", "unit_id", "type", "total", "stage", "system", "content"])
    )
    with store.write() as session:
        p = session.get(Project, pid)
        assert p is not None
        if field_name == "name":
            p.name = draw(st.sampled_from(NAMES)) + draw(st.sampled_from(["", "二期", "（新）"]))
        elif field_name == "unit_id":
            p.unit_id = draw(st.sampled_from(units))
        elif field_name == "type":
            p.type = draw(st.sampled_from(list(ConstructionType)))
        elif field_name == "total":
            p.total_investment_yuan = draw(
                st.sampled_from([1_000_000, 29_990_000, 30_000_000, 80_000_000])
            )
        elif field_name == "stage":
            p.stage = draw(st.sampled_from(list(Stage)))
        elif field_name == "content":
            p.content = draw(st.sampled_from(CONTENTS))
        else:
            others = [i for i in _ids(store, Project) if i != pid]
            p.system_project_id = draw(st.sampled_from([None, *others[:20]]))
    return f"project {pid}.{field_name}"


def _step_flags(store: Store, draw: Draw, state: State) -> str:
    pid = _pick(draw, _ids(store, Project))
    if pid is None:
        return "no project"
    which = draw(st.sampled_from(["integration_pending", "security_noncompliant", "status"]))
    with store.write() as session:
        p = session.get(Project, pid)
        assert p is not None
        if which == "status":
            p.status = draw(st.sampled_from(list(ProjectStatus)))
        else:
            setattr(p, which, not getattr(p, which))
    return f"project {pid}.{which}"


def _step_bar(store: Store, draw: Draw, state: State) -> str:
    """A unit's Art 28/29 bar created or lifted on purpose (a random flag often lands in a unit
    already barred): a unit with projects flagged under the article has them all cleared;
    otherwise one of its projects is flagged."""
    unit = _pick(draw, _ids(store, Unit))
    column = draw(st.sampled_from(["integration_pending", "security_noncompliant"]))
    with store.write() as session:
        projects = session.scalars(select(Project).where(Project.unit_id == unit).order_by(Project.id)).all()  # fmt: skip
        if not projects:
            return f"unit {unit}: no project"
        flagged = [p for p in projects if getattr(p, column)]
        for p in flagged:
            setattr(p, column, False)
        if flagged:
            return f"unit {unit}: {column} lifted from {[p.id for p in flagged]}"
        chosen = draw(st.sampled_from(projects))
        setattr(chosen, column, True)
        return f"unit {unit}: {column} set on project {chosen.id}"


def _step_dates(store: Store, draw: Draw, state: State) -> str:
    pid = _pick(draw, _ids(store, Project))
    if pid is None:
        return "no project"
    which = draw(st.sampled_from(["completed_on", "planned_completion_on", "operation_start_on", "delay_reported_on", "procurement_on"]))  # fmt: skip
    value = draw(st.none() | st.just(_near(draw, state.today)))
    with store.write() as session:
        p = session.get(Project, pid)
        assert p is not None
        setattr(p, which, value)
    return f"project {pid}.{which} = {value}"


def _step_acceptance(store: Store, draw: Draw, state: State) -> str:
    pid = _pick(draw, _ids(store, Project))
    if pid is None:
        return "no project"
    with store.write() as session:
        p = session.get(Project, pid)
        assert p is not None
        if draw(st.booleans()) and p.acceptance is not None:
            session.delete(p.acceptance)
            return f"project {pid} acceptance removed"
        acc = p.acceptance or Acceptance()
        p.acceptance = acc
        acc.applied_on = draw(st.none() | st.just(_near(draw, state.today)))
        acc.accepted_on = draw(st.none() | st.just(_near(draw, state.today)))
        acc.result = AcceptanceResult.PASSED if acc.accepted_on and draw(st.booleans()) else None
    return f"project {pid} acceptance"


def _step_document(store: Store, draw: Draw, state: State) -> str:
    pid = _pick(draw, _ids(store, Project))
    if pid is None:
        return "no project"
    kind = draw(st.sampled_from([DocKind.FSR, DocKind.DATA_CATALOGUE, DocKind.CRYPTO_PLAN, DocKind.PERFORMANCE_TABLE, DocKind.ARCHIVE_ACCEPTANCE]))  # fmt: skip
    status = draw(st.sampled_from(list(DocStatus)))
    with store.write() as session:
        doc = session.scalar(
            select(Document).where(Document.project_id == pid, Document.kind == kind)
        )
        if doc is not None and draw(st.booleans()):
            session.delete(doc)
            return f"project {pid} {kind} deleted"
        if doc is None:
            doc = Document(project_id=pid, kind=kind)
            session.add(doc)
        doc.status = status
        doc.na_reason = "不涉及" if status == DocStatus.NOT_APPLICABLE else ""
        doc.submitted_on = _near(draw, state.today) if status != DocStatus.MISSING else None
    return f"project {pid} {kind} {status}"


def _step_money(store: Store, draw: Draw, state: State) -> str:
    pid = _pick(draw, _ids(store, Project))
    if pid is None:
        return "no project"
    which = draw(st.sampled_from(["plan", "budget"]))
    year = draw(st.sampled_from([2025, 2026, 2027]))
    amount = draw(st.sampled_from([None, 0, 1_000_000, 5_000_000, 40_000_000]))
    with store.write() as session:
        set_line_amount(session, pid, year, which, amount)
    return f"project {pid} {which} {year} = {amount}"


def _step_list(store: Store, draw: Draw, state: State) -> str:
    pid = _pick(draw, _ids(store, Project))
    if pid is None:
        return "no project"
    year = draw(st.sampled_from([2024, 2025, 2026, 2027]))
    with store.write() as session:
        entry = session.scalar(
            select(ListEntry).where(ListEntry.project_id == pid, ListEntry.year == year)
        )
        if entry is not None:
            session.delete(entry)
            return f"project {pid} off the {year} list"
        session.add(ListEntry(project_id=pid, year=year))
    return f"project {pid} on the {year} list"


def _step_sanction(store: Store, draw: Draw, state: State) -> str:
    unit = _pick(draw, _ids(store, Unit))
    with store.write() as session:
        existing = session.scalars(select(UnitSanction).where(UnitSanction.unit_id == unit)).all()
        if existing and draw(st.booleans()):
            session.delete(existing[0])
            return f"unit {unit} sanction lifted (deleted)"
        imposed = _near(draw, state.today)
        lifted = draw(st.none() | st.just(imposed + timedelta(days=draw(st.sampled_from([1, 60])))))
        session.add(UnitSanction(unit_id=unit, article=draw(st.sampled_from(list(SanctionArticle))),
                                 imposed_on=imposed, lifted_on=lifted, reason="测试"))  # fmt: skip
    return f"unit {unit} sanction from {imposed}"


def _step_unit_name(store: Store, draw: Draw, state: State) -> str:
    unit = _pick(draw, _ids(store, Unit))
    with store.write() as session:
        u = session.get(Unit, unit)
        assert u is not None
        u.name = (
            u.name.removesuffix("（更名）") if u.name.endswith("（更名）") else u.name + "（更名）"
        )
    return f"unit {unit} renamed"


def _step_system(store: Store, draw: Draw, state: State) -> str:
    systems = _ids(store, RegisteredSystem)
    units = _ids(store, Unit)
    with store.write() as session:
        if systems and draw(st.booleans()):
            sid = draw(st.sampled_from(systems))
            if draw(st.booleans()):
                session.execute(delete(RegisteredSystem).where(RegisteredSystem.id == sid))
                return f"system {sid} deleted"
            s = session.get(RegisteredSystem, sid)
            assert s is not None
            s.name = draw(st.sampled_from(NAMES))
            return f"system {sid} renamed"
        session.add(RegisteredSystem(unit_id=draw(st.sampled_from(units)), name=draw(st.sampled_from(NAMES)),
                                     content=draw(st.sampled_from(CONTENTS))))  # fmt: skip
    return "system added"


def _step_dismiss(store: Store, draw: Draw, state: State) -> str:
    from app.services.snapshot import evaluate_store

    with store.read() as session:
        dismissals = list(session.scalars(select(FindingDismissal.id)))
    if dismissals and draw(st.booleans()):
        with store.write() as session:
            session.execute(
                delete(FindingDismissal).where(
                    FindingDismissal.id == draw(st.sampled_from(dismissals))
                )
            )
        return "dismissal withdrawn"
    candidates = [f for f in evaluate_store(store, state.today) if f.open and f.code in ("DUP-SIMILAR", "PLAN-NOBUDGET", "BUD-MISMATCH", "DOS-PERF")]  # fmt: skip
    if not candidates:
        return "nothing to dismiss"
    f = draw(st.sampled_from(candidates))
    with store.write() as session:
        session.add(FindingDismissal(code=f.code, subject_type=f.subject_type.value, subject_id=f.subject_id,
                                     key=f.dismissal_key, reason="已核实"))  # fmt: skip
    return f"dismissed {f.code} on {f.subject_type.value}:{f.subject_id}"


def _step_order(store: Store, draw: Draw, state: State) -> str:
    with store.read() as session:
        orders = list(session.scalars(select(RectificationOrder.id)))
    if orders and draw(st.booleans()):
        with store.write() as session:
            order = session.get(RectificationOrder, draw(st.sampled_from(orders)))
            assert order is not None
            order.closed_on = None if order.closed_on else state.today
        return "order closed/reopened"
    project = draw(st.none() | st.sampled_from(_ids(store, Project)[:10] or [None]))
    with store.write() as session:
        session.add(RectificationOrder(unit_id=_ids(store, Unit)[0], project_id=project,
                                       issued_on=state.today - timedelta(days=60),
                                       deadline=_near(draw, state.today), subject="整改"))  # fmt: skip
    return f"order for project {project}"


def _step_delete(store: Store, draw: Draw, state: State) -> str:
    with store.read() as session:
        maintained = set(session.scalars(select(Project.system_project_id).where(Project.system_project_id.is_not(None))))  # fmt: skip
    free = [i for i in _ids(store, Project) if i not in maintained]
    pid = _pick(draw, free)
    if pid is None:
        return "nothing to delete"
    from app.services.project_edit import delete_project

    with store.write() as session:
        delete_project(session, pid)
    return f"project {pid} deleted"


def _step_new(store: Store, draw: Draw, state: State) -> str:
    from app.services.project_edit import ProjectInput, save_project

    value = ProjectInput(
        name=draw(st.sampled_from(NAMES)) + "（新建）", unit_id=draw(st.sampled_from(_ids(store, Unit))),
        type=draw(st.sampled_from([ConstructionType.NEW, ConstructionType.UPGRADE])),
        total_investment_yuan=draw(st.sampled_from([2_000_000, 50_000_000])),
        content=draw(st.sampled_from(CONTENTS)), stage=draw(st.sampled_from([Stage.PROPOSED, Stage.APPROVAL])),
    )  # fmt: skip
    with store.write() as session:
        pid = save_project(session, value, today=state.today)
    return f"project {pid} created"


def _step_raw_sql(store: Store, draw: Draw, state: State) -> str:
    """A change no ORM hook sees: another program's SQL (the triggers must)."""
    pid = _pick(draw, _ids(store, Project))
    if pid is None:
        return "no project"
    name = draw(st.sampled_from(NAMES))
    with store.write() as session:
        session.execute(text("UPDATE projects SET name = :n, integration_pending = NOT integration_pending WHERE id = :i"), {"n": name, "i": pid})  # fmt: skip
    return f"raw SQL on project {pid}"


def _step_import(store: Store, draw: Draw, state: State) -> str:
    """A department submission: new projects and updates of existing ones, in one transaction."""
    if state.template is None or state.folder is None:
        return "no template"
    from app.services.submission_import import import_submission
    from tests.services.test_submission_import import fill, make_row

    with store.read() as session:
        names = list(session.scalars(select(Project.name).order_by(Project.id).limit(30)))
        units = list(session.scalars(select(Unit.name).order_by(Unit.id)))
        count = session.scalar(select(func.count()).select_from(Project)) or 0
    rows = []
    for n in range(draw(st.integers(1, 3))):
        existing = draw(st.booleans()) and names
        rows.append(make_row(
            count + n, name=draw(st.sampled_from(names)) if existing else draw(st.sampled_from(NAMES)) + f"（申报{count + n}）",
            unit=draw(st.sampled_from(units)), content=draw(st.sampled_from(CONTENTS)),
        ))  # fmt: skip
    path = fill(state.template, state.folder / f"submission-{len(state.log)}.xlsx", rows)
    result = import_submission(store, path, valid_rows_only=True)
    return f"import: {result.created} new, {result.updated} updated"


def _step_setting(store: Store, draw: Draw, state: State) -> str:
    """A rule setting changed (rule_settings): the owners that read it are evaluated again."""
    key = draw(st.sampled_from(["assessment_period_months", "delay_grace_months"]))
    value = draw(st.sampled_from([1, 6, 12, 24]))
    with store.write() as session:
        row = session.scalar(select(RuleSetting).where(RuleSetting.key == key))
        if row is not None and draw(st.booleans()):
            session.delete(row)
            return f"setting {key} back to its default"
        if row is None:
            session.add(RuleSetting(key=key, value=value))
        else:
            row.value = value
    return f"setting {key} = {value}"


def _step_rolling(store: Store, draw: Draw, state: State) -> str:
    """A rolling-plan line added or removed: a new edition covers years for every project."""
    pid = _pick(draw, _ids(store, Project))
    if pid is None:
        return "no project"
    start = draw(st.sampled_from([2024, 2025, 2026, 2027]))
    year = start + draw(st.integers(0, 2))
    with store.write() as session:
        line = session.scalar(select(RollingLine).where(RollingLine.project_id == pid))
        if line is not None and draw(st.booleans()):
            session.delete(line)
            return f"project {pid} rolling line {line.period_start}/{line.year} removed"
        exists = session.scalar(select(RollingLine).where(
            RollingLine.project_id == pid, RollingLine.period_start == start, RollingLine.year == year
        ))  # fmt: skip
        if exists is None:
            session.add(RollingLine(project_id=pid, period_start=start, year=year, amount_yuan=1_000_000))  # fmt: skip
        entry = session.scalar(select(ListEntry).where(ListEntry.project_id == pid, ListEntry.year == year))  # fmt: skip
        if entry is None and draw(st.booleans()):
            session.add(ListEntry(project_id=pid, year=year, basis=ListBasis.BUDGET))
    return f"project {pid} rolling line {start}/{year}"


def _step_assessed(store: Store, draw: Draw, state: State) -> str:
    """The latest 等保测评 / 密评 (OM-ASSESS) or the procurement (CON-PROCURE) recorded."""
    pid = _pick(draw, _ids(store, Project))
    if pid is None:
        return "no project"
    which = draw(st.sampled_from(["mlps_assessed_on", "crypto_assessed_on", "procurement_method"]))
    with store.write() as session:
        p = session.get(Project, pid)
        assert p is not None
        if which == "procurement_method":
            value: Any = draw(st.none() | st.sampled_from(list(ProcurementMethod)))
        else:
            value = draw(st.none() | st.just(_near(draw, state.today)))
        setattr(p, which, value)
    return f"project {pid}.{which} = {value}"


def _step_maintain(store: Store, draw: Draw, state: State) -> str:
    """An O&M project maintaining a system, and its claims (O&M requests): the system becomes
    a running system (OM-ASSESS) by another project's facts."""
    ids = _ids(store, Project)
    if len(ids) < 2:
        return "too few projects"
    om, system = draw(st.sampled_from(ids)), draw(st.sampled_from(ids))
    with store.write() as session:
        p = session.get(Project, om)
        assert p is not None
        choice = draw(st.sampled_from(["maintain", "request", "withdraw"]))
        if choice == "maintain":
            p.type = ConstructionType.OM
            p.system_project_id = system if system != om else None
            return f"project {om} maintains {p.system_project_id}"
        requests = session.scalars(select(OMRequest).where(OMRequest.project_id == om)).all()
        if choice == "withdraw" and requests:
            session.delete(requests[0])
            return f"project {om} O&M request withdrawn"
        session.add(OMRequest(project_id=om, unit_id=p.unit_id, year=state.today.year,
                              amount_yuan=500_000, requested_on=state.today))  # fmt: skip
    return f"project {om} O&M request"


def _step_change(store: Store, draw: Draw, state: State) -> str:
    """A change record, approved or not (CON-CHANGE, CON-OVERRUN)."""
    pid = _pick(draw, _ids(store, Project))
    if pid is None:
        return "no project"
    with store.write() as session:
        existing = session.scalars(select(ChangeRecord).where(ChangeRecord.project_id == pid)).all()
        if existing and draw(st.booleans()):
            record = existing[0]
            record.approved_on = None if record.approved_on else _near(draw, state.today)
            return f"project {pid} change approval {record.approved_on}"
        session.add(ChangeRecord(project_id=pid, recorded_on=_near(draw, state.today), description="调整",
                                 new_total_yuan=draw(st.sampled_from([None, 40_000_000]))))  # fmt: skip
    return f"project {pid} change recorded"
