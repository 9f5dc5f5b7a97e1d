"""Lists and their entries: idempotent upserts keyed on (list, entry key); gone rows kept."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import CursorResult, delete, text, update
from sqlalchemy.dialects.sqlite import insert
from sqlmodel import SQLModel, col, select

from harvester.store.base import StoreBase
from harvester.store.tables import EntryRow, FindingRow, ListRow
from harvester.values.decisions import DEFAULT_LIST_RULE, LIST_FINDING_KINDS, Finding
from harvester.values.entries import Entry, HostHint, KnownEntry, Link, RecordedDate, Span

#: Every table keyed by a list's name (runs keep the names they were given).
_LIST_TABLES = ("entries", "fetch_state", "decisions", "findings", "acks", "pins", "run_events")
_NAMES = "SELECT source FROM list_sources WHERE source IN (:old, :new)"


@dataclass(frozen=True)
class StoreCounts:
    """What one store of a parsed list changed, and the entries with their final keys."""

    entries: int
    new: int
    gone: int
    stored: list[Entry]


class ListRows(StoreBase):
    """Writes and reads of lists and entries."""

    def known_entries(self, source: str) -> list[KnownEntry]:
        """The entries of `source` that were present at its last read."""
        with self._tx() as session:
            rows = session.exec(
                select(EntryRow).where(EntryRow.list_source == source, EntryRow.present == 1)
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

    def save_list(
        self,
        source: str,
        entries: list[Entry],
        now: str,
        rekey: Callable[[list[KnownEntry], list[Entry]], list[Entry]],
        list_findings: Callable[[Entry], list[Finding]],
        rule: str | None = None,
    ) -> StoreCounts:
        """Upsert a list's entries in one transaction, keyed by `rekey` against the known
        ones; entries no longer in it are marked gone; their list findings replaced. A
        `rule` given becomes the list's rule; else it keeps its own (new lists: the default)."""
        with self.transaction(), self._tx() as session:
            known = self.known_entries(source)
            entries = rekey(known, entries)
            keys = [e.entry_key for e in entries]
            new = len(set(keys) - {k.entry_key for k in known})
            rows = [
                {"list_source": source, "entry_key": e.entry_key, "first_seen_at": now,
                 **_entry_values(e, now)}
                for e in entries
            ]  # fmt: skip
            if rows:
                session.execute(_UPSERT_ENTRY, rows)
            gone_result: CursorResult[Any] = session.execute(  # type: ignore[assignment]
                update(EntryRow)
                .where(col(EntryRow.list_source) == source, col(EntryRow.present) == 1)
                .where(col(EntryRow.entry_key).not_in(keys))
                .values(present=0, gone_at=now)
            )
            session.execute(
                delete(FindingRow).where(
                    col(FindingRow.list_source) == source,
                    col(FindingRow.kind).in_(LIST_FINDING_KINDS),
                )
            )
            for entry in entries:
                for f in list_findings(entry):
                    session.add(
                        FindingRow(
                            list_source=source, entry_key=entry.entry_key, kind=f.kind,
                            delta_days=f.delta_days, detail=f.detail, opened_at=now,
                        )
                    )  # fmt: skip
            kept = {"last_read_at": now, "entry_count": len(keys)}
            session.execute(
                insert(ListRow)
                .values(source=source, first_read_at=now, date_rule=rule or DEFAULT_LIST_RULE,
                        **kept)
                .on_conflict_do_update(
                    index_elements=["source"], set_=kept | ({"date_rule": rule} if rule else {})
                )
            )  # fmt: skip
        return StoreCounts(len(entries), new, gone_result.rowcount, entries)

    def present_entries(self, source: str | None = None) -> list[tuple[str, Entry]]:
        """(list source, entry) for every entry currently in a list, rebuilt from its row."""
        query = select(EntryRow).where(EntryRow.present == 1)
        if source is not None:
            query = query.where(EntryRow.list_source == source)
        with self._tx() as session:
            rows = session.exec(query.order_by(col(EntryRow.list_source), col(EntryRow.position)))
            return [(r.list_source, _entry_from_row(r)) for r in rows]

    def list_rule(self, source: str) -> str:
        """The list's rule (`journal-first` until one is given)."""
        with self._tx() as session:
            rule = session.exec(select(ListRow.date_rule).where(ListRow.source == source)).first()
            return rule or DEFAULT_LIST_RULE

    def list_sources(self) -> list[str]:
        """Every list the database has read."""
        with self._tx() as session:
            return list(session.exec(select(ListRow.source).order_by(col(ListRow.source))))

    def rename_list(self, old: str, new: str) -> bool:
        """Carry the list stored as `old` over to the name `new`, with its entries, fetch
        states, decisions, findings, acks, pins and run events, in one transaction;
        False (nothing changed) when `old` is not stored or `new` already is."""
        with self._tx() as session:
            conn = session.connection()
            known = {r[0] for r in conn.execute(text(_NAMES), {"old": old, "new": new})}
            if old not in known or new in known:
                return False
            conn.execute(text("UPDATE list_sources SET source = :new WHERE source = :old"),
                         {"old": old, "new": new})  # fmt: skip
            for table in _LIST_TABLES:
                conn.execute(
                    text(f"UPDATE {table} SET list_source = :new WHERE list_source = :old"),
                    {"old": old, "new": new},
                )
        return True


def _upsert_entry_statement() -> Any:
    """One upsert for many entries: a known entry keeps its first_seen_at and comes back."""
    stmt = insert(EntryRow)
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
        "recorded_precision": date.precision if date else None,
        "date_label": date.label if date else None,
        "date_source": date.source if date else None,
        "date_notation": date.notation if date else None,
    }


def _entry_from_row(row: EntryRow) -> Entry:
    """The parsed entry as it was stored."""
    date = None
    if row.date_text is not None:
        date = RecordedDate(
            row.date_text, row.recorded_date, row.date_problem, 0, 0,
            row.recorded_precision or "day", row.date_label, row.date_source or "entry",
            row.date_notation or "ymd",
        )  # fmt: skip
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
