"""The nightly job: the configured lists once, under the lock; or every day at a UTC time."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from harvester.errors import ConfigError
from harvester.pipeline.config import read_config
from harvester.pipeline.monitor import Monitor
from harvester.pipeline.runner import run_lists
from harvester.plan.policy import Intervals
from harvester.plan.schedule import seconds_until
from harvester.settings import Settings
from harvester.values.runs import RunReport

log = logging.getLogger("harvester")


def run_nightly(
    settings: Settings,
    config: Path | None,
    sources: list[str],
    now: datetime | None = None,
    monitor: Monitor | None = None,
) -> RunReport:
    """Harvest the configured lists (and any given ones) once, under the lock."""
    lists, intervals, rules = list(sources), Intervals(), {}
    if config is not None:
        cfg = read_config(config)
        lists, intervals, rules = [*cfg.lists, *lists], cfg.intervals, cfg.rules
    if not lists:
        raise ConfigError(
            "no lists to harvest: give a --config file with 'lists' or SOURCE arguments"
        )
    return run_lists(lists, settings, now=now, intervals=intervals, rules=rules, monitor=monitor)


def run_daily(
    at: str,
    run_once: Callable[[], int],
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    nights: int | None = None,
    at_start: bool = False,
) -> None:
    """Sleep until `at` (HH:MM UTC), run the job, repeat (`nights` times, or for ever);
    `at_start` runs it once first, before the first sleep.

    A failed night is logged and the loop goes on; the next night retries what failed.
    """
    if at_start:
        log.info("run at start finished with exit %d", run_once())
    done = 0
    while nights is None or done < nights:
        wait = seconds_until(clock(), at)
        log.info("next run at %s UTC, in %.0f s", at, wait)
        sleep(wait)
        log.info("nightly run finished with exit %d", run_once())
        done += 1
