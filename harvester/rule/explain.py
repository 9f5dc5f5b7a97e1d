"""Which entries a query names, and everything behind an entry's decision as a document (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from harvester.values.decisions import (
    DEFAULT_LIST_RULE,
    PIN_ORIGIN,
    Ack,
    Consideration,
    Decision,
    Pin,
)
from harvester.values.entries import Entry
from harvester.values.evidence import Evidence
from harvester.values.ids import normalise_doi, split_arxiv_id
from harvester.values.titles import normalise_title


def entry_matches(entry: Entry, query: str, decided: tuple[str | None, str | None]) -> bool:
    """A key, an arXiv ID or DOI (linked, or found: `decided` is the decision's pair), or words
    that all occur in the title."""
    q = query.strip()
    if q == entry.entry_key:
        return True
    split = split_arxiv_id(q.removeprefix("arXiv:").removeprefix("arxiv:"))
    if split and split[0] in (*entry.arxiv_ids, decided[0]):
        return True
    doi = normalise_doi(q.removeprefix("https://doi.org/"))
    if doi and doi in (*entry.dois, decided[1]):
        return True
    words = normalise_title(q).split()
    title = f" {normalise_title(entry.title)} "
    return bool(words) and all(f" {w} " in title for w in words)


#: The searches whose hits a candidate of this origin is: (service, the evidence's query).
SEARCHES = {"arXiv title search": "arxiv", "Crossref search": "crossref"}


def stored_as(c: Consideration, ev: Evidence) -> tuple[str, str] | None:
    """Where the answer a candidate was judged on is stored: ("arxiv" or "crossref", the
    search's query key) for a search hit, ("record", its key) for an identified one, None
    for the maintainer's pin."""
    if c.origin in SEARCHES:
        service = SEARCHES[c.origin]
        query = ev.arxiv_query if service == "arxiv" else ev.crossref_query
        return (service, query) if query else None
    return None if c.origin == PIN_ORIGIN else ("record", c.key)


def explanation(
    source: str,
    entry: Entry,
    decision: Decision,
    requests: Sequence[str | None],
    list_rule: str = DEFAULT_LIST_RULE,
    pin: Pin | None = None,
    acks: Sequence[tuple[Ack, bool]] = (),
    notes: Sequence[str] = (),
) -> dict[str, Any]:
    """Everything behind a decision under the list's rule and the maintainer's pin and
    acks, as one JSON-ready document; `requests` name each candidate's request, in order;
    each ack comes with whether it still holds (its evidence is the finding's now);
    `notes` say how the candidates were asked for."""
    held = {a.kind for a, holds in acks if holds}
    return {
        "list_source": source,
        "list_rule": list_rule,
        "pin": asdict(pin) if pin else None,
        "acks": [{**asdict(a), "holds": holds} for a, holds in acks],
        "entry_key": entry.entry_key,
        "position": entry.position,
        "line": entry.span.line_start,
        "title": entry.title,
        "recorded_date": entry.recorded_date,
        "links": [asdict(link) for link in entry.links],
        "considered": [
            {**asdict(c), "request": url}
            for c, url in zip(decision.considered, requests, strict=True)
        ],
        "decision": {
            k: v for k, v in asdict(decision).items() if k not in {"considered", "findings"}
        },
        "findings": [
            {
                "kind": f.kind,
                "detail": f.detail,
                "delta_days": f.delta_days,
                "acked": f.kind in held,
            }
            for f in decision.findings
        ],
        "notes": list(notes),
    }
