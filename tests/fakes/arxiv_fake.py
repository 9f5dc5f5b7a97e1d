"""Fake arXiv API (`/api/query`) serving Atom 1.0 shaped like the 2026 samples."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable

from tests.fakes import faults
from tests.fakes.arxiv_feed import (
    ATOM_TYPE,
    ArxivRecord,
    make_records,
    records_from_feed,
    render_error,
    render_feed,
)
from tests.fakes.arxiv_query import QueryError, parse_id, parse_query
from tests.fakes.faults import Fault
from tests.fakes.server import FakeServer, Request, Response

__all__ = ["ArxivFake", "ArxivRecord", "make_records", "records_from_feed"]


class _BadRequest(Exception):
    pass


class ArxivFake(FakeServer):
    """The arXiv query API at `/api/query`, backed by records loaded with `add()`."""

    def __init__(
        self, records: Iterable[ArxivRecord] = (), latency: float = 0.0, max_url_length: int = 8000
    ) -> None:
        super().__init__(latency)
        self.max_url_length = max_url_length
        self.records: dict[str, ArxivRecord] = {}
        self._min_interval: float | None = None
        self._throttle: Fault = faults.http_status(503)
        self._last_ok: float | None = None
        self._rl_lock = threading.Lock()
        self.add(*records)

    @property
    def url(self) -> str:
        """Full query endpoint, `http://127.0.0.1:PORT/api/query`."""
        return f"{self.base_url}/api/query"

    @property
    def query_url_format(self) -> str:
        """Value for `arxiv.Client.query_url_format`."""
        return self.url + "?{}"

    def add(self, *records: ArxivRecord) -> None:
        """Load records (keyed by unversioned id; a later add replaces)."""
        for rec in records:
            self.records[rec.id] = rec

    def rate_limit(self, min_interval: float | None = 3.0, reply: Fault | None = None) -> None:
        """Throttle requests closer than `min_interval` s, or concurrent; None turns it off."""
        with self._rl_lock:
            self._min_interval, self._last_ok = min_interval, None
            self._throttle = reply or faults.http_status(503)

    def _throttled(self) -> bool:
        with self._rl_lock:
            if self._min_interval is None:
                return False
            now = time.monotonic()
            recent = self._last_ok is not None and now - self._last_ok < self._min_interval
            if recent or self.inflight > 1:
                return True
            self._last_ok = now
            return False

    def handle(self, req: Request, fault: Fault | None) -> Response | Fault:
        """Answer one `/api/query` request."""
        if req.path != "/api/query":
            return Response(404, b"Not Found", {"Content-Type": "text/plain"})
        if self._throttled():
            return self._throttle
        try:
            start, size, total, entries = self._select(req.query)
        except _BadRequest as err:
            return Response(400, render_error(str(err)), {"Content-Type": ATOM_TYPE})
        if fault is not None and fault.kind == "empty_page":
            total = total if fault.options.get("total") == "real" else 0
            entries = []
        body = render_feed(req.query, start, size, total, entries)
        return Response(200, body, {"Content-Type": ATOM_TYPE})

    def _select(self, q: dict[str, str]) -> tuple[int, int, int, list[tuple[ArxivRecord, int]]]:
        start, size = _int(q, "start", 0), _int(q, "max_results", 10)
        size = min(size, 2000)
        hits: list[tuple[ArxivRecord, int]] = []
        raw_ids = [s.strip() for s in q.get("id_list", "").split(",") if s.strip()]
        for raw in raw_ids:
            parsed = parse_id(raw)
            if parsed is None:
                raise _BadRequest(f"incorrect id format for {raw}")
            rec = self.records.get(parsed[0])
            version = parsed[1] or (rec.version if rec else 0)
            if rec and version <= rec.version and all(h[0] is not rec for h in hits):
                hits.append((rec, version))
        try:
            matcher = parse_query(q.get("search_query", ""))
        except QueryError as err:
            raise _BadRequest(f"malformed search_query: {err}") from err
        if matcher is not None:
            pool = hits if raw_ids else [(r, r.version) for r in self.records.values()]
            hits = [h for h in pool if matcher(h[0].as_of(h[1]))]
            hits = _sorted(hits, q.get("sortBy", "relevance"), q.get("sortOrder", "descending"))
        return start, size, len(hits), hits[start : start + size]


def _int(q: dict[str, str], name: str, default: int) -> int:
    raw = q.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise _BadRequest(f"{name} must be an integer") from None
    if value < 0:
        raise _BadRequest(f"{name} must be non-negative")
    return value


def _sorted(
    hits: list[tuple[ArxivRecord, int]], sort_by: str, order: str
) -> list[tuple[ArxivRecord, int]]:
    keys = {
        "submittedDate": lambda h: h[0].published,
        "lastUpdatedDate": lambda h: h[0].date_of(h[1]),
    }
    if sort_by not in keys:
        return hits
    return sorted(hits, key=keys[sort_by], reverse=order != "ascending")
