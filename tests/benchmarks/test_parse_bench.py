"""The parse benchmark's generated lists still read as the lists they are meant to be."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from harvester.listing.parse import parse_list
from tests.benchmarks.parse_bench import item_list, table_list


@pytest.mark.parametrize("make", [table_list, item_list], ids=["table", "items"])
def test_generated_list_parses_to_every_entry(make: Callable[[int], str]) -> None:
    """Each generated row or item is one entry, with its title, date and arXiv ID."""
    entries = parse_list(make(40).encode("utf-8"))
    assert len(entries) == 40
    assert all(e.title and e.date and e.date.value and len(e.arxiv_ids) == 1 for e in entries)
    assert len({e.arxiv_ids[0] for e in entries}) == 40
    assert len({e.title for e in entries}) == 40


def test_generated_lists_are_the_same_each_time() -> None:
    """The generators are seeded: two calls give the same text."""
    assert table_list(25) == table_list(25)
    assert item_list(25) == item_list(25)
