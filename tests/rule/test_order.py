"""`order`: when a section is sorted by date, and which entries its dates put out of that order.

Every threshold is pinned on both sides: two ordered pairs (not one), one pair in five
against the others (not one in four), ties at the dates' own precision.
"""

from __future__ import annotations

import itertools
import time
from datetime import date, timedelta

import pytest

from harvester.listing.parse import parse_list
from harvester.pipeline.reconcile import evidence_key
from harvester.rule.order import (
    MIN_ORDERED_PAIRS,
    PAIRS_PER_EXCEPTION,
    order_breaks,
    order_finding,
    sorted_newest_first,
)
from harvester.values.decisions import Decision
from harvester.values.entries import Entry
from harvester.values.periods import period


def _spans(*dates: str) -> list[tuple[int, int]]:
    """Dates as `sorted_newest_first` takes them: `2023-03-15` a day, `2023-03` a month."""
    precision = {10: "day", 7: "month", 4: "year"}
    out = []
    for d in dates:
        first, last = period(d, precision[len(d)])
        out.append((first.toordinal(), last.toordinal()))
    return out


def _days(n: int, newest_first: bool = True) -> list[str]:
    """`n` distinct days in the direction asked."""
    days = [f"2023-01-{d:02d}" for d in range(1, n + 1)]
    return days[::-1] if newest_first else days


def test_the_thresholds_are_the_documented_ones() -> None:
    """Two ordered pairs at least; at most one in five against the majority."""
    assert (MIN_ORDERED_PAIRS, PAIRS_PER_EXCEPTION) == (2, 5)


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        (["2023-01-03", "2023-01-02", "2023-01-01"], True),  # two ordered pairs: sorted
        (["2023-01-02", "2023-01-01"], None),  # one ordered pair: just outside
        (["2023-01-02", "2023-01-02", "2023-01-01"], None),  # a tie is no ordered pair
        (["2023-01-01", "2023-01-02", "2023-01-03"], False),  # oldest first
        (["2023-01-02", "2023-01-01", "2023-01-02"], None),  # one each way
        # ties at the recorded precision: March overlaps 15 March and 1 March
        (["2023-04", "2023-03", "2023-03-15", "2023-03-01", "2023-02"], True),
        (["2023-03", "2023-03-15", "2023-03-01"], None),  # only one strict pair
    ],
)
def test_a_section_is_sorted_with_two_ordered_pairs(dates: list[str], expected: object) -> None:
    """Adjacent pairs whose periods do not overlap are ordered; ties never count."""
    assert sorted_newest_first(_spans(*dates)) is expected


@pytest.mark.parametrize(
    ("ordered", "against", "sorted_"),
    [(5, 1, True), (4, 1, False), (10, 2, True), (9, 2, False), (15, 3, True), (14, 3, False)],
)
def test_one_pair_in_five_may_run_against_the_others(
    ordered: int, against: int, sorted_: bool
) -> None:
    """`against` inverted pairs among `ordered`: sorted while against x 5 <= ordered."""
    spans = _spans(*_days(ordered - 2 * against + 1))
    for _ in range(against):  # each: one step back up and one more down, i.e. +1 against
        top = spans[-1]
        spans += [(top[0] + 1, top[1] + 1), (top[0] - 1, top[1] - 1)]
    newer = sum(upper[0] > lower[1] for upper, lower in itertools.pairwise(spans))
    older = sum(upper[1] < lower[0] for upper, lower in itertools.pairwise(spans))
    assert (newer + older, min(newer, older)) == (ordered, against)
    assert sorted_newest_first(spans) is (True if sorted_ else None)


LIST = """# Papers

## Anomaly detection

- (2024/04/16) Alpha. [[arXiv](https://arxiv.org/abs/2404.00001)]
- (2024/03/19) Beta. [[arXiv](https://arxiv.org/abs/2403.00002)]
- (2023/03/15) Gamma. [[arXiv](https://arxiv.org/abs/2303.00003)]
- (2023/03/01) Delta. [[arXiv](https://arxiv.org/abs/2303.00004)]
- (2022/09/16) Epsilon. [[arXiv](https://arxiv.org/abs/2209.00005)]
- (2021/06/01) Omega. [[arXiv](https://arxiv.org/abs/2106.00008)]
"""


def _entries(text: str) -> list[Entry]:
    return parse_list(text.encode())


def _breaks(text: str, targets: dict[str, str]) -> list[tuple[str, str, bool, str, bool]]:
    return [
        (b.entry.entry_key, b.written, b.changed, b.neighbour.entry_key, b.above)
        for b in order_breaks(_entries(text), targets)
    ]


def test_a_resolved_date_that_moves_an_entry_above_its_neighbour_is_named() -> None:
    """The issue's case: 2023/03/01 resolved to 2023-07-27 sits below 2023/03/15 in a list
    sorted newest first; the detail says where and which way to move it, word for word."""
    entries = _entries(LIST)
    (b,) = order_breaks(entries, {"arxiv:2303.00004": "2023-07-27"})
    assert (b.entry.entry_key, b.neighbour.entry_key, b.above, b.changed) == (
        "arxiv:2303.00004", "arxiv:2303.00003", True, True,
    )  # fmt: skip
    finding = order_finding(b)
    assert (finding.kind, finding.delta_days) == ("order", None)
    assert finding.detail == (
        "The section is sorted newest first; at its resolved date 2023-07-27 this entry is"
        " newer than line 7 above it (2023-03-15,"
        " 'Gamma'): move it up."
    )


def test_dates_that_keep_the_order_are_no_finding() -> None:
    """Resolved dates inside the neighbours' range (ties included) break nothing."""
    targets = {"arxiv:2303.00004": "2023-03-15", "arxiv:2403.00002": "2024-04-16"}
    assert _breaks(LIST, targets) == []


def test_an_entry_moved_below_its_lower_neighbour_is_told_to_move_down() -> None:
    """Resolved older than the entry below it: named with that one, move down."""
    (b,) = order_breaks(_entries(LIST), {"arxiv:2403.00002": "2022-01-10"})
    assert (b.neighbour.entry_key, b.above) == ("arxiv:2303.00003", False)
    assert order_finding(b).detail.endswith(
        "this entry is older than line 7 below it (2023-03-15, 'Gamma'): move it down."
    )


def test_the_entry_whose_date_render_changes_is_the_one_named() -> None:
    """Two entries out of order with each other: the one render rewrites is out of order,
    also when it is the higher one."""
    assert _breaks(LIST, {"arxiv:2303.00003": "2022-01-01"}) == [
        ("arxiv:2303.00003", "2022-01-01", True, "arxiv:2303.00004", False)
    ]


def test_the_rendered_list_keeps_its_finding() -> None:
    """Once render has written 2023/07/27, the entry is still out of order (now at its
    recorded date); of two entries equally out of order, the lower one is named."""
    written = LIST.replace("(2023/03/01) Delta", "(2023/07/27) Delta")
    assert _breaks(written, {}) == [
        ("arxiv:2303.00004", "2023-07-27", False, "arxiv:2303.00003", True)
    ]
    (b,) = order_breaks(_entries(written), {})
    assert "; at 2023-07-27 this entry is newer than line 7 above it" in order_finding(b).detail


def test_the_fewest_entries_are_named() -> None:
    """One entry far out of place is named, not the neighbours it sits between."""
    text = LIST.replace("(2023/03/15) Gamma", "(2021/01/01) Gamma")
    assert _breaks(text, {}) == [
        ("arxiv:2303.00003", "2021-01-01", False, "arxiv:2303.00004", False)
    ]


def test_an_unsorted_section_has_no_order_finding() -> None:
    """Dates that zigzag (two pairs each way) sort nothing: no finding, whatever moves."""
    text = LIST.replace("(2024/03/19) Beta", "(2021/03/19) Beta").replace(
        "(2023/03/01) Delta", "(2024/03/01) Delta"
    )
    assert (
        sorted_newest_first(
            _spans("2024-04-16", "2021-03-19", "2023-03-15", "2024-03-01", "2022-09-16")
        )
        is None
    )
    assert _breaks(text, {"arxiv:2209.00005": "2025-01-01"}) == []


def test_an_oldest_first_list() -> None:
    """A list sorted oldest first: a resolved date older than the entry above is named."""
    lines = LIST.splitlines(keepends=True)
    text = "".join(lines[:4] + lines[4:][::-1])
    (b,) = order_breaks(_entries(text), {"arxiv:2403.00002": "2023-01-01"})
    assert (b.entry.entry_key, b.neighbour.entry_key, b.above, b.newest_first) == (
        "arxiv:2403.00002", "arxiv:2303.00003", True, False,
    )  # fmt: skip
    assert "is sorted oldest first" in order_finding(b).detail
    assert "older than line 8 above it (2023-03-15, 'Gamma')" in order_finding(b).detail


def test_sections_are_judged_apart() -> None:
    """Each heading's entries have their own order: the first entry of the next section is
    no neighbour, and a short section is never sorted."""
    text = (
        LIST
        + "\n## Segmentation\n\n- (2025/01/01) Zeta. [[arXiv](https://arxiv.org/abs/2501.00006)]\n- (2020/01/01) Eta. [[arXiv](https://arxiv.org/abs/2001.00007)]\n"
    )
    assert _breaks(text, {"arxiv:2501.00006": "2019-01-01"}) == []
    assert _breaks(text, {"arxiv:2209.00005": "2026-01-01"}) == [
        ("arxiv:2209.00005", "2026-01-01", True, "arxiv:2303.00004", True)
    ]


def test_undated_and_heading_dated_entries_are_passed_over() -> None:
    """An entry with no date of its own is no neighbour: the next dated one is."""
    text = LIST.replace(
        "- (2023/03/01) Delta",
        "- Undated. [[arXiv](https://arxiv.org/abs/2301.00009)]\n- (2023/03/01) Delta",
    )
    (b,) = order_breaks(_entries(text), {"arxiv:2303.00004": "2023-07-27"})
    assert b.neighbour.entry_key == "arxiv:2303.00003"
    headed = "### 2023\n\n- Alpha. [[arXiv](https://arxiv.org/abs/2305.00001)]\n- Beta. [[arXiv](https://arxiv.org/abs/2305.00002)]\n- Gamma. [[arXiv](https://arxiv.org/abs/2305.00003)]\n"
    assert _breaks(headed, {"arxiv:2305.00002": "2019-01-01"}) == []


MONTHS = """## Agents

- [2024/03] Alpha. [[arXiv](https://arxiv.org/abs/2403.00001)]
- [2024/02] Beta. [[arXiv](https://arxiv.org/abs/2402.00002)]
- [2024/01] Gamma. [[arXiv](https://arxiv.org/abs/2401.00003)]
- [2023/12] Delta. [[arXiv](https://arxiv.org/abs/2312.00004)]
"""


@pytest.mark.parametrize(
    ("resolved", "broken"),
    [("2024-02-29", False), ("2024-03-01", False), ("2024-03-31", False), ("2024-04-01", True)],
)
def test_a_month_list_is_compared_at_month_precision(resolved: str, broken: bool) -> None:
    """Beta's resolved day, written as a month: March ties with Alpha's March (no finding),
    April is newer than it."""
    got = _breaks(MONTHS, {"arxiv:2402.00002": resolved})
    assert bool(got) is broken
    if broken:
        assert got == [("arxiv:2402.00002", "2024-04", True, "arxiv:2403.00001", True)]


def test_an_order_findings_ack_holds_for_the_same_neighbourhood() -> None:
    """The fingerprint is the order, the entry's date, the neighbour and its date: the
    same break keeps it, another neighbour or date does not."""
    entries = _entries(LIST)
    decision = Decision("arxiv_submitted", "2023-07-27")
    (b,) = order_breaks(entries, {"arxiv:2303.00004": "2023-07-27"})
    (again,) = order_breaks(entries, {"arxiv:2303.00004": "2023-07-27"})
    (other,) = order_breaks(entries, {"arxiv:2303.00004": "2023-08-01"})
    key = evidence_key(b.entry, decision, order_finding(b))
    assert key == evidence_key(again.entry, Decision("unresolved", None), order_finding(again))
    assert key != evidence_key(other.entry, decision, order_finding(other))


def test_a_long_section_is_judged_quickly() -> None:
    """5,000 entries in one sorted section, every tenth resolved out of place: well under a
    second (the longest sequence is found in O(n log n))."""
    days = [date(2000, 1, 1) + timedelta(days=i) for i in range(5000)][::-1]
    lines = [
        f"- ({d:%Y/%m/%d}) Paper {i}. [[arXiv](https://arxiv.org/abs/2101.{i:05d})]\n"
        for i, d in enumerate(days)
    ]
    entries = _entries("## All\n\n" + "".join(lines))
    targets = {e.entry_key: "2030-01-01" for e in entries[::10]}
    started = time.perf_counter()
    breaks = order_breaks(entries, targets)
    assert time.perf_counter() - started < 1.0
    assert {b.entry.entry_key for b in breaks} == set(list(targets)[1:])
