"""SEC-3 (known answers, SM2 interop with gmssl, refusal after a failed self-test) and SEC-4
(randomness hygiene: no `random` near the crypto, distinct SM2 nonces)."""

from __future__ import annotations

import ast
import os
import secrets
import stat
from pathlib import Path

import pytest

from app.crypto import CryptoUnavailable, HmacSm3Signer, SM2Signer, installation_signer, sm3_hex
from app.crypto import selftest as st
from app.crypto.hashing import _TongsuoSm3
from app.crypto.signing import der_from_rs, rs_from_der, sm2_verify_raw, split_rs

pytestmark = pytest.mark.reliability
ROOT = Path(__file__).resolve().parents[2]


def test_sec3_known_answers_and_selftest() -> None:
    assert sm3_hex(b"abc") == st.SM3_ABC
    tongsuo = _TongsuoSm3()
    tongsuo.update(b"abc")
    assert tongsuo.hexdigest() == st.SM3_ABC  # the fallback SM3 agrees with hashlib's
    assert sm3_hex(b"abcd" * 16) == (
        "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
    )  # GB/T 32905 A.2
    cipher = st._sm4_encrypt(bytes.fromhex(st.SM4_KEY), bytes.fromhex(st.SM4_PLAIN))
    assert cipher is not None and cipher.hex() == st.SM4_CIPHER
    result = st.run_selftest()
    assert result.ok, result.failed
    assert {"SM3-abc", "SM4-GB/T32907", "SM2-derive", "SM2-verify-gmssl", "SM2-round-trip"} <= set(
        result.passed
    )
    print(f"SEC-3: kats_passed={len(result.passed)} skipped={len(result.skipped)} failed=0")


def _gmssl(signer: SM2Signer):  # type: ignore[no-untyped-def]
    from gmssl import sm2

    return sm2.CryptSM2(
        private_key=f"{signer.private_value:064x}", public_key=signer.public_key[2:]
    )


def test_sec3_sm2_interop_with_gmssl() -> None:
    signer = SM2Signer.generate()
    other = _gmssl(signer)
    for i in range(5):
        message = f"第 {i} 条 checkpoint".encode()
        # Tongsuo signs, gmssl verifies
        assert other.verify_with_sm3(signer.sign(message), message)
        # gmssl signs (nonce from secrets), Tongsuo verifies
        theirs = other.sign_with_sm3(message, secrets.token_hex(32))
        assert signer.verify(signer.public_key, message, theirs)
        assert not signer.verify(signer.public_key, message + b"!", theirs)
    assert not sm2_verify_raw(signer.public_key, b"x", "00" * 64)
    assert not sm2_verify_raw("04" + "11" * 64, b"x", signer.sign(b"x"))  # not a curve point
    r, s = split_rs(signer.sign(b"x"))
    assert rs_from_der(der_from_rs(r, s)) == (r, s)


def test_sec3_refuses_after_failed_selftest(monkeypatch: pytest.MonkeyPatch) -> None:
    signer = SM2Signer.generate()
    signature = signer.sign(b"ok")
    monkeypatch.setattr(st, "SM3_ABC", "0" * 64)
    st.reset_selftest()
    try:
        with pytest.raises(CryptoUnavailable) as refused:
            signer.sign(b"data")
        assert "自检失败" in refused.value.message_zh and "SM3-abc" in refused.value.message_en
        with pytest.raises(CryptoUnavailable):
            signer.verify(signer.public_key, b"ok", signature)
        with pytest.raises(CryptoUnavailable):
            HmacSm3Signer.generate().sign(b"x")
    finally:
        monkeypatch.undo()
        st.reset_selftest()
    assert signer.verify(signer.public_key, b"ok", signature)


def test_installation_key_created_once_with_private_mode(_isolated_data_dir: Path) -> None:
    from app.crypto.keys import SM2_KEY_FILE, forget_cached_signers

    first = installation_signer()
    forget_cached_signers()
    again = installation_signer()
    assert first.key_id == again.key_id and first.public_key == again.public_key
    path = _isolated_data_dir / "keys" / SM2_KEY_FILE
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_bytes(b"garbage")
    forget_cached_signers()
    with pytest.raises(CryptoUnavailable) as unreadable:
        installation_signer()
    assert str(path) in unreadable.value.message_zh
    assert path.read_bytes() == b"garbage"  # never replaced silently
    forget_cached_signers()


def test_hmac_fallback_signer() -> None:
    signer = HmacSm3Signer.generate()
    sig = signer.sign(b"head")
    assert signer.verify(signer.public_key, b"head", sig)
    assert not signer.verify(signer.public_key, b"head2", sig)
    assert not HmacSm3Signer.generate().verify(signer.public_key, b"head", sig)


def _imports_random(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(
            a.name.split(".")[0] == "random" for a in node.names
        ):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "random":
            return True
    return False


def test_sec4_no_random_module_and_distinct_nonces() -> None:
    files = sorted((ROOT / "app" / "crypto").glob("*.py"))
    files += [ROOT / "app" / "services" / "packages.py", ROOT / "app" / "services" / "audit.py"]
    files = [f for f in files if f.exists()]
    hits = [str(f.relative_to(ROOT)) for f in files if _imports_random(f)]
    assert hits == []
    signer = SM2Signer.generate()
    rs = {split_rs(signer.sign(b"same message"))[0] for _ in range(1000)}
    print(
        f"SEC-4: files_checked={len(files)} lint_hits={len(hits)} signatures=1000 repeated_r={1000 - len(rs)}"
    )
    assert len(rs) == 1000
