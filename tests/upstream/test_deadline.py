"""The deadline backend, on a clock we move: every socket operation gets at most the time
left, none starts once it is gone, each address of a host gets what remains, and a
pinned host is reached only at its vetted addresses."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import httpcore
import httpx
import pytest

from harvester.upstream import deadline
from harvester.upstream.deadline import (
    DeadlineBackend,
    bounded_client,
    operation_budget,
    pinned,
    within,
)


class Clock:
    """A monotonic clock that moves only when told."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class StubStream(httpcore.NetworkStream):
    """Records the timeout each operation was given."""

    def __init__(self, log: list[tuple[str, float | None]]) -> None:
        self.log = log

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        self.log.append(("read", timeout))
        return b"x"

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.log.append(("write", timeout))

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        self.log.append(("start_tls", timeout))
        return self


class StubBackend(httpcore.NetworkBackend):
    """Connects to any address but those in `refusing`; each try takes `cost` seconds."""

    def __init__(
        self, clock: Clock, refusing: frozenset[str] = frozenset(), cost: float = 0.0
    ) -> None:
        self.clock, self.refusing, self.cost = clock, refusing, cost
        self.log: list[tuple[str, float | None]] = []

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        self.log.append((f"connect {host}", timeout))
        self.clock.now += self.cost
        if host in self.refusing:
            raise httpcore.ConnectError("refused")
        return StubStream(self.log)


@pytest.fixture
def clock() -> Iterator[Clock]:
    yield Clock()


@pytest.mark.parametrize(
    ("timeout", "left", "budget"),
    [(30.0, 2.0, 2.0), (0.5, 2.0, 0.5), (None, 2.0, 2.0), (30.0, 0.001, 0.001),
     (30.0, 0.0, None), (30.0, -1.0, None)],
)  # fmt: skip
def test_an_operation_gets_its_timeout_cut_to_the_time_left(
    timeout: float | None, left: float, budget: float | None
) -> None:
    """The budget is the smaller of the two; nothing once the deadline is reached."""
    assert operation_budget(timeout, left) == budget


def test_every_operation_gets_at_most_the_time_left(clock: Clock) -> None:
    """Connect, TLS, writes and reads each get what is left of the request's 2 s."""
    inner = StubBackend(clock)
    with within(2.0, clock=clock), pinned("example.org", ["192.0.2.1"]):
        stream = DeadlineBackend(inner).connect_tcp("example.org", 443, timeout=30.0)
        clock.now += 0.5
        stream = stream.start_tls(None, "example.org", timeout=30.0)
        clock.now += 0.5
        stream.write(b"GET / HTTP/1.1\r\n\r\n", timeout=30.0)
        clock.now += 0.75
        stream.read(65536, timeout=30.0)
    assert inner.log == [
        ("connect 192.0.2.1", 2.0), ("start_tls", 1.5), ("write", 1.0), ("read", 0.25),
    ]  # fmt: skip


def test_a_read_just_inside_the_deadline_runs_and_one_at_it_fails(clock: Clock) -> None:
    """At 1 ms before the deadline a read gets that millisecond; at the deadline it fails
    as a read timeout, and the socket is not asked."""
    inner = StubBackend(clock)
    with within(2.0, clock=clock), pinned("h", ["192.0.2.1"]):
        stream = DeadlineBackend(inner).connect_tcp("h", 80, timeout=30.0)
        clock.now += 1.999
        assert stream.read(1, timeout=30.0) == b"x"
        clock.now += 0.001
        with pytest.raises(httpcore.ReadTimeout):
            stream.read(1, timeout=30.0)
    assert inner.log[1:] == [("read", pytest.approx(0.001))]


def test_without_a_deadline_the_timeouts_pass_unchanged(clock: Clock) -> None:
    """Outside `within`, the backend is httpcore's (each operation its own timeout)."""
    inner = StubBackend(clock)
    with pinned("h", ["192.0.2.1"]):
        DeadlineBackend(inner).connect_tcp("h", 80, timeout=30.0).read(1, timeout=30.0)
    assert inner.log == [("connect 192.0.2.1", 30.0), ("read", 30.0)]


def test_each_address_gets_what_is_left_and_none_after_the_deadline(clock: Clock) -> None:
    """A host's addresses are tried in turn, each with the time left: one that fails after
    1 s leaves 1 s to the next; none is tried once the deadline is reached (a timeout)."""
    inner = StubBackend(clock, refusing=frozenset({"192.0.2.1", "192.0.2.2"}), cost=1.0)
    addresses = ["192.0.2.1", "192.0.2.2", "192.0.2.3"]
    with within(2.0, clock=clock), pinned("h", addresses), pytest.raises(httpcore.ConnectTimeout):
        DeadlineBackend(inner).connect_tcp("h", 80, timeout=30.0)
    assert inner.log == [("connect 192.0.2.1", 2.0), ("connect 192.0.2.2", 1.0)]


def test_a_host_is_resolved_by_the_backend_unless_pinned(
    clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unpinned host is resolved here (its addresses tried in turn); a pinned one is
    reached only at the addresses pinned; a host that resolves to nothing is a
    connection error."""
    monkeypatch.setattr(deadline, "resolve", lambda host, port: ["198.51.100.7", "::1"])
    inner = StubBackend(clock, refusing=frozenset({"198.51.100.7"}))
    DeadlineBackend(inner).connect_tcp("Example.org", 80)
    with pinned("EXAMPLE.org", ["203.0.113.9"]):
        DeadlineBackend(inner).connect_tcp("example.ORG", 80)
    assert [what for what, _ in inner.log] == [
        "connect 198.51.100.7", "connect ::1", "connect 203.0.113.9",
    ]  # fmt: skip

    def no_address(host: str, port: int) -> list[str]:
        raise OSError("[Errno -2] Name or service not known")

    monkeypatch.setattr(deadline, "resolve", no_address)
    with pytest.raises(httpcore.ConnectError, match="Name or service not known"):
        DeadlineBackend(inner).connect_tcp("nowhere.invalid", 80)


def test_every_transport_of_a_client_gets_the_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    """Direct and through the environment's proxy, a bounded client's pools open their
    connections through the deadline backend."""
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    with bounded_client() as client:
        transports = [client._transport, *(t for t in client._mounts.values() if t)]
        assert len(transports) == 2
        for transport in transports:
            assert isinstance(transport, httpx.HTTPTransport)
            assert isinstance(transport._pool._network_backend, DeadlineBackend)
