"""A deadline per request: connect, TLS, the request and the whole reply within one budget.

httpx bounds each network operation (a connect, each read, each write), not the request:
a server that trickles a byte a second, headers or body, holds it open for as long as it
likes (encode/httpx#1450). Every connection our clients make goes through
`DeadlineBackend`, which gives each socket operation at most the time left before the
deadline of the request running in the calling thread (`within(seconds)`), so the whole
request ends by then; past it, the operation fails as httpx's own timeouts do (an
`httpx.TimeoutException`). The backend also resolves host names itself, so that each
address tried gets only the time left, and connects only to the addresses a caller vetted
(`pinned`), so what was checked is what is reached.
"""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import httpcore
import httpx

#: A host name and port to the addresses it resolves to, in the resolver's order.
Resolver = Callable[[str, int], Sequence[str]]


@dataclass(frozen=True)
class Deadline:
    """The moment, on `clock`, by which the running request must be done."""

    at: float
    clock: Callable[[], float] = time.monotonic

    def budget(self, timeout: float | None) -> float | None:
        """What a socket operation may take: `timeout`, cut to the time left; None when
        no time is left."""
        return operation_budget(timeout, self.at - self.clock())


def operation_budget(timeout: float | None, left: float) -> float | None:
    """The smaller of an operation's own `timeout` (None: unbounded) and the `left`
    seconds before the deadline; None when nothing is left (the deadline has passed)."""
    if left <= 0:
        return None
    return left if timeout is None else min(timeout, left)


_DEADLINE: ContextVar[Deadline | None] = ContextVar("request_deadline", default=None)
_PINNED: ContextVar[Mapping[str, Sequence[str]] | None] = ContextVar("pinned", default=None)


@contextlib.contextmanager
def within(seconds: float, clock: Callable[[], float] = time.monotonic) -> Iterator[None]:
    """Every network operation of this thread inside the block ends `seconds` from now."""
    token = _DEADLINE.set(Deadline(clock() + seconds, clock))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


@contextlib.contextmanager
def pinned(host: str, addresses: Sequence[str]) -> Iterator[None]:
    """Inside the block, connections to `host` go only to `addresses` (already vetted)."""
    token = _PINNED.set({**(_PINNED.get() or {}), host.lower(): tuple(addresses)})
    try:
        yield
    finally:
        _PINNED.reset(token)


def resolve(host: str, port: int) -> list[str]:
    """The addresses of `host` (an IP literal is its own), each once, in the system's order;
    `OSError` (`socket.gaierror`) when it has none."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _budget(timeout: float | None, expired: type[Exception]) -> float | None:
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    budget = deadline.budget(timeout)
    if budget is None:
        raise expired("the request's deadline passed")
    return budget


class _Stream(httpcore.NetworkStream):
    """A connection whose every read, write and TLS handshake ends by the deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _budget(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _budget(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        budget = _budget(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, budget))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's sync backend, each operation bounded by the calling request's deadline;
    a host is resolved here and its addresses tried in turn, each with the time left."""

    def __init__(self, inner: httpcore.NetworkBackend | None = None) -> None:
        self._inner = inner or httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = (_PINNED.get() or {}).get(host.lower())
        if addresses is None:
            try:
                addresses = resolve(host, port)
            except OSError as exc:
                raise httpcore.ConnectError(str(exc)) from exc
        failure: Exception = httpcore.ConnectError(f"{host} has no address")
        for address in addresses:
            budget = _budget(timeout, httpcore.ConnectTimeout)
            try:
                stream = self._inner.connect_tcp(
                    address, port, budget, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
                continue
            return _Stream(stream)
        raise failure

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        budget = _budget(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.connect_unix_socket(path, budget, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


_BACKEND = DeadlineBackend()


def bounded_client(**options: Any) -> httpx.Client:
    """An `httpx.Client` (options as httpx's) whose every connection, direct or through
    the environment's proxy, goes through `DeadlineBackend`.

    httpx 0.28 takes no network backend (encode/httpx#3749 would add one), so it is set on
    each transport's connection pool, which reads it whenever it opens a connection."""
    client = httpx.Client(**options)
    for transport in (client._transport, *client._mounts.values()):
        if transport is None:  # a NO_PROXY host: served by client._transport
            continue
        pool = getattr(transport, "_pool", None)
        if not hasattr(pool, "_network_backend"):
            raise RuntimeError(f"cannot bound {transport!r}: httpx changed")  # pinned <0.29
        pool._network_backend = _BACKEND  # type: ignore[union-attr]
    return client
