"""Commands for the scheduled side: nightly and runs."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from db.run_store import list_runs
from harvester.cli_options import common_options, existing_store, settings_for
from jobs.nightly import report_json, run_nightly, summary_lines


@click.command(name="nightly")
@click.argument("sources", nargs=-1)
@click.option(
    "--config", type=click.Path(dir_okay=False, path_type=Path), help="TOML file with the lists."
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@common_options
def nightly(
    sources: tuple[str, ...], config: Path | None, as_json: bool, db: Path | None, verbose: int
) -> None:
    """Harvest every watched list once: what is due only, under the database's lock.

    Example: harvester nightly --config jobs/lists.toml
    """
    settings_for(db, max(verbose, 1))
    report = run_nightly(config, list(sources), db)
    click.echo(report_json(report) if as_json else "\n".join(summary_lines(report)))
    sys.exit(report.exit_code)


@click.command(name="runs")
@click.option("--limit", default=10, show_default=True, help="How many runs, newest first.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@common_options
def runs(limit: int, as_json: bool, db: Path | None, verbose: int) -> None:
    """The run history: each run's outcome and counts, and the decisions it changed.

    Example: harvester runs --limit 3
    """
    engine = existing_store(settings_for(db, verbose))
    history = list_runs(engine, limit)
    if as_json:
        docs = [
            {**run.model_dump(), "events": [e.model_dump() for e in events]}
            for run, events in history
        ]
        click.echo(json.dumps({"runs": docs}, ensure_ascii=False, indent=2))
        return
    for run, events in history:
        click.echo(
            f"run {run.id}  {run.started_at} -> {run.finished_at or '...'}  {run.outcome}: "
            f"{run.entries_seen} entries, {run.entries_due} due, requests {run.requests_json}, "
            f"retries {run.retries_json}, {run.failures} failed, {run.decisions_changed} changed"
        )
        for e in events:
            click.echo(f"    {e.entry_key}: {e.message}")
