"""The latency benchmark's floor follows the issue's formula, and the benchmark runs."""

from __future__ import annotations

from pathlib import Path

from tests.benchmarks.latency_bench import floor, measure


def test_floor_is_the_larger_of_the_services_allowances() -> None:
    """arXiv: (n - 1) x 3 s + one latency; Crossref: lists / 3 + singles / 10, or the
    requests' latency over three in flight, whichever is larger."""
    assert floor(8, 137, 0, 1.5, 0.7) == max(7 * 3 + 1.5, max(137 / 3, 137 * 0.7 / 3))
    assert floor(1, 0, 0, 1.5, 0.7) == 1.5
    assert floor(0, 30, 10, 1.5, 6.0) == 40 * 6.0 / 3  # slow replies: latency bound
    assert floor(0, 0, 0, 1.5, 0.7) == 0.0


def test_a_tiny_slow_harvest_is_measured_in_both_schedules(tmp_path: Path) -> None:
    """Five entries, tiny latencies and delays: requests counted (the same in both
    schedules), wall above the floor."""
    runs = [
        measure(5, tmp_path, a_latency=0.01, c_latency=0.01, delays=(0.01, 100.0), overlap=o)
        for o in (False, True)
    ]
    for r in runs:
        assert r["n"] == 5 and r["arxiv"] >= 1 and r["crossref"] >= 1
        assert r["wall"] > r["floor"] > 0
    sequential, overlapped = runs
    assert (sequential["arxiv"], sequential["crossref"]) == (
        overlapped["arxiv"],
        overlapped["crossref"],
    )
