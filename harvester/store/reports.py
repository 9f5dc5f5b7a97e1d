"""Reads over the public views, for the maintainer's commands and the summaries."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from harvester.store.base import StoreBase

_CONFLICTS = (
    "SELECT c.list_source, e.position, e.line_start AS line, c.entry_key, c.title,"
    " c.recorded_date, c.resolved_date, c.kind, c.delta_days, c.detail, d.arxiv_id, d.doi"
    " FROM date_conflicts AS c JOIN entries AS e"
    " ON e.list_source = c.list_source AND e.entry_key = c.entry_key"
    " LEFT JOIN entry_dates AS d ON d.list_source = c.list_source AND d.entry_key = c.entry_key"
    " WHERE (:source IS NULL OR c.list_source = :source)"
    " ORDER BY c.list_source, e.position, c.kind"
)
_RENDERABLE = (
    "SELECT entry_key, resolved_date, arxiv_submitted FROM entry_dates"
    " WHERE list_source = :source AND resolved_date IS NOT NULL AND rule != 'unresolved'"
    " AND entry_key NOT IN (SELECT entry_key FROM findings"
    "   WHERE list_source = :source AND kind = 'ambiguous_match')"
)
_COUNTS = (
    "SELECT (SELECT COUNT(*) FROM entry_dates WHERE list_source = :s"
    " AND resolved_date IS NOT NULL),"
    " (SELECT COUNT(*) FROM date_conflicts WHERE list_source = :s)"
)


class ReportRows(StoreBase):
    """What the views say."""

    def conflicts(self, source: str | None, kinds: list[str]) -> list[dict[str, Any]]:
        """Open findings from `date_conflicts` with the entry's position, in list order."""
        with self._tx() as session:
            result = session.connection().execute(text(_CONFLICTS), {"source": source})
            rows = [dict(r._mapping) for r in result]
        return [r for r in rows if not kinds or r["kind"] in kinds]

    def resolved_for_render(self, source: str) -> dict[str, tuple[str, str | None]]:
        """(resolved date, arXiv submission date) of the entries whose dates may replace
        recorded ones: decided, and not ambiguous."""
        with self._tx() as session:
            result = session.connection().execute(text(_RENDERABLE), {"source": source})
            return {r[0]: (r[1], r[2]) for r in result}

    def view_counts(self, source: str) -> tuple[int, int]:
        """(entries with a resolved date, open findings) of a list, as the views count them."""
        with self._tx() as session:
            row = session.connection().execute(text(_COUNTS), {"s": source}).one()
        return int(row[0]), int(row[1])
