"""`parse --json` prints its entries one at a time, byte for byte the document
`json.dumps(..., indent=2)` would print whole."""

from __future__ import annotations

import json
from typing import Any

import pytest

from harvester.cli.output import emit_json_items


@pytest.mark.parametrize(
    "items",
    [
        [],
        [{"a": 1}],
        [{"title": 'Ünïcode [] "quoted"\nline', "links": [], "nested": {"x": [1, 2]}}, 3, "s"],
        [{"n": i} for i in range(2_500)],  # printed a thousand at a time
    ],
    ids=["none", "one", "several", "thousands"],
)
def test_streamed_items_match_the_whole_document(
    items: list[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    head = {"source": "a [] b", "count": len(items)}
    emit_json_items(head, "entries", iter(items))
    whole = json.dumps({**head, "entries": items}, ensure_ascii=False, indent=2) + "\n"
    assert capsys.readouterr().out == whole


def test_the_key_must_be_new() -> None:
    with pytest.raises(ValueError, match="'count' is already in the document"):
        emit_json_items({"count": 1}, "count", [])
