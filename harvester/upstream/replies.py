"""Which records a raw reply holds, so each stored record names the request it came from."""

from __future__ import annotations

import json
import re

from harvester.values.evidence import RawReply
from harvester.values.ids import normalise_doi, split_arxiv_id

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
