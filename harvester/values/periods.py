"""A recorded date is a period (a day, a month or a year); how far a day is from it (pure)."""

from __future__ import annotations

import calendar
from datetime import date


def period(value: str, precision: str | None) -> tuple[date, date]:
    """First and last day of the period an ISO value at `precision` names."""
    year = int(value[:4])
    if precision == "year" or len(value) == 4:
        return date(year, 1, 1), date(year, 12, 31)
    month = int(value[5:7])
    if precision == "month" or len(value) == 7:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    day = date.fromisoformat(value)
    return day, day


def days_off(value: str, precision: str | None, resolved: str) -> int:
    """Recorded minus resolved, in days to the nearest day of the recorded period; 0 when the
    resolved day falls inside it."""
    first, last = period(value, precision)
    day = date.fromisoformat(resolved)
    if day < first:
        return (first - day).days
    if day > last:
        return (last - day).days
    return 0
