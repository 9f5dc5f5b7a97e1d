"""Open findings in every format `audit` and `check` print: a table, JSON rows, CSV,
GitHub workflow commands (an annotation on the entry's line) and a Markdown table for a
job summary or a pull-request comment. Each row names the entry key and its line."""

from __future__ import annotations

import csv
import io
import os
import shutil
import sys
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import Any

import click
from rich import box
from rich.cells import cell_len, set_cell_size
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


TABLE_TITLE_MIN = 16  # a title narrower than this says nothing: drop the column instead
TABLE_DETAIL_MIN = 30  # the evidence narrower than this wraps a word a line: one line each
_FIXED = ("line", "entry", "recorded", "resolved", "kind", "Δ days")


def output_width(environ: Mapping[str, str], tty_width: int | None) -> int | None:
    """The width to fit: `COLUMNS` when it is a positive number, else the terminal's, else
    none (off a terminal nothing is cut or wrapped)."""
    value = environ.get("COLUMNS", "").strip()
    if value.isascii() and value.isdigit() and int(value) > 0:
        return int(value)
    return tty_width


def _cells(r: dict[str, Any]) -> list[str]:
    delta = "" if r["delta_days"] is None else f"{r['delta_days']:+d}"
    return [
        str(r["line"]), r["entry_key"], r["recorded_date"] or "-", r["resolved_date"] or "-",
        r["kind"], delta,
    ]  # fmt: skip


def _gaps(columns: int) -> int:
    """The table's width beyond its cells: two spaces between columns."""
    return 2 * (columns - 1)


def table_layout(rows: list[dict[str, Any]], width: int | None) -> tuple[int, int] | None:
    """The widths of the title and detail columns that fit `width` (title 0: no title
    column), or None when even the detail cannot have TABLE_DETAIL_MIN: one line each."""
    fixed = [
        max(cell_len(h), *(cell_len(_cells(r)[i]) for r in rows)) for i, h in enumerate(_FIXED)
    ]
    title = max(cell_len(r["title"]) for r in rows)
    detail = max(cell_len(r["detail"]) for r in rows)
    if width is None:
        return title, detail
    room = width - sum(fixed) - _gaps(len(fixed) + 2)
    if room >= TABLE_TITLE_MIN + TABLE_DETAIL_MIN:
        title_w = min(title, max(TABLE_TITLE_MIN, room - detail))
        return title_w, min(detail, room - title_w)
    room = width - sum(fixed) - _gaps(len(fixed) + 1)
    if room >= TABLE_DETAIL_MIN:
        return 0, min(detail, room)
    return None


def finding_lines(rows: list[dict[str, Any]], width: int | None) -> list[str]:
    """One line per finding (line, entry key, kind, difference, evidence), cut to `width`
    terminal cells with an ellipsis; the entry key is never cut."""
    lines = []
    for r in rows:
        line, key, _, _, kind, delta = _cells(r)
        head = f"{line:>4} {key} "
        text = f"{head}{kind}{' ' + delta if delta else ''}: {r['detail']}"
        if width is not None and cell_len(text) > width:
            keep = max(width - 1, cell_len(head) + 1)
            text = set_cell_size(text, keep).rstrip() + "…"
        lines.append(text)
    return lines


def findings_table(rows: list[dict[str, Any]], width: int | None) -> None:
    """The open findings on stdout, fitting `width`: a table whose detail wraps (the title
    cut, or left out when narrower), or one line per finding; a line saying so when none."""
    if not rows:
        click.echo("no open findings")
        return
    layout = table_layout(rows, width)
    if layout is None:
        lines = finding_lines(rows, width)
        click.echo("\n".join(lines))
        if any(line.endswith("…") for line in lines):
            hint = f"(cut to {width} columns: explain ENTRY or --format csv shows all)"
            click.echo(hint if cell_len(hint) <= (width or 0) else "(cut: explain ENTRY shows all)")
    else:
        title_w, detail_w = layout
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 0, 0, 1))
        for header in _FIXED:
            table.add_column(header, no_wrap=True)
        if title_w:
            table.add_column("title", width=title_w, no_wrap=True, overflow="ellipsis")
        table.add_column("detail", width=detail_w, overflow="fold")
        for r in rows:
            table.add_row(*_cells(r), *([r["title"]] if title_w else []), r["detail"])
        out = Console(width=10_000, highlight=False, markup=False, emoji=False)
        with out.capture() as captured:
            out.print(table)
        click.echo("\n".join(line.rstrip() for line in captured.get().splitlines()))
    click.echo(f"{len(rows)} open finding{'' if len(rows) == 1 else 's'}")


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
        tty = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
        findings_table(rows, output_width(os.environ, tty))


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
