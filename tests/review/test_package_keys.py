"""Keys and sequences: the expert's key is pinned on first merge, older packages are refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.crypto import SM2Signer, fingerprint
from app.models import Expert
from app.services import audit, trust
from app.services import packages as pk
from app.services.editing import Invalid
from tests.dbstate import content_hash
from tests.review.helpers import expert_key, make_round, public_key
from tests.review.test_packages import returned as returned_in


def returned(out: Path, folder: Path, score: int = 80) -> Path:
    folder.mkdir()
    return returned_in(out, folder, score=score)


def test_first_return_of_an_unregistered_expert_merges_only_with_its_fingerprint_confirmed(demo_store: Any, tmp_path: Path) -> None:  # fmt: skip
    """Issue 14: a first return signed with any key was accepted and pinned."""
    round_id, _experts = make_round(demo_store, register=False)
    out = pk.export_round_packages(demo_store, round_id, tmp_path / "out")[0]
    assert pk.read_package(out).recipient_key == ""  # nobody registered yet
    back = returned(out, tmp_path / "a")
    plan = pk.inspect_return(demo_store, back)
    key = expert_key(plan.expert_id)
    assert plan.new_key and plan.key_fingerprint == fingerprint(key.key_id)
    assert len(plan.key_fingerprint) == 39 and plan.key_fingerprint.count("-") == 7
    before = content_hash(demo_store)
    with pytest.raises(pk.PackageRefused) as unconfirmed:
        pk.merge_return(demo_store, back)
    assert unconfirmed.value.code == "unregistered_key" and plan.key_fingerprint in unconfirmed.value.message_en  # fmt: skip
    with pytest.raises(pk.PackageRefused) as wrong:
        pk.merge_return(demo_store, back, trust_key=fingerprint(SM2Signer.generate().key_id))
    assert wrong.value.code == "trust_key_mismatch"
    assert content_hash(demo_store) == before
    typed = plan.key_fingerprint.lower().replace("-", " ")  # as typed from a phone call
    result = pk.merge_return(demo_store, back, trust_key=typed)
    assert result.key_registered
    with demo_store.read() as session:
        expert = session.get(Expert, plan.expert_id)
        assert (
            expert is not None
            and expert.key_id == key.key_id
            and expert.public_key == key.public_key
        )
        entries = audit.search_history(session, table_name="experts")
    registered = [e for e in entries if e.operation == "register_key"]
    assert registered and registered[0].after["source"] == "return" and registered[0].after["key_id"] == key.key_id  # fmt: skip
    second = pk.inspect_return(demo_store, returned(out, tmp_path / "b", score=60))
    assert not second.new_key and second.replaces
    again = pk.export_round_packages(demo_store, round_id, tmp_path / "again")[0]
    manifest = pk.read_package(again).manifest
    assert manifest["sequence"] == 2 and manifest["recipient_key_id"] == key.key_id


def test_a_registered_key_file_lets_returns_merge_and_changing_it_is_explicit(demo_store: Any, tmp_path: Path) -> None:  # fmt: skip
    round_id, experts = make_round(demo_store, register=False)
    out = pk.export_round_packages(demo_store, round_id, tmp_path / "out")[0]
    expert_id = pk.read_package(out).expert_id
    own = expert_key(expert_id)
    key_file = tmp_path / "王建国.rdkey"
    written = trust.write_expert_key(
        key_file, name="王建国", signer=own
    )  # on the expert's computer
    assert written.fingerprint == fingerprint(own.key_id)
    read = trust.read_expert_key(key_file)
    assert (read.key_id, read.public_key, read.name) == (own.key_id, own.public_key, "王建国")
    with demo_store.write() as session:
        assert trust.register_expert_key(session, expert_id, read)
    plan = pk.inspect_return(demo_store, returned(out, tmp_path / "a"))
    assert not plan.new_key
    pk.merge_return(demo_store, plan)  # no fingerprint to confirm: the key is registered
    # a return signed with any other key is refused
    forged = tmp_path / "forged.rdpkg"
    package = pk.read_package(returned(out, tmp_path / "b"))
    manifest = {k: v for k, v in package.manifest.items() if k not in ("members", "format", "format_version", "issuer_key_id", "issuer_public_key", "signature_algorithm")}  # fmt: skip
    manifest["sequence"] += 5
    forged.write_bytes(pk.build_zip(manifest, dict(package.members), SM2Signer.generate()))
    with pytest.raises(pk.PackageRefused) as info:
        pk.inspect_return(demo_store, forged)
    assert info.value.code == "expert_key_mismatch"
    # changing the registered key: refused unless confirmed, then recorded with both keys
    new = SM2Signer.generate()
    with pytest.raises(trust.KeyReplacement) as unconfirmed, demo_store.write() as session:
        trust.register_expert_key(session, expert_id, public_key(new))
    assert fingerprint(own.key_id) in unconfirmed.value.message_en
    with demo_store.write() as session:
        assert trust.register_expert_key(session, expert_id, public_key(new), replace=True)
    with demo_store.read() as session:
        replaced = [e for e in audit.search_history(session, table_name="experts") if e.operation == "replace_key"]  # fmt: skip
        changed = [e for e in audit.search_history(session, table_name="experts") if e.operation == "update" and "key_id" in e.after]  # fmt: skip
    assert replaced and replaced[0].after["old_key"] == own.key_id and replaced[0].after["key_id"] == new.key_id  # fmt: skip
    assert changed and changed[0].before["key_id"] == own.key_id
    # the key of one expert cannot be registered for another
    with pytest.raises(Invalid) as taken, demo_store.write() as session:
        trust.register_expert_key(session, experts[1], public_key(new))
    assert "another expert" in taken.value.message_en


def test_an_altered_key_file_is_refused(tmp_path: Path) -> None:
    key_file = tmp_path / "k.rdkey"
    trust.write_expert_key(key_file, name="李梅", signer=SM2Signer.generate())
    data = json.loads(key_file.read_text(encoding="utf-8"))
    data["name"] = "王五"
    key_file.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(Invalid) as info:
        trust.read_expert_key(key_file)
    assert "self-signature" in info.value.message_en
    key_file.write_text("{}", encoding="utf-8")
    with pytest.raises(Invalid):
        trust.read_expert_key(key_file)


def test_the_expert_pins_the_drc_key_and_refuses_another_unless_accepted(demo_store: Any, tmp_path: Path) -> None:  # fmt: skip
    round_id, _experts = make_round(demo_store)
    out = pk.export_round_packages(demo_store, round_id, tmp_path / "out")[0]
    work = pk.ReviewerWorkspace.open(out)  # the first package pins its DRC's key
    assert work.drc_key_pinned_now and set(pk.pinned_drc_keys()) == {pk.read_package(out).issuer_key}  # fmt: skip
    assert not pk.ReviewerWorkspace.open(out).drc_key_pinned_now
    other_drc = SM2Signer.generate()
    with demo_store.write() as session:
        second = __import__("app.services.experts", fromlist=["create_round"]).create_round(session, "另一批", [2])  # fmt: skip
        __import__("app.services.experts", fromlist=["set_round_experts"]).set_round_experts(session, second, _experts[:1])  # fmt: skip
    impostor = pk.export_round_packages(demo_store, second, tmp_path / "impostor", signer=other_drc)[0]  # fmt: skip
    with pytest.raises(pk.PackageRefused) as info:
        pk.ReviewerWorkspace.open(impostor)
    assert info.value.code == "drc_key_changed"
    assert fingerprint(other_drc.key_id) in info.value.message_en and fingerprint(other_drc.key_id) in info.value.message_zh  # fmt: skip
    with pytest.raises(pk.PackageRefused) as wrong:
        pk.ReviewerWorkspace.open(impostor, trust_drc_key=fingerprint(SM2Signer.generate().key_id))
    assert wrong.value.code == "trust_key_mismatch"
    accepted = pk.ReviewerWorkspace.open(impostor, trust_drc_key=fingerprint(other_drc.key_id))
    assert accepted.drc_key_pinned_now and other_drc.key_id in pk.pinned_drc_keys()


def test_opening_and_filling_a_package_makes_no_key_but_the_one_the_return_is_signed_with(
    demo_store: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14: verifying the package's signature created an installation key on the expert's
    computer (verify_with asked for this computer's signer even for SM2)."""
    from app.crypto.keys import EXPERT_SM2_KEY_FILE

    round_id, _experts = make_round(demo_store)
    out = pk.export_round_packages(demo_store, round_id, tmp_path / "out")[0]
    machine = tmp_path / "expert-laptop"
    monkeypatch.setenv("REVIEWDESK_DATA_DIR", str(machine))
    work = pk.ReviewerWorkspace.open(out)
    work.save_form(work.projects[0]["id"], work.form(work.projects[0]["id"]))
    back = work.write_return(tmp_path / "back.rdpkg")
    keys = sorted(
        p.name for p in machine.rglob("*") if p.is_file() and p.suffix in (".pem", ".key")
    )
    assert keys == [EXPERT_SM2_KEY_FILE]
    assert pk.read_package(back).issuer_key == work.signer.key_id
    pk.ReviewerWorkspace.open(out)
    assert sorted(p.name for p in machine.rglob("*") if p.suffix in (".pem", ".key")) == keys


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
