"""The golden list files (tests/cases/lists), and which of them the parser cannot read yet."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

CASES = sorted((Path(__file__).parents[1] / "cases" / "lists").glob("*/expected.json"))

#: Lists whose containers the parser does not read yet (issue: every real list style);
#: strict, so each one fails loudly the day it starts to pass.
PENDING: dict[str, str] = {}


def load(case: Path) -> dict[str, Any]:
    """A golden file's content."""
    data: dict[str, Any] = json.loads(case.read_text(encoding="utf-8"))
    return data


def params() -> list[Any]:
    """One pytest parameter per golden case, the pending ones marked as expected to fail."""
    return [
        pytest.param(
            case,
            id=case.parent.name,
            marks=[pytest.mark.xfail(strict=True, reason=PENDING[case.parent.name])]
            if case.parent.name in PENDING
            else [],
        )
        for case in CASES
    ]
