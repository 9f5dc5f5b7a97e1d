"""A published version's online date, by the rule's order of date sources (pure)."""

from __future__ import annotations

from datetime import date, timedelta

from harvester.values.evidence import CrossrefWork

#: Where a published version's online date comes from, first that exists:
#: 1. `published-online`, day precision only: the publisher's own online date
#:    (Springer, Springer Nature, Wiley, MDPI, Frontiers deposit it), unless the Wiley
#:    guard applies (more than a year after a day-precise `published-print`).
#: 2. `first_online`: Springer's assertion of the same day, for works that lack (1).
#: 3. `created`: Elsevier and IEEE deposit no online date; their DOI is registered the
#:    day the article goes online ("Available online", "Early Access").
#: Never `issued`/`published` (earlier of print and online, month-only counts as the
#: 1st), `published-print` (the issue), `deposited`, `indexed` or `journal-issue`.
ONLINE_DATE_SOURCES = ("published-online", "first_online", "created")

#: A day-precise `published-online` more than this after a day-precise `published-print`
#: is a re-deposit (seen with Wiley), not the day the article went online.
WILEY_GUARD = timedelta(days=365)


def online_date(work: CrossrefWork) -> tuple[str | None, str | None]:
    """(ISO date, which field gave it) by ONLINE_DATE_SOURCES; (None, None) when none."""
    for source in ONLINE_DATE_SOURCES:
        if source == "published-online" and (day := _day(work.published_online)):
            printed = _day(work.published_print)
            if printed is None or day - printed <= WILEY_GUARD:
                return day.isoformat(), source
        elif source == "first_online" and work.first_online:
            return work.first_online, source
        elif source == "created" and work.created:
            return work.created, source
    return None, None


def _day(parts: tuple[int, ...] | None) -> date | None:
    if parts is None or len(parts) < 3:
        return None
    return date(parts[0], parts[1], parts[2])
