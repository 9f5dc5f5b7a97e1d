"""Evidence: raw replies, records, searches, and each entry's fetch state.

A good answer replaces the stored one; a failure never does. `not_found` never
replaces a record that was found before (a reply that lost a paper is doubted, not
believed), and neither does `unreadable`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.dialects.sqlite import insert
from sqlmodel import Session, col, select

from harvester.store.base import StoreBase
from harvester.store.tables import FetchStateRow, RecordRow, ReplyRow, SearchRow
from harvester.values.evidence import RawReply


@dataclass(frozen=True)
class StoredRecord:
    """A record as stored: `found` with its JSON, `not_found`, or `unreadable` with why."""

    status: str
    record_json: str | None
    url: str | None
    fetched_at: str

    @property
    def found(self) -> bool:
        """A record that was found and has its JSON."""
        return self.status == "found" and bool(self.record_json)

    @property
    def problem(self) -> str:
        """Why an `unreadable` record cannot be read."""
        try:
            return str(json.loads(self.record_json or "{}").get("problem", "unreadable record"))
        except (ValueError, AttributeError):
            return "unreadable record"


class EvidenceRows(StoreBase):
    """Writes and reads of what the services answered."""

    def save_answers(
        self,
        service: str,
        found: Mapping[str, str],
        missing: Iterable[str],
        replies: list[RawReply],
        now: str,
        urls: Mapping[str, str],
        unreadable: Mapping[str, str] | None = None,
    ) -> None:
        """One step's answers: raw replies, found records (with the URL each came from),
        the keys the service does not know, and the records it sent unreadable."""
        with self._tx() as session:
            _add_replies(session, replies)
            for key, record_json in found.items():
                values = {"status": "found", "record_json": record_json, "url": urls.get(key),
                          "fetched_at": now}  # fmt: skip
                session.execute(
                    insert(RecordRow)
                    .values(service=service, record_key=key, **values)
                    .on_conflict_do_update(index_elements=["service", "record_key"], set_=values)
                )
            for key in missing:
                session.execute(
                    insert(RecordRow)
                    .values(service=service, record_key=key, status="not_found", fetched_at=now)
                    .on_conflict_do_update(
                        index_elements=["service", "record_key"],
                        set_={"fetched_at": now},
                        where=col(RecordRow.status) == "not_found",
                    )
                )
            for key, problem in (unreadable or {}).items():
                values = {"status": "unreadable", "fetched_at": now,
                          "record_json": json.dumps({"problem": problem})}  # fmt: skip
                session.execute(
                    insert(RecordRow)
                    .values(service=service, record_key=key, **values)
                    .on_conflict_do_update(
                        index_elements=["service", "record_key"],
                        set_=values,
                        where=col(RecordRow.status) != "found",
                    )
                )

    def save_search(
        self, service: str, query_key: str, query: str, hits: list[str], url: str | None, now: str
    ) -> None:
        """The latest answer to a title search: the record keys it returned, best first."""
        values = {"query": query, "candidates_json": json.dumps(hits), "url": url,
                  "fetched_at": now}  # fmt: skip
        with self._tx() as session:
            session.execute(
                insert(SearchRow)
                .values(service=service, query_key=query_key, **values)
                .on_conflict_do_update(index_elements=["service", "query_key"], set_=values)
            )

    def records(self, service: str, keys: Iterable[str]) -> dict[str, StoredRecord]:
        """The stored answers for these keys."""
        wanted = list(dict.fromkeys(keys))
        with self._tx() as session:
            rows = session.exec(
                select(RecordRow).where(
                    RecordRow.service == service, col(RecordRow.record_key).in_(wanted)
                )
            )
            return {
                r.record_key: StoredRecord(r.status, r.record_json, r.url, r.fetched_at)
                for r in rows
            }

    def searches(self, service: str, query_keys: Iterable[str]) -> dict[str, list[str]]:
        """The hit keys of stored searches, by query key."""
        return {k: hits for k, (hits, _) in self._searches(service, query_keys).items()}

    def search_urls(self, service: str, query_keys: Iterable[str]) -> dict[str, str]:
        """The request URL of each stored search, by query key."""
        return {k: url for k, (_, url) in self._searches(service, query_keys).items() if url}

    def _searches(
        self, service: str, query_keys: Iterable[str]
    ) -> dict[str, tuple[list[str], str | None]]:
        """Each stored search of these query keys: its hit keys and its request URL."""
        wanted = list(dict.fromkeys(query_keys))
        with self._tx() as session:
            rows = session.exec(
                select(SearchRow).where(
                    SearchRow.service == service, col(SearchRow.query_key).in_(wanted)
                )
            )
            return {r.query_key: (json.loads(r.candidates_json), r.url) for r in rows}

    def record_urls(self, keys: Iterable[str]) -> dict[str, str]:
        """The request URL each record (arXiv ID or DOI) was last fetched with."""
        wanted = list(dict.fromkeys(keys))
        with self._tx() as session:
            rows = session.exec(select(RecordRow).where(col(RecordRow.record_key).in_(wanted)))
            return {r.record_key: r.url for r in rows if r.url}

    def save_fetch_outcomes(
        self, source: str, fingerprints: Mapping[str, str], failed: Mapping[str, str], now: str
    ) -> None:
        """Stamp the entries fetched for (`fingerprints`): checked, or failed once more."""
        with self._tx() as session:
            for key, print_ in fingerprints.items():
                session.execute(_fetch_outcome(source, key, print_, failed.get(key), now))


def _fetch_outcome(source: str, key: str, print_: str, failure: str | None, now: str) -> Any:
    if failure is not None:
        values: dict[str, Any] = {"failed_at": now, "failure": failure, "fingerprint": print_}
        count: Any = FetchStateRow.failures + 1
        return (
            insert(FetchStateRow)
            .values(list_source=source, entry_key=key, failures=1, **values)
            .on_conflict_do_update(
                index_elements=["list_source", "entry_key"], set_={**values, "failures": count}
            )
        )
    values = {"checked_at": now, "failed_at": None, "failure": None, "failures": 0,
              "fingerprint": print_}  # fmt: skip
    return (
        insert(FetchStateRow)
        .values(list_source=source, entry_key=key, **values)
        .on_conflict_do_update(index_elements=["list_source", "entry_key"], set_=values)
    )


def _add_replies(session: Session, replies: Iterable[RawReply]) -> None:
    for r in replies:
        session.add(
            ReplyRow(
                service=r.service, url=r.url, status=r.status, fetched_at=r.fetched_at,
                headers_json=json.dumps(r.headers), body=r.body,
            )
        )  # fmt: skip
