"""How long findings computed for one day stay true: a "today" that notes what it was compared with.

The engine takes `today` as an argument. Given a `RecordingDay` instead of a plain date, every
comparison a rule makes against it (`due < today`, `today >= opens`, `today - timedelta(30) >
d`) notes the date compared with; every other use of its value (`(due - today).days` in a
message, `today.year`, formatting) notes that the outcome may change the next day (or the next
year or month, for `.year` and `.month`). `horizon()` then gives the days for which every one of
those outcomes is the same as today's: the findings computed for today are the findings of
every day in that range. This stays right whatever the rules do with the date, so the dates
findings expire on are never written by hand per rule (a rule that only compares costs
nothing; one that does arithmetic with today's value makes its project's findings expire
daily, which is right when the day count is in a message).

A `RecordingDay` is a `datetime.date` (a subclass): Python gives a subclass's reflected
operator priority, so `d < today` reaches `today.__gt__(d)`, and `due - today` reaches
`today.__rsub__(due)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

_MIN, _MAX = date.min.toordinal(), date.max.toordinal() + 1


@dataclass(frozen=True, slots=True)
class Horizon:
    """The days (as ordinals, `first` ≤ day < `end`) for which the findings stay the same."""

    first: int = _MIN
    end: int = _MAX

    def holds_on(self, day: date) -> bool:
        return self.first <= day.toordinal() < self.end

    def meet(self, first: int, end: int) -> Horizon:
        return Horizon(max(self.first, first), min(self.end, end))


class _Log:
    __slots__ = ("day", "end", "first")

    def __init__(self, day: int) -> None:
        self.day = day
        self.first, self.end = _MIN, _MAX

    def pivot(self, ordinal: int) -> None:
        """An outcome that is constant before `ordinal`, on it, and after it."""
        if self.day < ordinal:
            self.end = min(self.end, ordinal)
        elif self.day == ordinal:
            self.first, self.end = max(self.first, ordinal), min(self.end, ordinal + 1)
        else:
            self.first = max(self.first, ordinal + 1)

    def span(self, first: int, end: int) -> None:
        self.first, self.end = max(self.first, first), min(self.end, end)

    def exact(self) -> None:
        self.span(self.day, self.day + 1)


def _month_start(year: int, month: int) -> int:
    if month > 12:
        year, month = year + 1, 1
    if year > date.max.year:
        return _MAX
    return date(year, month, 1).toordinal()


class RecordingDay(date):
    """A date that notes what is done with it (see the module's docstring)."""

    __slots__ = ("_log", "_offset")
    _log: _Log
    _offset: int  # days from the recorded "today" (today + timedelta(k) is also recording)

    def __new__(cls, day: date, *, _log: _Log | None = None, _offset: int = 0) -> RecordingDay:
        self = super().__new__(cls, day.year, day.month, day.day)
        self._log = _log if _log is not None else _Log(day.toordinal())
        self._offset = _offset
        return self

    def horizon(self) -> Horizon:
        """The days on which every comparison noted so far comes out as it did today."""
        return Horizon(self._log.first, self._log.end)

    # -------------------------------------------------------------- comparisons: a pivot each
    def _compare(self, other: object) -> date | None:
        if isinstance(other, RecordingDay):
            if other._log is not self._log:
                self._log.exact()
                other._log.exact()
            return other._plain()  # same log: a constant relation
        if isinstance(other, date):
            self._log.pivot(other.toordinal() - self._offset)
            return other
        return None

    def __lt__(self, other: object) -> bool:
        plain = self._compare(other)
        return NotImplemented if plain is None else self._plain() < plain

    def __le__(self, other: object) -> bool:
        plain = self._compare(other)
        return NotImplemented if plain is None else self._plain() <= plain

    def __gt__(self, other: object) -> bool:
        plain = self._compare(other)
        return NotImplemented if plain is None else self._plain() > plain

    def __ge__(self, other: object) -> bool:
        plain = self._compare(other)
        return NotImplemented if plain is None else self._plain() >= plain

    def __eq__(self, other: object) -> bool:
        plain = self._compare(other)
        return NotImplemented if plain is None else self._plain() == plain

    def __ne__(self, other: object) -> bool:
        plain = self._compare(other)
        return NotImplemented if plain is None else self._plain() != plain

    def __hash__(self) -> int:
        self._log.exact()
        return hash(self._plain())

    # -------------------------------------------------------------- arithmetic
    def __add__(self, other: object) -> Any:
        if isinstance(other, timedelta):
            return RecordingDay(
                self._plain() + other, _log=self._log, _offset=self._offset + other.days
            )
        return NotImplemented

    __radd__ = __add__

    def __sub__(self, other: object) -> Any:
        if isinstance(other, timedelta):
            return self + (-other)
        if isinstance(other, date):
            self._log.exact()  # a number of days: changes every day
            return self._plain() - date.fromordinal(other.toordinal())
        return NotImplemented

    def __rsub__(self, other: object) -> Any:
        if isinstance(other, date):
            self._log.exact()
            return date.fromordinal(other.toordinal()) - self._plain()
        return NotImplemented

    # -------------------------------------------------------------- reading the value
    def _plain(self) -> date:
        return date.fromordinal(date.toordinal(self))

    @property
    def year(self) -> int:
        value = self._plain()
        self._log.span(_month_start(value.year, 1), _month_start(value.year + 1, 1))
        return value.year

    @property
    def month(self) -> int:
        value = self._plain()
        self._log.span(_month_start(value.year, value.month), _month_start(value.year, value.month + 1))  # fmt: skip
        return value.month

    @property
    def day(self) -> int:
        self._log.exact()
        return self._plain().day

    def toordinal(self) -> int:
        self._log.exact()
        return date.toordinal(self)

    def weekday(self) -> int:
        self._log.exact()
        return self._plain().weekday()

    def isoweekday(self) -> int:
        self._log.exact()
        return self._plain().isoweekday()

    def isocalendar(self) -> Any:
        self._log.exact()
        return self._plain().isocalendar()

    def isoformat(self) -> str:
        self._log.exact()
        return self._plain().isoformat()

    def strftime(self, fmt: str) -> str:
        self._log.exact()
        return self._plain().strftime(fmt)

    def timetuple(self) -> Any:
        self._log.exact()
        return self._plain().timetuple()

    def ctime(self) -> str:
        self._log.exact()
        return self._plain().ctime()

    def replace(self, *args: Any, **kwargs: Any) -> date:  # type: ignore[override]
        self._log.exact()
        return self._plain().replace(*args, **kwargs)

    def __format__(self, spec: str) -> str:
        self._log.exact()
        return self._plain().__format__(spec)

    def __str__(self) -> str:
        self._log.exact()
        return self._plain().isoformat()

    def __repr__(self) -> str:
        return f"RecordingDay({date.toordinal(self)})"

    def __reduce__(self) -> Any:
        self._log.exact()
        return self._plain().__reduce__()
