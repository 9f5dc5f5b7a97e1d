"""A run: take the database's lock, harvest each list, record the run and what changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine

from db.engine import open_engine
from db.run_store import add_events, finish_run, start_run
from harvester.errors import SourceError
from harvester.harvest import HarvestSummary, harvest
from harvester.list_source import canonical_source
from harvester.lock import database_lock, holder_description
from harvester.policy import Intervals
from harvester.run_report import describe_change
from harvester.settings import Settings


@dataclass
class RunReport:
    """What one run did, list by list, and the changed decisions."""

    run_id: int
    summaries: list[HarvestSummary] = field(default_factory=list)
    unreadable: dict[str, str] = field(default_factory=dict)
    events: list[tuple[str, str, str, str]] = field(default_factory=list)

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
        total: dict[str, int] = {}
        for s in self.summaries:
            for service, n in s.requests.items():
                total[service] = total.get(service, 0) + n
        return total


def run_lists(
    sources: list[str],
    settings: Settings,
    now: datetime | None = None,
    intervals: Intervals | None = None,
    refresh_all: bool = False,
    progress: Callable[[str], None] = lambda step: None,
) -> RunReport:
    """Harvest every list under the database's lock; LockHeldError when another run holds it."""
    moment = now or datetime.now(UTC)
    stamp = moment.isoformat(timespec="seconds")
    holder = holder_description(stamp)
    with database_lock(settings.db_path, holder):
        engine = open_engine(settings.db_path)
        report = RunReport(start_run(engine, stamp, holder, [canonical_source(s) for s in sources]))
        try:
            for source in sources:
                _one_list(report, source, settings, moment, intervals, refresh_all, progress)
        finally:
            _finish(engine, report, datetime.now(UTC).isoformat(timespec="seconds"))
            engine.dispose()
    return report


def _one_list(
    report: RunReport,
    source: str,
    settings: Settings,
    moment: datetime,
    intervals: Intervals | None,
    refresh_all: bool,
    progress: Callable[[str], None],
) -> None:
    try:
        summary = harvest(source, settings, moment, progress, intervals, refresh_all)
    except SourceError as exc:
        report.unreadable[source] = str(exc)  # reported by the caller, once
        return
    report.summaries.append(summary)
    for change in summary.changes:
        kind, message = describe_change(change)
        report.events.append((summary.source, change.entry_key, kind, message))


def _finish(engine: Engine, report: RunReport, finished_at: str) -> None:
    outcome = {0: "ok", 2: "unreadable list", 3: "fetch failures"}[report.exit_code]
    counts: dict[str, object] = {
        "entries_seen": sum(s.entries for s in report.summaries),
        "entries_due": sum(s.due for s in report.summaries),
        "requests": report.requests(),
        "retries": {k: v for s in report.summaries for k, v in s.retries.items()},
        "failures": report.failures,
        "decisions_changed": len(report.events),
    }
    add_events(engine, report.run_id, report.events)
    finish_run(engine, report.run_id, finished_at, outcome, counts)
