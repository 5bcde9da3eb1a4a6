"""A review round on the demo database: an expert pool and two experts on projects 2 and 3."""

from __future__ import annotations

from typing import Any

from app.services.experts import ExpertInput, create_round, save_expert, set_round_experts

#: name, organisation, linked unit, specialties, avoided units
POOL = (
    ("王建国", "重庆大学", None, "信息化、数据共享", ()),
    ("李梅", "西南大学", None, "网络安全、密码", ()),
    ("张伟", "区教委", None, "教育信息化", ()),  # the owner unit of project 2, by short name
    ("刘洋", "重庆邮电大学", None, "投资、造价", (5,)),  # must avoid 区民政局 (owner of 3)
    ("陈静", "重庆市大数据中心", None, "数据治理、信息化", ()),
    ("赵强", "", 2, "网络安全", ()),  # works for 区公安局, a participant of project 1
)


def add_pool(session: Any) -> list[int]:
    return [
        save_expert(session, ExpertInput(name, org, unit, spec, "023-0000", avoid))
        for name, org, unit, spec, avoid in POOL
    ]


def make_round(store: Any, projects: tuple[int, ...] = (2, 3), name: str = "2026年第一批") -> tuple[int, list[int]]:  # fmt: skip
    with store.write() as session:
        experts = add_pool(session)
        round_id = create_round(session, name, list(projects))
        set_round_experts(session, round_id, [experts[0], experts[1]])
    return round_id, experts
