"""Wall-clock helpers of the deadline tests: a call bounded by 3x the timeout, the server
behaviours that hold a client, and a listener that never accepts.

The bounds are wide (the deadline is 1 s, the bar 3 s) so a loaded machine does not fail
them; a lower bound shows a request was cut by the deadline and not by something that
failed sooner. Each held reply would take minutes at one byte a second.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from tests.fakes import faults
from tests.fakes.faults import Fault

T = TypeVar("T")
#: HARVESTER_TIMEOUT of these tests, in seconds.
TIMEOUT = 1.0
#: What the server does: one valid byte a second of the body, of everything from the
#: status line on, the headers and then nothing; None: it never accepts the connection.
MODES: dict[str, Callable[[], Fault] | None] = {
    "body trickled": lambda: faults.trickle(1.0),
    "head trickled": lambda: faults.trickle(1.0, headers=True),
    "headers then nothing": faults.stall,
    "never accepted": None,
}


def timed(call: Callable[[], T], limit: float = 3 * TIMEOUT) -> tuple[T, float]:
    """What `call` returns (or raises), and how long it took; fails at once when `call` is
    still running after `limit` seconds (a reply that is not cut would otherwise hold the
    test for minutes)."""
    done: dict[str, Any] = {}

    def run() -> None:
        try:
            done["result"] = call()
        except Exception as exc:
            done["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    started = time.monotonic()
    worker.start()
    worker.join(limit)
    took = time.monotonic() - started
    assert not worker.is_alive(), f"still running after {limit:g} s"
    if "error" in done:
        raise done["error"]
    return done["result"], took


def error_of(call: Callable[[], object]) -> Exception | None:
    """What `call` raised, if anything."""
    try:
        call()
    except Exception as exc:
        return exc
    return None


@contextlib.contextmanager
def unaccepting() -> Iterator[str]:
    """`http://127.0.0.1:PORT` of a listener whose backlog is full: a connect never
    completes (or, should the kernel complete it, no byte ever comes back)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    for _ in range(4):  # the first fill the queue, the others wait as ours will
        filler = socket.socket()
        filler.settimeout(0.05)
        with contextlib.suppress(OSError):
            filler.connect(("127.0.0.1", port))
        fillers.append(filler)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        for sock in (*fillers, listener):
            sock.close()
