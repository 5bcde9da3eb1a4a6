"""Regenerate the table reference of docs/data-format.md from the models.

.venv/bin/python tools/data_format_doc.py > /tmp/tables.md
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Boolean, Date, DateTime, Enum, Integer

from app.models import Base


def kind(column) -> str:  # type: ignore[no-untyped-def]
    t = column.type
    if isinstance(t, Enum):
        return "enum: " + ", ".join(f"`{v}`" for v in t.enums)
    if isinstance(t, Boolean):
        return "boolean"
    if isinstance(t, DateTime):
        return "date-time (ISO 8601)"
    if isinstance(t, Date):
        return "date `YYYY-MM-DD`"
    if isinstance(t, Integer):
        return "integer (yuan)" if column.name.endswith("_yuan") else "integer"
    length = getattr(t, "length", None)
    return f"text (≤ {length})" if length else "text"


for table in Base.metadata.sorted_tables:
    print(f"### `{table.name}`\n\n| column | type | required | references |\n|---|---|---|---|")
    for column in table.columns:
        refs = ", ".join(f"`{fk.column.table.name}.{fk.column.name}`" for fk in column.foreign_keys)
        required = "key" if column.primary_key else ("yes" if not column.nullable else "")
        print(f"| `{column.name}` | {kind(column)} | {required} | {refs} |")
    print()
