"""Known-answer self-test, run once per process before the first signature or verification.

SM3 "abc" (GB/T 32905 A.1); SM4 (GB/T 32907 A.1) through Tongsuo or `cryptography`, skipped
when neither has SM4; SM2: a fixed private key derives the expected public key, a fixed
signature made by an independent implementation (gmssl) verifies, and a fresh signature
round-trips and fails on a changed message. If any check fails, `require_selftest()` raises
`CryptoUnavailable` and the app refuses to sign or verify.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from app.crypto.hashing import sm3_hex
from app.crypto.primitives import (
    CryptoUnavailable,
    SM2Key,
    hmac_sm3,
    sm2_available,
    sm2_verify_raw,
)

log = logging.getLogger(__name__)

SM3_ABC = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
SM4_KEY = "0123456789abcdeffedcba9876543210"
SM4_PLAIN = SM4_KEY
SM4_CIPHER = "681edf34d206965e86b3e94f536e4246"
SM2_D = 0x3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8
SM2_PUBLIC = (
    "0409f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020"
    "ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13"
)
SM2_MESSAGE = b"ReviewDesk SM2 known answer"
#: made by gmssl 3.2.2 (pure Python, independent of Tongsuo) with SM2_D, default user id
SM2_GMSSL_SIGNATURE = (
    "10a111d31842ba1610a5b200406185be054fc92924b7f82292de2608218b582c"
    "5babdb0d554d6abf1f3beb9f8c6613aec1e05f163dacd9394b4b324a9207430b"
)
#: RFC 4231 case 1 inputs under SM3; the value is Python's hmac with OpenSSL's SM3
HMAC_KEY = b"\x0b" * 20
HMAC_DATA = b"Hi There"
HMAC_SM3 = "51b00d1fb49832bfb01c3ce27848e59f871d9ba938dc563b338ca964755cce70"


@dataclass
class SelfTestResult:
    ok: bool
    passed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def _sm4_encrypt(key: bytes, block: bytes) -> bytes | None:
    """One SM4-ECB block, or None when no library offers SM4."""
    try:
        from tongsuopy.crypto.ciphers import Cipher, algorithms, modes
    except ImportError:
        try:
            from cryptography.hazmat.primitives.ciphers import (
                Cipher,
                algorithms,
                modes,
            )
        except ImportError:
            return None
    enc = Cipher(algorithms.SM4(key), modes.ECB()).encryptor()
    return bytes(enc.update(block) + enc.finalize())


def run_selftest() -> SelfTestResult:
    result = SelfTestResult(ok=True)

    def check(name: str, good: bool) -> None:
        (result.passed if good else result.failed).append(name)

    def guarded(name: str, fn: object) -> None:
        try:
            check(name, bool(fn()))  # type: ignore[operator]
        except Exception as exc:  # a crashing primitive is a failed KAT, reported by name
            log.error("crypto self-test %s raised %r", name, exc)
            result.failed.append(name)

    guarded("SM3-abc", lambda: sm3_hex(b"abc") == SM3_ABC)
    cipher = None
    try:
        cipher = _sm4_encrypt(bytes.fromhex(SM4_KEY), bytes.fromhex(SM4_PLAIN))
    except Exception as exc:
        log.error("crypto self-test SM4 raised %r", exc)
        result.failed.append("SM4-GB/T32907")
    else:
        if cipher is None:
            result.skipped.append("SM4-GB/T32907")
        else:
            check("SM4-GB/T32907", cipher.hex() == SM4_CIPHER)
    guarded("HMAC-SM3", lambda: hmac_sm3(HMAC_KEY, HMAC_DATA) == HMAC_SM3)
    if sm2_available():
        guarded("SM2-derive", lambda: SM2Key.from_private_value(SM2_D).public_key == SM2_PUBLIC)
        guarded("SM2-verify-gmssl", lambda: sm2_verify_raw(SM2_PUBLIC, SM2_MESSAGE, SM2_GMSSL_SIGNATURE))  # fmt: skip

        def round_trip() -> bool:
            signer = SM2Key.from_private_value(SM2_D)
            sig = signer.sign_raw(SM2_MESSAGE)
            return sm2_verify_raw(SM2_PUBLIC, SM2_MESSAGE, sig) and not sm2_verify_raw(
                SM2_PUBLIC, SM2_MESSAGE + b".", sig
            )

        guarded("SM2-round-trip", round_trip)
    else:
        result.skipped.append("SM2")
    result.ok = not result.failed
    return result


_lock = threading.Lock()
_result: SelfTestResult | None = None


def selftest_result() -> SelfTestResult:
    """The process's self-test result (runs it the first time)."""
    global _result
    with _lock:
        if _result is None:
            _result = run_selftest()
            if not _result.ok:
                log.error("crypto self-test failed: %s", ", ".join(_result.failed))
        return _result


def reset_selftest() -> None:
    """Forget the result so the next use runs the self-test again (tests)."""
    global _result
    with _lock:
        _result = None


def require_selftest() -> None:
    result = selftest_result()
    if not result.ok:
        failed = "、".join(result.failed)
        raise CryptoUnavailable(
            f"密码算法自检失败（{failed}），已拒绝签名和验签。请重新安装程序。",
            f"The cryptographic self-test failed ({', '.join(result.failed)}); signing and "
            "verification are refused. Reinstall the program.",
        )
