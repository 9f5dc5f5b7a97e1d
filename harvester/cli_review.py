"""The maintainer's commands: reconcile, audit, explain, render, ack."""

from __future__ import annotations

import csv
import getpass
import io
import json
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from sqlmodel import Session, select

from db.decision_store import add_ack, found_ids, list_fetch_states, list_present_entries
from db.evidence_store import record_urls
from db.models import Ack, Finding
from db.reports import list_conflicts, list_sources, resolved_for_render
from db.store import list_known_entries
from harvester.cli_options import F, common_options, existing_store, settings_for
from harvester.errors import InputError
from harvester.explain import entry_matches, explanation, explanation_text
from harvester.keys import carry_keys
from harvester.list_source import canonical_source, fetch_list_bytes, is_url
from harvester.listing import parse_list
from harvester.reconciling import evidence_for, reconcile_list
from harvester.render import render_list, unified_diff
from harvester.rule import reconcile as apply_rule

KINDS = (
    "date_mismatch", "missing_recorded_date", "ambiguous_match", "unresolved",
    "journal_date_imprecise", "fetch_failed",
)  # fmt: skip
COLUMNS = (
    "list_source",
    "position",
    "entry_key",
    "title",
    "recorded_date",
    "resolved_date",
    "kind",
    "delta_days",
    "detail",
)


def kind_option(help_text: str) -> Callable[[F], F]:
    """`--kind`, repeatable, one of the audit table's kinds."""
    return click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS), help=help_text)


@click.command(name="reconcile")
@click.option("--source", help="Only this list (as given to harvest).")
@common_options
def reconcile(source: str | None, db: Path | None, verbose: int) -> None:
    """Re-apply the date rule to the stored evidence, with no network.

    Example: harvester reconcile --db dates.sqlite
    """
    engine = existing_store(settings_for(db, verbose), write=True)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    for name in [canonical_source(source)] if source else list_sources(engine):
        result = reconcile_list(engine, name, now)
        rules = ", ".join(f"{k} {v}" for k, v in sorted(result.rules.items()))
        click.echo(f"{name}: {rules or 'no entries'}; {len(result.changes)} decisions changed")
        for c in result.changes:
            before = f"{c.before[0] or '-'} {c.before[1] or '-'}"
            click.echo(f"  {c.entry_key}: {before} -> {c.after[0]} {c.after[1] or '-'}")


@click.command(name="audit")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@kind_option("Only these kinds (repeatable).")
@click.option("--source", help="Only this list.")
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
    """The open findings with their evidence, newest list position first.

    Example: harvester audit --kind date_mismatch --format csv > conflicts.csv
    """
    engine = existing_store(settings_for(db, verbose))
    source = canonical_source(source) if source else None
    rows = list_conflicts(engine, source, list(kinds))
    if fmt == "json":
        click.echo(json.dumps({"conflicts": rows}, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        click.echo(out.getvalue(), nl=False)
    else:
        _table(rows)
    if fail_on_conflict and any(
        r["kind"] == "date_mismatch" for r in list_conflicts(engine, source, [])
    ):
        sys.exit(1)


def _table(rows: list[dict[str, Any]]) -> None:
    table = Table(
        "#", "recorded", "resolved", "kind", "Δ days", "title", "detail", show_lines=False
    )
    for r in rows:
        delta = "" if r["delta_days"] is None else f"{r['delta_days']:+d}"
        table.add_row(
            str(r["position"]),
            r["recorded_date"] or "-",
            r["resolved_date"] or "-",
            r["kind"],
            delta,
            r["title"],
            r["detail"],
        )
    console = Console(width=None if sys.stdout.isatty() else 200)
    console.print(table)
    console.print(f"{len(rows)} open findings")


@click.command(name="explain")
@click.argument("query")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@common_options
def explain(query: str, as_json: bool, db: Path | None, verbose: int) -> None:
    """Every piece of evidence and the decision for the entries matching QUERY.

    QUERY is an entry key, an arXiv ID, a DOI, or words that all occur in the title.

    Example: harvester explain "deep dive pathology"
    """
    engine = existing_store(settings_for(db, verbose))
    docs = []
    with Session(engine) as session:
        found = found_ids(session)
        for source, entry in list_present_entries(session):
            if entry_matches(entry, query, found.get((source, entry.entry_key), (None, None))):
                states = list_fetch_states(session, source)
                failures = {k: s.failure for k, s in states.items() if s.failure}
                evidence = evidence_for(session, [entry], failures)[entry.entry_key]
                decision = apply_rule(entry, evidence)
                urls = record_urls(session, [c.key for c in decision.considered])
                docs.append(explanation(source, entry, decision, urls))
    if not docs:
        raise InputError(f"no entry matches {query!r}")
    click.echo(
        json.dumps({"entries": docs}, ensure_ascii=False, indent=2)
        if as_json
        else "\n\n".join(map(explanation_text, docs))
    )


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
    engine = existing_store(settings)
    raw = fetch_list_bytes(source, settings.timeout, settings.user_agent)
    name = canonical_source(source)
    with Session(engine) as session:
        entries = carry_keys(list_known_entries(session, name), parse_list(raw))
    after = render_list(raw, entries, resolved_for_render(engine, name))
    if as_diff:
        click.echo(unified_diff(_diff_path(source), raw, after), nl=False)
    else:
        sys.stdout.buffer.write(after)


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
    engine = existing_store(settings_for(db, verbose), write=True)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    source = canonical_source(source) if source else None
    open_rows = [r for r in list_conflicts(engine, source, list(kinds)) if r["entry_key"] == entry]
    if not open_rows:
        raise InputError(f"{entry}: no open finding to acknowledge")
    with Session(engine) as session, session.begin():
        for row in open_rows:
            finding = session.exec(_finding_query(row)).first()
            if finding is not None:
                add_ack(
                    session,
                    Ack(
                        list_source=row["list_source"],
                        entry_key=entry,
                        kind=row["kind"],
                        evidence_key=finding.evidence_key,
                        note=note,
                        acked_by=getpass.getuser(),
                        acked_at=now,
                    ),
                )
    click.echo(f"{entry}: acknowledged {', '.join(r['kind'] for r in open_rows)}")


def _diff_path(source: str) -> str:
    """The path a diff names: relative to the working directory, as `git apply` expects."""
    if is_url(source):
        return source.rsplit("/", 1)[-1] or "list.md"
    path = os.path.relpath(source)
    return path if not path.startswith("..") else source.lstrip("/")


def _finding_query(row: dict[str, Any]) -> Any:
    return select(Finding).where(
        Finding.list_source == row["list_source"],
        Finding.entry_key == row["entry_key"],
        Finding.kind == row["kind"],
    )
