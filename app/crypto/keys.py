"""The installation's signing keys, kept in the user data folder (never beside the program).

`installation_signer()` loads `keys/installation-sm2.pem` (PKCS#8, unencrypted, mode 0600
where the OS has modes) or creates it on first use: it signs this installation's audit
checkpoints, its remembered audit heads and the review packages a DRC sends out.
`expert_signer()` is the same for `keys/expert-sm2.pem`, the key an expert signs returns with
(created when an expert first opens a package or exports their public key, never by the DRC's
work); two processes starting together both end
up with the one file that won (O_EXCL). Without Tongsuo the HMAC-SM3 fallback keeps its
secret in `keys/installation-hmac.key` the same way. A key file that cannot be read is never
replaced silently: the error names the file so the user can restore it from a backup.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from app.crypto.signing import CryptoUnavailable, HmacSm3Signer, Signer, SM2Signer, sm2_available

SM2_KEY_FILE = "installation-sm2.pem"
HMAC_KEY_FILE = "installation-hmac.key"
EXPERT_SM2_KEY_FILE = "expert-sm2.pem"
EXPERT_HMAC_KEY_FILE = "expert-hmac.key"

_lock = threading.Lock()
_cache: dict[Path, Signer] = {}


def keys_dir(base: Path | None = None) -> Path:
    if base is None:
        from app.paths import data_dir

        base = data_dir()
    path = base / "keys"
    path.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(path, 0o700)
    return path


def _write_new(path: Path, content: bytes) -> bool:
    """Create `path` with mode 0600; False when another process created it first."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    fd = os.open(tmp, flags, 0o600)
    try:
        os.write(fd, content)
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)  # atomic "create if absent" with complete content
    except FileExistsError:
        return False
    except OSError:
        # file systems without hard links: O_EXCL rename is not available, accept a tiny race
        if path.exists():
            return False
        os.replace(tmp, path)
        return True
    finally:
        if tmp.exists():
            tmp.unlink()
    return True


def _unreadable(path: Path, exc: Exception) -> CryptoUnavailable:
    return CryptoUnavailable(
        f"无法读取本机签名密钥文件：{path}（{exc}）。请从备份恢复该文件；不要删除它。",
        f"Cannot read the installation's signing key {path} ({exc}). Restore it from a "
        "backup; do not delete it.",
    )


def _load_or_create_sm2(folder: Path, name: str = SM2_KEY_FILE) -> Signer:
    path = folder / name
    if not path.exists():
        _write_new(path, SM2Signer.generate().to_pem())
    try:
        return SM2Signer.from_pem(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise _unreadable(path, exc) from exc


def _load_or_create_hmac(folder: Path, name: str = HMAC_KEY_FILE) -> Signer:
    path = folder / name
    if not path.exists():
        _write_new(path, HmacSm3Signer.generate().secret.hex().encode("ascii"))
    try:
        return HmacSm3Signer(bytes.fromhex(path.read_text("ascii").strip()))
    except (OSError, ValueError) as exc:
        raise _unreadable(path, exc) from exc


def installation_signer(base: Path | None = None) -> Signer:
    """This installation's signer (SM2 when available), created on first use and cached."""
    return _signer(base, SM2_KEY_FILE, HMAC_KEY_FILE)


def expert_signer(base: Path | None = None) -> Signer:
    """The key an expert signs returns with on this computer (SM2 when available)."""
    return _signer(base, EXPERT_SM2_KEY_FILE, EXPERT_HMAC_KEY_FILE)


def _signer(base: Path | None, sm2_name: str, hmac_name: str) -> Signer:
    folder = keys_dir(base)
    with _lock:
        signer = _cache.get(folder / sm2_name)
        if signer is None:
            signer = (
                _load_or_create_sm2(folder, sm2_name)
                if sm2_available()
                else _load_or_create_hmac(folder, hmac_name)
            )
            _cache[folder / sm2_name] = signer
        return signer


def forget_cached_signers() -> None:
    """Drop cached keys (tests that switch data folders)."""
    with _lock:
        _cache.clear()
