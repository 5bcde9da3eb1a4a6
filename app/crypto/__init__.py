"""Hashes and signatures (no Qt): SM3 beside SHA-256, SM2 signatures behind `Signer`,
the installation's key, and the known-answer self-test that gates signing and verifying."""

from app.crypto.hashing import sha256_hex, sm3_hex, sm3_new
from app.crypto.keys import expert_signer, installation_signer
from app.crypto.selftest import SelfTestResult, require_selftest, selftest_result
from app.crypto.signing import (
    HMAC_ALGORITHM,
    SM2_ALGORITHM,
    CryptoUnavailable,
    HmacSm3Signer,
    Signer,
    SM2Signer,
    fingerprint,
    fingerprint_matches,
    key_id_for,
    verify_with,
)

__all__ = [
    "HMAC_ALGORITHM",
    "SM2_ALGORITHM",
    "CryptoUnavailable",
    "HmacSm3Signer",
    "SM2Signer",
    "SelfTestResult",
    "Signer",
    "expert_signer",
    "fingerprint",
    "fingerprint_matches",
    "installation_signer",
    "key_id_for",
    "require_selftest",
    "selftest_result",
    "sha256_hex",
    "sm3_hex",
    "sm3_new",
    "verify_with",
]
