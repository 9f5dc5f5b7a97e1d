"""Keep a minimum interval between requests to one service, across batches and retries."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class Pacer:
    """Blocks until `interval` seconds have passed since the previous request ended."""

    def __init__(
        self,
        interval: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = interval
        self._clock = clock
        self._sleep = sleep
        self._last_end: float | None = None
        self._lock = threading.Lock()

    def wait(self) -> float:
        """Sleep as long as needed before the next request; return the time slept."""
        with self._lock:
            if self._last_end is None:
                return 0.0
            remaining = self._last_end + self.interval - self._clock()
            if remaining > 0:
                self._sleep(remaining)
                return remaining
            return 0.0

    def done(self) -> None:
        """Mark the end of a request (successful or not)."""
        with self._lock:
            self._last_end = self._clock()

    def slow_down(self, interval: float) -> None:
        """Never go faster than `interval` from now on (a server asked for less)."""
        with self._lock:
            self.interval = max(self.interval, interval)
