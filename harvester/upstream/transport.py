"""What every upstream transport shares: the size cap, status classification, reply records.

Each service's HTTP layer (`arxiv_http`, `crossref_http`) sits under its client library,
counts and paces its requests, and hands every good reply to `ReplyLog` so it can be
stored raw; failures become our error tree here, by one classification.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from harvester.errors import PermanentFetchError, TransientFetchError
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
    other non-200 raises PermanentFetchError naming the status and an excerpt."""
    if status in RETRYABLE_STATUSES:
        wait = retry_after_seconds(headers.get("retry-after"))
        raise TransientFetchError(service, url, f"HTTP {status}", status, wait)
    if status != 200:
        raise PermanentFetchError(service, url, f"HTTP {status}: {excerpt}", status)
