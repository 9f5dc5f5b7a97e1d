"""The fetch plan: which arXiv IDs, title searches, candidates, DOIs and Crossref queries."""

from __future__ import annotations

from dataclasses import replace

import pytest

from harvester.listing.parse import parse_list
from harvester.plan.fetch_plan import (
    arxiv_title_queries,
    candidates_for,
    crossref_query,
    dois_to_fetch,
    legacy_crossref_query,
    linked_arxiv_ids,
)
from harvester.values.evidence import ArxivRecord

RAW = (
    b"- (2024/01/19) Two arXiv links. [[a](https://arxiv.org/abs/2401.10637)][[b](https://arxiv.org/abs/2402.00001)]\n"
    b"- (2024/01/13) Diffusion models. [[MIA](https://doi.org/10.1016/j.media.2024.103088)]\n"
    b"- (2023/09/16) Only code. [[code](https://github.com/a/b)]\n"
)
TWO_ARXIV, WITH_DOI, CODE_ONLY = parse_list(RAW)
D1, D2, D3 = "10.1016/j.media.2024.103088", "10.1109/tmi.2024.2", "10.1000/xyz.3"
WANTED = "Robust Anomaly Detection in Brain MRI Scans"


def record(
    arxiv_id: str = "2401.10637",
    title: str = WANTED,
    doi: str | None = None,
    authors: tuple[str, ...] = ("Anna Maria van Müller", "Bo Li"),
) -> ArxivRecord:
    at = "2024-01-19T10:00:00Z"
    return ArxivRecord(arxiv_id, 1, at, at, title, authors, doi, None)


def test_linked_arxiv_ids_take_the_first_link_by_key() -> None:
    """Only entries linking arXiv appear, each with its first linked ID."""
    assert linked_arxiv_ids([TWO_ARXIV, WITH_DOI, CODE_ONLY]) == {"arxiv:2401.10637": "2401.10637"}


def test_arxiv_title_queries_skip_linked_and_empty_titles() -> None:
    """Entries with no arXiv link and a title that survives normalisation are searched by title."""
    no_title = replace(CODE_ONLY, entry_key="title:none", title=" ?! — ")
    queries = arxiv_title_queries([TWO_ARXIV, WITH_DOI, CODE_ONLY, no_title])
    assert queries == {
        WITH_DOI.entry_key: "Diffusion models",
        CODE_ONLY.entry_key: "Only code",
    }


def test_arxiv_title_query_keeps_the_title_as_written() -> None:
    """The query is the entry's title itself, not its normalised form."""
    odd = replace(CODE_ONLY, title="GAN-based $\\alpha$-Detection: A Study")
    assert arxiv_title_queries([odd]) == {
        CODE_ONLY.entry_key: "GAN-based $\\alpha$-Detection: A Study"
    }


# Scores against normalise_title(WANTED) (rapidfuzz fuzz.ratio, normalised titles):
#   "robust anomaly detection in brain mri scans"  100.0 (case and punctuation only)
#   "robust anomaly detection in brain mri"         92.5
#   "robust anomaly detection in b"                 80.56
#   "robust anomaly detection in brzz"              80.0
#   "robust anomaly detection in bz"                79.45
@pytest.mark.parametrize(
    ("title", "kept"),
    [
        ("Robust Anomaly Detection in B", True),
        ("Robust Anomaly Detection in Brzz", True),
        ("Robust Anomaly Detection in Bz", False),
        ("Something else entirely", False),
    ],
)
def test_candidate_ratio_boundary(title: str, kept: bool) -> None:
    """A hit at or above 80% similarity is kept; just below 80% is dropped."""
    assert candidates_for(WANTED, [record("2401.00001", title)]) == (["2401.00001"] if kept else [])


def test_candidates_are_best_first() -> None:
    """Kept hits come sorted by similarity, highest first, whatever the search rank."""
    hits = [
        record("2401.00001", "Robust Anomaly Detection in B"),
        record("2401.00002", "Unrelated paper on graphs"),
        record("2401.00003", "Robust anomaly detection in brain MRI"),
        record("2401.00004", "ROBUST anomaly-detection: in brain MRI scans!"),
    ]
    assert candidates_for(WANTED, hits) == ["2401.00004", "2401.00003", "2401.00001"]


def test_no_hits_give_no_candidates() -> None:
    """An empty search result keeps nothing."""
    assert candidates_for(WANTED, []) == []


def test_dois_to_fetch_linked_then_declared_without_duplicates() -> None:
    """Linked DOIs come first, then the declared one, each DOI once."""
    two_dois = replace(WITH_DOI, dois=(D1, D2))
    assert dois_to_fetch(two_dois, record(doi=D3)) == [D1, D2, D3]
    assert dois_to_fetch(two_dois, record(doi=D1)) == [D1, D2]
    assert dois_to_fetch(two_dois, None) == [D1, D2]


def test_dois_to_fetch_declared_only_or_none() -> None:
    """With no linked DOI only the declared one is fetched; with neither, none."""
    assert dois_to_fetch(CODE_ONLY, record(doi=D3)) == [D3]
    assert dois_to_fetch(CODE_ONLY, record()) == []
    assert dois_to_fetch(CODE_ONLY, None) == []


def test_crossref_query_is_none_when_a_doi_is_linked_or_a_journal_declared() -> None:
    """A linked DOI, or a declared journal, makes a bibliographic search needless; a
    declared DOI that is no journal does not (a conference DOI on arXiv says nothing of a
    journal version)."""
    assert crossref_query(WITH_DOI, record()) is None
    assert crossref_query(CODE_ONLY, record(doi=D3), declared_journal=True) is None
    assert crossref_query(CODE_ONLY, record(doi=D3)) is not None


def test_crossref_query_is_none_for_an_empty_title() -> None:
    """A title with nothing left after normalisation gives no query."""
    blank = replace(CODE_ONLY, title="?! —")
    assert crossref_query(blank, record()) is None


def test_crossref_query_is_the_arxiv_title_and_first_authors_family_name() -> None:
    """The query is the arXiv record's title (the paper's current one) then the last word
    of the first author's name; the legacy query, whose stored answer stands in until the
    next search, used the list's title."""
    assert (
        crossref_query(CODE_ONLY, record()) == "Robust Anomaly Detection in Brain MRI Scans Müller"
    )
    assert legacy_crossref_query(CODE_ONLY, record()) == "Only code Müller"
    assert legacy_crossref_query(WITH_DOI, record()) is None


def test_crossref_query_without_author_is_the_title() -> None:
    """With no arXiv record, or one with no authors, the query is a title alone."""
    assert crossref_query(CODE_ONLY, None) == "Only code"
    assert crossref_query(CODE_ONLY, record(authors=())) == (
        "Robust Anomaly Detection in Brain MRI Scans"
    )


def test_the_notes_name_only_the_searches_that_were_cut() -> None:
    from harvester.listing.parse import parse_list
    from harvester.plan.fetch_plan import cut_searches
    from harvester.values.evidence import ArxivRecord

    long, short = "Long " * 70, "A short arXiv title"  # 350 and 19 characters
    linked = parse_list(
        f"- (2024/01/19) {long}. [[arXiv](https://arxiv.org/abs/2401.10637)]\n".encode()
    )[0]
    record = ArxivRecord(
        "2401.10637", 1, "2024-01-19T00:00:00Z", "", short, ("A Smith",), None, None
    )
    assert cut_searches(linked, record, searched_crossref=True) == []  # linked: by the arXiv title
    retitled = ArxivRecord(
        "2401.10637", 1, "2024-01-19T00:00:00Z", "", long, ("A Smith",), None, None
    )
    assert cut_searches(linked, retitled, searched_crossref=True) == [
        f"the Crossref search asked for the first 299 characters of the arXiv record's title ({len(long)})"
    ]
    assert cut_searches(linked, retitled, searched_crossref=False) == []
    unlinked = parse_list(f"- (2024/01/19) {long}. [[code](https://github.com/o/r)]\n".encode())[0]
    assert [n.split(" asked")[0] for n in cut_searches(unlinked, None, True)] == [
        "the arXiv title search", "the Crossref search",
    ]  # fmt: skip
