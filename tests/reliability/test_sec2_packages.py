"""SEC-2: review-package attacks. From 50 legitimate return packages (5 rounds × 10 experts),
about 1,000 tampered ones: flipped bytes anywhere, truncation, dropped / added / duplicated
members, zip-slip names, replays, older sequences, the wrong round, the wrong expert key,
expiry, a manifest re-signed by another valid key, members mixed from two packages and a 1 GB
zip-bomb member. Every one must be refused with a specific reason and leave the database
exactly as it was; every legitimate one must merge."""

from __future__ import annotations

import io
import random
import time
import uuid
import zipfile
import zlib
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from app.cli import EXIT_BAD_INPUT, main
from app.crypto import SM2Signer, fingerprint
from app.services import packages as pk
from app.services.experts import (  # fmt: skip
    ExpertInput,
    ExpertReviewInput,
    create_round,
    save_expert,
    set_round_experts,
)
from tests.dbstate import content_hash

pytestmark = [pytest.mark.reliability, pytest.mark.filterwarnings("ignore:Duplicate name")]

ROUNDS, EXPERTS = 5, 10
NOW = datetime.now().astimezone()
#: reasons a structural attack may legitimately be refused with (which one depends on the byte)
STRUCTURAL = {"corrupt", "bad_layout", "hash_mismatch", "bad_signature", "missing_member", "bad_name",
              "not_zip", "not_package", "bad_manifest", "duplicate_member", "unlisted_member", "ratio",
              "too_large", "encrypted"}  # fmt: skip


def form(score: int) -> ExpertReviewInput:
    keys = ("necessity", "design", "sharing", "security", "investment", "performance")
    return ExpertReviewInput(answers={"art8_basis": "yes"}, scores=dict.fromkeys(keys, score),
                             conclusion="agree", suggested_yuan=1_000_000, opinion=f"意见{score}")  # fmt: skip


def write_return(out: Path, target: Path, score: int, now: datetime = NOW, *, signer: Any = None,
                 trust_drc: str | None = None) -> Path:  # fmt: skip
    """The return an expert writes on their own computer (`signer`: their key)."""
    work = pk.ReviewerWorkspace.open(out, now=now, signer=signer, trust_drc_key=trust_drc)
    for project in work.projects:
        work.save_form(project["id"], form(score))
    return work.write_return(target, now=now)


def members_of(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as zf:
        return [(n, zf.read(n)) for n in zf.namelist()]


def zip_of(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(pk._zinfo(name, zipfile.ZIP_DEFLATED), data)
    return buffer.getvalue()


def resigned(path: Path, signer: Any, change: Any = None) -> bytes:
    """The package rebuilt with its manifest (changed by `change`) signed by `signer`."""
    package = pk.read_package(path)
    manifest = {k: v for k, v in package.manifest.items() if k not in ("members", "format", "format_version", "issuer_key_id", "issuer_public_key", "signature_algorithm")}  # fmt: skip
    members = dict(package.members)
    if change is not None:
        change(manifest, members)
    return pk.build_zip(manifest, members, signer)


def bomb_member() -> tuple[str, bytes, int]:
    """1 GiB of zeros deflated (about 4.5 MB at level 1, ratio 229:1), built chunk by chunk."""
    squeeze = zlib.compressobj(1, zlib.DEFLATED, -15)
    chunk, parts = bytes(1 << 20), []
    for _ in range(1024):
        parts.append(squeeze.compress(chunk))
    parts.append(squeeze.flush())
    return "reviews.json", b"".join(parts), 1 << 30


def with_bomb(path: Path, bomb: tuple[str, bytes, int]) -> bytes:
    """The package with reviews.json replaced by a deflated 1 GiB member (headers written by hand)."""
    name, deflated, size = bomb
    out = io.BytesIO()
    central = b""
    for member, data in members_of(path):
        if member == name:
            crc, body, raw_size, method = 0, deflated, size, 8
        else:
            squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
            body = squeeze.compress(data) + squeeze.flush()
            crc, raw_size, method = zlib.crc32(data), len(data), 8
        encoded = member.encode()
        offset = out.tell()
        header = (20, 0, method, 0, 0, crc, len(body), raw_size, len(encoded), 0)
        out.write(b"PK\x03\x04" + pk.struct.pack("<5H3L2H", *header) + encoded + body)
        central += b"PK\x01\x02" + pk.struct.pack("<6H3L5H2L", 0x314, *header[:-1], 0, 0, 0, 0, pk.ZIP_ATTR, offset) + encoded  # fmt: skip
    start = out.tell()
    count = len(members_of(path))
    out.write(central + b"PK\x05\x06" + pk.struct.pack("<4H2LH", 0, 0, count, count, len(central), start, 0))  # fmt: skip
    return out.getvalue()


def build_scenario(demo_store: Any, tmp_path: Path) -> dict[str, Any]:
    """5 rounds × 10 experts: 50 out packages, 50 legitimate returns (and an older return for
    every expert of the last round), each expert signing with a key of their own; and for the
    first round a forged return per expert, made by an intruder holding the out package."""
    drc = SM2Signer.generate()
    with demo_store.write() as session:
        experts = [save_expert(session, ExpertInput(f"专家{i:02d}", f"某大学{i:02d}", None, "信息化", "023-0000", ())) for i in range(EXPERTS)]  # fmt: skip
        rounds = []
        for r in range(ROUNDS):
            round_id = create_round(session, f"2026年第{r + 1}批", [2 + r % 3])
            set_round_experts(session, round_id, experts)
            rounds.append(round_id)
    outs = {r: pk.export_round_packages(demo_store, rid, tmp_path / f"out{r}", signer=drc, now=NOW) for r, rid in enumerate(rounds)}  # fmt: skip
    keys = {expert_id: SM2Signer.generate() for expert_id in experts}
    backs: dict[tuple[int, int], Path] = {}
    older: list[Path] = []
    forged: list[Path] = []
    folder = tmp_path / "back"
    folder.mkdir()
    intruder = SM2Signer.generate()
    for r in range(ROUNDS):
        for e, out in enumerate(outs[r]):
            key = keys[pk.read_package(out).expert_id]
            if r == 0:
                forged.append(write_return(out, folder / f"forged-{e}.rdpkg", 1, signer=intruder))
            if r == ROUNDS - 1:
                older.append(write_return(out, folder / f"older-{r}-{e}.rdpkg", 60, signer=key))
            backs[r, e] = write_return(out, folder / f"back-{r}-{e}.rdpkg", 70 + e, signer=key)
    return {"drc": drc, "rounds": rounds, "outs": outs, "backs": backs, "older": older,
            "experts": experts, "keys": keys, "forged": forged}  # fmt: skip


def tampered_variants(sc: dict[str, Any], tmp_path: Path, rng: random.Random, other_round: Path) -> list[tuple[str, bytes, set[str]]]:  # fmt: skip
    """(attack, package bytes, accepted refusal reasons) on the returns of rounds 2..5."""
    cases: list[tuple[str, bytes, set[str]]] = []
    intruder = SM2Signer.generate()
    bomb = bomb_member()
    bases = [(r, e) for r in range(1, ROUNDS) for e in range(EXPERTS)]
    for r, e in bases:
        path = sc["backs"][r, e]
        data = path.read_bytes()
        members = members_of(path)
        for _ in range(16):
            at = rng.randrange(len(data))
            flipped = bytearray(data)
            flipped[at] ^= rng.randrange(1, 256)
            cases.append(("flip", bytes(flipped), STRUCTURAL))
        for _ in range(2):
            cases.append(("truncate", data[: rng.randrange(len(data))], STRUCTURAL))
        cases.append(("drop_member", zip_of([m for m in members if m[0] != "reviews.json"]), {"missing_member"}))  # fmt: skip
        cases.append(("drop_signature", zip_of([m for m in members if m[0] != "manifest.sig"]), {"missing_member"}))  # fmt: skip
        cases.append(("add_member", zip_of([*members, ("extra.json", b"{}")]), {"unlisted_member"}))  # fmt: skip
        cases.append(("duplicate_member", zip_of([*members, members[-1]]), {"duplicate_member"}))
        for evil in ("../reviews.json", "C:/reviews.json", "/etc/reviews.json", "a/../../x.json", "..\\x.json"):  # fmt: skip
            cases.append(("zip_slip", zip_of([*members, (evil, b"{}")]), {"bad_name"}))
        other = sc["backs"][r, (e + 1) % EXPERTS]
        mixed = [m if m[0] != "reviews.json" else next(o for o in members_of(other) if o[0] == "reviews.json") for m in members]  # fmt: skip
        cases.append(("mix_and_match", zip_of(mixed), {"hash_mismatch"}))
        mixed_sig = [m if m[0] != "manifest.sig" else next(o for o in members_of(other) if o[0] == "manifest.sig") for m in members]  # fmt: skip
        cases.append(("mix_signature", zip_of(mixed_sig), {"bad_signature"}))
        cases.append(("resigned_intruder", resigned(path, intruder, lambda m, mem: mem.update({"reviews.json": mem["reviews.json"].replace("意见".encode(), "伪造".encode())})), {"expert_key_mismatch"}))  # fmt: skip
        round_one_key = pk.read_package(sc["backs"][0, (e + 1) % EXPERTS]).issuer_key
        assert round_one_key != pk.read_package(path).issuer_key
        cases.append(("wrong_expert_key", _signed_by_other_expert(sc, path, (e + 1) % EXPERTS), {"expert_key_mismatch"}))  # fmt: skip
        cases.append(("wrong_round_id", resigned(path, _expert_signer(sc, path), lambda m, mem: m.update({"round_id": str(uuid.uuid4())})), {"foreign_round"}))  # fmt: skip
        other_reply = pk.read_package(sc["outs"][(r + 1) % ROUNDS][e]).package_id
        cases.append(("answers_other_round", resigned(path, _expert_signer(sc, path), lambda m, mem, other_reply=other_reply: m.update({"in_reply_to": other_reply})), {"not_issued"}))  # fmt: skip
        cases.append(("wrong_recipient", resigned(path, _expert_signer(sc, path), lambda m, mem: m.update({"recipient_key_id": intruder.key_id})), {"wrong_recipient"}))  # fmt: skip
        cases.append(("expired", resigned(path, _expert_signer(sc, path), lambda m, mem: m.update({"expires_at": (NOW - timedelta(days=1)).isoformat(timespec="seconds")})), {"expired"}))  # fmt: skip
        cases.append(("outgoing_as_return", sc["outs"][r][e].read_bytes(), {"wrong_direction"}))
        if e < 3:  # 1 GiB member: costly to build, a few are enough
            cases.append(("zip_bomb", with_bomb(path, bomb), {"ratio"}))
    cases.append(("other_database_round", other_round.read_bytes(), {"foreign_round"}))
    return cases


def _expert_signer(sc: dict[str, Any], path: Path) -> Any:
    """The expert's own key (an attacker who stole it can still not escape the other checks)."""
    return sc["keys"][pk.read_package(path).expert_id]


def _signed_by_other_expert(sc: dict[str, Any], path: Path, other: int) -> bytes:
    """A return for this expert, signed with another expert's valid (pinned) key."""
    signer = _expert_signer(sc, sc["backs"][0, other])
    return resigned(path, signer)


def refused(store: Any, path: Path) -> str | None:
    try:
        pk.merge_return(store, path, confirm_replace=True)
    except pk.PackageRefused as exc:
        assert exc.message_zh and exc.message_en
        return exc.code
    return None


def test_sec2_package_attacks(demo_store: Any, demo_copy: Any, tmp_path: Path) -> None:
    from app.services.store import open_store

    started = time.perf_counter()
    rng = random.Random(20261129)
    sc = build_scenario(demo_store, tmp_path)
    other = open_store(str(demo_copy(tmp_path / "other.db")))
    try:
        with other.write() as session:
            expert = save_expert(
                session, ExpertInput("外库专家", "外单位", None, "信息化", "023", ())
            )
            round_id = create_round(session, "外库批次", [2])
            set_round_experts(session, round_id, [expert])
        out = pk.export_round_packages(other, round_id, tmp_path / "other")[0]
        other_drc = pk.read_package(
            out
        ).issuer_key  # another office: its key accepted by the expert
        other_return = write_return(out, tmp_path / "other-back.rdpkg", 80, trust_drc=fingerprint(other_drc))  # fmt: skip
    finally:
        other.close()
    # round 1, before any key is registered: the intruder's first returns from the command
    # line, without a fingerprint and with the expert's real one
    forged_refused = 0
    clean = content_hash(demo_store)
    for e, path in enumerate(sc["forged"]):
        real = fingerprint(_expert_signer(sc, sc["backs"][0, e]).key_id)
        for extra in ([], ["--trust-key", real]):
            forged_refused += main(["import-review-package", "--db", str(demo_store.path), str(path), *extra]) == EXIT_BAD_INPUT  # fmt: skip
    forged_partial = int(content_hash(demo_store) != clean)
    accepted = 0
    for e in range(EXPERTS):  # round 1: each expert's key registered with their first return
        back = sc["backs"][0, e]
        result = pk.merge_return(demo_store, back, trust_key=fingerprint(_expert_signer(sc, back).key_id))  # fmt: skip
        accepted += result.projects > 0 and result.key_registered
    cases = tampered_variants(sc, tmp_path, rng, other_return)
    before = content_hash(demo_store)
    reasons: Counter[str] = Counter()
    wrong: list[tuple[str, str | None]] = []
    target = tmp_path / "attack.rdpkg"
    for attack, data, allowed in cases:
        target.write_bytes(data)
        code = refused(demo_store, target)
        reasons[code or "ACCEPTED"] += 1
        if code not in allowed:
            wrong.append((attack, code))
    partial = int(content_hash(demo_store) != before)
    for r in range(1, ROUNDS):  # the legitimate returns of rounds 2..5 after all the attacks
        for e in range(EXPERTS):
            code = refused(demo_store, sc["backs"][r, e])
            accepted += code is None
            if code is not None:
                wrong.append(("legitimate", code))
    after_legit = content_hash(demo_store)
    late: list[tuple[str, Path, set[str]]] = [("replay", sc["backs"][r, e], {"duplicate"}) for r in range(ROUNDS) for e in range(EXPERTS)]  # fmt: skip
    late += [("older_sequence", p, {"rollback"}) for p in sc["older"]]
    late += [("resigned_after_merge", tmp_path / f"late-{i}.rdpkg", {"expert_key_mismatch"}) for i in range(EXPERTS)]  # fmt: skip
    intruder = SM2Signer.generate()
    for i in range(EXPERTS):
        (tmp_path / f"late-{i}.rdpkg").write_bytes(resigned(sc["backs"][ROUNDS - 1, i], intruder))
    for attack, path, allowed in late:
        code = refused(demo_store, path)
        reasons[code or "ACCEPTED"] += 1
        if code not in allowed:
            wrong.append((attack, code))
    partial += int(content_hash(demo_store) != after_legit)
    total = len(cases) + len(late)
    refused_n = total - reasons["ACCEPTED"]
    wall = time.perf_counter() - started
    forged_total = 2 * len(sc["forged"])
    print(f"SEC-2: packages={total} refused={refused_n} partial_merges={partial} "
          f"false_rejects={ROUNDS * EXPERTS - accepted} "
          f"cli_forged_first_returns={forged_total} cli_refused={forged_refused} cli_partial_merges={forged_partial} "
          f"wall_s={wall:.1f}")  # fmt: skip
    print("SEC-2 reasons:", dict(sorted(reasons.items())))
    assert not wrong, wrong[:10]
    assert refused_n == total and partial == 0 and accepted == ROUNDS * EXPERTS
    assert forged_refused == forged_total and forged_partial == 0
