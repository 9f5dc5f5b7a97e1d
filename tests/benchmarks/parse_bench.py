"""Parse time of our largest list, and memory and wall time of `harvester parse` on big lists.

    .venv/bin/python -m tests.benchmarks.parse_bench [--runs 5] [--size 10000]

The largest list we keep (DirtyHarryLYL, 460 KB, about 2,750 entries) is parsed in
process, `--runs` times: best and median. Two generated lists of `--size` entries, a GFM
table (`| Date | Title | Paper |`) and model-style items
(`- (2024/01/19) Title. [[MIDL](http://arxiv.org/abs/2401.10637)]`), are each read by one
`harvester parse FILE --json` subprocess, as a user runs it: its peak RSS and wall time
(wall includes ~0.5 s of process start-up). Targets: the largest list under 1 s; at the
default 10,000 entries under 200 MB; with `--size 200000` (issue 15) under 20 s and 1 GB.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from harvester.listing.parse import parse_list
from tests.benchmarks.world import ADJ, METHOD, MODALITY, TASK
from tests.cli.helpers import cli_env

LARGEST = Path(__file__).parents[1] / "data/lists/DirtyHarryLYL__Transformer-in-Vision__README.md"
VENUES = "MIDL MICCAI IPMI TMI MedIA CVPR ICCV NeurIPS arXiv".split()


def _papers(n: int, seed: int) -> list[tuple[date, str, str]]:
    """`n` (submitted on, distinct title, distinct arXiv ID), in date order."""
    rng = random.Random(seed)
    titles: set[str] = set()
    while len(titles) < n:
        words = [rng.choice(ADJ), rng.choice(METHOD), "for", rng.choice(TASK), "in",
                 rng.choice(MODALITY), "with", rng.choice(METHOD)]  # fmt: skip
        if rng.random() < 0.5:
            words.insert(1, rng.choice(ADJ))
        titles.add(" ".join(w.replace("-", " ") for w in words))
    ordered = sorted(titles)  # a set's order changes with each process's string hashing
    rng.shuffle(ordered)
    days = sorted(date(2019, 1, 1) + timedelta(days=rng.randrange(2500)) for _ in range(n))
    return [
        (d, t, f"{d:%y%m}.{10000 + i:05d}")
        for i, (d, t) in enumerate(zip(days, ordered, strict=True))
    ]


def table_list(n: int, seed: int = 11) -> str:
    """A list whose papers are the `n` rows of one GFM table, dated by month (`2023.05`)."""
    lines = ["# Awesome Benchmark Tables", "", "## Papers", "",
             "| Date | Title | Paper |", "|------|-------|-------|"]  # fmt: skip
    for d, title, arxiv_id in _papers(n, seed):
        lines.append(f"| {d:%Y.%m} | {title} | [arXiv](https://arxiv.org/abs/{arxiv_id}) |")
    return "\n".join(lines) + "\n"


def item_list(n: int, seed: int = 13) -> str:
    """A list of `n` items in the model style, with a venue tag linking the arXiv page."""
    rng = random.Random(seed)
    lines = ["# Awesome Benchmark Items", "", "## Papers", ""]
    for d, title, arxiv_id in _papers(n, seed):
        venue = rng.choice(VENUES)
        lines.append(f"- ({d:%Y/%m/%d}) {title}. [[{venue}](http://arxiv.org/abs/{arxiv_id})]")
    return "\n".join(lines) + "\n"


def parse_times(raw: bytes, runs: int) -> tuple[float, float, int]:
    """(best s, median s, entries) of `runs` in-process parses of `raw`."""
    times, count = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        count = len(parse_list(raw))
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times), count


def parse_subprocess(listing: Path, db: Path) -> tuple[float, float, int]:
    """(wall s, peak RSS MB, output bytes) of one `harvester parse FILE --json` subprocess."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen([sys.executable, "-m", "harvester", "parse", str(listing), "--json"],
                                env=cli_env(db), stdout=out, stderr=subprocess.DEVNULL)  # fmt: skip
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"harvester parse {listing} failed")
        size = out.seek(0, os.SEEK_END)
    return wall, usage.ru_maxrss / 1024, size  # ru_maxrss is in KB on Linux


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--size", type=int, default=10_000)
    args = parser.parse_args()
    best, median, count = parse_times(LARGEST.read_bytes(), args.runs)
    print(f"parse_list {LARGEST.name} ({LARGEST.stat().st_size / 1024:.0f} KB): "
          f"best {best:.3f} s, median {median:.3f} s of {args.runs} runs, {count} entries "
          f"(target < 1 s)")  # fmt: skip
    generators: dict[str, Callable[[int], str]] = {"table": table_list, "items": item_list}
    print(
        "\n| list | entries | wall s | peak RSS MB (target < 200) | JSON KB |\n|---|---|---|---|---|"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for name, make in generators.items():
            listing = Path(tmp) / f"{name}-{args.size}.md"
            listing.write_text(make(args.size), encoding="utf-8")
            wall, rss, size = parse_subprocess(listing, Path(tmp) / "bench.sqlite")
            print(f"| {name} | {args.size:,} | {wall:.2f} | {rss:.0f} | {size / 1024:,.0f} |")


if __name__ == "__main__":
    main()
