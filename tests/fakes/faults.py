"""Faults a fake server can inject, one per request, from its fault script.

Build them with the factory functions here and hand them to
`FakeServer.script(...)` (consumed once each) or `FakeServer.fail_forever(...)`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from tests.fakes.wire import Request

Predicate = Callable[["Request"], bool]

# Kinds the base server renders itself; "slow", "truncated", "trickle", "stall" and
# "gzip" wrap the normal reply; any other kind (e.g. "empty_page") is passed to the fake's handler.
DIRECT_KINDS = frozenset({"status", "html", "rate_exceeded", "drop"})


@dataclass(frozen=True)
class Fault:
    """One injected misbehaviour; `kind` says which, the rest parameterises it."""

    kind: str
    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0
    api_headers: bool = True
    options: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    def describe(self) -> str:
        """Short label for the request log."""
        return f"{self.kind}:{self.status}" if self.kind in {"status", "html"} else self.kind


def http_status(
    status: int,
    body: bytes | str | None = None,
    *,
    retry_after: int | str | None = None,
    content_type: str = "text/plain",
    headers: dict[str, str] | None = None,
) -> Fault:
    """A plain error reply, e.g. 429 with or without `Retry-After`, 500, 502, 503, 504."""
    text = HTTPStatus(status).phrase if body is None else body
    data = text.encode() if isinstance(text, str) else text
    extra = {"Content-Type": content_type, **(headers or {})}
    if retry_after is not None:
        extra["Retry-After"] = str(retry_after)
    return Fault("status", status=status, body=data, headers=tuple(extra.items()))


def slow(seconds: float) -> Fault:
    """Sleep `seconds` before answering normally (to trip a client timeout)."""
    return Fault("slow", delay=seconds)


def trickle(interval: float = 1.0, *, headers: bool = False) -> Fault:
    """The normal reply, whole and valid, sent one byte every `interval` seconds (a slow
    link, or a server that means to hold the client): the body only, its status line and
    headers sent at once, or with `headers` everything from the status line on."""
    return Fault("trickle", delay=interval, options={"from": "status" if headers else "body"})


def gzipped() -> Fault:
    """The normal reply gzip-compressed, with `Content-Encoding: gzip` (as Crossref sends
    it to a client that accepts gzip, which httpx and requests do by default)."""
    return Fault("gzip")


def stall() -> Fault:
    """The normal reply's status line and headers at once, then nothing (the body never
    comes) until the client gives up or the server stops."""
    return Fault("stall")


def truncated() -> Fault:
    """Normal status and headers, but Content-Length promises more than is sent; then close."""
    return Fault("truncated")


def html_error(status: int = 503) -> Fault:
    """An HTML error page as a proxy or load balancer would send it (status 200 or 5xx)."""
    phrase = HTTPStatus(status).phrase
    page = (
        f"<!DOCTYPE html>\n<html><head><title>{status} {phrase}</title></head>\n"
        f"<body><h1>{phrase}</h1><p>The server is temporarily unable to service "
        "your request. Please try again later.</p></body></html>\n"
    )
    return Fault(
        "html",
        status=status,
        body=page.encode(),
        headers=(("Content-Type", "text/html; charset=utf-8"),),
        api_headers=False,
    )


def rate_exceeded() -> Fault:
    """HTTP 200 whose body is the plain text `Rate exceeded.` (arXiv throttling)."""
    return Fault(
        "rate_exceeded",
        status=200,
        body=b"Rate exceeded.",
        headers=(("Content-Type", "text/plain"),),
        api_headers=False,
    )


def drop() -> Fault:
    """Close the connection without sending any reply."""
    return Fault("drop")


def empty_page(total: Literal["zero", "real"] = "zero") -> Fault:
    """arXiv only: HTTP 200, a valid feed with no entries; totalResults 0 or the real count."""
    return Fault("empty_page", options={"total": total})
