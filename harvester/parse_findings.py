"""Findings the list alone shows, before any source is consulted (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from harvester.entries import Entry

#: Finding kinds decided from the list alone; re-parsing the list replaces them.
PARSE_KINDS = ("missing_recorded_date",)


@dataclass(frozen=True)
class FindingRecord:
    """One finding of the audit table, before it is stored."""

    kind: str
    detail: str
    delta_days: int | None = None


def findings_from_entry(entry: Entry) -> list[FindingRecord]:
    """`missing_recorded_date` when the entry has no date or one that is not a real date."""
    if entry.date is None:
        return [FindingRecord("missing_recorded_date", "The list gives no date for this entry.")]
    if entry.date.value is None:
        why = entry.date.problem or "unreadable"
        return [FindingRecord("missing_recorded_date", f"The recorded date {why}.")]
    return []
