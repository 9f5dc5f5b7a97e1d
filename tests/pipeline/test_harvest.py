"""A whole harvest against the loopback fakes: evidence stored, faults absorbed, failures kept."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from harvester.settings import Settings
from tests.conftest import MODEL_LIST
from tests.fakes import faults
from tests.fakes.arxiv_fake import ArxivFake
from tests.fakes.arxiv_feed import ArxivRecord as FakeArxivRecord
from tests.fakes.crossref_fake import CrossrefFake
from tests.fakes.faults import Predicate
from tests.pipeline.harvesting import harvest_list

#: What the store holds as evidence, without the fetch times.
EVIDENCE_SQL = [
    "SELECT service, record_key, status, record_json FROM records ORDER BY service, record_key",
    "SELECT service, query_key, query, candidates_json FROM searches ORDER BY service, query_key",
]


def settings_for(db: Path, world: tuple[ArxivFake, CrossrefFake], retries: int = 5) -> Settings:
    arxiv_fake, crossref_fake = world
    return Settings(
        db_path=db, arxiv_url=arxiv_fake.url, crossref_url=crossref_fake.url,
        mailto="tests@example.org", arxiv_delay=0.0, timeout=1.0, retries=retries, retry_wait=0.01,
    )  # fmt: skip


def evidence(db: Path) -> list[list[tuple[object, ...]]]:
    with sqlite3.connect(db) as conn:
        return [conn.execute(sql).fetchall() for sql in EVIDENCE_SQL]


def test_model_list_evidence(tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]) -> None:
    """Every kind of look-up lands in the store: IDs, declared and linked DOIs, title searches."""
    db = tmp_path / "h.sqlite"
    summary = harvest_list(str(MODEL_LIST), settings_for(db, world))
    assert summary.failures == 0 and summary.entries == 17
    with sqlite3.connect(db) as conn:
        found = dict(
            conn.execute("SELECT record_key, status FROM records WHERE service='arxiv'").fetchall()
        )
        searches = dict(conn.execute("SELECT query, candidates_json FROM searches").fetchall())
        replies = conn.execute("SELECT service, COUNT(*) FROM replies GROUP BY service").fetchall()
    assert found["2401.10637"] == "found" and found["2303.00609"] == "found"  # linked, by title
    # the IEEE entry links no DOI: found on arXiv by title, then on Crossref by title and author
    assert json.loads(
        searches["Unsupervised Pathology Detection: A Deep Dive Into the State of the Art"]
    ) == ["2303.00609"]
    crossref_query = (
        "Unsupervised Pathology Detection: A Deep Dive Into the State of the Art Lagogiannis"
    )
    assert json.loads(searches[crossref_query])[0] == "10.1109/tmi.2023.3298093"
    assert dict(replies) == summary.requests  # one raw reply kept per request


def test_fault_script_ends_with_the_evidence_of_a_clean_run(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    """With faults scripted on both services, the stored evidence equals a clean run's."""
    clean, faulty = tmp_path / "clean.sqlite", tmp_path / "faulty.sqlite"
    harvest_list(str(MODEL_LIST), settings_for(clean, world))
    arxiv_fake, crossref_fake = world
    by_id: Predicate = lambda req: bool(req.query.get("id_list"))  # noqa: E731
    by_title: Predicate = lambda req: bool(req.query.get("search_query"))  # noqa: E731
    arxiv_fake.script(
        faults.http_status(503), faults.rate_exceeded(), faults.empty_page("zero"), when=by_id
    )
    arxiv_fake.script(
        faults.truncated(), faults.http_status(429, retry_after=0), faults.drop(), when=by_title
    )
    by_doi: Predicate = lambda req: "filter" in req.query  # noqa: E731
    by_query: Predicate = lambda req: "query.bibliographic" in req.query  # noqa: E731
    crossref_fake.script(
        faults.http_status(429, retry_after=0), faults.html_error(200), when=by_doi
    )
    crossref_fake.script(
        faults.truncated(), faults.http_status(502), faults.slow(2.0), faults.drop(), when=by_query
    )
    summary = harvest_list(str(MODEL_LIST), settings_for(faulty, world))
    assert summary.failures == 0
    assert summary.retries == {"arxiv": 5, "crossref": 6}  # the empty page is re-asked, not retried
    assert arxiv_fake.pending_faults == 0 and crossref_fake.pending_faults == 0
    assert evidence(faulty) == evidence(clean)


def test_service_down_keeps_earlier_evidence_and_says_fetch_failed(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake]
) -> None:
    """With arXiv down for good, entries keep yesterday's evidence and get fetch_failed."""
    db = tmp_path / "h.sqlite"
    harvest_list(str(MODEL_LIST), settings_for(db, world))
    before = evidence(db)
    arxiv_fake, _ = world
    arxiv_fake.fail_forever(faults.http_status(503))
    summary = harvest_list(str(MODEL_LIST), settings_for(db, world, retries=2), refresh_all=True)
    assert summary.failures > 0
    assert evidence(db) == before
    with sqlite3.connect(db) as conn:
        failed = conn.execute(
            "SELECT entry_key FROM date_conflicts WHERE kind='fetch_failed' ORDER BY entry_key"
        ).fetchall()
        state = conn.execute(
            "SELECT failures FROM fetch_state WHERE entry_key='arxiv:2401.10637'"
        ).fetchone()
    assert len(failed) == 17  # every entry needs arXiv: by its linked ID or by a title search
    assert state == (1,)


class _Trap(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Trap.hits.append(self.path)
        self.send_error(404)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def trap() -> Iterator[str]:
    _Trap.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Trap)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_urls_inside_the_list_are_never_fetched(
    tmp_path: Path, world: tuple[ArxivFake, CrossrefFake], trap: str
) -> None:
    """Only the configured endpoints are asked: links in the list (untrusted) are not followed."""
    listing = tmp_path / "list.md"
    listing.write_text(
        f"- (2024/01/19) Towards Universal Unsupervised Anomaly Detection in Medical Imaging. [[pdf]({trap}/paper.pdf)][[code]({trap}/code)]\n"
        f"- (2023/09/16) Latent Transformer Models for out-of-distribution detection. [[MIA]({trap}/10.1016/x)]\n"
    )
    summary = harvest_list(str(listing), settings_for(tmp_path / "h.sqlite", world))
    assert summary.requests["arxiv"] > 0 and summary.requests["crossref"] > 0
    assert _Trap.hits == []


def test_a_revised_preprint_keeps_its_v1_date_through_a_whole_harvest(
    tmp_path: Path, arxiv_fake: ArxivFake, crossref_fake: CrossrefFake
) -> None:
    """A v3 record whose latest version (`updated`) is months after v1 (`published`): the
    resolved date is v1's, for a linked ID and for one found by title."""
    arxiv_fake.add(
        FakeArxivRecord("2401.10637", "Towards Universal Unsupervised Anomaly Detection",
                        version=3, published="2024-01-19T17:04:33Z", updated="2024-05-02T09:00:00Z"),
        FakeArxivRecord("2402.00002", "A Preprint Found Only By Its Title",
                        version=3, published="2024-02-01T10:00:00Z", updated="2024-09-30T10:00:00Z"),
    )  # fmt: skip
    listing = tmp_path / "list.md"
    listing.write_text(
        "- (2024/01/19) Towards Universal Unsupervised Anomaly Detection. "
        "[[arXiv](https://arxiv.org/abs/2401.10637v3)]\n"
        "- (2024/02/01) A Preprint Found Only By Its Title. [[code](https://github.com/o/r)]\n",
        encoding="utf-8",
    )
    db = tmp_path / "h.sqlite"
    summary = harvest_list(str(listing), settings_for(db, (arxiv_fake, crossref_fake)))
    assert summary.failures == 0
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT arxiv_id, rule, resolved_date, arxiv_submitted FROM entry_dates ORDER BY position"
        ).fetchall()
        kinds = conn.execute("SELECT kind FROM date_conflicts").fetchall()
    assert rows == [
        ("2401.10637", "arxiv_submitted", "2024-01-19", "2024-01-19"),
        ("2402.00002", "arxiv_submitted", "2024-02-01", "2024-02-01"),
    ]
    assert kinds == []  # the recorded dates are v1's: no date_mismatch
