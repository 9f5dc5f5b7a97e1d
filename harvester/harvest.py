"""The pipeline: read the list, store its entries, fetch the evidence, reconcile, summarise."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine, text
from sqlmodel import Session

from db.decision_store import list_entry_states
from db.engine import open_engine
from db.store import store_parsed_list
from harvester.entries import Entry
from harvester.errors import SourceError
from harvester.harvest_steps import fetch_evidence
from harvester.list_source import canonical_source, fetch_list_bytes
from harvester.listing import parse_list
from harvester.policy import Intervals, due_reason
from harvester.reconciling import DecisionChange, reconcile_list
from harvester.settings import Settings
from harvester.sources.retrying import RetryPolicy
from harvester.sources.services import build_services

log = logging.getLogger("harvester")


@dataclass(frozen=True)
class HarvestSummary:
    """The one-screen summary of a harvest."""

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


def read_list(source: str, settings: Settings) -> list[Entry]:
    """The entries of the list at SOURCE; SourceError (exit 2) when there are none."""
    raw = fetch_list_bytes(source, settings.timeout, settings.user_agent)
    entries = parse_list(raw)
    if not entries:
        raise SourceError(
            f"{source}: no entries found (expected list lines such as "
            "'- (2024/01/19) Title. [[arXiv](https://arxiv.org/abs/2401.10637)]')"
        )
    return entries


def harvest(
    source: str,
    settings: Settings,
    now: datetime | None = None,
    progress: Callable[[str], None] = lambda step: None,
    intervals: Intervals | None = None,
    refresh_all: bool = False,
) -> HarvestSummary:
    """Read and store the list at SOURCE, fetch what is due, reconcile; nothing stored is lost."""
    entries = read_list(source, settings)
    source = canonical_source(source)
    moment = now or datetime.now(UTC)
    if not settings.mailto:
        log.warning("HARVESTER_MAILTO is not set: Crossref serves this run from its public pool")
    stamp = moment.isoformat(timespec="seconds")
    policy = RetryPolicy(
        attempts=settings.retries,
        initial_wait=settings.retry_wait,
        jitter=min(1.0, settings.retry_wait),  # jitter never dwarfs a deliberately short wait
    )
    engine = open_engine(settings.db_path)
    services = build_services(settings, policy)
    try:
        counts = store_parsed_list(engine, source, entries, stamp)
        with Session(engine) as session:
            states = list_entry_states(session, source)
        iv = intervals or Intervals()
        due = [
            e for e in counts.stored
            if refresh_all or due_reason(e, states.get(e.entry_key), moment, iv)
        ]  # fmt: skip
        failed = fetch_evidence(services, engine, source, due, stamp, progress) if due else {}
        decided = reconcile_list(engine, source, stamp)
        resolved, conflicts = _view_counts(engine, source)
    finally:
        services.close()
        engine.dispose()
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
    )


def _view_counts(engine: Engine, source: str) -> tuple[int, int]:
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT (SELECT COUNT(*) FROM entry_dates WHERE list_source = :s "
                "AND resolved_date IS NOT NULL), "
                "(SELECT COUNT(*) FROM date_conflicts WHERE list_source = :s)"
            ),
            {"s": source},
        ).one()
    return int(row[0]), int(row[1])
