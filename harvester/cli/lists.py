"""Commands on a list: parse, harvest, render."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from harvester.cli.options import common_options, existing_store, quiet_option, settings_for
from harvester.cli.output import emit_json, entry_line, run_doc, summary_text
from harvester.cli.progress import harvest_progress
from harvester.errors import SourceError
from harvester.listing.render import unified_diff
from harvester.pipeline.harvest import read_list
from harvester.pipeline.monitor import Monitor
from harvester.pipeline.review import render_source
from harvester.pipeline.runner import run_lists
from harvester.upstream.list_source import is_url
from harvester.values.decisions import LIST_RULES


@click.command()
@click.argument("source")
@click.option("--json", "as_json", is_flag=True, help="Print the entries as one JSON document.")
@common_options
def parse(source: str, as_json: bool, db: Path | None, verbose: int) -> None:
    """Show the entries of the list at SOURCE as the parser sees them; nothing is stored.

    Example: harvester parse https://raw.githubusercontent.com/o/r/main/README.md --json
    """
    entries = read_list(source, settings_for(db, verbose))
    if as_json:
        emit_json(
            {"source": source, "count": len(entries), "entries": [e.to_json() for e in entries]}
        )
    else:
        for entry in entries:
            click.echo(entry_line(entry))
        click.echo(f"{len(entries)} entries", err=True)


@click.command(name="harvest")
@click.argument("source")
@click.option("--json", "as_json", is_flag=True, help="Print the run as one JSON document.")
@click.option("--refresh-all", is_flag=True, help="Fetch every entry, not only those due.")
@click.option(
    "--rule",
    type=click.Choice(LIST_RULES),
    help="The list's rule, kept with the list for later runs [default: the list's stored"
    " rule, journal-first for a new list].",
)
@quiet_option
@common_options
def harvest_command(
    source: str,
    as_json: bool,
    refresh_all: bool,
    rule: str | None,
    quiet: bool,
    db: Path | None,
    verbose: int,
) -> None:
    """Read the list at SOURCE (a file or an http(s) URL), fetch its evidence, store it all.

    Exits 3 when some fetches failed after retries: those entries keep their earlier
    evidence and are retried next run.

    Example: harvester harvest README.md --rule arxiv-first --db dates.sqlite --json
    """
    settings = settings_for(db, verbose)
    rules = {source: rule} if rule else None
    monitor = Monitor(settings.arxiv_delay, settings.crossref_rate)
    with harvest_progress(monitor, quiet):
        report = run_lists(
            [source], settings, refresh_all=refresh_all, monitor=monitor, rules=rules
        )
    if report.unreadable:
        raise SourceError(report.unreadable[source])
    if as_json:
        emit_json(run_doc(report))
    else:
        click.echo(summary_text(report.summaries[0], str(settings.db_path)))
    sys.exit(report.exit_code)


@click.command(name="render")
@click.argument("source")
@click.option(
    "--diff", "as_diff", is_flag=True, help="Print a unified diff for `git apply` instead."
)
@common_options
def render(source: str, as_diff: bool, db: Path | None, verbose: int) -> None:
    """The list at SOURCE with each recorded date replaced by the resolved one.

    Nothing else changes, byte for byte. Unresolved and ambiguous entries keep their date.

    Example: harvester render README.md --diff | git apply
    """
    settings = settings_for(db, verbose)
    with existing_store(settings) as store:
        before, after = render_source(store, source, settings)
    if as_diff:
        click.echo(unified_diff(_diff_path(source), before, after), nl=False)
    else:
        sys.stdout.buffer.write(after)


def _diff_path(source: str) -> str:
    """The path a diff names: relative to the working directory, as `git apply` expects."""
    if is_url(source):
        return source.rsplit("/", 1)[-1] or "list.md"
    path = os.path.relpath(source)
    return path if not path.startswith("..") else source.lstrip("/")
