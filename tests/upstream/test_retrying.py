"""The one retry policy and the pacer, with time injected and the waits recorded."""

from __future__ import annotations

import pytest

from harvester.errors import PermanentFetchError, TransientFetchError
from harvester.upstream.retrying import (
    RetryLog,
    RetryPolicy,
    call_with_retries,
    retry_after_seconds,
)

POLICY = RetryPolicy(attempts=4, initial_wait=1.0, max_wait=8.0, jitter=0.0)


def _flaky(failures: list[Exception]) -> tuple[list[int], object]:
    calls: list[int] = []

    def func() -> str:
        calls.append(1)
        if failures:
            raise failures.pop(0)
        return "ok"

    return calls, func


def test_transient_failures_are_retried_with_growing_waits() -> None:
    """Two transient failures, then success: three calls, exponential waits recorded."""
    calls, func = _flaky(
        [
            TransientFetchError("arxiv", "u", "503", 503),
            TransientFetchError("arxiv", "u", "timeout"),
        ]
    )
    slept: list[float] = []
    log = RetryLog()
    assert call_with_retries(func, "arxiv", POLICY, log, sleep=slept.append) == "ok"  # type: ignore[arg-type]
    assert len(calls) == 3
    assert slept == [1.0, 2.0]
    assert log.retries == {"arxiv": 2}


def test_backoff_starts_at_the_initial_wait_and_stops_at_the_maximum() -> None:
    """Waits are initial_wait, doubled each retry, never above max_wait (no jitter here)."""
    policy = RetryPolicy(attempts=6, initial_wait=2.0, max_wait=10.0, jitter=0.0)
    _, func = _flaky([TransientFetchError("arxiv", "u", "503", 503) for _ in range(5)])
    slept: list[float] = []
    call_with_retries(func, "arxiv", policy, RetryLog(), sleep=slept.append)  # type: ignore[arg-type]
    assert slept == [2.0, 4.0, 8.0, 10.0, 10.0]


def test_retry_after_is_honoured() -> None:
    """A 429 asking for 30 s waits 30 s, not the 1 s backoff."""
    _, func = _flaky([TransientFetchError("crossref", "u", "429", 429, retry_after=30.0)])
    slept: list[float] = []
    call_with_retries(func, "crossref", POLICY, RetryLog(), sleep=slept.append)  # type: ignore[arg-type]
    assert slept == [30.0]


@pytest.mark.parametrize(("asked", "waited"), [(599.0, 599.0), (600.0, 600.0), (3600.0, 600.0)])
def test_retry_after_is_capped_at_ten_minutes(asked: float, waited: float) -> None:
    """A server asking for more than 600 s gets 600 s: a run never stalls on one reply;
    up to the cap its wish is kept."""
    _, func = _flaky([TransientFetchError("crossref", "u", "429", 429, retry_after=asked)])
    slept: list[float] = []
    call_with_retries(func, "crossref", POLICY, RetryLog(), sleep=slept.append)  # type: ignore[arg-type]
    assert slept == [waited]


def test_attempts_are_bounded_and_the_last_error_raised() -> None:
    """After `attempts` transient failures the last error is raised."""
    calls, func = _flaky([TransientFetchError("arxiv", "u", f"try {i}") for i in range(10)])
    with pytest.raises(TransientFetchError, match="try 3"):
        call_with_retries(func, "arxiv", POLICY, RetryLog(), sleep=lambda s: None)  # type: ignore[arg-type]
    assert len(calls) == 4


def test_permanent_failures_are_not_retried() -> None:
    """A permanent error is raised at once."""
    calls, func = _flaky([PermanentFetchError("crossref", "u", "HTTP 400", 400)])
    with pytest.raises(PermanentFetchError):
        call_with_retries(func, "crossref", POLICY, RetryLog(), sleep=lambda s: None)  # type: ignore[arg-type]
    assert len(calls) == 1


def test_retry_after_header_values() -> None:
    """Seconds are read; dates, junk and negatives give None."""
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds(" 2.5 ") == 2.5
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") is None
    assert retry_after_seconds("-1") is None
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("0") == 0.0  # "now" is a wish too, not junk
    assert retry_after_seconds("0.5") == 0.5
