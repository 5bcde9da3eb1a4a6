"""DUP-SIMILAR: deterministic similarity of project names and construction content.

Texts are cut into Chinese character bigrams (and ASCII words), minus bigrams that every
e-government project shares (系统, 平台, 建设, 项目, 江津 …). Two subjects are similar when
their names overlap strongly, or their names overlap and their contents do too.

Candidates come from an inverted index over name terms (`SimilarityIndex`): two subjects are
compared only when they share a name term that at most MAX_POSTING subjects have. The index
keeps every project's scored matches, so adding, editing or removing one subject compares it
with its candidates only and says which projects' reported pairs may have changed. Why an
index of bigram postings rather than MinHash/LSH or SQLite's FTS5 trigram: the definition of a
match (Jaccard over bigram sets, and the rarity rule that decides which pairs are compared) is
the bigram postings themselves, so the index gives exactly the pairs the definition gives,
where LSH would be a probabilistic approximation and trigrams a different definition; and the
postings can be kept in plain SQL tables (a term, a subject per row) on SQLite and
PostgreSQL alike.
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
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


#: a subject of the index: ("project", project id) or ("system", registered system id);
#: tuples order projects before systems, then by id (the order ties are broken in)
Key = tuple[str, int]


@dataclass(frozen=True, slots=True)
class Subject:
    """What DUP-SIMILAR knows of a project or a registered system."""

    kind: str  # "project" | "system"
    id: int
    unit_id: int
    name: str
    first_year: int | None  # projects: the first year on the project list
    content: str
    name_terms: frozenset[str] = field(init=False, compare=False)
    content_terms: frozenset[str] = field(init=False, compare=False)
    key: Key = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "name_terms", terms(self.name))
        object.__setattr__(self, "content_terms", terms(self.content))
        object.__setattr__(self, "key", (self.kind, self.id))


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


def project_subject(p: ProjectFacts) -> Subject | None:
    """The project as a subject, or None for 运行维护 (the O&M of a system repeats its name)."""
    if p.type == ConstructionType.OM:
        return None
    return Subject("project", p.id, p.unit_id, p.name, _first_year(p), p.content)


def dataset_subjects(data: Dataset) -> list[Subject]:
    """Every subject of the dataset: its projects (in order), then its registered systems."""
    projects = [s for s in map(project_subject, data.projects) if s is not None]
    systems = [
        Subject("system", s.id, s.unit_id, s.name, None, s.content) for s in data.registered_systems
    ]
    return projects + systems


def _comparable(a: Subject, b: Subject) -> bool:
    if a.unit_id != b.unit_id:
        return True
    # same unit: only a project of another year (a re-submission under a new name)
    return b.kind == "project" and a.first_year != b.first_year


def score(a: Subject, b: Subject) -> int | None:
    """The similarity of project `a` and subject `b` in percent, or None when they do not match.

    Symmetric for two projects (Jaccard is, and so is comparability)."""
    if not _comparable(a, b):
        return None
    name_score = jaccard(a.name_terms, b.name_terms)
    if name_score < NAME_WITH_CONTENT:
        return None
    content_score = jaccard(a.content_terms, b.content_terms)
    if name_score >= NAME_THRESHOLD or content_score >= CONTENT_THRESHOLD:
        return round(max(name_score, (name_score + content_score) / 2) * 100)
    return None


class Postings:
    """Which subjects have each name term (in memory). A store may keep the same in SQL
    tables, loading a term's members only when the term is rare enough to propose candidates."""

    def __init__(self) -> None:
        self._members: defaultdict[str, set[Key]] = defaultdict(set)

    def size(self, term: str) -> int:
        members = self._members.get(term)
        return 0 if members is None else len(members)

    def members(self, term: str) -> set[Key]:
        """The subjects having `term` (asked only when size(term) ≤ MAX_POSTING + 1)."""
        return self._members.get(term) or set()

    def add(self, term: str, key: Key) -> None:
        self._members[term].add(key)

    def discard(self, term: str, key: Key) -> None:
        members = self._members.get(term)
        if members is not None:
            members.discard(key)
            if not members:
                del self._members[term]


class SimilarityIndex:
    """Name-term postings and every subject's matches (other subject → score), kept current.

    `subjects` and `matches` may be mappings that load what they lack on first access, and
    `postings` an object like `Postings` over a store (a store can keep all three in
    SQL tables): the index reads only the entries it needs and notes in `changed_subjects` and
    `changed_matches` what it modified, so the caller can write those back. Matches are kept on
    both sides of a pair (a registered system keeps the projects that match it, so that editing
    it finds them); only projects report pairs.
    """

    def __init__(
        self,
        subjects: MutableMapping[Key, Subject] | None = None,
        postings: Postings | None = None,
        matches: MutableMapping[Key, dict[Key, int]] | None = None,
    ) -> None:
        self.subjects: MutableMapping[Key, Subject] = {} if subjects is None else subjects
        self.postings: Postings = Postings() if postings is None else postings
        self.matches: MutableMapping[Key, dict[Key, int]] = {} if matches is None else matches
        self.changed_subjects: set[Key] = set()
        self.changed_matches: set[Key] = set()

    # ------------------------------------------------------------------ building at once
    @classmethod
    def build(cls, subjects: Iterable[Subject]) -> SimilarityIndex:
        """The index of `subjects`, each unordered pair scored once (the fast path of a full run)."""
        ordered = list(subjects)
        position: dict[Key, int] = {}
        index = cls()
        members = index.postings._members
        for i, subject in enumerate(ordered):
            position[subject.key] = i
            index.subjects[subject.key] = subject
            for term in subject.name_terms:
                members[term].add(subject.key)
        matches: defaultdict[Key, dict[Key, int]] = defaultdict(dict)
        for i, subject in enumerate(ordered):
            if subject.kind != "project":
                continue
            candidates = {
                other
                for term in subject.name_terms
                if len(posting := members[term]) <= MAX_POSTING
                for other in posting
                if other[0] != "project" or position[other] > i
            }
            for other_key in candidates:
                value = score(subject, index.subjects[other_key])
                if value is not None:
                    matches[subject.key][other_key] = value
                    matches[other_key][subject.key] = value
        matches.default_factory = None  # from now on a missing key is missing
        index.matches = matches
        return index

    # ------------------------------------------------------------------ one subject at a time
    def _subject(self, key: Key) -> Subject | None:
        try:
            return self.subjects[key]
        except KeyError:
            return None

    def _matches(self, key: Key) -> dict[Key, int]:
        try:
            return self.matches[key]
        except KeyError:  # a plain dict; a loading mapping never raises
            return self.matches.setdefault(key, {})

    def candidates(self, subject: Subject) -> set[Key]:
        """Subjects sharing a name term that at most MAX_POSTING subjects have."""
        found: set[Key] = set()
        for term in subject.name_terms:
            if self.postings.size(term) <= MAX_POSTING:
                found |= self.postings.members(term)
        found.discard(subject.key)
        return found

    def _score_pair(self, a: Subject, b: Subject) -> int | None:
        if a.kind == "project":
            return score(a, b)
        return score(b, a) if b.kind == "project" else None  # systems are not compared

    def _rematch(self, key: Key) -> set[Key]:
        """Score `key` against its candidates again; both sides updated. Returns who changed."""
        subject = self._subject(key)
        old = dict(self._matches(key))
        new: dict[Key, int] = {}
        if subject is not None:
            candidates = self.candidates(subject)
            prefetch = getattr(self.subjects, "prefetch", None)  # a loading mapping's batch read
            if prefetch is not None:
                prefetch(candidates)
            for other_key in candidates:
                other = self._subject(other_key)
                value = None if other is None else self._score_pair(subject, other)
                if value is not None:
                    new[other_key] = value
        if new == old:
            return set()
        changed = {key}
        self.matches[key] = new
        self.changed_matches.add(key)
        for other_key in old.keys() | new.keys():
            if old.get(other_key) == new.get(other_key):
                continue
            theirs = self._matches(other_key)
            if other_key in new:
                theirs[key] = new[other_key]
            else:
                theirs.pop(key, None)
            self.changed_matches.add(other_key)
            changed.add(other_key)
        return changed

    def _set_terms(self, key: Key, old: frozenset[str], new: frozenset[str]) -> set[str]:
        """Move `key` between postings; the terms whose posting crossed MAX_POSTING."""
        crossed = set()
        for term in old - new:
            self.postings.discard(term, key)
            if self.postings.size(term) == MAX_POSTING:
                crossed.add(term)
        for term in new - old:
            self.postings.add(term, key)
            if self.postings.size(term) == MAX_POSTING + 1:
                crossed.add(term)
        return crossed

    def put(self, subject: Subject) -> set[int]:
        """Add or replace a subject; the ids of the projects whose matches may have changed."""
        old = self._subject(subject.key)
        if old == subject:
            return set()
        self.subjects[subject.key] = subject
        self.changed_subjects.add(subject.key)
        crossed = self._set_terms(
            subject.key, old.name_terms if old else frozenset(), subject.name_terms
        )
        changed = self._rematch(subject.key)
        if old is not None:
            changed.add(subject.key)  # its name or unit, shown in its pairs, may have changed
            changed |= self._matches(subject.key).keys()  # they name it in their findings
        changed |= self._recount(crossed)
        return {key[1] for key in changed if key[0] == "project"}

    def remove(self, key: Key) -> set[int]:
        """Remove a subject (deleted, or now 运行维护); the projects whose matches changed."""
        old = self._subject(key)
        if old is None:
            return set()
        crossed = self._set_terms(key, old.name_terms, frozenset())
        del self.subjects[key]
        self.changed_subjects.add(key)
        changed = {key}
        for other_key in self._matches(key):
            self._matches(other_key).pop(key, None)
            self.changed_matches.add(other_key)
            changed.add(other_key)
        self.matches[key] = {}
        self.changed_matches.add(key)
        changed |= self._recount(crossed)
        return {k[1] for k in changed if k[0] == "project"}

    def _recount(self, crossed: set[str]) -> set[Key]:
        """A term that became too common (or rare enough) adds or removes candidates of every
        subject that has it: score each of them again."""
        changed: set[Key] = set()
        for term in crossed:
            for member in list(self.postings.members(term)):
                changed |= self._rematch(member)
        return changed

    # ------------------------------------------------------------------ what is reported
    def best_matches(self, project_id: int) -> list[Match]:
        """The project's closest matches (at most MAX_MATCHES), before their common phrases are
        found (`similar_pair`): what a full run hands its worker processes."""
        key = ("project", project_id)
        subject = self._subject(key)
        try:
            found = self.matches[key]
        except KeyError:
            return []
        if subject is None or not found:
            return []
        # the same as sorted(...)[:MAX_MATCHES], without sorting every match
        best = heapq.nsmallest(MAX_MATCHES, found.items(), key=lambda item: (-item[1], item[0]))
        matches = []
        for other_key, value in best:
            other = self.subjects[other_key]
            matches.append(
                Match(
                    subject.id, subject.name, other.kind, other.id, other.name, other.unit_id,
                    value, tuple(sorted(subject.name_terms & other.name_terms)),
                )
            )  # fmt: skip
        return matches

    def pairs(self, project_id: int) -> list[SimilarPair]:
        """The project's closest matches (at most MAX_MATCHES), as DUP-SIMILAR reports them."""
        return [similar_pair(m) for m in self.best_matches(project_id)]


@dataclass(frozen=True, slots=True)
class Match:
    """One of a project's closest matches, as `SimilarityIndex.best_matches` finds it."""

    project_id: int
    name: str
    other_kind: str
    other_id: int
    other_name: str
    other_unit_id: int
    score_percent: int
    shared_terms: tuple[str, ...]  # the name terms both have, sorted


def similar_pair(m: Match) -> SimilarPair:
    """The pair DUP-SIMILAR reports for a match: the phrases both names share (or else their
    common terms)."""
    matched = common_phrases(m.name, m.other_name) or list(m.shared_terms)
    return SimilarPair(
        m.project_id, m.other_kind, m.other_id, m.other_name, m.other_unit_id, m.score_percent,
        tuple(matched[:8]),
    )  # fmt: skip


_GIVEN: ContextVar[Mapping[int, list[SimilarPair]] | None] = ContextVar(
    "similar_pairs_given", default=None
)


@contextmanager
def pairs_from(given: Mapping[int, list[SimilarPair]]) -> Iterator[None]:
    """Within the block, `similar_pairs(data)` gives the pairs in `given` (project id → its pairs,
    e.g. from a kept `SimilarityIndex`) for the projects of `data` found there, instead of
    comparing the subjects of `data`: how a few projects' findings are evaluated on a dataset
    of those projects alone (`app.services.kept`)."""
    token = _GIVEN.set(given)
    try:
        yield
    finally:
        _GIVEN.reset(token)


def similar_pairs(data: Dataset) -> list[SimilarPair]:
    """Every project's reported pairs, in the order of `data.projects`."""
    given = _GIVEN.get()
    if given is not None:
        return [pair for p in data.projects for pair in given.get(p.id, ())]
    subjects = dataset_subjects(data)
    index = SimilarityIndex.build(subjects)
    return [
        pair
        for subject in subjects
        if subject.kind == "project"
        for pair in index.pairs(subject.id)
    ]
