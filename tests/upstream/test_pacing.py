"""The allowances: request starts spaced by the interval (not from the previous end), a
cushion on top, slow-downs, and a gate that never lets more requests fly than allowed."""

from __future__ import annotations

import itertools
import threading
import time

import pytest

from harvester.upstream.pacing import Gate, Pacer
from harvester.upstream.services import arxiv_pacer


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_starts_are_spaced_by_the_interval_whatever_the_reply_took() -> None:
    """A request that took 1 s leaves 2 s of a 3 s interval; one that took 5 s leaves none."""
    t = FakeTime()
    pacer = Pacer(3.0, clock=t.clock, sleep=t.sleep)
    assert pacer.wait() == 0.0  # the first goes at once
    t.now += 1.0  # its reply took 1 s
    assert pacer.wait() == 2.0  # starts at 103.0
    t.now += 5.0  # this one took 5 s: 108.0, past the next free start (106.0)
    assert pacer.wait() == 0.0
    assert t.slept == [2.0]


def test_just_inside_and_just_outside_the_interval() -> None:
    """A request 2.999 s after the previous start waits 0.001 s; at 3.001 s it goes."""
    t = FakeTime()
    pacer = Pacer(3.0, clock=t.clock, sleep=t.sleep)
    pacer.wait()
    t.now += 2.999
    assert round(pacer.wait(), 6) == 0.001
    t.now += 3.001
    assert pacer.wait() == 0.0


def test_the_cushion_is_added_to_every_interval() -> None:
    t = FakeTime()
    pacer = Pacer(3.0, clock=t.clock, sleep=t.sleep, cushion=0.05)
    pacer.wait()
    assert pacer.wait() == pytest.approx(3.15)
    assert pacer.wait() == pytest.approx(3.15)


def test_the_arxiv_cushion_is_five_percent_at_most_a_quarter_second() -> None:
    assert arxiv_pacer(3.0).extra() == pytest.approx(0.15)
    assert arxiv_pacer(0.3).extra() == pytest.approx(0.015)
    assert arxiv_pacer(5.0).extra() == 0.25  # the cap, exactly
    assert arxiv_pacer(6.0).extra() == 0.25
    assert arxiv_pacer(4.9).extra() == pytest.approx(0.245)  # just under the cap


def test_slow_down_moves_the_reserved_start_and_never_speeds_up() -> None:
    t = FakeTime()
    pacer = Pacer(1.0, clock=t.clock, sleep=t.sleep)
    pacer.wait()
    pacer.slow_down(2.5)
    assert pacer.wait() == 2.5  # the next start moved with the new interval
    pacer.slow_down(0.1)  # asking for less is ignored
    assert pacer.interval == 2.5
    assert pacer.wait() == 2.5


def test_concurrent_callers_each_get_their_own_start() -> None:
    """Four threads at once: starts 0, 0.05, 0.10, 0.15 s later (real clock)."""
    pacer = Pacer(0.05)
    starts: list[float] = []
    lock = threading.Lock()

    def go() -> None:
        pacer.wait()
        with lock:
            starts.append(time.monotonic())

    threads = [threading.Thread(target=go) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    starts.sort()
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert all(gap >= 0.045 for gap in gaps), gaps  # sleep granularity, never a burst


def test_the_gate_probes_with_one_then_opens_to_the_advertised_limit_and_only_lowers() -> None:
    gate = Gate(3)
    assert gate.limit == 1  # nothing heard yet: one at a time
    gate.learn(5)
    assert gate.limit == 3  # never above the ceiling
    gate.learn(None)
    assert gate.limit == 3  # a reply that says nothing changes nothing
    gate.learn(2)
    assert gate.limit == 2
    gate.learn(3)
    assert gate.limit == 2  # never raised again
    gate.lower()
    gate.lower()
    assert gate.limit == 1  # never below one
    quiet = Gate(3)
    quiet.learn(None)
    assert quiet.limit == 3  # a service that advertises nothing gets the ceiling
    low = Gate(3)
    low.learn(1)
    assert low.limit == 1
    zero = Gate(3)
    zero.learn(0)
    assert zero.limit == 1
    throttled = Gate(3)
    throttled.lower()  # a 429 first: counts as heard, and one fewer than one is one
    assert throttled.learned and throttled.limit == 1


def test_the_gate_holds_at_most_its_limit() -> None:
    gate = Gate(2)
    gate.learn(2)
    inside = threading.Semaphore(0)
    release = threading.Event()

    def hold() -> None:
        with gate.slot():
            inside.release()
            release.wait(5)

    threads = [threading.Thread(target=hold) for _ in range(3)]
    for thread in threads:
        thread.start()
    assert inside.acquire(timeout=5) and inside.acquire(timeout=5)
    assert not inside.acquire(timeout=0.2)  # the third waits
    assert gate.busy == 2
    release.set()
    assert inside.acquire(timeout=5)
    for thread in threads:
        thread.join()
    assert gate.peak == 2 and gate.busy == 0


def test_hold_pauses_every_start_until_the_wait_is_over() -> None:
    t = FakeTime()
    pacer = Pacer(1.0, clock=t.clock, sleep=t.sleep)
    pacer.hold(5.0)  # a Retry-After before anything was sent
    assert pacer.wait() == 5.0
    pacer.hold(0.5)  # shorter than the interval already reserved: no change
    assert pacer.wait() == 1.0


def test_lowering_the_limit_while_callers_wait_keeps_them_waiting() -> None:
    """Three in flight, a fourth waiting; the limit drops to 2: one leaving is not enough
    for the fourth to enter, a second one leaving is."""
    gate = Gate(3)
    gate.learn(3)
    inside = threading.Semaphore(0)
    leave = [threading.Event() for _ in range(4)]

    def hold(i: int) -> None:
        with gate.slot():
            inside.release()
            leave[i].wait(5)

    threads = [threading.Thread(target=hold, args=(i,)) for i in range(4)]
    for thread in threads[:3]:
        thread.start()
    assert all(inside.acquire(timeout=5) for _ in range(3))
    threads[3].start()
    assert not inside.acquire(timeout=0.2)
    gate.lower()
    leave[0].set()
    assert not inside.acquire(timeout=0.3)  # 2 in flight, limit 2: still waits
    leave[1].set()
    assert inside.acquire(timeout=5)  # 1 in flight: it enters
    leave[2].set()
    leave[3].set()
    for thread in threads:
        thread.join()
    assert gate.peak == 3
