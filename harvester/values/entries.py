"""The frozen records a parsed list is made of."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class HostHint:
    """A link that holds no identifier but names the paper on a known host."""

    kind: str
    value: str


@dataclass(frozen=True)
class Link:
    """One link of an entry: its label, URL, kind, and what is wrong with it, if anything."""

    label: str
    url: str
    kind: str
    problem: str | None = None


@dataclass(frozen=True)
class Span:
    """Where an entry's text sits in the file: 1-based lines, byte offsets into the raw file."""

    line_start: int
    line_end: int
    byte_start: int
    byte_end: int


@dataclass(frozen=True)
class RecordedDate:
    """The date an entry writes for itself (or its heading gives it), as written.

    `value` is ISO at its `precision` (`2024-01-19` day, `2024-01` month, `2024` year), or
    None with a `problem` when it is no real date. `label` is `arxiv` for a date written
    with arXiv, else None. `source` is `entry` or `heading`; `notation` is how it is
    written (see `listing/notations.py`). `byte_start`/`byte_end` delimit the date's text
    in the raw file (an entry's own date only: a heading's is never rewritten).
    """

    text: str
    value: str | None
    problem: str | None
    byte_start: int
    byte_end: int
    precision: str | None = "day"
    label: str | None = None
    source: str = "entry"
    notation: str = "ymd"


@dataclass(frozen=True)
class Entry:
    """One paper of a list, as the parser sees it."""

    position: int
    section: str | None
    span: Span
    date: RecordedDate | None
    title: str
    tag: str | None
    links: tuple[Link, ...]
    arxiv_ids: tuple[str, ...]
    dois: tuple[str, ...]
    hints: tuple[HostHint, ...]
    problems: tuple[str, ...] = ()
    entry_key: str = field(default="")

    @property
    def recorded_date(self) -> str | None:
        """The recorded date, ISO at its precision, or None when absent or impossible."""
        return self.date.value if self.date else None

    @property
    def recorded_precision(self) -> str | None:
        """`day`, `month` or `year` for a recorded date, else None."""
        return self.date.precision if self.date and self.date.value else None

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict of everything the parser found."""
        data = asdict(self)
        data["recorded_date"] = self.recorded_date
        data["recorded_precision"] = self.recorded_precision
        return data


@dataclass(frozen=True)
class KnownEntry:
    """What the store remembers of an entry to recognise it in a new parse."""

    entry_key: str
    title: str
    arxiv_ids: tuple[str, ...]
    dois: tuple[str, ...]
