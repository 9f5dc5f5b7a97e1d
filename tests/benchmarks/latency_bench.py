"""A cold harvest against services as slow as the real ones, beside the floor their
allowances give (issue: harvest at the speed the services allow).

    .venv/bin/python -m tests.benchmarks.latency_bench [--sizes 100,1000] [--overlap-only]

The indexed loopback fakes answer arXiv in 1.5 s and Crossref in 0.7 s; harvester runs
with the real politeness settings (arXiv one request per 3 s, Crossref 3 list queries
per second). The floor: arXiv (n - 1) x 3 s + one latency; Crossref the larger of
lists / 3 + singles / 10 and requests x latency / 3 (three in flight); the larger of
the two, since the services could be asked at the same time.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from harvester.pipeline.runner import run_lists
from harvester.settings import Settings
from tests.benchmarks.bench import counts
from tests.benchmarks.fast_fakes import FastArxivFake, FastCrossrefFake
from tests.benchmarks.world import make_world

ARXIV_LATENCY, CROSSREF_LATENCY = 1.5, 0.7
ARXIV_DELAY, CROSSREF_RATE = 3.0, 3.0


def floor(
    arxiv: int,
    lists: int,
    singles: int,
    a_latency: float,
    c_latency: float,
    delays: tuple[float, float] = (ARXIV_DELAY, CROSSREF_RATE),
) -> float:
    """The least time the allowances permit for these requests (the issue's formula;
    singles go 10/3 as fast as list queries, 10 per second at the real rate)."""
    delay, rate = delays
    arxiv_s = max(0, arxiv - 1) * delay + (a_latency if arxiv else 0.0)
    crossref_s = max(lists / rate + singles / (rate * 10 / 3), (lists + singles) * c_latency / 3)
    return max(arxiv_s, crossref_s)


def measure(
    n: int,
    work: Path,
    a_latency: float = ARXIV_LATENCY,
    c_latency: float = CROSSREF_LATENCY,
    delays: tuple[float, float] = (ARXIV_DELAY, CROSSREF_RATE),
    overlap: bool = True,
) -> dict[str, float]:
    """Wall time, requests and floor of one cold harvest of a generated n-entry list
    (`overlap=False`: the sequential schedule, arXiv first, one Crossref request at a time)."""
    world = make_world(n)
    listing = work / f"slow-{n}.md"
    listing.write_text(world.markdown)
    db = work / f"slow-{n}-{'overlap' if overlap else 'sequential'}.sqlite"
    with (
        FastArxivFake(world.arxiv, latency=a_latency) as arxiv,
        FastCrossrefFake(world.crossref, latency=c_latency) as crossref,
    ):
        settings = Settings(
            db_path=db, arxiv_url=arxiv.url, crossref_url=crossref.url,
            mailto="bench@example.org", arxiv_delay=delays[0], timeout=30.0, retries=5,
            retry_wait=2.0, crossref_rate=delays[1], overlap=overlap,
        )  # fmt: skip
        started = time.perf_counter()
        report = run_lists([str(listing)], settings)
        wall = time.perf_counter() - started
        if report.exit_code != 0:
            raise SystemExit(f"harvest failed: exit {report.exit_code}")
        a_req, lists, singles = counts(arxiv, crossref)
        peak = crossref.peak_inflight
    return {"n": n, "arxiv": a_req, "crossref": lists + singles, "wall": wall, "peak": peak,
            "floor": floor(a_req, lists, singles, a_latency, c_latency, delays)}  # fmt: skip


def main() -> None:
    """Run the sizes asked for, both schedules, and print one row each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100")
    parser.add_argument("--overlap-only", action="store_true", help="skip the sequential run")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    schedules = [True] if args.overlap_only else [False, True]
    print("| entries | schedule | arXiv req | Crossref req | Crossref in flight | floor s "
          "| wall s | wall/floor |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            for overlap in schedules:
                r = measure(n, Path(tmp), overlap=overlap)
                name = "overlapped" if overlap else "sequential"
                print(f"| {n:,} | {name} | {r['arxiv']:.0f} | {r['crossref']:.0f} "
                      f"| {r['peak']:.0f} | {r['floor']:.1f} | {r['wall']:.1f} "
                      f"| {r['wall'] / r['floor']:.2f} |", flush=True)  # fmt: skip
    print(
        f"\nFakes answer arXiv in {ARXIV_LATENCY} s and Crossref in {CROSSREF_LATENCY} s; real "
        f"delays (arXiv {ARXIV_DELAY:g} s, Crossref {CROSSREF_RATE:g}/s); {os.cpu_count()} cores."
    )


if __name__ == "__main__":
    main()
