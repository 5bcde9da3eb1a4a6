"""Calendar arithmetic the regulation needs (no "today" here: callers pass dates)."""

from __future__ import annotations

import calendar
import re
import unicodedata
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


#: the ways people write a date in forms and workbooks: ISO, 2026/12/1, 2026.12.1, 20261201,
#: 2026年12月1日 (full-width digits and separators are normalised first)
DATE_PATTERNS = (
    re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"),
    re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"),
)
DATE_FORMS_ZH = "YYYY-MM-DD、YYYY/MM/DD、YYYY.MM.DD、YYYYMMDD、YYYY年M月D日"
DATE_FORMS_EN = "YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD, YYYYMMDD or YYYY年M月D日"


class DateFormatError(ValueError):
    """Text that is not a date: `no_such_day` tells a well-formed impossible date (2026-02-30)
    from text in no known form."""

    def __init__(self, text: str, *, no_such_day: bool) -> None:
        super().__init__(f"{'no such date' if no_such_day else 'not a date'}: {text!r}")
        self.text = text
        self.no_such_day = no_such_day


def parse_date(text: str) -> date:
    """A date written in any of DATE_PATTERNS' forms (raises DateFormatError otherwise).

    The one parser of dates typed by people: every date field of the GUI and the submission
    workbook's text cells use it, so what one accepts the other does too.
    """
    normalised = unicodedata.normalize("NFKC", text).strip()
    for pattern in DATE_PATTERNS:
        match = pattern.fullmatch(normalised)
        if match:
            year, month, day = (int(g) for g in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                raise DateFormatError(normalised, no_such_day=True) from None
    raise DateFormatError(normalised, no_such_day=False)
