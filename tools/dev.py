"""One entry point for developers, the same on Linux, macOS and Windows.

    python3 tools/dev.py run     # venv + install + demo database if missing + start the GUI
    python3 tools/dev.py test    # venv + install with test extras + whole suite, offscreen
    python3 tools/dev.py demo    # (re)create only the demo database

The virtual environment lives in `.venv` beside this checkout. Installation is repeated
only when pyproject.toml changed since the last install (a stamp file records its hash).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".reviewdesk-install"


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def ensure_venv(extras: str) -> Path:
    python = venv_python()
    if not python.exists():
        print(f"[dev] creating virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    pyproject = (ROOT / "pyproject.toml").read_bytes()
    wanted = hashlib.sha256(pyproject + extras.encode()).hexdigest()
    have = STAMP.read_text(encoding="utf-8").strip() if STAMP.exists() else ""
    if have != wanted:
        target = f".[{extras}]" if extras else "."
        print(f"[dev] installing ReviewDesk {target} into the virtual environment", flush=True)
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--disable-pip-version-check",
                "-q",
                "-e",
                target,
            ],
            cwd=ROOT,
            check=True,
        )
        STAMP.write_text(wanted, encoding="utf-8")
    return python


def demo_db_path(python: Path) -> Path:
    out = subprocess.run(
        [str(python), "-c", "from app.paths import data_dir; print(data_dir() / 'demo.db')"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return Path(out.stdout.strip())


def cmd_demo(python: Path, force: bool) -> Path:
    db = demo_db_path(python)
    if force or not db.exists():
        print(f"[dev] creating the demo database {db}", flush=True)
        args = [str(python), "-m", "app", "demo", "--db", str(db)]
        if force:
            args.append("--force")
        subprocess.run(args, cwd=ROOT, check=True)
    return db


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "run"
    rest = argv[1:]
    if command == "run":
        python = ensure_venv("test")
        db = cmd_demo(python, force=False)
        print(f"[dev] starting ReviewDesk on {db}", flush=True)
        return subprocess.call([str(python), "-m", "app", "--db", str(db), *rest], cwd=ROOT)
    if command == "demo":
        python = ensure_venv("test")
        cmd_demo(python, force=True)
        return 0
    if command == "test":
        python = ensure_venv("test")
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        return subprocess.call([str(python), "-m", "pytest", *rest], cwd=ROOT, env=env)
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
