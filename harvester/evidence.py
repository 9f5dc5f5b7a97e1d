"""Our own frozen records of what the sources said, and the raw replies they came in."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class RawReply:
    """One HTTP reply as received: kept so the rule can be re-applied with no network."""

    service: str
    url: str
    status: int
    fetched_at: str
    body: str
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ArxivRecord:
    """An arXiv paper: `published_at` is v1's submission time (UTC), whatever version was asked."""

    arxiv_id: str
    version: int | None
    published_at: str
    updated_at: str
    title: str
    authors: tuple[str, ...]
    doi: str | None
    journal_ref: str | None

    @property
    def submitted_on(self) -> str:
        """The UTC calendar date of the v1 submission."""
        return self.published_at[:10]

    def to_json(self) -> str:
        """The record as stored."""
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> ArxivRecord:
        """The record from its stored JSON."""
        data: dict[str, Any] = json.loads(text)
        data["authors"] = tuple(data["authors"])
        return cls(**data)


@dataclass(frozen=True)
class Fetched:
    """What one look-up found: a record's stored JSON by key, keys found missing, raw replies."""

    records: dict[str, str]
    missing: frozenset[str]
    replies: tuple[RawReply, ...]
