"""Keys and sequences: the expert's key is pinned on first merge, older packages are refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.services import packages as pk
from tests.review.helpers import make_round
from tests.review.test_packages import returned as returned_in


def returned(out: Path, folder: Path, score: int = 80) -> Path:
    folder.mkdir()
    return returned_in(out, folder, score=score)


def test_first_return_pins_the_experts_key_and_shows_its_fingerprint(demo_store: Any, tmp_path: Path) -> None:  # fmt: skip
    round_id, _experts = make_round(demo_store)
    out = pk.export_round_packages(demo_store, round_id, tmp_path / "out")[0]
    first = pk.inspect_return(demo_store, returned(out, tmp_path / "a"))
    assert first.new_key and len(first.key_fingerprint) == 19
    assert first.key_fingerprint == pk.fingerprint(pk.ReviewerWorkspace.open(out).signer.key_id)
    pk.merge_return(demo_store, first)
    second = pk.inspect_return(demo_store, returned(out, tmp_path / "b", score=60))
    assert not second.new_key and second.replaces
    again = pk.export_round_packages(demo_store, round_id, tmp_path / "again")[0]
    manifest = pk.read_package(again).manifest
    assert manifest["sequence"] == 2 and manifest["recipient_key_id"] == first.package.issuer_key


def test_older_return_of_a_round_cannot_replace_a_newer_one(demo_store: Any, tmp_path: Path) -> None:  # fmt: skip
    round_id, _experts = make_round(demo_store)
    out = pk.export_round_packages(demo_store, round_id, tmp_path / "out")[0]
    older = returned(out, tmp_path / "a", score=60)
    newer = returned(out, tmp_path / "b", score=90)
    pk.merge_return(demo_store, newer)
    with pytest.raises(pk.PackageRefused) as info:
        pk.merge_return(demo_store, older, confirm_replace=True)
    assert info.value.code == "rollback" and "更旧" in info.value.message_zh


def test_reviewer_refuses_a_superseded_package_of_the_same_round(demo_store: Any, tmp_path: Path) -> None:  # fmt: skip
    round_id, _experts = make_round(demo_store)
    first = pk.export_round_packages(demo_store, round_id, tmp_path / "one")[0]
    second = pk.export_round_packages(demo_store, round_id, tmp_path / "two")[0]
    pk.ReviewerWorkspace.open(second)
    with pytest.raises(pk.PackageRefused) as info:
        pk.ReviewerWorkspace.open(first)
    assert info.value.code == "superseded"
    pk.ReviewerWorkspace.open(second)  # the newest opens again


def test_expired_package_is_refused(demo_store: Any, tmp_path: Path) -> None:
    from datetime import datetime, timedelta

    round_id, _experts = make_round(demo_store)
    out = pk.export_round_packages(demo_store, round_id, tmp_path / "out")[0]
    later = datetime.now().astimezone() + timedelta(days=pk.OUT_VALID_DAYS + 1)
    with pytest.raises(pk.PackageRefused) as info:
        pk.ReviewerWorkspace.open(out, now=later)
    assert info.value.code == "expired" and "过期" in info.value.message_zh
