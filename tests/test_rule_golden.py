"""The reconciler against hand-written golden cases, one folder per scenario.

Each folder holds the evidence as the sources return it (Atom, Crossref JSON) and an
expected decision written from the spec; see tests/cases/rule/README.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from arxiv import _feed  # the client's own Atom parser, to read a recorded reply

from harvester.decision import Decision, Evidence
from harvester.entries import Entry
from harvester.evidence import ArxivRecord
from harvester.identifiers import normalise_doi
from harvester.listing import parse_list
from harvester.rule import reconcile
from harvester.sources.arxiv_api import record_from_result

CASES = sorted((Path(__file__).parent / "cases" / "rule").glob("*/expected.json"))
FIELDS = (
    "rule", "resolved_date", "arxiv_id", "arxiv_submitted", "doi", "venue", "venue_type",
    "online_date", "online_date_source",
)  # fmt: skip


def load_case(folder: Path) -> tuple[Entry, Evidence]:
    """The entry and its evidence, assembled as the store would hand them over."""
    entries = parse_list((folder / "entry.md").read_bytes())
    assert len(entries) == 1, f"{folder.name}: entry.md must hold one entry"
    entry = entries[0]
    records = _arxiv_records(folder / "arxiv.xml")
    works = _works(folder / "crossref.json")
    linked = entry.arxiv_ids[:1]
    wanted = [*entry.dois, *(r.doi for r in records.values() if r.doi)]
    search: list[Any] = []
    if (folder / "crossref_search.json").exists():
        search = json.loads((folder / "crossref_search.json").read_text())["message"]["items"]
    failure = (
        json.loads((folder / "fetch.json").read_text())["failed"]
        if (folder / "fetch.json").exists()
        else None
    )
    evidence = Evidence(
        arxiv_records=records,
        arxiv_missing=frozenset(i for i in linked if i not in records),
        arxiv_title_hits=() if linked else tuple(records),
        works=works,
        works_missing=frozenset(d for d in wanted if d not in works),
        search_hits=tuple(search),
        fetch_failure=failure,
    )
    return entry, evidence


def _arxiv_records(path: Path) -> dict[str, ArxivRecord]:
    if not path.exists():
        return {}
    results = _feed.parse(path.read_bytes()).results
    return {r.arxiv_id: r for res in results if (r := record_from_result(res)) is not None}


def _works(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    return {normalise_doi(str(w.get("DOI"))) or "": w for w in json.loads(path.read_text())}


def _as_expected(decision: Decision) -> dict[str, Any]:
    got: dict[str, Any] = {f: getattr(decision, f) for f in FIELDS}
    got["findings"] = sorted((f.kind, f.delta_days) for f in decision.findings)
    return got


def test_there_are_golden_cases() -> None:
    """The golden folders exist and are collected."""
    assert len(CASES) >= 20


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.parent.name)
def test_rule_matches_golden(case: Path) -> None:
    """The decision equals the hand-written expected decision."""
    expected = json.loads(case.read_text())
    entry, evidence = load_case(case.parent)
    want = {f: expected[f] for f in FIELDS}
    want["findings"] = sorted((f["kind"], f.get("delta_days")) for f in expected["findings"])
    assert _as_expected(reconcile(entry, evidence)) == want
