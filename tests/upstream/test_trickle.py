"""A deadline per request, measured: whatever arXiv or Crossref trickles, every kind of
request ends within 3x HARVESTER_TIMEOUT (here 1 s), counts as a timeout and is retried
as any timeout is. (SOURCE URLs: tests/upstream/test_list_source.py.)"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
from tests.fakes.wire import Request
from tests.upstream.timing import MODES, TIMEOUT, timed, unaccepting

ONCE = RetryPolicy(attempts=1, initial_wait=0.0, max_wait=0.0, jitter=0.0)


def _single(request: Request) -> bool:
    return request.path.startswith("/works/")


#: Each kind of request, by the service's method that makes it; each fails whole, so what
#: it returns is its `failed` (what could not be asked, with why).
KINDS: dict[str, tuple[str, Callable[[Any], dict[str, str]]]] = {
    "arXiv ID batch": ("arxiv", lambda api: api.fetch_by_ids(["2101.00001", "2101.00002"]).failed),
    "arXiv title search": ("arxiv", lambda api: api.search_titles(["Paper 0", "Paper 1"]).failed),
    "Crossref DOI batch": (
        "crossref", lambda api: api.fetch_by_dois(["10.1000/a", "10.1000/b"]).failed
    ),
    # 10.1000/zzz is missing from the batch's reply, so it is asked alone (only that is held)
    "Crossref single look-up": (
        "crossref", lambda api: api.fetch_by_dois(["10.1000/a", "10.1000/zzz"]).failed
    ),
    "Crossref search": ("crossref", lambda api: api.search("Paper A Lovelace").failed),
}  # fmt: skip
#: A listener that never accepts cannot answer the batch before the single look-up.
CASES = [
    (kind, mode)
    for kind in KINDS
    for mode in MODES
    if not (kind == "Crossref single look-up" and MODES[mode] is None)
]


def _ask(kind: str, url: str, policy: RetryPolicy = ONCE) -> tuple[dict[str, str], float]:
    """Make the kind of request at `url`, timed (cut at 3 timeouts a try); what failed,
    and how long it took."""
    limit = 3 * TIMEOUT * policy.attempts
    service, call = KINDS[kind]
    if service == "arxiv":
        transport = ArxivTransport(url, TIMEOUT, "tests", arxiv_pacer(0.0))
        try:
            return timed(lambda: call(ArxivApi(transport, policy, RetryLog())), limit)
        finally:
            transport.session.close()
    crossref = CrossrefTransport()
    try:
        api = CrossrefApi(url, "tests@example.org", TIMEOUT, crossref, policy, RetryLog())
        return timed(lambda: call(api), limit)
    finally:
        crossref.close()


@pytest.mark.parametrize(("kind", "mode"), CASES)
def test_every_service_request_ends_within_three_timeouts(
    kind: str, mode: str, arxiv_fake: ArxivFake, crossref_fake: CrossrefFake
) -> None:
    """An arXiv or Crossref request whose reply would take minutes fails after about
    HARVESTER_TIMEOUT, well within 3x, as `timed out after 1 s`."""
    arxiv_fake.add(*make_records(["Paper 0", "Paper 1"]))
    crossref_fake.add(make_work("10.1000/a", "Paper A"), make_work("10.1000/b", "Paper B"))
    fake = arxiv_fake if KINDS[kind][0] == "arxiv" else crossref_fake
    make = MODES[mode]
    with unaccepting() as nowhere:
        if make is not None:
            fake.fail_forever(make(), when=_single if kind == "Crossref single look-up" else None)
        failed, took = _ask(kind, nowhere if make is None else fake.url)
    assert failed and all("timed out after 1 s" in why for why in failed.values()), failed
    assert 0.9 * TIMEOUT <= took < 3 * TIMEOUT, f"{kind}, {mode}: {took:.2f} s"


def test_a_timed_out_request_is_retried_as_today(arxiv_fake: ArxivFake) -> None:
    """A request past its deadline counts as a timeout: retried per the policy (two tries
    here), each cut at the deadline, then a fetch failure."""
    arxiv_fake.add(*make_records(["Paper 0", "Paper 1"]))
    arxiv_fake.fail_forever(faults.trickle(1.0))
    twice = RetryPolicy(attempts=2, initial_wait=0.0, max_wait=0.0, jitter=0.0)
    failed, took = _ask("arXiv ID batch", arxiv_fake.url, twice)
    assert set(failed) == {"2101.00001", "2101.00002"}
    assert all("arxiv: timed out after 1 s" in why for why in failed.values())
    assert len(arxiv_fake.log) == 2
    assert 2 * 0.9 * TIMEOUT <= took < 2 * 3 * TIMEOUT
