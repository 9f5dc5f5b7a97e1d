"""What a harvest and a run did, as records: the summaries every output format renders."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from harvester.values.decisions import DecisionChange


@dataclass(frozen=True)
class HarvestSummary:
    """What one harvest of one list did."""

    source: str
    entries: int
    due: int
    new: int
    refreshed: list[str]
    gone: int
    resolved: int
    conflicts: int
    requests: dict[str, int]
    retries: dict[str, int]
    failures: int
    failed: dict[str, str] = field(default_factory=dict)
    rules: dict[str, int] = field(default_factory=dict)
    changes: list[DecisionChange] = field(default_factory=list)
    list_rule: str = "journal-first"


@dataclass(frozen=True)
class RunEvent:
    """A changed decision of a run, in words."""

    list_source: str
    entry_key: str
    kind: str
    message: str


@dataclass
class RunReport:
    """What one run did, list by list, and the changed decisions; no `run_id` when no list
    could be read (nothing was stored)."""

    run_id: int | None
    summaries: list[HarvestSummary] = field(default_factory=list)
    unreadable: dict[str, str] = field(default_factory=dict)
    events: list[RunEvent] = field(default_factory=list)
    findings: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # when asked

    @property
    def failures(self) -> int:
        """Entries whose fetch failed after retries, over all lists."""
        return sum(s.failures for s in self.summaries)

    @property
    def exit_code(self) -> int:
        """2 when a list could not be read, 3 when fetches failed, else 0."""
        return 2 if self.unreadable else 3 if self.failures else 0

    def requests(self) -> dict[str, int]:
        """Upstream requests of the run, per service."""
        return _per_service(s.requests for s in self.summaries)

    def retries(self) -> dict[str, int]:
        """Retries of the run, per service."""
        return _per_service(s.retries for s in self.summaries)


def _per_service(counts: Iterable[dict[str, int]]) -> dict[str, int]:
    total: dict[str, int] = {}
    for one in counts:
        for service, n in one.items():
            total[service] = total.get(service, 0) + n
    return total


_SERVICE_NAMES = {"arxiv": "arXiv", "crossref": "Crossref"}
_CLASSES = (  # (words in the reason, what a person reads), first that matches
    (("connection refused",), "unreachable: connection refused"),
    (("name or service not known", "nodename nor servname", "getaddrinfo"),
     "unreachable: host not found"),
    (("no reply", "timed out", "timeout"), "no reply in time"),
    (("rate exceeded",), "asks us to slow down"),
    (("unparsable", "not json", "not an atom", "not a crossref", "truncated", "incomplete"),
     "unreadable replies"),
    (("connection failed",), "unreachable"),
)  # fmt: skip
_STATUS = re.compile(r"\bHTTP (\d{3})\b")
_TIMED_OUT = re.compile(r"^timed out after (\S+ s)\b")  # a request past its deadline


def failure_class(why: str) -> str:
    """The short class of a fetch failure, `arXiv unreachable: connection refused`, from
    its full reason (`arxiv: connection failed: ... [Errno 111] Connection refused (url)`)."""
    service, _, reason = why.partition(": ")
    name = _SERVICE_NAMES.get(service, service)
    lowered = reason.lower()
    if status := _STATUS.search(reason):
        return f"{name} answered HTTP {status[1]}"
    if timed_out := _TIMED_OUT.match(reason):
        return f"{name} timed out after {timed_out[1]}"
    for words, label in _CLASSES:
        if any(w in lowered for w in words):
            return f"{name} {label}"
    return f"{name}: {reason.split(' (', 1)[0][:60]}"


def failure_classes(failed: dict[str, str]) -> list[tuple[str, int]]:
    """Each failure class with its number of entries, the most first."""
    counts: dict[str, int] = {}
    for why in failed.values():
        label = failure_class(why)
        counts[label] = counts.get(label, 0) + 1
    return sorted(counts.items(), key=lambda c: (-c[1], c[0]))
