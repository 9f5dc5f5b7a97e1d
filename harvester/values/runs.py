"""What a harvest and a run did, as records: the summaries every output format renders."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

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
    """What one run did, list by list, and the changed decisions."""

    run_id: int
    summaries: list[HarvestSummary] = field(default_factory=list)
    unreadable: dict[str, str] = field(default_factory=dict)
    events: list[RunEvent] = field(default_factory=list)

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
