"""The pipeline: read the list, parse it, store it. (Fetching and reconciling come next.)"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import text

from db.engine import open_engine
from db.store import store_parsed_list
from harvester.entries import Entry
from harvester.errors import SourceError
from harvester.list_source import fetch_list_bytes
from harvester.listing import parse_list
from harvester.settings import Settings


@dataclass(frozen=True)
class HarvestSummary:
    """The one-screen summary of a harvest."""

    source: str
    entries: int
    new: int
    gone: int
    resolved: int
    conflicts: int
    requests: dict[str, int]
    failures: int


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


def harvest(source: str, settings: Settings, now: datetime | None = None) -> HarvestSummary:
    """Read, parse and store the list at SOURCE; nothing is stored when it cannot be read."""
    entries = read_list(source, settings)
    stamp = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    engine = open_engine(settings.db_path)
    try:
        counts = store_parsed_list(engine, source, entries, stamp)
        with engine.connect() as conn:
            resolved, conflicts = conn.execute(
                text(
                    "SELECT (SELECT COUNT(*) FROM entry_dates WHERE list_source = :s "
                    "AND resolved_date IS NOT NULL), "
                    "(SELECT COUNT(*) FROM date_conflicts WHERE list_source = :s)"
                ),
                {"s": source},
            ).one()
    finally:
        engine.dispose()
    return HarvestSummary(
        source=source,
        entries=counts.entries,
        new=counts.new,
        gone=counts.gone,
        resolved=resolved,
        conflicts=conflicts,
        requests={"arxiv": 0, "crossref": 0},
        failures=0,
    )
