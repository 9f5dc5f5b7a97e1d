"""What the services said, as frozen records: raw replies, arXiv records, Crossref works,
and one entry's evidence as the rule reads it."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from harvester.values.checks import shown, timestamp_from
from harvester.values.decisions import Pin
from harvester.values.ids import normalise_doi, split_arxiv_id

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


def arxiv_record_from_json(text: str, latest: int) -> tuple[ArxivRecord | None, str | None]:
    """A stored record (`ArxivRecord.to_json`) read back as its mapper would map it now:
    (record, None), or (None, the problem naming the field) for a record an older version
    stored with a value no record may have. The ID and both timestamps are checked strictly
    (years up to `latest`, as `values.checks`); junk in the other fields counts as absent."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None, "the stored arXiv record is not JSON"
    raw_id = data.get("arxiv_id") if isinstance(data, dict) else None
    split = split_arxiv_id(raw_id) if isinstance(raw_id, str) else None
    if split is None:
        return None, f"the stored arXiv record has no readable ID: {shown(raw_id)}"
    stamps = {}
    for key, element in (("published_at", "<published>"), ("updated_at", "<updated>")):
        moment, why = timestamp_from(data.get(key), latest)
        if moment is None:
            value = shown(data.get(key))
            return None, f"arXiv record {split[0]}: {element} {value} is not a date: {why}"
        stamps[key] = moment.isoformat(timespec="seconds").replace("+00:00", "Z")
    return _stored_record(data, split[0], stamps), None


def _stored_record(data: dict[str, Any], arxiv_id: str, stamps: dict[str, str]) -> ArxivRecord:
    version = data.get("version")
    return ArxivRecord(
        arxiv_id=arxiv_id,
        version=version if isinstance(version, int) and not isinstance(version, bool) else None,
        title=data["title"] if isinstance(data.get("title"), str) else "",
        authors=tuple(n for t in _texts(data.get("authors")) if (n := " ".join(t.split()))),
        doi=_doi(data.get("doi")),
        journal_ref=data["journal_ref"] if isinstance(data.get("journal_ref"), str) else None,
        dois=tuple(d for t in _texts(data.get("dois")) if (d := _doi(t))),
        **stamps,
    )


def _texts(value: Any) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


def _doi(value: Any) -> str | None:
    return normalise_doi(value) if isinstance(value, str) else None


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
