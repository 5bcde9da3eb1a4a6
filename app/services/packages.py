"""Review packages (.rdpkg): out to an offline expert, back with the expert's forms.

A package is a zip: `manifest.json` first, then the members it lists, each with its size and
SHA-256. The manifest holds the format and its version, the package id (uuid4), the round id
(the round's uid), the direction (out / back), the expert id and name, issued_at, and for a
return the id of the package it answers.

Out: `round.json` (round, rubric, questions, the expert), `projects.json` (each project's
facts, dossier checklist and open findings), `forms.json` (the blank forms) and, when there
are any, `attachments/…`.
Back: `reviews.json` ({project id: form}).

Reading a package checks, before anything is used: the file size, that it is a zip, the
central directory (member count, names, no encryption, sizes and compression ratios, after
RELIABILITY rule 7), the manifest, that every listed member is present with its size and
hash, and that nothing unlisted is inside. A return is further checked against the database:
a round we know, an expert of that round, a package id never merged before, a reply to a
package we issued, projects of the round, valid forms. Any failure raises `PackageRefused`
with a Chinese and an English reason, and nothing is written.

A second return from the same expert for the same round replaces the first only when the
caller confirms (`merge_return(..., confirm_replace=True)`); `inspect_return` lists the
differences to show first. A merge is one transaction, after a backup of the database file,
and never touches the DRC's project facts.

Reviewer mode (`ReviewerWorkspace`) opens an out package read-only and keeps the expert's
answers in a JSON draft in the user data folder (`reviewer/<package id>.json`), written
atomically on every save; it writes the return package.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import select

from app.models import Expert, ExpertReview, MergedPackage, Project, ReviewRound
from app.models.db import Store
from app.paths import data_dir
from app.rules.checklists import dossier_checklist
from app.services.atomic import atomic_write_bytes, atomic_writer
from app.services.audit import record_event
from app.services.editing import Invalid
from app.services.experts import (
    CHAPTER_GRADE_LABELS,
    CHAPTERS,
    CONCLUSION_LABELS,
    QUESTIONS,
    Criterion,
    ExpertReviewInput,
    round_rubric,
    rubric_data,
    rubric_from_data,
    validate_review,
)
from app.services.roles import drc_only
from app.services.snapshot import evaluate_store, project_facts

FORMAT = "reviewdesk-review-package"
FORMAT_VERSION = 1
SUFFIX = ".rdpkg"
MANIFEST = "manifest.json"
OUT_MEMBERS = ("round.json", "projects.json", "forms.json")
BACK_MEMBERS = ("reviews.json",)
#: zip pre-check caps (RELIABILITY rule 7, sized for dossiers with attachments)
MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_RATIO = 100
RATIO_FLOOR = 64 * 1024  # members smaller than this cannot be a zip bomb: ratio not checked
_BAD_NAME = re.compile(r'[\x00-\x1f\\:*?"<>|]')


class PackageRefused(Exception):
    """The package was not used; nothing was written."""

    def __init__(self, code: str, message_zh: str, message_en: str) -> None:
        super().__init__(f"{code}: {message_en}")
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en


@dataclass(frozen=True)
class Package:
    """A package whose zip structure, manifest and every member hash have been verified."""

    path: Path
    sha256: str
    manifest: dict[str, Any]
    members: dict[str, bytes]

    @property
    def package_id(self) -> str:
        return str(self.manifest["package_id"])

    @property
    def round_uid(self) -> str:
        return str(self.manifest["round_id"])

    @property
    def direction(self) -> str:
        return str(self.manifest["direction"])

    @property
    def expert_id(self) -> int:
        return int(self.manifest["expert_id"])

    def json(self, name: str) -> Any:
        try:
            return json.loads(self.members[name].decode("utf-8"))
        except (KeyError, UnicodeDecodeError, ValueError) as exc:
            raise PackageRefused("bad_member", f"评审包内文件 {name} 无法读取", f"member {name} cannot be read") from exc  # fmt: skip


def _dump(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def build_zip(manifest: dict[str, Any], members: dict[str, bytes]) -> bytes:
    """The package bytes: the manifest (with every member's size and SHA-256) first."""
    listed = [{"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()} for name, data in members.items()]  # fmt: skip
    full = {**manifest, "format": FORMAT, "format_version": FORMAT_VERSION, "members": listed}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(MANIFEST, _dump(full))
        for name, data in members.items():
            compress = (
                zipfile.ZIP_STORED if name.startswith("attachments/") else zipfile.ZIP_DEFLATED
            )
            zf.writestr(name, data, compress_type=compress)
    return buffer.getvalue()


# --------------------------------------------------------------------------- reading


def _refuse(code: str, zh: str, en: str) -> PackageRefused:
    return PackageRefused(code, zh, en)


def _name_ok(name: str) -> bool:
    if not name or len(name) > 255 or _BAD_NAME.search(name) or name.startswith("/"):
        return False
    return all(part not in ("", ".", "..") for part in PurePosixPath(name).parts) and not name.endswith("/")  # fmt: skip


def _precheck(zf: zipfile.ZipFile) -> None:
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _refuse("too_many_members", f"评审包内文件过多（{len(infos)}个）", f"too many members ({len(infos)})")  # fmt: skip
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        raise _refuse("duplicate_member", "评审包内有重名文件", "the package has duplicate member names")  # fmt: skip
    total = 0
    for info in infos:
        if not _name_ok(info.filename):
            raise _refuse("bad_name", f"评审包内文件名不合规：{info.filename!r}", f"ill-formed member name {info.filename!r}")  # fmt: skip
        if info.flag_bits & 0x1:
            raise _refuse("encrypted", "评审包内有加密文件，无法读取", "the package holds encrypted members")  # fmt: skip
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _refuse("ratio", f"评审包内文件 {info.filename} 压缩比异常", f"member {info.filename} has an abnormal compression ratio")  # fmt: skip
    if total > MAX_TOTAL_BYTES:
        raise _refuse("too_large", "评审包解压后过大", "the package is too large when uncompressed")  # fmt: skip


def _check_manifest(manifest: Any) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refuse("not_package", "不是 ReviewDesk 评审包（清单格式不符）", "not a ReviewDesk review package (manifest format)")  # fmt: skip
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise _refuse("too_new", "该评审包由更新版本的 ReviewDesk 制作，请升级程序", "the package was made by a newer ReviewDesk")  # fmt: skip
    try:
        uuid.UUID(str(manifest.get("package_id")))
        uuid.UUID(str(manifest.get("round_id")))
        int(manifest["expert_id"])
    except (KeyError, TypeError, ValueError) as exc:
        raise _refuse("bad_manifest", "评审包清单缺少或含有无效的编号", "the manifest lacks a valid package, round or expert id") from exc  # fmt: skip
    if manifest.get("direction") not in ("out", "back"):
        raise _refuse("bad_manifest", "评审包清单的方向无效", "the manifest has an invalid direction")  # fmt: skip
    members = manifest.get("members")
    if not isinstance(members, list) or not all(isinstance(m, dict) and isinstance(m.get("name"), str) and isinstance(m.get("size"), int) and isinstance(m.get("sha256"), str) for m in members):  # fmt: skip
        raise _refuse("bad_manifest", "评审包清单的文件列表无效", "the manifest's member list is invalid")  # fmt: skip


def read_package(path: str | Path) -> Package:
    """Open and verify a package file (structure, manifest, every hash); no database involved."""
    source = Path(path)
    try:
        size = source.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _refuse("too_large", f"评审包文件过大（{size // 1048576} MB）", f"the package file is too large ({size // 1048576} MB)")  # fmt: skip
        data = source.read_bytes()
    except OSError as exc:
        raise _refuse("unreadable", f"无法读取文件：{source}", f"cannot read {source}: {exc.strerror or exc}") from exc  # fmt: skip
    if not data.startswith(b"PK"):
        raise _refuse("not_zip", "该文件不是评审包（不是 zip 文件）", "this is not a review package (not a zip file)")  # fmt: skip
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            _precheck(zf)
            if MANIFEST not in zf.namelist():
                raise _refuse("missing_member", "评审包缺少清单 manifest.json", "the package has no manifest.json")  # fmt: skip
            manifest = json.loads(zf.read(MANIFEST).decode("utf-8"))
            _check_manifest(manifest)
            listed = {m["name"]: m for m in manifest["members"]}
            present = set(zf.namelist()) - {MANIFEST}
            for name in listed:
                if name not in present:
                    raise _refuse("missing_member", f"评审包缺少文件：{name}（文件不完整或被删改）", f"the package lacks member {name} (incomplete or altered)")  # fmt: skip
            extra = sorted(present - set(listed))
            if extra:
                raise _refuse("unlisted_member", f"评审包内有清单未列出的文件：{extra[0]}", f"the package holds an unlisted member: {extra[0]}")  # fmt: skip
            members: dict[str, bytes] = {}
            for name, entry in listed.items():
                content = zf.read(name)
                if len(content) != entry["size"] or hashlib.sha256(content).hexdigest() != entry["sha256"]:  # fmt: skip
                    raise _refuse("hash_mismatch", f"评审包内文件 {name} 的校验值不符：文件已被修改或损坏", f"member {name} does not match its SHA-256: the package was altered or damaged")  # fmt: skip
                members[name] = content
    except PackageRefused:
        raise
    except Exception as exc:  # zipfile.BadZipFile, zlib.error, bad CRC, EOF, JSON, …
        raise _refuse("corrupt", "评审包已损坏或不完整（可能在传输中被截断或修改）", f"the package is damaged or incomplete (truncated or altered in transit): {exc}") from exc  # fmt: skip
    return Package(source, hashlib.sha256(data).hexdigest(), manifest, members)


# --------------------------------------------------------------------------- out


def _safe_file_name(text: str) -> str:
    cleaned = re.sub(r'[\x00-\x1f\\/:*?"<>|]+', "_", text).strip(" .")
    return cleaned[:80] or "package"


def project_record(project: Project, findings: list[Any]) -> dict[str, Any]:
    """What an expert sees of a project: facts, dossier checklist, open findings."""
    facts = project_facts(project)
    return {
        "id": project.id,
        "code": project.code,
        "name": project.name,
        "unit": project.unit.name,
        "participants": [p.unit.name for p in project.participants],
        "type": project.type.value,
        "stage": project.stage.value,
        "content": project.content,
        "total_investment_yuan": project.total_investment_yuan,
        "declared_yuan": project.declared_yuan,
        "funding_source": project.funding_source,
        "on_gov_cloud": project.on_gov_cloud,
        "cloud_justification": project.cloud_justification,
        "implementing_agency": project.implementing_agency,
        "checklist": [
            {
                "key": i.key,
                "label_zh": i.label_zh,
                "label_en": i.label_en,
                "article": i.article,
                "status": i.status.value,
                "applicable": i.applicable,
                "reason_zh": i.reason_zh,
                "remark": i.remark,
                "parent": i.parent,
            }
            for i in dossier_checklist(facts)
        ],
        "findings": [
            {
                "code": f.code,
                "severity": f.severity.value,
                "article": f.article,
                "message_zh": f.message_zh,
                "message_en": f.message_en,
            }
            for f in findings
            if f.open and f.project_id == project.id
        ],
    }


def round_record(rnd: ReviewRound, expert: Expert) -> dict[str, Any]:
    return {
        "round_id": rnd.uid,
        "round_name": rnd.name,
        "rubric": rubric_data(round_rubric(rnd)),
        "questions": [list(q) for q in QUESTIONS],
        "chapters": [list(c) for c in CHAPTERS],
        "expert": {"id": expert.id, "name": expert.name, "organisation": expert.organisation},
    }


@drc_only("发出评审包")
def export_round_packages(store: Store, round_id: int, folder: str | Path, *, today: date | None = None,
                          now: datetime | None = None, expert_ids: list[int] | None = None) -> list[Path]:  # fmt: skip
    """One out package per member expert of the round (or the given experts), written atomically.

    The issued package ids are recorded so that only replies to them are accepted.
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    stamp = now or datetime.now().astimezone()
    findings = evaluate_store(store, today or date.today())
    written: list[Path] = []
    with store.write() as session:
        rnd = session.get(ReviewRound, round_id)
        if rnd is None:
            raise Invalid("round", "评审批次不存在", "no such review round")
        chosen = [e for e in rnd.experts if (e.expert_id in expert_ids if expert_ids is not None else e.role == "member")]  # fmt: skip
        if not chosen:
            raise Invalid("experts", "该批次尚未确定评审专家", "the round has no experts yet")
        projects = [project_record(rp.project, findings) for rp in rnd.projects]
        rubric = round_rubric(rnd)
        blank = {str(p["id"]): ExpertReviewInput().to_data() for p in projects}
        for member in chosen:
            expert = member.expert
            package_id = str(uuid.uuid4())
            manifest = {
                "package_id": package_id, "round_id": rnd.uid, "round_name": rnd.name,
                "direction": "out", "expert_id": expert.id, "expert_name": expert.name,
                "issued_at": stamp.isoformat(timespec="seconds"), "projects": len(projects),
            }  # fmt: skip
            data = build_zip(manifest, {
                "round.json": _dump(round_record(rnd, expert)),
                "projects.json": _dump(projects),
                "forms.json": _dump({"rubric": rubric_data(rubric), "forms": blank}),
            })  # fmt: skip
            path = target / f"{_safe_file_name(rnd.name)}-{_safe_file_name(expert.name)}{SUFFIX}"
            atomic_write_bytes(path, data)
            session.add(MergedPackage(package_id=package_id, round_id=rnd.id, expert_id=expert.id, direction="out",
                                      sha256=hashlib.sha256(data).hexdigest(), merged_at=stamp.replace(tzinfo=None)))  # fmt: skip
            written.append(path)
    return written


# --------------------------------------------------------------------------- back


@dataclass(frozen=True, slots=True)
class Difference:
    project: str
    item: str
    before: str
    after: str


@dataclass
class ReturnPlan:
    """A verified return package, ready to merge."""

    package: Package
    round_id: int
    round_name: str
    expert_id: int
    expert_name: str
    reviews: dict[int, ExpertReviewInput]
    replaces: bool = False
    differences: list[Difference] = field(default_factory=list)


class NeedsConfirmation(Exception):
    """A second return from the same expert: show `plan.differences`, then confirm."""

    def __init__(self, plan: ReturnPlan) -> None:
        super().__init__(f"{plan.expert_name} already returned this round; confirm to replace")
        self.plan = plan


def stored_form(review: ExpertReview) -> ExpertReviewInput:
    data = json.loads(review.answers or "{}")
    return ExpertReviewInput(
        answers=data.get("answers", {}), comments=data.get("comments", {}),
        chapters=data.get("chapters", {}), chapter_comments=data.get("chapter_comments", {}),
        scores=data.get("scores", {}), conclusion=review.conclusion,
        suggested_yuan=review.suggested_yuan, opinion=review.opinion,
    )  # fmt: skip


def form_lines(form: ExpertReviewInput, rubric: tuple[Criterion, ...]) -> dict[str, str]:
    """Every item of a form as (label → text), for showing differences."""
    lines: dict[str, str] = {}
    answer_zh = {"yes": "是", "partly": "部分", "no": "否"}
    for key, _article, zh, _en in QUESTIONS:
        text = answer_zh.get(form.answers.get(key, ""), "")
        comment = form.comments.get(key, "")
        lines[zh] = f"{text} {comment}".strip()
    for code, zh, _en in CHAPTERS:
        grade = CHAPTER_GRADE_LABELS.get(form.chapters.get(code, ""), ("", ""))[0]
        lines[f"章节：{zh}"] = f"{grade} {form.chapter_comments.get(code, '')}".strip()
    for c in rubric:
        score = form.scores.get(c.key)
        lines[f"评分：{c.label_zh}"] = "" if score is None else str(score)
    lines["评审结论"] = CONCLUSION_LABELS.get(form.conclusion or "", ("", ""))[0]
    lines["建议投资（元）"] = "" if form.suggested_yuan is None else str(form.suggested_yuan)
    lines["意见"] = form.opinion
    return lines


def inspect_return(store: Store, path: str | Path) -> ReturnPlan:
    """Verify a return package against the database (read only); raise `PackageRefused`."""
    package = read_package(path)
    if package.direction != "back":
        raise _refuse("wrong_direction", "这是发给专家的评审包，不是专家返回的评审包", "this is an outgoing package, not an expert's return")  # fmt: skip
    with store.read() as session:
        rnd = session.scalar(select(ReviewRound).where(ReviewRound.uid == package.round_uid))
        if rnd is None:
            raise _refuse("foreign_round", f"评审包属于其他评审批次（{package.manifest.get('round_name', '')}），不是本数据库的批次", "the package belongs to a review round this database does not have")  # fmt: skip
        if session.scalar(select(MergedPackage.id).where(MergedPackage.package_id == package.package_id)):  # fmt: skip
            raise _refuse("duplicate", "该评审包已经导入过（重复导入被拒绝）", "this package has already been imported (replay refused)")  # fmt: skip
        member = next((e for e in rnd.experts if e.expert_id == package.expert_id), None)
        if member is None:
            raise _refuse("foreign_expert", "评审包的专家不属于该评审批次", "the package's expert is not an expert of this round")  # fmt: skip
        reply_to = str(package.manifest.get("in_reply_to", ""))
        issued = session.scalar(select(MergedPackage).where(MergedPackage.package_id == reply_to, MergedPackage.direction == "out"))  # fmt: skip
        if issued is None or issued.round_id != rnd.id or issued.expert_id != package.expert_id:
            raise _refuse("not_issued", "评审包不是对本数据库发出的评审包的答复", "the package does not answer a package issued by this database")  # fmt: skip
        rubric = round_rubric(rnd)
        projects = {rp.project_id: rp.project.name for rp in rnd.projects}
        raw = package.json("reviews.json")
        if not isinstance(raw, dict):
            raise _refuse("bad_member", "reviews.json 格式错误", "reviews.json is malformed")
        reviews: dict[int, ExpertReviewInput] = {}
        for key, data in raw.items():
            if not str(key).isdigit() or int(key) not in projects:
                raise _refuse("unknown_project", f"评审包含有不属于该批次的项目：{key}", f"the package reviews a project outside the round: {key}")  # fmt: skip
            try:
                reviews[int(key)] = validate_review(data, rubric)
            except Invalid as exc:
                raise _refuse("invalid_form", f"项目“{projects[int(key)]}”的评审表无效：{exc.message_zh}", f"the form of project {key} is invalid: {exc.message_en}") from exc  # fmt: skip
        old = {r.project_id: r for r in session.scalars(select(ExpertReview).where(ExpertReview.round_id == rnd.id, ExpertReview.expert_id == package.expert_id))}  # fmt: skip
        plan = ReturnPlan(package, rnd.id, rnd.name, package.expert_id, member.expert.name, reviews, replaces=bool(old))  # fmt: skip
        for project_id in sorted(set(old) | set(reviews), key=lambda p: list(projects).index(p)):
            before = form_lines(stored_form(old[project_id]), rubric) if project_id in old else {}
            after = form_lines(reviews.get(project_id, ExpertReviewInput()), rubric)
            for item in [*after, *(k for k in before if k not in after)]:
                if before.get(item, "") != after.get(item, ""):
                    plan.differences.append(Difference(projects[project_id], item, before.get(item, ""), after.get(item, "")))  # fmt: skip
    return plan


@dataclass(frozen=True, slots=True)
class MergeResult:
    round_id: int
    expert_id: int
    expert_name: str
    projects: int
    replaced: bool
    backup: Path | None


@drc_only("合并专家回传的评审包")
def merge_return(store: Store, source: str | Path | ReturnPlan, *, confirm_replace: bool = False,
                 now: datetime | None = None) -> MergeResult:  # fmt: skip
    """Merge a verified return in one transaction; a replacement needs `confirm_replace`."""
    plan = source if isinstance(source, ReturnPlan) else inspect_return(store, source)
    if plan.replaces and not confirm_replace:
        raise NeedsConfirmation(plan)
    backup = None
    if store.path is not None:
        from app.models.migrate import backup as make_backup

        backup = make_backup(store.path, "pre-merge")
    stamp = (now or datetime.now()).replace(tzinfo=None)
    with store.write() as session:
        if session.scalar(select(MergedPackage.id).where(MergedPackage.package_id == plan.package.package_id)):  # fmt: skip
            raise _refuse("duplicate", "该评审包已经导入过（重复导入被拒绝）", "this package has already been imported (replay refused)")  # fmt: skip
        for old in session.scalars(select(ExpertReview).where(ExpertReview.round_id == plan.round_id, ExpertReview.expert_id == plan.expert_id)):  # fmt: skip
            session.delete(old)
        session.flush()
        for project_id, form in plan.reviews.items():
            data = form.to_data()
            stored = {k: data[k] for k in ("answers", "comments", "chapters", "chapter_comments", "scores")}  # fmt: skip
            session.add(ExpertReview(round_id=plan.round_id, project_id=project_id, expert_id=plan.expert_id,
                                     conclusion=form.conclusion, suggested_yuan=form.suggested_yuan,
                                     answers=json.dumps(stored, ensure_ascii=False, sort_keys=True),
                                     opinion=form.opinion, package_id=plan.package.package_id, received_at=stamp))  # fmt: skip
        session.add(MergedPackage(package_id=plan.package.package_id, round_id=plan.round_id, expert_id=plan.expert_id,
                                  direction="back", sha256=plan.package.sha256, merged_at=stamp))  # fmt: skip
        record_event(session, "package", "merge", f"合并专家评审包：{plan.expert_name}（{plan.round_name}）", after={
            "package_id": plan.package.package_id, "sha256": plan.package.sha256, "round_id": plan.round_id,
            "expert_id": plan.expert_id, "projects": len(plan.reviews), "replaced": plan.replaces})  # fmt: skip
    return MergeResult(plan.round_id, plan.expert_id, plan.expert_name, len(plan.reviews), plan.replaces, backup)  # fmt: skip


# --------------------------------------------------------------------------- reviewer mode


def reviewer_dir() -> Path:
    path = data_dir() / "reviewer"
    path.mkdir(parents=True, exist_ok=True)
    return path


class ReviewerWorkspace:
    """An expert's work on one out package: read-only projects, forms saved as a JSON draft."""

    def __init__(self, package: Package) -> None:
        if package.direction != "out":
            raise _refuse("wrong_direction", "这是专家返回的评审包，请在评审管理端导入", "this is a return package: import it in the DRC's database")  # fmt: skip
        self.package = package
        info = package.json("round.json")
        self.round_name: str = str(info.get("round_name", ""))
        self.expert_name: str = str(info.get("expert", {}).get("name", ""))
        self.rubric: tuple[Criterion, ...] = rubric_from_data(package.json("forms.json")["rubric"])
        self.projects: list[dict[str, Any]] = list(package.json("projects.json"))
        self.draft_path = reviewer_dir() / f"{package.package_id}.json"
        self.forms: dict[int, ExpertReviewInput] = {}
        if self.draft_path.exists():
            try:
                saved = json.loads(self.draft_path.read_text(encoding="utf-8"))
                for key, data in saved.get("forms", {}).items():
                    self.forms[int(key)] = validate_review(data, self.rubric)
            except (OSError, ValueError, Invalid, AttributeError):
                self.forms = {}  # a damaged draft: start again rather than fail to open

    @classmethod
    def open(cls, path: str | Path) -> ReviewerWorkspace:
        return cls(read_package(path))

    def project(self, project_id: int) -> dict[str, Any]:
        return next(p for p in self.projects if p["id"] == project_id)

    def form(self, project_id: int) -> ExpertReviewInput:
        return self.forms.get(project_id, ExpertReviewInput())

    def save_form(self, project_id: int, value: ExpertReviewInput) -> None:
        """Validate and keep the form; the draft file is replaced atomically."""
        if all(p["id"] != project_id for p in self.projects):
            raise Invalid("project", "项目不在该评审包中", "the project is not in this package")
        checked = validate_review(value.to_data(), self.rubric)
        forms = {**self.forms, project_id: checked}
        draft = {
            "package_id": self.package.package_id, "package_sha256": self.package.sha256,
            "source": str(self.package.path),
            "saved_at": datetime.now().astimezone().isoformat(timespec="seconds"),
            "forms": {str(k): v.to_data() for k, v in sorted(forms.items())},
        }  # fmt: skip
        atomic_write_bytes(self.draft_path, _dump(draft))
        self.forms = forms

    def default_return_name(self) -> str:
        return (
            f"{_safe_file_name(self.round_name)}-{_safe_file_name(self.expert_name)}-返回{SUFFIX}"
        )

    def write_return(self, path: str | Path, *, now: datetime | None = None) -> Path:
        """The return package: the saved forms, answering this package."""
        manifest = self.package.manifest
        stamp = (now or datetime.now().astimezone()).isoformat(timespec="seconds")
        back = {
            "package_id": str(uuid.uuid4()), "round_id": manifest["round_id"],
            "round_name": manifest.get("round_name", ""), "direction": "back",
            "expert_id": manifest["expert_id"], "expert_name": manifest.get("expert_name", ""),
            "issued_at": stamp, "in_reply_to": self.package.package_id,
        }  # fmt: skip
        reviews = {str(k): v.to_data() for k, v in sorted(self.forms.items()) if not v.is_empty}
        data = build_zip(back, {"reviews.json": _dump(reviews)})
        target = Path(path)
        with atomic_writer(target) as handle:
            handle.write(data)
        return target
