"""Open findings in every format `audit` and `check` print: a table, JSON rows, CSV,
GitHub workflow commands (an annotation on the entry's line) and a Markdown table for a
job summary or a pull-request comment. Each row names the entry key and its line."""

from __future__ import annotations

import csv
import io
import os
import sys
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from harvester.cli.output import emit_json
from harvester.upstream.list_source import is_url
from harvester.upstream.repository import locate_file
from harvester.values.sources import repo_path_of

FORMATS = ("table", "json", "csv", "github", "markdown")
COLUMNS = (
    "list_source", "position", "line", "entry_key", "title", "recorded_date",
    "resolved_date", "kind", "delta_days", "detail", "arxiv_id", "doi",
)  # fmt: skip


def findings_csv(rows: list[dict[str, Any]]) -> str:
    """The open findings as CSV, a header and a row each."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def findings_table(rows: list[dict[str, Any]]) -> None:
    """The open findings as a table on stdout; a line saying so when there are none."""
    console = Console(width=None if sys.stdout.isatty() else 200)
    if not rows:
        console.print("no open findings")
        return
    table = Table(
        "line", "entry", "recorded", "resolved", "kind", "Δ days", "title", "detail",
        show_lines=False,
    )  # fmt: skip
    for r in rows:
        delta = "" if r["delta_days"] is None else f"{r['delta_days']:+d}"
        table.add_row(
            str(r["line"]), r["entry_key"], r["recorded_date"] or "-", r["resolved_date"] or "-",
            r["kind"], delta, r["title"], r["detail"],
        )  # fmt: skip
    console.print(table)
    console.print(f"{len(rows)} open finding{'' if len(rows) == 1 else 's'}")


def findings_github(
    rows: list[dict[str, Any]], path_of: Callable[[str], str], failing: Collection[str]
) -> list[str]:
    """One workflow command per finding, on the entry's line: `error` for the kinds that
    fail the check, `warning` for the others. `path_of` maps a list to its file's path
    from the repository root."""
    lines = []
    for r in rows:
        level = "error" if r["kind"] in failing else "warning"
        props = f"file={_prop(path_of(r['list_source']))},line={r['line']},title={r['kind']}"
        lines.append(f"::{level} {props}::{_data(r['entry_key'] + ': ' + r['detail'])}")
    return lines


def findings_markdown(rows: list[dict[str, Any]], path_of: Callable[[str], str]) -> str:
    """A Markdown table of the findings, with links to arXiv and the DOI."""
    if not rows:
        return "**harvester**: no open findings.\n"
    out = [
        f"**harvester**: {len(rows)} open finding{'s' if len(rows) != 1 else ''}.",
        "",
        "| list | line | entry | kind | recorded | resolved | Δ days | links | detail |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        links = []
        if r.get("arxiv_id"):
            links.append(f"[arXiv](https://arxiv.org/abs/{r['arxiv_id']})")
        if r.get("doi"):
            links.append(f"[DOI](https://doi.org/{r['doi']})")
        delta = "" if r["delta_days"] is None else f"{r['delta_days']:+d}"
        cells = [
            path_of(r["list_source"]), str(r["line"]), f"`{r['entry_key']}`", r["kind"],
            r["recorded_date"] or "-", r["resolved_date"] or "-", delta, " ".join(links),
            r["detail"],
        ]  # fmt: skip
        out.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(out) + "\n"


def _data(text: str) -> str:
    """A workflow command's message, escaped as the runner expects."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    """A workflow command's property value, escaped as the runner expects."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def print_findings(
    rows: list[dict[str, Any]], fmt: str, failing: Collection[str] = ("date_mismatch",)
) -> None:
    """Print `rows` in `fmt` (one of FORMATS) on stdout."""
    if fmt == "json":
        emit_json({"conflicts": rows})
    elif fmt == "csv":
        click.echo(findings_csv(rows), nl=False)
    elif fmt == "github":
        for line in findings_github(rows, annotation_path, failing):
            click.echo(line)
    elif fmt == "markdown":
        click.echo(findings_markdown(rows, annotation_path), nl=False)
    else:
        findings_table(rows)


def annotation_path(name: str) -> str:
    """The file of the list named `name`, as an annotation names it: its path inside its
    repository, else relative to the working directory; a URL by its last segment."""
    if (inside := repo_path_of(name)) is not None:
        return inside
    if is_url(name):
        return name.rstrip("/").rsplit("/", 1)[-1] or name
    path = Path(name)
    if (inside := locate_file(path).repo_path) is not None:
        return inside
    relative = os.path.relpath(path)
    return relative if not relative.startswith("..") else name
