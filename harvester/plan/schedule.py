"""When the next nightly run is due, for a scheduler that runs every day at a UTC time (pure)."""

from __future__ import annotations

from datetime import datetime, timedelta

from harvester.errors import ConfigError


def parse_time_of_day(text: str) -> tuple[int, int]:
    """(hour, minute) of an `HH:MM`; ConfigError naming the value otherwise."""
    try:
        hour, minute = (int(p) for p in text.split(":"))
    except ValueError:
        raise ConfigError(f"--daily-at {text!r}: expected HH:MM") from None
    if not (0 <= hour < 24 and 0 <= minute < 60):
        raise ConfigError(f"--daily-at {text!r}: expected HH:MM")
    return hour, minute


def seconds_until(now: datetime, at: str) -> float:
    """Seconds from `now` (UTC) to the next `HH:MM` UTC, strictly in the future."""
    hour, minute = parse_time_of_day(at)
    target = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if target <= now:
        target += timedelta(days=1)
    return (target - now).total_seconds()
