"""The Crossref fake behaves like the real API where it differs from what our code expects:
honest relevance order with `rows` respected, and records carrying `subtitle`, `relation`,
`update-to`, entities and markup exactly as the recordings show them."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from habanero import Crossref

from tests.fakes import SAMPLES
from tests.fakes.crossref_fake import CrossrefFake, load_work, make_work
from tests.fakes.crossref_works import decoys, has_preprint, relation_entry, update_to

RECORDED = SAMPLES / "recorded"
MAILTO = "harvester-tests@example.org"
TITLE = "Latent Transformer Models for out-of-distribution detection"
RIGHT = "10.1016/j.media.2023.102967"
PGEN = "10.1371/journal.pgen.1011490"
REVIEW = "10.1080/0147037x.2024.2403941"
PEERJ = "10.7717/peerj.1114"
WIDGET = "10.1145/3027385.3027428"


def recorded(doi: str) -> dict[str, Any]:
    """A recorded Crossref list item, by DOI."""
    return load_work(RECORDED / f"crossref_item_{doi.replace('/', '_')}.json")


def search(fake: CrossrefFake, query: str, rows: int | None = None) -> list[str]:
    """DOIs of a habanero bibliographic search, best first."""
    cr = Crossref(base_url=fake.url, mailto=MAILTO)
    extra = {} if rows is None else {"limit": rows}
    return [i["DOI"] for i in cr.works(query_bibliographic=query, **extra)["message"]["items"]]


@pytest.fixture
def crowded(crossref_fake: CrossrefFake) -> CrossrefFake:
    """The right work, five peer reviews carrying its title, and 30 loosely related works."""
    people = [("Mark S.", "Graham"), ("Walter Hugo", "Lopez Pinaya"), ("M. Jorge", "Cardoso")]
    right = make_work(
        RIGHT, TITLE, people, [2023, 10], **{"container-title": ["Medical Image Analysis"]}
    )
    loose = [
        make_work(f"10.5555/t{i}", f"Transformer models for detection task {i}") for i in range(30)
    ]
    crossref_fake.add(*decoys(TITLE, 5, doi="10.7287/media.2023.102967v0.1"), right, *loose)
    return crossref_fake


def test_rank_six_is_missed_by_rows_five(crowded: CrossrefFake) -> None:
    """Shorter records carrying the title outrank the work: rows=5 misses it, rows=20 has it."""
    assert RIGHT not in search(crowded, TITLE, rows=5)
    top = search(crowded, TITLE, rows=20)
    assert len(top) == 20 and top.index(RIGHT) == 5
    assert [e.query.get("rows") for e in crowded.log.entries] == ["5", "20"]


def test_rows_defaults_to_twenty_in_relevance_order(crowded: CrossrefFake) -> None:
    """Without rows a search answers 20 items, scores descending, total-results the truth."""
    msg = httpx.get(f"{crowded.url}/works", params={"query.bibliographic": TITLE}).json()["message"]
    scores = [i["score"] for i in msg["items"]]
    assert (len(scores), msg["items-per-page"], msg["total-results"]) == (20, 20, 36)
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0


@pytest.mark.parametrize("rank", [1, 6, 8, 20])
def test_pinned_rank(crowded: CrossrefFake, rank: int) -> None:
    """`pin` puts a work at a chosen rank; scores stay in descending order around it."""
    crowded.pin(RIGHT.upper(), rank)
    cr = Crossref(base_url=crowded.url, mailto=MAILTO)
    items = cr.works(query_bibliographic=TITLE, limit=20)["message"]["items"]
    assert [i["DOI"] for i in items].index(RIGHT) == rank - 1
    scores = [i["score"] for i in items]
    assert scores == sorted(scores, reverse=True)


def test_search_reply_envelope_as_recorded(crossref_fake: CrossrefFake) -> None:
    """A `query=` search has the recorded envelope: items-per-page = rows, search-terms."""
    real = json.loads((RECORDED / "crossref_query_ecology_rows2.json").read_text())
    crossref_fake.add(*real["message"]["items"], make_work("10.1/eco", "Urban Ecology"))
    ours = httpx.get(f"{crossref_fake.url}/works", params={"query": "ecology", "rows": "2"}).json()
    assert set(ours) == set(real) and set(ours["message"]) == set(real["message"])
    assert ours["message"]["query"] == real["message"]["query"]
    assert ours["message"]["items-per-page"] == 2 and len(ours["message"]["items"]) == 2


@pytest.mark.parametrize("doi", [PGEN, REVIEW, PEERJ, WIDGET])
def test_recorded_items_served_verbatim(crossref_fake: CrossrefFake, doi: str) -> None:
    """`/works/{doi}` and a search give back recorded fields exactly, entities and markup too."""
    real = recorded(doi)
    crossref_fake.add(real)
    one = httpx.get(f"{crossref_fake.url}/works/{doi}").json()["message"]
    assert {k: v for k, v in one.items() if k != "score"} == {
        k: v for k, v in real.items() if k != "score"
    }
    cr = Crossref(base_url=crossref_fake.url, mailto=MAILTO)
    fields = ["DOI", "title", "subtitle", "relation", "update-to"]
    (hit,) = cr.works(query_bibliographic=real["title"][0], select=fields)["message"]["items"]
    assert {k: v for k, v in hit.items() if k != "score"} == {
        f: real[f] for f in fields if f in real
    }


def test_recorded_shapes_of_titles_subtitles_relations_updates() -> None:
    """The recordings hold what the fake must pass through: `&amp;`, `<i>`, subtitles, links."""
    assert "ecology &amp; evolution" in recorded(PEERJ)["title"][0]
    assert recorded(REVIEW)["title"][0].startswith("<i>Women in Ming China</i>")
    assert "Rowman &amp; Littlefield" in recorded(REVIEW)["subtitle"][0]
    assert recorded(WIDGET)["subtitle"] and recorded(WIDGET)["title"]
    pgen = recorded(PGEN)
    assert pgen["relation"]["has-preprint"] == [relation_entry("10.1101/2024.07.14.24310389")]
    assert pgen["update-to"] == [update_to(PGEN, (2024, 12, 9))] == pgen["updated-by"]


def test_arxiv_preprint_relations_and_update_to(crossref_fake: CrossrefFake) -> None:
    """A work can name its arXiv preprint by versioned arXiv id or by arXiv's DataCite DOI."""
    relation = has_preprint(
        relation_entry("2302.04668v2", id_type="arxiv", asserted_by="subject"),
        relation_entry("10.48550/arXiv.2302.04668", asserted_by="subject"),
    )
    extra: dict[str, Any] = {"update-to": [update_to("10.1/pre", (2023, 2, 9))]}
    title = "Adding Conditional Control &amp; <i>Diffusion</i>"
    work = make_work("10.1/pub", title, relation=relation, subtitle=["A Study"], **extra)
    crossref_fake.add(work)
    cr = Crossref(base_url=crossref_fake.url, mailto=MAILTO)
    (item,) = cr.works(filter={"doi": "10.1/pub"})["message"]["items"]
    assert item["title"] == [title]
    assert item["relation"]["has-preprint"] == [
        {"id-type": "arxiv", "id": "2302.04668v2", "asserted-by": "subject"},
        {"id-type": "doi", "id": "10.48550/arXiv.2302.04668", "asserted-by": "subject"},
    ]
    assert item["subtitle"] == ["A Study"]
    assert item["update-to"][0]["updated"]["date-parts"] == [[2023, 2, 9]]
