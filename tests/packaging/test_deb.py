"""tools/build_deb.py without building the bundle: the menu entries, the .rdpkg MIME type, the
version dpkg sees, the icons, and a package built from a stand-in bundle that dpkg-deb reads back.
Installing and running the real package is `tools/build_deb.py --test` (root, in .ci/run)."""

from __future__ import annotations

import configparser
import importlib.util
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def build_deb() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_deb", ROOT / "tools" / "build_deb.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def desktop(text: str) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(text)
    return parser["Desktop Entry"]


def test_menu_entry_has_the_chinese_name_and_icon() -> None:
    tools = build_deb()
    entry = desktop(tools.DESKTOP)
    assert entry["Name[zh_CN]"] == "政务信息化项目评审工作台"
    assert entry["Icon"] == "reviewdesk"
    assert entry["Exec"] == "/opt/reviewdesk/ReviewDesk"
    assert "MimeType" not in entry  # a bare file name is not a command of the program


def test_review_packages_open_in_reviewer_mode() -> None:
    tools = build_deb()
    entry = desktop(tools.OPEN_PACKAGE)
    assert entry["Exec"] == "/opt/reviewdesk/ReviewDesk open-package %f"
    assert entry["MimeType"] == f"{tools.MIME};"
    assert entry["NoDisplay"] == "true"
    mime = ET.fromstring(tools.MIME_XML.encode())
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    [kind] = mime.findall("m:mime-type", ns)
    assert kind.get("type") == tools.MIME
    assert [g.get("pattern") for g in kind.findall("m:glob", ns)] == ["*.rdpkg"]


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils")
def test_desktop_files_validate(tmp_path: Path) -> None:
    tools = build_deb()
    for name, text in (("reviewdesk.desktop", tools.DESKTOP),
                       ("reviewdesk-open-package.desktop", tools.OPEN_PACKAGE)):  # fmt: skip
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        result = subprocess.run(
            ["desktop-file-validate", str(path)], capture_output=True, text=True
        )
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def test_icons_come_from_the_windows_icon() -> None:
    images = build_deb().ico_pngs(ROOT / "packaging" / "reviewdesk.ico")
    assert {16, 32, 48, 256} <= images.keys()
    assert all(png.startswith(b"\x89PNG") for png in images.values())


@pytest.mark.skipif(shutil.which("dpkg") is None, reason="dpkg")
def test_prerelease_versions_sort_before_the_release() -> None:
    tools = build_deb()
    assert tools.debian_version("1.2.0rc1") == "1.2.0~rc1"
    older = subprocess.run(["dpkg", "--compare-versions", tools.debian_version("1.2.0rc1"),
                            "lt", tools.debian_version("1.2.0")])  # fmt: skip
    assert older.returncode == 0


@pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="dpkg-deb")
def test_package_of_a_stand_in_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Layout, control fields and Depends (libc6 from the ELF's GLIBC_2.x, libraries by owner)."""
    tools = build_deb()
    bundle = tmp_path / "ReviewDesk"
    (bundle / "_internal").mkdir(parents=True)
    for name in ("ReviewDesk", "reviewdesk-cli"):  # a real ELF that links to system libraries
        shutil.copy2("/bin/ls", bundle / name)
    monkeypatch.setattr(tools, "BUNDLE", bundle)
    monkeypatch.setattr(tools, "STAGE", tmp_path / "deb" / "root")
    monkeypatch.setattr(tools, "ROOT", tmp_path)
    (tmp_path / "README.md").write_text("readme", encoding="utf-8")
    (tmp_path / "packaging").mkdir()
    shutil.copy2(ROOT / "packaging" / "reviewdesk.ico", tmp_path / "packaging")
    (tmp_path / "build").mkdir()
    deb = tools.build_deb("1.2.0rc1")
    assert deb.name == "reviewdesk_1.2.0~rc1_amd64.deb"
    listing = subprocess.run(["dpkg-deb", "-c", str(deb)], capture_output=True, text=True).stdout
    for path in ("./opt/reviewdesk/ReviewDesk", "./usr/bin/reviewdesk -> /opt/reviewdesk/reviewdesk-cli",
                 "./usr/share/applications/reviewdesk.desktop",
                 "./usr/share/applications/reviewdesk-open-package.desktop",
                 "./usr/share/mime/packages/reviewdesk.xml",
                 "./usr/share/icons/hicolor/256x256/apps/reviewdesk.png",
                 "./usr/share/icons/hicolor/48x48/mimetypes/application-x-reviewdesk-package.png"):  # fmt: skip
        assert path in listing
    assert "root/root" in listing.splitlines()[0]
    depends = subprocess.run(["dpkg-deb", "--field", str(deb), "Depends"], capture_output=True,
                             text=True).stdout  # fmt: skip
    assert "libc6 (>= 2." in depends
    assert "libselinux1" in depends  # /bin/ls links to libselinux.so.1
