"""The one retry owner: which failures are retried, how long to wait, how often to try.

Retryable, and nothing else: `TransientFetchError`, which the adapters raise for
timeouts, connection errors, HTTP 429, 502, 503 and 504, arXiv's `Rate exceeded.`
body, and a truncated or unparsable body. Waits grow exponentially with jitter and are
never shorter than the server's `Retry-After`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt
from tenacity.wait import wait_exponential_jitter

from harvester.errors import TransientFetchError

T = TypeVar("T")
logger = logging.getLogger("harvester")

#: HTTP statuses worth another try; everything else is final.
RETRYABLE_STATUSES = frozenset({429, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently to retry."""

    attempts: int = 5
    initial_wait: float = 2.0
    max_wait: float = 120.0
    jitter: float = 1.0
    max_retry_after: float = 600.0


@dataclass
class RetryLog:
    """What the retries of a run cost: a count per service and every wait."""

    retries: dict[str, int] = field(default_factory=dict)
    waits: list[float] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, service: str, wait: float) -> None:
        """One more retry of `service`, after `wait` seconds (callers may be concurrent)."""
        with self._lock:
            self.retries[service] = self.retries.get(service, 0) + 1
            self.waits.append(wait)


def call_with_retries(
    func: Callable[[], T],
    service: str,
    policy: RetryPolicy,
    log: RetryLog,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Call `func`, retrying transient failures per `policy`; the last failure is re-raised."""
    backoff = wait_exponential_jitter(
        multiplier=policy.initial_wait, max=policy.max_wait, jitter=policy.jitter
    )

    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = getattr(exc, "retry_after", None) or 0.0
        return max(backoff(state), min(asked, policy.max_retry_after))

    def before_sleep(state: RetryCallState) -> None:
        log.add(service, state.upcoming_sleep)
        exc = state.outcome.exception() if state.outcome else None
        reason = getattr(exc, "reason", None) or str(exc)
        logger.info(
            "%s: try %d of %d failed (%s); next in %.1f s",
            service, state.attempt_number, policy.attempts, reason[:160], state.upcoming_sleep,
        )  # fmt: skip

    retrying = Retrying(
        retry=retry_if_exception_type(TransientFetchError),
        stop=stop_after_attempt(policy.attempts),
        wait=wait,
        sleep=sleep,
        before_sleep=before_sleep,
        reraise=True,
    )
    return retrying(func)


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds from a `Retry-After` header given in seconds; None when absent or a date."""
    if not value:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return seconds if seconds >= 0 else None
