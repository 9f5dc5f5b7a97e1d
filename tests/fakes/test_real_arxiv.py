"""The arXiv fake behaves like the real API where it differs from what our code expects:
title words as arXiv's index splits them, current titles only, one `<arxiv:doi>` per DOI."""

from __future__ import annotations

import json
from xml.etree import ElementTree

import arxiv
import httpx
import pytest

from tests.fakes import SAMPLES
from tests.fakes.arxiv_fake import ArxivFake, ArxivRecord, records_from_feed

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
RECORDED = SAMPLES / "recorded"
TITLES = {
    "2501.00001": "Goodhart's Law in Reinforcement Learning",
    "2501.00002": "Let\u2019s Verify Step by Step",
    "2501.00003": "Qwen2.5 Technical Report",
    "2501.00004": "Scaling Laws 3.0: Compute-Optimal Training",
    "2501.00005": "Goodhart Revisited",
}


@pytest.fixture
def titled(arxiv_fake: ArxivFake) -> ArxivFake:
    """The fake holding TITLES."""
    arxiv_fake.add(*(ArxivRecord(i, t) for i, t in TITLES.items()))
    return arxiv_fake


def feed(fake: ArxivFake, **params: str) -> ElementTree.Element:
    """One raw request's parsed Atom feed."""
    resp = httpx.get(fake.url, params=params, timeout=5)
    assert resp.status_code == 200
    return ElementTree.fromstring(resp.content)


def found(fake: ArxivFake, query: str) -> list[str]:
    """Versionless IDs a search_query finds."""
    entries = feed(fake, search_query=query).iter(f"{ATOM}entry")
    return sorted(e.findtext(f"{ATOM}id", "").rsplit("/", 1)[-1][:-2] for e in entries)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('ti:"Goodhart\'s Law"', ["2501.00001"]),
        ('ti:"goodhart\u2019s law in reinforcement"', ["2501.00001"]),
        ('ti:"Goodhart s Law"', []),
        ('ti:"Let\u2019s Verify"', ["2501.00002"]),
        ('ti:"Let\'s verify step"', ["2501.00002"]),
        ('ti:"Let s Verify"', []),
        ('ti:"Qwen2.5 Technical Report"', ["2501.00003"]),
        ('ti:"Qwen2 5 Technical Report"', []),
        ('ti:"Qwen2"', []),
        ('ti:"Laws 3.0"', ["2501.00004"]),
        ('ti:"Laws 3 0"', []),
        ('ti:"3.0 Compute Optimal"', ["2501.00004"]),
        ("ti:Qwen2.5", ["2501.00003"]),
    ],
)
def test_ti_phrase_uses_arxiv_title_words(
    titled: ArxivFake, query: str, expected: list[str]
) -> None:
    """Apostrophe- and period-joined words are one word; other punctuation separates."""
    assert found(titled, query) == expected


def test_ti_phrase_without_possessive_s(titled: ArxivFake) -> None:
    """The title.english subfield drops a possessive `'s`, so `Goodhart Law` still matches."""
    assert found(titled, 'ti:"Goodhart Law"') == ["2501.00001"]
    assert found(titled, "ti:Goodhart") == ["2501.00001", "2501.00005"]


def test_phrase_search_with_real_client(titled: ArxivFake, client: arxiv.Client) -> None:
    """The real client's OR-joined phrases find the apostrophe and version-number titles."""
    query = 'ti:"Goodhart\'s Law in Reinforcement Learning" OR ti:"Qwen2.5 Technical Report"'
    got = sorted(r.title for r in client.results(arxiv.Search(query=query)))
    assert got == ["Goodhart's Law in Reinforcement Learning", "Qwen2.5 Technical Report"]
    punctuation_dropped = 'ti:"Goodhart s Law in Reinforcement Learning" OR ti:"Qwen2 5"'
    assert list(client.results(arxiv.Search(query=punctuation_dropped))) == []


def test_retitled_paper_is_found_only_by_its_current_title(arxiv_fake: ArxivFake) -> None:
    """Searches see the current version only; id_list with a version shows that version."""
    arxiv_fake.add(
        ArxivRecord("2402.00001", "Sparse Mixtures Scale Better", version=2,
                    version_titles={1: "A Study of Dense Mixtures"}),
    )  # fmt: skip
    assert found(arxiv_fake, 'ti:"A Study of Dense Mixtures"') == []
    assert found(arxiv_fake, 'ti:"Sparse Mixtures Scale Better"') == ["2402.00001"]
    titles = {
        ids: feed(arxiv_fake, id_list=ids).findtext(f"{ATOM}entry/{ATOM}title")
        for ids in ("2402.00001", "2402.00001v1", "2402.00001v2")
    }
    assert titles == {"2402.00001": "Sparse Mixtures Scale Better",
                      "2402.00001v1": "A Study of Dense Mixtures",
                      "2402.00001v2": "Sparse Mixtures Scale Better"}  # fmt: skip
    old = feed(arxiv_fake, id_list="2402.00001v1", search_query='ti:"Dense Mixtures"')
    assert len(old.findall(f"{ATOM}entry")) == 1  # a versioned id_list searches that version


def test_several_dois_are_several_elements(arxiv_fake: ArxivFake, client: arxiv.Client) -> None:
    """Each DOI is one `<arxiv:doi>` then one doi link, in order; the client reads the first."""
    arxiv_fake.add(ArxivRecord("2302.04668", doi="10.1/first", dois=("10.2/second",)))
    (entry,) = feed(arxiv_fake, id_list="2302.04668").iter(f"{ATOM}entry")
    tail = [(c.tag, c.text or c.get("href")) for c in entry][-4:]
    assert tail == [
        (f"{ARXIV}doi", "10.1/first"), (f"{ATOM}link", "https://doi.org/10.1/first"),
        (f"{ARXIV}doi", "10.2/second"), (f"{ATOM}link", "https://doi.org/10.2/second"),
    ]  # fmt: skip
    (result,) = client.results(arxiv.Search(id_list=["2302.04668"]))
    assert result.doi == "10.1/first"
    (back,) = records_from_feed(ElementTree.tostring(feed(arxiv_fake, id_list="2302.04668")))
    assert (back.doi, back.dois) == ("10.1/first", ("10.1/first", "10.2/second"))


def test_doi_keyword_stays_compatible() -> None:
    """`doi=` alone still works and is the first of `dois`; `dois=` alone sets `doi`."""
    assert ArxivRecord("2101.00001", doi="10.1/a").dois == ("10.1/a",)
    assert ArxivRecord("2101.00001", dois=("10.1/a", "10.1/b")).doi == "10.1/a"
    assert ArxivRecord("2101.00001").dois == () and ArxivRecord("2101.00001").doi is None


def test_doi_entries_match_a_2026_recording(arxiv_fake: ArxivFake) -> None:
    """Entries with one DOI come back element for element as arXiv wrote them in 2026."""
    body = json.loads((RECORDED / "arxiv_q_testing_s0_m10_bc5a6c384fe9.json").read_text())["body"]
    real = list(ElementTree.fromstring(body.encode()).iter(f"{ATOM}entry"))
    arxiv_fake.add(*records_from_feed(body.encode()))
    ids = [e.findtext(f"{ATOM}id", "").rsplit("/", 1)[-1] for e in real]
    ours = list(feed(arxiv_fake, id_list=",".join(ids)).iter(f"{ATOM}entry"))
    with_doi = [i for i, e in enumerate(real) if e.find(f"{ARXIV}doi") is not None]
    assert len(with_doi) >= 5
    for i in with_doi:
        assert [(c.tag, sorted(c.attrib.items()), (c.text or "").strip()) for c in ours[i]] == [
            (c.tag, sorted(c.attrib.items()), (c.text or "").strip()) for c in real[i]
        ]
