"""Where a harvest stands, for a progress display: the list, the phase and its entries,
the requests made and retried per service, and the time the services' allowances need
for the requests still planned. Written by the harvest, read from another thread."""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass, field

from harvester.upstream.services import Services


@dataclass(frozen=True)
class Snapshot:
    """One reading of the monitor."""

    source: str | None
    phase: str | None
    done: int
    total: int
    requests: dict[str, int]
    retries: dict[str, int]
    eta_seconds: float | None


@dataclass
class Monitor:
    """The harvest's progress; `arxiv_delay` and `crossref_rate` are the allowances."""

    arxiv_delay: float = 3.0
    crossref_rate: float = 3.0
    _source: str | None = None
    _phase: str | None = None
    _done: int = 0
    _total: int = 0
    _planned: dict[str, int] = field(default_factory=dict)
    _services: Services | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def begin(self, source: str, services: Services) -> None:
        """A list's harvest starts, with these clients."""
        with self._lock:
            self._source, self._services, self._phase = source, services, None
            self._planned = dict(services.requests_made())

    def phase(self, name: str, entries: int, requests: dict[str, int]) -> None:
        """A fetch phase starts for `entries` entries, planning `requests` per service."""
        with self._lock:
            self._phase, self._done, self._total = name, 0, entries
            for service, n in requests.items():
                self._planned[service] = self._planned.get(service, 0) + n

    def advance(self, entries: int) -> None:
        """`entries` more entries of the current phase are served."""
        with self._lock:
            self._done = min(self._total, self._done + entries)

    def phase_done(self) -> None:
        """The current phase has served all its entries."""
        with self._lock:
            self._done = self._total

    def snapshot(self) -> Snapshot:
        """The current state; the ETA counts the planned requests not made yet."""
        with self._lock:
            services = self._services
            made = services.requests_made() if services else {}
            retries = dict(services.retry_log.retries) if services else {}
            left = {s: max(0, n - made.get(s, 0)) for s, n in self._planned.items()}
            eta = (
                left.get("arxiv", 0) * self.arxiv_delay
                + left.get("crossref", 0) / self.crossref_rate
                if services
                else None
            )
            return Snapshot(self._source, self._phase, self._done, self._total, made, retries, eta)


def batches(n: int, size: int) -> int:
    """Requests for `n` keys asked `size` per request."""
    return math.ceil(n / size) if n else 0


def describe(s: Snapshot) -> str:
    """One line a person can read, the figures first (a narrow terminal cuts the end):
    `phase done/total entries; requests ...; about ETA left (list)`."""
    name = re.split(r"[/:]", s.source or "")[-1] or "the list"
    if s.phase is None:
        return f"reading {name}"
    requests = ", ".join(
        f"{service} {s.requests.get(service, 0)} ({s.retries.get(service, 0)} retried)"
        for service in ("arxiv", "crossref")
    )
    eta = f"; about {_duration(s.eta_seconds)} left" if s.eta_seconds is not None else ""
    return f"{s.phase} {s.done}/{s.total} entries; requests {requests}{eta} ({name})"


def _duration(seconds: float | None) -> str:
    total = round(seconds or 0)
    minutes, secs = divmod(total, 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"
