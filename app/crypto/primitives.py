"""The primitives under the signers, without the self-test gate: SM2 keys and raw
signatures (through Tongsuo), HMAC-SM3, DER ↔ r‖s, key ids.

The known-answer self-test (app.crypto.selftest) checks these; the signers callers use
(app.crypto.signing) run the self-test before their first signature or verification. So the
dependencies point one way: signing → selftest → primitives.
"""

from __future__ import annotations

from typing import Self

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


def key_id_for(public_key_hex: str) -> str:
    """A short stable id for a public key: the first 32 hex digits of its SM3."""
    return sm3_hex(bytes.fromhex(public_key_hex))[:32]


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


class SM2Key:
    """An SM2 private key (a Tongsuo key object) with SM3; signs without the self-test gate
    (`sign_raw`): app.crypto.signing.SM2Signer is the gated signer callers use."""

    algorithm = SM2_ALGORITHM

    def __init__(self, private_key: object) -> None:
        self._key = private_key
        self.public_key = _sm2_public_hex(private_key)
        self.key_id = key_id_for(self.public_key)

    @classmethod
    def generate(cls) -> Self:
        from tongsuopy.crypto.asymciphers import ec

        return cls(ec.generate_private_key(ec.SM2()))

    @classmethod
    def from_private_value(cls, d: int) -> Self:
        from tongsuopy.crypto.asymciphers import ec

        return cls(ec.derive_private_key(d, ec.SM2()))

    @classmethod
    def from_pem(cls, pem: bytes) -> Self:
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


def hmac_sm3(key: bytes, data: bytes) -> str:
    """HMAC (RFC 2104) over SM3, block size 64 bytes."""
    if len(key) > 64:
        key = bytes.fromhex(sm3_hex(key))
    key = key.ljust(64, b"\0")
    inner = sm3_hex(bytes(b ^ 0x36 for b in key) + data)
    return sm3_hex(bytes(b ^ 0x5C for b in key) + bytes.fromhex(inner))
