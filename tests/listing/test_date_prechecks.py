"""The cheap first looks before the date patterns never hide a date the patterns find."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from harvester.listing.notations import NOTATIONS, YEAR, YEAR_LIKE, find_in, read_date

FRAGMENTS = ["2024", "1999", "20", "19", "01", "5", "12", "31", "0", "/", ".", "-", " ", ",",
             "(", ")", "[", "]", "Jan", "january", "MAR", "sept", "Sep", "may", "Dec.", "1st",
             "2nd", "th", "arXiv", "CVPR", "x", "_", "é", "\u00a0", "Note"]  # fmt: skip
TEXTS = st.lists(st.sampled_from(FRAGMENTS), max_size=14).map("".join) | st.text(max_size=40)
MONTHS = "Jan February MAR. apr May june Jul aug Sept. sep Oct NOVEMBER dec".split()
#: Real lines, and each month's name alone (the other names would open the check for it).
LINES = [
    "- (arXiv 2023.2) **Lightweight** Real-time Semantic Network, [[Paper]](https://arxiv.org/pdf/2302.10484.pdf)",
    "| 2019/12/31 | 5/2021 | 2024-13-40 | Augmented Novel Octree Decoder |",
    "- (2024.1.19) Title [[Code]](https://github.com/o/r) 2023-3-01 12/2020",
    *(
        f"* {d}{m}{y} Title"
        for d in ("", "3 ", "12th ")
        for m in MONTHS
        for y in (" 2024", ", 1999")
    ),
]


def _find_in_without_prechecks(text: str) -> list[object]:
    """find_in as it was: every notation's pattern run over the whole text."""
    found, taken = [], []
    for notation, pattern in NOTATIONS:
        for m in pattern.finditer(text):
            if not any(m.start() < end and start < m.end() for start, end in taken):
                taken.append((m.start(), m.end()))
                found.append(read_date(m, notation))
    return sorted(found, key=lambda d: d.start)


@settings(max_examples=400, deadline=None)
@given(st.one_of(TEXTS, st.sampled_from(LINES)))
def test_find_in_finds_what_every_pattern_finds(text: str) -> None:
    """Skipping the month-name notations on text without a month's name changes nothing."""
    assert find_in(text) == _find_in_without_prechecks(text)


@settings(max_examples=400, deadline=None)
@given(st.one_of(TEXTS, st.sampled_from(LINES)))
def test_every_date_holds_a_year_like_run(text: str) -> None:
    """What any date pattern (or a lone year, which the labelled-year patterns build on)
    matches holds a `YEAR_LIKE` run, so text without one writes no date."""
    for _, pattern in (*NOTATIONS, ("year", YEAR)):
        for m in pattern.finditer(text):
            assert YEAR_LIKE.search(m.group(0))
