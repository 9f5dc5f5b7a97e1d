"""The fetches of one harvest, overlapped: arXiv and Crossref are asked at the same time,
and an entry's Crossref work starts as soon as what it needs is stored.

Per entry the order is fixed: its arXiv look-up (by ID or by title); then the DOIs it
links (asked at once) and those its arXiv record declares; then, when it links no DOI
and no declared DOI is a journal's, one Crossref search. The requests run on worker
threads (one for arXiv, as many as Crossref allows in flight); this thread alone stores
the answers, one batch per transaction, and decides the next requests from what is
stored, so the results are those of the same steps run one after another.

The requests are the sequential ones: the same arXiv batches, and DOI batches formed as
DOIs become known but sent only when full while arXiv may still add to them.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from functools import partial
from typing import Any

from harvester.pipeline.monitor import Monitor, batches
from harvester.pipeline.reconcile import crossref_queries, stored_arxiv_records
from harvester.pipeline.steps import (
    store_arxiv_ids,
    store_arxiv_titles,
    store_dois,
    store_searches,
)
from harvester.pipeline.workers import Workers
from harvester.plan.fetch_plan import arxiv_title_queries, dois_to_fetch, linked_arxiv_ids
from harvester.store import Store
from harvester.upstream.arxiv import ID_BATCH, ArxivReplies, title_batches
from harvester.upstream.crossref import DOI_BATCH, CrossrefReplies, doi_batches
from harvester.upstream.services import Services
from harvester.values.entries import Entry
from harvester.values.evidence import ArxivRecord
from harvester.values.titles import normalise_title

#: Crossref searches stored per transaction: a crash loses at most this many answers.
SEARCHES_PER_COMMIT = 25


class Flow:
    """One run of the fetches for `entries`; `overlap=False` asks Crossref only once
    arXiv is done, one request at a time (the sequential schedule, for comparison)."""

    def __init__(
        self,
        services: Services,
        store: Store,
        entries: list[Entry],
        now: str,
        monitor: Monitor,
        overlap: bool = True,
    ) -> None:
        self.services, self.store, self.now, self.monitor = services, store, now, monitor
        self.overlap = overlap
        #: why entries could not be served, per stage; merged in stage order, so an entry
        #: failed by arXiv and by Crossref is reported as the sequential schedule would
        self.failures: dict[str, dict[str, str]] = {"arxiv": {}, "doi": {}, "search": {}}
        self.entries = {e.entry_key: e for e in entries}
        self.arxiv_left: dict[str, int] = {}  # entry -> its arXiv jobs not stored yet
        self.records: dict[str, ArxivRecord | None] = {}  # entries whose arXiv is settled
        self.wanted: dict[str, set[str]] = {}  # entry -> its DOIs not answered yet
        self.waiters: dict[str, list[str]] = {}  # DOI -> entries that want it
        self.queued: list[str] = []  # DOIs known, not asked yet
        self.seen: set[str] = set()  # DOIs queued or asked in this run
        self.doi_failed: dict[str, str] = {}  # DOI -> why, when its batch failed
        self.searches: deque[tuple[str, str]] = deque()
        self.answers: list[tuple[str, str, CrossrefReplies]] = []
        self.jobs: dict[Future[Any], tuple[int, str, Callable[[Any], None]]] = {}
        self.running: Counter[str] = Counter()  # jobs not handled yet, per service
        self._seq = 0
        self.unsettled_searchers = sum(1 for e in entries if not e.dois)
        self.arxiv = Workers(1, "harvester-arxiv")
        self.crossref = Workers(
            services.crossref.transport.gate.ceiling if overlap else 1, "harvester-crossref"
        )

    def run(self) -> dict[str, str]:
        """Fetch and store everything; return why each failed entry could not be served."""
        try:
            self._start()
            while self.jobs:
                done, _ = wait(list(self.jobs), return_when=FIRST_COMPLETED)
                for future in sorted(done, key=lambda f: self.jobs[f][0]):
                    _, service, handle = self.jobs.pop(future)
                    self.running[service] -= 1
                    handle(future.result())
                self._feed()
            self._store_searches()
        except BaseException:
            self.services.stop()  # calls still queued or under way make no more requests
            raise
        finally:
            self.arxiv.close()
            self.crossref.close()
        merged: dict[str, str] = {}
        for stage in self.failures.values():
            for key, why in stage.items():
                merged.setdefault(key, why)
        return merged

    # -- arXiv -----------------------------------------------------------
    def _start(self) -> None:
        entries = list(self.entries.values())
        api = self.services.arxiv
        ids = linked_arxiv_ids(entries)
        unique = list(dict.fromkeys(ids.values()))
        for start in range(0, len(unique), ID_BATCH):
            batch = unique[start : start + ID_BATCH]
            in_batch = set(batch)
            wanted = {k: i for k, i in ids.items() if i in in_batch}
            self._arxiv_job(partial(api.fetch_by_ids, batch), wanted, store_arxiv_ids)
        titles = arxiv_title_queries(entries)
        by_key: dict[str, list[str]] = {}  # a stored search's key -> the entries under it
        for k, t in titles.items():
            by_key.setdefault(normalise_title(t), []).append(k)
        for group in title_batches(list(titles.values())):
            in_group = set(group)
            asked = {k: t for k, t in titles.items() if t in in_group}
            # titles spelled apart (Qwen2.5 / Qwen2 5) share a stored search: their entries
            # wait for every batch that writes it
            also = {k for t in in_group for k in by_key[normalise_title(t)]} - asked.keys()
            self._arxiv_job(
                partial(api.search_titles, group), asked, store_arxiv_titles, tuple(sorted(also))
            )
        unsearchable = {k: t for k, t in titles.items() if k not in self.arxiv_left}
        if unsearchable:  # no word to search by: stored as searched, with no candidates
            store_arxiv_titles(
                self.store, ArxivReplies(), unsearchable, self.now, self.failures["arxiv"]
            )
        self.monitor.phase("arXiv", len(self.arxiv_left))
        self.monitor.phase("Crossref", len(entries))
        for e in entries:
            self._want(e.entry_key, list(e.dois))
        self._settle([k for k in self.entries if not self.arxiv_left.get(k)])
        self._feed()

    def _arxiv_job(
        self,
        call: Callable[[], ArxivReplies],
        wanted: dict[str, str],
        store: Callable[..., None],
        also: tuple[str, ...] = (),
    ) -> None:
        """Ask arXiv once (`call`) for the entries in `wanted`; `store` keeps the answer;
        the entries in `also` wait for it too."""
        waiting = [*wanted, *also]
        for k in waiting:
            self.arxiv_left[k] = self.arxiv_left.get(k, 0) + 1

        def handle(got: Any) -> None:
            store(self.store, got, wanted, self.now, self.failures["arxiv"])
            for k in waiting:
                self.arxiv_left[k] -= 1
            settled = [k for k in waiting if not self.arxiv_left[k]]
            self.monitor.advance("arXiv", len(settled))
            self._settle(settled)

        self._submit(self.arxiv, "arxiv", call, handle)

    def _settle(self, keys: list[str]) -> None:
        """These entries' arXiv answers are stored: want the DOIs their records declare."""
        if not keys:
            return
        records = stored_arxiv_records(self.store, [self.entries[k] for k in keys])
        for k in keys:
            self.records[k] = records[k]
            self.unsettled_searchers -= 0 if self.entries[k].dois else 1
            self._want(k, dois_to_fetch(self.entries[k], records[k]))
        self._ready([k for k in keys if not self.wanted.get(k)])

    # -- Crossref --------------------------------------------------------
    def _want(self, key: str, dois: list[str]) -> None:
        """`key` needs these DOIs: queue the new ones, wait for those not answered yet."""
        for doi in dois:
            if doi in self.seen and doi not in self.waiters:  # answered in this run
                if doi in self.doi_failed:
                    self.failures["doi"].setdefault(key, self.doi_failed[doi])
                continue
            waiting = self.waiters.setdefault(doi, [])
            if key not in waiting:
                waiting.append(key)
                self.wanted.setdefault(key, set()).add(doi)
            if doi not in self.seen:
                self.seen.add(doi)
                self.queued.append(doi)

    def _ready(self, keys: list[str]) -> None:
        """These entries' arXiv and DOI answers are stored: search the ones that need it."""
        if not keys:
            return
        entries = [self.entries[k] for k in keys]
        queries = crossref_queries(self.store, entries, {k: self.records[k] for k in keys})
        for k in keys:
            if k in queries:
                self.searches.append((k, queries[k]))
            else:
                self._finished(1)

    def _feed(self) -> None:
        """Hand Crossref work to free workers: DOI batches first, then searches."""
        if not self.overlap and self.running["arxiv"]:
            return
        room = min(self.crossref.size, self.services.crossref.transport.gate.limit)
        while self.running["crossref"] < room:
            batch = self._doi_batch()
            if batch:
                self._doi_job(batch)
            elif self.searches:
                self._search_job(*self.searches.popleft())
            else:
                break
        self._tell_left()

    def _doi_batch(self) -> list[str]:
        """The next DOI batch to ask: a full one, or any once arXiv can add no more."""
        batch = next(doi_batches(self.queued), [])
        last = len(batch) == len(self.queued)  # the queue holds no other batch
        if not batch or (self.running["arxiv"] and last and len(batch) < DOI_BATCH):
            return []
        self.queued = self.queued[len(batch) :]
        return batch

    def _doi_job(self, batch: list[str]) -> None:
        def handle(got: CrossrefReplies) -> None:
            needs: dict[str, list[str]] = {}
            for doi in batch:
                for k in self.waiters.pop(doi, []):
                    needs.setdefault(k, []).append(doi)
            store_dois(self.store, got, needs, self.now, self.failures["doi"])
            self.doi_failed.update(got.failed)
            ready = []
            for k, dois in needs.items():
                self.wanted[k] -= set(dois)
                if not self.wanted[k] and k in self.records:
                    ready.append(k)
            self._ready(ready)

        api = self.services.crossref
        self._submit(self.crossref, "crossref", lambda: api.fetch_by_dois(batch), handle)

    def _search_job(self, key: str, query: str) -> None:
        def handle(got: CrossrefReplies) -> None:
            self.answers.append((key, query, got))
            self._finished(1)
            if len(self.answers) >= SEARCHES_PER_COMMIT:
                self._store_searches()

        api = self.services.crossref
        self._submit(self.crossref, "crossref", lambda: api.search(query), handle)

    def _store_searches(self) -> None:
        if self.answers:
            store_searches(self.store, self.answers, self.now, self.failures["search"])
            self.answers = []

    # -- bookkeeping -----------------------------------------------------
    def _submit(
        self, workers: Workers, service: str, call: Callable[[], Any], handle: Callable[[Any], None]
    ) -> None:
        self._seq += 1
        self.running[service] += 1
        self.jobs[workers.submit(call)] = (self._seq, service, handle)

    def _finished(self, n: int) -> None:
        self.monitor.advance("Crossref", n)

    def _tell_left(self) -> None:
        """The requests still expected, per service, for the ETA."""
        doi_batches_left = batches(len(self.queued), DOI_BATCH)
        self.monitor.left("arxiv", self.running["arxiv"])
        self.monitor.left(
            "crossref",
            self.running["crossref"]
            + doi_batches_left
            + len(self.searches)
            + self.unsettled_searchers,
        )
