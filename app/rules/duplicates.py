"""DUP-SIMILAR: deterministic similarity of project names and construction content.

Texts are cut into Chinese character bigrams (and ASCII words), minus bigrams that every
e-government project shares (系统, 平台, 建设, 项目, 江津 …). Two subjects are similar when
their names overlap strongly, or their names overlap and their contents do too. Candidate
pairs come from an inverted index over name bigrams, so the cost is near-linear.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher

from app.rules.facts import ConstructionType, Dataset, ProjectFacts

#: bigrams too common in this domain to say anything about duplication
STOP_BIGRAMS = frozenset(
    [
        "系统",
        "平台",
        "建设",
        "项目",
        "江津",
        "津区",
        "信息",
        "息化",
        "政务",
        "一期",
        "二期",
        "三期",
        "工程",
        "服务",
        "管理",
        "综合",
        "智慧",
        "数字",
        "字化",
        "升级",
        "改造",
        "运行",
        "维护",
        "运维",
        "采购",
        "区级",
        "全区",
        "中心",
        "应用",
        "工作",
        "年度",
        "软件",
        "硬件",
        "设备",
        "网络",
        "数据",
    ]
)
NAME_THRESHOLD = 0.5  # name overlap alone
NAME_WITH_CONTENT = 0.3  # name overlap when contents also overlap ≥ CONTENT_THRESHOLD
CONTENT_THRESHOLD = 0.4
#: at most this many matches are reported per project (the closest ones)
MAX_MATCHES = 5
#: a name term shared by more subjects than this is too common to propose candidates: a pair
#: must also share a rarer term to be compared. A constant keeps the cost linear in the number
#: of projects (a share of the dataset would make it quadratic).
MAX_POSTING = 200

_CJK = re.compile(r"[\u4e00-\u9fff]+")
_WORD = re.compile(r"[A-Za-z0-9]{2,}")


#: place names every project starts with; their bigrams would glue onto the first word
PREFIXES = ("重庆市", "江津区", "江津")


def terms(text: str) -> frozenset[str]:
    text = _strip(text)
    grams: set[str] = set()
    for run in _CJK.findall(text):
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
    grams.update(w.lower() for w in _WORD.findall(text))
    return frozenset(grams - STOP_BIGRAMS)


def _strip(text: str) -> str:
    for prefix in PREFIXES:
        text = text.replace(prefix, "")
    return text


def common_phrases(a: str, b: str) -> list[str]:
    """The runs of two or more characters both names share (what a reader recognises)."""
    left, right = _strip(a), _strip(b)
    blocks = SequenceMatcher(None, left, right, autojunk=False).get_matching_blocks()
    return [left[x.a : x.a + x.size] for x in blocks if x.size >= 2]


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    both = len(a & b)  # |a ∪ b| = |a| + |b| - |a ∩ b|, without building the union
    return both / (len(a) + len(b) - both)


@dataclass(frozen=True, slots=True)
class _Subject:
    kind: str  # "project" | "system"
    id: int
    unit_id: int
    name: str
    first_year: int | None
    name_terms: frozenset[str]
    content_terms: frozenset[str]


@dataclass(frozen=True, slots=True)
class SimilarPair:
    project_id: int
    other_kind: str
    other_id: int
    other_name: str
    other_unit_id: int
    score_percent: int
    terms: tuple[str, ...]


def _first_year(p: ProjectFacts) -> int | None:
    return min((e.year for e in p.list_entries), default=None)


def _comparable(a: _Subject, b: _Subject) -> bool:
    if a.unit_id != b.unit_id:
        return True
    # same unit: only a project of another year (a re-submission under a new name)
    return b.kind == "project" and a.first_year != b.first_year


def similar_pairs(data: Dataset) -> list[SimilarPair]:
    subjects = [
        _Subject(
            "project", p.id, p.unit_id, p.name, _first_year(p), terms(p.name), terms(p.content)
        )
        for p in data.projects
        if p.type != ConstructionType.OM  # O&M of a system naturally repeats its name
    ] + [
        _Subject("system", s.id, s.unit_id, s.name, None, terms(s.name), terms(s.content))
        for s in data.registered_systems
    ]
    index: dict[str, list[int]] = defaultdict(list)
    for position, subject in enumerate(subjects):
        for term in subject.name_terms:
            index[term].append(position)
    # each unordered pair of projects is scored once, from its lower position, for both sides;
    # a project against a registered system only from the project's side
    scored: dict[int, list[tuple[int, int]]] = defaultdict(list)  # position → (score, other)
    for position, subject in enumerate(subjects):
        if subject.kind != "project":
            continue
        candidates = {
            other
            for term in subject.name_terms
            if len(index[term]) <= MAX_POSTING
            for other in index[term]
            if other > position or subjects[other].kind != "project"
        }
        for other_position in candidates:
            other = subjects[other_position]
            if not _comparable(subject, other):
                continue
            name_score = jaccard(subject.name_terms, other.name_terms)
            if name_score < NAME_WITH_CONTENT:
                continue
            content_score = jaccard(subject.content_terms, other.content_terms)
            if name_score >= NAME_THRESHOLD or content_score >= CONTENT_THRESHOLD:
                score = round(max(name_score, (name_score + content_score) / 2) * 100)
                scored[position].append((score, other_position))
                if other.kind == "project":
                    scored[other_position].append((score, position))
    rank = [(subject.kind, subject.id) for subject in subjects]  # ties: projects, then by id
    pairs: list[SimilarPair] = []
    for position, subject in enumerate(subjects):
        if position not in scored:
            continue
        best = sorted(scored[position], key=lambda item: (-item[0], rank[item[1]]))
        for score, other_position in best[:MAX_MATCHES]:
            other = subjects[other_position]
            matched = common_phrases(subject.name, other.name) or sorted(
                subject.name_terms & other.name_terms
            )
            pairs.append(
                SimilarPair(
                    subject.id, other.kind, other.id, other.name, other.unit_id, score,
                    tuple(matched[:8]),
                )
            )  # fmt: skip
    return pairs
