"""Command-line subcommands. Each module has `register(subparsers)`.

Modules here must stay cheap to import: heavy libraries (openpyxl, python-docx,
reportlab, PySide6) are imported inside the handlers, never at module level.
"""

COMMAND_MODULES: tuple[str, ...] = ("app.commands.core",)
