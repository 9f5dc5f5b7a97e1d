"""Decisions, findings and acknowledgements: writes and reads."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete
from sqlalchemy.dialects.sqlite import insert
from sqlmodel import Session, col, select

from db.models import Ack, FetchState, Finding, StoredEntry
from db.models import Decision as DecisionRow
from harvester.decision import Decision
from harvester.entries import Entry, Link, RecordedDate, Span
from harvester.identifiers import HostHint
from harvester.policy import EntryState


@dataclass(frozen=True)
class StoredDecision:
    """A decision as the views show it, for comparing runs."""

    rule: str | None
    resolved_date: str | None


def decision_row(
    source: str, key: str, decision: Decision, checked_at: str | None, now: str
) -> dict[str, Any]:
    """The stored form of a decision."""
    return {
        "list_source": source, "entry_key": key,
        "resolved_date": decision.resolved_date, "rule": decision.rule,
        "arxiv_id": decision.arxiv_id, "arxiv_submitted": decision.arxiv_submitted,
        "doi": decision.doi, "venue": decision.venue, "venue_type": decision.venue_type,
        "online_date": decision.online_date, "online_date_source": decision.online_date_source,
        "checked_at": checked_at, "decided_at": now,
    }  # fmt: skip


def upsert_decisions(session: Session, rows: list[dict[str, Any]]) -> None:
    """Store decisions (rows from `decision_row`), replacing the previous ones."""
    if not rows:
        return
    stmt = insert(DecisionRow)
    columns = [c for c in rows[0] if c not in {"list_source", "entry_key"}]
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=["list_source", "entry_key"], set_={c: stmt.excluded[c] for c in columns}
        ),
        rows,
    )


def replace_findings(
    session: Session, source: str, keys: list[str], rows: list[dict[str, Any]]
) -> None:
    """Replace every finding of the entries `keys` by `rows`."""
    session.execute(
        delete(Finding).where(col(Finding.list_source) == source, col(Finding.entry_key).in_(keys))
    )
    if rows:
        session.execute(insert(Finding), rows)


def list_decisions(session: Session, source: str) -> dict[str, StoredDecision]:
    """The stored decisions of a list, by entry key."""
    rows = session.exec(select(DecisionRow).where(DecisionRow.list_source == source))
    return {r.entry_key: StoredDecision(r.rule, r.resolved_date) for r in rows}


def found_ids(session: Session) -> dict[tuple[str, str], tuple[str | None, str | None]]:
    """(arXiv ID, DOI) each decision rests on, by (list source, entry key)."""
    rows = session.exec(select(DecisionRow))
    return {(r.list_source, r.entry_key): (r.arxiv_id, r.doi) for r in rows}


def list_entry_states(session: Session, source: str) -> dict[str, EntryState]:
    """What the refresh policy needs of each entry: its last fetch and its decision."""
    states = list_fetch_states(session, source)
    decided = session.exec(select(DecisionRow).where(DecisionRow.list_source == source))
    rules = {r.entry_key: r.rule for r in decided}
    ambiguous = set(
        session.exec(
            select(Finding.entry_key).where(
                Finding.list_source == source, Finding.kind == "ambiguous_match"
            )
        )
    )
    return {
        key: EntryState(
            s.fingerprint, s.checked_at, s.failed_at, s.failures, rules.get(key), key in ambiguous
        )
        for key, s in states.items()
    }


def list_fetch_states(session: Session, source: str) -> dict[str, FetchState]:
    """Each entry's fetch state, by entry key."""
    rows = session.exec(select(FetchState).where(FetchState.list_source == source))
    return {r.entry_key: r for r in rows}


def add_ack(session: Session, ack: Ack) -> None:
    """Record an acknowledgement."""
    session.add(ack)


def list_present_entries(session: Session, source: str | None = None) -> list[tuple[str, Entry]]:
    """(list source, entry) for every entry currently in a list, rebuilt from its row."""
    query = select(StoredEntry).where(StoredEntry.present == 1)
    if source is not None:
        query = query.where(StoredEntry.list_source == source)
    rows = session.exec(query.order_by(col(StoredEntry.list_source), col(StoredEntry.position)))
    return [(r.list_source, entry_from_row(r)) for r in rows]


def entry_from_row(row: StoredEntry) -> Entry:
    """The parsed entry as it was stored."""
    date = None
    if row.date_text is not None:
        date = RecordedDate(row.date_text, row.recorded_date, row.date_problem, 0, 0)
    return Entry(
        position=row.position,
        section=row.section,
        span=Span(row.line_start, row.line_end, row.byte_start, row.byte_end),
        date=date,
        title=row.title,
        tag=row.tag,
        links=tuple(Link(**link) for link in json.loads(row.links_json)),
        arxiv_ids=tuple(json.loads(row.arxiv_ids_json)),
        dois=tuple(json.loads(row.dois_json)),
        hints=tuple(HostHint(**h) for h in json.loads(row.hints_json)),
        problems=tuple(json.loads(row.problems_json)),
        entry_key=row.entry_key,
    )
