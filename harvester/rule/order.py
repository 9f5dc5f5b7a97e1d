"""`order`: in a list sorted by date, the entries their dates put out of that order (pure).

**Sorted.** The entries under one heading (a run of consecutive entries with the same
`section`) are sorted by date when their own recorded dates (a heading's date is no
entry's own), compared as periods at their precisions (two dates whose periods overlap,
such as 2023-03 and 2023-03-15, are a tie), give at least `MIN_ORDERED_PAIRS` adjacent
pairs in a strict order, and at most one in `PAIRS_PER_EXCEPTION` of those pairs runs
against the majority's direction (newest first, or oldest first). Ties never count.

**Out of order.** The list as `render` would write it (each resolved date at its entry's
precision, in place of the recorded one) is held against that direction. The entries
outside a longest sequence in that order are out of order: the fewest entries whose
move sorts the section. Among equally long sequences the one kept holds the most
entries whose date render leaves as it is, then the entries higher in the list. Each is
named with the nearest entry in order above it, or else below it, that it is out of
order with.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from harvester.values.decisions import Finding
from harvester.values.entries import Entry
from harvester.values.periods import period

#: A section is sorted when at least this many adjacent pairs of dates differ ...
MIN_ORDERED_PAIRS = 2
#: ... and at most one in this many of those pairs runs against the others.
PAIRS_PER_EXCEPTION = 5
#: The length of an ISO date at each precision: what render writes of a resolved day.
_ISO_LENGTH = {"day": 10, "month": 7, "year": 4}
#: How much of the neighbour's title a finding quotes.
_TITLE = 30

Span = tuple[int, int]  # a period's first and last day, as ordinals


@dataclass(frozen=True)
class OrderBreak:
    """An entry out of its section's order, with the entry in order it is measured by."""

    entry: Entry
    written: str  # its date as render writes it, ISO at its precision
    changed: bool  # render rewrites its date (to `written`)
    neighbour: Entry
    neighbour_written: str
    above: bool  # the neighbour sits above the entry
    newest_first: bool


@dataclass(frozen=True)
class _Dated:
    entry: Entry
    written: str
    changed: bool
    span: Span


def order_breaks(entries: Sequence[Entry], targets: Mapping[str, str]) -> list[OrderBreak]:
    """The entries out of order in each sorted section, in list order; `targets` are the
    dates render writes, by entry key (a resolved day, or the arXiv date for an
    arXiv-labelled recorded date)."""
    breaks = []
    for run in _runs(sorted(entries, key=lambda e: e.position)):
        recorded = [
            _span(e.date.value, e.date.precision)
            for e in run
            if e.date and e.date.value and e.date.source == "entry"
        ]
        newest_first = sorted_newest_first(recorded)
        if newest_first is None:
            continue
        dated = [d for e in run if (d := _dated(e, targets.get(e.entry_key)))]
        breaks += _breaks(dated, newest_first)
    return breaks


def sorted_newest_first(spans: Sequence[Span]) -> bool | None:
    """True for dates sorted newest first, False for oldest first, None when unsorted."""
    newer = older = 0
    for upper, lower in itertools.pairwise(spans):
        newer += upper[0] > lower[1]
        older += upper[1] < lower[0]
    ordered, against = newer + older, min(newer, older)
    if ordered < MIN_ORDERED_PAIRS or against * PAIRS_PER_EXCEPTION > ordered:
        return None
    return newer > older


def order_finding(b: OrderBreak) -> Finding:
    """The `order` finding of a break, short enough for an annotation: the order, the
    entry's date (and whether it is the resolved one), the neighbour by line, date and
    the start of its title, and which way to move."""
    than = "newer" if b.above == b.newest_first else "older"
    dated = f"at its resolved date {b.written}" if b.changed else f"at {b.written}"
    title = b.neighbour.title
    title = title if len(title) <= _TITLE else title[: _TITLE - 1].rstrip() + "…"
    detail = (
        f"The {'section' if b.entry.section else 'list'} is sorted"
        f" {'newest' if b.newest_first else 'oldest'} first; {dated} this entry is {than}"
        f" than line {b.neighbour.span.line_start} {'above' if b.above else 'below'} it"
        f" ({b.neighbour_written}, {title!r}): move it {'up' if b.above else 'down'}."
    )
    facts = (b.newest_first, b.written, b.neighbour.entry_key, b.neighbour_written, b.above)
    return Finding("order", detail, evidence=tuple(str(f) for f in facts))


def _runs(entries: Sequence[Entry]) -> Iterator[list[Entry]]:
    """Consecutive entries under the same heading."""
    run: list[Entry] = []
    for entry in entries:
        if run and entry.section != run[-1].section:
            yield run
            run = []
        run.append(entry)
    if run:
        yield run


def _dated(entry: Entry, target: str | None) -> _Dated | None:
    """The entry's own date as render leaves or writes it; None when it has none."""
    d = entry.date
    if d is None or d.source != "entry" or d.precision not in _ISO_LENGTH:
        return None
    written = target[: _ISO_LENGTH[d.precision]] if target else d.value
    if written is None:
        return None
    return _Dated(entry, written, written != d.value, _span(written, d.precision))


def _span(value: str, precision: str | None) -> Span:
    first, last = period(value, precision)
    return date.toordinal(first), date.toordinal(last)


def _breaks(dated: list[_Dated], newest_first: bool) -> list[OrderBreak]:
    """The entries outside the longest sequence in order, each with its neighbour."""
    # oldest first is newest first with time reversed
    spans = [d.span if newest_first else (-d.span[1], -d.span[0]) for d in dated]
    kept = _longest_in_order(spans, [d.changed for d in dated])
    breaks = []
    for i, d in enumerate(dated):
        if i in kept:
            continue
        above = max((k for k in kept if k < i), default=None)
        below = min((k for k in kept if k > i), default=None)
        if above is not None and spans[above][1] < spans[i][0]:
            n, is_above = above, True
        elif below is not None and spans[i][1] < spans[below][0]:
            n, is_above = below, False
        else:  # cannot happen: it would lengthen the longest sequence
            continue
        other = dated[n]
        breaks.append(OrderBreak(d.entry, d.written, d.changed, other.entry, other.written,
                                 is_above, newest_first))  # fmt: skip
    return breaks


def _longest_in_order(spans: list[Span], changed: list[bool]) -> set[int]:
    """Indices of a longest sequence newest first: a span may follow the one before it
    unless it starts after that one ends. Ties go to sequences keeping more unchanged
    dates, then higher entries. O(n log n): a Fenwick tree of the best sequence by the
    last day it ends on."""
    n = len(spans)
    ends = sorted({last for _, last in spans}, reverse=True)
    slot = {end: k + 1 for k, end in enumerate(ends)}
    reversed_ends = [-end for end in ends]  # ascending, for bisect
    tree: list[_Node] = [_NONE] * (len(ends) + 1)
    best: list[_Node] = []
    for i, (first, last) in enumerate(spans):
        # the best sequence so far whose last span ends on or after this one's first day
        (length, unchanged, height), prev = _best_of(
            tree, bisect.bisect_right(reversed_ends, -first)
        )
        score = (length + 1, unchanged + (not changed[i]), height + n - i)
        best.append((score, prev))
        k = slot[last]
        while k < len(tree):
            if score > tree[k][0]:
                tree[k] = (score, i)
            k += k & -k
    i = max(range(n), key=lambda j: best[j][0], default=-1)
    kept = set()
    while i >= 0:
        kept.add(i)
        i = best[i][1]
    return kept


#: A Fenwick node: the score of the best sequence (length, unchanged dates, height) and
#: the index it ends at.
_Node = tuple[tuple[int, int, int], int]
_NONE: _Node = ((0, 0, 0), -1)


def _best_of(tree: list[_Node], k: int) -> _Node:
    """The best node among the first `k` slots."""
    top = _NONE
    while k > 0:
        if tree[k][0] > top[0]:
            top = tree[k]
        k -= k & -k
    return top
