"""Command-line subcommands: every module in this package with a `register(subparsers)`.

Modules here must stay cheap to import: heavy libraries (openpyxl, python-docx,
reportlab, PySide6) are imported inside the handlers, never at module level.
Adding a subcommand = adding a module; the order of `--help` follows ORDER, then names.
"""

from __future__ import annotations

import pkgutil

ORDER = ("core",)


def command_modules() -> list[str]:
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
    names.sort(key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), n))
    return [f"{__name__}.{name}" for name in names]
