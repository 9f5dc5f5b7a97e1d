"""Values read from a service's reply, checked before they are believed (pure).

A date is evidence only in a sane range: from EARLIEST_YEAR to the year after the reply
was received (a print issue may be dated a few months ahead; nothing later is real, and
Python's dates end at 9999, where a time zone offset overflows). The range is taken from
the reply's own fetch time, never from the clock, so a stored reply reads the same on
every reconcile.
"""

from __future__ import annotations

import calendar
import reprlib
from datetime import UTC, datetime
from typing import Any

#: No paper in a curated list is older; Crossref's 19th-century backfiles are no evidence here.
EARLIEST_YEAR = 1900


def latest_year(received_at: str) -> int:
    """The last year a reply received at `received_at` (an ISO timestamp) may name: the
    next one. A fetch time that cannot be read vouches for nothing after EARLIEST_YEAR."""
    year = received_at[:4]
    return int(year) + 1 if year.isascii() and year.isdigit() else EARLIEST_YEAR


def year_problem(year: int, latest: int) -> str | None:
    """Why `year` is no year of a paper's date (outside EARLIEST_YEAR..latest), or None."""
    if EARLIEST_YEAR <= year <= latest:
        return None
    return f"the year is not between {EARLIEST_YEAR} and {latest}"


def day_problem(parts: tuple[int, ...], latest: int) -> str | None:
    """Why (year[, month[, day]]) is no calendar date in the sane range, or None."""
    if why := year_problem(parts[0], latest):
        return why
    if len(parts) > 1 and not 1 <= parts[1] <= 12:
        return "the month is not 1 to 12"
    if len(parts) > 2 and not 1 <= parts[2] <= calendar.monthrange(parts[0], parts[1])[1]:
        return "the month has no such day"
    return None


def timestamp_from(text: Any, latest: int) -> tuple[datetime | None, str | None]:
    """(the UTC moment an ISO timestamp names, None), or (None, why it is none); a
    timestamp without an offset is UTC."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None, "it is missing"
    if not isinstance(text, str):
        return None, "it is not a timestamp"
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None, "it is not a timestamp"
    if why := year_problem(moment.year, latest):
        return None, why
    try:
        moment = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
    except OverflowError:  # 9999-12-31T23:00-05:00 is past the end of time
        return None, "it is past the last date there is"
    if why := year_problem(moment.year, latest):
        return None, why
    return moment, None


class _Shown(reprlib.Repr):
    """A short repr that neither recurses deep nor spells out a huge number."""

    def __init__(self) -> None:
        super().__init__()
        self.maxlevel, self.maxstring, self.maxother, self.maxlist, self.maxdict = 4, 40, 40, 6, 4

    def repr_int(self, x: int, level: int) -> str:
        bits = x.bit_length()
        if bits <= 64:
            return repr(x)
        # str() refuses numbers past 4,300 digits; their length is then estimated
        digits = len(str(abs(x))) if bits < 14_000 else round(bits * 0.30103)
        return f"{'-' if x < 0 else ''}<a {digits}-digit number>"


_SHOWN = _Shown()


def shown(value: Any) -> str:
    """`value` as a reason quotes it: short, and safe for any value."""
    return _SHOWN.repr(value)
