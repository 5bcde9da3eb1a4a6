"""packaging/reviewdesk.spec without PyInstaller: the spec is executed with stand-ins for
PyInstaller's Analysis/PYZ/EXE/COLLECT and collect_submodules, and what it hands to the
Analysis is checked against the checkout, found here independently of the spec:

- every module of `app` is a hidden import (the CLI discovers app.commands.* with pkgutil, the
  UI and services import lazily), except the migration scripts, which must be data files
  where Alembic reads them (app/migrations/env.py, script.py.mako, versions/*.py);
- every translations/*.qm, every file under resources/ and every non-Python file in app/;
- the libraries loaded by name or from C (cffi for Tongsuo, the psycopg driver);
- nothing the code imports is excluded; Qt's own translations keep zh_CN and en.

The full build (tools/build_bundle.py) is too slow for every CI run; this is the cheap check.
"""

from __future__ import annotations

import ast
import importlib.util
import os
import pkgutil
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "reviewdesk.spec"
APP = ROOT / "app"
MIGRATIONS = APP / "migrations"


def collect_submodules(
    package: str, filter: Callable[[str], bool] = lambda name: True
) -> list[str]:
    """What PyInstaller's collect_submodules returns, from the files (nothing is imported)."""
    spec = importlib.util.find_spec(package)
    assert spec is not None, f"the spec collects {package}, which is not installed"
    names = [package]

    def walk(paths: list[str], prefix: str) -> None:
        for info in pkgutil.iter_modules(paths, prefix):
            if filter(info.name):
                names.append(info.name)
                if info.ispkg:
                    folder = os.path.join(info.module_finder.path, info.name.rsplit(".", 1)[1])  # type: ignore[union-attr]
                    walk([folder], info.name + ".")

    walk(list(spec.submodule_search_locations or []), package + ".")
    return names


class Analysis:
    # what hooks typically add, to check the spec's filters
    QT_DATAS: ClassVar = [
        ("PySide6/Qt/translations/qtbase_zh_CN.qm", "x", "DATA"),
        ("PySide6/Qt/translations/qtbase_en.qm", "x", "DATA"),
        ("PySide6/Qt/translations/qtbase_de.qm", "x", "DATA"),
        ("PySide6/translations/qt_ja.qm", "x", "DATA"),
    ]
    QT_BINARIES: ClassVar = [
        ("PySide6/Qt/lib/libQt6Widgets.so.6", "x", "BINARY"),
        ("PySide6/Qt6Widgets.dll", "x", "BINARY"),
        ("PySide6/plugins/platforms/qwindows.dll", "x", "BINARY"),
        ("PySide6/Qt/lib/libQt6Qml.so.6", "x", "BINARY"),
        ("PySide6/Qt6Quick.dll", "x", "BINARY"),
        ("PySide6/opengl32sw.dll", "x", "BINARY"),
    ]

    def __init__(self, scripts: list[str], **kwargs: Any) -> None:
        self.inputs = kwargs
        self.scripts = scripts
        self.pure: list[Any] = []
        self.datas = [(dest, src, "DATA") for src, dest in kwargs["datas"]] + self.QT_DATAS
        self.binaries = list(self.QT_BINARIES)


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_submodules = collect_submodules  # type: ignore[attr-defined]
    fakes = {
        "PyInstaller": types.ModuleType("PyInstaller"),
        "PyInstaller.utils": types.ModuleType("PyInstaller.utils"),
        "PyInstaller.utils.hooks": hooks,
    }
    saved_modules = {name: sys.modules.get(name) for name in fakes}
    saved_path = list(sys.path)
    made: dict[str, list[dict[str, Any]]] = {"EXE": [], "COLLECT": []}
    namespace: dict[str, Any] = {
        "__name__": "__main__",
        "SPECPATH": str(SPEC.parent),
        "Analysis": Analysis,
        "PYZ": lambda *a, **k: ("PYZ", a),
        "EXE": lambda *a, **k: made["EXE"].append(k) or k["name"],
        "COLLECT": lambda *a, **k: made["COLLECT"].append({"args": a, **k}),
    }
    sys.modules.update(fakes)
    try:
        exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    finally:
        sys.path[:] = saved_path
        for name, module in saved_modules.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
    namespace["made"] = made
    return namespace


def app_modules() -> set[str]:
    names = set()
    for path in APP.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        names.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def data_files(spec: dict[str, Any]) -> set[tuple[Path, str]]:
    return {
        (Path(src).resolve(), dest.replace("\\", "/")) for src, dest in spec["a"].inputs["datas"]
    }


def test_every_app_module_is_bundled_and_migrations_are_files(spec: dict[str, Any]) -> None:
    hidden = set(spec["a"].inputs["hiddenimports"])
    modules = app_modules()
    scripts = {m for m in modules if m.startswith("app.migrations.")}
    assert {"app.commands.core", "app.migrations.versions"} <= modules  # the walk found them
    assert sorted(modules - scripts - hidden) == []
    from app.commands import command_modules

    assert sorted(set(command_modules()) - hidden) == []
    # Alembic runs the scripts from the folder app.migrations.__file__ points to
    assert "app.migrations" in hidden
    expected = {
        (f.resolve(), "app/migrations/versions") for f in (MIGRATIONS / "versions").glob("*.py")
    }
    expected |= {(MIGRATIONS / name, "app/migrations") for name in ("env.py", "script.py.mako")}
    assert len(expected) >= 5
    assert sorted(expected - data_files(spec)) == []


def test_translations_resources_and_package_data_are_bundled(spec: dict[str, Any]) -> None:
    datas = data_files(spec)
    qm = {(f.resolve(), "translations") for f in (ROOT / "translations").glob("*.qm")}
    assert qm, "no .qm in translations/"
    resources = ROOT / "resources"
    others = {
        (f.resolve(), f.parent.relative_to(ROOT).as_posix())
        for f in resources.rglob("*")
        if f.is_file() and f.name != ".gitkeep"
    }
    package_data = {
        (f.resolve(), f.parent.relative_to(ROOT).as_posix())
        for f in APP.rglob("*")
        if f.is_file() and f.suffix not in (".py", ".pyc") and "__pycache__" not in f.parts
    }
    assert sorted((qm | others | package_data) - datas) == []
    # app.ui.app looks for <bundle>/translations/reviewdesk_<language>.qm: one per .ts
    for ts in (ROOT / "translations").glob("reviewdesk_*.ts"):
        assert (ts.with_suffix(".qm").resolve(), "translations") in datas


def test_libraries_loaded_by_name_or_from_c_are_hidden_imports(spec: dict[str, Any]) -> None:
    hidden = set(spec["a"].inputs["hiddenimports"])
    needed = {
        "_cffi_backend",  # tongsuopy's binding (SM2, SM4) imports it from C
        "tongsuopy.backends.tongsuo.binding",
        "tongsuopy.crypto.asymciphers.ec",
        "sqlalchemy.dialects.postgresql.psycopg",  # loaded for a postgresql+psycopg:// URL
        "sqlalchemy.dialects.sqlite",
        "psycopg",
        "psycopg_binary",  # psycopg.pq imports it by name
        "alembic.op",  # the migration scripts and env.py
        "alembic.context",
        "alembic.command",
        "logging.config",  # alembic.config
    }
    assert sorted(needed - hidden) == []


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def test_nothing_the_code_imports_is_excluded(spec: dict[str, Any]) -> None:
    excludes = set(spec["excludes"])
    sources = [*APP.rglob("*.py"), ROOT / "packaging" / "launcher.py"]
    hits = {
        (path.relative_to(ROOT).as_posix(), name)
        for path in sources
        for name in imported_modules(path)
        if any(name == x or name.startswith(x + ".") for x in excludes)
    }
    assert sorted(hits) == []


def test_qt_translations_and_libraries_are_trimmed(spec: dict[str, Any]) -> None:
    qms = sorted(Path(dest).name for dest, _src, _kind in spec["a"].datas if "PySide6" in dest)
    assert qms == ["qtbase_en.qm", "qtbase_zh_CN.qm"]
    binaries = sorted(Path(dest).name for dest, _src, _kind in spec["a"].binaries)
    assert binaries == ["Qt6Widgets.dll", "libQt6Widgets.so.6", "qwindows.dll"]


def test_two_programs_with_the_icon_in_one_folder(spec: dict[str, Any]) -> None:
    programs = {k["name"]: k for k in spec["made"]["EXE"]}
    assert sorted(programs) == ["ReviewDesk", "reviewdesk-cli"]
    assert programs["ReviewDesk"]["console"] is False
    assert programs["reviewdesk-cli"]["console"] is True
    for exe in programs.values():
        assert Path(exe["icon"]).is_file()
        assert exe["exclude_binaries"] is True  # one folder, not one file
    [collect] = spec["made"]["COLLECT"]
    assert collect["name"] == "ReviewDesk"
    assert collect["args"][:2] == ("ReviewDesk", "reviewdesk-cli")
    import tomllib

    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert spec["VERSION"] == pyproject["project"]["version"]
