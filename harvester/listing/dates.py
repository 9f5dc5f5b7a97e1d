"""The leading `(YYYY/MM/DD)` of a list line: found, validated, never invented (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

#: A bullet (possibly inside block quotes), then a parenthesised run of digits and separators.
_LEADING = re.compile(
    r"^\ufeff?(?P<prefix>(?:[ \t]*>)*[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)"
    r"\((?P<inner>[ \t]*\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}[ \t]*)\)"
)
_ISO_LIKE = re.compile(r"(\d{4})([/.\-])(\d{1,2})\2(\d{1,2})")


@dataclass(frozen=True)
class DateMatch:
    """A date-like group at the start of an item line: character offsets of its inner text."""

    text: str
    value: str | None
    problem: str | None
    start: int
    end: int


def find_leading_date(line: str) -> DateMatch | None:
    """The date-like `(...)` right after the bullet of `line`, validated, or None."""
    m = _LEADING.match(line)
    if m is None:
        return None
    inner = m["inner"]
    start = m.start("inner") + (len(inner) - len(inner.lstrip()))
    text = inner.strip()
    value, problem = parse_date_text(text)
    return DateMatch(text, value, problem, start, start + len(text))


def parse_date_text(text: str) -> tuple[str | None, str | None]:
    """(ISO date, None) for a real `YYYY/MM/DD`, `YYYY-MM-DD` or `YYYY.MM.DD`; else (None, why)."""
    m = _ISO_LIKE.fullmatch(text)
    if m is None:
        return None, f"'{text}' is not a YYYY/MM/DD date"
    try:
        day = date(int(m[1]), int(m[3]), int(m[4]))
    except ValueError:
        return None, f"'{text}' is not a real calendar date"
    return day.isoformat(), None


def format_like(template: str, iso: str) -> str:
    """Write ISO date `iso` in the notation of `template`: its separator and zero padding."""
    m = _ISO_LIKE.fullmatch(template)
    sep = m[2] if m else "/"
    year, month, day = iso.split("-")
    if m and len(m[3]) == 1:
        month = str(int(month))
    if m and len(m[4]) == 1:
        day = str(int(day))
    return f"{year}{sep}{month}{sep}{day}"
