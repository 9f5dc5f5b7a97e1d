"""Crossref work records as the real API shapes them (see samples/recorded/ for the originals).

`make_work` builds a journal article; the helpers build the fields the recordings show:
`relation` entries `{id-type, id, asserted-by}`, `update-to` entries with a dated
`updated`, and `decoys` (peer reviews carrying a work's title, which outrank it).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

Work = dict[str, Any]


def load_work(path: str | Path) -> Work:
    """Read a Crossref JSON file: a `/works/{doi}` envelope or a bare list item."""
    data: Work = json.loads(Path(path).read_text(encoding="utf-8"))
    return data["message"] if "message-type" in data else data


def make_work(
    doi: str,
    title: str,
    authors: Iterable[tuple[str, str]] = (("Ada", "Lovelace"),),
    issued: list[int] | None = None,
    **extra: Any,
) -> Work:
    """A minimal journal-article record shaped like real Crossref items.

    Fields with hyphens go in `extra` by dict: `**{"update-to": [...], "subtitle": [...]}`.
    """
    parts = issued or [2021, 6, 1]
    y, m, d = [*parts, 1, 1][:3]
    people = [
        {"given": g, "family": f, "sequence": "additional", "affiliation": []} for g, f in authors
    ]
    if people:
        people[0]["sequence"] = "first"
    return {
        "DOI": doi,
        "type": "journal-article",
        "title": [title],
        "author": people,
        "prefix": doi.split("/", 1)[0],
        "member": "1",
        "publisher": "Example Press",
        "container-title": ["Journal of Examples"],
        "URL": f"https://doi.org/{doi}",
        "issued": {"date-parts": [parts]},
        "published": {"date-parts": [parts]},
        "created": {
            "date-parts": [[y, m, d]],
            "date-time": f"{y:04d}-{m:02d}-{d:02d}T00:00:00Z",
            "timestamp": 0,
        },
        **extra,
    }


def _stamp(y: int, m: int, d: int) -> dict[str, Any]:
    at = datetime(y, m, d, tzinfo=UTC)
    return {
        "date-parts": [[y, m, d]],
        "date-time": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "timestamp": int(at.timestamp() * 1000),
    }


def relation_entry(ident: str, id_type: str = "doi", asserted_by: str = "object") -> Work:
    """One `relation` entry: `{"id-type": "doi", "id": "10.1101/...", "asserted-by": ...}`.

    The recordings hold only `id-type: doi`; Crossref's schema also allows `arxiv`,
    whose id may carry a version (`2302.04668v2`).
    """
    return {"id-type": id_type, "id": ident, "asserted-by": asserted_by}


def has_preprint(*entries: Work) -> Work:
    """A `relation` value naming the work's preprints."""
    return {"has-preprint": list(entries)}


def update_to(
    doi: str, on: tuple[int, int, int], kind: str = "new_version", label: str = "New version"
) -> Work:
    """One `update-to` entry as PLOS deposits it (the recorded shape)."""
    return {"DOI": doi, "type": kind, "label": label, "source": "publisher", "updated": _stamp(*on)}


def decoys(title: str, n: int, doi: str = "10.5555/decoy") -> list[Work]:
    """`n` peer reviews titled `title`: shorter records, so a search ranks them above the work."""
    return [
        {
            "DOI": f"{doi}/reviews/{k}",
            "type": "peer-review",
            "title": [title],
            "prefix": doi.split("/", 1)[0],
            "member": "1",
            "URL": f"https://doi.org/{doi}/reviews/{k}",
            "created": _stamp(2021, 6, 1),
        }
        for k in range(1, n + 1)
    ]
