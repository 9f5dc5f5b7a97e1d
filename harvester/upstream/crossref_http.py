"""The HTTP layer under `habanero`: pacing, deadline, raw replies, rate-limit headers, our
errors.

habanero 2.9 calls the module-level `httpx2.get` (in `habanero.request` for `/works/{doi}`,
in `habanero.request_class` for list queries), raises a different error type on each
route, and drops the response headers. Its modules get, once, a router in place of
their `httpx2`: while a `CrossrefTransport` is `active()` in the calling thread, `get`
goes to it (paced, sent by httpx through `fetch_capped` within the request's deadline,
recorded, our errors) and hands habanero an `httpx2.Response` of the whole reply, so
habanero only builds URLs and decodes JSON; in any other context the router is plain
`httpx2`. No global lock: each thread routes to its own transport, so Crossref requests
may run concurrently. Redirects are not followed (httpx's default, as habanero's).
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

import habanero.request
import habanero.request_class
import httpx
import httpx2

from harvester.errors import NotFoundError, PermanentFetchError, TransientFetchError
from harvester.upstream.deadline import bounded_client
from harvester.upstream.pacing import Gate, Pacer
from harvester.upstream.retrying import RETRYABLE_STATUSES, retry_after_seconds
from harvester.upstream.transport import ReplyLog, check_status, fetch_capped

SERVICE = "crossref"
#: Single-work look-ups may go this much faster than list queries: the polite pool
#: allows 10 per second for singles and about 3 for list queries (filter, query).
SINGLE_SPEEDUP = 10 / 3
#: 1% on top of each interval, for connection set-up (see `Pacer`).
CUSHION = 0.01
#: The longest pause a Retry-After imposes on every worker (the retry policy's cap).
MAX_HOLD = 600.0
KEPT_HEADERS = ("x-api-pool", "x-rate-limit-limit", "x-rate-limit-interval", "x-concurrency-limit")
#: The habanero modules that call `httpx2.get`: singles and list queries respectively.
_HABANERO_MODULES = (habanero.request, habanero.request_class)
_ACTIVE: ContextVar[CrossrefTransport | None] = ContextVar("crossref_transport", default=None)


class _Httpx2Router:
    """habanero's `httpx2`: `get` goes to the transport active in this context, if any."""

    def get(self, url: str, **kwargs: Any) -> httpx2.Response:
        transport = _ACTIVE.get()
        return httpx2.get(url, **kwargs) if transport is None else transport.get(url, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(httpx2, name)  # exception classes and the like, as habanero expects


_ROUTER = _Httpx2Router()


class CrossrefTransport:
    """Paced, capped, recorded GETs for habanero while `active()`: starts spaced per kind,
    at most `concurrency` in flight (lowered when Crossref's headers or a 429 say so)."""

    def __init__(
        self, rate: float = 3.0, sleep: Callable[[float], None] = time.sleep, concurrency: int = 1
    ) -> None:
        """`rate`: list queries per second (Crossref's is about 3); `concurrency`: requests
        in flight (3 in the polite pool, 1 in the public one)."""
        self.sleep = sleep
        self.list_pacer = Pacer(1 / rate, sleep=sleep, cushion=CUSHION)
        self.single_pacer = Pacer(1 / (rate * SINGLE_SPEEDUP), sleep=sleep, cushion=CUSHION)
        #: all requests together: Crossref's x-rate-limit-limit counts both kinds
        self.any_pacer = Pacer(1 / (rate * SINGLE_SPEEDUP), sleep=sleep, cushion=CUSHION)
        self.pacers = (self.list_pacer, self.single_pacer, self.any_pacer)
        self.stopped = threading.Event()
        self.gate = Gate(concurrency)
        self.log = ReplyLog(SERVICE)
        self._http: httpx.Client | None = None
        self._http_lock = threading.Lock()
        for module in _HABANERO_MODULES:
            module.httpx2 = _ROUTER  # idempotent: the router serves every transport

    @contextlib.contextmanager
    def active(self) -> Iterator[None]:
        """Route habanero's requests from this thread through this transport."""
        token = _ACTIVE.set(self)
        try:
            yield
        finally:
            _ACTIVE.reset(token)

    def _client(self) -> httpx.Client:
        """One client for the run: connections and the TLS context are reused (habanero's
        module-level `get` builds both anew for every request)."""
        with self._http_lock:  # threads may ask at once: build one
            if self._http is None:
                self._http = bounded_client()
            return self._http

    def close(self) -> None:
        """Close the connections; no request is made after this."""
        self.stopped.set()
        with self._http_lock:
            if self._http is not None:
                self._http.close()
                self._http = None

    def get(
        self, url: str, *, timeout: float, params: Any = None, headers: Any = None
    ) -> httpx2.Response:
        """One paced GET, whole within `timeout` seconds (habanero passes the configured
        one); our errors for anything but a JSON `ok` envelope."""
        single = "/works/" in url
        pacer = self.single_pacer if single else self.list_pacer
        client = self._client()  # built before the clock starts: a TLS context takes ~20 ms
        with self.gate.slot():
            pacer.wait()
            self.any_pacer.wait()
            if self.stopped.is_set():  # checked after the waits: the harvest may have ended
                raise PermanentFetchError(SERVICE, url, "the harvest stopped")
            self.log.count()
            reply = fetch_capped(client, SERVICE, url, timeout, params, headers)
            response = httpx2.Response(
                reply.status,
                headers=reply.decoded_headers(),
                content=reply.body,
                request=httpx2.Request("GET", reply.url),
            )
            self._obey(response)  # before the slot is free, so no one starts against old news
        full_url = str(response.request.url)
        _check(full_url, response, single)
        headers = tuple((h, response.headers[h]) for h in KEPT_HEADERS if h in response.headers)
        self.log.record(full_url, response.status_code, response.text, headers)
        return response

    def _obey(self, response: httpx2.Response) -> None:
        """What the reply says of the allowance: in flight, rate, and a pause for all."""
        headers = response.headers
        if response.status_code == 429:  # over some limit: one request fewer in flight
            self.gate.lower()
        else:
            said = headers.get("x-concurrency-limit", "").strip()
            self.gate.learn(int(said) if said.isascii() and said.isdigit() else None)
        wait = retry_after_seconds(headers.get("retry-after"))
        if response.status_code in RETRYABLE_STATUSES and wait:
            for pacer in self.pacers:  # every worker waits, not only the one told
                pacer.hold(min(wait, MAX_HOLD))
        try:
            limit = float(headers.get("x-rate-limit-limit", ""))
            interval = float(headers.get("x-rate-limit-interval", "").rstrip("s"))
        except ValueError:
            return
        if limit > 0 and interval > 0:
            for pacer in self.pacers:
                pacer.slow_down(interval / limit)


def _check(url: str, response: httpx2.Response, single: bool) -> None:
    status = response.status_code
    if status == 404 and single:
        raise NotFoundError(SERVICE, url, "Resource not found.", 404)
    check_status(SERVICE, url, status, response.headers, response.text[:200])
    try:
        doc = json.loads(response.content)
    except ValueError:
        raise TransientFetchError(SERVICE, url, "unparsable reply (not JSON)", 200) from None
    if not isinstance(doc, dict) or doc.get("status") != "ok" or "message" not in doc:
        raise TransientFetchError(SERVICE, url, "reply is not a Crossref 'ok' envelope", 200)
    message = doc["message"]
    if doc.get("message-type") == "work-list" and not (
        isinstance(message, dict) and isinstance(message.get("items"), list)
    ):
        raise TransientFetchError(SERVICE, url, "work-list reply without a list of items", 200)
