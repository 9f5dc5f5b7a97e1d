"""Where a harvest stands, for a progress display: the list, each phase and its entries,
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
    """One reading of the monitor: per phase (name, entries done, entries in it)."""

    source: str | None
    phases: tuple[tuple[str, int, int], ...]
    requests: dict[str, int]
    retries: dict[str, int]
    eta_seconds: float | None


@dataclass
class Monitor:
    """The harvest's progress; `arxiv_delay` and `crossref_rate` are the allowances.
    Phases run at the same time (arXiv and Crossref overlap), so the ETA is the longer
    of the two services' remaining work, not their sum."""

    arxiv_delay: float = 3.0
    crossref_rate: float = 3.0
    _source: str | None = None
    _phases: dict[str, list[int]] = field(default_factory=dict)  # name -> [done, total]
    _left: dict[str, int] = field(default_factory=dict)
    _services: Services | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def begin(self, source: str, services: Services) -> None:
        """A list's harvest starts, with these clients."""
        with self._lock:
            self._source, self._services = source, services
            self._phases, self._left = {}, {}

    def phase(self, name: str, entries: int) -> None:
        """A fetch phase starts with `entries` entries to serve."""
        with self._lock:
            self._phases[name] = [0, entries]

    def advance(self, name: str, entries: int) -> None:
        """`entries` more entries of phase `name` are served (never past its total)."""
        with self._lock:
            counts = self._phases.setdefault(name, [0, 0])
            counts[0] = min(counts[1], counts[0] + entries)

    def left(self, service: str, requests: int) -> None:
        """`requests` requests to `service` are still expected."""
        with self._lock:
            self._left[service] = max(0, requests)

    def snapshot(self) -> Snapshot:
        """The current state; the ETA is the time the allowances need for what is left."""
        with self._lock:
            services = self._services
            made = services.requests_made() if services else {}
            retries = dict(services.retry_log.retries) if services else {}
            eta = (
                max(
                    self._left.get("arxiv", 0) * self.arxiv_delay,
                    self._left.get("crossref", 0) / self.crossref_rate,
                )
                if services
                else None
            )
            phases = tuple((n, d, t) for n, (d, t) in self._phases.items())
            return Snapshot(self._source, phases, made, retries, eta)


def batches(n: int, size: int) -> int:
    """Requests for `n` keys asked `size` per request."""
    return math.ceil(n / size) if n else 0


def describe(s: Snapshot) -> str:
    """One line a person can read, the figures first (a narrow terminal cuts the end):
    `arXiv done/total, Crossref done/total entries; requests ...; about ETA left (list)`."""
    name = re.split(r"[/:]", s.source or "")[-1] or "the list"
    if not s.phases:
        return f"reading {name}"
    requests = ", ".join(
        f"{service} {s.requests.get(service, 0)} ({s.retries.get(service, 0)} retried)"
        for service in ("arxiv", "crossref")
    )
    eta = f"; about {_duration(s.eta_seconds)} left" if s.eta_seconds is not None else ""
    phases = ", ".join(f"{phase} {done}/{total}" for phase, done, total in s.phases)
    return f"{phases} entries; requests {requests}{eta} ({name})"


def _duration(seconds: float | None) -> str:
    total = round(seconds or 0)
    minutes, secs = divmod(total, 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"
