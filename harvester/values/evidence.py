"""What the services said, as frozen records: raw replies, arXiv records, Crossref works,
and one entry's evidence as the rule reads it."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from harvester.values.decisions import Pin

#: A container title naming a meeting is proceedings, whatever the work's type.
_MEETING = re.compile(r"(?i)\b(?:conference|workshop|symposium|congress)\b")


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
    dois: tuple[str, ...] = ()  # every DOI the record declares (`doi` is the first)

    @property
    def declared_dois(self) -> tuple[str, ...]:
        """Every DOI the record declares, in the feed's order."""
        return self.dois or ((self.doi,) if self.doi else ())

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
        data["dois"] = tuple(data.get("dois", ()))  # records stored before several DOIs
        return cls(**data)


@dataclass(frozen=True)
class CrossrefWork:
    """The parts of a Crossref work the date rule and the matching bar read."""

    doi: str
    type: str
    title: str
    venue: str | None
    families: tuple[str, ...]
    published_online: tuple[int, ...] | None
    published_print: tuple[int, ...] | None
    first_online: str | None
    created: str | None
    preprint_ids: tuple[str, ...]  # versionless arXiv IDs its `relation.has-preprint` names
    subtitle: str | None = None
    subtype: str | None = None
    updates: bool = False  # it has `update-to`: a notice about another work

    @property
    def is_journal(self) -> bool:
        """A `journal-article` whose container names no meeting ("Proceedings of the AAAI
        Conference on ..." is proceedings); chapters and proceedings are not journals."""
        return self.type == "journal-article" and not _MEETING.search(self.venue or "")

    @property
    def titles(self) -> tuple[str, ...]:
        """Its title, and title + ": " + subtitle when it has one."""
        return (self.title, f"{self.title}: {self.subtitle}") if self.subtitle else (self.title,)


@dataclass(frozen=True)
class Evidence:
    """Everything the services said about one entry, as stored, in our records.

    `arxiv_title_hits` and `search_hits` are the title-search results in rank order
    (unreadable search hits are left out), of the searches `arxiv_query` and
    `crossref_query` (their query keys); `works` holds the readable Crossref works by
    DOI, `works_unreadable` why the others cannot be read.
    """

    arxiv_records: Mapping[str, ArxivRecord] = field(default_factory=dict)
    arxiv_missing: frozenset[str] = frozenset()
    arxiv_title_hits: tuple[str, ...] = ()
    works: Mapping[str, CrossrefWork] = field(default_factory=dict)
    works_missing: frozenset[str] = frozenset()
    search_hits: tuple[CrossrefWork, ...] = ()
    fetch_failure: str | None = None
    arxiv_unreadable: Mapping[str, str] = field(default_factory=dict)
    works_unreadable: Mapping[str, str] = field(default_factory=dict)
    pin: Pin | None = None  # the maintainer's decision on the published version
    arxiv_query: str | None = None  # the stored arXiv title search the hits come from
    crossref_query: str | None = None  # the stored Crossref search the hits come from
