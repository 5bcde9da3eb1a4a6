"""信创 desktops (统信 UOS, 银河麒麟): a .deb of the Linux bundle, and its install test.

    python3 tools/build_deb.py                 # tools/build_bundle.py, then build/reviewdesk_<v>_amd64.deb
    python3 tools/build_deb.py --skip-bundle   # package build/bundle/ReviewDesk as it is
    python3 tools/build_deb.py --test          # (root) dpkg -i, run, screenshot, dpkg -r, data kept

The package:
  /opt/reviewdesk/                 the one-folder bundle (ReviewDesk, reviewdesk-cli, _internal)
  /usr/bin/reviewdesk              → /opt/reviewdesk/reviewdesk-cli (the command line)
  /usr/share/applications/reviewdesk.desktop               the menu entry, Chinese name and icon
  /usr/share/applications/reviewdesk-open-package.desktop  .rdpkg → `ReviewDesk open-package %f`
                                                           (hidden from the menu)
  /usr/share/mime/packages/reviewdesk.xml                  application/x-reviewdesk-package, *.rdpkg
  /usr/share/icons/hicolor/<n>x<n>/{apps,mimetypes}/…      from packaging/reviewdesk.ico
No maintainer scripts: dpkg's triggers of shared-mime-info, desktop-file-utils and the icon
cache pick the files up. User data stays in the user's data folder (~/.local/share/ReviewDesk,
platformdirs), which the package never touches: removing or purging it keeps every database.

Depends is computed from the bundle as dpkg-shlibdeps would: every shared library its ELF files
need that the bundle does not carry, mapped to its Debian package with `dpkg -S`, and libc6 at
least the newest GLIBC_2.x symbol version they use (so an older system refuses the package
instead of failing to start it; build on the oldest release you support).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import build_bundle  # noqa: E402  (version, the bundle's location, TODAY)

BUNDLE = build_bundle.BUNDLE
STAGE = ROOT / "build" / "deb" / "root"
PACKAGE = "reviewdesk"
MIME = "application/x-reviewdesk-package"
NAME_ZH = "政务信息化项目评审工作台"
RECOMMENDS = "fonts-noto-cjk | fonts-wqy-zenhei | fonts-wqy-microhei"

DESKTOP = f"""[Desktop Entry]
Type=Application
Name=ReviewDesk
Name[zh_CN]={NAME_ZH}
GenericName=Project review workbench
GenericName[zh_CN]=项目评审工作台
Comment=Review and manage district government IT projects (江津府办发〔2022〕154号)
Comment[zh_CN]=区级政务信息化项目评审与管理（江津府办发〔2022〕154号）
Exec=/opt/reviewdesk/ReviewDesk
Icon=reviewdesk
Terminal=false
Categories=Office;ProjectManagement;
Keywords=review;project;评审;项目;政务;
StartupNotify=true
"""

OPEN_PACKAGE = f"""[Desktop Entry]
Type=Application
Name=ReviewDesk review package
Name[zh_CN]=ReviewDesk 评审包
Exec=/opt/reviewdesk/ReviewDesk open-package %f
Icon=reviewdesk
Terminal=false
NoDisplay=true
MimeType={MIME};
"""

MIME_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="{MIME}">
    <comment>ReviewDesk review package</comment>
    <comment xml:lang="zh_CN">ReviewDesk 评审包</comment>
    <sub-class-of type="application/zip"/>
    <glob pattern="*.rdpkg" weight="80"/>
    <icon name="{MIME.replace("/", "-")}"/>
  </mime-type>
</mime-info>
"""


def debian_version(version: str) -> str:
    """pyproject's version for dpkg: 1.2.0rc1 sorts before 1.2.0 as 1.2.0~rc1."""
    return re.sub(r"(\d)(a|b|rc|dev)", r"\1~\2", version)


def ico_pngs(ico: Path) -> dict[int, bytes]:
    """The PNG images inside packaging/reviewdesk.ico (Pillow writes every size as PNG)."""
    data = ico.read_bytes()
    _reserved, _kind, count = struct.unpack_from("<HHH", data, 0)
    images = {}
    for i in range(count):
        width, _h, _c, _r, _p, _b, size, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        blob = data[offset : offset + size]
        if blob.startswith(b"\x89PNG"):
            images[width or 256] = blob
    return images


def elf_files(folder: Path) -> list[Path]:
    files = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    files.append(path)
    return files


def package_of(library: str) -> str | None:
    """The package that owns a library, whichever of /lib and /usr/lib (merged /usr) dpkg
    recorded it under."""
    path = Path(library)
    names = {str(path), str(path).removeprefix("/usr"), "/usr" + str(path)}
    for name in sorted(names):
        result = subprocess.run(["dpkg", "-S", name], capture_output=True, text=True)
        if result.returncode == 0:
            return result.stdout.split(": ", 1)[0].split(", ")[0].split(":")[0]
    return None


#: Qt plugins (and Qt's Wayland client libraries) that load only on a GTK desktop (platform
#: theme) or in a Wayland session: their libraries are suggested, not required (UOS's DDE and
#: Kylin's UKUI run on X11, through the xcb plugin)
OPTIONAL_PLUGINS = re.compile(
    r"/plugins/(platformthemes/libqgtk3|wayland-|platforms/libqwayland)|/libQt6(Wayland|WlShell)"
)
SUGGESTS = "libgtk-3-0, libwayland-cursor0, libwayland-egl1"


def depends(folder: Path) -> str:
    """Packages of the system libraries the bundle links to, and the glibc it needs."""
    elves = [p for p in elf_files(folder) if not OPTIONAL_PLUGINS.search(str(p))]
    carried = {p.name for p in folder.rglob("*.so*")}
    system: set[str] = set()
    missing: set[str] = set()
    glibc = (2, 17)
    for chunk in range(0, len(elves), 64):
        result = subprocess.run(["ldd", *map(str, elves[chunk : chunk + 64])],
                                capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"})  # fmt: skip
        for line in result.stdout.splitlines():
            match = re.match(r"\s+(\S+) => (not found|\S+)", line)
            if not match or match.group(1) in carried:
                continue
            if match.group(2) == "not found":
                missing.add(match.group(1))
            else:
                system.add(os.path.realpath(match.group(2)))
    for path in elves:
        for found in re.findall(rb"GLIBC_2\.(\d+)", path.read_bytes()):
            glibc = max(glibc, (2, int(found)))
    if missing:
        raise SystemExit(
            "the bundle needs libraries this machine does not have, so their packages are unknown: "
            + ", ".join(sorted(missing))
            + " (install them, e.g. the Qt xcb libraries of .ci/run, and build again)"
        )
    packages = {"libc6"}
    for library in sorted(system):
        owner = package_of(library)
        if owner is None:
            raise SystemExit(f"no Debian package owns {library}")
        packages.add(owner)
    return ", ".join(
        f"libc6 (>= {glibc[0]}.{glibc[1]})" if name == "libc6" else name
        for name in sorted(packages)
    )


def stage(version: str) -> Path:
    shutil.rmtree(STAGE.parent, ignore_errors=True)
    opt = STAGE / "opt" / "reviewdesk"
    shutil.copytree(BUNDLE, opt, symlinks=True)
    (STAGE / "usr" / "bin").mkdir(parents=True)
    (STAGE / "usr" / "bin" / "reviewdesk").symlink_to("/opt/reviewdesk/reviewdesk-cli")
    share = STAGE / "usr" / "share"
    (share / "applications").mkdir(parents=True)
    (share / "applications" / "reviewdesk.desktop").write_text(DESKTOP, encoding="utf-8")
    (share / "applications" / "reviewdesk-open-package.desktop").write_text(
        OPEN_PACKAGE, encoding="utf-8"
    )
    (share / "mime" / "packages").mkdir(parents=True)
    (share / "mime" / "packages" / "reviewdesk.xml").write_text(MIME_XML, encoding="utf-8")
    for size, png in ico_pngs(ROOT / "packaging" / "reviewdesk.ico").items():
        if size < 16:
            continue
        for kind, name in (("apps", "reviewdesk"), ("mimetypes", MIME.replace("/", "-"))):
            folder = share / "icons" / "hicolor" / f"{size}x{size}" / kind
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{name}.png").write_bytes(png)
    docs = share / "doc" / PACKAGE
    docs.mkdir(parents=True)
    (docs / "README.md").write_text(
        (ROOT / "README.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    installed_kb = sum(f.stat().st_size for f in STAGE.rglob("*") if f.is_file()) // 1024
    control = STAGE / "DEBIAN" / "control"
    control.parent.mkdir()
    control.write_text(
        f"Package: {PACKAGE}\n"
        f"Version: {debian_version(version)}\n"
        "Section: office\n"
        "Priority: optional\n"
        "Architecture: amd64\n"
        f"Installed-Size: {installed_kb}\n"
        f"Depends: {depends(opt)}\n"
        f"Recommends: {RECOMMENDS}\n"
        f"Suggests: {SUGGESTS}\n"
        "Maintainer: ReviewDesk <reviewdesk@localhost>\n"
        f"Description: ReviewDesk {NAME_ZH}\n"
        " Review and management of district government IT projects under the Jiangjin\n"
        " measures (江津府办发〔2022〕154号): dossier checks, plans, acceptance, exports to\n"
        " Word, Excel and PDF. Installs into /opt/reviewdesk; data stays in each user's\n"
        " ~/.local/share/ReviewDesk.\n",
        encoding="utf-8",
    )
    return STAGE


def build_deb(version: str) -> Path:
    root = stage(version)
    target = ROOT / "build" / f"{PACKAGE}_{debian_version(version)}_amd64.deb"
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zxz", "-z6", "--build", str(root),
                    str(target)], check=True, stdout=subprocess.DEVNULL)  # fmt: skip
    return target


# ====================================================================== install test


class DebTest:
    def __init__(self, deb: Path, folder: Path) -> None:
        self.deb = deb
        self.folder = folder
        self.home = folder / "home"  # a user who never ran ReviewDesk
        self.home.mkdir()
        self.data = self.home / ".local" / "share" / "ReviewDesk"
        self.env = {
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "HOME": str(self.home),
            "LANG": "C.UTF-8",
            "QT_QPA_PLATFORM": "offscreen",
        }
        self.failures: list[str] = []
        self.results: dict[str, str] = {}

    def step(self, name: str, command: list[str], env: dict[str, str] | None = None) -> str | None:
        started = time.perf_counter()
        result = subprocess.run(command, capture_output=True, text=True, errors="replace",
                                env={**self.env, **(env or {})}, cwd=self.home, timeout=600)  # fmt: skip
        last = (result.stdout.strip().splitlines() or [""])[-1][:100]
        if result.returncode != 0:
            print(
                f"  FAIL {name}: exit {result.returncode}\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
            )
            self.failures.append(name)
            return None
        print(f"  ok   {name}  {time.perf_counter() - started:5.1f} s  {last}", flush=True)
        return result.stdout

    def check(self, name: str, ok: bool, detail: str) -> bool:
        print(f"  {'ok  ' if ok else 'FAIL'} {name}  {detail}", flush=True)
        if not ok:
            self.failures.append(name)
        return ok

    def run(self, screenshot: Path) -> str:
        root = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "DEBIAN_FRONTEND": "noninteractive"}
        install = self.step("dpkg -i", ["dpkg", "-i", str(self.deb)], env=root) is not None
        if install:
            self.check("files", Path("/opt/reviewdesk/ReviewDesk").is_file()
                       and Path("/usr/bin/reviewdesk").exists(), "/opt/reviewdesk, /usr/bin/reviewdesk")  # fmt: skip
        validate = shutil.which("desktop-file-validate")
        desktop = Path("/usr/share/applications/reviewdesk.desktop")
        if install and validate:
            for entry in (desktop, desktop.with_name("reviewdesk-open-package.desktop")):
                self.step(f"validate {entry.name}", [validate, str(entry)])
        if install:
            text = desktop.read_text(encoding="utf-8") if desktop.exists() else ""
            self.check("Chinese name", f"Name[zh_CN]={NAME_ZH}" in text, f"Name[zh_CN]={NAME_ZH}")
        mime_ok = install and self.mime()
        version = self.step("reviewdesk --version", ["reviewdesk", "--version"])
        if version is not None:
            self.check("version", build_bundle.version() in version, version.strip())
        # no --db: the default database in the user's data folder
        self.step("reviewdesk demo", ["reviewdesk", "demo", "--today", build_bundle.TODAY])
        db = self.data / "demo.db"
        if not db.exists():
            db = self.data / "reviewdesk.db"
        self.check("data folder", db.exists(), str(db))
        smoke = self.step("smoke test", ["/opt/reviewdesk/ReviewDesk", "--smoke-test", str(db)])
        shot = self.gui(db, screenshot)
        remove = self.step("dpkg -r", ["dpkg", "-r", PACKAGE], env=root) is not None
        gone = not Path("/opt/reviewdesk").exists() and not Path("/usr/bin/reviewdesk").exists()
        self.check("removed", remove and gone, "/opt/reviewdesk and /usr/bin/reviewdesk gone")
        kept = db.exists() and db.stat().st_size > 0
        self.check("data kept", kept, f"{db} ({db.stat().st_size if db.exists() else 0:,} bytes)")
        ok = {True: "ok", False: "FAIL"}
        return (f"DEB: deb_mb={self.deb.stat().st_size / 2**20:.0f} install={ok[install]} "
                f"mime={ok[mime_ok]} smoke={ok[smoke is not None]} gui_shot={ok[shot]} "
                f"remove={ok[remove and gone]} data_kept={kept}")  # fmt: skip

    def mime(self) -> bool:
        """*.rdpkg is our MIME type, and that type opens `ReviewDesk open-package`."""
        glob_ok = "*.rdpkg" in Path("/usr/share/mime/globs2").read_text(encoding="utf-8") \
            if Path("/usr/share/mime/globs2").exists() else False  # fmt: skip
        cache = Path("/usr/share/applications/mimeinfo.cache")
        handler = cache.exists() and any(
            line.startswith(f"{MIME}=") and "reviewdesk-open-package.desktop" in line
            for line in cache.read_text(encoding="utf-8").splitlines()
        )
        return self.check("mime", glob_ok and handler,
                          f"*.rdpkg → {MIME} (globs2: {glob_ok}) → reviewdesk-open-package.desktop "
                          f"(mimeinfo.cache: {handler})")  # fmt: skip

    def gui(self, db: Path, screenshot: Path) -> bool:
        """The installed program on an X display (xcb), the main window saved as PNG."""
        xvfb = shutil.which("xvfb-run")
        if xvfb is None:
            return self.check("screenshot", False, "xvfb-run not installed")
        out = self.step("GUI (xcb)", [xvfb, "-a", "-s", "-screen 0 1366x768x24",
                                      "/opt/reviewdesk/ReviewDesk", "--smoke-test", str(db),
                                      "--screenshot", str(screenshot)],
                        env={"QT_QPA_PLATFORM": "xcb"})  # fmt: skip
        ok = out is not None and "platform  xcb" in out and screenshot.exists() \
            and screenshot.stat().st_size > 20_000  # fmt: skip
        return self.check("screenshot", ok, str(screenshot))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-bundle", action="store_true", help="package the existing bundle")
    parser.add_argument("--test", action="store_true", help="install, run, remove (root)")
    args = parser.parse_args(argv)
    version = build_bundle.version()
    if not args.skip_bundle:
        code = build_bundle.main(["--no-installer"])
        if code != 0:
            return code
    if not (BUNDLE / "ReviewDesk").exists():
        raise SystemExit(f"no Linux bundle in {BUNDLE}: run tools/build_bundle.py")
    deb = build_deb(version)
    print(f"== {deb.relative_to(ROOT)}: {deb.stat().st_size / 2**20:.0f} MB")
    info = subprocess.run(
        ["dpkg-deb", "--field", str(deb), "Depends"], capture_output=True, text=True
    )
    print(f"   Depends: {info.stdout.strip()}")
    if not args.test:
        return 0
    if os.geteuid() != 0:
        raise SystemExit("--test installs the package: run as root (CI does)")
    screenshot = ROOT / "build" / "deb" / "main-window.png"
    with tempfile.TemporaryDirectory(prefix="reviewdesk-deb-") as tmp:
        test = DebTest(deb, Path(tmp))
        line = test.run(screenshot)
    print(line)
    if test.failures:
        print(f"DEB FAILED: {', '.join(test.failures)}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
