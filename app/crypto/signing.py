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

SM2_ALGORITHM = "SM2-SM3"
HMAC_ALGORITHM = "HMAC-SM3"
SM2_COORD_BYTES = 32


class CryptoUnavailable(Exception):
    """Signing or verifying is refused (self-test failed, or no implementation)."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_zh = message_zh
        self.message_en = message_en


@runtime_checkable
class Signer(Protocol):
    algorithm: str
    key_id: str
    public_key: str

    def sign(self, data: bytes) -> str: ...

    def verify(self, public_key: str, data: bytes, signature: str) -> bool: ...


def key_id_for(public_key_hex: str) -> str:
    """A short stable id for a public key: the first 32 hex digits of its SM3."""
    return sm3_hex(bytes.fromhex(public_key_hex))[:32]


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


# --- DER <-> r‖s (Tongsuo speaks DER, the files speak r‖s) ---------------------------------


def _der_int(value: int) -> bytes:
    body = value.to_bytes(value.bit_length() // 8 + 1, "big")
    return b"\x02" + bytes([len(body)]) + body


def der_from_rs(r: int, s: int) -> bytes:
    body = _der_int(r) + _der_int(s)
    return b"\x30" + bytes([len(body)]) + body


def rs_from_der(der: bytes) -> tuple[int, int]:
    """(r, s) from a DER ECDSA-Sig-Value; ValueError when it is not one."""
    if len(der) < 8 or der[0] != 0x30 or der[1] != len(der) - 2:
        raise ValueError("not a DER signature")
    values: list[int] = []
    i = 2
    for _ in range(2):
        if der[i] != 0x02:
            raise ValueError("not a DER signature")
        length = der[i + 1]
        values.append(int.from_bytes(der[i + 2 : i + 2 + length], "big"))
        i += 2 + length
    if i != len(der):
        raise ValueError("trailing bytes after the DER signature")
    return values[0], values[1]


def split_rs(signature_hex: str) -> tuple[int, int]:
    raw = bytes.fromhex(signature_hex)
    if len(raw) != 2 * SM2_COORD_BYTES:
        raise ValueError("an SM2 signature is 64 bytes (r‖s)")
    return int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big")


# --- SM2 ------------------------------------------------------------------------------------


def sm2_available() -> bool:
    try:
        from tongsuopy.crypto.asymciphers import ec  # noqa: F401
    except ImportError:
        return False
    return True


def _sm2_public_hex(private_key: object) -> str:
    from tongsuopy.crypto import serialization

    raw = private_key.public_key().public_bytes(  # type: ignore[attr-defined]
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return bytes(raw).hex()


def sm2_verify_raw(public_key_hex: str, data: bytes, signature_hex: str) -> bool:
    """Verify without the self-test gate (the self-test itself uses this)."""
    from tongsuopy.crypto import hashes
    from tongsuopy.crypto.asymciphers import ec
    from tongsuopy.crypto.exceptions import InvalidSignature

    try:
        r, s = split_rs(signature_hex)
        point = bytes.fromhex(public_key_hex)
        key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SM2(), point)
    except ValueError:
        return False
    try:
        key.verify(der_from_rs(r, s), data, ec.ECDSA(hashes.SM3()))
    except InvalidSignature:
        return False
    return True


class SM2Signer:
    """SM2 with SM3 over an installation's private key (a Tongsuo key object)."""

    algorithm = SM2_ALGORITHM

    def __init__(self, private_key: object) -> None:
        self._key = private_key
        self.public_key = _sm2_public_hex(private_key)
        self.key_id = key_id_for(self.public_key)

    @classmethod
    def generate(cls) -> SM2Signer:
        from tongsuopy.crypto.asymciphers import ec

        return cls(ec.generate_private_key(ec.SM2()))

    @classmethod
    def from_private_value(cls, d: int) -> SM2Signer:
        from tongsuopy.crypto.asymciphers import ec

        return cls(ec.derive_private_key(d, ec.SM2()))

    @classmethod
    def from_pem(cls, pem: bytes) -> SM2Signer:
        from tongsuopy.crypto import serialization

        return cls(serialization.load_pem_private_key(pem, None))

    def to_pem(self) -> bytes:
        from tongsuopy.crypto import serialization

        return bytes(
            self._key.private_bytes(  # type: ignore[attr-defined]
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )

    @property
    def private_value(self) -> int:
        return int(self._key.private_numbers().private_value)  # type: ignore[attr-defined]

    def sign_raw(self, data: bytes) -> str:
        """Sign without the self-test gate (the self-test itself uses this)."""
        from tongsuopy.crypto import hashes
        from tongsuopy.crypto.asymciphers import ec

        der = self._key.sign(data, ec.ECDSA(hashes.SM3()))  # type: ignore[attr-defined]
        r, s = rs_from_der(bytes(der))
        return r.to_bytes(32, "big").hex() + s.to_bytes(32, "big").hex()

    def sign(self, data: bytes) -> str:
        from app.crypto.selftest import require_selftest

        require_selftest()
        return self.sign_raw(data)

    def verify(self, public_key: str, data: bytes, signature: str) -> bool:
        from app.crypto.selftest import require_selftest

        require_selftest()
        return sm2_verify_raw(public_key, data, signature)


# --- fallback without Tongsuo ---------------------------------------------------------------


def hmac_sm3(key: bytes, data: bytes) -> str:
    """HMAC (RFC 2104) over SM3, block size 64 bytes."""
    if len(key) > 64:
        key = bytes.fromhex(sm3_hex(key))
    key = key.ljust(64, b"\0")
    inner = sm3_hex(bytes(b ^ 0x36 for b in key) + data)
    return sm3_hex(bytes(b ^ 0x5C for b in key) + bytes.fromhex(inner))


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
        from app.crypto.selftest import require_selftest

        require_selftest()
        return self._mac(data)

    def verify(self, public_key: str, data: bytes, signature: str) -> bool:
        from app.crypto.selftest import require_selftest

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
    from app.crypto.selftest import require_selftest

    require_selftest()
    if algorithm == SM2_ALGORITHM:
        if not sm2_available():
            raise CryptoUnavailable("本程序缺少 SM2 组件，无法校验 SM2 签名。",
                                    "SM2 is not available in this build; cannot verify SM2 signatures.")  # fmt: skip
        return sm2_verify_raw(public_key, data, sig)
    if algorithm == HMAC_ALGORITHM and isinstance(signer, HmacSm3Signer):
        return signer.verify(public_key, data, sig)
    return False
