"""A run: take the database's lock, harvest each list, record the run and what changed."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime

from harvester.errors import SourceError
from harvester.pipeline.harvest import harvest, read_list
from harvester.pipeline.lock import database_lock, holder_description
from harvester.pipeline.monitor import Monitor
from harvester.plan.policy import Intervals
from harvester.rule.changes import describe_change
from harvester.settings import Settings
from harvester.store import Store
from harvester.upstream.list_source import canonical_source
from harvester.upstream.services import build_services
from harvester.values.runs import RunEvent, RunReport

log = logging.getLogger("harvester")


def run_lists(
    sources: list[str],
    settings: Settings,
    now: datetime | None = None,
    intervals: Intervals | None = None,
    refresh_all: bool = False,
    monitor: Monitor | None = None,
    rules: Mapping[str, str] | None = None,
) -> RunReport:
    """Harvest every list under the database's lock (`rules`: a list rule per source, for
    the lists that name one); LockHeldError when another run holds it."""
    moment = now or datetime.now(UTC)
    stamp = moment.isoformat(timespec="seconds")
    holder = holder_description(stamp)
    if not settings.mailto:
        log.warning("HARVESTER_MAILTO is not set: Crossref serves this run from its public pool")
    with database_lock(settings.db_path, holder), Store.open(settings.db_path) as store:
        report = RunReport(store.start_run(stamp, holder, [canonical_source(s) for s in sources]))
        try:
            for source in sources:
                rule = (rules or {}).get(source)
                _one_list(
                    report, source, store, settings, moment, intervals, refresh_all, monitor, rule
                )
        finally:
            _finish(store, report, datetime.now(UTC).isoformat(timespec="seconds"))
    return report


def _one_list(
    report: RunReport,
    source: str,
    store: Store,
    settings: Settings,
    moment: datetime,
    intervals: Intervals | None,
    refresh_all: bool,
    monitor: Monitor | None,
    rule: str | None,
) -> None:
    try:
        entries = read_list(source, settings)
    except SourceError as exc:
        report.unreadable[source] = str(exc)  # reported by the caller, once
        return
    services = build_services(settings)
    try:
        summary = harvest(
            canonical_source(source), entries, store, services, moment,
            intervals, refresh_all, monitor, rule, settings.overlap,
        )  # fmt: skip
    finally:
        services.close()
    report.summaries.append(summary)
    for change in summary.changes:
        kind, message = describe_change(change)
        report.events.append(RunEvent(summary.source, change.entry_key, kind, message))


def _finish(store: Store, report: RunReport, finished_at: str) -> None:
    outcome = {0: "ok", 2: "unreadable list", 3: "fetch failures"}[report.exit_code]
    counts: dict[str, object] = {
        "entries_seen": sum(s.entries for s in report.summaries),
        "entries_due": sum(s.due for s in report.summaries),
        "requests": report.requests(),
        "retries": report.retries(),
        "failures": report.failures,
        "decisions_changed": len(report.events),
    }
    store.add_events(report.run_id, report.events)
    store.finish_run(report.run_id, finished_at, outcome, counts)
