"""A cold harvest against services as slow as the real ones, beside the floor their
allowances give (issue: harvest at the speed the services allow).

    .venv/bin/python -m tests.benchmarks.latency_bench [--sizes 100,1000]

The indexed loopback fakes answer arXiv in 1.5 s and Crossref in 0.7 s; harvester runs
with the real politeness settings (arXiv one request per 3 s, Crossref 3 list queries
per second). The floor: arXiv (n - 1) x 3 s + one latency; Crossref the larger of
lists / 3 + singles / 10 and requests x latency / 3 (three in flight); the larger of
the two, since the services could be asked at the same time.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.bench import counts
from tests.benchmarks.fast_fakes import FastArxivFake, FastCrossrefFake
from tests.benchmarks.world import make_world
from tests.cli.helpers import cli_env

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
) -> dict[str, float]:
    """Wall time, requests and floor of one cold harvest of a generated n-entry list."""
    world = make_world(n)
    listing = work / f"slow-{n}.md"
    listing.write_text(world.markdown)
    with (
        FastArxivFake(world.arxiv, latency=a_latency) as arxiv,
        FastCrossrefFake(world.crossref, latency=c_latency) as crossref,
    ):
        env = cli_env(work / f"slow-{n}.sqlite", HARVESTER_ARXIV_URL=arxiv.url,
                      HARVESTER_CROSSREF_URL=crossref.url, HARVESTER_ARXIV_DELAY=str(delays[0]),
                      HARVESTER_CROSSREF_RATE=str(delays[1]), HARVESTER_TIMEOUT="30")  # fmt: skip
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "harvester", "harvest", str(listing), "-q"],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        wall = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(f"harvest failed: {done.stderr}")
        a_req, lists, singles = counts(arxiv, crossref)
    return {"n": n, "arxiv": a_req, "crossref": lists + singles, "wall": wall,
            "floor": floor(a_req, lists, singles, a_latency, c_latency, delays)}  # fmt: skip


def main() -> None:
    """Run the sizes asked for and print one row each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    print("| entries | arXiv req | Crossref req | floor s | wall s | wall/floor |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            r = measure(n, Path(tmp))
            print(f"| {n:,} | {r['arxiv']:.0f} | {r['crossref']:.0f} | {r['floor']:.1f} "
                  f"| {r['wall']:.1f} | {r['wall'] / r['floor']:.2f} |", flush=True)  # fmt: skip
    print(
        f"\nFakes answer arXiv in {ARXIV_LATENCY} s and Crossref in {CROSSREF_LATENCY} s; real "
        f"delays (arXiv {ARXIV_DELAY:g} s, Crossref {CROSSREF_RATE:g}/s); {os.cpu_count()} cores."
    )


if __name__ == "__main__":
    main()
