"""A stop signal that arrives while a run writes its closing row waits for it, whichever
thread the kernel hands it to; elsewhere it raises Interrupted at once."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator

import pytest

from harvester.errors import Interrupted
from harvester.pipeline import stopping


@pytest.fixture
def installed() -> Iterator[None]:
    before = {s: signal.getsignal(s) for s in stopping.STOP_SIGNALS}
    stopping.install()
    yield
    for s, handler in before.items():
        signal.signal(s, handler)


def _signal_from_another_thread(signum: int) -> None:
    """Send `signum` to the process while another thread is alive (the kernel may hand a
    process-directed signal to any thread that does not block it)."""
    sender = threading.Thread(target=os.kill, args=(os.getpid(), signum))
    sender.start()
    sender.join()
    time.sleep(0.05)  # the handler runs in the main thread at its next bytecode


@pytest.mark.usefixtures("installed")
def test_a_signal_while_held_waits_until_the_block_is_left() -> None:
    written = []
    with pytest.raises(Interrupted) as stopped, stopping.held():
        _signal_from_another_thread(signal.SIGTERM)
        written.append("the run's row")  # still reached
    assert written == ["the run's row"]
    assert (stopped.value.signal_name, stopped.value.exit_code) == ("SIGTERM", 143)


@pytest.mark.usefixtures("installed")
def test_outside_a_hold_a_signal_raises_at_once_and_nested_holds_wait_for_the_outer() -> None:
    with pytest.raises(Interrupted, match="SIGINT"):
        _signal_from_another_thread(signal.SIGINT)
    order = []
    with pytest.raises(Interrupted), stopping.held():
        with stopping.held():
            _signal_from_another_thread(signal.SIGINT)
        order.append("after the inner hold")
    assert order == ["after the inner hold"]
    with stopping.held():  # nothing pending is left behind
        pass
