"""The fetch steps of a harvest: each asks one source, stores what came back, and says
which entries could not be served. Stored evidence, not this run's replies, feeds the
next step, so an entry whose arXiv look-up failed today still uses yesterday's record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from sqlalchemy import Engine
from sqlmodel import Session

from db.evidence_store import (
    add_replies,
    mark_not_found,
    mark_unreadable,
    record_fetch_outcomes,
    upsert_found,
    upsert_search,
)
from harvester.entries import Entry
from harvester.evidence import ArxivRecord, RawReply, urls_by_key
from harvester.fetch_plan import (
    arxiv_title_queries,
    candidates_for,
    crossref_query,
    dois_to_fetch,
    linked_arxiv_ids,
)
from harvester.policy import fingerprint
from harvester.reconciling import arxiv_evidence
from harvester.rule import pick_arxiv
from harvester.sources.services import Services
from harvester.titles import normalise_title

Progress = Callable[[str], None]
#: Crossref searches stored per transaction: a crash loses at most this many answers.
SEARCHES_PER_COMMIT = 25


def fetch_evidence(
    services: Services,
    engine: Engine,
    source: str,
    entries: list[Entry],
    now: str,
    progress: Progress,
) -> dict[str, str]:
    """Run every fetch step for `entries`; return why each failed entry could not be served."""
    failed: dict[str, str] = {}
    _fetch_arxiv_ids(services, engine, entries, now, failed)
    progress("arXiv IDs")
    _search_arxiv_titles(services, engine, entries, now, failed)
    progress("arXiv titles")
    arxiv_of = stored_arxiv_records(engine, entries)
    _fetch_dois(services, engine, entries, arxiv_of, now, failed)
    progress("Crossref DOIs")
    queries = {e.entry_key: q for e in entries if (q := crossref_query(e, arxiv_of[e.entry_key]))}
    keys = list(queries)
    for start in range(0, len(keys), SEARCHES_PER_COMMIT):
        batch = {k: queries[k] for k in keys[start : start + SEARCHES_PER_COMMIT]}
        _search_crossref(services, engine, batch, now, failed)
        progress("Crossref titles")
    with Session(engine) as session, session.begin():
        prints = {e.entry_key: fingerprint(e) for e in entries}
        record_fetch_outcomes(session, source, prints, failed, now)
    return failed


def stored_arxiv_records(engine: Engine, entries: list[Entry]) -> dict[str, ArxivRecord | None]:
    """Each entry's arXiv record as the store knows it now."""
    with Session(engine) as session:
        evidence = arxiv_evidence(session, entries)
    return {e.entry_key: pick_arxiv(e, evidence[e.entry_key])[0] for e in entries}


def _fetch_arxiv_ids(
    services: Services, engine: Engine, entries: list[Entry], now: str, failed: dict[str, str]
) -> None:
    wanted = linked_arxiv_ids(entries)
    if not wanted:
        return
    got = services.arxiv.fetch_by_ids(list(wanted.values()))
    found = {k: r.to_json() for k, r in got.records.items()}
    _save(engine, "arxiv", found, got.missing, got.replies, now, got.unreadable)
    _blame(failed, {k: [v] for k, v in wanted.items()}, got.failed)


def _search_arxiv_titles(
    services: Services, engine: Engine, entries: list[Entry], now: str, failed: dict[str, str]
) -> None:
    titles = arxiv_title_queries(entries)
    if not titles:
        return
    got = services.arxiv.search_titles(list(titles.values()))
    found = {k: r.to_json() for k, r in got.records.items()}
    _save(engine, "arxiv", found, set(), got.replies, now)
    with Session(engine) as session, session.begin():
        for title in dict.fromkeys(titles.values()):
            if title not in got.failed:
                ids = candidates_for(title, got.records.values())
                upsert_search(session, "arxiv", normalise_title(title), title, ids, None, now)
    _blame(failed, {k: [v] for k, v in titles.items()}, got.failed)


def _fetch_dois(
    services: Services,
    engine: Engine,
    entries: list[Entry],
    arxiv_of: Mapping[str, ArxivRecord | None],
    now: str,
    failed: dict[str, str],
) -> None:
    wanted = {e.entry_key: dois_to_fetch(e, arxiv_of[e.entry_key]) for e in entries}
    dois = [d for ds in wanted.values() for d in ds]
    if not dois:
        return
    got = services.crossref.fetch_by_dois(dois)
    _save(engine, "crossref", got.records, got.missing, got.replies, now)
    _blame(failed, wanted, got.failed)


def _search_crossref(
    services: Services, engine: Engine, queries: Mapping[str, str], now: str, failed: dict[str, str]
) -> None:
    """Search each query, then store the batch in one transaction."""
    answers = [(key, query, services.crossref.search(query)) for key, query in queries.items()]
    with Session(engine) as session, session.begin():
        for key, query, got in answers:
            _store(session, "crossref", got.records, set(), got.replies, now)
            if query in got.failed:
                failed.setdefault(key, got.failed[query])
                continue
            url = got.replies[-1].url if got.replies else None
            upsert_search(session, "crossref", normalise_title(query), query, got.hits, url, now)


def _save(
    engine: Engine,
    service: str,
    found: Mapping[str, str],
    missing: Iterable[str],
    replies: list[RawReply],
    now: str,
    unreadable: Mapping[str, str] | None = None,
) -> None:
    """Store one step's answers in one transaction: replies, records, the unknown and the
    unreadable."""
    with Session(engine) as session, session.begin():
        _store(session, service, found, missing, replies, now)
        mark_unreadable(session, service, unreadable or {}, now)


def _store(
    session: Session,
    service: str,
    found: Mapping[str, str],
    missing: Iterable[str],
    replies: list[RawReply],
    now: str,
) -> None:
    add_replies(session, replies)
    upsert_found(session, service, found, urls_by_key(replies), now)
    mark_not_found(session, service, missing, now)


def _blame(failed: dict[str, str], needs: Mapping[str, list[str]], why: Mapping[str, str]) -> None:
    """Mark the entries that needed a key whose fetch failed."""
    for entry_key, keys in needs.items():
        for key in keys:
            if key in why:
                failed.setdefault(entry_key, why[key])
