"""Crossref over `habanero`: DOIs in batches through `filter=doi:`, singles for stragglers,
and `query.bibliographic` title searches."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from habanero import Crossref

from harvester import __version__
from harvester.errors import FetchError, NotFoundError, TransientFetchError
from harvester.upstream.crossref_http import SERVICE, CrossrefTransport
from harvester.upstream.retrying import RetryLog, RetryPolicy, call_with_retries
from harvester.values.evidence import RawReply
from harvester.values.ids import normalise_doi

#: DOIs per filter request, and the URL length kept under Crossref's ~4 KB.
DOI_BATCH = 40
MAX_FILTER_CHARS = 3000
SEARCH_ROWS = 20
#: The fields the date rule and the matching bar need.
SELECT = (
    "DOI", "type", "title", "container-title", "author", "published-online",
    "published-print", "created", "issued", "assertion", "relation", "subtitle", "update-to",
)  # fmt: skip


@dataclass
class CrossrefReplies:
    """Work JSON by DOI, DOIs Crossref does not know, what failed, and every raw reply."""

    records: dict[str, str] = field(default_factory=dict)
    missing: set[str] = field(default_factory=set)
    failed: dict[str, str] = field(default_factory=dict)  # DOI or query -> why, after retries
    replies: list[RawReply] = field(default_factory=list)
    hits: list[str] = field(default_factory=list)  # DOIs of a search's hits, best first


class CrossrefApi:
    """habanero pointed at the configured endpoint, in the polite pool when a mailto is set."""

    def __init__(
        self,
        base_url: str,
        mailto: str | None,
        timeout: float,
        transport: CrossrefTransport,
        policy: RetryPolicy,
        log: RetryLog,
    ) -> None:
        ua = f"harvester/{__version__} (paper-list date checker)"
        self.cr = Crossref(base_url=base_url, mailto=mailto, ua_string=ua, timeout=timeout)
        self.transport = transport
        self.policy = policy
        self.log = log

    def fetch_by_dois(self, dois: list[str]) -> CrossrefReplies:
        """Batched look-up; DOIs missing from a batch reply are asked alone."""
        out = CrossrefReplies()
        wanted = list(dict.fromkeys(dois))
        for batch in doi_batches(wanted):
            doc = self._call_or_fail(self._filter_call(batch), batch, out)
            for item in _items(doc):
                doi = normalise_doi(str(item.get("DOI", "")))
                if doi in batch:
                    out.records[doi] = _dump(item)
        for doi in [d for d in wanted if d not in out.records and d not in out.failed]:
            try:
                doc = self._call(lambda d=doi: self.cr.works(ids=d), out)
            except NotFoundError:
                out.missing.add(doi)
                continue
            except FetchError as exc:
                out.failed[doi] = str(exc)
                continue
            work = doc.get("message") if isinstance(doc, dict) else None
            if isinstance(work, dict):  # /works/{doi} answers for the DOI asked, even an alias
                # the fields a list query selects, so a work's record is the same whichever
                # request stored it (the raw reply keeps the rest)
                out.records[doi] = _dump({k: v for k, v in work.items() if k in SELECT})
            else:  # an unreadable reply says nothing of the DOI; only a 404 says "unknown"
                out.failed[doi] = f"crossref: the reply for {doi} holds no work"
        return out

    def search(self, query: str) -> CrossrefReplies:
        """The top hits of a bibliographic search: their JSON in `records`, DOIs in `hits`."""
        out = CrossrefReplies()
        select = [*SELECT, "score"]
        doc = self._call_or_fail(
            lambda: self.cr.works(query_bibliographic=query, limit=SEARCH_ROWS, select=select),
            [query],
            out,
        )
        for item in _items(doc):
            if doi := normalise_doi(str(item.get("DOI", ""))):
                out.hits.append(doi)
                # the score belongs to this query, not to the work (the raw reply keeps it):
                # a work's record is then the same whichever request stored it last
                out.records[doi] = _dump({k: v for k, v in item.items() if k != "score"})
        return out

    def _filter_call(self, batch: list[str]) -> Callable[[], Any]:
        return lambda: self.cr.works(filter={"doi": batch}, limit=len(batch), select=list(SELECT))

    def _call_or_fail(self, func: Callable[[], Any], keys: list[str], out: CrossrefReplies) -> Any:
        """The reply document, or None with `keys` marked failed when retries ran out."""
        try:
            return self._call(func, out)
        except FetchError as exc:
            out.failed.update(dict.fromkeys(keys, str(exc)))
            return None

    def _call(self, func: Any, out: CrossrefReplies) -> Any:
        def attempt() -> Any:
            try:
                with self.transport.active():
                    return func()
            except (RuntimeError, ValueError) as exc:  # what habanero raises of its own
                raise TransientFetchError(SERVICE, self.cr.base_url, f"habanero: {exc}") from None

        try:
            return call_with_retries(attempt, SERVICE, self.policy, self.log, self.transport.sleep)
        finally:
            out.replies.extend(self.transport.log.take_replies())


def _dump(work: dict[str, Any]) -> str:
    return json.dumps(work, ensure_ascii=False, sort_keys=True)


def _items(doc: Any) -> list[dict[str, Any]]:
    message = doc.get("message") if isinstance(doc, dict) else None
    items = message.get("items") if isinstance(message, dict) else None
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def doi_batches(dois: list[str]) -> Iterator[list[str]]:
    """`dois` in the batches `fetch_by_dois` asks them in: DOI_BATCH at most, and short
    enough for Crossref's URL limit."""
    batch: list[str] = []
    size = 0
    for doi in dois:
        cost = len(doi) + len("doi:,") + 10  # URL-encoding of '/' and ':' lengthens it
        if batch and (len(batch) == DOI_BATCH or size + cost > MAX_FILTER_CHARS):
            yield batch
            batch, size = [], 0
        batch.append(doi)
        size += cost
    if batch:
        yield batch
