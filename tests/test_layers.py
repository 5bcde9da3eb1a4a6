"""The layers of docs/architecture.md, checked on the source (ast, nothing imported).

- app/rules imports nothing outside itself and the standard library;
- app/reports imports no sqlalchemy, no models, no services but the atomic writer, and opens no
  session: a writer gets its data as a value;
- app/ui imports no sqlalchemy and opens no session, except the start-up (START_UP) and the
  files not converted yet (NOT_CONVERTED, which must be exactly the files that still do);
- no import cycles but the known ones (KNOWN_CYCLES, which must be exactly the ones left).
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"

#: the one place under app/ui that opens the store: location checks, lock, backups, restore
START_UP = {"app/ui/app.py"}

#: widgets that still read or write through the store themselves (issue 13, Deliver 1: each is
#: to get its rows from a read model in app/services and change data through service functions).
#: Remove a file from here when it is converted; the test fails while the list is stale.
NOT_CONVERTED: set[str] = set()

#: import cycles left alone (a new one fails the test; so does one that is gone but listed)
KNOWN_CYCLES = {
    # inside the models package: open_database brings in migrate/roles/backups lazily, and
    # they use the store's helpers (make_engine, sqlite_path)
    frozenset({"app.models.db", "app.models.migrate", "app.models.roles", "app.models.backups"}),
    # the audit trail and its remembered heads: checkpoint signing tells audit_heads, which
    # verifies with audit's hashes; trust records its changes in the audit trail
    frozenset({"app.services.audit", "app.services.audit_heads", "app.services.trust"}),
}

#: cycles issue 13 removed, named pair by pair: they must not come back
REMOVED_CYCLES = (
    ("app.models.db", "app.services.audit"),
    ("app.commands.core", "app.commands.audit"),
    ("app.crypto.signing", "app.crypto.selftest"),
    ("app.ui.app", "app.ui.main_window"),
)

SESSION_CALLS = {"read", "write"}


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(APP.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(tree: ast.AST) -> Iterator[str]:
    """Every module a file imports when it runs (function-level imports too; not the ones
    under `if TYPE_CHECKING:`, which never run). `from a import b` yields a and a.b."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)
        stack.extend(ast.iter_child_nodes(node))


def parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), str(path))


def graph() -> dict[str, set[str]]:
    mods = modules()

    def owner(name: str) -> str | None:
        while name and name not in mods:
            name = name.rpartition(".")[0]
        return name or None

    edges: dict[str, set[str]] = {m: set() for m in mods}
    for name, path in mods.items():
        for target in imports(parsed(path)):
            found = owner(target) if target.split(".")[0] == "app" else None
            # a package importing its own submodule is not an arrow back to itself
            if found and found != name and not name.startswith(found + "."):
                edges[name].add(found)
    return edges


def cycles(edges: dict[str, set[str]]) -> set[frozenset[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[frozenset[str]] = set()

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.add(frozenset(component))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10_000))
    try:
        for v in sorted(edges):
            if v not in index:
                visit(v)
    finally:
        sys.setrecursionlimit(limit)
    return found


def opens_session(tree: ast.AST) -> list[int]:
    """Lines calling `<…store>.read()` / `<…store>.write()` (store, self.store, self.ctx.store)."""
    lines = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in SESSION_CALLS
            and not node.args
            and ast.unparse(node.func.value).split(".")[-1].endswith("store")
        ):
            lines.append(node.lineno)
    return lines


def files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def top(name: str) -> str:
    return name.split(".")[0]


# --------------------------------------------------------------------------- tests


def test_rules_import_only_themselves_and_the_standard_library() -> None:
    wrong = [
        f"{rel(path)}: {name}"
        for path in files("app/rules")
        for name in imports(parsed(path))
        if not name.startswith("app.rules")
        and top(name) not in sys.stdlib_module_names
        and name != "__future__"
    ]
    assert wrong == []


def test_reports_import_no_store_and_open_no_session() -> None:
    wrong = []
    for path in files("app/reports"):
        tree = parsed(path)
        for name in imports(tree):
            if top(name) == "sqlalchemy" or name.startswith(("app.models", "app.ui", "app.commands", "app.cli")) or (name.startswith("app.services") and not name.startswith("app.services.atomic")):  # fmt: skip
                wrong.append(f"{rel(path)}: imports {name}")
        wrong += [f"{rel(path)}:{line}: opens a session" for line in opens_session(tree)]
    assert wrong == []


def ui_offenders() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in files("app/ui"):
        tree = parsed(path)
        why = [f"imports {n}" for n in imports(tree) if top(n) == "sqlalchemy"]
        why += [f"line {line} opens a session" for line in opens_session(tree)]
        if why:
            found[rel(path)] = why
    return found


def test_ui_opens_no_session_outside_the_start_up_and_the_listed_files() -> None:
    offenders = ui_offenders()
    unlisted = {f: why for f, why in offenders.items() if f not in START_UP | NOT_CONVERTED}
    assert unlisted == {}, "move the query into a read model in app/services"
    stale = sorted(NOT_CONVERTED - offenders.keys())
    assert stale == [], "converted: take these off NOT_CONVERTED"
    assert all((ROOT / f).is_file() for f in START_UP | NOT_CONVERTED)


def test_the_checks_see_what_they_look_for() -> None:
    """The detectors find the patterns (else every test above would pass vacuously)."""
    tree = ast.parse(
        "import sqlalchemy\n"
        "from app.models import Project\n"
        "if TYPE_CHECKING:\n    from app.ui.app import AppController\n"
        "def f(self):\n    from app.services.audit import install\n"
        "    with self.ctx.store.read() as s:\n        pass\n"
        "    with store.write() as s:\n        pass\n"
        "    handle.read()\n"
    )
    names = set(imports(tree))
    assert {"sqlalchemy", "app.models", "app.models.Project", "app.services.audit"} <= names
    assert "app.ui.app" not in names  # under TYPE_CHECKING: never runs
    assert opens_session(tree) == [7, 9]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == {frozenset("abc")}


def test_no_import_cycles_but_the_known_ones() -> None:
    found = cycles(graph())
    assert found - KNOWN_CYCLES == set(), "a new import cycle"
    assert KNOWN_CYCLES - found == set(), "a listed cycle is gone: take it off KNOWN_CYCLES"


def test_the_removed_cycles_stay_removed() -> None:
    found = cycles(graph())
    for a, b in REMOVED_CYCLES:
        assert not any({a, b} <= component for component in found), (a, b)
