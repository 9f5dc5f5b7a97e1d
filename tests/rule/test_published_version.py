"""The published-version pick: order of sources, posted-content, guards and the date window."""

from __future__ import annotations

from typing import Any

import pytest

from harvester.listing.parse import parse_list
from harvester.rule.published_version import pick_version
from harvester.values.decisions import Consideration
from harvester.values.entries import Entry
from harvester.values.evidence import ArxivRecord, CrossrefWork, Evidence

TITLE = "Latent Transformer Models for out-of-distribution detection"
ID = "2309.00001"
LINKED, DECLARED, OTHER = "10.1016/j.media.2023.102967", "10.1109/tmi.2024.1", "10.1/other"
TAKEN_ID = "taken (identified, no search needed)"


def entry(doi: str | None = None, title: str = TITLE) -> Entry:
    link = f"[[MIA](https://doi.org/{doi})]" if doi else "[[code](https://github.com/a/b)]"
    return parse_list(f"- (2023/09/16) {title}. {link}\n".encode())[0]


def work(
    doi: str,
    type: str = "journal-article",
    title: str = TITLE,
    families: tuple[str, ...] = ("Graham",),
    online: tuple[int, ...] | None = (2023, 9, 16),
    preprints: tuple[str, ...] = (),
) -> CrossrefWork:
    return CrossrefWork(doi, type, title, "J", families, online, None, None, None, preprints)


def arxiv(
    doi: str | None = None, authors: tuple[str, ...] = ("Mark S. Graham",), on: str = "2023-09-01"
) -> ArxivRecord:
    return ArxivRecord(ID, 1, f"{on}T12:00:00Z", f"{on}T12:00:00Z", TITLE, authors, doi, None)


def ev(*works: CrossrefWork, hits: tuple[CrossrefWork, ...] = (), **kw: Any) -> Evidence:
    return Evidence(works={w.doi: w for w in works}, search_hits=hits, **kw)


def test_linked_doi_comes_first() -> None:
    """A linked DOI wins over the declared DOI, a relation and a search hit, and is all considered."""
    related = work(OTHER, preprints=(ID,))
    pick = pick_version(
        entry(LINKED), ev(work(LINKED), work(DECLARED), hits=(related,)), arxiv(DECLARED)
    )
    assert pick.work is not None and pick.work.doi == LINKED
    assert pick.considered == (Consideration("linked DOI", LINKED, TITLE, TAKEN_ID),)
    assert (pick.problem, pick.ambiguous) == (None, None)


def test_declared_doi_comes_before_relation_and_search() -> None:
    """With no linked DOI the DOI the arXiv record declares is taken over a has-preprint work."""
    related = work(OTHER, preprints=(ID,))
    pick = pick_version(entry(), ev(work(DECLARED), hits=(related,)), arxiv(DECLARED))
    assert pick.work is not None and pick.work.doi == DECLARED
    assert [c.origin for c in pick.considered] == ["DOI declared by arXiv"]


def test_relation_comes_before_search() -> None:
    """A hit naming the arXiv ID as its preprint is taken over an exact-title search hit."""
    exact = work("10.1/exact")
    related = work(OTHER, title="Something else entirely", preprints=(ID,))
    pick = pick_version(entry(), ev(hits=(exact, related)), arxiv())
    assert pick.work is not None and pick.work.doi == OTHER
    assert pick.considered == (
        Consideration("relation has-preprint", OTHER, "Something else entirely", "taken"),
    )


def test_search_is_the_last_resort() -> None:
    """With no DOI and no relation the exact-title hit is taken, and considered once."""
    hit, far = work("10.1/exact"), work("10.1/far", title="Something else entirely")
    pick = pick_version(entry(), ev(hits=(hit, far)), arxiv())
    assert pick.work == hit
    assert [(c.key, c.verdict[:20]) for c in pick.considered] == [
        ("10.1/exact", "taken"),
        ("10.1/far", "refused: title only "),
    ]


def test_identified_work_is_taken_without_the_bar() -> None:
    """A linked DOI is taken though its title, authors and date would all fail a search."""
    odd = work(LINKED, title="Unrelated", families=("Nobody",), online=(2000, 1, 1))
    pick = pick_version(entry(LINKED), ev(odd), arxiv())
    assert pick.work == odd


def test_posted_content_is_never_a_version() -> None:
    """Posted-content is refused when linked, declared, related or searched; nothing is picked."""
    linked = work(LINKED, type="posted-content")
    declared = work(DECLARED, type="posted-content")
    searched = work(OTHER, type="posted-content", preprints=(ID,))
    pick = pick_version(entry(LINKED), ev(linked, declared, hits=(searched,)), arxiv(DECLARED))
    assert (pick.work, pick.problem, pick.ambiguous) == (None, None, None)
    assert pick.considered == (
        Consideration("linked DOI", LINKED, TITLE, "refused: posted-content is a preprint"),
        Consideration(
            "DOI declared by arXiv", DECLARED, TITLE, "refused: posted-content is a preprint"
        ),
        Consideration("Crossref search", OTHER, TITLE, "refused: posted-content is a preprint"),
    )


def test_posted_content_link_falls_through_to_the_declared_doi() -> None:
    """A linked preprint DOI is skipped and the declared journal DOI is taken."""
    pick = pick_version(
        entry(LINKED), ev(work(LINKED, type="posted-content"), work(DECLARED)), arxiv(DECLARED)
    )
    assert pick.work is not None and pick.work.doi == DECLARED


def test_doi_crossref_does_not_know_is_refused_and_the_next_source_tried() -> None:
    """A linked DOI in works_missing is refused; the declared DOI is then taken."""
    evidence = ev(work(DECLARED), works_missing=frozenset({LINKED}))
    pick = pick_version(entry(LINKED), evidence, arxiv(DECLARED))
    assert pick.work is not None and pick.work.doi == DECLARED
    assert pick.considered[0] == Consideration(
        "linked DOI", LINKED, "", "refused: Crossref does not know it"
    )
    assert pick.problem is None


def test_doi_with_no_answer_yet_blocks() -> None:
    """A linked DOI never answered gives a blocking problem and no later source is tried."""
    pick = pick_version(entry(LINKED), ev(work(DECLARED)), arxiv(DECLARED))
    assert pick.work is None
    assert pick.problem == f"Crossref has not answered for {LINKED} yet"
    assert pick.considered == (Consideration("linked DOI", LINKED, "", "unknown: not fetched yet"),)


@pytest.mark.parametrize(
    ("why", "problem"),
    [
        ("'type' is missing", f"'type' is missing (asked for {LINKED})"),
        (f"work {LINKED} has no title", f"work {LINKED} has no title"),
    ],
)
def test_unreadable_work_gives_a_problem_naming_the_doi(why: str, problem: str) -> None:
    """An unreadable linked work blocks with its reason, the DOI added unless already named."""
    pick = pick_version(entry(LINKED), ev(works_unreadable={LINKED: why}), arxiv())
    assert (pick.work, pick.problem) == (None, problem)
    assert pick.considered == (Consideration("linked DOI", LINKED, "", f"refused: {problem}"),)


def test_author_guard_refuses_a_hit_sharing_no_family_name() -> None:
    """An exact-title hit whose authors share no family name with arXiv's is refused."""
    hit = work("10.1/exact", families=("Schmidt", "Weber"))
    pick = pick_version(entry(), ev(hits=(hit,)), arxiv(authors=("Anna Müller", "Jo Bloggs")))
    assert pick.work is None
    assert pick.ambiguous == (
        "10.1/exact matches the title but shares no author family name with the arXiv record"
    )


@pytest.mark.parametrize(
    ("families", "authors"),
    [
        (("muller",), ("Anna Müller",)),
        (("Müller",), ("Anna MULLER",)),
        (("Schmidt", "van der Berg"), ("Jo van der Berg",)),
    ],
)
def test_author_guard_ignores_accents_and_case(
    families: tuple[str, ...], authors: tuple[str, ...]
) -> None:
    """A family name equal after case folding and accent stripping lets the hit through."""
    hit = work("10.1/exact", families=families)
    assert pick_version(entry(), ev(hits=(hit,)), arxiv(authors=authors)).work == hit


@pytest.mark.parametrize(
    ("submitted", "online", "inside"),
    [
        ("2021-06-15", (2020, 6, 15), True),
        ("2021-06-15", (2020, 6, 14), False),
        ("2021-06-15", (2025, 6, 15), True),
        ("2021-06-15", (2025, 6, 16), False),
        # 29 February: a year before has no 29th, so it falls back to the 28th.
        ("2020-02-29", (2019, 2, 28), True),
        ("2020-02-29", (2019, 2, 27), False),
        # 2024 is a leap year: four years after 2020-02-29 is 2024-02-29 itself.
        ("2020-02-29", (2024, 2, 29), True),
        ("2020-02-29", (2024, 3, 1), False),
        # 2100 is no leap year: four years after 2096-02-29 falls back to 2100-02-28.
        ("2096-02-29", (2100, 2, 28), True),
        ("2096-02-29", (2100, 3, 1), False),
    ],
)
def test_journal_window_boundaries(
    submitted: str, online: tuple[int, int, int], inside: bool
) -> None:
    """A searched journal version is kept from 1 year before to 4 years after arXiv, inclusive."""
    hit = work("10.1/exact", online=online)
    pick = pick_version(entry(), ev(hits=(hit,)), arxiv(on=submitted))
    if inside:
        assert (pick.work, pick.ambiguous) == (hit, None)
    else:
        y, m, d = online
        assert pick.work is None
        assert pick.ambiguous == (
            f"10.1/exact matches the title but is online {y:04d}-{m:02d}-{d:02d}, "
            f"outside 1 year before to 4 years after arXiv {submitted}"
        )


def test_window_applies_to_journals_only() -> None:
    """A proceedings paper online ten years after arXiv is still taken by search."""
    hit = work("10.1/exact", type="proceedings-article", online=(2033, 9, 1))
    assert pick_version(entry(), ev(hits=(hit,)), arxiv()).work == hit


def test_considered_lists_each_search_candidate_with_its_verdict() -> None:
    """Every hit appears once with why it was refused or taken, in the order they were judged."""
    preprint = work("10.1/pre", type="posted-content")
    far = work("10.1/far", title="Latent models")
    exact = work("10.1/exact")
    pick = pick_version(entry(), ev(hits=(preprint, far, exact)), arxiv())
    assert pick.work == exact
    got = [(c.origin, c.key, c.verdict) for c in pick.considered]
    assert got[0] == ("Crossref search", "10.1/pre", "refused: posted-content is a preprint")
    assert got[1][:2] == ("Crossref search", "10.1/far")
    assert got[1][2].startswith("refused: title only ") and got[1][2].endswith("% similar")
    assert got[2:] == [("Crossref search", "10.1/exact", "taken")]


def test_two_exact_hits_are_ambiguous() -> None:
    """Two hits with the entry's exact title give ambiguity naming both, and no pick."""
    a, b = work("10.1/a"), work("10.1/b")
    pick = pick_version(entry(), ev(hits=(a, b)), arxiv())
    assert pick.work is None
    assert pick.ambiguous == "several Crossref works match the title: 10.1/a, 10.1/b"
    assert [c.verdict for c in pick.considered] == [
        "refused: passes the title bar, but another hit is as close"
    ] * 2


def test_crowded_hits_say_why_and_keep_their_titles() -> None:
    """Two hits within 2 points of each other: each is refused as crowded, with its title."""
    a = work("10.1/a", title=TITLE + " x")
    b = work("10.1/b", title=TITLE + " y")
    pick = pick_version(entry(), ev(hits=(a, b)), arxiv())
    assert pick.work is None and pick.ambiguous is not None
    assert [(c.key, c.title) for c in pick.considered] == [("10.1/a", a.title), ("10.1/b", b.title)]
    assert all(
        c.verdict.startswith("refused: title ")
        and c.verdict.endswith("but another hit is as close")
        for c in pick.considered
    )


def test_a_guard_refusal_keeps_what_was_considered() -> None:
    """A title match refused by the author guard still reports the candidates it judged."""
    hit = work("10.1/exact", families=("Schmidt",))
    pick = pick_version(entry(), ev(hits=(hit,)), arxiv(authors=("Anna Müller",)))
    assert [(c.key, c.verdict) for c in pick.considered] == [
        ("10.1/exact", "refused: shares no author family name with the arXiv record")
    ]


KEPT = "taken unless a relation or the search finds a journal (not a journal)"


def test_a_linked_report_is_the_version_but_a_declared_dataset_is_not() -> None:
    """The maintainer named a linked `report`; arXiv's declared `dataset` (a Zenodo DOI)
    is no version of the paper."""
    report = work(LINKED, type="report")
    pick = pick_version(entry(LINKED), ev(report), None)
    assert pick.work == report
    dataset = work(DECLARED, type="dataset")
    pick = pick_version(entry(), ev(dataset), arxiv(DECLARED))
    assert pick.work is None
    assert pick.considered == (
        Consideration(
            "DOI declared by arXiv", DECLARED, TITLE,
            "refused: a dataset, not a version of a paper",
        ),
    )  # fmt: skip


def test_a_declared_proceedings_paper_is_kept_when_the_search_finds_no_journal() -> None:
    """The declared non-journal stays the version: the search found nothing better."""
    proceedings = work(DECLARED, type="proceedings-article")
    pick = pick_version(entry(), ev(proceedings), arxiv(DECLARED))
    assert pick.work == proceedings and pick.problem is None
    assert pick.considered == (Consideration("DOI declared by arXiv", DECLARED, TITLE, KEPT),)


def test_a_declared_proceedings_paper_yields_to_a_journal_found_by_search() -> None:
    """A same-title journal in the search wins; the declared paper among the hits is no rival."""
    proceedings = work(DECLARED, type="proceedings-article")
    journal = work(OTHER)
    pick = pick_version(entry(), ev(proceedings, hits=(proceedings, journal)), arxiv(DECLARED))
    assert pick.work == journal and pick.ambiguous is None
    assert pick.considered[-1] == Consideration("Crossref search", OTHER, TITLE, "taken")


def test_an_unanswered_declared_doi_decides_nothing() -> None:
    """arXiv declares a DOI Crossref has not answered for: the version may be a journal."""
    pick = pick_version(entry(), ev(), arxiv(DECLARED))
    assert (pick.work, pick.problem) == (None, f"Crossref has not answered for {DECLARED} yet")
    assert pick.considered == (
        Consideration("DOI declared by arXiv", DECLARED, "", "unknown: not fetched yet"),
    )


def test_a_declared_journal_is_taken_before_anything_else() -> None:
    """Of two declared DOIs, the journal; its consideration says it was identified."""
    proceedings, journal = work(OTHER, type="proceedings-article"), work(DECLARED)
    record = ArxivRecord(ID, 1, "2023-09-01T12:00:00Z", "2023-09-01T12:00:00Z", TITLE,
                         ("Mark S. Graham",), OTHER, None, (OTHER, DECLARED))  # fmt: skip
    pick = pick_version(entry(), ev(proceedings, journal), record)
    assert pick.work == journal
    assert pick.considered == (Consideration("DOI declared by arXiv", DECLARED, TITLE, TAKEN_ID),)
