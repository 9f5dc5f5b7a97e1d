"""Stop signals (SIGINT, SIGTERM) as the `Interrupted` exception, raised in the main thread
where Python runs signal handlers, or held back while a run writes its closing row."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

from harvester.errors import Interrupted

#: SIGINT and SIGTERM, the signals that stop a command.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)

_holding = 0
_pending: Interrupted | None = None


def install() -> None:
    """Make SIGINT and SIGTERM raise Interrupted (in the main thread only: elsewhere
    Python cannot install handlers)."""
    if threading.current_thread() is threading.main_thread():
        for stop in STOP_SIGNALS:
            signal.signal(stop, on_signal)


def ignore() -> None:
    """No more stop signals: the command is leaving already."""
    if threading.current_thread() is threading.main_thread():
        for stop in STOP_SIGNALS:
            signal.signal(stop, signal.SIG_IGN)


def on_signal(signum: int, frame: FrameType | None) -> None:
    """Raise Interrupted (exit 128 + N), or note it while held."""
    global _pending
    stop = Interrupted(signal.Signals(signum).name, 128 + signum)
    if _holding:
        _pending = _pending or stop
        return
    raise stop


@contextlib.contextmanager
def held() -> Iterator[None]:
    """Stop signals that arrive inside wait until it is left, then raise (the handler
    always runs in the main thread, whichever thread the kernel gave the signal to)."""
    global _holding, _pending
    _holding += 1
    try:
        yield
    finally:
        _holding -= 1
        if not _holding and _pending is not None:
            stop, _pending = _pending, None
            raise stop
