"""Hash functions: SM3 (GB/T 32905) beside SHA-256.

`hashlib` provides SM3 when Python's OpenSSL does (3.x builds do); otherwise Tongsuo's SM3 is
used. Both are checked against the standard's "abc" vector by the self-test.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any


def _hashlib_sm3() -> Callable[[], Any] | None:
    try:
        hashlib.new("sm3", b"")
    except ValueError:
        return None
    return lambda: hashlib.new("sm3")


class _TongsuoSm3:
    """The hashlib-like subset (update, hexdigest) over Tongsuo's SM3."""

    def __init__(self) -> None:
        from tongsuopy.crypto import hashes

        self._ctx = hashes.Hash(hashes.SM3())

    def update(self, data: bytes) -> None:
        self._ctx.update(data)

    def hexdigest(self) -> str:
        return bytes(self._ctx.finalize()).hex()


_SM3_FACTORY: Callable[[], Any] = _hashlib_sm3() or _TongsuoSm3


def sm3_new() -> Any:
    """An incremental SM3 object with `update(bytes)` and `hexdigest()`."""
    return _SM3_FACTORY()


def sm3_hex(data: bytes) -> str:
    h = sm3_new()
    h.update(data)
    return str(h.hexdigest())


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
