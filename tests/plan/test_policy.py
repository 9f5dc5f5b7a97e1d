"""The refresh policy, with the clock passed in."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from harvester.listing.parse import parse_list
from harvester.plan.policy import EntryState, Intervals, due_reason, fingerprint

NOW = datetime(2026, 11, 28, 2, 0, tzinfo=UTC)
IV = Intervals()
ENTRY = parse_list(
    b"- (2024/01/19) Towards Universal. [[MIDL](http://arxiv.org/abs/2401.10637)]\n"
)[0]


def state(
    rule: str | None,
    checked: timedelta | None,
    failed: timedelta | None = None,
    failures: int = 0,
    ambiguous: bool = False,
) -> EntryState:
    at = lambda d: (NOW - d).isoformat() if d is not None else None  # noqa: E731
    return EntryState(fingerprint(ENTRY), at(checked), at(failed), failures, rule, ambiguous)


def test_new_and_changed_entries_are_due_now() -> None:
    """Never fetched, or fetched for other links: due at once."""
    assert due_reason(ENTRY, None, NOW, IV) == "new entry"
    moved = parse_list(
        b"- (2024/01/19) Towards Universal. [[MIDL](http://arxiv.org/abs/2401.10638)]\n"
    )[0]
    assert (
        due_reason(moved, state("arxiv_submitted", timedelta(hours=1)), NOW, IV)
        == "links or title changed"
    )


def test_intervals_per_rule() -> None:
    """journal/publisher 90 days, unresolved and ambiguous 14, arXiv within a week."""
    assert due_reason(ENTRY, state("journal_online", timedelta(days=89)), NOW, IV) is None
    assert (
        due_reason(ENTRY, state("publisher_online", timedelta(days=91)), NOW, IV)
        == "quarterly re-check"
    )
    assert due_reason(ENTRY, state("unresolved", timedelta(days=13)), NOW, IV) is None
    assert (
        due_reason(ENTRY, state("unresolved", timedelta(days=15)), NOW, IV)
        == "fortnightly re-check"
    )
    assert (
        due_reason(ENTRY, state("journal_online", timedelta(days=15), ambiguous=True), NOW, IV)
        == "fortnightly re-check"
    )
    assert due_reason(ENTRY, state("arxiv_submitted", timedelta(days=8)), NOW, IV) is not None
    assert due_reason(ENTRY, state("arxiv_submitted", timedelta(hours=20)), NOW, IV) is None


def test_failures_back_off() -> None:
    """A failed entry is retried after 1 h, then 6 h, then 24 h..."""
    assert due_reason(ENTRY, state(None, None, timedelta(minutes=30), 1), NOW, IV) is None
    assert (
        due_reason(ENTRY, state(None, None, timedelta(hours=2), 1), NOW, IV)
        == "retry after a failed fetch"
    )
    assert due_reason(ENTRY, state(None, None, timedelta(hours=2), 2), NOW, IV) is None
    assert (
        due_reason(
            ENTRY, state("arxiv_submitted", timedelta(days=3), timedelta(hours=7), 2), NOW, IV
        )
        is not None
    )


def test_weekly_checks_are_spread_over_the_week() -> None:
    """700 arXiv-only entries checked on one night are re-checked over the next seven nights,
    about a seventh each night, and every one within the week."""
    entries = parse_list(
        "".join(
            f"- (2024/01/19) P{i}. [[a](https://arxiv.org/abs/2401.{i:05d})]\n"
            for i in range(1, 701)
        ).encode()
    )
    first = NOW - timedelta(days=0)
    checked = {e.entry_key: first for e in entries}
    per_night: Counter[int] = Counter()
    for night in range(1, 8):
        now = first + timedelta(days=night)
        for e in entries:
            st = EntryState(
                fingerprint(e), checked[e.entry_key].isoformat(), None, 0, "arxiv_submitted", False
            )
            if due_reason(e, st, now, IV):
                per_night[night] += 1
                checked[e.entry_key] = now
    assert sum(per_night.values()) == 700
    assert all(60 <= per_night[n] <= 140 for n in range(1, 8)), per_night
