"""Commands on a list: parse, harvest, render."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from harvester.cli.findings import FORMATS, print_findings
from harvester.cli.options import (
    common_options,
    existing_store,
    is_quiet,
    quiet_option,
    settings_for,
)
from harvester.cli.output import (
    emit_json,
    emit_json_items,
    entry_line,
    order_warnings,
    run_doc,
    summary_text,
)
from harvester.cli.progress import harvest_progress
from harvester.errors import InputError, SourceError
from harvester.listing.render import unified_diff
from harvester.pipeline.harvest import read_list
from harvester.pipeline.monitor import Monitor
from harvester.pipeline.review import render_source
from harvester.pipeline.runner import run_lists
from harvester.upstream.list_source import is_url, replace_file
from harvester.values.decisions import FINDING_KINDS, LIST_RULES


@click.command()
@click.argument("source")
@click.option("--json", "as_json", is_flag=True, help="Print the entries as one JSON document.")
@click.option(
    "--check", "check_only", is_flag=True,
    help="Print only the entries with a problem (FILE:LINE: key: problem), exit 1 if any.",
)  # fmt: skip
@common_options
def parse(source: str, as_json: bool, check_only: bool, db: Path | None, verbose: int) -> None:
    """Show the entries of the list at SOURCE as the parser sees them; nothing is stored.

    With --check (an offline pre-commit check): exit 1 when any entry has a problem.

    Example: harvester parse https://raw.githubusercontent.com/o/r/main/README.md --json
    """
    entries = read_list(source, settings_for(db, verbose))
    if check_only:
        bad = [e for e in entries if e.problems]
        for e in bad:
            click.echo(f"{source}:{e.span.line_start}: {e.entry_key}: {'; '.join(e.problems)}")
        noun = "entry has" if len(bad) == 1 else "entries have"
        total = f"{len(entries)} {'entry' if len(entries) == 1 else 'entries'}"
        click.echo(f"{total}, {len(bad)} {noun} a problem", err=True)
        sys.exit(1 if bad else 0)
    if as_json:
        head = {"source": source, "count": len(entries)}
        emit_json_items(head, "entries", (e.to_json() for e in entries))
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


@click.command(name="check")
@click.argument("source")
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
    help="How to print the open findings (github: an annotation on each entry's line).",
)  # fmt: skip
@click.option(
    "--fail-on", "fail_on", multiple=True, type=click.Choice([*FINDING_KINDS, "all"]),
    help="Exit 1 when a finding of this kind is open (repeatable; 'all' for every kind)"
    " [default: date_mismatch].",
)  # fmt: skip
@click.option("--offline", is_flag=True, help="Ask no service: audit the stored evidence"
              " against the list as it is now.")  # fmt: skip
@click.option("--rule", type=click.Choice(LIST_RULES), help="The list's rule, kept with it.")
@click.option("--name", help="The list's name in the database [default: its repository's"
              " origin and its path there, else its absolute path].")  # fmt: skip
@quiet_option
@common_options
def check(
    source: str,
    fmt: str,
    fail_on: tuple[str, ...],
    offline: bool,
    rule: str | None,
    name: str | None,
    quiet: bool,
    db: Path | None,
    verbose: int,
) -> None:
    """Harvest what is due for the list at SOURCE, then audit it: one command for CI.

    Exits 1 when a finding of a --fail-on kind is open, else 3 when fetches failed,
    else 0; 2 (one line) when the list cannot be read or has no entries.

    Example: harvester check README.md --format github --fail-on date_mismatch
    """
    settings = settings_for(db, verbose)
    failing = set(FINDING_KINDS) if "all" in fail_on else set(fail_on or ("date_mismatch",))
    monitor = Monitor(settings.arxiv_delay, settings.crossref_rate)
    with harvest_progress(monitor, quiet or offline):
        report = run_lists(
            [source], settings, monitor=monitor, rules={source: rule} if rule else None,
            names={source: name} if name else None, offline=offline, audit=True,
        )  # fmt: skip
    if report.unreadable:
        raise SourceError(report.unreadable[source])
    summary = report.summaries[0]
    rows = report.findings[summary.source]
    print_findings(rows, fmt, failing)
    failed = sorted({r["kind"] for r in rows if r["kind"] in failing})
    if not is_quiet(quiet):
        verdict = f"failing on {', '.join(failed)}" if failed else "nothing to fail on"
        click.echo(
            f"harvester: {summary.source}: {len(rows)} open finding"
            f"{'' if len(rows) == 1 else 's'}, {verdict}; requests arxiv"
            f" {summary.requests.get('arxiv', 0)}, crossref {summary.requests.get('crossref', 0)}",
            err=True,
        )
    sys.exit(1 if failed else report.exit_code)


@click.command(name="render")
@click.argument("source")
@click.option(
    "--diff", "as_diff", is_flag=True, help="Print a unified diff for `git apply` instead."
)
@click.option(
    "--write", is_flag=True,
    help="Rewrite the file in place (atomically; refused if it changed since it was read).",
)  # fmt: skip
@common_options
def render(source: str, as_diff: bool, write: bool, db: Path | None, verbose: int) -> None:
    """The list at SOURCE with each recorded date replaced by the resolved one.

    Nothing else changes, byte for byte. Unresolved and ambiguous entries keep their date.
    A warning on stderr names each entry its new date puts out of the list's date order.

    Example: harvester render README.md --diff | git apply
    """
    settings = settings_for(db, verbose)
    if write and is_url(source):
        raise InputError(f"{source}: render --write needs a file, not a URL")
    with existing_store(settings) as store:
        before, after, moved = render_source(store, source, settings)
    for line in order_warnings(source, moved):
        click.echo(line, err=True)
    if write:
        changed = replace_file(Path(source), before, after)
        click.echo(f"{source}: {'rewritten' if changed else 'already up to date'}", err=True)
    elif as_diff:
        click.echo(unified_diff(_diff_path(source), before, after), nl=False)
    else:
        sys.stdout.buffer.write(after)


def _diff_path(source: str) -> str:
    """The path a diff names: relative to the working directory, as `git apply` expects."""
    if is_url(source):
        return source.rsplit("/", 1)[-1] or "list.md"
    path = os.path.relpath(source)
    return path if not path.startswith("..") else source.lstrip("/")
