"""`broken_link`: an arXiv ID or DOI the entry links that the service says does not exist
(pure).

Only a real answer counts: arXiv's reply to the ID asked on its own without that paper,
or Crossref's 404 for the DOI (stored as `not_found`). A fetch that failed, a reply that
could not be read, and a withdrawn paper (arXiv still has its record) are never broken.
"""

from __future__ import annotations

from urllib.parse import unquote

from harvester.values.decisions import Finding
from harvester.values.entries import Entry
from harvester.values.evidence import Evidence


def broken_links(entry: Entry, ev: Evidence) -> list[Finding]:
    """A `broken_link` for the linked (or pinned) arXiv ID arXiv has no paper for, and for
    each linked DOI Crossref has no work for. Its ack holds for that identifier."""
    found = []
    if entry.arxiv_ids and (arxiv_id := entry.arxiv_ids[0]) in ev.arxiv_missing:
        where = _where(entry, ev, f"arxiv:{arxiv_id}", arxiv_id.rsplit("/", 1)[-1])
        found.append(
            Finding("broken_link", f"arXiv has no paper {arxiv_id} ({where}).",
                    evidence=("arxiv", arxiv_id))
        )  # fmt: skip
    for doi in (d for d in entry.dois if d in ev.works_missing):
        where = _where(entry, ev, doi, doi)
        detail = (
            f"Crossref has no work {doi} ({where}); a DOI registered with another agency,"
            " such as DataCite, is unknown to Crossref too."
        )
        found.append(Finding("broken_link", detail, evidence=("crossref", doi)))
    return found


def _where(entry: Entry, ev: Evidence, target: str, needle: str) -> str:
    """Where the identifier comes from: the maintainer's pin, else the link as written on
    the entry's line."""
    if ev.pin and ev.pin.target == target:
        return f"pinned by {ev.pin.pinned_by} on {ev.pin.pinned_at[:10]}"
    span = entry.span
    lines = (
        f"line {span.line_start}"
        if span.line_end <= span.line_start
        else f"lines {span.line_start}-{span.line_end}"
    )
    url = next((k.url for k in entry.links if needle.lower() in unquote(k.url).lower()), None)
    return f"linked on {lines} as {url}" if url else f"linked on {lines}"
