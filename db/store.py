"""Every write and read of the store; idempotent upserts keyed on (list, entry key)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import CursorResult, Engine, delete, update
from sqlalchemy.dialects.sqlite import insert
from sqlmodel import Session, SQLModel, col, select

from db.models import Finding, ListSource, StoredEntry
from harvester.entries import Entry
from harvester.keys import KnownEntry, carry_keys
from harvester.parse_findings import PARSE_KINDS, findings_from_entry


@dataclass(frozen=True)
class StoreCounts:
    """What one store of a parsed list changed, and the entries with their final keys."""

    entries: int
    new: int
    gone: int
    stored: list[Entry]


def list_known_entries(session: Session, source: str) -> list[KnownEntry]:
    """The entries of `source` that were present at its last read."""
    rows = session.exec(
        select(StoredEntry).where(StoredEntry.list_source == source, StoredEntry.present == 1)
    )
    return [
        KnownEntry(
            r.entry_key,
            r.title,
            tuple(json.loads(r.arxiv_ids_json)),
            tuple(json.loads(r.dois_json)),
        )
        for r in rows
    ]


def store_parsed_list(engine: Engine, source: str, entries: list[Entry], now: str) -> StoreCounts:
    """Upsert a list's entries in one transaction; entries no longer in it are marked gone."""
    with Session(engine) as session, session.begin():
        known = list_known_entries(session, source)
        entries = carry_keys(known, entries)
        keys = [e.entry_key for e in entries]
        new = len(set(keys) - {k.entry_key for k in known})
        rows = [
            {
                "list_source": source,
                "entry_key": e.entry_key,
                "first_seen_at": now,
                **_entry_values(e, now),
            }
            for e in entries
        ]
        if rows:
            session.execute(_UPSERT_ENTRY, rows)
        gone_result: CursorResult[Any] = session.execute(  # type: ignore[assignment]
            update(StoredEntry)
            .where(col(StoredEntry.list_source) == source, col(StoredEntry.present) == 1)
            .where(col(StoredEntry.entry_key).not_in(keys))
            .values(present=0, gone_at=now)
        )
        gone = gone_result.rowcount
        _replace_parse_findings(session, source, entries, now)
        session.execute(
            insert(ListSource)
            .values(source=source, first_read_at=now, last_read_at=now, entry_count=len(entries))
            .on_conflict_do_update(
                index_elements=["source"], set_={"last_read_at": now, "entry_count": len(entries)}
            )
        )
    return StoreCounts(entries=len(entries), new=new, gone=gone, stored=entries)


def _upsert_entry_statement() -> Any:
    """One upsert for many entries: a known entry keeps its first_seen_at and comes back."""
    stmt = insert(StoredEntry)
    keep = {"list_source", "entry_key", "first_seen_at", "present", "last_seen_at", "gone_at"}
    columns = SQLModel.metadata.tables["entries"].columns
    changed = {c.name: stmt.excluded[c.name] for c in columns if c.name not in keep}
    return stmt.on_conflict_do_update(
        index_elements=["list_source", "entry_key"],
        set_={**changed, "present": 1, "last_seen_at": stmt.excluded.last_seen_at, "gone_at": None},
    )


_UPSERT_ENTRY = _upsert_entry_statement()


def _entry_values(entry: Entry, now: str = "") -> dict[str, Any]:
    date = entry.date
    return {
        "present": 1,
        "last_seen_at": now,
        "gone_at": None,
        "position": entry.position,
        "section": entry.section,
        "title": entry.title,
        "tag": entry.tag,
        "recorded_date": entry.recorded_date,
        "date_text": date.text if date else None,
        "date_problem": date.problem if date else None,
        "line_start": entry.span.line_start,
        "line_end": entry.span.line_end,
        "byte_start": entry.span.byte_start,
        "byte_end": entry.span.byte_end,
        "links_json": json.dumps([asdict(link) for link in entry.links], ensure_ascii=False),
        "arxiv_ids_json": json.dumps(list(entry.arxiv_ids)),
        "dois_json": json.dumps(list(entry.dois)),
        "hints_json": json.dumps([asdict(h) for h in entry.hints]),
        "problems_json": json.dumps(list(entry.problems), ensure_ascii=False),
    }


def _replace_parse_findings(session: Session, source: str, entries: list[Entry], now: str) -> None:
    session.execute(
        delete(Finding).where(
            col(Finding.list_source) == source, col(Finding.kind).in_(PARSE_KINDS)
        )
    )
    for entry in entries:
        for f in findings_from_entry(entry):
            session.add(
                Finding(
                    list_source=source,
                    entry_key=entry.entry_key,
                    kind=f.kind,
                    delta_days=f.delta_days,
                    detail=f.detail,
                    opened_at=now,
                )
            )
