"""The source adapters against the loopback fakes: batching, pacing, retries, raw replies."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterator

import pytest

from harvester.upstream.arxiv import ArxivApi
from harvester.upstream.arxiv_http import ArxivTransport
from harvester.upstream.crossref import CrossrefApi
from harvester.upstream.crossref_http import CrossrefTransport
from harvester.upstream.retrying import RetryLog, RetryPolicy
from harvester.upstream.services import arxiv_pacer
from tests.fakes import faults
from tests.fakes.arxiv_fake import ArxivFake, make_records
from tests.fakes.crossref_fake import CrossrefFake, make_work

FAST = RetryPolicy(attempts=4, initial_wait=0.01, max_wait=0.05, jitter=0.0)


_MADE: list[ArxivTransport] = []


def arxiv_api(fake: ArxivFake, delay: float = 0.0, policy: RetryPolicy = FAST) -> ArxivApi:
    transport = ArxivTransport(fake.url, 2.0, "harvester-tests", arxiv_pacer(delay))
    _MADE.append(transport)
    return ArxivApi(transport, policy, RetryLog())


@pytest.fixture(autouse=True)
def _close_arxiv_transports() -> Iterator[None]:
    """The arXiv transports a test made release their kept-alive connections after it."""
    yield
    while _MADE:
        _MADE.pop().session.close()


@pytest.fixture
def crossref(crossref_fake: CrossrefFake) -> Iterator[CrossrefApi]:
    api = CrossrefApi(
        crossref_fake.url, "tests@example.org", 2.0, CrossrefTransport(), FAST, RetryLog()
    )
    yield api
    api.transport.close()


def test_250_ids_take_3_requests(arxiv_fake: ArxivFake) -> None:
    """250 arXiv IDs are asked in batches of 100 with max_results set: 3 requests."""
    arxiv_fake.add(*make_records([f"Paper {i}" for i in range(250)]))
    api = arxiv_api(arxiv_fake)
    got = api.fetch_by_ids([f"2101.{i:05d}" for i in range(1, 251)])
    assert len(got.records) == 250 and not got.missing and not got.failed
    assert len(arxiv_fake.log.entries) == 3
    assert [e.query["max_results"] for e in arxiv_fake.log.entries] == [
        "100"
    ] * 3  # not the default 10
    assert len(got.replies) == 3 and got.replies[0].body.lstrip().startswith("<?xml")


def test_versions_map_back_and_v1_date_is_kept(arxiv_fake: ArxivFake) -> None:
    """Results map back by versionless ID; the record's date is v1's `published`."""
    arxiv_fake.add(*make_records(["A paper"]))
    arxiv_fake.records["2101.00001"].version = 3
    got = arxiv_api(arxiv_fake).fetch_by_ids(["2101.00001"])
    record = got.records["2101.00001"]
    assert record.version == 3 and record.submitted_on == "2021-01-01"


def test_malformed_ids_never_reach_the_api(arxiv_fake: ArxivFake) -> None:
    """A malformed ID is dropped before batching, so it cannot sink the batch with a 400."""
    arxiv_fake.add(*make_records(["One", "Two"]))
    got = arxiv_api(arxiv_fake).fetch_by_ids(["2101.00001", "abc", "2101.00002"])
    assert set(got.records) == {"2101.00001", "2101.00002"}
    assert [e.status for e in arxiv_fake.log.entries] == [200]


def test_missing_id_is_asked_alone_before_being_called_nonexistent(arxiv_fake: ArxivFake) -> None:
    """An ID absent from a batch reply is asked on its own, then called missing."""
    arxiv_fake.add(*make_records(["One", "Two"]))
    got = arxiv_api(arxiv_fake).fetch_by_ids(["2101.00001", "2101.00002", "2101.09999"])
    assert got.missing == {"2101.09999"}
    assert [e.query["id_list"] for e in arxiv_fake.log.entries] == [
        "2101.00001,2101.00002,2101.09999",
        "2101.09999",
    ]


def test_empty_page_for_a_batch_is_asked_again(arxiv_fake: ArxivFake) -> None:
    """An empty page for a list of IDs that exist is asked again, not believed."""
    arxiv_fake.add(*make_records(["One", "Two"]))
    arxiv_fake.script(faults.empty_page("zero"))
    got = arxiv_api(arxiv_fake).fetch_by_ids(["2101.00001", "2101.00002"])
    assert set(got.records) == {"2101.00001", "2101.00002"} and not got.missing
    assert len(arxiv_fake.log.entries) == 2


def test_empty_page_for_a_title_batch_is_asked_again(arxiv_fake: ArxivFake) -> None:
    """An empty first page for OR-joined titles is asked again, as ID batches are; a
    single title's empty page is believed (it may truly have no hit)."""
    titles = ["Unsupervised anomaly detection study one", "Unsupervised anomaly detection two"]
    arxiv_fake.add(*make_records(titles))
    arxiv_fake.script(faults.empty_page("zero"))
    got = arxiv_api(arxiv_fake).search_titles(titles)
    assert {r.title for r in got.records.values()} == set(titles)
    assert len(arxiv_fake.log.entries) == 2
    arxiv_fake.log.clear()
    arxiv_fake.script(faults.empty_page("zero"))
    assert arxiv_api(arxiv_fake).search_titles(titles[:1]).records == {}
    assert len(arxiv_fake.log.entries) == 1


def test_20_title_searches_take_2_requests(arxiv_fake: ArxivFake) -> None:
    """Twenty titles are searched with OR-joined `ti:` phrases, ten per request."""
    titles = [f"Unsupervised anomaly detection study number {w}" for w in "abcdefghijklmnopqrst"]
    arxiv_fake.add(*make_records(titles))
    got = arxiv_api(arxiv_fake).search_titles(titles)
    assert len(arxiv_fake.log.entries) == 2
    assert {r.title for r in got.records.values()} == set(titles)
    assert arxiv_fake.log.entries[0].query["search_query"].count(" OR ti:") == 9


def test_arxiv_delay_is_kept_between_requests(arxiv_fake: ArxivFake) -> None:
    """Requests reach the fake no closer than the configured delay, retries included."""
    arxiv_fake.add(*make_records([f"Paper {i}" for i in range(3)]))
    arxiv_fake.script(faults.http_status(503), faults.rate_exceeded())
    api = arxiv_api(arxiv_fake, delay=0.3)
    api.fetch_by_ids(["2101.00001", "2101.00002"])
    api.fetch_by_ids(["2101.00003"])
    stamps = [e.timestamp for e in arxiv_fake.log.entries]
    assert len(stamps) == 4
    assert min(b - a for a, b in itertools.pairwise(stamps)) >= 0.3


@pytest.mark.parametrize(
    "fault",
    [
        faults.http_status(429, retry_after=0),
        faults.http_status(429),
        faults.http_status(502),
        faults.http_status(503),
        faults.http_status(504),
        faults.rate_exceeded(),
        faults.truncated(),
        faults.html_error(200),
        faults.drop(),
        faults.slow(3.0),
    ],
    ids=lambda f: f.describe(),
)
def test_arxiv_transient_faults_are_retried(arxiv_fake: ArxivFake, fault: faults.Fault) -> None:
    """Each transient fault costs one retry and the answer is the same as a clean one."""
    arxiv_fake.add(*make_records(["One"]))
    api = arxiv_api(arxiv_fake)
    arxiv_fake.script(fault)
    got = api.fetch_by_ids(["2101.00001"])
    assert set(got.records) == {"2101.00001"} and not got.failed
    assert api.log.retries == {"arxiv": 1}


def test_retry_after_is_waited(arxiv_fake: ArxivFake) -> None:
    """A 429 with Retry-After: 1 delays the next try by at least a second."""
    arxiv_fake.add(*make_records(["One"]))
    arxiv_fake.script(faults.http_status(429, retry_after=1))
    api = arxiv_api(arxiv_fake)
    api.fetch_by_ids(["2101.00001"])
    first, second = (e.timestamp for e in arxiv_fake.log.entries)
    assert second - first >= 1.0
    assert api.log.waits == [1.0]


def test_arxiv_down_for_good_fails_the_ids(arxiv_fake: ArxivFake) -> None:
    """A service that never answers fails the IDs after the bounded attempts."""
    arxiv_fake.fail_forever(faults.http_status(503))
    got = arxiv_api(arxiv_fake).fetch_by_ids(["2101.00001"])
    assert set(got.failed) == {"2101.00001"} and "HTTP 503" in got.failed["2101.00001"]
    assert len(arxiv_fake.log.entries) == FAST.attempts


def test_arxiv_500_is_not_retried(arxiv_fake: ArxivFake) -> None:
    """A 500 is not in the retryable set: one request, the IDs fail."""
    arxiv_fake.script(faults.http_status(500))
    got = arxiv_api(arxiv_fake).fetch_by_ids(["2101.00001"])
    assert set(got.failed) == {"2101.00001"}
    assert len(arxiv_fake.log.entries) == 1


def test_60_dois_take_at_most_3_requests(
    crossref_fake: CrossrefFake, crossref: CrossrefApi
) -> None:
    """Sixty DOIs are asked through filter=doi:... with rows and select set."""
    dois = [f"10.1016/j.media.2023.{i:06d}" for i in range(60)]
    crossref_fake.add(*(make_work(d, f"Title {i}") for i, d in enumerate(dois)))
    got = crossref.fetch_by_dois(dois)
    assert set(got.records) == set(dois) and not got.missing
    entries = crossref_fake.log.entries
    assert len(entries) <= 3
    assert all(e.query["rows"] and "published-online" in e.query["select"] for e in entries)
    assert "mailto:tests@example.org" in entries[0].headers["user-agent"]
    assert "harvester/" in entries[0].headers["user-agent"]


def test_unknown_dois_are_asked_alone_then_missing(
    crossref_fake: CrossrefFake, crossref: CrossrefApi
) -> None:
    """A DOI absent from the batch reply is asked at /works/{doi}; a 404 makes it missing."""
    crossref_fake.add(make_work("10.1109/tmi.2023.3310716", "Known"))
    got = crossref.fetch_by_dois(["10.1109/tmi.2023.3310716", "10.9999/unknown"])
    assert set(got.records) == {"10.1109/tmi.2023.3310716"} and got.missing == {"10.9999/unknown"}
    assert [e.path for e in crossref_fake.log.entries] == ["/works", "/works/10.9999/unknown"]
    work = json.loads(got.records["10.1109/tmi.2023.3310716"])
    assert work["DOI"] == "10.1109/tmi.2023.3310716"


def test_a_single_reply_holding_no_work_fails_the_doi(
    crossref_fake: CrossrefFake, crossref: CrossrefApi
) -> None:
    """An 'ok' reply at /works/{doi} whose message is no work cannot be read: the DOI's
    fetch failed; it is not a DOI Crossref does not know (only a 404 says that)."""
    body = json.dumps({"status": "ok", "message-type": "work", "message": None})
    crossref_fake.script(
        faults.http_status(200, body, content_type="application/json"),
        when=lambda req: req.path.startswith("/works/"),
    )
    got = crossref.fetch_by_dois(["10.9999/unknown"])
    assert not got.missing and set(got.failed) == {"10.9999/unknown"}
    assert "holds no work" in got.failed["10.9999/unknown"]


@pytest.mark.parametrize(
    "fault",
    [
        faults.http_status(429, retry_after=0),
        faults.http_status(503),
        faults.truncated(),
        faults.html_error(200),
        faults.drop(),
        faults.slow(3.0),
    ],
    ids=lambda f: f.describe(),
)
def test_crossref_transient_faults_are_retried(
    crossref_fake: CrossrefFake, crossref: CrossrefApi, fault: faults.Fault
) -> None:
    """Each transient Crossref fault costs one retry and gives the clean answer."""
    crossref_fake.add(make_work("10.1000/a", "A"))
    crossref_fake.script(fault)
    got = crossref.fetch_by_dois(["10.1000/a"])
    assert set(got.records) == {"10.1000/a"} and not got.failed
    assert crossref.log.retries == {"crossref": 1}


def test_crossref_search_keeps_hits_in_rank_order(
    crossref_fake: CrossrefFake, crossref: CrossrefApi
) -> None:
    """A bibliographic search returns its hits' DOIs best first, with their JSON."""
    crossref_fake.add(
        make_work("10.1000/a", "Deep dive into pathology detection"),
        make_work("10.1000/b", "Unrelated"),
    )
    got = crossref.search("Deep dive into pathology detection Lovelace")
    assert got.hits[0] == "10.1000/a"
    assert (
        crossref_fake.log.entries[0].query["query.bibliographic"]
        == "Deep dive into pathology detection Lovelace"
    )


def test_rate_limit_headers_slow_the_pacer(crossref_fake: CrossrefFake) -> None:
    """x-rate-limit headers asking for 2 per second make the pacer wait 0.5 s."""
    transport = CrossrefTransport()
    api = CrossrefApi(crossref_fake.url, None, 2.0, transport, FAST, RetryLog())
    crossref_fake.add(make_work("10.1000/a", "A"))
    original = crossref_fake.api_headers
    crossref_fake.api_headers = lambda req: {
        **original(req),
        "x-rate-limit-limit": "2",
        "x-rate-limit-interval": "1s",
    }  # type: ignore[method-assign]
    api.fetch_by_dois(["10.1000/a"])
    assert transport.list_pacer.interval == 0.5 and transport.single_pacer.interval == 0.5
    started = time.monotonic()
    api.fetch_by_dois(["10.1000/a"])
    transport.close()
    gap = crossref_fake.log.entries[1].timestamp - crossref_fake.log.entries[0].timestamp
    # 0.5 s start to start (0.33 s unslowed), less the first connection's set-up, which
    # took 56 ms on a slow machine
    assert gap >= 0.42
    assert time.monotonic() - started < 5


def test_a_service_redirect_is_not_followed_and_names_its_location(
    arxiv_fake: ArxivFake, crossref_fake: CrossrefFake, crossref: CrossrefApi
) -> None:
    """The services are asked at their configured endpoints only: a redirect (arXiv's
    http to https) fails the request at once, final, naming where it points."""
    moved = "https://export.arxiv.org/api/query"
    arxiv_fake.fail_forever(faults.http_status(301, headers={"Location": moved}))
    got = arxiv_api(arxiv_fake).fetch_by_ids(["2101.00001"])
    assert (
        f"HTTP 301: moved to {moved} (not followed: set the endpoint to it)"
        in got.failed["2101.00001"]
    )
    crossref_fake.fail_forever(faults.http_status(308, headers={"Location": "/v2/works"}))
    failed = crossref.search("A title").failed
    assert (
        "HTTP 308: moved to /v2/works (not followed: set the endpoint to it)" in failed["A title"]
    )
    assert len(arxiv_fake.log) == 1 and len(crossref_fake.log) == 1  # not retried either


def test_gzip_replies_are_read(
    arxiv_fake: ArxivFake, crossref_fake: CrossrefFake, crossref: CrossrefApi
) -> None:
    """Replies sent gzip-compressed (as Crossref sends them) are decoded once and read,
    batch and single alike, arXiv's too; the raw replies are stored decoded."""
    crossref_fake.add(make_work("10.1000/a", "A"))
    crossref_fake.fail_forever(faults.gzipped())
    got = crossref.fetch_by_dois(["10.1000/a", "10.1000/zzz"])
    assert set(got.records) == {"10.1000/a"} and got.missing == {"10.1000/zzz"}
    assert [e.fault for e in crossref_fake.log.entries] == ["gzip", "gzip"]
    assert not got.failed and json.loads(got.replies[0].body)["status"] == "ok"
    arxiv_fake.add(*make_records(["One"]))
    arxiv_fake.fail_forever(faults.gzipped())
    found = arxiv_api(arxiv_fake).fetch_by_ids(["2101.00001"])
    assert set(found.records) == {"2101.00001"} and not found.failed
    assert found.replies[0].body.lstrip().startswith("<?xml")


def test_crossref_retry_after_is_waited(crossref_fake: CrossrefFake, crossref: CrossrefApi) -> None:
    """A Crossref 429 with Retry-After: 1 delays the next try by at least a second (the
    policy's own backoff here is 0.01 s), and the wait is the server's."""
    crossref_fake.add(make_work("10.1000/a", "A"))
    crossref_fake.script(faults.http_status(429, retry_after=1))
    got = crossref.fetch_by_dois(["10.1000/a"])
    assert set(got.records) == {"10.1000/a"}
    first, second = (e.timestamp for e in crossref_fake.log.entries)
    assert second - first >= 1.0
    assert crossref.log.waits == [1.0]


def test_a_429_narrows_crossref_and_its_retry_after_pauses_every_worker(
    crossref_fake: CrossrefFake,
) -> None:
    """The polite pool advertises 3 in flight: a first reply that is a 429 keeps one in
    flight for the run; after a good first reply, a 429 takes one off the three. Its
    Retry-After holds every pacer, not only the caller's."""
    crossref_fake.add(make_work("10.1000/a", "A"))
    throttled = CrossrefTransport(concurrency=3)
    api = CrossrefApi(crossref_fake.url, "t@example.org", 2.0, throttled, FAST, RetryLog())
    crossref_fake.script(faults.http_status(429, retry_after=0))
    api.fetch_by_dois(["10.1000/a"])
    assert throttled.gate.limit == 1
    throttled.close()
    fine = CrossrefTransport(concurrency=3)
    api = CrossrefApi(crossref_fake.url, "t@example.org", 2.0, fine, FAST, RetryLog())
    api.fetch_by_dois(["10.1000/a"])
    assert fine.gate.limit == 3  # the fake's polite pool says 3
    crossref_fake.script(faults.http_status(429, retry_after=1))
    started = time.monotonic()
    api.fetch_by_dois(["10.1000/a"])
    assert fine.gate.limit == 2
    for pacer in fine.pacers:  # all held about a second from the 429 on
        assert pacer._next_start is not None and pacer._next_start >= started + 0.9
    fine.close()
