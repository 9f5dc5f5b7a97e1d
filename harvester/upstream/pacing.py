"""Keep requests to one service within its allowance: starts spaced by an interval (across
batches, retries and threads), and no more requests in flight than the service allows."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator

#: The most a cushion adds to an interval, in seconds.
MAX_CUSHION = 0.25


class Pacer:
    """Spaces request *starts* at least `interval` seconds apart, plus a cushion of
    `cushion` times the interval (at most MAX_CUSHION).

    Counting from the start, not the end, keeps a reply's latency out of the interval;
    the cushion covers connection set-up, which the client counts and the server does
    not. Thread-safe: each caller reserves the next free start and sleeps until it.
    """

    def __init__(
        self,
        interval: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        cushion: float = 0.0,
    ) -> None:
        self.interval = interval
        self.cushion = cushion
        self._clock = clock
        self._sleep = sleep
        self._next_start: float | None = None
        self._lock = threading.Lock()

    def wait(self) -> float:
        """Reserve the next start, sleep until it; return the time slept."""
        with self._lock:
            now = self._clock()
            start = now if self._next_start is None else max(now, self._next_start)
            self._next_start = start + self.interval + self.extra()
        remaining = start - now
        if remaining > 0:
            self._sleep(remaining)
        return remaining

    def hold(self, seconds: float) -> None:
        """Start nothing for `seconds` from now (the server said to wait)."""
        with self._lock:
            until = self._clock() + seconds
            self._next_start = until if self._next_start is None else max(self._next_start, until)

    def extra(self) -> float:
        """What the cushion adds to each interval, in seconds."""
        return min(MAX_CUSHION, self.cushion * self.interval)

    def slow_down(self, interval: float) -> None:
        """Never go faster than `interval` from now on (a server asked for less)."""
        with self._lock:
            if interval > self.interval and self._next_start is not None:
                self._next_start += interval - self.interval
            self.interval = max(self.interval, interval)


class Gate:
    """At most `limit` requests in flight. Until the service has answered once (`learn`),
    one at a time; then the advertised limit, never above `ceiling`; after that the limit
    is only ever lowered (never below 1)."""

    def __init__(self, ceiling: int) -> None:
        self.ceiling = max(1, ceiling)
        self.limit = 1
        self.learned = False
        self.busy = 0
        self.peak = 0
        self._cond = threading.Condition()

    @contextlib.contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one of the slots while the block runs (waiting for one if all are taken)."""
        with self._cond:
            while self.busy >= self.limit:
                self._cond.wait()
            self.busy += 1
            self.peak = max(self.peak, self.busy)
        try:
            yield
        finally:
            with self._cond:
                self.busy -= 1
                self._cond.notify_all()

    def learn(self, advertised: int | None) -> None:
        """A reply came, advertising `advertised` in flight (None: it said nothing)."""
        with self._cond:
            if not self.learned:
                self.learned = True
                self.limit = min(self.ceiling, self.ceiling if advertised is None else advertised)
            elif advertised is not None:
                self.limit = min(self.limit, advertised)
            self.limit = max(1, self.limit)
            self._cond.notify_all()

    def lower(self) -> None:
        """One fewer in flight from now on (the service said too many; requests already
        sent finish). Counts as having heard from it: a first reply that is a 429 keeps
        one in flight."""
        with self._cond:
            self.learned = True
            self.limit = max(1, self.limit - 1)
