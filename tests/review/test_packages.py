"""Review packages: out and back, and every refusal leaves the database unchanged."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.crypto import sm3_hex
from app.models import ExpertReview, MergedPackage
from app.services.experts import ExpertReviewInput
from app.services.packages import (
    NeedsConfirmation,
    PackageRefused,
    ReviewerWorkspace,
    export_round_packages,
    inspect_return,
    merge_return,
    read_package,
)
from tests.conftest import DEMO_TODAY_ISO
from tests.review.helpers import expert_key, make_round

TODAY = __import__("datetime").date.fromisoformat(DEMO_TODAY_ISO)


def filled(score: int, conclusion: str = "agree", opinion: str = "") -> ExpertReviewInput:
    keys = ("necessity", "design", "sharing", "security", "investment", "performance")
    return ExpertReviewInput(
        answers={"art8_basis": "yes"},
        chapters={"sec": "weak"},
        chapter_comments={"sec": "等保方案不完整"},
        scores=dict.fromkeys(keys, score),
        conclusion=conclusion,
        suggested_yuan=10_000_000,
        opinion=opinion,
    )


def returned(out: Path, folder: Path, score: int = 80, conclusion: str = "agree") -> Path:
    """The return the package's expert writes on their own computer (their own key)."""
    package = read_package(out)
    work = ReviewerWorkspace(package, signer=expert_key(package.expert_id))
    for project in work.projects:
        work.save_form(project["id"], filled(score, conclusion, f"意见{score}"))
    return work.write_return(folder / work.default_return_name())


def counts(store: Any, round_id: int | None = None) -> tuple[int, int]:
    """Reviews and package ids, of one round when given (the demo has a round of its own)."""
    reviews = select(func.count()).select_from(ExpertReview)
    merged = select(func.count()).select_from(MergedPackage)
    if round_id is not None:
        reviews = reviews.where(ExpertReview.round_id == round_id)
        merged = merged.where(MergedPackage.round_id == round_id)
    with store.read() as session:
        return session.scalar(reviews), session.scalar(merged)


@pytest.fixture
def exported(demo_store: Any, tmp_path: Path) -> tuple[int, list[Path]]:
    round_id, _experts = make_round(demo_store)
    return round_id, export_round_packages(demo_store, round_id, tmp_path / "out", today=TODAY)


def test_out_package_holds_manifest_hashes_round_and_expert(exported: Any) -> None:
    _round_id, paths = exported
    assert len(paths) == 2 and all(p.suffix == ".rdpkg" for p in paths)
    package = read_package(paths[0])
    manifest = package.manifest
    assert manifest["direction"] == "out" and manifest["format_version"] == 2
    # addressed to the key the DRC registered for the expert
    assert manifest["sequence"] == 1
    assert manifest["recipient_key_id"] == expert_key(package.expert_id).key_id
    assert manifest["issued_at"] < manifest["expires_at"] and len(manifest["issuer_key_id"]) == 32
    assert {m["name"] for m in manifest["members"]} == {"round.json", "projects.json", "forms.json"}
    for member in manifest["members"]:
        data = package.members[member["name"]]
        assert (
            hashlib.sha256(data).hexdigest() == member["sha256"] and sm3_hex(data) == member["sm3"]
        )
    with zipfile.ZipFile(paths[0]) as zf:
        assert zf.namelist()[:2] == ["manifest.json", "manifest.sig"]
    projects = package.json("projects.json")
    assert [p["id"] for p in projects] == [2, 3]
    assert projects[0]["checklist"] and "findings" in projects[0]


def test_return_merges_and_a_second_return_needs_confirmation(demo_store: Any, exported: Any, tmp_path: Path) -> None:  # fmt: skip
    round_id, paths = exported
    first = returned(paths[0], tmp_path)
    plan = inspect_return(demo_store, first)
    assert not plan.replaces and len(plan.reviews) == 2
    result = merge_return(demo_store, first)
    assert result.projects == 2 and not result.replaced
    assert (result.backup is not None) == (demo_store.path is not None)  # file backup: SQLite only
    assert counts(demo_store, round_id) == (2, 3)  # two reviews; 2 out + 1 back package ids
    second = returned(paths[0], tmp_path, score=60, conclusion="reject")
    with pytest.raises(NeedsConfirmation) as info:
        merge_return(demo_store, second)
    items = {(d.item, d.before, d.after) for d in info.value.plan.differences}
    assert ("评审结论", "同意", "不同意") in items and ("评分：立项必要性", "80", "60") in items
    assert counts(demo_store, round_id) == (2, 3)
    assert merge_return(demo_store, second, confirm_replace=True).replaced
    with demo_store.read() as session:
        assert {r.conclusion for r in session.scalars(select(ExpertReview).where(ExpertReview.round_id == round_id))} == {"reject"}  # fmt: skip


def rezip(source: Path, target: Path, change: Any) -> Path:
    """Copy a package member by member, letting `change(name, data)` alter or drop members."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            data = change(name, zin.read(name))
            if data is not None:
                zout.writestr(name, data)
    return target


def refused(store: Any, path: Path, code: str | tuple[str, ...]) -> PackageRefused:
    before = counts(store)
    with pytest.raises(PackageRefused) as info:
        merge_return(store, path)
    assert info.value.code in ((code,) if isinstance(code, str) else code)
    assert info.value.message_zh and info.value.message_en
    assert counts(store) == before
    return info.value


def test_flipped_byte_is_refused(demo_store: Any, exported: Any, tmp_path: Path) -> None:
    back = returned(exported[1][0], tmp_path)
    data = back.read_bytes()
    flipped = tmp_path / "flipped.rdpkg"
    with zipfile.ZipFile(back) as zf:
        infos = zf.infolist()
    for info in infos:  # one byte in the middle of each member's stored data
        start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
        changed = bytearray(data)
        changed[start + info.compress_size // 2] ^= 0x01
        flipped.write_bytes(bytes(changed))
        refused(demo_store, flipped, ("corrupt", "hash_mismatch"))
    # a member rewritten in a well-formed zip: only the hash can tell
    tampered = rezip(back, tmp_path / "tampered.rdpkg", lambda n, d: d.replace("意见80".encode(), "意见99".encode()))  # fmt: skip
    assert "校验值不符" in refused(demo_store, tampered, "hash_mismatch").message_zh


def test_removed_member_and_truncation_are_refused(demo_store: Any, exported: Any, tmp_path: Path) -> None:  # fmt: skip
    back = returned(exported[1][0], tmp_path)
    removed = rezip(back, tmp_path / "removed.rdpkg", lambda n, d: None if n == "reviews.json" else d)  # fmt: skip
    assert "reviews.json" in refused(demo_store, removed, "missing_member").message_zh
    truncated = tmp_path / "truncated.rdpkg"
    truncated.write_bytes(back.read_bytes()[:-100])
    refused(demo_store, truncated, "corrupt")
    text = tmp_path / "text.rdpkg"
    text.write_text("不是评审包", encoding="utf-8")
    refused(demo_store, text, "not_zip")
    extra = rezip(back, tmp_path / "extra.rdpkg", lambda n, d: d)
    with zipfile.ZipFile(extra, "a") as zf:
        zf.writestr("evil.txt", "x")
    refused(demo_store, extra, "unlisted_member")
    traversal = io.BytesIO()
    with zipfile.ZipFile(traversal, "w") as zf:
        zf.writestr("../manifest.json", "{}")
    (tmp_path / "traversal.rdpkg").write_bytes(traversal.getvalue())
    refused(demo_store, tmp_path / "traversal.rdpkg", "bad_name")


def test_package_of_another_round_is_refused(demo_store: Any, demo_copy: Any, tmp_path: Path) -> None:  # fmt: skip
    from app.services.store import open_store

    other = open_store(str(demo_copy(tmp_path / "other.db")))
    try:
        round_id, _ = make_round(other, name="别的批次")
        out = export_round_packages(other, round_id, tmp_path / "other", today=TODAY)[0]
        back = returned(out, tmp_path)
    finally:
        other.close()
    make_round(demo_store)
    assert "其他评审批次" in refused(demo_store, back, "foreign_round").message_zh
    refused(demo_store, out, "wrong_direction")


def test_replayed_package_is_refused(demo_store: Any, exported: Any, tmp_path: Path) -> None:
    back = returned(exported[1][1], tmp_path)
    merge_return(demo_store, back)
    assert "已经导入过" in refused(demo_store, back, "duplicate").message_zh
    copy = tmp_path / "copy.rdpkg"
    shutil.copyfile(back, copy)
    refused(demo_store, copy, "duplicate")


def test_return_with_invalid_form_or_foreign_project_is_refused(demo_store: Any, exported: Any, tmp_path: Path) -> None:  # fmt: skip
    from app.services.packages import build_zip

    package = read_package(returned(exported[1][0], tmp_path))
    signer = expert_key(package.expert_id)
    manifest = {k: v for k, v in package.manifest.items() if k not in ("members", "format", "format_version")}  # fmt: skip
    for reviews, code in (({"7": {}}, "unknown_project"), ({"2": {"scores": {"necessity": 101}}}, "invalid_form")):  # fmt: skip
        manifest["package_id"] = __import__("uuid").uuid4().hex
        path = tmp_path / f"{code}.rdpkg"
        manifest["sequence"] += 1
        path.write_bytes(build_zip(manifest, {"reviews.json": json.dumps(reviews).encode()}, signer))  # fmt: skip
        refused(demo_store, path, code)
