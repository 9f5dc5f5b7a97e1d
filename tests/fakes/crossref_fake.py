"""Fake Crossref REST API: `/works/{doi}` and `/works?filter=doi:...|query.*=...`.

Works are served verbatim (entities and markup in titles, `subtitle`, `relation`,
`update-to` as loaded). Searches return `rows` items (default 20) in BM25 order
(crossref_rank.py), so the right work may come 6th or later; `pin` fixes a rank.
"""

from __future__ import annotations

import copy
import json
import re
import threading
import time
from collections import deque
from collections.abc import Iterable
from typing import Any

from tests.fakes import faults
from tests.fakes.arxiv_query import words
from tests.fakes.crossref_rank import bm25, place_pinned
from tests.fakes.crossref_works import Work, load_work, make_work
from tests.fakes.faults import Fault
from tests.fakes.server import FakeServer, Request, Response

__all__ = ["CrossrefFake", "Work", "load_work", "make_work"]
JSON_TYPE = "application/json"
NOT_FOUND = Response(404, b"Resource not found.", {"Content-Type": "text/plain"})
POOLS = {"polite": (10, 3), "public": (5, 1)}  # requests per 1 s, concurrent
KNOWN_PARAMS = frozenset(
    {"filter", "rows", "offset", "select", "mailto", "query", "query.bibliographic"}
    | {"query.author", "query.title", "query.container-title", "sort", "order", "facet"}
)
SELECTABLE = frozenset(
    "DOI ISBN ISSN URL abstract accepted alternative-id approved archive article-number "
    "assertion author chair clinical-trial-number container-title content-created "
    "content-domain contributor created degree deposited editor event funder group-title "
    "indexed is-referenced-by-count issn-type issue issued license link member "
    "original-title page posted prefix published published-online published-print publisher "
    "publisher-location reference references-count relation resource score "
    "short-container-title short-title standards-body subject subtitle title translator "
    "type update-policy update-to updated-by volume".split()
)


def _failure(kind: str, value: Any, message: str) -> Response:
    body = {"status": "failed", "message-type": "validation-failure",
            "message": [{"type": kind, "value": value, "message": message}]}  # fmt: skip
    return Response(400, json.dumps(body).encode(), {"Content-Type": JSON_TYPE})


def _ok(message_type: str, message: Any) -> Response:
    body = {"status": "ok", "message-type": message_type, "message-version": "1.0.0",
            "message": message}  # fmt: skip
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    return Response(200, data, {"Content-Type": JSON_TYPE})


class _Invalid(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


class CrossrefFake(FakeServer):
    """Crossref `/works` routes over records loaded with `add()`; DOIs case-insensitive."""

    def __init__(self, works: Iterable[Work] = (), latency: float = 0.0) -> None:
        super().__init__(latency)
        self.works: dict[str, Work] = {}
        self.pins: dict[str, int] = {}
        self.enforce_limits = False
        self.list_limit = 3
        self._windows: dict[tuple[str, str], deque[float]] = {}
        self._rl_lock = threading.Lock()
        self.add(*works)

    def add(self, *works: Work) -> None:
        """Load Crossref work dicts (or `/works/{doi}` envelopes); `score` is recomputed."""
        for work in works:
            rec = copy.deepcopy(work["message"] if "message-type" in work else work)
            rec.pop("score", None)
            self.works[rec["DOI"].lower()] = rec

    def pin(self, doi: str, rank: int) -> None:
        """Put this work at `rank` (1-based) in every search that finds it."""
        self.pins[doi.lower()] = rank

    @staticmethod
    def pool(req: Request) -> str:
        """`polite` with a `mailto` param or a `mailto:` in the User-Agent, else `public`."""
        polite = "mailto" in req.query or "mailto:" in req.header("user-agent")
        return "polite" if polite else "public"

    def api_headers(self, req: Request) -> dict[str, str]:
        """Pool and rate-limit headers as the real service sends them."""
        limit, concurrency = POOLS[self.pool(req)]
        return {
            "x-api-pool": self.pool(req),
            "x-rate-limit-limit": str(limit),
            "x-rate-limit-interval": "1s",
            "x-concurrency-limit": str(concurrency),
            "Access-Control-Allow-Origin": "*",
        }

    def _over_limit(self, req: Request, route: str) -> bool:
        """Sliding 1 s windows: all requests of a pool, and its list queries more tightly."""
        if not self.enforce_limits:
            return False
        pool = self.pool(req)
        limit, concurrency = POOLS[pool]
        checks = [("all", limit)] + (
            [("list", min(limit, self.list_limit))] if route == "list" else []
        )
        now = time.monotonic()
        with self._rl_lock:
            windows = [self._windows.setdefault((pool, name), deque()) for name, _ in checks]
            for window in windows:
                while window and now - window[0] >= 1.0:
                    window.popleft()
            full = any(len(w) >= cap for w, (_, cap) in zip(windows, checks, strict=True))
            if full or self.inflight > concurrency:
                return True
            for window in windows:
                window.append(now)
            return False

    def handle(self, req: Request, fault: Fault | None) -> Response | Fault:
        """Route `/works/{doi}` and `/works`."""
        path = req.path.rstrip("/")
        if path != "/works" and not path.startswith("/works/"):
            return NOT_FOUND
        route = "list" if path == "/works" else "single"
        if self._over_limit(req, route):
            return faults.http_status(429)
        if route == "single":
            rec = self.works.get(path[len("/works/") :].lower())
            return _ok("work", {**rec, "score": 1}) if rec else NOT_FOUND
        try:
            return self._list(req.query)
        except _Invalid as err:
            return err.response

    def _list(self, q: dict[str, str]) -> Response:
        for name in q:
            if name not in KNOWN_PARAMS:
                raise _Invalid(_failure("unknown-parameter", name,
                    f"Parameter {name} specified but there is no such parameter available"
                    " on any route"))  # fmt: skip
        rows, offset = _integer(q, "rows", 20, 1000), _integer(q, "offset", 0, 10000)
        fields = [f for f in q.get("select", "").split(",") if f]
        for f in fields:
            if f not in SELECTABLE:
                raise _Invalid(_failure("select-not-available", f,
                    f"Select field {f} specified but there is no such select field"))  # fmt: skip
        scored = self._match(q)
        page = scored[offset : offset + rows]
        items = [_project({**rec, "score": score}, fields) for rec, score in page]
        message = {
            "facets": {}, "total-results": len(scored), "items": items,
            "items-per-page": rows,
            "query": {"start-index": offset, "search-terms": q.get("query") or None},
        }  # fmt: skip
        return _ok("work-list", message)

    def _match(self, q: dict[str, str]) -> list[tuple[Work, float]]:
        recs = list(self.works.values())
        filters: dict[str, set[str]] = {}
        for clause in [c for c in q.get("filter", "").split(",") if c]:
            name, _, value = clause.partition(":")
            if name not in {"doi", "prefix", "type"}:
                msg = f"Filter {name} specified but there is no such filter for this route"
                raise _Invalid(_failure("filter-not-available", name, msg))
            filters.setdefault(name, set()).add(value.lower())
        keys = {"doi": "DOI", "prefix": "prefix", "type": "type"}
        for name, values in filters.items():
            recs = [r for r in recs if str(r.get(keys[name], "")).lower() in values]
        text = {k: q[k] for k in ("query", "query.bibliographic", "query.title") if q.get(k)}
        queries = [(v, _biblio_text) for v in text.values()]
        if q.get("query.author"):
            queries.append((q["query.author"], _author_text))
        if not queries:
            return [(r, 0.0) for r in recs]
        parts = [bm25(words(v), [words(fn(r)) for r in recs]) for v, fn in queries]
        by_doi = {r["DOI"].lower(): r for r in recs}
        found = [(doi, [p[i] for p in parts]) for i, doi in enumerate(by_doi)]
        ranked = sorted(((d, sum(s)) for d, s in found if all(s)), key=lambda t: -t[1])
        return [(by_doi[d], round(s, 6)) for d, s in place_pinned(ranked, self.pins)]


def _integer(q: dict[str, str], name: str, default: int, maximum: int) -> int:
    raw = q.get(name)
    if raw is None:
        return default
    if not re.fullmatch(r"\d+", raw) or int(raw) > maximum:
        raise _Invalid(_failure("integer-not-valid", raw,
            f"Integer specified as {raw} but must be a positive integer less than or equal"
            f" to {maximum}."))  # fmt: skip
    return int(raw)


def _project(rec: Work, fields: list[str]) -> Work:
    return {k: v for k, v in rec.items() if k in fields} if fields else rec


def _author_text(rec: Work) -> str:
    return " ".join(f"{a.get('given', '')} {a.get('family', a.get('name', ''))}"
                    for a in rec.get("author", []))  # fmt: skip


def _biblio_text(rec: Work) -> str:
    year = rec.get("issued", {}).get("date-parts", [[None]])[0][0]
    titles = rec.get("title", []) + rec.get("container-title", []) + rec.get("subtitle", [])
    return " ".join([*titles, _author_text(rec), str(year or "")])
