"""The fetch steps of a harvest: each asks one service, stores what came back, and says
which entries could not be served. Stored evidence, not this run's replies, feeds the
next step, so an entry whose arXiv look-up failed today still uses yesterday's record.
"""

from __future__ import annotations

from collections.abc import Mapping

from harvester.pipeline.monitor import Monitor, batches
from harvester.pipeline.reconcile import crossref_queries, stored_arxiv_records
from harvester.plan.fetch_plan import (
    arxiv_title_queries,
    candidates_for,
    dois_to_fetch,
    linked_arxiv_ids,
)
from harvester.plan.policy import fingerprint
from harvester.store import Store
from harvester.upstream.arxiv import ID_BATCH, TITLE_BATCH
from harvester.upstream.crossref import DOI_BATCH
from harvester.upstream.replies import urls_by_key
from harvester.upstream.services import Services
from harvester.values.entries import Entry
from harvester.values.titles import normalise_title

#: Crossref searches stored per transaction: a crash loses at most this many answers.
SEARCHES_PER_COMMIT = 25


def fetch_evidence(
    services: Services,
    store: Store,
    source: str,
    entries: list[Entry],
    now: str,
    monitor: Monitor,
) -> dict[str, str]:
    """Run every fetch step for `entries`, telling `monitor` where it stands; return why
    each failed entry could not be served."""
    failed: dict[str, str] = {}
    ids = linked_arxiv_ids(entries)
    monitor.phase("arXiv IDs", len(ids), {"arxiv": batches(len(set(ids.values())), ID_BATCH)})
    _fetch_arxiv_ids(services, store, entries, now, failed)
    monitor.phase_done()
    titles = arxiv_title_queries(entries)
    planned = batches(len(set(titles.values())), TITLE_BATCH)
    monitor.phase("arXiv titles", len(titles), {"arxiv": planned})
    _search_arxiv_titles(services, store, entries, now, failed)
    monitor.phase_done()
    arxiv_of = stored_arxiv_records(store, entries)
    wanted = {e.entry_key: dois_to_fetch(e, arxiv_of[e.entry_key]) for e in entries}
    dois = {d for ds in wanted.values() for d in ds}
    monitor.phase("Crossref DOIs", sum(1 for ds in wanted.values() if ds),
                  {"crossref": batches(len(dois), DOI_BATCH)})  # fmt: skip
    _fetch_dois(services, store, wanted, now, failed)
    monitor.phase_done()
    queries = crossref_queries(store, entries, arxiv_of)
    keys = list(queries)
    monitor.phase("Crossref titles", len(keys), {"crossref": len(keys)})
    for start in range(0, len(keys), SEARCHES_PER_COMMIT):
        batch = {k: queries[k] for k in keys[start : start + SEARCHES_PER_COMMIT]}
        _search_crossref(services, store, batch, now, failed, monitor)
    prints = {e.entry_key: fingerprint(e) for e in entries}
    store.save_fetch_outcomes(source, prints, failed, now)
    return failed


def _fetch_arxiv_ids(
    services: Services, store: Store, entries: list[Entry], now: str, failed: dict[str, str]
) -> None:
    wanted = linked_arxiv_ids(entries)
    if not wanted:
        return
    got = services.arxiv.fetch_by_ids(list(wanted.values()))
    found = {k: r.to_json() for k, r in got.records.items()}
    urls = urls_by_key(got.replies)
    store.save_answers("arxiv", found, got.missing, got.replies, now, urls, got.unreadable)
    _blame(failed, {k: [v] for k, v in wanted.items()}, got.failed)


def _search_arxiv_titles(
    services: Services, store: Store, entries: list[Entry], now: str, failed: dict[str, str]
) -> None:
    titles = arxiv_title_queries(entries)
    if not titles:
        return
    got = services.arxiv.search_titles(list(titles.values()))
    found = {k: r.to_json() for k, r in got.records.items()}
    with store.transaction():
        store.save_answers("arxiv", found, set(), got.replies, now, urls_by_key(got.replies))
        for title in dict.fromkeys(titles.values()):
            if title not in got.failed:
                ids = candidates_for(title, got.records.values())
                store.save_search("arxiv", normalise_title(title), title, ids, None, now)
    _blame(failed, {k: [v] for k, v in titles.items()}, got.failed)


def _fetch_dois(
    services: Services,
    store: Store,
    wanted: Mapping[str, list[str]],
    now: str,
    failed: dict[str, str],
) -> None:
    """Fetch the DOIs each entry wants (linked, and declared by its arXiv record)."""
    dois = [d for ds in wanted.values() for d in ds]
    if not dois:
        return
    got = services.crossref.fetch_by_dois(dois)
    urls = urls_by_key(got.replies)
    store.save_answers("crossref", got.records, got.missing, got.replies, now, urls)
    _blame(failed, wanted, got.failed)


def _search_crossref(
    services: Services,
    store: Store,
    queries: Mapping[str, str],
    now: str,
    failed: dict[str, str],
    monitor: Monitor,
) -> None:
    """Search each query (telling `monitor` of each), then store the batch in one transaction."""
    answers = []
    for key, query in queries.items():
        answers.append((key, query, services.crossref.search(query)))
        monitor.advance(1)
    with store.transaction():
        for key, query, got in answers:
            urls = urls_by_key(got.replies)
            store.save_answers("crossref", got.records, set(), got.replies, now, urls)
            if query in got.failed:
                failed.setdefault(key, got.failed[query])
                continue
            url = got.replies[-1].url if got.replies else None
            store.save_search("crossref", normalise_title(query), query, got.hits, url, now)


def _blame(failed: dict[str, str], needs: Mapping[str, list[str]], why: Mapping[str, str]) -> None:
    """Mark the entries that needed a key whose fetch failed."""
    for entry_key, keys in needs.items():
        for key in keys:
            if key in why:
                failed.setdefault(entry_key, why[key])
