"""Requests, wall time against the rate-limit floor, local throughput, memory; and a naive baseline.

    .venv/bin/python -m tests.benchmarks.bench [--sizes 100,1000,10000]

Harvests generated lists against the indexed loopback fakes (5 ms latency per request)
in a subprocess, as a user runs it, with the politeness delays scaled down 100 times
(arXiv 0.03 s instead of 3 s, Crossref 300 list queries/s instead of 3) so it finishes.
The naive baseline asks arXiv and Crossref once per entry, as simple scripts do.
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

from harvester.listing.keys import carry_keys
from harvester.listing.parse import parse_list
from harvester.pipeline.reconcile import reconcile_list
from harvester.rule.list_findings import findings_from_entry
from harvester.store import Store
from tests.benchmarks.fast_fakes import FastArxivFake, FastCrossrefFake
from tests.benchmarks.world import make_world
from tests.cli.helpers import cli_env

LATENCY = 0.005
ARXIV_DELAY = 0.03  # real: 3 s
CROSSREF_RATE = 300.0  # real: about 3 list queries per second
NAIVE_MEASURED_UP_TO = 100


def harvest_once(
    listing: Path, db: Path, arxiv: FastArxivFake, crossref: FastCrossrefFake
) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one `harvester harvest` subprocess."""
    env = cli_env(db, HARVESTER_ARXIV_URL=arxiv.url, HARVESTER_CROSSREF_URL=crossref.url,
                  HARVESTER_ARXIV_DELAY=str(ARXIV_DELAY), HARVESTER_CROSSREF_RATE=str(CROSSREF_RATE),
                  HARVESTER_RETRIES="3", HARVESTER_TIMEOUT="30")  # fmt: skip
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "harvester", "harvest", str(listing), "--json"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"harvest failed: {proc.stderr.read().decode() if proc.stderr else ''}")
    if proc.stderr:
        proc.stderr.close()
    return wall, usage.ru_maxrss / 1024


def counts(arxiv: FastArxivFake, crossref: FastCrossrefFake) -> tuple[int, int, int]:
    """(arXiv requests, Crossref list requests, Crossref single look-ups) so far."""
    singles = sum(1 for e in crossref.log.entries if e.path.startswith("/works/"))
    return len(arxiv.log.entries), len(crossref.log.entries) - singles, singles


def floor(arxiv_req: int, list_req: int, singles: int) -> float:
    """The rate-limit floor: the least time the politeness rules allow."""
    return arxiv_req * ARXIV_DELAY + list_req / CROSSREF_RATE + singles / (CROSSREF_RATE * 10 / 3)


def local_throughput(listing: Path, db: Path) -> float:
    """Entries per second for parse + store + reconcile, no network (evidence already stored)."""
    raw = listing.read_bytes()
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with Store.open(db) as store:
        started = time.perf_counter()
        entries = parse_list(raw)
        store.save_list(str(listing.resolve()), entries, now, carry_keys, findings_from_entry)
        reconcile_list(store, str(listing.resolve()), now)
        elapsed = time.perf_counter() - started
    return len(entries) / elapsed


def naive(listing: Path, arxiv: FastArxivFake, crossref: FastCrossrefFake) -> tuple[int, float]:
    """One arXiv and one Crossref request per entry, paced like ours: (requests, wall)."""
    entries = parse_list(listing.read_bytes())
    started = time.perf_counter()
    with httpx.Client() as client:
        for e in entries:
            query = f"id_list={e.arxiv_ids[0]}" if e.arxiv_ids else f'search_query=ti:"{e.title}"'
            client.get(f"{arxiv.url}?{query}&max_results=10")
            time.sleep(ARXIV_DELAY)
            client.get(
                f"{crossref.url}/works", params={"query.bibliographic": e.title, "rows": "5"}
            )
            time.sleep(1 / CROSSREF_RATE)
    return 2 * len(entries), time.perf_counter() - started


def run_size(n: int, work: Path) -> dict[str, float]:
    """Every figure for one list size."""
    world = make_world(n)
    listing = work / f"list-{n}.md"
    listing.write_text(world.markdown)
    db = work / f"bench-{n}.sqlite"
    entries = parse_list(listing.read_bytes())
    ids = sum(1 for e in entries if e.arxiv_ids)
    with (
        FastArxivFake(world.arxiv, latency=LATENCY) as arxiv,
        FastCrossrefFake(world.crossref, latency=LATENCY) as crossref,
    ):
        wall, rss = harvest_once(listing, db, arxiv, crossref)
        a_req, c_list, c_single = counts(arxiv, crossref)
        searches = sum(1 for e in crossref.log.entries if "query.bibliographic" in e.query)
        dois = sum(e.query.get("filter", "").count("doi:") for e in crossref.log.entries)
        warm_wall, warm_rss = harvest_once(listing, db, arxiv, crossref)
        warm_req = sum(counts(arxiv, crossref)) - (a_req + c_list + c_single)
        if n <= NAIVE_MEASURED_UP_TO:
            naive_req, naive_wall = naive(listing, arxiv, crossref)
        else:
            naive_req, naive_wall = 2 * n, float("nan")
    naive_floor = n * ARXIV_DELAY + n / CROSSREF_RATE
    return {
        "n": n, "arxiv": a_req, "crossref": c_list + c_single, "floor": floor(a_req, c_list, c_single),
        "wall": wall, "local": local_throughput(listing, db), "rss": rss,
        "warm_req": warm_req, "warm_wall": warm_wall, "warm_rss": warm_rss,
        "naive_req": naive_req, "naive_wall": naive_wall, "naive_floor": naive_floor,
        "arxiv_target": math.ceil(ids / 100) + math.ceil((n - ids) / 10),
        "crossref_target": math.ceil(dois / 40) + searches,
    }  # fmt: skip


def table(rows: list[dict[str, float]]) -> str:
    """The figures as a Markdown table."""
    head = ("| entries | arXiv req (target) | Crossref req (target) | floor s | wall s | wall/floor "
            "| local entries/s | peak MB | warm req | warm s | warm MB | naive req | naive s (floor) | requests: naive/ours | floor: naive/ours |")  # fmt: skip
    lines = [head, "|" + "---|" * 15]
    for r in rows:
        naive_s = f"{r['naive_wall']:.1f}" if not math.isnan(r["naive_wall"]) else "-"
        lines.append(
            f"| {r['n']:,} | {r['arxiv']:.0f} ({r['arxiv_target']}) | {r['crossref']:.0f} ({r['crossref_target']}) "
            f"| {r['floor']:.1f} | {r['wall']:.1f} | {r['wall'] / r['floor']:.2f} | {r['local']:,.0f} | {r['rss']:.0f} "
            f"| {r['warm_req']:.0f} | {r['warm_wall']:.2f} | {r['warm_rss']:.0f} | {r['naive_req']:,.0f} "
            f"| {naive_s} ({r['naive_floor']:.1f}) | {r['naive_req'] / (r['arxiv'] + r['crossref']):.1f}x "
            f"| {r['naive_floor'] / r['floor']:.1f}x |"
        )
    return "\n".join(lines)


def main() -> None:
    """Run the sizes asked for and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        rows = [run_size(n, Path(tmp)) for n in sizes]
    print(table(rows))
    print(f"\nDelays scaled down 100x (arXiv {ARXIV_DELAY} s, Crossref {CROSSREF_RATE:g}/s), "
          f"{LATENCY * 1000:.0f} ms latency per request; wall includes ~0.5 s of process start-up. "
          f"Naive baseline measured up to {NAIVE_MEASURED_UP_TO} entries, its floor computed beyond. "
          f"Benchmark took {time.perf_counter() - started:.0f} s.")  # fmt: skip


if __name__ == "__main__":
    main()
