"""The loopback fakes speak the real wire formats: checked with the real clients and samples."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import arxiv
import httpx
import httpx2
import pytest
import requests
from habanero import Crossref, RequestError

from tests.fakes import SAMPLES, faults
from tests.fakes.arxiv_fake import ArxivFake, ArxivRecord, make_records, records_from_feed
from tests.fakes.crossref_fake import CrossrefFake, load_work, make_work

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV_SAMPLES = sorted((SAMPLES / "arxiv").glob("*.body.xml"))
CROSSREF_SAMPLES = sorted((SAMPLES / "crossref").glob("*.json"))
MAILTO = "harvester-tests@example.org"


@pytest.fixture
def loaded_crossref(crossref_fake: CrossrefFake) -> CrossrefFake:
    """The Crossref fake holding the four real sample records."""
    crossref_fake.add(*(load_work(p) for p in CROSSREF_SAMPLES))
    return crossref_fake


def shape(elem: ElementTree.Element, volatile: frozenset[str] = frozenset()) -> list[Any]:
    """Nested (tag, attributes, text) of a feed; the feed's own id and timestamp are masked."""
    if not volatile:
        volatile = frozenset({elem.findtext(f"{ATOM}id", ""), elem.findtext(f"{ATOM}updated", "")})
    text = (elem.text or "").strip()
    masked = "<volatile>" if text in volatile else text
    return [elem.tag, sorted(elem.attrib.items()), masked, [shape(c, volatile) for c in elem]]


def get(url: str, **params: str) -> httpx.Response:
    """One raw GET with httpx."""
    return httpx.get(url, params=params, timeout=5)


# -- arXiv: faithfulness to the samples ------------------------------------


@pytest.mark.parametrize(
    "sample", [p for p in ARXIV_SAMPLES if "abc" not in p.name], ids=lambda p: p.name[:20]
)
def test_arxiv_feed_matches_sample_byte_shape(arxiv_fake: ArxivFake, sample: Path) -> None:
    """Records parsed from a 2026 sample come back as the same feed, element for element."""
    arxiv_fake.add(*records_from_feed(sample.read_bytes()))
    url = json.loads(sample.with_name(sample.name.replace(".body.xml", ".json")).read_text())["url"]
    query = dict(httpx.URL(url).params)
    resp = get(arxiv_fake.url, **query)
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("application/atom+xml")
    ours, real = ElementTree.fromstring(resp.content), ElementTree.fromstring(sample.read_bytes())
    assert shape(ours) == shape(real)
    assert resp.text.splitlines()[:2] == sample.read_text().splitlines()[:2]  # decl + namespaces


def test_arxiv_malformed_id_is_400_with_single_error_entry(arxiv_fake: ArxivFake) -> None:
    """A malformed ID fails the whole batch with the sample's 400 error feed."""
    arxiv_fake.add(*make_records(["A paper"]))
    resp = get(arxiv_fake.url, id_list="2101.00001,abc", max_results="100")
    sample = (SAMPLES / "arxiv" / "id_abc_s0_m100_b79c8dcf6bc3.body.xml").read_bytes()
    assert resp.status_code == 400
    assert shape(ElementTree.fromstring(resp.content)) == shape(ElementTree.fromstring(sample))


def test_arxiv_legacy_sample_fields_via_real_client(
    arxiv_fake: ArxivFake, client: arxiv.Client
) -> None:
    """A v2 request yields v2's id/updated, v1's published, DOI and journal_ref, as in 2016."""
    legacy = (SAMPLES / "arxiv" / "arxiv_1111.2011v2_legacy_format_2016.xml").read_bytes()
    (rec,) = records_from_feed(legacy)
    arxiv_fake.add(rec)
    expected = arxiv._feed.parse(legacy).results[0]
    (got,) = client.results(arxiv.Search(id_list=["1111.2011v2"]))
    assert got.entry_id == expected.entry_id == "http://arxiv.org/abs/1111.2011v2"
    assert (got.published, got.updated) == (expected.published, expected.updated)
    assert (got.doi, got.journal_ref) == ("10.1103/PhysRevB.85.115117", expected.journal_ref)
    assert [a.name for a in got.authors] == [a.name for a in expected.authors]
    assert got.categories == expected.categories and got.primary_category == "cond-mat.str-el"
    assert {(ln.title, ln.rel) for ln in got.links} == {(ln.title, ln.rel) for ln in expected.links}


def test_arxiv_versions_unknown_and_old_style_ids(arxiv_fake: ArxivFake) -> None:
    """Unknown or too-new versions drop silently; old-style IDs need the bare archive."""
    arxiv_fake.add(
        ArxivRecord("1111.2011", version=2, published="2011-11-08T18:48:36Z",
                    updated="2012-04-02T12:38:54Z"),
        ArxivRecord("cs/0102003", published="2001-02-03T00:00:00Z"),
    )  # fmt: skip
    ids = "1111.2011v3,0808.05394,1111.2011,cs.CV/0102003,cs/0102003"
    feed = ElementTree.fromstring(get(arxiv_fake.url, id_list=ids).content)
    found = [e.findtext(f"{ATOM}id") for e in feed.iter(f"{ATOM}entry")]
    assert found == ["http://arxiv.org/abs/1111.2011v2", "http://arxiv.org/abs/cs/0102003v1"]
    assert feed.findtext("{http://a9.com/-/spec/opensearch/1.1/}totalResults") == "2"


def test_arxiv_default_max_results_cuts_id_list(arxiv_fake: ArxivFake) -> None:
    """Without max_results only 10 of 15 IDs come back, and totalResults says 15."""
    recs = make_records([f"Paper {i}" for i in range(15)])
    arxiv_fake.add(*recs)
    resp = get(arxiv_fake.url, id_list=",".join(r.id for r in recs))
    feed = ElementTree.fromstring(resp.content)
    assert len(feed.findall(f"{ATOM}entry")) == 10
    assert feed.findtext("{http://a9.com/-/spec/opensearch/1.1/}totalResults") == "15"


def test_arxiv_very_long_id_list_is_414(arxiv_fake: ArxivFake) -> None:
    """Hundreds of IDs in one URL fail with HTTP 414; 100 IDs are fine."""
    ids = [r.id for r in make_records(["x"] * 800)]
    assert get(arxiv_fake.url, id_list=",".join(ids)).status_code == 414
    assert get(arxiv_fake.url, id_list=",".join(ids[:100])).status_code == 200


# -- arXiv: search and paging with the real client -------------------------

TITLES = [
    "Quantum Criticality on a Bethe Lattice",
    "Quantum Monte Carlo for Bosons",
    "Lattice Gauge Theory Made Simple",
    "Self-Supervised Learning of Visual Features",
    "Checkerboard Patterns in Quantum Spin Ice",
]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('ti:"quantum criticality"', [0]),
        ("ti:quantum AND ti:lattice", [0]),
        ("ti:quantum ANDNOT ti:lattice", [1, 4]),
        ("ti:quantum ANDNOT (ti:checkerboard OR ti:bosons)", [0]),
        ("(ti:gauge OR ti:monte) AND ti:theory", [2]),
        ("ti:self-supervised", [3]),
        ("lattice", [0, 2]),
        ('ti:"lattice quantum"', []),
    ],
)
def test_arxiv_search_query(
    arxiv_fake: ArxivFake, client: arxiv.Client, query: str, expected: list[int]
) -> None:
    """search_query terms, phrases, AND/OR/ANDNOT and parentheses select titles."""
    recs = make_records(TITLES)
    arxiv_fake.add(*recs)
    search = arxiv.Search(query=query, sort_by=arxiv.SortCriterion.SubmittedDate,
                          sort_order=arxiv.SortOrder.Ascending)  # fmt: skip
    got = [r.get_short_id() for r in client.results(search)]
    assert got == [f"{recs[i].id}v1" for i in expected]


def test_arxiv_id_list_with_search_query_and_bad_query(arxiv_fake: ArxivFake) -> None:
    """id_list plus search_query keeps listed IDs that match; unbalanced parens are a 400."""
    recs = make_records(TITLES)
    arxiv_fake.add(*recs)
    resp = get(arxiv_fake.url, search_query="ti:quantum", id_list=f"{recs[0].id},{recs[2].id}")
    ids = [
        e.findtext(f"{ATOM}id") for e in ElementTree.fromstring(resp.content).iter(f"{ATOM}entry")
    ]
    assert ids == [f"http://arxiv.org/abs/{recs[0].id}v1"]
    assert get(arxiv_fake.url, search_query="(ti:quantum").status_code == 400


def test_arxiv_paging_and_sorting(arxiv_fake: ArxivFake, client: arxiv.Client) -> None:
    """The client pages with start/max_results and gets submittedDate order."""
    arxiv_fake.add(*make_records(TITLES))
    client.page_size = 2
    search = arxiv.Search(query="all:a OR all:quantum OR all:learning OR all:gauge", max_results=None,
                          sort_by=arxiv.SortCriterion.SubmittedDate)  # fmt: skip
    got = [r.title for r in client.results(search)]
    assert got == list(reversed(TITLES))
    assert [e.query["start"] for e in arxiv_fake.log.entries] == ["0", "2", "4"]
    assert {e.query["sortBy"] for e in arxiv_fake.log.entries} == {"submittedDate"}


# -- arXiv: faults as the real client experiences them ---------------------


def test_arxiv_client_retries_even_400(arxiv_fake: ArxivFake, client: arxiv.Client) -> None:
    """arxiv 4.0.2 retries a 400 like any HTTP error, then raises arxiv.HTTPError."""
    client.num_retries = 2
    with pytest.raises(arxiv.HTTPError) as err:
        list(client.results(arxiv.Search(id_list=["abc"])))
    assert err.value.status == 400
    assert arxiv_fake.log.statuses() == [400, 400, 400]


def test_arxiv_empty_page_fault(arxiv_fake: ArxivFake, client: arxiv.Client) -> None:
    """An empty first page ends results silently; an empty later page raises."""
    recs = make_records(TITLES)
    arxiv_fake.add(*recs)
    arxiv_fake.script(faults.empty_page("real"))
    assert list(client.results(arxiv.Search(id_list=[r.id for r in recs]))) == []
    client.page_size = 2
    arxiv_fake.script(faults.empty_page(), when=lambda r: r.query.get("start") == "2")
    with pytest.raises(arxiv.UnexpectedEmptyPageError):
        list(client.results(arxiv.Search(id_list=[r.id for r in recs])))
    assert [e.fault for e in arxiv_fake.log.entries] == ["empty_page", None, "empty_page"]


def test_arxiv_rate_exceeded_body_looks_like_no_results(
    arxiv_fake: ArxivFake, client: arxiv.Client
) -> None:
    """HTTP 200 `Rate exceeded.` makes the real client return nothing, raising nothing."""
    arxiv_fake.add(*make_records(["A"]))
    arxiv_fake.script(faults.rate_exceeded())
    assert list(client.results(arxiv.Search(id_list=["2101.00001"]))) == []
    resp = get(arxiv_fake.url, id_list="2101.00001")
    assert resp.status_code == 200 and b"<entry>" in resp.content
    assert arxiv_fake.log[0].status == 200 and arxiv_fake.log[0].fault == "rate_exceeded"


def test_arxiv_transport_faults_in_real_client(arxiv_fake: ArxivFake, client: arxiv.Client) -> None:
    """Dropped connections are retried (ConnectionError); truncated bodies are not."""
    arxiv_fake.add(*make_records(["A"]))
    client.num_retries = 1
    arxiv_fake.script(faults.drop(), faults.drop())
    with pytest.raises(requests.ConnectionError):
        list(client.results(arxiv.Search(id_list=["2101.00001"])))
    assert len(arxiv_fake.log) == 2
    arxiv_fake.script(faults.truncated())
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        list(client.results(arxiv.Search(id_list=["2101.00001"])))
    assert len(arxiv_fake.log) == 3


def test_arxiv_rate_limit_interval_and_concurrency(arxiv_fake: ArxivFake) -> None:
    """With a rate limit on, requests too close together or overlapping are throttled."""
    arxiv_fake.rate_limit(0.4)
    assert [get(arxiv_fake.url).status_code for _ in range(2)] == [200, 503]
    assert arxiv_fake.log[1].status == 503
    time.sleep(0.45)
    arxiv_fake.rate_limit(0.0, reply=faults.rate_exceeded())
    arxiv_fake.latency = 0.3
    results: list[httpx.Response] = []
    threads = [threading.Thread(target=lambda: results.append(get(arxiv_fake.url))) for _ in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.text[:5] for r in results) == ["<?xml", "Rate "]


# -- Crossref: faithfulness with habanero ----------------------------------


def test_crossref_single_work_equals_sample_envelope(loaded_crossref: CrossrefFake) -> None:
    """`/works/{doi}` returns exactly the recorded envelope (score 1), whatever the DOI case."""
    cr = Crossref(base_url=loaded_crossref.url, mailto=MAILTO)
    for name in ("elsevier_journal", "springernature_journal"):
        (path,) = [p for p in CROSSREF_SAMPLES if p.name.startswith(name)]
        real = json.loads(path.read_text())
        assert cr.works(ids=real["message"]["DOI"].upper()) == real
    assert loaded_crossref.log[0].path == "/works/10.1016/J.NEUROBIOLAGING.2010.03.024"


def test_crossref_ids_are_fetched_one_request_each(loaded_crossref: CrossrefFake) -> None:
    """habanero looks up a list of ids one request at a time."""
    cr = Crossref(base_url=loaded_crossref.url, mailto=MAILTO)
    got = cr.works(ids=["10.1038/srep16696", "10.1109/temc.2024.3506623"])
    assert [w["message"]["DOI"] for w in got] == ["10.1038/srep16696", "10.1109/temc.2024.3506623"]
    assert [e.path for e in loaded_crossref.log.entries] == [
        "/works/10.1038/srep16696",
        "/works/10.1109/temc.2024.3506623",
    ]


def test_crossref_unknown_doi_404(loaded_crossref: CrossrefFake) -> None:
    """Unknown DOI: 404 `Resource not found.`; habanero raises raw httpx2, or warns."""
    resp = get(f"{loaded_crossref.url}/works/10.48550/arXiv.1706.03762")
    assert (resp.status_code, resp.text) == (404, "Resource not found.")
    cr = Crossref(base_url=loaded_crossref.url)
    with pytest.raises(httpx2.HTTPStatusError):
        cr.works(ids="10.9999/nope")
    with pytest.warns(UserWarning, match="404"):
        assert cr.works(ids=["10.9999/nope", "10.1038/srep16696"], warn=True)[0] is None


def test_crossref_filter_select_and_list_envelope(loaded_crossref: CrossrefFake) -> None:
    """filter=doi:..., select and rows give a work-list; unknown DOIs are just absent."""
    cr = Crossref(base_url=loaded_crossref.url, mailto=MAILTO)
    dois = ["10.1109/TEMC.2024.3506623", "10.1038/srep16696", "10.9999/absent"]
    got = cr.works(filter={"doi": dois}, select=["DOI", "title"], limit=50)
    assert set(got) == {"status", "message-type", "message-version", "message"}
    msg = got["message"]
    assert got["message-type"] == "work-list"
    assert set(msg) == {"facets", "total-results", "items", "items-per-page", "query"}
    assert msg["query"] == {"start-index": 0, "search-terms": None}
    assert (msg["total-results"], msg["items-per-page"]) == (2, 50)
    assert all(set(item) == {"DOI", "title"} for item in msg["items"])
    assert loaded_crossref.log[0].query["filter"] == ",".join(f"doi:{d}" for d in dois)
    full = cr.works(filter={"doi": "10.1109/temc.2024.3506623"})["message"]["items"][0]
    assert full == load_work(next(p for p in CROSSREF_SAMPLES if p.name.startswith("ieee")))


def test_crossref_rows_default_max_and_validation(crossref_fake: CrossrefFake) -> None:
    """rows defaults to 20 (total-results tells the truth); over 1000 is a 400 RequestError."""
    works = [make_work(f"10.5555/w{i}", f"Work {i}") for i in range(25)]
    crossref_fake.add(*works)
    cr = Crossref(base_url=crossref_fake.url)
    flt = {"doi": [w["DOI"] for w in works]}
    msg = cr.works(filter=flt)["message"]
    assert (len(msg["items"]), msg["total-results"], msg["items-per-page"]) == (20, 25, 20)
    assert len(cr.works(filter=flt, limit=25)["message"]["items"]) == 25
    with pytest.raises(RequestError) as err:
        cr.works(filter=flt, limit=1001)
    assert err.value.status_code == 400 and "1000" in err.value.error
    bad = get(f"{crossref_fake.url}/works", select="DOI,bogus").json()
    assert bad["message-type"] == "validation-failure"
    assert get(f"{crossref_fake.url}/works", filter="orcid:x").status_code == 400


def test_crossref_bibliographic_and_author_queries(crossref_fake: CrossrefFake) -> None:
    """query.bibliographic ranks loosely related works by score; query.author narrows."""
    crossref_fake.add(
        make_work("10.1/a", "Deep Residual Learning for Image Recognition", [("Kaiming", "He")]),
        make_work("10.1/b", "Residual Networks Behave Like Ensembles", [("Andreas", "Veit")]),
        make_work("10.1/c", "A Survey of Image Segmentation", [("Kaiming", "Chen")]),
        make_work("10.1/d", "Soil Ecology of Alpine Meadows", [("Zoe", "Moss")]),
    )
    cr = Crossref(base_url=crossref_fake.url, mailto=MAILTO)
    msg = cr.works(query_bibliographic="deep residual learning image recognition")["message"]
    assert msg["items"][0]["DOI"] == "10.1/a"
    assert {i["DOI"] for i in msg["items"]} == {"10.1/a", "10.1/b", "10.1/c"}
    scores = [i["score"] for i in msg["items"]]
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0
    assert msg["query"]["search-terms"] is None
    msg = cr.works(query_bibliographic="image", query_author="kaiming he")["message"]
    assert [i["DOI"] for i in msg["items"]] == ["10.1/a", "10.1/c"]


def test_crossref_pool_headers(loaded_crossref: CrossrefFake) -> None:
    """mailto (param or User-Agent) selects the polite pool headers; otherwise public."""
    url = f"{loaded_crossref.url}/works/10.1038/srep16696"
    polite = {"x-api-pool": "polite", "x-rate-limit-limit": "10", "x-concurrency-limit": "3"}
    public = {"x-api-pool": "public", "x-rate-limit-limit": "5", "x-concurrency-limit": "1"}
    for resp, want in [
        (get(url, mailto=MAILTO), polite),
        (httpx.get(url, headers={"User-Agent": f"h/1 (mailto:{MAILTO})"}), polite),
        (get(url), public),
        (get(f"{loaded_crossref.url}/works/10.1/none"), public),
    ]:
        assert {k: resp.headers[k] for k in want} == want
        assert resp.headers["x-rate-limit-interval"] == "1s"


def test_crossref_enforced_limits(crossref_fake: CrossrefFake) -> None:
    """With limits enforced: 5/s public, 3/s on list queries, 1 concurrent public request."""
    crossref_fake.add(make_work("10.1/a", "A"))
    crossref_fake.enforce_limits = True
    single = [get(f"{crossref_fake.url}/works/10.1/a").status_code for _ in range(6)]
    assert single == [200] * 5 + [429]
    listing = [
        get(f"{crossref_fake.url}/works", filter="doi:10.1/a", mailto=MAILTO) for _ in "abcd"
    ]
    assert [r.status_code for r in listing] == [200, 200, 200, 429]
    assert listing[-1].headers["x-api-pool"] == "polite"
    time.sleep(1.0)
    crossref_fake.latency = 0.3
    codes: list[int] = []
    threads = [
        threading.Thread(
            target=lambda: codes.append(get(f"{crossref_fake.url}/works/10.1/a").status_code)
        )
        for _ in "ab"
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [200, 429]


# -- generic fault script, request log, latency ----------------------------


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_fault_status_codes(crossref_fake: CrossrefFake, status: int) -> None:
    """A scripted status fault answers one request, then service is normal."""
    crossref_fake.script(faults.http_status(status))
    url = f"{crossref_fake.url}/works"
    assert [get(url).status_code for _ in range(2)] == [status, 200]


def test_fault_429_with_and_without_retry_after(crossref_fake: CrossrefFake) -> None:
    """429 faults carry Retry-After only when asked, and keep the pool headers."""
    crossref_fake.script(faults.http_status(429, retry_after=7), faults.http_status(429))
    first, second = get(f"{crossref_fake.url}/works"), get(f"{crossref_fake.url}/works")
    assert (first.status_code, first.headers["retry-after"]) == (429, "7")
    assert second.status_code == 429 and "retry-after" not in second.headers
    assert second.headers["x-api-pool"] == "public"


def test_fault_slow_reply_trips_timeouts(crossref_fake: CrossrefFake) -> None:
    """A slow reply trips httpx and habanero timeouts (RuntimeError vs raw httpx2 error)."""
    crossref_fake.add(make_work("10.1/a", "A"))
    crossref_fake.script(faults.slow(0.6), faults.slow(0.6), faults.slow(0.6))
    with pytest.raises(httpx.ReadTimeout):
        httpx.get(f"{crossref_fake.url}/works", timeout=0.2)
    cr = Crossref(base_url=crossref_fake.url, timeout=0.2)
    with pytest.raises(RuntimeError):
        cr.works(query_bibliographic="a")
    with pytest.raises(httpx2.ReadTimeout):
        cr.works(ids="10.1/a")
    assert get(f"{crossref_fake.url}/works/10.1/a").status_code == 200


def test_fault_trickle_sends_the_whole_reply_slowly_past_a_read_timeout(
    crossref_fake: CrossrefFake,
) -> None:
    """A trickled body is the normal reply, byte for byte, sent slowly: httpx's timeout
    (per read) never trips, so the request takes far longer than it."""
    crossref_fake.add(make_work("10.1/a", "A"))
    whole = get(f"{crossref_fake.url}/works/10.1/a").content
    crossref_fake.script(faults.trickle(0.004))
    started = time.monotonic()
    slow = httpx.get(f"{crossref_fake.url}/works/10.1/a", timeout=0.5)
    took = time.monotonic() - started
    assert slow.status_code == 200 and slow.content == whole
    assert took >= len(whole) * 0.004 > 1.0  # well past the 0.5 s timeout
    assert crossref_fake.log[1].fault == "trickle"


def test_fault_trickle_with_headers_sends_the_head_slowly_too(crossref_fake: CrossrefFake) -> None:
    """`headers=True` trickles from the status line on: the status comes late, the reply
    is still the normal one."""
    crossref_fake.add(make_work("10.1/a", "A"))
    crossref_fake.script(faults.trickle(0.003, headers=True))
    started = time.monotonic()
    with httpx.stream("GET", f"{crossref_fake.url}/works/10.1/a", timeout=0.5) as reply:
        head_took = time.monotonic() - started
        body = reply.read()
    assert reply.status_code == 200 and json.loads(body)["message"]["DOI"] == "10.1/a"
    assert head_took > 0.003 * len("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")


def test_fault_stall_sends_the_head_and_then_nothing(crossref_fake: CrossrefFake) -> None:
    """A stall answers 200 with its headers at once, and the body never comes."""
    crossref_fake.add(make_work("10.1/a", "A"))
    crossref_fake.script(faults.stall())
    with httpx.stream("GET", f"{crossref_fake.url}/works/10.1/a", timeout=0.3) as reply:
        assert reply.status_code == 200 and int(reply.headers["content-length"]) > 0
        with pytest.raises(httpx.ReadTimeout):
            reply.read()


def test_fault_truncated_body(crossref_fake: CrossrefFake) -> None:
    """A short body under a longer Content-Length fails the read."""
    crossref_fake.script(faults.truncated())
    with pytest.raises(httpx.RemoteProtocolError):
        get(f"{crossref_fake.url}/works")
    assert crossref_fake.log[0].status == 200 and crossref_fake.log[0].fault == "truncated"


@pytest.mark.parametrize("status", [200, 503])
def test_fault_html_error_page(crossref_fake: CrossrefFake, status: int) -> None:
    """An HTML page (200 or 5xx) arrives without API headers; habanero rejects it."""
    crossref_fake.script(faults.html_error(status), faults.html_error(status))
    resp = get(f"{crossref_fake.url}/works")
    assert resp.status_code == status and resp.headers["content-type"].startswith("text/html")
    assert "<html>" in resp.text and "x-api-pool" not in resp.headers
    expected = RequestError if status == 200 else httpx2.HTTPStatusError
    with pytest.raises(expected):
        Crossref(base_url=crossref_fake.url).works(query="x")


def test_fault_rate_exceeded_plain_text(crossref_fake: CrossrefFake) -> None:
    """HTTP 200 with the plain text `Rate exceeded.`."""
    crossref_fake.script(faults.rate_exceeded())
    resp = get(f"{crossref_fake.url}/works")
    assert (resp.status_code, resp.text, resp.headers["content-type"]) == (
        200, "Rate exceeded.", "text/plain")  # fmt: skip


def test_fault_dropped_connection(crossref_fake: CrossrefFake) -> None:
    """A dropped connection gives no reply; the log shows no status."""
    crossref_fake.script(faults.drop())
    with pytest.raises(httpx.RemoteProtocolError):
        get(f"{crossref_fake.url}/works")
    assert crossref_fake.log[0].status is None and crossref_fake.log[0].fault == "drop"


def test_fault_queue_order_and_predicate(crossref_fake: CrossrefFake) -> None:
    """Faults are consumed in order, one per request, only by requests matching `when`."""
    crossref_fake.script(faults.http_status(500), faults.http_status(502))
    crossref_fake.script(faults.http_status(504), when=lambda r: "filter" in r.query)
    url = f"{crossref_fake.url}/works"
    codes = [get(url).status_code, get(url).status_code, get(url).status_code]
    assert codes == [500, 502, 200]
    assert crossref_fake.pending_faults == 1
    assert get(url, filter="doi:10.1/x").status_code == 504
    assert crossref_fake.pending_faults == 0


def test_fault_permanent_until_recover(crossref_fake: CrossrefFake) -> None:
    """fail_forever keeps the service down until recover()."""
    crossref_fake.fail_forever(faults.http_status(503))
    url = f"{crossref_fake.url}/works"
    assert {get(url).status_code for _ in range(4)} == {503}
    crossref_fake.recover()
    assert get(url).status_code == 200


def test_latency_and_request_log(crossref_fake: CrossrefFake) -> None:
    """Per-request latency delays replies; the log keeps method, path, query, headers, times."""
    crossref_fake.latency = 0.2
    began = time.monotonic()
    get(f"{crossref_fake.url}/works", filter="doi:10.1/A", rows="5")
    get(f"{crossref_fake.url}/works/10.1%2Fb")
    assert time.monotonic() - began >= 0.4
    first, second = crossref_fake.log.entries
    assert (first.method, first.path, first.status) == ("GET", "/works", 200)
    assert first.query == {"filter": "doi:10.1/A", "rows": "5"}
    assert first.headers["user-agent"].startswith("python-httpx/")
    assert second.path == "/works/10.1/b" and second.status == 404
    assert began <= first.timestamp < second.timestamp
