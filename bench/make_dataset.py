"""Build a large synthetic database (N projects) quickly with Core inserts.

    .venv/bin/python bench/make_dataset.py 100000 /tmp/big.db

Names are drawn from realistic word lists so that duplicate detection has real work to do.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert

from app.models import Base
from app.rules.facts import ApprovalStep, Chapter, ConstructionType, DocKind, DocStatus, Stage
from app.services.demo import UNITS
from app.services.store import open_store

AREAS = [
    "教育",
    "卫生",
    "医保",
    "民政",
    "养老",
    "社保",
    "就业",
    "交通",
    "城管",
    "应急",
    "消防",
    "环保",
    "水务",
    "农业",
    "林业",
    "文旅",
    "市场",
    "税务",
    "公安",
    "司法",
    "信访",
    "统计",
    "审计",
    "档案",
    "住建",
    "规划",
    "国土",
    "气象",
    "人防",
    "供销",
]
THINGS = [
    "监测预警",
    "综合服务",
    "智慧监管",
    "数据共享",
    "指挥调度",
    "执法办案",
    "信息管理",
    "决策分析",
    "公共服务",
    "协同办公",
    "视频联网",
    "物联感知",
    "电子证照",
    "网上办事",
    "信用评价",
]
KINDS = ["平台", "系统", "中心", "工程", "应用"]
T = Base.metadata.tables


def build(n: int, path: Path, seed: int = 7) -> float:
    started = time.perf_counter()
    rng = random.Random(seed)
    path.unlink(missing_ok=True)
    store = open_store(str(path), create=True)
    today = date(2026, 11, 25)
    with store.write() as s:
        s.execute(insert(T["units"]), [{"id": i + 1, "name": name, "short_name": short, "contact": ""} for i, (name, short) in enumerate(UNITS)])  # fmt: skip
        batch = 5000
        doc_id = 1
        for start in range(0, n, batch):
            projects, docs, parts, approvals, entries, plans, budgets = [], [], [], [], [], [], []
            for pid in range(start + 1, min(start + batch, n) + 1):
                wan = rng.choice(
                    [rng.randint(50, 2999), rng.randint(50, 2999), rng.randint(3000, 12000)]
                )
                year = rng.choice([2024, 2025, 2026])
                stage = rng.choice(
                    [Stage.APPROVAL, Stage.PLANNED, Stage.CONSTRUCTION, Stage.OPERATION]
                )
                # like real lists: mostly distinct names, some families of similar ones
                if rng.random() < 0.2:
                    name = (
                        f"江津区{rng.choice(AREAS)}{rng.choice(THINGS)}{rng.choice(KINDS)}（{pid}）"
                    )
                else:
                    name = f"江津区{pid:06d}号{rng.choice(AREAS)}业务{rng.choice(KINDS)}"
                projects.append({
                    "id": pid, "code": f"B-{pid:06d}", "name": name, "unit_id": rng.randint(1, len(UNITS)),
                    "type": rng.choice([ConstructionType.NEW, ConstructionType.NEW, ConstructionType.UPGRADE, ConstructionType.SERVICE]),
                    "content": f"建设{rng.choice(THINGS)}、{rng.choice(THINGS)}和{rng.choice(AREAS)}数据库",
                    "total_investment_yuan": wan * 10_000, "stage": stage, "status": "active",
                    "cross_department": False, "classified": False, "new_civil_works": False, "high_energy": False,
                    "on_gov_cloud": True, "cloud_justification": "", "security_noncompliant": False,
                    "integration_pending": False, "implementing_agency": "信息中心", "responsible_person": "张三",
                    "supervision_unit": "监理公司", "funding_source": "区级财政", "scope_changed": False, "remark": "",
                    "declared_yuan": wan * 10_000, "reviewed_yuan": wan * 10_000,
                })  # fmt: skip
                applied = date(year, 4, 1) + timedelta(days=rng.randint(0, 60))
                major = wan >= 3000
                steps = (
                    [ApprovalStep.FSR, ApprovalStep.DESIGN] if major else [ApprovalStep.ONE_STEP]
                )
                for step in steps:
                    approvals.append({"project_id": pid, "step": step, "applied_on": applied, "approved_on": applied + timedelta(days=40),
                                      "approved_amount_yuan": wan * 10_000, "number": "", "request_title": "", "request_number": "",
                                      "approved_scale": "", "construction_period": ""})  # fmt: skip
                entries.append(
                    {
                        "project_id": pid,
                        "year": year,
                        "basis": "budget",
                        "consent_number": "",
                        "remark": "",
                    }
                )
                plans.append({"project_id": pid, "year": year, "amount_yuan": wan * 10_000, "central_yuan": 0, "municipal_yuan": 0,
                              "district_yuan": wan * 10_000, "completed_before_yuan": 0, "work_target": "", "remark": ""})  # fmt: skip
                budgets.append({"project_id": pid, "year": year, "amount_yuan": wan * 10_000 - rng.choice([0, 0, 0, 10_000]),
                                "budget_code": "", "remark": ""})  # fmt: skip
                kinds = [DocKind.FSR, DocKind.DESIGN if major else DocKind.FSR_ESTIMATE, DocKind.DATA_CATALOGUE,
                         DocKind.CRYPTO_PLAN, DocKind.EVALUATION, DocKind.SECURITY_PRODUCTS, DocKind.SHARE_MECHANISM,
                         DocKind.SHARE_FEEDBACK, DocKind.PERFORMANCE_TABLE]  # fmt: skip
                for kind in kinds:
                    if rng.random() < 0.04:
                        continue  # a few missing documents
                    docs.append({"id": doc_id, "project_id": pid, "kind": kind, "status": DocStatus.SUBMITTED, "submitted_on": applied,
                                 "number": "", "na_reason": "", "remark": ""})  # fmt: skip
                    if kind in (DocKind.FSR, DocKind.DESIGN):
                        parts.extend({"document_id": doc_id, "part": "chapter", "code": c.value, "present": True, "remark": ""} for c in Chapter)  # fmt: skip
                    if kind == DocKind.EVALUATION:
                        parts.extend({"document_id": doc_id, "part": "opinion", "code": c.value, "present": True, "remark": ""} for c in Chapter if c != Chapter.SYSTEM_INTEGRATION)  # fmt: skip
                    doc_id += 1
            for table, rows in (("projects", projects), ("documents", docs), ("document_parts", parts), ("approvals", approvals),
                                ("list_entries", entries), ("plan_lines", plans), ("budget_lines", budgets)):  # fmt: skip
                s.execute(insert(T[table]), rows)
    store.close()
    _ = today
    return time.perf_counter() - started


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    target = Path(sys.argv[2] if len(sys.argv) > 2 else f"/tmp/reviewdesk-{count}.db")
    print(f"built {count} projects in {build(count, target):.1f} s → {target}")
