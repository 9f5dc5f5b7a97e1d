"""A search stored before titles were cut (a title over 300 characters, asked whole) still
stands in for the entry's evidence until the entry is searched again."""

from __future__ import annotations

import json
from pathlib import Path

from harvester.listing.keys import carry_keys
from harvester.listing.parse import parse_list
from harvester.pipeline.reconcile import crossref_queries, evidence_for
from harvester.rule.list_findings import findings_from_entry
from harvester.store import Store
from harvester.values.titles import normalise_title

NOW = "2026-12-02T00:00:00+00:00"
TITLE = " ".join(f"word{i}" for i in range(80))  # 549 characters
WORK = {
    "DOI": "10.1000/long", "type": "journal-article", "title": [TITLE],
    "container-title": ["A Journal"], "author": [{"family": "Smith"}],
    "published-online": {"date-parts": [[2024, 2, 1]]},
    "created": {"date-parts": [[2024, 2, 1]], "date-time": "2024-02-01T00:00:00Z"},
}  # fmt: skip


def test_an_uncut_stored_search_stands_in(tmp_path: Path) -> None:
    with Store.open(tmp_path / "h.sqlite") as store:
        entries = parse_list(f"- (2024/01/19) {TITLE}. [[code](https://github.com/o/r)]\n".encode())
        (entry,) = store.save_list("l.md", entries, NOW, carry_keys, findings_from_entry).stored
        asked_now = crossref_queries(store, [entry], {entry.entry_key: None})[entry.entry_key]
        assert len(asked_now) < 310 and asked_now != TITLE  # the search is cut now
        store.save_answers("crossref", {"10.1000/long": json.dumps(WORK)}, [], [], NOW, {})
        store.save_search("crossref", normalise_title(TITLE), TITLE, ["10.1000/long"], None, NOW)
        evidence = evidence_for(store, "l.md", [entry])[entry.entry_key]
    assert [w.doi for w in evidence.search_hits] == ["10.1000/long"]
    assert evidence.crossref_query == normalise_title(TITLE)
