"""The nightly entry point: `python -m jobs.nightly --config lists.toml` (or `harvester nightly`).

Fits cron: no progress bar, one line per notable event on stderr, the summary on
stdout with the changed decisions first, and the contract's exit codes.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from datetime import datetime
from pathlib import Path

from harvester.errors import ConfigError, HarvesterError
from harvester.policy import Intervals
from harvester.runner import RunReport, run_lists
from harvester.settings import settings_from
from jobs.config import read_config

log = logging.getLogger("harvester")


def run_nightly(
    config: Path | None, sources: list[str], db: Path | None, now: datetime | None = None
) -> RunReport:
    """Harvest the configured lists (and any given ones) once, under the lock."""
    settings = settings_from(os.environ, db=db)
    lists, intervals = list(sources), Intervals()
    if config is not None:
        cfg = read_config(config)
        lists, intervals = [*cfg.lists, *lists], cfg.intervals
    if not lists:
        raise ConfigError(
            "no lists to harvest: give a --config file with 'lists' or SOURCE arguments"
        )
    return run_lists(lists, settings, now=now, intervals=intervals)


def summary_lines(report: RunReport) -> list[str]:
    """Changed decisions first, then one line per list, then unreadable lists."""
    lines = [
        f"changed {source} {key}: {message}"
        for source, key, kind, message in report.events
        if kind != "new_decision"
    ]
    if first := sum(1 for event in report.events if event[2] == "new_decision"):
        lines.append(f"decided {first} entries for the first time")
    for s in report.summaries:
        lines.append(
            f"list {s.source}: {s.entries} entries, {s.due} due, requests arxiv "
            f"{s.requests.get('arxiv', 0)} crossref {s.requests.get('crossref', 0)}, "
            f"{s.failures} failed, {s.conflicts} open findings"
        )
    lines += [f"unreadable {source}: {why}" for source, why in report.unreadable.items()]
    lines.append(f"run {report.run_id}: exit {report.exit_code}")
    return lines


def report_json(report: RunReport) -> str:
    """The run as one JSON document."""
    return json.dumps(
        {
            "run_id": report.run_id,
            "exit_code": report.exit_code,
            "changed": [
                {"list_source": s, "entry_key": k, "kind": kd, "message": m}
                for s, k, kd, m in report.events
            ],
            "lists": [
                {
                    "source": s.source,
                    "entries": s.entries,
                    "due": s.due,
                    "requests": s.requests,
                    "failures": s.failures,
                }
                for s in report.summaries
            ],
            "unreadable": report.unreadable,
        },
        ensure_ascii=False,
    )


def main(argv: list[str] | None = None) -> int:
    """Run once; return the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m jobs.nightly", description=__doc__.splitlines()[0]
    )
    parser.add_argument("sources", nargs="*", metavar="SOURCE", help="extra lists to harvest")
    parser.add_argument(
        "--config", type=Path, help="TOML file naming the lists (see jobs/nightly.example.toml)"
    )
    parser.add_argument("--db", type=Path, help="SQLite file (default: $HARVESTER_DB)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="harvester: %(message)s")
    try:
        report = run_nightly(args.config, args.sources, args.db)
    except HarvesterError as exc:
        print(f"harvester: error: {exc}", file=sys.stderr)
        return exc.exit_code
    print(report_json(report) if args.json else "\n".join(summary_lines(report)))
    return report.exit_code


if __name__ == "__main__":
    sys.exit(main())
