"""A few daemon threads that run calls and hand back futures.

The harvest's requests run here while the calling thread stores what comes back (it is
the only one that touches the store). Daemon threads, so an interrupted harvest exits
at once: nothing they hold needs saving, since only the calling thread writes.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any


class Workers:
    """`size` threads named `name-N`, taking calls in the order they were submitted."""

    def __init__(self, size: int, name: str) -> None:
        self.size = size
        self._calls: queue.SimpleQueue[tuple[Future[Any], Callable[[], Any]] | None]
        self._calls = queue.SimpleQueue()
        self._threads = [
            threading.Thread(target=self._serve, name=f"{name}-{i}", daemon=True)
            for i in range(size)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, call: Callable[[], Any]) -> Future[Any]:
        """Run `call` on a worker; its result (or exception) arrives in the future."""
        future: Future[Any] = Future()
        self._calls.put((future, call))
        return future

    def close(self) -> None:
        """Cancel the calls not started yet; the threads end once the calls under way are
        done (a stopped service makes those fail at their next request)."""
        while True:
            try:
                item = self._calls.get_nowait()
            except queue.Empty:
                break
            if item is not None:
                item[0].cancel()
        for _ in self._threads:
            self._calls.put(None)

    def _serve(self) -> None:
        while (item := self._calls.get()) is not None:
            future, call = item
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(call())
            except BaseException as exc:  # handed to the caller, who re-raises it
                future.set_exception(exc)
