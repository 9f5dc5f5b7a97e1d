"""The maintainer's commands: reconcile, audit, explain, ack, pin, unpin."""

from __future__ import annotations

import getpass
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from harvester.cli.findings import FORMATS, print_findings
from harvester.cli.options import common_options, existing_store, kind_option, settings_for
from harvester.cli.output import emit_json, explanation_text
from harvester.pipeline.review import (
    acknowledge,
    explain_entries,
    pin_entry,
    reconcile_lists,
    stored_list,
    unpin_entry,
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@click.command(name="reconcile")
@click.option("--source", help="Only this list (as given to harvest).")
@common_options
def reconcile(source: str | None, db: Path | None, verbose: int) -> None:
    """Re-apply the date rule to the stored evidence, with no network.

    Example: harvester reconcile --db dates.sqlite
    """
    with existing_store(settings_for(db, verbose), write=True) as store:
        results = reconcile_lists(store, source, _now())
    for name, result in results.items():
        rules = ", ".join(f"{k} {v}" for k, v in sorted(result.rules.items()))
        click.echo(f"{name}: {rules or 'no entries'}; {len(result.changes)} decisions changed")
        for c in result.changes:
            before = f"{c.before[0] or '-'} {c.before[1] or '-'}"
            click.echo(f"  {c.entry_key}: {before} -> {c.after[0]} {c.after[1] or '-'}")


@click.command(name="audit")
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
    help="github: workflow commands annotating each entry's line; markdown: a table for a"
    " job summary or a pull-request comment.",
)  # fmt: skip
@kind_option("Only these kinds (repeatable).")
@click.option("--source", help="Only this list (its path, URL or stored name).")
@click.option("--fail-on-conflict", is_flag=True, help="Exit 1 when any date_mismatch is open.")
@common_options
def audit(
    fmt: str,
    kinds: tuple[str, ...],
    source: str | None,
    fail_on_conflict: bool,
    db: Path | None,
    verbose: int,
) -> None:
    """The open findings with their evidence, in list order; reads the database only.

    Example: harvester audit --kind date_mismatch --format csv > conflicts.csv
    """
    with existing_store(settings_for(db, verbose)) as store:
        name = stored_list(store, source) if source else None
        rows = store.conflicts(name, list(kinds))
        mismatch = any(r["kind"] == "date_mismatch" for r in store.conflicts(name, []))
    print_findings(rows, fmt)
    if fail_on_conflict and mismatch:
        sys.exit(1)


@click.command(name="explain")
@click.argument("query")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@common_options
def explain(query: str, as_json: bool, db: Path | None, verbose: int) -> None:
    """Every piece of evidence and the decision for the entries matching QUERY.

    QUERY is an entry key, an arXiv ID, a DOI, or words that all occur in the title.

    Example: harvester explain "deep dive pathology"
    """
    with existing_store(settings_for(db, verbose)) as store:
        docs = explain_entries(store, query)
    if as_json:
        emit_json({"entries": docs})
    else:
        click.echo("\n\n".join(map(explanation_text, docs)))


@click.command(name="ack")
@click.argument("entry")
@click.option("--note", required=True, help="Why the recorded date stays.")
@kind_option("Only these kinds (default: all open).")
@click.option("--source", help="The list, when the key is in several.")
@common_options
def ack(
    entry: str, note: str, kinds: tuple[str, ...], source: str | None, db: Path | None, verbose: int
) -> None:
    """Acknowledge an entry's open findings: they leave date_conflicts until their evidence changes.

    Example: harvester ack ieee:10197302 --note "the list keeps the arXiv date on purpose"
    """
    with existing_store(settings_for(db, verbose), write=True) as store:
        acked, written = acknowledge(
            store, entry, note, list(kinds), source, getpass.getuser(), _now()
        )
    click.echo(f"{entry}: acknowledged {', '.join(acked)}{_kept(written)}")


@click.command(name="pin")
@click.argument("entry")
@click.argument("target")
@click.option("--note", required=True, help="Why this is (or is not) the published version.")
@click.option("--source", help="The list, when the key is in several.")
@common_options
def pin(
    entry: str, target: str, note: str, source: str | None, db: Path | None, verbose: int
) -> None:
    """Name an entry's published version: TARGET is a DOI, arxiv:ID, or none.

    The pinned identifier counts as if the list linked it (fetched on the next harvest
    when it is not stored yet); none means no published version. Kept until unpin.

    Example: harvester pin arxiv:2310.10348 10.1016/j.neunet.2024.106687 --note "same paper"
    """
    with existing_store(settings_for(db, verbose), write=True) as store:
        name, result, written = pin_entry(
            store, entry, target, note, source, getpass.getuser(), _now()
        )
    click.echo(
        f"{entry}: pinned in {name}; {len(result.changes)} decisions changed{_kept(written)}"
    )


@click.command(name="unpin")
@click.argument("entry")
@click.option("--source", help="The list, when the key is in several.")
@common_options
def unpin(entry: str, source: str | None, db: Path | None, verbose: int) -> None:
    """Remove an entry's pin: the rule decides from the list's own links again.

    Example: harvester unpin arxiv:2310.10348
    """
    with existing_store(settings_for(db, verbose), write=True) as store:
        name, result, written = unpin_entry(store, entry, source, _now())
    click.echo(
        f"{entry}: unpinned in {name}; {len(result.changes)} decisions changed{_kept(written)}"
    )


def _kept(written: Path | None) -> str:
    """Where the decision is kept: the file beside the list, or the database alone."""
    if written is None:
        return " (in the database only: no checkout of the list here; --source FILE names it)"
    return f" (kept in {os.path.relpath(written)})"
