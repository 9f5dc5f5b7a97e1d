"""The maintainer's pins: an entry's published version named by hand, kept across harvests."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.dialects.sqlite import insert
from sqlmodel import select

from harvester.store.base import StoreBase
from harvester.store.tables import PinRow
from harvester.values.decisions import Pin


class PinRows(StoreBase):
    """Pins by list and entry key."""

    def pins(self, source: str) -> dict[str, Pin]:
        """The list's pins by entry key."""
        with self._tx() as session:
            rows = session.exec(select(PinRow).where(PinRow.list_source == source))
            return {
                r.entry_key: Pin(r.entry_key, r.target, r.note, r.pinned_by, r.pinned_at)
                for r in rows
            }

    def save_pin(self, source: str, pin: Pin) -> None:
        """Pin an entry (a new pin replaces the old one)."""
        values = {"target": pin.target, "note": pin.note, "pinned_by": pin.pinned_by,
                  "pinned_at": pin.pinned_at}  # fmt: skip
        with self._tx() as session:
            session.execute(
                insert(PinRow)
                .values(list_source=source, entry_key=pin.entry_key, **values)
                .on_conflict_do_update(index_elements=["list_source", "entry_key"], set_=values)
            )

    def remove_pin(self, source: str, entry_key: str) -> bool:
        """Unpin an entry; whether it had a pin."""
        with self._tx() as session:
            result = session.execute(
                delete(PinRow).where(
                    PinRow.list_source == source,  # type: ignore[arg-type]
                    PinRow.entry_key == entry_key,  # type: ignore[arg-type]
                )
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]
