"""Thin commands over the library. Data to stdout, messages to stderr, exit codes per contract."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import click

from harvester.cli_jobs import nightly, runs
from harvester.cli_options import common_options, settings_for
from harvester.cli_review import ack, audit, explain, reconcile, render
from harvester.entries import Entry
from harvester.errors import HarvesterError, SourceError
from harvester.harvest import HarvestSummary, read_list
from harvester.progress import harvest_progress
from harvester.run_report import describe_change
from harvester.runner import run_lists
from harvester.settings import Settings


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="harvester")
def cli() -> None:
    """Keep the dates in a curated paper list honest.

    Example: harvester harvest README.md --db dates.sqlite
    """


@cli.command()
@click.argument("source")
@click.option("--json", "as_json", is_flag=True, help="Print the entries as one JSON document.")
@common_options
def parse(source: str, as_json: bool, db: Path | None, verbose: int) -> None:
    """Show the entries of the list at SOURCE as the parser sees them; nothing is stored.

    Example: harvester parse https://raw.githubusercontent.com/o/r/main/README.md --json
    """
    settings = settings_for(db, verbose)
    entries = read_list(source, settings)
    if as_json:
        doc = {"source": source, "count": len(entries), "entries": [e.to_json() for e in entries]}
        click.echo(json.dumps(doc, ensure_ascii=False, indent=2))
    else:
        for entry in entries:
            click.echo(_entry_line(entry))
        click.echo(f"{len(entries)} entries", err=True)


@cli.command(name="harvest")
@click.argument("source")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--refresh-all", is_flag=True, help="Fetch every entry, not only those due.")
@common_options
def harvest_command(
    source: str, as_json: bool, refresh_all: bool, db: Path | None, verbose: int
) -> None:
    """Read the list at SOURCE (a file or an http(s) URL), fetch its evidence, store it all.

    Exits 3 when some fetches failed after retries: those entries keep their earlier
    evidence and are retried next run.

    Example: harvester harvest README.md --db dates.sqlite --json
    """
    settings = settings_for(db, verbose)
    with harvest_progress() as progress:
        report = run_lists([source], settings, refresh_all=refresh_all, progress=progress)
    if report.unreadable:
        raise SourceError(report.unreadable[source])
    summary = report.summaries[0]
    click.echo(json.dumps(asdict(summary)) if as_json else _summary_text(summary, settings))
    sys.exit(report.exit_code)


def _entry_line(entry: Entry) -> str:
    date = entry.recorded_date or (f"!{entry.date.text}" if entry.date else "-")
    ids = ", ".join([*entry.arxiv_ids, *entry.dois]) or "-"
    problems = f"  [{'; '.join(entry.problems)}]" if entry.problems else ""
    return f"{entry.position:>4}  {date:<11} {entry.entry_key:<34} {entry.title}  ({ids}){problems}"


def _summary_text(s: HarvestSummary, settings: Settings) -> str:
    changes = [f"  {c.entry_key}: {describe_change(c)[1]}" for c in s.changes if c.before[0]]
    first = sum(1 for c in s.changes if not c.before[0])
    return "\n".join(
        [
            *([f"changed    {len(changes)} decisions", *changes] if changes else []),
            *([f"decided    {first} entries for the first time"] if first else []),
            f"list       {s.source}",
            f"database   {settings.db_path}",
            f"entries    {s.entries} ({s.new} new, {s.gone} gone, {s.due} due for a refresh)",
            f"resolved   {s.resolved}",
            f"conflicts  {s.conflicts}",
            f"requests   arxiv {s.requests['arxiv']}, crossref {s.requests['crossref']}",
            f"retries    arxiv {s.retries.get('arxiv', 0)}, "
            f"crossref {s.retries.get('crossref', 0)}",
            f"failures   {s.failures}",
            *(f"  {key}: {why}" for key, why in s.failed.items()),
        ]
    )


for command in (reconcile, audit, explain, render, ack, nightly, runs):
    cli.add_command(command)


def main() -> None:
    """Console entry point: our errors become one line on stderr and the contract's exit code."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except HarvesterError as exc:
        click.echo(f"harvester: error: {exc}", err=True)
        sys.exit(exc.exit_code)
