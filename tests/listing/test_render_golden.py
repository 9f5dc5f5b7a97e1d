"""render against hand-written golden cases, one folder per date notation
(tests/cases/render/README.md): only the wrong dates change, in the list's own notation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harvester.listing.parse import parse_list
from harvester.listing.render import render_list

CASES = sorted((Path(__file__).parents[1] / "cases" / "render").glob("*/input.md"))


def test_there_is_a_case_per_notation() -> None:
    """The ten notation folders are collected."""
    assert len(CASES) == 10


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.parent.name)
def test_render_matches_golden(case: Path) -> None:
    """The rendered list equals the hand-written expected one, byte for byte, and every
    resolved entry was found by the parser."""
    raw = case.read_bytes()
    resolved = json.loads((case.parent / "resolved.json").read_text(encoding="utf-8"))
    entries = parse_list(raw)
    assert set(resolved) <= {e.entry_key for e in entries}
    assert render_list(raw, entries, resolved) == (case.parent / "expected.md").read_bytes()
