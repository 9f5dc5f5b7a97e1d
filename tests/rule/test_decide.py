"""The rule on bad evidence: unresolved, with a finding that names the problem, never a crash."""

from __future__ import annotations

import json
from dataclasses import replace
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
        ({"created": {"date-time": "yesterday"}},
         "'created' date-time 'yesterday' is not a date: it is not a timestamp"),
        ({"created": "2023-09-16"}, "'created' is not an object"),
        ({"DOI": 42}, "no readable DOI"),
        # poison: dates no paper has (stored 2026-11-30, so 1900 to 2027 are sane)
        ({"published-online": {"date-parts": [[10**30, 1, 1]]}},
         "'published-online' date-parts [[<a 31-digit number>, 1, 1]] are not a date: the year"
         " is not between 1900 and 2027"),
        ({"published-online": {"date-parts": [[1899, 12, 31]]}},
         "'published-online' date-parts [[1899, 12, 31]] are not a date: the year is not"
         " between 1900 and 2027"),
        ({"published-print": {"date-parts": [[2028, 1]]}},
         "'published-print' date-parts [[2028, 1]] are not a date: the year is not between"
         " 1900 and 2027"),
        ({"published-online": {"date-parts": [[2023, 13, 1]]}},
         "'published-online' date-parts [[2023, 13, 1]] are not a date: the month is not 1 to 12"),
        ({"published-online": {"date-parts": [[2023, 2, 29]]}},
         "'published-online' date-parts [[2023, 2, 29]] are not a date: the month has no such day"),
        ({"published-online": {"date-parts": [[True, 1, 1]]}},
         "'published-online' date-parts are not numbers: [True, 1, 1]"),
        ({"published-online": {"date-parts": [[2023.0, 1, 1]]}},
         "'published-online' date-parts are not numbers: [2023.0, 1, 1]"),
        ({"published-online": {"date-parts": [[2023, 1, 1, 12]]}},
         "'published-online' date-parts [[2023, 1, 1, 12]] are more than a day"),
        ({"created": {"date-time": "9999-12-31T23:00:00-05:00"}},
         "'created' date-time '9999-12-31T23:00:00-05:00' is not a date: the year is not"
         " between 1900 and 2027"),
        ({"created": {"date-time": 20230916}},
         "'created' date-time 20230916 is not a date: it is not a timestamp"),
        ({"created": {"date-parts": [[2023, 9, 16]], "date-time": "1899-12-31T12:00:00Z"}},
         "'created' date-time '1899-12-31T12:00:00Z' is not a date: the year is not between"
         " 1900 and 2027"),
        ({"assertion": [{"name": "first_online", "value": "1 January 0001"}]},
         "'assertion' first_online '1 January 0001' is not a date: the year is not between"
         " 1900 and 2027"),
        ({"assertion": [{"name": "first_online", "value": 20230916}]},
         "'assertion' first_online 20230916 is not a date: it is not a day like"),
        ({"assertion": "first_online 16 September 2023"}, "'assertion' is not a list"),
    ],
)  # fmt: skip
def test_bad_evidence_leaves_the_entry_unresolved_naming_the_problem(
    change: dict[str, Any], named: str, tmp_path: Path
) -> None:
    """A broken published version gives rule unresolved and a finding whose detail names the field."""
    work = {k: v for k, v in {**GOOD, **change}.items() if v is not None}
    decision = decide(*_stored(tmp_path, LINE, work))
    assert decision.rule == "unresolved" and decision.resolved_date is None
    details = [f.detail for f in decision.findings if f.kind == "unresolved"]
    assert len(details) == 1 and named in details[0], details


@pytest.mark.parametrize(
    ("change", "online"),
    [({"published-online": {"date-parts": [[1900, 1, 1]]}}, "1900-01-01"),
     ({"published-online": {"date-parts": [[2027, 12, 31]]}}, "2027-12-31"),
     ({"published-online": {"date-parts": [[2024, 2, 29]]}}, "2024-02-29"),
     ({"created": {"date-time": "2027-12-31T23:59:59Z"}}, "2027-12-31"),
     ({"created": {"date-time": "1900-01-01T00:00:00Z"}}, "1900-01-01"),
     ({"published-online": {"date-parts": [[2024, 3]]}, "published-print": {"date-parts": [[1900]]},
       "assertion": [{"name": "first_online", "value": "31 December 2027"}]}, "2027-12-31")],
)  # fmt: skip
def test_dates_at_the_edges_of_the_sane_range_are_kept(
    change: dict[str, Any], online: str, tmp_path: Path
) -> None:
    """Stored 2026-11-30: 1900 and 2027 (the year after) are still dates, 29 February of a
    leap year is a day; the journal's online date is taken."""
    decision = decide(*_stored(tmp_path, LINE, {**GOOD, **change}))
    assert (decision.rule, decision.resolved_date) == ("journal_online", online)


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
    work, problem = work_from_json({**GOOD, "published-online": {"date-parts": [[None]]}}, 2027)
    assert problem is None and work is not None
    assert online_date(work) == ("2023-09-16", "created")


def test_month_only_published_online_is_never_an_online_date() -> None:
    """A month-precise published-online is skipped for first_online."""
    assertion = [{"name": "first_online", "value": "3 October 2023"}]
    work, _ = work_from_json(
        {**GOOD, "published-online": {"date-parts": [[2023, 12]]}, "assertion": assertion}, 2027
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


ARXIV_LINE = (
    b"- (2024/01/20) Towards Universal Unsupervised Anomaly Detection in Medical Imaging."
    b" [[arXiv](https://arxiv.org/abs/2401.10637)][[LNCS](https://doi.org/10.1007/978-3-031-1_1)]\n"
)
CHAPTER: dict[str, Any] = {
    "DOI": "10.1007/978-3-031-1_1",
    "type": "book-chapter",
    "title": ["Towards Universal Unsupervised Anomaly Detection in Medical Imaging"],
    "published-online": {"date-parts": [[2024, 6, 1]]},
    "created": {"date-parts": [[2024, 6, 1]], "date-time": "2024-06-01T08:00:00Z"},
}
JOURNAL = {**CHAPTER, "type": "journal-article"}


def test_unanswered_linked_arxiv_id_decides_nothing_below_a_journal(tmp_path: Path) -> None:
    """While arXiv has not answered for the linked ID, a chapter's date is not taken: the
    arXiv date might win. The finding and the considered candidate say so."""
    entry, ev = stored_evidence(
        tmp_path / "h.sqlite", ARXIV_LINE, works=[CHAPTER], arxiv_answered=False
    )
    decision = decide(entry, ev)
    assert (decision.rule, decision.resolved_date) == ("unresolved", None)
    assert [f.detail for f in decision.findings if f.kind == "unresolved"] == [
        "The evidence cannot be read: arXiv has not answered for 2401.10637 yet."
    ]
    assert decision.considered[0].verdict == "refused: not fetched yet"


def test_a_dated_journal_decides_even_when_arxiv_has_not_answered(tmp_path: Path) -> None:
    """A journal version's online date wins over any arXiv date, so it is taken at once."""
    entry, ev = stored_evidence(
        tmp_path / "h.sqlite", ARXIV_LINE, works=[JOURNAL], arxiv_answered=False
    )
    decision = decide(entry, ev)
    assert (decision.rule, decision.resolved_date) == ("journal_online", "2024-06-01")
    assert "unresolved" not in {f.kind for f in decision.findings}


def test_an_unreadable_arxiv_record_is_named(tmp_path: Path) -> None:
    """An arXiv record whose dates cannot be read leaves the entry unresolved, naming why."""
    problem = "arXiv record 2401.10637: <published> is missing"
    entry, ev = stored_evidence(
        tmp_path / "h.sqlite", ARXIV_LINE, works=[CHAPTER],
        arxiv_unreadable={"2401.10637": problem},
    )  # fmt: skip
    decision = decide(entry, ev)
    assert decision.rule == "unresolved"
    assert [f.detail for f in decision.findings if f.kind == "unresolved"] == [
        f"The evidence cannot be read: {problem}."
    ]


def test_finding_details_word_for_word(tmp_path: Path) -> None:
    """Each finding's detail names the evidence: the mismatch with its source, DOI and
    delta, the missing date, the failed fetch, the imprecise journal, nothing found."""
    mismatch = decide(*_stored(tmp_path, LINE.replace(b"2023/09/16", b"2023/09/20"), GOOD))
    assert [(f.kind, f.detail, f.delta_days) for f in mismatch.findings] == [
        ("date_mismatch", "Recorded 2023-09-20, but the journal's online date "
         "(10.1016/j.media.2023.102967) is 2023-09-16 (+4 days).", 4),
    ]  # fmt: skip
    undated = LINE.replace(b"(2023/09/16) ", b"")
    entry, ev = stored_evidence(
        tmp_path / "u.sqlite", undated, works={"10.1016/j.media.2023.102967": GOOD},
        failure="arxiv: HTTP 503",
    )  # fmt: skip
    details = {f.kind: f.detail for f in decide(entry, ev).findings}
    assert details == {
        "missing_recorded_date": "The list gives no date for this entry.",
        "fetch_failed": "The sources could not be reached after retries (arxiv: HTTP 503). "
        "The previous evidence is kept.",
    }
    month_only = {**GOOD, "created": None, "published-online": {"date-parts": [[2023, 9]]}}
    work = {k: v for k, v in month_only.items() if v is not None}
    (tmp_path / "i").mkdir()
    imprecise = decide(*_stored(tmp_path / "i", LINE, work))
    assert [(f.kind, f.detail) for f in imprecise.findings] == [
        ("journal_date_imprecise",
         "Journal version 10.1016/j.media.2023.102967 has no day-precise online date."),
        ("unresolved", "No arXiv record and no dated published version found."),
    ]  # fmt: skip


def test_an_impossible_recorded_date_is_named() -> None:
    """A recorded date that is no calendar date gives missing_recorded_date naming it."""
    from harvester.listing.parse import parse_list
    from harvester.rule.list_findings import findings_from_entry

    (entry,) = parse_list(LINE.replace(b"2023/09/16", b"2023/13/45"))
    assert [(f.kind, f.detail) for f in findings_from_entry(entry)] == [
        ("missing_recorded_date", "The recorded date '2023/13/45' is not a real calendar date."),
    ]


@pytest.mark.parametrize(("days", "used"), [(364, True), (365, True), (366, False)])
def test_wiley_guard_boundary(days: int, used: bool) -> None:
    """published-online up to 365 days after a day-precise print date is used; later not."""
    from datetime import date, timedelta

    online = date(2018, 3, 12) + timedelta(days=days)
    work, _ = work_from_json(
        {**GOOD, "published-print": {"date-parts": [[2018, 3, 12]]},
         "published-online": {"date-parts": [[online.year, online.month, online.day]]}}, 2027
    )  # fmt: skip
    assert work is not None
    expected = (online.isoformat(), "published-online") if used else ("2023-09-16", "created")
    assert online_date(work) == expected


def test_arxiv_title_search_candidates_are_reported(tmp_path: Path) -> None:
    """Without an arXiv link, each title-search hit is considered: the match taken, the
    others refused with their similarity."""
    from tests.rule.stored import arxiv_records_from_feed

    cases = Path(__file__).parents[1] / "cases" / "rule"
    folder = cases / "worked-miccai-chapter-arxiv-found-by-title"
    records = arxiv_records_from_feed((folder / "arxiv.xml").read_bytes())
    other = replace(records[0], arxiv_id="2301.00002", title=records[0].title + " and more words")
    entry, ev = stored_evidence(tmp_path / "h.sqlite", (folder / "entry.md").read_bytes(),
                                [*records, other])  # fmt: skip
    decision = decide(entry, ev)
    seen = [
        (c.origin, c.key, c.verdict) for c in decision.considered if c.origin.startswith("arXiv")
    ]
    assert seen[0] == ("arXiv title search", records[0].arxiv_id, "taken")
    assert seen[1][:2] == ("arXiv title search", "2301.00002")
    assert seen[1][2].startswith("refused: title ") and seen[1][2].endswith("% similar")


def test_two_arxiv_hits_with_the_title_are_each_refused_as_too_close(tmp_path: Path) -> None:
    """Two arXiv records with the entry's exact title: neither is taken, and each says why
    (not "refused: title 100.0% similar" alone, which reads like a bug)."""
    from tests.rule.stored import arxiv_records_from_feed

    folder = (
        Path(__file__).parents[1] / "cases" / "rule" / "worked-miccai-chapter-arxiv-found-by-title"
    )
    records = arxiv_records_from_feed((folder / "arxiv.xml").read_bytes())
    twin = replace(records[0], arxiv_id="2301.00002")
    entry, ev = stored_evidence(tmp_path / "h.sqlite", (folder / "entry.md").read_bytes(),
                                [records[0], twin])  # fmt: skip
    decision = decide(entry, ev)
    verdicts = [c.verdict for c in decision.considered if c.origin == "arXiv title search"]
    assert verdicts == ["refused: title 100.0% similar, but another hit is as close"] * 2


def _mia(tmp_path: Path, line: bytes, name: str) -> Any:
    from tests.rule.stored import arxiv_records_from_feed

    folder = (
        Path(__file__).parents[1] / "cases" / "rule" / "worked-mia-elsevier-created-beats-arxiv"
    )
    (tmp_path / name).mkdir()
    return decide(*stored_evidence(
        tmp_path / name / "h.sqlite", line,
        arxiv_records_from_feed((folder / "arxiv.xml").read_bytes()),
        json.loads((folder / "crossref.json").read_text()),
    ))  # fmt: skip


def test_an_arxiv_labelled_month_is_held_against_arxiv_under_journal_first(tmp_path: Path) -> None:
    """The journal's date decides (2023-09-16), but `(arXiv 2023.7)` names the arXiv
    submission (2023-07-27): it agrees; `(arXiv 2023.6)` is 27 days off it."""
    tail = b" Latent Transformer Models for out-of-distribution detection, [[MIA](https://doi.org/10.1016/j.media.2023.102967)]\n"
    right = _mia(tmp_path, b"- (arXiv 2023.7)" + tail, "right")
    assert (right.rule, right.resolved_date) == ("journal_online", "2023-09-16")
    assert "date_mismatch" not in {f.kind for f in right.findings}
    wrong = _mia(tmp_path, b"- (arXiv 2023.6)" + tail, "wrong")
    assert [(f.kind, f.delta_days, f.detail) for f in wrong.findings] == [
        ("date_mismatch", -27, "Recorded 2023-06 (month), but the arXiv submission date "
         "(2307.15104) is 2023-07-27 (-27 days)."),
    ]  # fmt: skip


def test_a_heading_date_mismatch_says_to_move_the_entry(tmp_path: Path) -> None:
    """An entry dated only by its `### 2022` heading, resolved in 2023: the detail says the
    fix is to move it."""
    line = b"### 2022\n\n- Latent Transformer Models for out-of-distribution detection. [[MIA](https://doi.org/10.1016/j.media.2023.102967)]\n"
    decision = _mia(tmp_path, line, "heading")
    assert [(f.kind, f.delta_days, f.detail) for f in decision.findings] == [
        ("date_mismatch", -259, "Recorded 2022 (year), but the journal's online date "
         "(10.1016/j.media.2023.102967) is 2023-09-16 (-259 days). The date is the heading's "
         "above the entry: the fix is to move the entry."),
    ]  # fmt: skip


def test_under_arxiv_first_an_unanswered_arxiv_id_decides_nothing(tmp_path: Path) -> None:
    """Under `arxiv-first` the arXiv date would beat the dated journal, so while arXiv has
    not answered for the linked ID nothing is decided (journal-first takes the journal)."""
    entry, ev = stored_evidence(
        tmp_path / "h.sqlite", ARXIV_LINE, works=[JOURNAL], arxiv_answered=False
    )
    decision = decide(entry, ev, "arxiv-first")
    assert (decision.rule, decision.resolved_date) == ("unresolved", None)
    assert [f.detail for f in decision.findings if f.kind == "unresolved"] == [
        "The evidence cannot be read: arXiv has not answered for 2401.10637 yet."
    ]
    assert decide(entry, ev, "journal-first").rule == "journal_online"


def test_under_arxiv_first_an_arxiv_id_arxiv_does_not_know_falls_to_the_journal(
    tmp_path: Path,
) -> None:
    """arXiv answered that it has no such paper: the journal's online date decides, the
    recorded 2024/01/20 is 133 days before it, and the arXiv link is broken."""
    entry, ev = stored_evidence(tmp_path / "h.sqlite", ARXIV_LINE, works=[JOURNAL])
    decision = decide(entry, ev, "arxiv-first")
    assert (decision.rule, decision.resolved_date) == ("journal_online", "2024-06-01")
    assert sorted((f.kind, f.delta_days or 0) for f in decision.findings) == [
        ("broken_link", 0), ("date_mismatch", -133),
    ]  # fmt: skip
