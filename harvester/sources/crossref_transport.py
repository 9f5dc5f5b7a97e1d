"""The HTTP layer under `habanero`: pacing, raw replies, rate-limit headers, our errors.

habanero 2.9 calls the module-level `httpx2.get` (in `habanero.request` for `/works/{doi}`,
in `habanero.request_class` for list queries) and raises a different error type on
each route (a bare `RuntimeError` on query routes, raw `httpx2` errors on
`/works/{doi}`), and drops the response headers. While `installed()` is active, its
module sees a stand-in whose `get` paces the request, keeps the raw reply with its
rate-limit headers, and raises our own errors, so habanero only builds URLs and
decodes JSON.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import habanero.request
import habanero.request_class
import httpx2

from harvester.errors import NotFoundError, PermanentFetchError, TransientFetchError
from harvester.evidence import RawReply
from harvester.sources.pacing import Pacer
from harvester.sources.retrying import RETRYABLE_STATUSES, retry_after_seconds

SERVICE = "crossref"
#: Single-work look-ups may go this much faster than list queries: the polite pool
#: allows 10 per second for singles and about 3 for list queries (filter, query).
SINGLE_SPEEDUP = 10 / 3
KEPT_HEADERS = ("x-api-pool", "x-rate-limit-limit", "x-rate-limit-interval", "x-concurrency-limit")
MAX_REPLY_BYTES = 20 * 1024 * 1024
_INSTALL_LOCK = threading.Lock()
#: The habanero modules that call `httpx2.get`: singles and list queries respectively.
_HABANERO_MODULES = (habanero.request, habanero.request_class)


class CrossrefTransport:
    """Stands in for the `httpx2` module inside habanero while installed."""

    def __init__(self, rate: float = 3.0, sleep: Callable[[float], None] = time.sleep) -> None:
        """`rate`: list queries per second (Crossref's is about 3)."""
        self.sleep = sleep
        self.list_pacer = Pacer(1 / rate, sleep=sleep)
        self.single_pacer = Pacer(1 / (rate * SINGLE_SPEEDUP), sleep=sleep)
        self.requests_made = 0
        self.replies: list[RawReply] = []
        self._http: httpx2.Client | None = None

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        """Route habanero's requests through this transport for the duration."""
        with _INSTALL_LOCK:
            for module in _HABANERO_MODULES:
                module.httpx2 = self
            try:
                yield
            finally:
                for module in _HABANERO_MODULES:
                    module.httpx2 = httpx2

    def __getattr__(self, name: str) -> Any:
        return getattr(httpx2, name)  # exception classes and the like, as habanero expects

    def _client(self) -> httpx2.Client:
        """One client for the run: connections and the TLS context are reused (habanero's
        module-level `get` builds both anew for every request)."""
        if self._http is None:
            self._http = httpx2.Client()
        return self._http

    def _get_capped(self, url: str, **kwargs: Any) -> httpx2.Response:
        """GET, reading the body in chunks and refusing one larger than MAX_REPLY_BYTES."""
        with self._client().stream("GET", url, **kwargs) as streamed:
            chunks, size = [], 0
            for chunk in streamed.iter_bytes():
                size += len(chunk)
                if size > MAX_REPLY_BYTES:
                    raise PermanentFetchError(
                        SERVICE, url, f"reply larger than {MAX_REPLY_BYTES} bytes"
                    )
                chunks.append(chunk)
        return httpx2.Response(
            streamed.status_code,
            headers=streamed.headers,
            content=b"".join(chunks),
            request=streamed.request,
        )

    def close(self) -> None:
        """Close the connections."""
        if self._http is not None:
            self._http.close()
            self._http = None

    def take_replies(self) -> list[RawReply]:
        """The good replies recorded since the last call."""
        taken, self.replies = self.replies, []
        return taken

    def get(self, url: str, **kwargs: Any) -> httpx2.Response:
        """One paced GET; our errors for anything but a JSON `ok` envelope."""
        single = "/works/" in url
        pacer = self.single_pacer if single else self.list_pacer
        pacer.wait()
        self.requests_made += 1
        try:
            response = self._get_capped(url, **kwargs)
        except httpx2.TimeoutException:
            raise TransientFetchError(SERVICE, url, "no reply in time") from None
        except httpx2.HTTPError as exc:
            raise TransientFetchError(SERVICE, url, f"connection failed: {exc}") from None
        finally:
            pacer.done()
        full_url = str(response.request.url)
        self._obey_rate_headers(response.headers)
        _check(full_url, response, single)
        headers = tuple((h, response.headers[h]) for h in KEPT_HEADERS if h in response.headers)
        fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
        reply = RawReply(
            SERVICE, full_url, response.status_code, fetched_at, response.text, headers
        )
        self.replies.append(reply)
        return response

    def _obey_rate_headers(self, headers: httpx2.Headers) -> None:
        try:
            limit = float(headers.get("x-rate-limit-limit", ""))
            interval = float(headers.get("x-rate-limit-interval", "").rstrip("s"))
        except ValueError:
            return
        if limit > 0 and interval > 0:
            self.single_pacer.slow_down(interval / limit)
            self.list_pacer.slow_down(interval / limit)


def _check(url: str, response: httpx2.Response, single: bool) -> None:
    status = response.status_code
    if status in RETRYABLE_STATUSES:
        wait = retry_after_seconds(response.headers.get("retry-after"))
        raise TransientFetchError(SERVICE, url, f"HTTP {status}", status, wait)
    if status == 404 and single:
        raise NotFoundError(SERVICE, url, "Resource not found.", 404)
    if status != 200:
        raise PermanentFetchError(SERVICE, url, f"HTTP {status}: {response.text[:200]}", status)
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
