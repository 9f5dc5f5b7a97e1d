"""Evidence writes and reads: raw replies, records, searches, and each entry's fetch state.

A good answer replaces the stored one; a failure never does. `not_found` never
replaces a record that was found before (a reply that lost a paper is doubted, not
believed).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.dialects.sqlite import insert
from sqlmodel import Session, col, select

from db.models import FetchState, Record, Reply, Search
from harvester.evidence import RawReply


@dataclass(frozen=True)
class StoredRecord:
    """A record as stored: `found` with its JSON, or `not_found`."""

    status: str
    record_json: str | None
    url: str | None
    fetched_at: str


def add_replies(session: Session, replies: Iterable[RawReply]) -> None:
    """Keep every raw reply."""
    for r in replies:
        session.add(
            Reply(
                service=r.service,
                url=r.url,
                status=r.status,
                fetched_at=r.fetched_at,
                headers_json=json.dumps(r.headers),
                body=r.body,
            )
        )


def upsert_found(
    session: Session, service: str, records: Mapping[str, str], urls: Mapping[str, str], now: str
) -> None:
    """Store records that were found, replacing older answers for the same keys."""
    for key, record_json in records.items():
        values = {
            "status": "found",
            "record_json": record_json,
            "url": urls.get(key),
            "fetched_at": now,
        }
        session.execute(
            insert(Record)
            .values(service=service, record_key=key, **values)
            .on_conflict_do_update(index_elements=["service", "record_key"], set_=values)
        )


def mark_not_found(session: Session, service: str, keys: Iterable[str], now: str) -> None:
    """Record that the service does not know these keys, unless it once did."""
    for key in keys:
        session.execute(
            insert(Record)
            .values(service=service, record_key=key, status="not_found", fetched_at=now)
            .on_conflict_do_update(
                index_elements=["service", "record_key"],
                set_={"fetched_at": now},
                where=col(Record.status) == "not_found",
            )
        )


def mark_unreadable(session: Session, service: str, problems: Mapping[str, str], now: str) -> None:
    """Record that the service answered with a record that cannot be read, unless a good
    record was stored before (it is kept: the bad answer is doubted)."""
    for key, problem in problems.items():
        values = {
            "status": "unreadable",
            "record_json": json.dumps({"problem": problem}),
            "fetched_at": now,
        }
        session.execute(
            insert(Record)
            .values(service=service, record_key=key, **values)
            .on_conflict_do_update(
                index_elements=["service", "record_key"],
                set_=values,
                where=col(Record.status) != "found",
            )
        )


def upsert_search(
    session: Session,
    service: str,
    query_key: str,
    query: str,
    candidates: list[str],
    url: str | None,
    now: str,
) -> None:
    """Store the latest answer to a title search."""
    values = {
        "query": query,
        "candidates_json": json.dumps(candidates),
        "url": url,
        "fetched_at": now,
    }
    session.execute(
        insert(Search)
        .values(service=service, query_key=query_key, **values)
        .on_conflict_do_update(index_elements=["service", "query_key"], set_=values)
    )


def list_records(session: Session, service: str, keys: Iterable[str]) -> dict[str, StoredRecord]:
    """The stored answers for these keys."""
    wanted = list(dict.fromkeys(keys))
    rows = session.exec(
        select(Record).where(Record.service == service, col(Record.record_key).in_(wanted))
    )
    return {r.record_key: StoredRecord(r.status, r.record_json, r.url, r.fetched_at) for r in rows}


def list_searches(
    session: Session, service: str, query_keys: Iterable[str]
) -> dict[str, list[str]]:
    """The candidate keys of stored searches, by query key."""
    wanted = list(dict.fromkeys(query_keys))
    rows = session.exec(
        select(Search).where(Search.service == service, col(Search.query_key).in_(wanted))
    )
    return {r.query_key: json.loads(r.candidates_json) for r in rows}


def record_fetch_outcomes(
    session: Session,
    source: str,
    fingerprints: Mapping[str, str],
    failed: Mapping[str, str],
    now: str,
) -> None:
    """Stamp the entries fetched for (`fingerprints`): checked, or failed once more.

    The reconciler turns a failure into a fetch_failed finding.
    """
    for key, print_ in fingerprints.items():
        if key in failed:
            values: dict[str, Any] = {
                "failed_at": now,
                "failure": failed[key],
                "fingerprint": print_,
            }
            count: Any = FetchState.failures + 1
            session.execute(
                insert(FetchState)
                .values(list_source=source, entry_key=key, failures=1, **values)
                .on_conflict_do_update(
                    index_elements=["list_source", "entry_key"], set_={**values, "failures": count}
                )
            )
        else:
            values = {
                "checked_at": now,
                "failed_at": None,
                "failure": None,
                "failures": 0,
                "fingerprint": print_,
            }
            session.execute(
                insert(FetchState)
                .values(list_source=source, entry_key=key, **values)
                .on_conflict_do_update(index_elements=["list_source", "entry_key"], set_=values)
            )


def record_urls(session: Session, keys: Iterable[str]) -> dict[str, str]:
    """The request URL each record (arXiv ID or DOI) was last fetched with."""
    wanted = list(dict.fromkeys(keys))
    rows = session.exec(select(Record).where(col(Record.record_key).in_(wanted)))
    return {r.record_key: r.url for r in rows if r.url}
