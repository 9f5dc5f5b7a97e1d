"""Reads for the maintainer's commands, over the public views."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, text


def list_conflicts(engine: Engine, source: str | None, kinds: list[str]) -> list[dict[str, Any]]:
    """Open findings from `date_conflicts`, newest list position first."""
    sql = (
        "SELECT c.list_source, e.position, c.entry_key, c.title, c.recorded_date,"
        " c.resolved_date, c.kind, c.delta_days, c.detail"
        " FROM date_conflicts AS c JOIN entries AS e"
        " ON e.list_source = c.list_source AND e.entry_key = c.entry_key"
        " WHERE (:source IS NULL OR c.list_source = :source)"
        " ORDER BY c.list_source, e.position, c.kind"
    )
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(text(sql), {"source": source})]
    return [r for r in rows if not kinds or r["kind"] in kinds]


def list_sources(engine: Engine) -> list[str]:
    """Every list the database has read."""
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(text("SELECT source FROM list_sources ORDER BY source"))]


def resolved_for_render(engine: Engine, source: str) -> dict[str, str]:
    """Resolved dates that may replace recorded ones: decided, and not ambiguous."""
    sql = (
        "SELECT entry_key, resolved_date FROM entry_dates"
        " WHERE list_source = :source AND resolved_date IS NOT NULL AND rule != 'unresolved'"
        " AND entry_key NOT IN (SELECT entry_key FROM findings"
        "   WHERE list_source = :source AND kind = 'ambiguous_match')"
    )
    with engine.connect() as conn:
        return {r[0]: r[1] for r in conn.execute(text(sql), {"source": source})}
