"""packaging/installer.nsi compiles with makensis (Debian's `nsis`; skipped where it is missing)
with the command line tools/build_bundle.py uses, over a stand-in bundle folder (the real one
takes minutes to build; the script is the same). The installer carries the version it is given
(pyproject.toml's in the build) in its Windows version resource.

Installing, upgrading and uninstalling need Windows: .github/workflows/windows.yml does that.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import struct
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
NSI = ROOT / "packaging" / "installer.nsi"
MAKENSIS = shutil.which("makensis")
needs_makensis = pytest.mark.skipif(
    MAKENSIS is None, reason="makensis not installed (Debian: apt-get install nsis)"
)


def build_bundle() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_bundle", ROOT / "tools" / "build_bundle.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    """The files the script installs by name, in a folder shaped like the PyInstaller output."""
    folder = tmp_path / "ReviewDesk"
    (folder / "_internal" / "translations").mkdir(parents=True)
    for name in (
        "ReviewDesk.exe",
        "reviewdesk-cli.exe",
        "_internal/translations/reviewdesk_zh_CN.qm",
    ):
        (folder / name).write_bytes(b"stand-in " + name.encode())
    return folder


def fixed_product_version(exe: Path) -> tuple[int, int, int, int]:
    """VS_FIXEDFILEINFO.dwProductVersion of the (single) version resource."""
    data = exe.read_bytes()
    at = data.find(struct.pack("<I", 0xFEEF04BD))
    assert at > 0, "no version resource"
    _sig, _struct, _file_ms, _file_ls, ms, ls = struct.unpack_from("<6I", data, at)
    return ms >> 16, ms & 0xFFFF, ls >> 16, ls & 0xFFFF


@needs_makensis
@pytest.mark.parametrize("version", ["pyproject", "2.3.14"])
def test_installer_compiles_and_carries_the_version(
    version: str, bundle: Path, tmp_path: Path
) -> None:
    tools = build_bundle()
    if version == "pyproject":
        version = tools.version()
    target = tmp_path / f"ReviewDesk-Setup-{version}.exe"
    assert MAKENSIS is not None
    command = tools.makensis_command(MAKENSIS, version, bundle, target, fast=True)
    result = subprocess.run(command, capture_output=True, text=True, errors="replace")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert target.read_bytes()[:2] == b"MZ"
    print(f"installer for {version}: {target.stat().st_size:,} bytes")
    numbers = [int(n) for n in re.findall(r"\d+", version)][:3]
    assert fixed_product_version(target) == (*numbers, 0)
    # the String "ProductVersion": key, NUL, padding to 32 bits, value (UTF-16)
    key = "ProductVersion\0".encode("utf-16-le")
    value = re.escape(f"{version}\0".encode("utf-16-le"))
    assert re.search(re.escape(key) + b"(?:\0\0)?" + value, target.read_bytes())


@needs_makensis
def test_installer_refuses_to_compile_without_a_version(bundle: Path, tmp_path: Path) -> None:
    assert MAKENSIS is not None
    result = subprocess.run(
        [MAKENSIS, "-V2", f"-DSOURCE={bundle}", f"-DOUTFILE={tmp_path / 'x.exe'}", str(NSI)],
        capture_output=True, text=True, errors="replace",
    )  # fmt: skip
    assert result.returncode != 0
    assert "pass the version" in result.stdout + result.stderr
    assert not (tmp_path / "x.exe").exists()


def test_installer_script_is_per_user_and_keeps_the_data_folder() -> None:
    """What the script must (not) say; the behaviour itself is exercised on Windows in CI."""
    script = NSI.read_text(encoding="utf-8")
    code = "\n".join(line.split(";")[0] for line in script.splitlines())  # comments dropped
    assert re.search(r"^RequestExecutionLevel user$", code, re.MULTILINE)
    assert "HKLM" not in code and "SetShellVarContext all" not in code
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\${APP}"' in code
    # .rdpkg opens in ReviewDesk through the open-package command
    assert '"$INSTDIR\\${EXE}" open-package "%1"' in code
    assert 'WriteRegStr HKCU "${CLASSES}\\.rdpkg" "" "${PROGID}"' in code
    assert 'CreateShortCut "$SMPROGRAMS\\${APP}.lnk"' in code
    assert 'WriteUninstaller "$INSTDIR\\Uninstall.exe"' in code
    assert '"DisplayVersion" "${VERSION}"' in code
    # the data folder ($LOCALAPPDATA\ReviewDesk) is never removed, and neither is the chosen
    # install folder recursively (it may be a folder the user picked that holds other things)
    removals = re.findall(r"^\s*(RMDir|Delete)\s+(/r\s+)?(.*)$", code, re.MULTILINE)
    assert removals
    for _kind, recursive, target in removals:
        assert "$LOCALAPPDATA" not in target, target
        if recursive:
            assert target.strip() == '"$INSTDIR\\_internal"', target
