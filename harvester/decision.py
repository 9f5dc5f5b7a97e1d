"""What the reconciler reads (evidence) and what it decides, as frozen records."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from harvester.evidence import ArxivRecord
from harvester.parse_findings import FindingRecord


@dataclass(frozen=True)
class Evidence:
    """Everything the sources said about one entry, as stored.

    `arxiv_title_hits` and `search_hits` are the title-search results in rank order;
    `works` holds Crossref JSON (parsed, unvalidated) by DOI.
    """

    arxiv_records: Mapping[str, ArxivRecord] = field(default_factory=dict)
    arxiv_missing: frozenset[str] = frozenset()
    arxiv_title_hits: tuple[str, ...] = ()
    works: Mapping[str, Any] = field(default_factory=dict)
    works_missing: frozenset[str] = frozenset()
    search_hits: tuple[Any, ...] = ()
    fetch_failure: str | None = None
    arxiv_unreadable: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Consideration:
    """One candidate the reconciler looked at: where it came from and what it made of it."""

    origin: str
    key: str
    title: str
    verdict: str


@dataclass(frozen=True)
class Decision:
    """The rule's answer for one entry, with its provenance and findings."""

    rule: str
    resolved_date: str | None
    arxiv_id: str | None = None
    arxiv_submitted: str | None = None
    doi: str | None = None
    venue: str | None = None
    venue_type: str | None = None
    online_date: str | None = None
    online_date_source: str | None = None
    findings: tuple[FindingRecord, ...] = ()
    considered: tuple[Consideration, ...] = ()
