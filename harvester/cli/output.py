"""The one output layer: every command's JSON document, CSV and table, and its text lines.

JSON shapes (one document per command; README "Machine-readable output"):
- `parse --json`: {"source", "count", "entries": [entry]}
- `harvest --json`, `nightly --json`: the run document, `run_doc`
- `audit --format json`: {"conflicts": [finding row]}
- `explain --json`: {"entries": [explanation]}
- `runs --json`: {"runs": [run]}
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

import click

from harvester.rule.changes import describe_change
from harvester.rule.order import OrderBreak, order_finding
from harvester.values.entries import Entry
from harvester.values.runs import HarvestSummary, RunReport, failure_classes


def emit_json(doc: Any) -> None:
    """Print one JSON document."""
    click.echo(json.dumps(doc, ensure_ascii=False, indent=2))


def emit_json_items(head: dict[str, Any], key: str, items: Iterable[Any]) -> None:
    """Print `head` with `key` added, holding the array of `items`, byte for byte as
    `emit_json` would, but one item at a time: a 200,000-entry list's document is never
    all in memory at once."""
    if key in head:
        raise ValueError(f"{key!r} is already in the document")
    opening = json.dumps({**head, key: []}, ensure_ascii=False, indent=2)
    before, empty = opening.rsplit("[]", 1)
    parts, count = [f"{before}["], 0
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n    ")
        parts.append(f"{',' if count else ''}\n    {text}")
        count += 1
        if len(parts) >= 1000:  # printed a thousand at a time: each echo flushes
            click.echo("".join(parts), nl=False)
            parts = []
    click.echo("".join(parts) + (f"\n  ]{empty}" if count else f"]{empty}"))


def summary_doc(s: HarvestSummary) -> dict[str, Any]:
    """One list's harvest, as JSON: the same in `harvest` and `nightly`."""
    return {
        "source": s.source, "list_rule": s.list_rule, "entries": s.entries, "new": s.new,
        "gone": s.gone, "due": s.due, "refreshed": s.refreshed, "resolved": s.resolved,
        "conflicts": s.conflicts,
        "rules": s.rules, "requests": s.requests, "retries": s.retries,
        "failures": s.failures, "failed": s.failed,
    }  # fmt: skip


def run_doc(report: RunReport) -> dict[str, Any]:
    """A run as JSON: its changed decisions, each list's summary, the unreadable lists."""
    return {
        "run_id": report.run_id,
        "exit_code": report.exit_code,
        "changed": [asdict(e) for e in report.events],
        "lists": [summary_doc(s) for s in report.summaries],
        "unreadable": report.unreadable,
    }


def entry_line(entry: Entry) -> str:
    """One parsed entry on one line: position, date, key, title, identifiers, problems."""
    date = entry.recorded_date or (f"!{entry.date.text}" if entry.date else "-")
    ids = ", ".join([*entry.arxiv_ids, *entry.dois]) or "-"
    problems = f"  [{'; '.join(entry.problems)}]" if entry.problems else ""
    return f"{entry.position:>4}  {date:<11} {entry.entry_key:<34} {entry.title}  ({ids}){problems}"


def order_warnings(source: str, moved: list[OrderBreak]) -> list[str]:
    """`render`'s warning lines: `SOURCE:LINE: KEY: order: DETAIL` for each entry its new
    date puts out of the list's order."""
    return [
        f"{source}:{b.entry.span.line_start}: {b.entry.entry_key}: order: {order_finding(b).detail}"
        for b in moved
    ]


def summary_text(s: HarvestSummary, db_path: str) -> str:
    """The one-screen summary of a harvest: what changed first."""
    changes = [f"  {c.entry_key}: {describe_change(c)[1]}" for c in s.changes if c.before[0]]
    first = sum(1 for c in s.changes if not c.before[0] and c.entry_key not in s.failed)
    return "\n".join(
        [
            *([f"changed    {len(changes)} decisions", *changes] if changes else []),
            *([f"decided    {first} entries for the first time"] if first else []),
            f"list       {s.source} (rule {s.list_rule})",
            f"database   {db_path}",
            f"entries    {s.entries} ({s.new} new, {s.gone} gone, {s.due} due for a refresh)",
            f"resolved   {s.resolved}",
            f"conflicts  {s.conflicts}",
            f"requests   arxiv {s.requests['arxiv']}, crossref {s.requests['crossref']}",
            f"retries    arxiv {s.retries.get('arxiv', 0)}, "
            f"crossref {s.retries.get('crossref', 0)}",
            f"failures   {s.failures} {'entry' if s.failures == 1 else 'entries'} not served"
            " (retried next run; `audit --kind fetch_failed` names them)"
            if s.failures
            else "failures   0",
            *(
                f"  {label} ({n} {'entry' if n == 1 else 'entries'})"
                for label, n in failure_classes(s.failed)
            ),
        ]
    )


def nightly_lines(report: RunReport) -> list[str]:
    """A run for cron: changed decisions first, then one line per list, then unreadable lists."""
    lines = [
        f"changed {e.list_source} {e.entry_key}: {e.message}"
        for e in report.events
        if e.kind != "new_decision"
    ]
    if first := sum(1 for e in report.events if e.kind == "new_decision"):
        lines.append(f"decided {first} entries for the first time")
    for s in report.summaries:
        lines.append(
            f"list {s.source}: {s.entries} entries, {s.due} due, requests arxiv "
            f"{s.requests.get('arxiv', 0)} crossref {s.requests.get('crossref', 0)}, "
            f"{s.failures} failed, {s.conflicts} open findings"
        )
    lines += [f"unreadable {source}: {why}" for source, why in report.unreadable.items()]
    lines.append(
        f"run {report.run_id}: exit {report.exit_code}"
        if report.run_id is not None
        else f"no run: no list could be read, nothing stored: exit {report.exit_code}"
    )
    return lines


def runs_lines(history: list[dict[str, Any]]) -> list[str]:
    """The run history, a line per run and one per changed decision."""
    lines = []
    for run in history:
        lines.append(
            f"run {run['id']}  {run['started_at']} -> {run['finished_at'] or '...'}  "
            f"{run['outcome']}{' (' + run['reason'] + ')' if run.get('reason') else ''}: "
            f"{run['entries_seen']} entries, {run['entries_due']} due, "
            f"requests {json.dumps(run['requests'])}, retries {json.dumps(run['retries'])}, "
            f"{run['failures']} failed, {run['decisions_changed']} changed"
        )
        lines += [f"    {e['entry_key']}: {e['message']}" for e in run["events"]]
    return lines


def explanation_text(doc: dict[str, Any]) -> str:
    """An entry's explanation for a reader: the candidates under the request each came
    from, the decision without the parts it does not have, the findings and the acks."""
    d = doc["decision"]
    lines = [
        f"{doc['entry_key']}  (#{doc['position']}, line {doc['line']} of {doc['list_source']})",
        f"  title     {doc['title']}",
        f"  recorded  {doc['recorded_date'] or '-'}",
        *(
            [f"  pinned    {p['target']} by {p['pinned_by']} at {p['pinned_at']}: {p['note']}"]
            if (p := doc.get("pin"))
            else []
        ),
        *(f"  note      {n}" for n in doc.get("notes", [])),
        *(["  considered:", *_considered(doc["considered"])] if doc["considered"] else []),
        f"  decision  {d['rule']}: {d['resolved_date'] or 'no date'}"
        f" (list rule {doc['list_rule']})",
        *(
            [f"    arXiv   {d['arxiv_id']} submitted {d['arxiv_submitted'] or '-'}"]
            if d["arxiv_id"]
            else []
        ),
        *(
            [
                f"    version {d['doi']} ({d['venue_type'] or 'no type'}, "
                f"{d['venue'] or 'no venue'}) online {d['online_date'] or '-'}"
                + (f" from {d['online_date_source']}" if d["online_date_source"] else "")
            ]
            if d["doi"]
            else []
        ),
        *(
            f"  finding   {f['kind']}: {f['detail']}{' (acked)' if f.get('acked') else ''}"
            for f in doc["findings"]
        ),
        *(
            f"  ack       {a['kind']} by {a['acked_by']} at {a['acked_at']}: {a['note']}"
            + ("" if a["holds"] else " (no longer holds: the evidence changed)")
            for a in doc.get("acks", [])
        ),
    ]
    return "\n".join(lines)


def _considered(candidates: list[dict[str, Any]]) -> list[str]:
    """The candidates, grouped under the request their answer came from, in order."""
    lines: list[str] = []
    heading = None
    for c in candidates:
        here = f"    {c['origin']}" + (f", from {c['request']}" if c.get("request") else "")
        if here != heading:
            lines.append(here)
            heading = here
        title = f" {c['title']!r}" if c["title"] else ""
        lines.append(f"      {c['key']}{title}: {c['verdict']}")
    return lines
