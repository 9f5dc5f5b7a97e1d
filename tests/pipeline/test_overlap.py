"""The overlapped harvest against slowed loopback fakes: arXiv and Crossref asked at the
same time, every allowance kept as the fakes log it, the same requests and results as
the sequential schedule (under faults too), and crash safety under SIGKILL."""

from __future__ import annotations

import itertools
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from harvester.listing.parse import parse_list
from harvester.settings import Settings
from tests.benchmarks.fast_fakes import FastArxivFake, FastCrossrefFake
from tests.benchmarks.world import World, make_world
from tests.cli.helpers import cli_env
from tests.fakes import faults
from tests.fakes.server import Request
from tests.pipeline.harvesting import harvest_list
from tests.pipeline.test_harvest import EVIDENCE_SQL
from tests.pipeline.test_nightly import views

ARXIV_DELAY = 0.5
Fakes = tuple[FastArxivFake, FastCrossrefFake]


@pytest.fixture(scope="module")
def bench_world() -> World:
    """120 entries: one arXiv ID batch, six title batches, about 90 Crossref requests."""
    return make_world(120)


@pytest.fixture
def fakes(bench_world: World) -> Iterator[Fakes]:
    with (
        FastArxivFake(bench_world.arxiv, latency=0.05) as arxiv,
        FastCrossrefFake(bench_world.crossref, latency=0.1) as crossref,
    ):
        yield arxiv, crossref


def _settings(db: Path, fakes: Fakes, **changes: object) -> Settings:
    base = Settings(
        db_path=db, arxiv_url=fakes[0].url, crossref_url=fakes[1].url,
        mailto="tests@example.org", arxiv_delay=ARXIV_DELAY, timeout=5.0, retries=5,
        retry_wait=0.01, crossref_rate=40.0,
    )  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


def _list(tmp_path: Path, world: World) -> str:
    path = tmp_path / "bench.md"
    path.write_text(world.markdown)
    return str(path)


def _evidence(db: Path) -> list[list[tuple[object, ...]]]:
    with sqlite3.connect(db) as conn:
        return [conn.execute(sql).fetchall() for sql in EVIDENCE_SQL]


def _clear(fakes: Fakes) -> None:
    for fake in fakes:
        fake.log.clear()
        fake.peak_inflight = 0


def test_the_services_overlap_within_every_allowance_with_the_sequential_requests(
    tmp_path: Path, bench_world: World, fakes: Fakes
) -> None:
    """arXiv starts at least the delay apart, one at a time; Crossref at most 3 in flight
    and asked before arXiv is done; the requests and results of the sequential schedule."""
    source = _list(tmp_path, bench_world)
    arxiv, crossref = fakes
    harvest_list(source, _settings(tmp_path / "seq.sqlite", fakes, overlap=False))
    sequential = (len(arxiv.log.entries), len(crossref.log.entries))
    assert crossref.peak_inflight == 1
    assert crossref.log.entries[0].timestamp > arxiv.log.entries[-1].timestamp
    _clear(fakes)
    # as a user runs it, in its own process: the fakes' clocks then stamp arrivals without
    # waiting on the harvest's threads for the interpreter
    proc = _harvest(tmp_path / "par.sqlite", source, fakes, rate="40")
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert (len(arxiv.log.entries), len(crossref.log.entries)) == sequential
    assert sequential[0] >= 7 and sequential[1] >= 60  # a list big enough to overlap
    starts = [e.timestamp for e in arxiv.log.entries]
    assert min(b - a for a, b in itertools.pairwise(starts)) >= ARXIV_DELAY
    assert arxiv.peak_inflight == 1
    assert crossref.peak_inflight == 3  # 40 per second at 0.1 s each wants 4: capped
    assert crossref.log.entries[0].timestamp < starts[-1]  # Crossref began before arXiv ended
    assert views(tmp_path / "par.sqlite") == views(tmp_path / "seq.sqlite")
    assert _evidence(tmp_path / "par.sqlite") == _evidence(tmp_path / "seq.sqlite")


def test_an_advertised_limit_of_one_is_kept_and_so_is_the_public_pools(
    tmp_path: Path, bench_world: World, fakes: Fakes
) -> None:
    """`x-concurrency-limit: 1` in the polite pool: one in flight; without a mailto (the
    public pool, which advertises 1): one in flight."""
    source = _list(tmp_path, bench_world)
    crossref = fakes[1]
    original = crossref.api_headers
    crossref.api_headers = lambda req: {**original(req), "x-concurrency-limit": "1"}  # type: ignore[method-assign]
    harvest_list(source, _settings(tmp_path / "one.sqlite", fakes))
    assert crossref.peak_inflight == 1 and len(crossref.log.entries) >= 60
    crossref.api_headers = original  # type: ignore[method-assign]
    _clear(fakes)
    harvest_list(source, _settings(tmp_path / "public.sqlite", fakes, mailto=None))
    assert crossref.peak_inflight == 1 and len(crossref.log.entries) >= 60
    assert {e.query.get("mailto") for e in crossref.log.entries} == {None}


def test_concurrent_and_sequential_agree_under_faults(
    tmp_path: Path, bench_world: World, fakes: Fakes
) -> None:
    """Transient faults on both services and one Crossref search that always fails: both
    schedules end with the same views and evidence, and the same entry failed."""
    source = _list(tmp_path, bench_world)
    entries = parse_list(Path(source).read_bytes())
    doomed = next(e for e in entries if e.arxiv_ids and not e.dois)
    arxiv, crossref = fakes

    def always(req: Request) -> bool:
        return req.query.get("query.bibliographic", "").startswith(doomed.title)

    def others(req: Request) -> bool:  # a scripted slow reply is a success: not for the doomed
        return not always(req)

    results = {}
    for name, overlap in (("seq", False), ("par", True)):
        arxiv.recover()
        crossref.recover()
        arxiv.script(faults.http_status(503), faults.truncated(), faults.rate_exceeded())
        crossref.script(  # four: the sequential schedule meets them all in its first request
            faults.http_status(429, retry_after=0), faults.truncated(), faults.drop(),
            faults.html_error(200), when=others,
        )  # fmt: skip
        crossref.script(faults.slow(1.0), faults.http_status(502), when=others)
        crossref.fail_forever(faults.http_status(503), when=always)
        db = tmp_path / f"{name}.sqlite"
        summary = harvest_list(source, _settings(db, fakes, overlap=overlap))
        assert arxiv.pending_faults == 0 and crossref.pending_faults == 0
        results[name] = (summary.failed.keys(), views(db), _evidence(db))
    assert results["par"] == results["seq"]
    assert set(results["par"][0]) == {doomed.entry_key}
    conflicts = results["par"][1][1]
    assert any(row[0] == doomed.entry_key and "fetch_failed" in row for row in conflicts)


def _requests(fakes: Fakes) -> int:
    return len(fakes[0].log.entries) + len(fakes[1].log.entries)


def _harvest(db: Path, source: str, fakes: Fakes, rate: str = "10") -> subprocess.Popen[str]:
    env = cli_env(
        db, HARVESTER_ARXIV_URL=fakes[0].url, HARVESTER_CROSSREF_URL=fakes[1].url,
        HARVESTER_ARXIV_DELAY=str(ARXIV_DELAY), HARVESTER_CROSSREF_RATE=rate,
        HARVESTER_TIMEOUT="5", HARVESTER_RETRIES="5",
    )  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "-m", "harvester", "harvest", source, "-q"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=Path(__file__).parents[2],
    )  # fmt: skip


def test_a_concurrent_harvest_killed_at_random_moments_ends_as_an_uninterrupted_one(
    tmp_path: Path, bench_world: World, fakes: Fakes
) -> None:
    """SIGKILL after a random number of requests, four times over: each time an intact
    database; the run that finally finishes gives the views of an uninterrupted one."""
    source = _list(tmp_path, bench_world)
    clean = _harvest(tmp_path / "clean.sqlite", source, fakes)
    _, err = clean.communicate(timeout=120)
    assert clean.returncode == 0, err
    killed = tmp_path / "killed.sqlite"
    rng = random.Random(20261202)
    kills = 0
    for _ in range(4):
        start = _requests(fakes)
        proc = _harvest(killed, source, fakes)
        target = start + rng.randint(1, 25)
        while _requests(fakes) < target and proc.poll() is None:
            time.sleep(0.01)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            kills += 1
        proc.communicate(timeout=60)
        with sqlite3.connect(killed) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert kills >= 3  # most kills land mid-harvest
    last = _harvest(killed, source, fakes)
    _, err = last.communicate(timeout=120)
    assert last.returncode == 0, err
    assert views(killed) == views(tmp_path / "clean.sqlite")


def test_list_queries_keep_their_own_rate_while_overlapped(
    tmp_path: Path, bench_world: World, fakes: Fakes
) -> None:
    """At 10 list queries per second the searches take at least (n - 1) / 10 s from the
    first to the last start, three in flight or not."""
    source = _list(tmp_path, bench_world)
    harvest_list(source, _settings(tmp_path / "r.sqlite", fakes, crossref_rate=10.0))
    starts = [e.timestamp for e in fakes[1].log.entries if not e.path.startswith("/works/")]
    assert len(starts) >= 60
    assert starts[-1] - starts[0] >= (len(starts) - 1) / 10 * 0.98


def test_a_failing_store_stops_every_request(
    tmp_path: Path, bench_world: World, fakes: Fakes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When storing an answer fails, the harvest fails and no worker asks anything more."""
    import harvester.pipeline.flow as flow

    def broken(*args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(flow, "store_arxiv_ids", broken)
    source = _list(tmp_path, bench_world)
    with pytest.raises(RuntimeError, match="disk on fire"):
        harvest_list(source, _settings(tmp_path / "f.sqlite", fakes))
    settled = _requests(fakes)
    time.sleep(1.5)  # five arXiv delays: a worker left running would have asked again
    assert _requests(fakes) == settled
