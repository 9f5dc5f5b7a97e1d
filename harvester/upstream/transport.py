"""What every upstream transport shares: one GET within the deadline and the size cap,
status classification, reply records.

Each service's HTTP layer (`arxiv_http`, `crossref_http`) sits under its client library,
counts and paces its requests, sends each through `fetch_capped` (httpx, bounded by the
request's deadline) and hands every good reply to `ReplyLog` so it can be stored raw;
failures become our error tree here, by one classification.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from harvester.errors import PermanentFetchError, TransientFetchError
from harvester.upstream.deadline import within
from harvester.upstream.retrying import RETRYABLE_STATUSES, retry_after_seconds
from harvester.values.evidence import RawReply

#: A reply larger than this is refused (100 arXiv entries are about 300 KB of Atom).
MAX_REPLY_BYTES = 20 * 1024 * 1024


class ReplyLog:
    """The requests a transport made and the good replies it kept, for one service.

    Replies are kept per thread: requests may run concurrently, and each caller takes
    the replies of its own requests."""

    def __init__(self, service: str) -> None:
        self.service = service
        self.requests_made = 0
        self._replies: dict[int, list[RawReply]] = {}
        self._lock = threading.Lock()

    def count(self) -> None:
        """One more request made."""
        with self._lock:
            self.requests_made += 1

    def record(
        self, url: str, status: int, body: str, headers: tuple[tuple[str, str], ...] = ()
    ) -> None:
        """Keep one good reply, stamped now, for the calling thread."""
        fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
        reply = RawReply(self.service, url, status, fetched_at, body, headers)
        with self._lock:
            self._replies.setdefault(threading.get_ident(), []).append(reply)

    def take_replies(self) -> list[RawReply]:
        """The good replies the calling thread recorded since its last call."""
        with self._lock:
            return self._replies.pop(threading.get_ident(), [])


@dataclass(frozen=True)
class Reply:
    """A whole reply: the URL asked (query included), status, headers, the decoded body."""

    url: str
    status: int
    reason: str
    headers: httpx.Headers
    body: bytes

    def decoded_headers(self) -> list[tuple[str, str]]:
        """The headers that still describe `body`: without Content-Encoding and
        Content-Length, since httpx has decoded it (a gzip reply's body is no longer gzip)."""
        dropped = {"content-encoding", "content-length"}
        return [(k, v) for k, v in self.headers.multi_items() if k.lower() not in dropped]


def timed_out(seconds: float) -> str:
    """The reason of a request that did not end within its deadline."""
    return f"timed out after {seconds:g} s"


def fetch_capped(
    client: httpx.Client,
    service: str,
    url: str,
    seconds: float,
    params: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Reply:
    """One GET, connect to last byte within `seconds`, its body within MAX_REPLY_BYTES;
    TransientFetchError when the deadline passes or the connection fails."""
    request = client.build_request("GET", url, params=params, headers=headers, timeout=seconds)
    asked = str(request.url)
    try:
        with within(seconds):
            streamed = client.send(request, stream=True)
            try:
                body = read_capped(service, asked, streamed.iter_bytes())
            finally:
                streamed.close()
    except httpx.TimeoutException:
        raise TransientFetchError(service, asked, timed_out(seconds)) from None
    except httpx.HTTPError as exc:
        raise TransientFetchError(service, asked, f"connection failed: {exc}") from None
    return Reply(asked, streamed.status_code, streamed.reason_phrase, streamed.headers, body)


def read_capped(service: str, url: str, chunks: Iterable[bytes]) -> bytes:
    """The whole body, refusing (without holding it) one larger than MAX_REPLY_BYTES."""
    parts, size = [], 0
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_REPLY_BYTES:
            raise PermanentFetchError(service, url, f"reply larger than {MAX_REPLY_BYTES} bytes")
        parts.append(chunk)
    return b"".join(parts)


def check_status(
    service: str, url: str, status: int, headers: Mapping[str, str], excerpt: str
) -> None:
    """Retryable statuses raise TransientFetchError (with the server's Retry-After), any
    other non-200 raises PermanentFetchError naming the status and an excerpt, or for a
    redirect its Location: the services are asked at their configured endpoints only."""
    if status in RETRYABLE_STATUSES:
        wait = retry_after_seconds(headers.get("retry-after"))
        raise TransientFetchError(service, url, f"HTTP {status}", status, wait)
    if 300 <= status < 400 and headers.get("location"):
        where = headers["location"]
        raise PermanentFetchError(
            service,
            url,
            f"HTTP {status}: moved to {where} (not followed: set the endpoint to it)",
            status,
        )
    if status != 200:
        raise PermanentFetchError(service, url, f"HTTP {status}: {excerpt}", status)
