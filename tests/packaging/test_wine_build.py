"""tools/wine_build.py's pieces that need no Wine: the icuuc.dll stand-in compiles and exports
what Qt6Core.dll 6.11 imports from the Windows ICU, wheels unpack as pip would lay them out, and
C:\\ paths map into the prefix. The build and the acceptance run themselves are `.ci/run`'s."""

from __future__ import annotations

import importlib.util
import shutil
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]

#: `x86_64-w64-mingw32-objdump -p Qt6Core.dll` (PySide6-Essentials 6.11.3, win_amd64): icuuc.dll
QT6CORE_ICU_IMPORTS = {
    "ucnv_open", "ucnv_close", "UCNV_FROM_U_CALLBACK_SUBSTITUTE", "UCNV_TO_U_CALLBACK_SUBSTITUTE",
    "ucnv_reset", "ucnv_getMaxCharSize", "ucnv_getName", "ucnv_getToUCallBack",
    "ucnv_getFromUCallBack", "ucnv_setToUCallBack", "ucnv_setFromUCallBack",
    "ucnv_cbToUWriteUChars", "ucnv_toUnicode", "ucnv_cbFromUWriteUChars", "ucnv_toUCountPending",
    "ucnv_fromUCountPending", "ucnv_getStandardName", "ucnv_getAvailableName",
    "ucnv_countAvailable", "ucnv_fromUnicode",
}  # fmt: skip


def wine_build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("wine_build", ROOT / "tools" / "wine_build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(
    shutil.which("x86_64-w64-mingw32-gcc") is None, reason="Debian: gcc-mingw-w64-x86-64"
)
def test_icuuc_standin_exports_what_qt_imports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tools = wine_build()
    monkeypatch.setattr(tools, "OUT", tmp_path)
    dll = tools.standin_dll()
    assert dll.read_bytes()[:2] == b"MZ"
    assert tools.pe_exports(dll) == QT6CORE_ICU_IMPORTS
    imports = tools.pe_imports(dll, "kernel32.dll")  # a plain DLL: needs nothing of ICU itself
    assert not any(name.startswith("ucnv") for name in imports)


def test_wheels_unpack_like_pip(tmp_path: Path) -> None:
    wheel = tmp_path / "demo-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("demo/__init__.py", "")
        archive.writestr("demo-1.0.dist-info/METADATA", "Name: demo\n")
        archive.writestr("demo-1.0.data/purelib/demo_extra.py", "X = 1\n")
        archive.writestr("demo-1.0.data/scripts/demo.exe", "")
    site = tmp_path / "site-packages"
    site.mkdir()
    wine_build().unpack_wheel(wheel, site)
    assert sorted(p.name for p in site.iterdir()) == ["demo", "demo-1.0.dist-info", "demo_extra.py"]


def test_c_drive_paths_map_into_the_prefix(tmp_path: Path) -> None:
    tools = wine_build()
    wine = tools.Wine(tmp_path / "prefix")
    (tmp_path / "prefix" / "drive_c" / "users").mkdir(parents=True)
    mapped = wine.drive_c(r"C:\Users\张三\Documents\评审 数据\a.db")
    assert mapped == tmp_path / "prefix/drive_c/users/张三/Documents/评审 数据/a.db"
    assert tools.windows_path(Path("/tmp/a b")) == r"Z:\tmp\a b"
    assert "REVIEWDESK_DATA_DIR" not in wine.env and "PYTHONPATH" not in wine.env
