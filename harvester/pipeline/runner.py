"""A run: read every list (and the decisions beside it) before the database is opened,
so a list that cannot be read changes nothing; then take the database's lock, harvest
each readable list, record the run and what changed."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from harvester.errors import InputError, StoreError, ended_by
from harvester.pipeline import stopping
from harvester.pipeline.decisions import load_decisions, place_file, read_beside, report_stale
from harvester.pipeline.harvest import harvest, read_list
from harvester.pipeline.lock import database_lock, holder_description
from harvester.pipeline.monitor import Monitor
from harvester.plan.policy import Intervals
from harvester.rule.changes import describe_change
from harvester.settings import Settings
from harvester.store import Store, refuse_newer, writable
from harvester.upstream.list_source import locate
from harvester.upstream.repository import ListPlace, unignored_in_repository
from harvester.upstream.services import build_services
from harvester.values.entries import Entry
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
    names: Mapping[str, str] | None = None,
    offline: bool = False,
    audit: bool = False,
) -> RunReport:
    """Harvest every list under the database's lock (`rules`: a list rule per source, for
    the lists that name one; `names`: a name per source, over the one `locate` gives;
    `offline`: store the lists and reconcile, asking no service, on a copy in memory when
    the database cannot be written; `audit`: the report holds each list's open findings);
    LockHeldError when another run holds it."""
    moment = now or datetime.now(UTC)
    stamp = moment.isoformat(timespec="seconds")
    holder = holder_description(stamp)
    unreadable: dict[str, str] = {}
    lists = []
    for source in sources:
        place = locate(source, (names or {}).get(source))
        try:
            entries = read_list(source, settings)
            read_beside(place_file(place))  # read again when the list's turn comes
        except InputError as exc:  # the list, or the decisions file beside it
            unreadable[source] = str(exc)  # reported by the caller, once
            continue
        lists.append(_List(source, place, entries))
    if not lists:
        return RunReport(None, unreadable=unreadable)  # nothing opened, nothing stored
    created = not settings.db_path.exists()
    refuse_newer(settings.db_path)  # before the lock file: a newer database is not touched
    scratch = offline and not created and not writable(settings.db_path)
    if scratch:
        log.warning(
            "%s cannot be written: this offline check runs on a copy in memory, stores nothing",
            settings.db_path,
        )
    with contextlib.ExitStack() as stack:
        if not scratch:
            stack.enter_context(database_lock(settings.db_path, holder))
        store = stack.enter_context(
            Store.scratch_copy(settings.db_path) if scratch else Store.open(settings.db_path)
        )
        report = RunReport(
            store.start_run(stamp, holder, [one.place.name for one in lists]),
            unreadable=unreadable,
        )
        ended: tuple[str, str] | None = None
        try:
            for one in lists:
                rule = (rules or {}).get(one.source)
                _one_list(
                    report, one, store, settings, moment,
                    intervals, refresh_all, monitor, rule, offline,
                )  # fmt: skip
        except BaseException as exc:
            ended = ended_by(exc)
            raise
        finally:
            try:
                _finish(store, report, datetime.now(UTC).isoformat(timespec="seconds"), ended)
            except StoreError:
                if ended is None:
                    raise
                # the error that ended the run is the one to report (a full disk, say)
        if audit:
            report.findings = {s.source: store.conflicts(s.source, []) for s in report.summaries}
    if not settings.mailto and report.requests().get("crossref", 0):
        log.warning("HARVESTER_MAILTO is not set: Crossref served this run from its public pool")
    if created and (inside := unignored_in_repository(settings.db_path)):
        log.warning(
            "%s is in a git work tree and not ignored: add this line to its .gitignore"
            " (the database, its WAL files and its lock)\n%s",
            settings.db_path, inside,
        )  # fmt: skip
    return report


@dataclass(frozen=True)
class _List:
    """A list read before the run: its SOURCE, place and entries."""

    source: str
    place: ListPlace
    entries: list[Entry]


def _one_list(
    report: RunReport,
    one: _List,
    store: Store,
    settings: Settings,
    moment: datetime,
    intervals: Intervals | None,
    refresh_all: bool,
    monitor: Monitor | None,
    rule: str | None,
    offline: bool,
) -> None:
    place = one.place
    if place.legacy != place.name and store.rename_list(place.legacy, place.name):
        log.info("%s: carried over from its earlier name %s", place.name, place.legacy)
    # read now, not at the run's start: an ack or pin made while other lists harvested
    decisions = load_decisions(store, place.name, place_file(place))
    services = build_services(settings)
    try:
        summary = harvest(
            place.name, one.entries, store, services, moment, intervals,
            refresh_all, monitor, rule, settings.overlap, offline,
        )  # fmt: skip
    finally:
        services.close()
    if decisions is not None:
        present = {e.entry_key for _, e in store.present_entries(place.name)}
        report_stale(decisions, place_file(place), present)
    report.summaries.append(summary)
    for change in summary.changes:
        kind, message = describe_change(change)
        report.events.append(RunEvent(summary.source, change.entry_key, kind, message))


def _finish(
    store: Store, report: RunReport, finished_at: str, ended: tuple[str, str] | None
) -> None:
    """Close the run, in one transaction that a stop signal waits for: its outcome from
    its exit code, or how an exception ended it."""
    assert report.run_id is not None
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
    with stopping.held(), store.transaction():
        store.add_events(report.run_id, report.events)
        store.finish_run(report.run_id, finished_at, outcome, counts, reason)
