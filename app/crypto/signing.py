"""Signatures behind one small interface, so the algorithm can be swapped.

`Signer` is what callers use: a name, a key id, the public key (hex), `sign(data)` and
`verify(public_key, data, signature)`. `SM2Signer` (GB/T 32918, SM3 digest with the default
user id "1234567812345678", through Tongsuo) is the one in use; `HmacSm3Signer` exists only
for a build without Tongsuo and says so in its name: it proves integrity to this installation
only, since verifying needs its secret.

Signatures are hex of r‖s (32 + 32 bytes) for SM2, the form GM/T 0009 and gmssl use. Nonces
come from the library (OpenSSL's DRBG) and key material from `secrets`; never from `random`.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Protocol, runtime_checkable

from app.crypto.hashing import sm3_hex
from app.crypto.primitives import (  # noqa: F401 - the primitives are this module's API too
    HMAC_ALGORITHM,
    SM2_ALGORITHM,
    SM2_COORD_BYTES,
    CryptoUnavailable,
    SM2Key,
    der_from_rs,
    hmac_sm3,
    key_id_for,
    rs_from_der,
    sm2_available,
    sm2_verify_raw,
    split_rs,
)
from app.crypto.selftest import require_selftest


@runtime_checkable
class Signer(Protocol):
    algorithm: str
    key_id: str
    public_key: str

    def sign(self, data: bytes) -> str: ...

    def verify(self, public_key: str, data: bytes, signature: str) -> bool: ...


def fingerprint(key_id: str) -> str:
    """A key id as people compare it, on screen or read out by phone: eight groups of four hex
    digits (all 128 bits of the id), e.g. 0E04-4748-C0DA-3C85-C5BA-2EF3-0F22-B84A."""
    key = key_id.upper()
    return "-".join(key[i : i + 4] for i in range(0, len(key), 4))


def fingerprint_matches(text: str | None, key_id: str) -> bool:
    """Whether a fingerprint typed by a person (any case, with or without the dashes, spaces or
    colons) names `key_id`: every digit must be given, a prefix is not enough."""
    if not text or not key_id:
        return False
    typed = "".join(c for c in text.lower() if c not in " -:\t")
    return len(typed) == len(key_id) and hmac.compare_digest(typed, key_id.lower())


class SM2Signer(SM2Key):
    """SM2 with SM3 over an installation's private key, behind the self-test gate."""

    def sign(self, data: bytes) -> str:
        require_selftest()
        return self.sign_raw(data)

    def verify(self, public_key: str, data: bytes, signature: str) -> bool:
        require_selftest()
        return sm2_verify_raw(public_key, data, signature)


# --- fallback without Tongsuo ---------------------------------------------------------------


class HmacSm3Signer:
    """HMAC-SM3 with a local secret: only for a build without SM2. `public_key` is the key id,
    so a checkpoint made here verifies only on this installation."""

    algorithm = HMAC_ALGORITHM

    def __init__(self, secret: bytes) -> None:
        if len(secret) < 32:
            raise ValueError("HMAC secret must be at least 32 bytes")
        self._secret = secret
        self.key_id = sm3_hex(b"reviewdesk-hmac-key-id" + secret)[:32]
        self.public_key = self.key_id

    @classmethod
    def generate(cls) -> HmacSm3Signer:
        return cls(secrets.token_bytes(32))

    @property
    def secret(self) -> bytes:
        return self._secret

    def _mac(self, data: bytes) -> str:
        return hmac_sm3(self._secret, data)

    def sign(self, data: bytes) -> str:
        require_selftest()
        return self._mac(data)

    def verify(self, public_key: str, data: bytes, signature: str) -> bool:
        require_selftest()
        if public_key != self.key_id:
            return False  # another installation's secret: cannot be checked here
        return hmac.compare_digest(self._mac(data), signature)


def verify_with(
    signer: Signer | None, algorithm: str, public_key: str, data: bytes, sig: str
) -> bool:
    """Verify a stored signature of any known algorithm. `signer` (this installation's) serves
    HMAC only: an SM2 signature needs nothing but the public key, so verifying one never reads
    or creates a key of this computer's."""
    require_selftest()
    if algorithm == SM2_ALGORITHM:
        if not sm2_available():
            raise CryptoUnavailable("本程序缺少 SM2 组件，无法校验 SM2 签名。",
                                    "SM2 is not available in this build; cannot verify SM2 signatures.")  # fmt: skip
        return sm2_verify_raw(public_key, data, sig)
    if algorithm == HMAC_ALGORITHM and isinstance(signer, HmacSm3Signer):
        return signer.verify(public_key, data, sig)
    return False
