"""One harvest of one list, as the `harvest` command runs it (lock, run row, store, services)."""

from __future__ import annotations

from datetime import datetime

from harvester.errors import SourceError
from harvester.pipeline.runner import run_lists
from harvester.settings import Settings
from harvester.values.runs import HarvestSummary


def harvest_list(
    source: str, settings: Settings, now: datetime | None = None, refresh_all: bool = False
) -> HarvestSummary:
    """The summary of one harvest; SourceError when the list cannot be read."""
    report = run_lists([source], settings, now=now, refresh_all=refresh_all)
    if report.unreadable:
        raise SourceError(report.unreadable[source])
    return report.summaries[0]
