"""Findings the list alone shows, before any service is consulted (pure)."""

from __future__ import annotations

from harvester.values.decisions import Finding
from harvester.values.entries import Entry


def findings_from_entry(entry: Entry) -> list[Finding]:
    """`missing_recorded_date` when the entry has no date or one that is not a real date."""
    if entry.date is None:
        return [Finding("missing_recorded_date", "The list gives no date for this entry.")]
    if entry.date.value is None:
        why = entry.date.problem or "unreadable"
        return [Finding("missing_recorded_date", f"The recorded date {why}.")]
    return []
