"""One harvest of one list: store its entries, fetch what is due, reconcile, summarise."""

from __future__ import annotations

from datetime import datetime

from harvester.errors import SourceError
from harvester.listing.keys import carry_keys
from harvester.listing.parse import TooManyEntries, parse_list
from harvester.pipeline.flow import Flow
from harvester.pipeline.monitor import Monitor
from harvester.pipeline.reconcile import pinned, reconcile_list
from harvester.plan.policy import Intervals, due_reason, fingerprint
from harvester.rule.list_findings import findings_from_entry
from harvester.settings import Settings
from harvester.store import Store
from harvester.upstream.list_source import fetch_list_bytes
from harvester.upstream.services import Services
from harvester.values.entries import Entry
from harvester.values.runs import HarvestSummary


def read_list(source: str, settings: Settings) -> list[Entry]:
    """The entries of the list at SOURCE; SourceError (exit 2) when there are none."""
    entries = parse_source(source, fetch_list_bytes(source, settings.timeout, settings.user_agent))
    if not entries:
        raise SourceError(
            f"{source}: no entries found (expected list lines such as "
            "'- (2024/01/19) Title. [[arXiv](https://arxiv.org/abs/2401.10637)]')"
        )
    return entries


def parse_source(source: str, raw: bytes) -> list[Entry]:
    """The entries of the list at SOURCE as read (`raw`); SourceError (exit 2) naming the
    line past the most entries a list may have."""
    try:
        return parse_list(raw)
    except TooManyEntries as exc:
        raise SourceError(
            f"{source}:{exc.line}: more than {exc.limit:,} entries, the most a list may have"
        ) from None


def harvest(
    source: str,
    entries: list[Entry],
    store: Store,
    services: Services,
    now: datetime,
    intervals: Intervals | None = None,
    refresh_all: bool = False,
    monitor: Monitor | None = None,
    rule: str | None = None,
    overlap: bool = True,
    offline: bool = False,
) -> HarvestSummary:
    """Store the entries of the list named `source` (and its `rule`, when given), fetch
    what is due, reconcile; nothing stored is lost when a fetch fails. `overlap=False`
    asks the services one after the other (the sequential schedule, for comparison);
    `offline` asks nothing: the stored evidence is reconciled with the list as it is now."""
    stamp = now.isoformat(timespec="seconds")
    counts = store.save_list(source, entries, stamp, carry_keys, findings_from_entry, rule)
    states = store.entry_states(source)
    iv = intervals or Intervals()
    due = [
        e for e in pinned(store, source, counts.stored)
        if not offline and (refresh_all or due_reason(e, states.get(e.entry_key), now, iv))
    ]  # fmt: skip
    watch = monitor or Monitor()
    watch.begin(source, services)
    failed = fetch_evidence(services, store, source, due, stamp, watch, overlap) if due else {}
    decided = reconcile_list(store, source, stamp)
    resolved, conflicts = store.view_counts(source)
    return HarvestSummary(
        source=source,
        entries=counts.entries,
        due=len(due),
        new=counts.new,
        refreshed=[e.entry_key for e in due],
        gone=counts.gone,
        resolved=resolved,
        conflicts=conflicts,
        requests=services.requests_made(),
        retries=dict(services.retry_log.retries),
        failures=len(failed),
        failed=failed,
        rules=decided.rules,
        changes=decided.changes,
        list_rule=store.list_rule(source),
    )


def fetch_evidence(
    services: Services,
    store: Store,
    source: str,
    entries: list[Entry],
    now: str,
    monitor: Monitor,
    overlap: bool = True,
) -> dict[str, str]:
    """Fetch and store the evidence for `entries`, telling `monitor` where it stands; an
    entry counts as checked (its fingerprint stored) only once all its fetches are stored.
    Return why each failed entry could not be served."""
    failed = Flow(services, store, entries, now, monitor, overlap).run()
    prints = {e.entry_key: fingerprint(e) for e in entries}
    store.save_fetch_outcomes(source, prints, failed, now)
    return failed
