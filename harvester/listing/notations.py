"""The date notations real lists write, read with their precision and written back (pure).

Each notation is a pattern with named groups `y`, `m` (digits or a month name), `d`;
the precision follows from the groups present. `read_date` turns a match into an ISO
value at its precision (or a problem, for a month 00 or a 31 April), and `write_like`
writes another date in the very notation it was read from: separators, zero padding,
month-name style and ordinal suffixes as written.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9
_MONTH = (
    r"(?P<m>(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept(?:ember)?|sep|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?))\.?"
)
_YEAR = r"(?P<y>(?:19|20)\d{2})"
_ORD = r"(?P<d>\d{1,2})(?P<o>(?i:st|nd|rd|th))?"
_B = r"(?<![\w.])"  # not glued to a word, a number or a version
_E = r"(?![\w]|[.\-/]\d)"

#: (notation, pattern), most specific first; the first that matches at a place wins.
NOTATIONS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("ymd", _B + _YEAR + r"(?P<s>[/.\-])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})" + _E),
        ("dmy", _B + _ORD + r",?\s+" + _MONTH + r",?\s+" + _YEAR + _E),
        ("mdy", _B + _MONTH + r"\s+" + _ORD + r",?\s+" + _YEAR + _E),
        ("ym", _B + _YEAR + r"(?P<s>[/.\-])(?P<m>\d{1,2})" + _E),
        ("my", _B + r"(?P<m>\d{1,2})(?P<s>/)" + _YEAR + _E),
        ("named_my", _B + _MONTH + r",?\s+" + _YEAR + _E),
    )
)
#: Read only where a whole cell or heading is the date: `202304`, `2024`.
COMPACT = re.compile(r"(?P<y>(?:19|20)\d{2})(?P<m>\d{2})")
YEAR = re.compile(_B + _YEAR + r"(?![\w]|[.\-/]\d)")
#: What every pattern above holds: a line without it writes no date (a cheap first look).
YEAR_LIKE = re.compile(r"(?:19|20)\d{2}")
#: What a notation that names its month holds (the name opens a word): the same, for them.
_MONTH_WORD = re.compile(r"(?i)\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)")
_NAMED = frozenset({"dmy", "mdy", "named_my"})
#: The same for two digit notations: a year, a separator, a month and the separator again;
#: a slash before a year. Much cheaper than their patterns (whose look-behinds slow them).
_HINTS = {
    "ymd": re.compile(r"(?:19|20)\d\d([/.\-])\d\d?\1\d"),
    "my": re.compile(r"/(?:19|20)\d\d"),
}


@dataclass(frozen=True)
class DateText:
    """A date as written: where (character offsets), its notation, and what it means."""

    text: str
    notation: str
    start: int
    end: int
    value: str | None
    precision: str | None
    problem: str | None


def find_in(text: str) -> list[DateText]:
    """Every date-like run of `text` in a notation above, left to right, not overlapping."""
    found: list[DateText] = []
    taken: list[tuple[int, int]] = []
    named = _MONTH_WORD.search(text) is not None
    for notation, pattern in NOTATIONS:
        hint = _HINTS.get(notation)
        if (notation in _NAMED and not named) or (hint and not hint.search(text)):
            continue
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append(read_date(m, notation))
    return sorted(found, key=lambda d: d.start)


def read_date(m: re.Match[str], notation: str) -> DateText:
    """The ISO value at the match's precision, or why it is no date."""
    groups = m.groupdict()
    year = int(groups["y"])
    raw_month = groups.get("m")
    month = None if raw_month is None else _month_number(raw_month)
    day = int(groups["d"]) if groups.get("d") else None
    precision = "day" if day is not None else "month" if month is not None else "year"
    value, problem = None, None
    try:
        if day is not None and month is not None:
            value = date(year, month, day).isoformat()
        elif month is not None:
            date(year, month, 1)
            value = f"{year:04d}-{month:02d}"
        else:
            value = f"{year:04d}"
    except ValueError:
        problem = f"'{m.group(0)}' is not a real calendar date"
    return DateText(m.group(0), notation, m.start(), m.end(), value, precision, problem)


def write_like(written: DateText, iso: str) -> str:
    """ISO date `iso` written in `written`'s notation, at `written`'s precision."""
    year, month = int(iso[:4]), int(iso[5:7])
    if written.notation == "compact":
        return f"{year:04d}{month:02d}"
    if written.notation == "year":
        return f"{year:04d}"
    m = dict(NOTATIONS)[written.notation].fullmatch(written.text)
    assert m is not None, written  # it was read with this very pattern
    values = {"y": year, "m": month, "d": int(iso[8:10]) if len(iso) == 10 else 1}
    parts = sorted(
        (m.start(g), m.end(g), g) for g, v in m.groupdict().items() if v is not None and g != "s"
    )
    out, pos = [], 0
    for start, end, group in parts:
        out += [written.text[pos:start], _write_part(group, m.group(group), values)]
        pos = end
    return "".join([*out, written.text[pos:]])


def _write_part(group: str, old: str, values: dict[str, int]) -> str:
    if group == "o":
        day = values["d"]
        suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
        return suffix.upper() if old.isupper() else suffix
    value = values[group]
    if group == "y":
        return f"{value:04d}"
    if old.isdigit():
        return f"{value:02d}" if len(old) == 2 else str(value)
    return _month_name(old, value)


def _month_name(old: str, month: int) -> str:
    """`month` named in the style of `old`: full, three letters, or "Sept" (September's
    four-letter form, other months then three); and its case."""
    base = old.lower()
    if base == "sept":
        name = "Sept" if month == 9 else calendar.month_abbr[month]
    elif len(base) > 3 and base in {n.lower() for n in calendar.month_name if n}:
        name = calendar.month_name[month]
    else:
        name = calendar.month_abbr[month]
    if old.isupper() and len(old) > 1:
        return name.upper()
    return name.lower() if old.islower() else name


def _month_number(raw: str) -> int | None:
    if raw.isdigit():
        return int(raw)  # 0 and 13 are kept: read_date reports them
    return MONTHS.get(raw.lower().rstrip("."))
