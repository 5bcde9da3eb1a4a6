"""A review round on the demo database: an expert pool and two experts on projects 2 and 3,
and the experts' own keys (one per expert, as on their own computers)."""

from __future__ import annotations

from typing import Any

from app.crypto import SM2Signer
from app.services.experts import ExpertInput, create_round, save_expert, set_round_experts
from app.services.trust import PublicKey, register_expert_key

#: name, organisation, linked unit, specialties, avoided units
POOL = (
    ("王建国", "重庆大学", None, "信息化、数据共享", ()),
    ("李梅", "西南大学", None, "网络安全、密码", ()),
    ("张伟", "区教委", None, "教育信息化", ()),  # the owner unit of project 2, by short name
    ("刘洋", "重庆邮电大学", None, "投资、造价", (5,)),  # must avoid 区民政局 (owner of 3)
    ("陈静", "重庆市大数据中心", None, "数据治理、信息化", ()),
    ("赵强", "", 2, "网络安全", ()),  # works for 区公安局, a participant of project 1
)

_KEYS: dict[int, SM2Signer] = {}


def expert_key(expert_id: int) -> SM2Signer:
    """The key expert `expert_id` signs returns with on their own computer."""
    if expert_id not in _KEYS:
        _KEYS[expert_id] = SM2Signer.generate()
    return _KEYS[expert_id]


def public_key(signer: Any) -> PublicKey:
    return PublicKey(signer.algorithm, signer.public_key, signer.key_id)


def register_keys(session: Any, expert_ids: list[int]) -> None:
    """The DRC registers the key files these experts exported."""
    for expert_id in expert_ids:
        register_expert_key(session, expert_id, public_key(expert_key(expert_id)))


def add_pool(session: Any) -> list[int]:
    return [
        save_expert(session, ExpertInput(name, org, unit, spec, "023-0000", avoid))
        for name, org, unit, spec, avoid in POOL
    ]


def make_round(store: Any, projects: tuple[int, ...] = (2, 3), name: str = "2026年第一批", *,
               register: bool = True) -> tuple[int, list[int]]:  # fmt: skip
    """A round with the pool's first two experts; their keys registered unless `register` is
    False (then their first returns need the fingerprint confirmed)."""
    with store.write() as session:
        experts = add_pool(session)
        round_id = create_round(session, name, list(projects))
        set_round_experts(session, round_id, [experts[0], experts[1]])
        if register:
            register_keys(session, experts[:2])
    return round_id, experts
