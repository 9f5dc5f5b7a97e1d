"""Which entries a query names, and everything behind an entry's decision as a document (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from harvester.values.decisions import DEFAULT_LIST_RULE, Decision, Pin
from harvester.values.entries import Entry
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


def explanation(
    source: str,
    entry: Entry,
    decision: Decision,
    urls: Mapping[str, str],
    list_rule: str = DEFAULT_LIST_RULE,
    pin: Pin | None = None,
) -> dict[str, Any]:
    """Everything behind a decision under the list's rule and the maintainer's pin, as one
    JSON-ready document; `urls` name each candidate's request."""
    return {
        "list_source": source,
        "list_rule": list_rule,
        "pin": asdict(pin) if pin else None,
        "entry_key": entry.entry_key,
        "position": entry.position,
        "title": entry.title,
        "recorded_date": entry.recorded_date,
        "links": [asdict(link) for link in entry.links],
        "considered": [{**asdict(c), "request": urls.get(c.key)} for c in decision.considered],
        "decision": {
            k: v for k, v in asdict(decision).items() if k not in {"considered", "findings"}
        },
        "findings": [asdict(f) for f in decision.findings],
    }
