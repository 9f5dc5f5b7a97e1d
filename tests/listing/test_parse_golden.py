"""The parser against hand-written golden files, one folder per real list."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harvester.listing.parse import parse_list
from tests.conftest import LISTS

CASES = sorted((Path(__file__).parents[1] / "cases" / "lists").glob("*/expected.json"))


def test_every_list_has_a_golden_case() -> None:
    """Each list in tests/data/lists is covered by a golden folder."""
    sources = {json.loads(p.read_text())["source"] for p in CASES}
    assert sources == {p.name for p in LISTS.glob("*.md")}


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.parent.name)
def test_parse_matches_golden(case: Path) -> None:
    """Count, order, line, date, title, arXiv IDs and DOIs of every entry match the golden file."""
    expected = json.loads(case.read_text(encoding="utf-8"))
    entries = parse_list((LISTS / expected["source"]).read_bytes())
    assert len(entries) == expected["count"] == len(expected["entries"])
    got: list[dict[str, Any]] = [
        {
            "position": e.position,
            "line": e.span.line_start,
            "recorded_date": e.recorded_date,
            "title": e.title,
            "arxiv_ids": list(e.arxiv_ids),
            "dois": list(e.dois),
        }
        for e in entries
    ]
    for g, x in zip(got, expected["entries"], strict=True):
        assert g == x


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
