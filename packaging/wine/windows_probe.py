"""Run by the Windows Python under Wine (tools/wine_build.py): what PowerShell checks in
.github/workflows/windows.yml, printed as ASCII JSON so any console code page carries it.

    python.exe windows_probe.py [INSTALLER.exe]

Reports the user folders, the ANSI code page, the installed program's registry entries
(uninstall key, .rdpkg association, ProgID), the Start-menu shortcut, and the installer's
ProductVersion string resource when given.
"""

from __future__ import annotations

import ctypes
import json
import os
import sys
import winreg  # type: ignore[import-not-found,unused-ignore]

UNINSTALL = r"Software\Microsoft\Windows\CurrentVersion\Uninstall\ReviewDesk"
CLASSES = r"Software\Classes"
PROGID = "ReviewDesk.rdpkg"


def value(key: str, name: str = "") -> str | int | None:
    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, key) as handle:
            return winreg.QueryValueEx(handle, name)[0]  # type: ignore[no-any-return]
    except OSError:
        return None


def exists(key: str) -> bool:
    try:
        winreg.OpenKey(winreg.HKEY_CURRENT_USER, key).Close()
    except OSError:
        return False
    return True


def product_version(path: str) -> str | None:
    """The ProductVersion string, as (Get-Item $setup).VersionInfo.ProductVersion reads it."""
    version = ctypes.windll.version  # type: ignore[attr-defined]
    size = version.GetFileVersionInfoSizeW(path, None)
    if not size:
        return None
    data = ctypes.create_string_buffer(size)
    if not version.GetFileVersionInfoW(path, 0, size, data):
        return None
    pointer, length = ctypes.c_void_p(), ctypes.c_uint()
    if not version.VerQueryValueW(
        data, r"\VarFileInfo\Translation", ctypes.byref(pointer), ctypes.byref(length)
    ):
        return None
    lang, codepage = ctypes.cast(pointer, ctypes.POINTER(ctypes.c_ushort * 2)).contents
    query = rf"\StringFileInfo\{lang:04x}{codepage:04x}\ProductVersion"
    if not version.VerQueryValueW(data, query, ctypes.byref(pointer), ctypes.byref(length)):
        return None
    return ctypes.wstring_at(pointer.value, length.value).rstrip("\0")  # type: ignore[arg-type]


def main() -> int:
    appdata = os.environ["APPDATA"]
    shortcut = os.path.join(appdata, r"Microsoft\Windows\Start Menu\Programs\ReviewDesk.lnk")
    facts = {
        "LOCALAPPDATA": os.environ["LOCALAPPDATA"],
        "APPDATA": appdata,
        "USERPROFILE": os.environ["USERPROFILE"],
        "acp": ctypes.windll.kernel32.GetACP(),  # type: ignore[attr-defined]
        "start_menu": os.path.exists(shortcut),
        "display_version": value(UNINSTALL, "DisplayVersion"),
        "install_location": value(UNINSTALL, "InstallLocation"),
        "quiet_uninstall": value(UNINSTALL, "QuietUninstallString"),
        "uninstall_key": exists(UNINSTALL),
        "rdpkg": value(CLASSES + r"\.rdpkg"),
        "open_command": value(rf"{CLASSES}\{PROGID}\shell\open\command"),
        "progid_key": exists(rf"{CLASSES}\{PROGID}"),
    }
    if len(sys.argv) > 1:
        facts["installer_product_version"] = product_version(sys.argv[1])
    print(json.dumps(facts, ensure_ascii=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
