"""Our own frozen records of what the sources said, and the raw replies they came in."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from typing import Any

from harvester.identifiers import normalise_doi, split_arxiv_id


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


_ATOM_ID = re.compile(r"<id>\s*https?://arxiv\.org/abs/([^<\s]+?)\s*</id>")


def arxiv_ids_in_reply(body: str) -> list[str]:
    """The versionless IDs of the entries of an Atom reply (found by their `<id>`)."""
    ids = []
    for raw in _ATOM_ID.findall(body):
        split = split_arxiv_id(raw)
        if split:
            ids.append(split[0])
    return ids


def dois_in_reply(body: str) -> list[str]:
    """The DOIs of the works of a Crossref reply (a single work or a work list)."""
    try:
        message = json.loads(body).get("message")
    except (ValueError, AttributeError):
        return []
    items = message.get("items") if isinstance(message, dict) else None
    works = items if isinstance(items, list) else [message]
    return [d for w in works if isinstance(w, dict) and (d := normalise_doi(str(w.get("DOI", ""))))]


def urls_by_key(replies: list[RawReply]) -> dict[str, str]:
    """The URL of the reply each arXiv ID or DOI was first seen in."""
    urls: dict[str, str] = {}
    for reply in replies:
        keys = (
            arxiv_ids_in_reply(reply.body)
            if reply.service == "arxiv"
            else dois_in_reply(reply.body)
        )
        for key in keys:
            urls.setdefault(key, reply.url)
    return urls
