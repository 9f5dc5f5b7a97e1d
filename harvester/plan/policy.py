"""When each entry is due for a refresh (pure; "now" is passed in).

Why each interval is what it is:
- new entries, and entries whose links or title changed: now (nothing is known of them);
- a failed fetch: again after a growing backoff, so an outage is not hammered;
- `arxiv_submitted`: weekly, since a preprint may have become a journal paper; each entry
  has a weekday slot (from its key) so every night carries a similar share;
- `journal_online` and `publisher_online`: quarterly, published dates rarely move;
- `unresolved` and ambiguous entries: fortnightly, in case the sources catch up.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from harvester.values.decisions import EntryState
from harvester.values.entries import Entry
from harvester.values.titles import normalise_title


@dataclass(frozen=True)
class Intervals:
    """Refresh intervals; all configurable."""

    arxiv_days: float = 7
    published_days: float = 90
    unresolved_days: float = 14
    failure_backoff_hours: tuple[float, ...] = (1, 6, 24, 72, 168)


def fingerprint(entry: Entry) -> str:
    """What the entry asks the sources for: its identifiers and normalised title."""
    facts = [list(entry.arxiv_ids), list(entry.dois), [(h.kind, h.value) for h in entry.hints]]
    facts.append([normalise_title(entry.title)])
    return hashlib.sha256(json.dumps(facts).encode()).hexdigest()[:16]


def due_reason(entry: Entry, state: EntryState | None, now: datetime, iv: Intervals) -> str | None:
    """Why the entry should be refreshed now, or None when it is not due."""
    if state is None or (state.checked_at is None and state.failed_at is None):
        return "new entry"
    if state.fingerprint != fingerprint(entry):
        return "links or title changed"
    if state.failed_at and (state.checked_at is None or state.failed_at > state.checked_at):
        step = iv.failure_backoff_hours[min(state.failures, len(iv.failure_backoff_hours)) - 1]
        return (
            "retry after a failed fetch"
            if _since(state.failed_at, now) >= timedelta(hours=step)
            else None
        )
    age = _since(state.checked_at or "", now)
    if state.ambiguous or state.rule in {None, "unresolved"}:
        return "fortnightly re-check" if age >= timedelta(days=iv.unresolved_days) else None
    if state.rule == "arxiv_submitted":
        return _weekly(entry.entry_key, age, now, iv)
    return "quarterly re-check" if age >= timedelta(days=iv.published_days) else None


def _weekly(key: str, age: timedelta, now: datetime, iv: Intervals) -> str | None:
    """Due on the entry's weekday slot (checked over a day ago), or once a full week passed."""
    if age >= timedelta(days=iv.arxiv_days):
        return "weekly check for a journal version"
    slot = int(hashlib.sha256(key.encode()).hexdigest(), 16) % 7
    on_slot = now.toordinal() % 7 == slot and age >= timedelta(days=1)
    return "weekly check for a journal version (its night)" if on_slot else None


def _since(stamp: str, now: datetime) -> timedelta:
    return now - datetime.fromisoformat(stamp)
