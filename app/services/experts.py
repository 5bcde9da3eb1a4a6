"""The expert pool (专家库), review rounds (评审批次), conflicts of interest, the random draw,
and the expert review form (questions, Art 14 chapter opinions, a configurable rubric).

No Qt here. Functions that write take an open write session and raise
`Invalid(field, message_zh, message_en)` for anything the user must correct.

Conflict of interest: an expert whose organisation is the owner unit of a project of the
round, or one of its participating units (Art 13), or a unit on the expert's avoidance list
(回避), cannot review that round. The organisation is matched by the registered unit when one
is linked, else by its name or short name.

The draw shuffles the eligible experts (sorted by id) with `random.Random(seed)`: the same
seed over the same pool gives the same members and alternates, and the seed is recorded.
"""

from __future__ import annotations

import json
import random
import re
import secrets
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    Expert,
    ExpertAvoidance,
    Project,
    ReviewRound,
    RoundExpert,
    RoundProject,
    Unit,
)
from app.models.db import Store
from app.rules.checklists import CHAPTER_LABELS
from app.rules.facts import Chapter
from app.services.editing import ANSWERS, CONCLUSIONS, REVIEW_QUESTIONS, Invalid, clean_text
from app.services.projects import ProjectRow, UnitRow, list_projects, list_units
from app.services.roles import drc_only

# --------------------------------------------------------------------------- the form

#: Art 8, 18, 19 and 20 questions: the dossier form's questions plus Art 18
ART18_QUESTION = (
    "art18_security", "18", "软硬件产品是否安全可靠，网络安全和密码应用措施是否落实",
    "Are the products secure and reliable, and are cybersecurity and cryptography measures in place?",
)  # fmt: skip
QUESTIONS: tuple[tuple[str, str, str, str], ...] = (
    *[q for q in REVIEW_QUESTIONS if q[1] == "8"],
    ART18_QUESTION,
    *[q for q in REVIEW_QUESTIONS if q[1] != "8"],
)
QUESTION_KEYS = frozenset(q[0] for q in QUESTIONS)
#: opinion on each Art 14 chapter: 缺失 / 薄弱 / 完备
CHAPTER_GRADES = ("missing", "weak", "complete")
CHAPTER_GRADE_LABELS = {"missing": ("缺失", "missing"), "weak": ("薄弱", "weak"), "complete": ("完备", "complete")}  # fmt: skip
CHAPTERS: tuple[tuple[str, str, str], ...] = tuple(
    (c.value, CHAPTER_LABELS[c][0], CHAPTER_LABELS[c][1]) for c in Chapter
)
CONCLUSION_LABELS = {
    "agree": ("同意", "Agree"),
    "agree_revise": ("原则同意，修改后报批", "Agree in principle, revise before approval"),
    "reject": ("不同意", "Do not agree"),
}
SCORE_MAX = 100
#: a tie goes to the more cautious conclusion
CAUTION = {"reject": 0, "agree_revise": 1, "agree": 2}


def majority(conclusions: list[str]) -> str | None:
    """The most frequent conclusion; a tie goes to the more cautious (不同意 first)."""
    if not conclusions:
        return None
    counts = Counter(conclusions)
    return max(counts, key=lambda c: (counts[c], -CAUTION.get(c, 3)))


@dataclass(frozen=True, slots=True)
class Criterion:
    """A rubric criterion, scored 0–100; `weight` is its share of the total in percent."""

    key: str
    label_zh: str
    label_en: str
    weight: int
    low_zh: str = ""  # the written anchor at 0
    high_zh: str = ""  # the written anchor at 100

    def label(self, language: str = "zh") -> str:
        return self.label_en if language.startswith("en") else self.label_zh


DEFAULT_RUBRIC: tuple[Criterion, ...] = (
    Criterion("necessity", "立项必要性", "Necessity", 25, "建设依据不足，需求不明确", "建设依据充分，符合政策和实际需求"),
    Criterion("design", "建设方案合理性", "Soundness of the plan", 20, "方案不完整或技术路线不可行", "方案完整，技术路线成熟可行"),
    Criterion("sharing", "数据共享与系统整合", "Data sharing and integration", 15, "重复建设，数据不共享", "充分整合已有系统，数据共享协同"),
    Criterion("security", "安全与密码", "Security and cryptography", 15, "缺少网络安全和密码应用方案", "等保、密评措施完备"),
    Criterion("investment", "投资合理性", "Investment", 15, "投资明显偏高或依据不足", "投资测算依据充分、标准合理"),
    Criterion("performance", "绩效目标", "Performance targets", 10, "无绩效目标或不可衡量", "目标明确、可量化、可考核"),
)  # fmt: skip


def _criterion_dict(c: Criterion) -> dict[str, Any]:
    return {f: getattr(c, f) for f in Criterion.__slots__}  # type: ignore[attr-defined]


def rubric_from_data(data: Any) -> tuple[Criterion, ...]:
    """Criteria from JSON data, validated: unique keys, integer weights summing to 100."""
    if not isinstance(data, list) or not data:
        raise Invalid("rubric", "评分标准不能为空", "the rubric has no criteria")
    out: list[Criterion] = []
    for i, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise Invalid("rubric", f"评分标准第{i}项格式错误", f"rubric item {i} is malformed")
        key, weight = item.get("key"), item.get("weight")
        if not isinstance(key, str) or not re.fullmatch(r"[a-z0-9_]{1,32}", key):
            raise Invalid("rubric", f"评分标准第{i}项的代码无效", f"rubric item {i}: invalid key")
        if not isinstance(weight, int) or isinstance(weight, bool) or not 0 < weight <= 100:
            raise Invalid("rubric", f"评分标准第{i}项的权重应为1–100的整数", f"rubric item {i}: weight must be an integer 1–100")  # fmt: skip
        texts = {f: clean_text(str(item.get(f, "")), "rubric", max_length=200) for f in ("label_zh", "label_en", "low_zh", "high_zh")}  # fmt: skip
        if not texts["label_zh"]:
            raise Invalid("rubric", f"评分标准第{i}项缺少名称", f"rubric item {i} has no name")
        out.append(Criterion(key, texts["label_zh"], texts["label_en"] or texts["label_zh"], weight, texts["low_zh"], texts["high_zh"]))  # fmt: skip
    if len({c.key for c in out}) != len(out):
        raise Invalid("rubric", "评分标准的代码重复", "duplicate rubric keys")
    if sum(c.weight for c in out) != 100:
        raise Invalid("rubric", f"权重合计应为100，现为{sum(c.weight for c in out)}", "the weights must add up to 100")  # fmt: skip
    return tuple(out)


def rubric_data(rubric: tuple[Criterion, ...] | list[Criterion]) -> list[dict[str, Any]]:
    return [_criterion_dict(c) for c in rubric]


def round_rubric(rnd: ReviewRound) -> tuple[Criterion, ...]:
    return rubric_from_data(json.loads(rnd.rubric or "[]"))


@dataclass(frozen=True, slots=True)
class ExpertReviewInput:
    """One expert's form for one project (what travels back in a return package)."""

    answers: dict[str, str] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    chapters: dict[str, str] = field(default_factory=dict)
    chapter_comments: dict[str, str] = field(default_factory=dict)
    scores: dict[str, int] = field(default_factory=dict)
    conclusion: str | None = None
    suggested_yuan: int | None = None
    opinion: str = ""

    def to_data(self) -> dict[str, Any]:
        return {
            "answers": dict(sorted(self.answers.items())),
            "comments": dict(sorted(self.comments.items())),
            "chapters": dict(sorted(self.chapters.items())),
            "chapter_comments": dict(sorted(self.chapter_comments.items())),
            "scores": dict(sorted(self.scores.items())),
            "conclusion": self.conclusion,
            "suggested_yuan": self.suggested_yuan,
            "opinion": self.opinion,
        }

    @property
    def is_empty(self) -> bool:
        return self == ExpertReviewInput()


def _text_map(value: Any, keys: frozenset[str], where: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise Invalid(where, "表单数据格式错误", f"{where}: expected an object")
    out = {}
    for key, text in value.items():
        if key not in keys or not isinstance(text, str):
            raise Invalid(where, f"未知的表单项：{key}", f"{where}: unknown item {key!r}")
        cleaned = clean_text(text, f"{where}.{key}")
        if cleaned:
            out[key] = cleaned
    return out


def validate_review(data: Any, rubric: tuple[Criterion, ...]) -> ExpertReviewInput:
    """A form from JSON data (a return package or a draft), fully validated."""
    if not isinstance(data, dict):
        raise Invalid("form", "表单数据格式错误", "the form is not an object")
    answers = data.get("answers", {})
    if not isinstance(answers, dict) or any(k not in QUESTION_KEYS or v not in ANSWERS for k, v in answers.items()):  # fmt: skip
        raise Invalid("answers", "评审问题的回答无效", "invalid answer to a review question")
    chapter_keys = frozenset(c[0] for c in CHAPTERS)
    chapters = data.get("chapters", {})
    if not isinstance(chapters, dict) or any(k not in chapter_keys or v not in CHAPTER_GRADES for k, v in chapters.items()):  # fmt: skip
        raise Invalid("chapters", "章节意见无效（应为缺失/薄弱/完备）", "invalid chapter opinion")
    keys = {c.key for c in rubric}
    scores = data.get("scores", {})
    if not isinstance(scores, dict):
        raise Invalid("scores", "评分数据格式错误", "the scores are not an object")
    for key, score in scores.items():
        if key not in keys:
            raise Invalid("scores", f"未知的评分项：{key}", f"unknown criterion {key!r}")
        if not isinstance(score, int) or isinstance(score, bool) or not 0 <= score <= SCORE_MAX:
            raise Invalid(f"score.{key}", f"评分应为0–{SCORE_MAX}的整数", f"a score must be an integer 0–{SCORE_MAX}")  # fmt: skip
    conclusion = data.get("conclusion")
    if conclusion is not None and conclusion not in CONCLUSIONS:
        raise Invalid("conclusion", "评审结论无效", "unknown conclusion")
    suggested = data.get("suggested_yuan")
    if suggested is not None and (not isinstance(suggested, int) or isinstance(suggested, bool) or not 0 <= suggested < 10**15):  # fmt: skip
        raise Invalid("suggested_yuan", "建议投资金额无效", "invalid suggested investment")
    opinion = data.get("opinion", "")
    if not isinstance(opinion, str):
        raise Invalid("opinion", "意见应为文本", "the opinion must be text")
    return ExpertReviewInput(
        answers=dict(answers),
        comments=_text_map(data.get("comments", {}), QUESTION_KEYS, "comments"),
        chapters=dict(chapters),
        chapter_comments=_text_map(
            data.get("chapter_comments", {}), chapter_keys, "chapter_comments"
        ),
        scores=dict(scores),
        conclusion=conclusion,
        suggested_yuan=suggested,
        opinion=clean_text(opinion, "opinion", max_length=20000),
    )


# --------------------------------------------------------------------------- the pool


@dataclass(frozen=True, slots=True)
class ExpertInput:
    name: str
    organisation: str = ""
    unit_id: int | None = None
    specialties: str = ""
    contact: str = ""
    avoid_unit_ids: tuple[int, ...] = ()


def split_specialties(text: str) -> list[str]:
    return [s for s in (part.strip() for part in re.split(r"[、,，;；/\s]+", text)) if s]


@drc_only("维护评审专家库", "maintain the expert pool")
def save_expert(session: Session, value: ExpertInput, expert_id: int | None = None) -> int:
    name = clean_text(value.name, "name", max_length=100)
    if not name:
        raise Invalid("name", "请填写专家姓名", "the expert needs a name")
    expert = Expert() if expert_id is None else session.get(Expert, expert_id)
    if expert is None:
        raise Invalid("expert", "专家不存在", "no such expert")
    if value.unit_id is not None and session.get(Unit, value.unit_id) is None:
        raise Invalid("unit_id", "所在单位不存在", "no such unit")
    expert.name = name
    expert.organisation = clean_text(value.organisation, "organisation", max_length=200)
    expert.unit_id = value.unit_id
    expert.specialties = "、".join(split_specialties(clean_text(value.specialties, "specialties")))
    expert.contact = clean_text(value.contact, "contact", max_length=200)
    wanted = set(value.avoid_unit_ids)
    if any(session.get(Unit, u) is None for u in wanted):
        raise Invalid("avoid", "回避单位不存在", "no such unit to avoid")
    expert.avoidances = [a for a in expert.avoidances if a.unit_id in wanted]
    have = {a.unit_id for a in expert.avoidances}
    expert.avoidances.extend(ExpertAvoidance(unit_id=u) for u in sorted(wanted - have))
    if expert_id is None:
        session.add(expert)
    session.flush()
    return expert.id


@dataclass(frozen=True, slots=True)
class Conflict:
    expert_id: int
    project_id: int
    unit_id: int
    reason_zh: str
    reason_en: str

    def reason(self, language: str = "zh") -> str:
        return self.reason_en if language.startswith("en") else self.reason_zh


def _org_units(expert: Expert, units: dict[int, Unit]) -> set[int]:
    """The units that are the expert's organisation: the linked unit, or matched by name."""
    found = {expert.unit_id} if expert.unit_id is not None else set()
    org = expert.organisation.strip()
    if org:
        found |= {u.id for u in units.values() if org in (u.name, u.short_name) and org}
    return found


def conflicts(session: Session, expert_id: int, project_ids: list[int]) -> list[Conflict]:
    """Why this expert may not review these projects (empty: no conflict)."""
    expert = session.get(Expert, expert_id)
    if expert is None:
        raise Invalid("expert", "专家不存在", "no such expert")
    units = {u.id: u for u in session.scalars(select(Unit))}
    own = _org_units(expert, units)
    avoid = {a.unit_id for a in expert.avoidances}
    out: list[Conflict] = []
    for project_id in project_ids:
        project = session.get(Project, project_id)
        if project is None:
            continue
        roles = [(project.unit_id, "建设单位", "owner unit")]
        roles += [(p.unit_id, "参与单位", "participating unit") for p in project.participants]
        for unit_id, role_zh, role_en in roles:
            unit_name = units[unit_id].name if unit_id in units else str(unit_id)
            if unit_id in own:
                out.append(Conflict(expert_id, project_id, unit_id,
                    f"{expert.name}所在单位“{unit_name}”是项目“{project.name}”的{role_zh}，应当回避",
                    f"{expert.name} works for {unit_name}, the {role_en} of “{project.name}”"))  # fmt: skip
            elif unit_id in avoid:
                out.append(Conflict(expert_id, project_id, unit_id,
                    f"{expert.name}须回避“{unit_name}”，该单位是项目“{project.name}”的{role_zh}",
                    f"{expert.name} must avoid {unit_name}, the {role_en} of “{project.name}”"))  # fmt: skip
    return out


@dataclass(frozen=True, slots=True)
class Proposal:
    expert_id: int
    name: str
    organisation: str
    specialties: str
    matched: tuple[str, ...]
    conflicts: tuple[Conflict, ...]

    @property
    def eligible(self) -> bool:
        return not self.conflicts


def propose(session: Session, project_ids: list[int], wanted: list[str] | str = "") -> list[Proposal]:  # fmt: skip
    """Every active expert: eligible ones first, by how many wanted specialties they match."""
    wanted_list = split_specialties(wanted) if isinstance(wanted, str) else list(wanted)
    out = []
    for expert in session.scalars(select(Expert).where(Expert.active).order_by(Expert.id)):
        theirs = split_specialties(expert.specialties)
        matched = tuple(w for w in wanted_list if any(w in s or s in w for s in theirs))
        found = tuple(conflicts(session, expert.id, project_ids))
        out.append(Proposal(expert.id, expert.name, expert.organisation, expert.specialties, matched, found))  # fmt: skip
    out.sort(key=lambda p: (not p.eligible, -len(p.matched), p.expert_id))
    return out


# --------------------------------------------------------------------------- rounds


@drc_only("创建评审批次", "create a review round")
def create_round(session: Session, name: str, project_ids: list[int], *,
                 rubric: tuple[Criterion, ...] | None = None, now: datetime | None = None) -> int:  # fmt: skip
    title = clean_text(name, "round_name", max_length=200)
    if not title:
        raise Invalid("round_name", "请填写评审批次名称", "the round needs a name")
    if not project_ids:
        raise Invalid("projects", "评审批次至少包含一个项目", "a round needs at least one project")
    if len(set(project_ids)) != len(project_ids):
        raise Invalid("projects", "项目重复", "a project is listed twice")
    for project_id in project_ids:
        if session.get(Project, project_id) is None:
            raise Invalid("projects", "项目不存在（可能已被删除）", "a project no longer exists")
    criteria = rubric_from_data(rubric_data(rubric or DEFAULT_RUBRIC))
    rnd = ReviewRound(uid=str(uuid.uuid4()), name=title, created_at=now or datetime.now(),
                      rubric=json.dumps(rubric_data(criteria), ensure_ascii=False))  # fmt: skip
    rnd.projects = [RoundProject(project_id=p, position=i) for i, p in enumerate(project_ids)]
    session.add(rnd)
    session.flush()
    return rnd.id


def get_round(session: Session, round_id: int) -> ReviewRound:
    rnd = session.get(ReviewRound, round_id)
    if rnd is None:
        raise Invalid("round", "评审批次不存在", "no such review round")
    return rnd


def round_project_ids(rnd: ReviewRound) -> list[int]:
    return [rp.project_id for rp in rnd.projects]


@drc_only("确定评审专家", "confirm the experts of a round")
def set_round_experts(session: Session, round_id: int, members: list[int] | tuple[int, ...],
                      alternates: list[int] | tuple[int, ...] = ()) -> None:  # fmt: skip
    """The confirmed list: refused (with every reason) when any expert has a conflict."""
    rnd = get_round(session, round_id)
    everyone = [*members, *alternates]
    if len(set(everyone)) != len(everyone):
        raise Invalid("experts", "同一专家不能重复选入", "an expert is listed twice")
    if not members:
        raise Invalid("experts", "请至少选择一名专家", "choose at least one expert")
    found = [c for e in everyone for c in conflicts(session, e, round_project_ids(rnd))]
    if found:
        raise Invalid("experts", "存在利益冲突，不能选入：" + "；".join(c.reason_zh for c in found),
                      "conflict of interest: " + "; ".join(c.reason_en for c in found))  # fmt: skip
    rnd.experts = [RoundExpert(expert_id=e, role="member", position=i) for i, e in enumerate(members)]  # fmt: skip
    rnd.experts += [RoundExpert(expert_id=e, role="alternate", position=len(members) + i) for i, e in enumerate(alternates)]  # fmt: skip
    rnd.confirmed = True
    session.flush()


@dataclass(frozen=True, slots=True)
class Draw:
    seed: int
    members: tuple[int, ...]
    alternates: tuple[int, ...]
    pool: tuple[int, ...]  # the eligible experts drawn from, in id order


@drc_only("抽取评审专家", "draw experts at random")
def draw(session: Session, round_id: int, count: int, alternates: int = 0, *,
         seed: int | None = None, wanted: str = "", now: datetime | None = None) -> Draw:  # fmt: skip
    """Random draw among eligible experts (matching `wanted` specialties when given).

    Records the seed and the result on the round; the list is confirmed separately with
    `set_round_experts`. The same seed over the same pool gives the same result.
    """
    rnd = get_round(session, round_id)
    if count < 1 or alternates < 0:
        raise Invalid("count", "抽取人数无效", "invalid number of experts to draw")
    proposals = propose(session, round_project_ids(rnd), wanted)
    pool = sorted(p.expert_id for p in proposals if p.eligible and (p.matched or not wanted.strip()))  # fmt: skip
    if len(pool) < count + alternates:
        raise Invalid("count", f"符合条件的专家只有{len(pool)}名，不足{count + alternates}名",
                      f"only {len(pool)} eligible experts for {count + alternates} places")  # fmt: skip
    used_seed = secrets.randbits(63) if seed is None else seed
    picked = random.Random(used_seed).sample(pool, count + alternates)
    result = Draw(used_seed, tuple(picked[:count]), tuple(picked[count:]), tuple(pool))
    rnd.draw_seed = str(used_seed)
    rnd.draw_record = json.dumps({
        "seed": used_seed, "count": count, "alternates": alternates, "wanted": wanted,
        "pool": list(pool), "members": list(result.members), "alternate_ids": list(result.alternates),
        "drawn_at": (now or datetime.now()).isoformat(timespec="seconds"),
    }, ensure_ascii=False)  # fmt: skip
    session.flush()
    return result


def replay_draw(record_json: str) -> Draw:
    """Recompute a recorded draw from its seed and pool (to show it was not altered)."""
    record = json.loads(record_json)
    picked = random.Random(record["seed"]).sample(record["pool"], record["count"] + record["alternates"])  # fmt: skip
    return Draw(record["seed"], tuple(picked[: record["count"]]), tuple(picked[record["count"] :]), tuple(record["pool"]))  # fmt: skip


@dataclass(frozen=True, slots=True)
class RoundRow:
    id: int
    uid: str
    name: str
    projects: int
    experts: int
    confirmed: bool


def list_rounds(session: Session) -> list[RoundRow]:
    return [
        RoundRow(
            r.id,
            r.uid,
            r.name,
            len(r.projects),
            sum(e.role == "member" for e in r.experts),
            r.confirmed,
        )
        for r in session.scalars(select(ReviewRound).order_by(ReviewRound.id))
    ]


@dataclass(frozen=True, slots=True)
class ExpertRow:
    id: int
    name: str
    organisation: str
    specialties: str
    contact: str
    avoid: tuple[str, ...]
    #: the registered key's id ("" when none) and when it was registered
    key_id: str = ""
    key_registered_at: datetime | None = None


def list_experts(session: Session) -> list[ExpertRow]:
    return [
        ExpertRow(
            e.id,
            e.name,
            e.organisation,
            e.specialties,
            e.contact,
            tuple(a.unit.name for a in e.avoidances),
            e.key_id,
            e.key_registered_at,
        )
        for e in session.scalars(select(Expert).where(Expert.active).order_by(Expert.id))
    ]


# --------------------------------------------------------------------------- the experts tab


@dataclass(frozen=True, slots=True)
class ExpertsPage:
    """What the experts tab lists: the pool, the units (for 所在单位 / 回避), the projects (for a
    new round) and the rounds."""

    experts: list[ExpertRow]
    units: list[UnitRow]
    projects: list[ProjectRow]
    rounds: list[RoundRow]


def experts_page(store: Store) -> ExpertsPage:
    with store.read() as session:
        return ExpertsPage(
            list_experts(session), list_units(session), list_projects(session), list_rounds(session)
        )


def round_proposals(store: Store, round_id: int, wanted: str = "") -> list[Proposal]:
    """The pool for a round's projects, with each expert's conflicts (`propose`)."""
    with store.read() as session:
        return propose(session, round_project_ids(get_round(session, round_id)), wanted)


@drc_only("维护评审专家库", "maintain the expert pool")
def add_expert(store: Store, value: ExpertInput) -> int:
    """`save_expert` of a new expert in a write transaction of its own."""
    with store.write() as session:
        return save_expert(session, value)


@drc_only("创建评审批次", "create a review round")
def new_round(store: Store, name: str, project_ids: list[int]) -> int:
    """`create_round` in a write transaction of its own; the new round's id."""
    with store.write() as session:
        return create_round(session, name, project_ids)


@drc_only("抽取评审专家", "draw experts at random")
def draw_experts(store: Store, round_id: int, count: int, alternates: int = 0, *,
                 seed: int | None = None, wanted: str = "") -> Draw:  # fmt: skip
    """`draw` in a write transaction of its own (the seed and result recorded on the round)."""
    with store.write() as session:
        return draw(session, round_id, count, alternates, seed=seed, wanted=wanted)


@drc_only("确定评审专家", "confirm the experts of a round")
def seat_experts(store: Store, round_id: int, members: list[int], alternates: list[int]) -> None:
    """`set_round_experts` in a write transaction of its own."""
    with store.write() as session:
        set_round_experts(session, round_id, members, alternates)
