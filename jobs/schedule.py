"""Run the nightly job every day at a fixed UTC time, for containers without cron.

    python -m jobs.schedule --at 03:17 -- --config /config/lists.toml

Everything after `--` goes to `jobs.nightly`. A failed night is logged and the loop
goes on; the next night retries what failed.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from datetime import UTC, datetime, timedelta

from jobs.nightly import main as nightly_main

log = logging.getLogger("harvester")


def seconds_until(now: datetime, at: str) -> float:
    """Seconds from `now` (UTC) to the next `HH:MM` UTC, strictly in the future."""
    hour, minute = (int(p) for p in at.split(":"))
    target = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if target <= now:
        target += timedelta(days=1)
    return (target - now).total_seconds()


def parse_args(argv: list[str]) -> tuple[str, list[str]]:
    """(the HH:MM to run at, the arguments for jobs.nightly)."""
    ours, theirs = (
        (argv[: argv.index("--")], argv[argv.index("--") + 1 :]) if "--" in argv else (argv, [])
    )
    parser = argparse.ArgumentParser(prog="python -m jobs.schedule")
    parser.add_argument("--at", default="03:17", help="UTC time of day, HH:MM")
    args = parser.parse_args(ours)
    try:
        hour, minute = (int(p) for p in args.at.split(":"))
        if not (0 <= hour < 24 and 0 <= minute < 60):
            raise ValueError
    except ValueError:
        parser.error(f"--at {args.at!r}: expected HH:MM")
    return args.at, theirs


def main(argv: list[str] | None = None) -> None:
    """Sleep until the time of day, run the nightly job, repeat."""
    at, nightly_args = parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="harvester: %(message)s")
    while True:
        wait = seconds_until(datetime.now(UTC), at)
        log.info("next run at %s UTC, in %.0f s", at, wait)
        time.sleep(wait)
        log.info("nightly run finished with exit %d", nightly_main(nightly_args))


if __name__ == "__main__":
    main()
