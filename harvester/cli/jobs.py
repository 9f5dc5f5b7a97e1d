"""Commands for the scheduled side: nightly, runs, and migrate for a new deployment."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from harvester.cli.options import common_options, existing_store, quiet_option, settings_for
from harvester.cli.output import emit_json, nightly_lines, run_doc, runs_lines
from harvester.cli.progress import harvest_progress
from harvester.errors import HarvesterError
from harvester.pipeline.monitor import Monitor
from harvester.pipeline.nightly import run_daily, run_nightly
from harvester.plan.schedule import parse_time_of_day
from harvester.store import Store


@click.command(name="nightly")
@click.argument("sources", nargs=-1)
@click.option(
    "--config", type=click.Path(dir_okay=False, path_type=Path), help="TOML file with the lists."
)
@click.option("--json", "as_json", is_flag=True, help="Print the run as one JSON document.")
@click.option(
    "--daily-at",
    metavar="HH:MM",
    help="Stay running and harvest every day at this UTC time (for containers without cron).",
)
@click.option(
    "--run-now",
    is_flag=True,
    help="With --daily-at: harvest once at start, then every day (what is due only).",
)
@quiet_option
@common_options
def nightly(
    sources: tuple[str, ...],
    config: Path | None,
    as_json: bool,
    daily_at: str | None,
    run_now: bool,
    quiet: bool,
    db: Path | None,
    verbose: int,
) -> None:
    """Harvest every watched list once: what is due only, under the database's lock.

    Example: harvester nightly --config jobs/lists.toml
    """
    settings = settings_for(db, verbose, own_info=True)

    def once() -> int:
        monitor = Monitor(settings.arxiv_delay, settings.crossref_rate)
        with harvest_progress(monitor, quiet):
            report = run_nightly(settings, config, list(sources), monitor=monitor)
        if as_json:
            emit_json(run_doc(report))
        else:
            click.echo("\n".join(nightly_lines(report)))
        return report.exit_code

    if daily_at is None:
        if run_now:
            raise click.UsageError("--run-now goes with --daily-at (nightly alone runs now)")
        sys.exit(once())
    parse_time_of_day(daily_at)  # a bad time is refused now, not at the first night

    def night() -> int:
        try:
            return once()
        except HarvesterError as exc:  # one bad night (a lock held, a list gone) is not fatal
            click.echo(f"harvester: error: {exc}", err=True)
            return exc.exit_code

    run_daily(daily_at, night, at_start=run_now)


@click.command(name="runs")
@click.option("--limit", default=10, show_default=True, help="How many runs, newest first.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@common_options
def runs(limit: int, as_json: bool, db: Path | None, verbose: int) -> None:
    """The run history: each run's outcome and counts, and the decisions it changed.

    Example: harvester runs --limit 3
    """
    with existing_store(settings_for(db, verbose)) as store:
        history = store.runs(limit)
    if as_json:
        emit_json({"runs": history})
    elif history:
        click.echo("\n".join(runs_lines(history)))


@click.command(name="migrate")
@common_options
def migrate(db: Path | None, verbose: int) -> None:
    """Create the database, or upgrade it to the latest schema; asks no service.

    For a deployment that must have the file before anything reads it (Datasette, in
    docker-compose.yml). Every other command upgrades the file it opens, too.

    Example: harvester migrate --db /data/harvest.sqlite
    """
    settings = settings_for(db, verbose)
    created = not settings.db_path.exists()
    with Store.open(settings.db_path) as store:
        version = store.schema_version()
    click.echo(f"{settings.db_path}: schema version {version}{' (created)' if created else ''}")
