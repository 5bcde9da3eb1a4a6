"""Calendar arithmetic the regulation needs (no "today" here: callers pass dates)."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """Same day of month `months` later, clamped to the month's end (31 Aug + 6 → 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def parse_iso_date(text: str) -> date:
    """Strict YYYY-MM-DD (raises ValueError with the offending text otherwise)."""
    text = text.strip()
    try:
        if len(text) != 10 or text[4] != "-" or text[7] != "-":
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"not a date in YYYY-MM-DD form: {text!r}") from None
