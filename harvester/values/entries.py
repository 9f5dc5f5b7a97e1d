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
    """The leading `(YYYY/MM/DD)` of an entry as written, and its value when it is a real date.

    `byte_start`/`byte_end` delimit the text inside the parentheses in the raw file.
    """

    text: str
    value: str | None
    problem: str | None
    byte_start: int
    byte_end: int


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
        """The recorded date as ISO `YYYY-MM-DD`, or None when absent or impossible."""
        return self.date.value if self.date else None

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict of everything the parser found."""
        data = asdict(self)
        data["recorded_date"] = self.recorded_date
        return data


@dataclass(frozen=True)
class KnownEntry:
    """What the store remembers of an entry to recognise it in a new parse."""

    entry_key: str
    title: str
    arxiv_ids: tuple[str, ...]
    dois: tuple[str, ...]
