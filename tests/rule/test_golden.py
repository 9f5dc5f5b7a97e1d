"""The reconciler against hand-written golden cases, one folder per scenario.

Each folder holds the evidence as the sources return it (Atom, Crossref JSON) and an
expected decision written from the spec; see tests/cases/rule/README.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harvester.rule.decide import decide
from harvester.values.decisions import Decision
from harvester.values.entries import Entry
from harvester.values.evidence import Evidence
from tests.rule.stored import arxiv_feed, stored_evidence

CASES = sorted((Path(__file__).parents[1] / "cases" / "rule").glob("*/expected.json"))
FIELDS = (
    "rule", "resolved_date", "arxiv_id", "arxiv_submitted", "doi", "venue", "venue_type",
    "online_date", "online_date_source",
)  # fmt: skip


def load_case(folder: Path, db: Path) -> tuple[Entry, Evidence]:
    """The entry and its evidence, stored and read back as the program reads them. With a
    `fetch.json` the other files are the evidence kept from before (README), so an arXiv
    ID or DOI they hold no record for was never answered, not called unknown."""
    xml, works = folder / "arxiv.xml", folder / "crossref.json"
    search, fetch = folder / "crossref_search.json", folder / "fetch.json"
    records, unreadable = arxiv_feed(xml.read_bytes()) if xml.exists() else ([], {})
    return stored_evidence(
        db,
        (folder / "entry.md").read_bytes(),
        records,
        json.loads(works.read_text()) if works.exists() else [],
        json.loads(search.read_text())["message"]["items"] if search.exists() else None,
        json.loads(fetch.read_text())["failed"] if fetch.exists() else None,
        arxiv_unreadable=unreadable,
        arxiv_answered=not fetch.exists(),
        crossref_answered=not fetch.exists(),
    )


def _as_expected(decision: Decision) -> dict[str, Any]:
    got: dict[str, Any] = {f: getattr(decision, f) for f in FIELDS}
    got["findings"] = sorted((f.kind, f.delta_days) for f in decision.findings)
    return got


def test_there_are_golden_cases() -> None:
    """The golden folders exist and are collected."""
    assert len(CASES) >= 53


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.parent.name)
def test_rule_matches_golden(case: Path, tmp_path: Path) -> None:
    """The decision equals the hand-written expected decision."""
    expected = json.loads(case.read_text())
    entry, evidence = load_case(case.parent, tmp_path / "case.sqlite")
    want = {f: expected[f] for f in FIELDS}
    want["findings"] = sorted((f["kind"], f.get("delta_days")) for f in expected["findings"])
    decision = decide(entry, evidence)
    assert _as_expected(decision) == want
    _check_named(expected, decision)


def _check_named(expected: dict[str, Any], decision: Decision) -> None:
    """A finding's `doi` (the candidate it names) or `detail` (words it must hold, such as
    the field that cannot be read) is in the detail of a finding of its kind."""
    for named in (f for f in expected["findings"] if "doi" in f or "detail" in f):
        details = [f.detail for f in decision.findings if f.kind == named["kind"]]
        words = named.get("doi") or named["detail"]
        assert any(words in d for d in details), details


ARXIV_FIRST = sorted(p.parent / "expected-arxiv-first.json" for p in CASES)


def test_every_case_has_an_arxiv_first_expectation() -> None:
    """Each golden folder also says what the `arxiv-first` rule decides."""
    assert [p.parent for p in ARXIV_FIRST] == [p.parent for p in CASES]


@pytest.mark.parametrize("case", ARXIV_FIRST, ids=lambda p: p.parent.name)
def test_arxiv_first_rule_matches_golden(case: Path, tmp_path: Path) -> None:
    """Under `arxiv-first` the decision equals the hand-written one: the arXiv date wherever
    there is an arXiv record; the published version and the other findings as before."""
    expected = json.loads(case.read_text())
    entry, evidence = load_case(case.parent, tmp_path / "case.sqlite")
    want = {f: expected[f] for f in FIELDS}
    want["findings"] = sorted((f["kind"], f.get("delta_days")) for f in expected["findings"])
    decision = decide(entry, evidence, "arxiv-first")
    assert _as_expected(decision) == want
    _check_named(expected, decision)
