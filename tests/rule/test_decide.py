"""The rule on bad evidence: unresolved, with a finding that names the problem, never a crash."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from harvester.rule.decide import decide
from harvester.rule.online_date import online_date
from harvester.upstream.crossref_works import work_from_json
from tests.rule.stored import stored_evidence

LINE = b"- (2023/09/16) Latent Transformer Models for out-of-distribution detection. [[MIA](https://doi.org/10.1016/j.media.2023.102967)]\n"
GOOD: dict[str, Any] = {
    "DOI": "10.1016/j.media.2023.102967",
    "type": "journal-article",
    "title": ["Latent Transformer Models for out-of-distribution detection"],
    "created": {"date-parts": [[2023, 9, 16]], "date-time": "2023-09-16T08:05:11Z"},
}


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"type": None}, "has no 'type'"),
        ({"type": "foo"}, "unknown type 'foo'"),
        (
            {"published-online": {"date-parts": "2023-09-16"}},
            "'published-online' has no date-parts list",
        ),
        (
            {"published-online": {"date-parts": [["2023", "09", "16"]]}},
            "'published-online' date-parts are not numbers",
        ),
        ({"created": {"date-time": "yesterday"}}, "'created' date-time is not a timestamp"),
        ({"created": "2023-09-16"}, "'created' is not an object"),
        ({"DOI": 42}, "no readable DOI"),
    ],
)
def test_bad_evidence_leaves_the_entry_unresolved_naming_the_problem(
    change: dict[str, Any], named: str, tmp_path: Path
) -> None:
    """A broken published version gives rule unresolved and a finding whose detail names the field."""
    work = {k: v for k, v in {**GOOD, **change}.items() if v is not None}
    decision = decide(*_stored(tmp_path, LINE, work))
    assert decision.rule == "unresolved" and decision.resolved_date is None
    details = [f.detail for f in decision.findings if f.kind == "unresolved"]
    assert len(details) == 1 and named in details[0], details


def test_good_evidence_for_comparison(tmp_path: Path) -> None:
    """The same entry with sound evidence resolves from `created`."""
    decision = decide(*_stored(tmp_path, LINE, GOOD))
    assert (decision.rule, decision.resolved_date, decision.online_date_source) == (
        "journal_online",
        "2023-09-16",
        "created",
    )


def test_null_date_parts_mean_no_date() -> None:
    """`[[null]]` is no date, not an error: the next source is used."""
    work, problem = work_from_json({**GOOD, "published-online": {"date-parts": [[None]]}})
    assert problem is None and work is not None
    assert online_date(work) == ("2023-09-16", "created")


def test_month_only_published_online_is_never_an_online_date() -> None:
    """A month-precise published-online is skipped for first_online."""
    assertion = [{"name": "first_online", "value": "3 October 2023"}]
    work, _ = work_from_json(
        {**GOOD, "published-online": {"date-parts": [[2023, 12]]}, "assertion": assertion}
    )
    assert work is not None and online_date(work) == ("2023-10-03", "first_online")


def test_linked_arxiv_id_that_does_not_exist(tmp_path: Path) -> None:
    """An entry linking a nonexistent arXiv ID, with nothing else, is unresolved and says so."""
    line = b"- (2024/01/19) Ghost. [[arXiv](https://arxiv.org/abs/2401.99999)]\n"
    entry, evidence = stored_evidence(tmp_path / "h.sqlite", line, search=[])
    decision = decide(entry, evidence)
    assert decision.rule == "unresolved"
    assert [c.verdict for c in decision.considered] == ["refused: arXiv has no such paper"]


def _stored(tmp_path: Path, line: bytes, work: dict[str, Any]) -> tuple[Any, Any]:
    return stored_evidence(tmp_path / "h.sqlite", line, works={"10.1016/j.media.2023.102967": work})
