"""The list with its recorded dates replaced by the resolved ones, byte for byte (pure)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping

from harvester.listing.dates import format_like
from harvester.listing.notations import DateText, write_like
from harvester.values.entries import Entry, RecordedDate
from harvester.values.periods import days_off

#: A line as git and the parser see one: up to `\r\n`, `\r` or `\n` (never U+2028 and kin).
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def render_list(raw: bytes, entries: list[Entry], resolved: Mapping[str, str]) -> bytes:
    """`raw` with the date of each entry in `resolved` rewritten at its own precision and in
    its own notation; a date that already holds the resolved day, and a heading's date,
    stay; every other byte is kept."""
    out, pos = [], 0
    for entry in sorted(entries, key=lambda e: e.span.byte_start):
        date = entry.date
        new = resolved.get(entry.entry_key)
        if date is None or new is None or date.source != "entry" or date.value == new:
            continue
        if (
            date.value
            and date.precision != "day"
            and days_off(date.value, date.precision, new) == 0
        ):
            continue
        out.append(raw[pos : date.byte_start])
        out.append(_written(date, new).encode())
        pos = date.byte_end
    out.append(raw[pos:])
    return b"".join(out)


def unified_diff(path: str, before: bytes, after: bytes) -> str:
    """A unified diff of the two versions that `git apply` accepts (paths a/ and b/)."""
    a = _lines(before.decode("utf-8", errors="surrogateescape"))
    b = _lines(after.decode("utf-8", errors="surrogateescape"))
    lines = []
    for line in difflib.unified_diff(a, b, f"a/{path}", f"b/{path}", lineterm="\n"):
        lines.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(lines)


def _lines(text: str) -> list[str]:
    return _LINE.findall(text)


def _written(date: RecordedDate, iso: str) -> str:
    """`iso` as the list writes `date`; a day date in no notation we read (`23/01/05`) is
    rewritten as `YYYY/MM/DD`."""
    if date.notation == "ymd":
        return format_like(date.text, iso)
    text = DateText(date.text, date.notation, 0, len(date.text), date.value, date.precision, None)
    return write_like(text, iso)
