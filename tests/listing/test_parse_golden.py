"""The parser against golden files written by reading each list by hand.

A golden file gives the list's entry count and entries identified by their first line
(every entry for the early lists, a sample from every section and container for the
others), with the fields a reader can check: title, recorded date, its precision,
label and source, arXiv IDs and DOIs. Only the fields a golden entry states are compared.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harvester.listing.parse import parse_list
from harvester.values.entries import Entry
from tests.conftest import LISTS
from tests.listing.golden import CASES, params


def _fields(e: Entry) -> dict[str, Any]:
    date = e.date
    return {
        "position": e.position,
        "line": e.span.line_start,
        "title": e.title,
        "recorded_date": e.recorded_date,
        "recorded_precision": e.recorded_precision,
        "date_label": date.label if date and date.value else None,
        "date_source": date.source if date and date.value else None,
        "arxiv_ids": list(e.arxiv_ids),
        "dois": list(e.dois),
    }


def test_every_list_has_a_golden_case() -> None:
    """Each list in tests/data/lists is covered by a golden folder."""
    sources = {json.loads(p.read_text())["source"] for p in CASES}
    assert sources == {p.name for p in LISTS.glob("*.md")}


@pytest.mark.parametrize("case", params())
def test_parse_matches_golden(case: Path) -> None:
    """The entry count, and every golden entry's stated fields, match the golden file."""
    expected = json.loads(case.read_text(encoding="utf-8"))
    entries = parse_list((LISTS / expected["source"]).read_bytes())
    by_line = {e.span.line_start: _fields(e) for e in entries}
    wrong = []
    for want in expected["entries"]:
        got = by_line.get(want["line"])
        stated = {k: v for k, v in want.items() if k != "note"}
        if got is None or {k: got[k] for k in stated} != stated:
            wrong.append((want["line"], stated, got and {k: got[k] for k in stated}))
    assert not wrong, f"{len(wrong)} of {len(expected['entries'])} entries differ: {wrong[:3]}"
    assert len(entries) == expected["count"]


@pytest.mark.parametrize(
    ("name", "count"),
    [("medaierhhl-823a5ff", 17), ("medaierhhl-2f11807", 16), ("medaierhhl-4f78b05", 14)],
)
def test_model_list_counts(name: str, count: int) -> None:
    """The three versions of the model list have 17, 16 and 14 entries."""
    expected = json.loads(
        (Path(__file__).parents[1] / "cases" / "lists" / name / "expected.json").read_text()
    )
    assert len(parse_list((LISTS / expected["source"]).read_bytes())) == count


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.parent.name)
def test_every_list_parses_without_error(case: Path) -> None:
    """Every real list parses, pending containers or not, without an exception."""
    source = json.loads(case.read_text(encoding="utf-8"))["source"]
    assert isinstance(parse_list((LISTS / source).read_bytes()), list)
