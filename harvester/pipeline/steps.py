"""What each kind of answer stores: one function per request kind, each storing one
batch's answers in one transaction and marking the entries it could not serve. The
flow (`pipeline.flow`) decides when they run; only its thread calls them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from harvester.plan.fetch_plan import candidates_for
from harvester.store import Store
from harvester.upstream.arxiv import ArxivReplies
from harvester.upstream.crossref import CrossrefReplies
from harvester.upstream.replies import urls_by_key
from harvester.values.titles import normalise_title


def store_arxiv_ids(
    store: Store, got: ArxivReplies, wanted: Mapping[str, str], now: str, failed: dict[str, str]
) -> None:
    """One ID batch: the records, the IDs arXiv does not know, the unreadable ones."""
    found = {k: r.to_json() for k, r in got.records.items()}
    urls = urls_by_key(got.replies)
    store.save_answers("arxiv", found, got.missing, got.replies, now, urls, got.unreadable)
    blame(failed, {k: [v] for k, v in wanted.items()}, got.failed)


def store_arxiv_titles(
    store: Store,
    got: ArxivReplies,
    titles: Mapping[str, str],
    now: str,
    failed: dict[str, str],
) -> None:
    """One title batch: its hits, and per title the hits close enough to be candidates
    (a title whose search failed keeps the candidates stored before), with the request
    that brought its best hit (the batch's first page when it has none)."""
    found = {k: r.to_json() for k, r in got.records.items()}
    urls = urls_by_key(got.replies)
    first = got.replies[0].url if got.replies else None
    with store.transaction():
        store.save_answers("arxiv", found, set(), got.replies, now, urls)
        for title in dict.fromkeys(titles.values()):
            if title not in got.failed:
                ids = candidates_for(title, got.records.values())
                url = urls.get(ids[0], first) if ids else first
                store.save_search("arxiv", normalise_title(title), title, ids, url, now)
    blame(failed, {k: [v] for k, v in titles.items()}, got.failed)


def store_dois(
    store: Store,
    got: CrossrefReplies,
    needs: Mapping[str, list[str]],
    now: str,
    failed: dict[str, str],
) -> None:
    """One DOI batch: the works, the DOIs Crossref does not know; `needs` are the DOIs of
    this batch each entry wanted."""
    urls = urls_by_key(got.replies)
    store.save_answers("crossref", got.records, got.missing, got.replies, now, urls)
    blame(failed, needs, got.failed)


def store_searches(
    store: Store,
    answers: Iterable[tuple[str, str, CrossrefReplies]],
    now: str,
    failed: dict[str, str],
) -> None:
    """Crossref searches (entry key, query, answer), in one transaction: the hits' works and
    each query's ranking (a failed search keeps the ranking stored before)."""
    with store.transaction():
        for key, query, got in answers:
            urls = urls_by_key(got.replies)
            store.save_answers("crossref", got.records, set(), got.replies, now, urls)
            if query in got.failed:
                failed.setdefault(key, got.failed[query])
                continue
            url = got.replies[-1].url if got.replies else None
            store.save_search("crossref", normalise_title(query), query, got.hits, url, now)


def blame(failed: dict[str, str], needs: Mapping[str, list[str]], why: Mapping[str, str]) -> None:
    """Mark the entries that needed a key whose fetch failed."""
    for entry_key, keys in needs.items():
        for key in keys:
            if key in why:
                failed.setdefault(entry_key, why[key])
