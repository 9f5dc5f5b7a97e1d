"""The amended rule's scenarios end to end: each golden case of tests/cases/rule named
below is served by the loopback fakes (its arXiv records, its Crossref works, its search
hits in their rank), its list line is harvested, and the views say what the hand-written
expectation says."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from harvester.settings import Settings
from harvester.upstream.arxiv import records_from_feed
from tests.fakes.arxiv_fake import ArxivFake
from tests.fakes.arxiv_feed import ArxivRecord as FakeRecord
from tests.fakes.crossref_fake import CrossrefFake
from tests.pipeline.harvesting import harvest_list

CASES = Path(__file__).parents[1] / "cases" / "rule"
SCENARIOS = (
    "retitled-journal-found-with-arxiv-title", "inserted-words-possible-published-version",
    "complete-retitle-other-authors-no-finding", "ssrn-journal-article-twin-ranked-first",
    "correction-notice-beside-article", "review-for-record-alone",
    "two-declared-dois-conference-first", "declared-conference-doi-journal-by-search",
    "relation-has-preprint-arxiv-versioned", "relation-has-preprint-doi-form",
    "subtitle-joins-title", "aaai-proceedings-journal-article",
    "entities-and-markup-in-title", "pnas-stays-journal",
)  # fmt: skip
VIEW = ("rule", "resolved_date", "doi", "venue_type", "online_date")


def load_fakes(folder: Path, arxiv: ArxivFake, crossref: CrossrefFake) -> None:
    """Serve a golden case: its arXiv records, its Crossref works, its hits in rank order."""
    for r in records_from_feed((folder / "arxiv.xml").read_bytes(), 2027)[0]:
        arxiv.add(
            FakeRecord(r.arxiv_id, r.title, version=r.version or 1, published=r.published_at,
                       updated=r.updated_at, authors=list(r.authors), dois=r.declared_dois)
        )  # fmt: skip
    if (folder / "crossref.json").exists():
        crossref.add(*json.loads((folder / "crossref.json").read_text()))
    if (folder / "crossref_search.json").exists():
        hits = json.loads((folder / "crossref_search.json").read_text())["message"]["items"]
        crossref.add(*hits)
        for rank, hit in enumerate(hits, 1):
            crossref.pin(hit["DOI"], rank)


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario_end_to_end(
    name: str, tmp_path: Path, arxiv_fake: ArxivFake, crossref_fake: CrossrefFake
) -> None:
    """The harvest's entry_dates row and open findings are the golden decision's."""
    folder = CASES / name
    load_fakes(folder, arxiv_fake, crossref_fake)
    listing = tmp_path / "README.md"
    listing.write_bytes((folder / "entry.md").read_bytes())
    db = tmp_path / "h.sqlite"
    settings = Settings(
        db, arxiv_fake.url, crossref_fake.url, "tests@example.org", 0.0, 2.0, 2, 0.01
    )
    assert harvest_list(str(listing), settings).failures == 0
    expected = json.loads((folder / "expected.json").read_text())
    with sqlite3.connect(db) as conn:
        row = conn.execute(f"SELECT {', '.join(VIEW)} FROM entry_dates").fetchone()
        kinds = conn.execute("SELECT kind, delta_days, detail FROM date_conflicts").fetchall()
    assert dict(zip(VIEW, row, strict=True)) == {k: expected[k] for k in VIEW}
    want = sorted((f["kind"], f.get("delta_days")) for f in expected["findings"])
    assert sorted((k, d) for k, d, _ in kinds) == want
    for f in (f for f in expected["findings"] if "doi" in f):
        assert any(f["doi"] in detail for k, _, detail in kinds if k == f["kind"])
    # One Crossref search where the case holds one (none when a DOI is linked or a journal
    # declared), asked with the arXiv record's current title and 20 rows.
    searches = [e.query for e in crossref_fake.log.entries if "query.bibliographic" in e.query]
    assert len(searches) == (1 if (folder / "crossref_search.json").exists() else 0)
    titles = [r.title for r in records_from_feed((folder / "arxiv.xml").read_bytes(), 2027)[0]]
    for query in searches:
        assert any(query["query.bibliographic"].startswith(t) for t in titles), query
        assert query["rows"] == "20"


@pytest.mark.parametrize(
    "title",
    ["Goodhart's Law in Reinforcement Learning", "Qwen2.5 Technical Report",
     "Let\u2019s Verify Step by Step"],
)  # fmt: skip
def test_titles_arxiv_keeps_whole_are_found_by_arxiv_search(
    title: str, tmp_path: Path, arxiv_fake: ArxivFake, crossref_fake: CrossrefFake
) -> None:
    """An entry without an arXiv link whose title holds `Goodhart's`, `Qwen2.5` or `Let\u2019s`
    finds its arXiv record: the `ti:` phrase keeps those words as arXiv's index does."""
    arxiv_fake.add(
        FakeRecord("2310.09144", title, published="2023-10-13T17:00:00Z", authors=["J. Karwowski"])
    )
    listing = tmp_path / "README.md"
    listing.write_text(f"- (2023/10/13) {title}. [[code](https://github.com/a/b)]\n")
    db = tmp_path / "h.sqlite"
    settings = Settings(
        db, arxiv_fake.url, crossref_fake.url, "tests@example.org", 0.0, 2.0, 2, 0.01
    )
    harvest_list(str(listing), settings)
    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT rule, resolved_date, arxiv_id FROM entry_dates").fetchone()
    assert row == ("arxiv_submitted", "2023-10-13", "2310.09144")
