"""Evidence for the rule, put into a real store and read back the way the program reads it.

The rule's tests never build `Evidence` by hand: the answers a case holds (arXiv records,
Crossref works, a Crossref search, a failed fetch) are stored as the fetch steps store
them, and `evidence_for` (the same assembly that reconcile and explain use) hands them over.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from harvester.listing.keys import carry_keys
from harvester.listing.parse import parse_list
from harvester.pipeline.reconcile import crossref_queries, evidence_for, stored_arxiv_records
from harvester.plan.fetch_plan import candidates_for, dois_to_fetch
from harvester.plan.policy import fingerprint
from harvester.rule.list_findings import findings_from_entry
from harvester.store import Store
from harvester.upstream.arxiv import records_from_feed
from harvester.values.checks import latest_year
from harvester.values.entries import Entry
from harvester.values.evidence import ArxivRecord, Evidence
from harvester.values.ids import normalise_doi
from harvester.values.titles import normalise_title

SOURCE = "/lists/case.md"
NOW = "2026-11-30T00:00:00+00:00"


def arxiv_records_from_feed(body: bytes) -> list[ArxivRecord]:
    """The records of an Atom reply, through the client's parser and our mapper (every
    `<arxiv:doi>` read from the raw feed, as the harvest reads them)."""
    return arxiv_feed(body)[0]


def arxiv_feed(body: bytes) -> tuple[list[ArxivRecord], dict[str, str]]:
    """The records of an Atom reply, and why the entries whose dates cannot be read were
    dropped (by ID), as a harvest fetching it at NOW reads them."""
    return records_from_feed(body, latest_year(NOW))


def stored_evidence(
    db: Path,
    entry_md: bytes,
    arxiv: list[ArxivRecord] = (),  # type: ignore[assignment]
    works: list[Any] | dict[str, Any] = (),  # type: ignore[assignment]
    search: list[Any] | None = None,
    failure: str | None = None,
    arxiv_unreadable: dict[str, str] | None = None,
    arxiv_answered: bool = True,
    crossref_answered: bool = True,
) -> tuple[Entry, Evidence]:
    """Store one entry and the services' answers for it; return the entry and its evidence.

    A linked arXiv ID with no record is stored as unknown to arXiv, unless it is in
    `arxiv_unreadable` or `arxiv_answered` is False (its fetch never got an answer: the
    records given are stored, no ID is called unknown); so is a DOI to fetch with no work,
    unless `crossref_answered` is False (likewise)."""
    with Store.open(db) as store:
        entries = parse_list(entry_md)
        assert len(entries) == 1, "the case must hold one entry"
        entry = store.save_list(SOURCE, entries, NOW, carry_keys, findings_from_entry).stored[0]
        _store_arxiv(store, entry, list(arxiv), arxiv_unreadable or {}, arxiv_answered)
        by_doi = works if isinstance(works, dict) else {_doi(w): w for w in works}
        _store_crossref(store, entry, by_doi, search, crossref_answered)
        failed = {entry.entry_key: failure} if failure else {}
        store.save_fetch_outcomes(SOURCE, {entry.entry_key: fingerprint(entry)}, failed, NOW)
        return entry, evidence_for(store, SOURCE, [entry])[entry.entry_key]


def _store_arxiv(
    store: Store,
    entry: Entry,
    records: list[ArxivRecord],
    unreadable: dict[str, str],
    answered: bool = True,
) -> None:
    found = {r.arxiv_id: r.to_json() for r in records}
    if entry.arxiv_ids:
        missing = [i for i in entry.arxiv_ids[:1] if i not in found and i not in unreadable]
        missing = missing if answered else []
        store.save_answers("arxiv", found, missing, [], NOW, {}, unreadable)
    else:
        store.save_answers("arxiv", found, [], [], NOW, {})
        if answered:  # a search never answered has no stored hits
            hits = candidates_for(entry.title, records)
            store.save_search("arxiv", normalise_title(entry.title), entry.title, hits, None, NOW)


def _doi(work: Any) -> str:
    return normalise_doi(str(work.get("DOI"))) or ""


def _store_crossref(
    store: Store,
    entry: Entry,
    works: dict[str, Any],
    search: list[Any] | None,
    answered: bool = True,
) -> None:
    """As the fetch step stores them: each work under the DOI asked for (a `/works/{doi}`
    answer may carry another), the DOIs Crossref does not know (when it `answered`), and
    the search's hits."""
    found = {doi: json.dumps(w) for doi, w in works.items()}
    arxiv = stored_arxiv_records(store, [entry])[entry.entry_key]
    missing = [d for d in dois_to_fetch(entry, arxiv) if d not in found] if answered else []
    store.save_answers("crossref", found, missing, [], NOW, {})
    query = crossref_queries(store, [entry], {entry.entry_key: arxiv}).get(entry.entry_key)
    if search is not None and query is not None:
        hits = {_doi(w): json.dumps(w) for w in search}
        store.save_answers("crossref", hits, [], [], NOW, {})
        store.save_search("crossref", normalise_title(query), query, list(hits), None, NOW)
