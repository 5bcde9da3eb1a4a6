"""DUP-SIMILAR's candidate index and its once-per-pair scoring give exactly what comparing every
project with every other subject gives (on data small enough that no term is too common)."""

from __future__ import annotations

import random

import pytest

from app.rules import duplicates
from app.rules.duplicates import (
    CONTENT_THRESHOLD,
    MAX_MATCHES,
    NAME_THRESHOLD,
    NAME_WITH_CONTENT,
    SimilarPair,
    common_phrases,
    jaccard,
    similar_pairs,
    terms,
)
from app.rules.facts import (
    ConstructionType,
    Dataset,
    ListEntryFacts,
    ProjectFacts,
    RegisteredSystemFacts,
)

AREAS = ["教育", "卫生", "医保", "养老", "社保", "交通", "应急", "水务", "农业", "城管"]
WORDS = ["监管", "服务", "平台", "系统", "一体化", "智能", "预警", "调度", "档案", "考核", "评估"]
CONTENTS = ["建设数据中台和业务办理系统", "采购服务器和存储设备", "建设移动端应用和数据共享接口",
            "建设监测预警模型", "改造机房并部署视频会议系统"]  # fmt: skip


def brute_force(data: Dataset) -> list[SimilarPair]:
    """The definition: every project against every other comparable subject."""
    subjects = [("project", p.id, p.unit_id, p.name, min((e.year for e in p.list_entries), default=None), p.content)
                for p in data.projects if p.type != ConstructionType.OM]  # fmt: skip
    subjects += [("system", s.id, s.unit_id, s.name, None, s.content) for s in data.registered_systems]  # fmt: skip
    pairs = []
    for kind, sid, unit, name, year, content in subjects:
        if kind != "project":
            continue
        scored = []
        for other in subjects:
            o_kind, o_id, o_unit, o_name, o_year, o_content = other
            if (o_kind, o_id) == (kind, sid):
                continue
            if o_unit == unit and not (o_kind == "project" and o_year != year):
                continue
            name_score = jaccard(terms(name), terms(o_name))
            content_score = jaccard(terms(content), terms(o_content))
            if name_score >= NAME_THRESHOLD or (name_score >= NAME_WITH_CONTENT and content_score >= CONTENT_THRESHOLD):  # fmt: skip
                scored.append((round(max(name_score, (name_score + content_score) / 2) * 100), other))  # fmt: skip
        scored.sort(key=lambda s: (-s[0], s[1][0], s[1][1]))
        for score, (o_kind, o_id, o_unit, o_name, _y, _c) in scored[:MAX_MATCHES]:
            matched = common_phrases(name, o_name) or sorted(terms(name) & terms(o_name))
            pairs.append(SimilarPair(sid, o_kind, o_id, o_name, o_unit, score, tuple(matched[:8])))
    return pairs


def random_dataset(seed: int, n: int = 180) -> Dataset:
    rng = random.Random(seed)

    def name() -> str:
        return "江津区" + rng.choice(AREAS) + "".join(rng.sample(WORDS, rng.randint(1, 3)))

    projects = tuple(
        ProjectFacts(
            id=i, name=name(), unit_id=rng.randint(1, 6),
            type=rng.choice([ConstructionType.NEW, ConstructionType.OM, ConstructionType.UPGRADE]),
            total_investment_yuan=1, content=rng.choice(CONTENTS),
            list_entries=(ListEntryFacts(id=i, year=rng.choice([2025, 2026, 2027])),),
        )
        for i in range(1, n + 1)
    )  # fmt: skip
    systems = tuple(
        RegisteredSystemFacts(id=i, unit_id=rng.randint(1, 6), name=name(), content=rng.choice(CONTENTS))
        for i in range(1, 16)
    )  # fmt: skip
    return Dataset(projects=projects, registered_systems=systems)


@pytest.mark.parametrize("seed", range(8))
def test_indexed_pass_equals_every_pair_compared(seed: int) -> None:
    data = random_dataset(seed)
    expected = brute_force(data)
    assert len(expected) > 20  # the data has real work in it
    assert similar_pairs(data) == expected


def test_a_pair_is_reported_from_both_projects() -> None:
    data = random_dataset(3)
    pairs = {(p.project_id, p.other_id) for p in similar_pairs(data) if p.other_kind == "project"}
    # both directions, except where a side already has MAX_MATCHES closer ones
    one_sided = [(a, b) for a, b in pairs if (b, a) not in pairs]
    per_project: dict[int, int] = {}
    for a, _b in pairs:
        per_project[a] = per_project.get(a, 0) + 1
    assert all(per_project.get(b, 0) == MAX_MATCHES for _a, b in one_sided)
    assert duplicates.MAX_POSTING > 180  # every term proposes candidates in these datasets


def _matches(index: duplicates.SimilarityIndex) -> dict[duplicates.Key, dict[duplicates.Key, int]]:
    return {key: found for key, found in index.matches.items() if found}


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("max_posting", [4, 200])
def test_subjects_put_and_removed_one_at_a_time_give_what_a_fresh_index_gives(
    seed: int, max_posting: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Edits, additions and removals, including terms crossing MAX_POSTING both ways; after
    each step the kept matches equal a fresh build's, and the projects the step said changed
    are exactly those whose reported pairs differ."""
    monkeypatch.setattr(duplicates, "MAX_POSTING", max_posting)
    rng = random.Random(seed)
    data = random_dataset(seed, n=60)
    subjects = {s.key: s for s in duplicates.dataset_subjects(data)}
    index = duplicates.SimilarityIndex.build(subjects.values())
    base = random_dataset(seed + 100, n=60)
    pool = duplicates.dataset_subjects(base)  # names and contents to borrow
    for step in range(120):
        before = {key[1]: index.pairs(key[1]) for key in subjects if key[0] == "project"}
        action = rng.random()
        if action < 0.2 and subjects:
            key = rng.choice(sorted(subjects))
            del subjects[key]
            changed = index.remove(key)
        else:
            donor = rng.choice(pool)
            kind = "system" if rng.random() < 0.15 else "project"
            ident = rng.randint(1, 80)
            subject = duplicates.Subject(
                kind, ident, rng.randint(1, 6), donor.name if rng.random() < 0.8 else donor.name[:4],
                rng.choice([2025, 2026, None]) if kind == "project" else None, donor.content,
            )  # fmt: skip
            subjects[subject.key] = subject
            changed = index.put(subject)
        fresh = duplicates.SimilarityIndex.build(sorted(subjects.values(), key=lambda s: s.key))
        assert _matches(index) == _matches(fresh), f"step {step}"
        after = {key[1]: index.pairs(key[1]) for key in subjects if key[0] == "project"}
        differs = {
            pid for pid in before.keys() | after.keys() if before.get(pid, []) != after.get(pid, [])
        }
        assert differs <= changed, f"step {step}: {differs - changed} changed unannounced"


def test_an_unchanged_subject_changes_nothing() -> None:
    data = random_dataset(1, n=40)
    subjects = duplicates.dataset_subjects(data)
    index = duplicates.SimilarityIndex.build(subjects)
    assert index.put(subjects[0]) == set()
    assert index.changed_matches == set() and index.changed_subjects == set()
