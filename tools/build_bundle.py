"""Build the PyInstaller one-folder bundle (packaging/reviewdesk.spec) and smoke-test it.

    python3 tools/build_bundle.py                 # build, smoke-test, compile the installer script
    python3 tools/build_bundle.py --skip-build    # smoke-test the bundle already in build/bundle
    python3 tools/build_bundle.py --bench DB      # also: launch → main window on DB, bundle vs source

PyInstaller runs from a separate virtual environment (default build/bundle-venv, with the
runtime dependencies of pyproject.toml and PyInstaller, refreshed when pyproject.toml changes;
--venv to use another) so the development .venv stays free of it. The bundle lands in build/bundle/ReviewDesk/ (ReviewDesk = GUI program,
reviewdesk-cli = console program, same libraries).

The smoke test runs the bundled program offscreen in a temporary folder (its own data folder,
so nothing touches the user's): --version, demo (a new file: Alembic runs every bundled
migration script), check --json, one Word, one Excel and one PDF export (a subcommand missing
from `--help` fails), then the hidden `--smoke-test DB` of packaging/launcher.py, which builds
the main window, runs the SM2/SM3/SM4 self-test (Tongsuo), loads the PostgreSQL driver and
exits 0.
If `makensis` is on PATH (Debian: apt-get install nsis) it compiles packaging/installer.nsi to
build/ReviewDesk-Setup-<version>.exe, so a syntax error in the script cannot reach a release.
Exit code 0 only if everything passed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "reviewdesk.spec"
NSI = ROOT / "packaging" / "installer.nsi"
DIST = ROOT / "build" / "bundle"
BUNDLE = DIST / "ReviewDesk"
WORK = ROOT / "build" / "pyinstaller"
WINDOWS = sys.platform == "win32"
EXE = ".exe" if WINDOWS else ""
PYINSTALLER = "pyinstaller>=6.6,<7"
TODAY = "2026-11-25"  # the demo and the exports are built around a fixed date


def version() -> str:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return str(data["project"]["version"])


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if WINDOWS else "bin/python")


def ensure_venv(venv: Path) -> Path:
    """The build environment: the project's runtime dependencies and PyInstaller, but not the
    project itself (the spec analyses this checkout's `app`, never a stale installed copy).
    Reinstalled when pyproject.toml changes (a stamp records its hash), so a dependency added
    there reaches the bundle."""
    python = venv_python(venv)
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = [*data["project"]["dependencies"], PYINSTALLER]
    stamp = venv / ".reviewdesk-bundle"
    digest = hashlib.sha256("\n".join(wanted).encode()).hexdigest()
    if python.exists() and stamp.exists() and stamp.read_text(encoding="utf-8").strip() == digest:
        return python
    if not python.exists():
        print(f"== creating {venv}", flush=True)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([python, "-m", "pip", "install", "-q", "--upgrade", "pip"], check=True)
    print(f"== pip install {' '.join(wanted)}", flush=True)
    subprocess.run([python, "-m", "pip", "install", "-q", *wanted], check=True)
    stamp.write_text(digest, encoding="utf-8")
    return python


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def build(python: Path) -> float:
    print("== PyInstaller", flush=True)
    started = time.perf_counter()
    subprocess.run(
        [python, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(DIST), "--workpath", str(WORK), str(SPEC)],
        check=True, cwd=ROOT,
    )  # fmt: skip
    return time.perf_counter() - started


class Smoke:
    """Runs the bundled program; records what passed, failed and was skipped."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        # The command line runs through the console program (on Windows the GUI program has no
        # stdout); the main window through the GUI program users start.
        self.program = BUNDLE / f"reviewdesk-cli{EXE}"
        self.gui = BUNDLE / f"ReviewDesk{EXE}"
        self.env = dict(os.environ)
        self.env.update(
            QT_QPA_PLATFORM=self.env.get("QT_QPA_PLATFORM", "offscreen"),
            REVIEWDESK_DATA_DIR=str(folder / "data"),
            XDG_CONFIG_HOME=str(folder / "config"),  # QSettings on Linux
            PYTHONPATH="",  # the bundle must not find the source tree
        )
        self.env.pop("REVIEWDESK_DB", None)
        self.failures: list[str] = []
        self.subcommands: set[str] = set()

    def run(
        self, label: str, *args: str, program: Path | None = None
    ) -> subprocess.CompletedProcess[str] | None:
        started = time.perf_counter()
        result = subprocess.run(
            [str(program or self.program), *args], cwd=self.folder, env=self.env,
            capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=600,
        )  # fmt: skip
        took = time.perf_counter() - started
        last = (result.stdout.strip().splitlines() or [""])[-1][:90]
        status = "ok  " if result.returncode == 0 else f"FAIL({result.returncode})"
        print(f"  {status} {took:6.2f} s  {label:<16} {last}", flush=True)
        if result.returncode != 0:
            self.failures.append(label)
            print(result.stdout[-2000:], result.stderr[-4000:], sep="\n", file=sys.stderr)
            return None
        return result

    def has(self, name: str) -> bool:
        if name in self.subcommands:
            return True
        print(f"  FAIL          {name:<16} not in the bundled program's `--help`")
        self.failures.append(name)
        return False

    def check_file(self, label: str, path: Path, kind: str) -> None:
        problem = None
        if not path.is_file() or path.stat().st_size == 0:
            problem = "missing or empty"
        elif kind == "pdf":
            problem = None if path.read_bytes()[:5] == b"%PDF-" else "not a PDF"
        else:
            member = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}[kind]
            try:
                with zipfile.ZipFile(path) as z:
                    problem = None if member in z.namelist() else f"no {member}"
            except zipfile.BadZipFile:
                problem = "not a zip"
        if problem:
            print(f"  FAIL          {label:<16} {path.name}: {problem}")
            self.failures.append(label)
        else:
            print(f"                {'':<16} {path.name}: {path.stat().st_size:,} bytes, {kind} ok")

    def all(self) -> float:
        started = time.perf_counter()
        db = self.folder / "demo.db"
        if (r := self.run("--version", "--version")) is not None and version() not in r.stdout:
            print(f"  FAIL  version {r.stdout.strip()!r} is not {version()}")
            self.failures.append("version")
        if (r := self.run("--help", "--help")) is not None:
            # argparse lists subcommands as "    name   help" under {…}/COMMAND
            self.subcommands = set(re.findall(r"^\s{4}([a-z][a-z0-9-]+)\s", r.stdout, re.MULTILINE))
        self.run("demo", "demo", "--db", str(db), "--today", TODAY)
        if (
            r := self.run("check --json", "check", "--db", str(db), "--today", TODAY, "--json")
        ) is not None:
            try:
                findings = json.loads(r.stdout)
                print(f"                {'':<16} {len(findings)} findings parsed from JSON")
            except json.JSONDecodeError as exc:
                print(f"  FAIL  check --json is not JSON: {exc}")
                self.failures.append("check --json")
        if self.has("export-opinion"):
            out = self.folder / "opinion.docx"
            if self.run("export-opinion", "export-opinion", "--db", str(db), "1", "--step", "fsr",
                        "-o", str(out), "--today", TODAY):  # fmt: skip
                self.check_file("export-opinion", out, "docx")
        if self.has("export-plan"):
            out = self.folder / "x.xlsx"
            if self.run("export-plan", "export-plan", "--db", str(db), "--year", "2026",
                        "--kind", "plan", "-o", str(out), "--today", TODAY):  # fmt: skip
                self.check_file("export-plan", out, "xlsx")
        if self.has("export-checklist"):
            out = self.folder / "checklist.pdf"
            if self.run("export-checklist", "export-checklist", "--db", str(db), "5",
                        "--kind", "dossier", "-o", str(out), "--today", TODAY):  # fmt: skip
                self.check_file("export-checklist", out, "pdf")
        if (r := self.run("main window", "--smoke-test", str(db), program=self.gui)) is not None:
            for line in r.stdout.strip().splitlines():
                print(f"                {'':<16} {line}")
        return time.perf_counter() - started


def makensis_command(tool: str, ver: str, source: Path, target: Path, fast: bool) -> list[str]:
    """The one makensis command line (also what tests/packaging/test_installer.py compiles):
    warnings are errors, the version comes from pyproject.toml."""
    # VIProductVersion needs a.b.c.d: 1.2 → 1.2.0.0, 1.2.0rc1 → 1.2.0.0 (as the spec's exe resource)
    numbers = [*[*re.findall(r"\d+", ver)[:3], "0", "0"][:3], "0"]
    return [tool, "-V2", "-WX", *(["-DFAST"] if fast else []), f"-DVERSION={ver}",
            f"-DVERSION4={'.'.join(numbers)}", f"-DSOURCE={source}", f"-DOUTFILE={target}", str(NSI)]  # fmt: skip


def makensis(ver: str) -> tuple[Path | None, float]:
    tool = shutil.which("makensis")
    if tool is None:
        print("== makensis not found: installer script not compiled (Debian: apt-get install nsis)")
        return None, 0.0
    target = ROOT / "build" / f"ReviewDesk-Setup-{ver}.exe"
    print(f"== makensis -> {target.relative_to(ROOT)}", flush=True)
    started = time.perf_counter()
    # Off Windows the bundle holds Linux binaries: the .exe only proves that the script compiles
    # (uncompressed, FAST, to save a minute of LZMA); the release installer comes from CI.
    result = subprocess.run(makensis_command(tool, ver, BUNDLE, target, fast=not WINDOWS),
                            capture_output=True, text=True, errors="replace")  # fmt: skip
    took = time.perf_counter() - started
    if result.returncode != 0:
        print(result.stdout[-4000:], result.stderr[-4000:], sep="\n", file=sys.stderr)
        raise SystemExit(f"makensis failed ({result.returncode})")
    return target, took


def time_to_window(command: list[str], db: Path, env: dict[str, str]) -> tuple[float, float, str]:
    """One launch: wall time from spawning the process to its `shown` line (main window up,
    rows loaded), the part of it spent inside Python after the launcher's first line, and the
    `window` line (how many projects the list showed)."""
    started = time.perf_counter()
    proc = subprocess.Popen([*command, "--smoke-test", str(db)], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, encoding="utf-8", env=env)  # fmt: skip
    assert proc.stdout is not None
    wall = inside = None
    window = ""
    for line in proc.stdout:
        if line.startswith("shown ") and wall is None:
            wall, inside = time.perf_counter() - started, float(line.split()[1])
        elif line.startswith("window "):
            window = line.split(",")[1].strip()
    if proc.wait() != 0 or wall is None or inside is None:
        raise SystemExit(f"{command[0]} --smoke-test {db} failed")
    return wall, inside, window


def bench(db: Path, runs: int, source_python: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    sides = {
        "bundle": [str(BUNDLE / f"{'reviewdesk-cli' if WINDOWS else 'ReviewDesk'}{EXE}")],
        "source": [str(source_python), str(ROOT / "packaging" / "launcher.py")],
    }
    times: dict[str, list[tuple[float, float]]] = {label: [] for label in sides}
    shown = {}
    with tempfile.TemporaryDirectory() as tmp:
        env["REVIEWDESK_DATA_DIR"] = tmp
        env["XDG_CONFIG_HOME"] = tmp
        print(
            f"== launch → main window shown, {db} ({runs} runs each, alternating, first included)"
        )
        for _ in range(runs):  # alternating, so that load from elsewhere hits both sides alike
            for label, command in sides.items():
                wall, inside, shown[label] = time_to_window(command, db, env)
                times[label].append((wall, inside))
    for label, pairs in times.items():
        walls = sorted(w for w, _ in pairs)
        before = sorted(w - i for w, i in pairs)  # spawn → launcher's first line
        print(f"  {label:<7} median {walls[len(walls) // 2]:5.2f} s (min {walls[0]:.2f}), of which"
              f" start-up before Python code {before[len(before) // 2]:.2f} s; {shown[label]};"
              f" runs: {', '.join(f'{w:.2f}' for w, _ in pairs)}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--venv", type=Path, default=ROOT / "build" / "bundle-venv",
                        help="virtual environment with PyInstaller (created when missing)")  # fmt: skip
    parser.add_argument("--skip-build", action="store_true", help="test the existing bundle")
    parser.add_argument("--no-installer", action="store_true", help="do not run makensis")
    parser.add_argument("--bench", type=Path, metavar="DB", help="time launch → main window on DB")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--source-python", type=Path, default=venv_python(ROOT / ".venv"),
                        help="interpreter for the source-install side of --bench")  # fmt: skip
    args = parser.parse_args(argv)
    ver = version()
    build_time = 0.0
    if not args.skip_build:
        build_time = build(ensure_venv(args.venv))
    if not (BUNDLE / f"ReviewDesk{EXE}").exists():
        raise SystemExit(f"no bundle in {BUNDLE}")
    size = folder_size(BUNDLE)
    files = sum(1 for f in BUNDLE.rglob("*") if f.is_file())
    print(f"== bundle {BUNDLE.relative_to(ROOT)}: {size / 2**20:.0f} MB in {files:,} files")

    print("== smoke test", flush=True)
    with tempfile.TemporaryDirectory(prefix="reviewdesk-smoke-") as tmp:
        smoke = Smoke(Path(tmp))
        smoke_time = smoke.all()

    installer, nsis_time = (None, 0.0) if args.no_installer else makensis(ver)
    if args.bench:
        bench(args.bench, args.runs, args.source_python)

    print("== summary")
    print(f"  version        {ver}")
    if build_time:
        print(f"  build          {build_time:6.1f} s (PyInstaller)")
    print(f"  bundle size    {size / 2**20:6.0f} MB ({files:,} files)")
    print(f"  smoke test     {smoke_time:6.1f} s")
    if installer is not None:
        print(
            f"  installer      {nsis_time:6.1f} s  {installer.relative_to(ROOT)} ({installer.stat().st_size / 2**20:.0f} MB)"
        )
    if smoke.failures:
        print(f"  FAILED: {', '.join(smoke.failures)}")
        return 1
    print("  all passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
