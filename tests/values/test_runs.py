"""A run's report: counts summed over its lists, and the exit code its outcome gives."""

from __future__ import annotations

from harvester.values.runs import HarvestSummary, RunReport


def _summary(failures: int, requests: dict[str, int], retries: dict[str, int]) -> HarvestSummary:
    return HarvestSummary("l.md", 1, 1, 0, [], 0, 0, 0, requests, retries, failures)


def test_requests_and_retries_are_summed_over_lists() -> None:
    """Two lists' requests and retries add up per service (not the last list's)."""
    report = RunReport(1, [_summary(0, {"arxiv": 2}, {"arxiv": 1}),
                           _summary(0, {"arxiv": 1, "crossref": 4}, {"arxiv": 2, "crossref": 1})])  # fmt: skip
    assert report.requests() == {"arxiv": 3, "crossref": 4}
    assert report.retries() == {"arxiv": 3, "crossref": 1}


def test_exit_code_unreadable_beats_failures_beats_ok() -> None:
    """0 when all is well, 3 with failed fetches, 2 when a list was unreadable (even with
    failures elsewhere)."""
    assert RunReport(1, [_summary(0, {}, {})]).exit_code == 0
    assert RunReport(1, [_summary(1, {}, {})]).exit_code == 3
    assert RunReport(1, [_summary(1, {}, {})], unreadable={"x.md": "gone"}).exit_code == 2
