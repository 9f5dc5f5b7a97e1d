"""A run: take the database's lock, harvest each list, record the run and what changed."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime

from harvester.errors import SourceError
from harvester.pipeline.decisions import load_decisions, place_file, report_stale
from harvester.pipeline.harvest import harvest, read_list
from harvester.pipeline.lock import database_lock, holder_description
from harvester.pipeline.monitor import Monitor
from harvester.plan.policy import Intervals
from harvester.rule.changes import describe_change
from harvester.settings import Settings
from harvester.store import Store
from harvester.upstream.list_source import locate
from harvester.upstream.repository import ListPlace, unignored_in_repository
from harvester.upstream.services import build_services
from harvester.values.runs import RunEvent, RunReport, ended_by

log = logging.getLogger("harvester")


def run_lists(
    sources: list[str],
    settings: Settings,
    now: datetime | None = None,
    intervals: Intervals | None = None,
    refresh_all: bool = False,
    monitor: Monitor | None = None,
    rules: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
    offline: bool = False,
) -> RunReport:
    """Harvest every list under the database's lock (`rules`: a list rule per source, for
    the lists that name one; `names`: a name per source, over the one `locate` gives;
    `offline`: store the lists and reconcile, asking no service); LockHeldError when
    another run holds it."""
    moment = now or datetime.now(UTC)
    stamp = moment.isoformat(timespec="seconds")
    holder = holder_description(stamp)
    places = {s: locate(s, (names or {}).get(s)) for s in sources}
    created = not settings.db_path.exists()
    with database_lock(settings.db_path, holder), Store.open(settings.db_path) as store:
        report = RunReport(store.start_run(stamp, holder, [p.name for p in places.values()]))
        ended: tuple[str, str] | None = None
        try:
            for source, place in places.items():
                rule = (rules or {}).get(source)
                _one_list(
                    report, source, place, store, settings, moment,
                    intervals, refresh_all, monitor, rule, offline,
                )  # fmt: skip
        except BaseException as exc:
            ended = ended_by(exc)
            raise
        finally:
            _finish(store, report, datetime.now(UTC).isoformat(timespec="seconds"), ended)
    if not settings.mailto and report.requests().get("crossref", 0):
        log.warning("HARVESTER_MAILTO is not set: Crossref served this run from its public pool")
    if created and (inside := unignored_in_repository(settings.db_path)):
        log.warning(
            "%s is in a git work tree and not ignored: add this line to its .gitignore"
            " (the database, its WAL files and its lock)\n%s*",
            settings.db_path, inside,
        )  # fmt: skip
    return report


def _one_list(
    report: RunReport,
    source: str,
    place: ListPlace,
    store: Store,
    settings: Settings,
    moment: datetime,
    intervals: Intervals | None,
    refresh_all: bool,
    monitor: Monitor | None,
    rule: str | None,
    offline: bool,
) -> None:
    try:
        entries = read_list(source, settings)
    except SourceError as exc:
        report.unreadable[source] = str(exc)  # reported by the caller, once
        return
    if place.legacy != place.name and store.rename_list(place.legacy, place.name):
        log.info("%s: carried over from its earlier name %s", place.name, place.legacy)
    list_file = place_file(place)
    decisions = load_decisions(store, place.name, list_file)
    services = build_services(settings)
    try:
        summary = harvest(
            place.name, entries, store, services, moment, intervals,
            refresh_all, monitor, rule, settings.overlap, offline,
        )  # fmt: skip
    finally:
        services.close()
    if decisions is not None:
        present = {e.entry_key for _, e in store.present_entries(place.name)}
        report_stale(decisions, list_file, present)
    report.summaries.append(summary)
    for change in summary.changes:
        kind, message = describe_change(change)
        report.events.append(RunEvent(summary.source, change.entry_key, kind, message))


def _finish(
    store: Store, report: RunReport, finished_at: str, ended: tuple[str, str] | None
) -> None:
    """Close the run: its outcome from its exit code, or how an exception ended it."""
    outcome, reason = ended or (
        {0: "ok", 2: "unreadable list", 3: "fetch failures"}[report.exit_code],
        "",
    )
    counts: dict[str, object] = {
        "entries_seen": sum(s.entries for s in report.summaries),
        "entries_due": sum(s.due for s in report.summaries),
        "requests": report.requests(),
        "retries": report.retries(),
        "failures": report.failures,
        "decisions_changed": len(report.events),
    }
    store.add_events(report.run_id, report.events)
    store.finish_run(report.run_id, finished_at, outcome, counts, reason)
