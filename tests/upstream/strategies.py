"""Hypothesis strategies for replies: arbitrary JSON, and values near what Crossref and
arXiv send (the sane range's edges, calendar traps, numbers and offsets that overflow)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from harvester.values.checks import EARLIEST_YEAR

#: The years a clock may say over the next century, as the last year a date may name.
LATEST = st.integers(min_value=EARLIEST_YEAR, max_value=2200)
#: Numbers at the edges: the range's, the calendar's, C's and Python's limits.
EDGES = [0, -1, 1, 12, 13, 28, 29, 30, 31, 32, 1899, 1900, 2024, 2027, 2028, 9999, 10_000,
         2**31, 2**63, 2**64, 10**30, -(10**30), 10**400]  # fmt: skip
NUMBERS = st.integers() | st.sampled_from(EDGES) | st.floats() | st.booleans()
SCALARS = st.none() | NUMBERS | st.text(max_size=20)
#: Arbitrary JSON, keys often the ones the mapper reads.
KEYS = st.text(max_size=12) | st.sampled_from(
    ["DOI", "type", "title", "container-title", "author", "family", "published-online",
     "published-print", "created", "date-parts", "date-time", "assertion", "name", "value",
     "relation", "has-preprint", "id-type", "id", "subtitle", "subtype", "update-to"]
)  # fmt: skip
JSON = st.recursive(
    SCALARS,
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(KEYS, kids, max_size=5),
    max_leaves=25,
)
#: `date-parts`: mostly one list of one to three integers at the edges (1899, 2028, 10^30,
#: month 13, day 31, ...), else lists of anything.
DATE_PARTS = st.integers(0, 3).flatmap(
    lambda i: (
        st.lists(st.lists(NUMBERS | st.none() | st.text(max_size=4), max_size=4), max_size=2)
        if i == 3
        else st.lists(st.sampled_from(EDGES) | st.integers(1, 31), min_size=1, max_size=3).map(
            lambda p: [p]
        )
    )
)
STAMPS = st.text(max_size=30) | st.sampled_from(
    ["2023-09-16T07:12:34Z", "1899-12-31T23:59:59Z", "1900-01-01T00:00:00Z",
     "9999-12-31T23:00:00-05:00", "0001-01-01T00:00:00+01:00", "2027-12-31T23:59:59Z",
     "2028-01-01T00:00:00Z", "2023-02-29T00:00:00Z", "2023-09-16", "20230916T071234Z"]
)  # fmt: skip
FIRST_ONLINE = st.text(max_size=25) | st.sampled_from(
    ["19 November 2015", "1 January 0001", "31 December 2027", "1 January 2028",
     "29 February 2023", "31 April 2023", "1 Smarch 2023"]
)  # fmt: skip
#: XML 1.0 text (no control characters or surrogates), and values near arXiv's own.
XML_TEXT = st.text(
    st.characters(min_codepoint=0x20, exclude_categories=["Cs"]) | st.sampled_from("\n\t"),
    max_size=30,
)


def mostly(good: st.SearchStrategy[Any], bad: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """`good` three times in four, else `bad`: records survive often enough to be checked."""
    return st.integers(0, 3).flatmap(lambda i: bad if i == 3 else good)  # 0 is drawn most


IDS = mostly(
    st.sampled_from(["http://arxiv.org/abs/2401.10637v1", "http://arxiv.org/abs/cs/0102003v2"]),
    XML_TEXT | st.sampled_from(
        ["http://arxiv.org/abs/2401.10637v" + "9" * 5000, "http://arxiv.org/abs/2401.1063",
         "http://arxiv.org/api/errors#x", "http://arxiv.org/abs/2413.00001v1"]
    ),
)  # fmt: skip
#: Sound times (the range's edges among them), else poison ones or any text.
TIMES = mostly(
    st.sampled_from(
        ["2024-01-19T17:59:46Z", "1900-01-01T00:00:00Z", "2027-12-31T23:59:59Z", " 2024-01-19 ",
         "2024-01-19T23:30:00-05:00"]
    ),
    XML_TEXT | st.sampled_from(
        ["9999-12-31T23:59:59-05:00", "9999-12-31T00:00:00Z", "1899-12-31T23:59:59Z",
         "0001-01-01T00:00:00+01:00", "2028-01-01T00:00:00Z", "2024-02-30T00:00:00Z"]
    ),
)  # fmt: skip
