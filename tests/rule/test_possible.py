"""A possible published version: inserted words or token-sort 85, two shared authors, the
window (date-rule.md, "A possible published version"); each threshold at its boundary."""

from __future__ import annotations

from dataclasses import replace

from rapidfuzz import fuzz

from harvester.rule.possible import TOKEN_SORT_RATIO, possible_versions
from harvester.values.evidence import ArxivRecord, CrossrefWork
from harvester.values.titles import normalise_title

TITLE = "Attribution Patching Outperforms Automated Circuit Discovery via Relevance Patching"
ARXIV = ArxivRecord(
    "2310.10348", 1, "2023-10-16T00:00:00Z", "2023-10-16T00:00:00Z", TITLE,
    ("Aaquib Syed", "Can Rager", "Arthur Conmy"), None, None,
)  # fmt: skip
JOURNAL = CrossrefWork(
    "10.1/j.1", "journal-article", TITLE + " in Language Models", "Neural Networks",
    ("Syed", "Rager"), (2024, 5, 1), None, None, None, (),
)  # fmt: skip


def _found(work: CrossrefWork, arxiv: ArxivRecord = ARXIV) -> bool:
    return bool(possible_versions([TITLE], [work], arxiv))


def test_inserted_words_two_authors_in_the_window() -> None:
    """The entry's title in order inside the journal's, two shared families: possible."""
    assert _found(JOURNAL)


def test_one_shared_author_of_several_is_not_enough() -> None:
    """Just outside: one family name shared while both list two or more."""
    assert not _found(replace(JOURNAL, families=("Syed", "Nobody")))


def test_fewer_than_two_names_need_all_of_the_shorter_list() -> None:
    """A one-author work whose author is on arXiv is enough; one who is not, is not."""
    assert _found(replace(JOURNAL, families=("Conmy",)))
    assert not _found(replace(JOURNAL, families=("Nobody",)))


def test_only_journals_and_only_in_the_window() -> None:
    """A proceedings paper, or a journal online five years later, is no candidate."""
    assert not _found(replace(JOURNAL, type="proceedings-article"))
    assert not _found(replace(JOURNAL, published_online=(2028, 10, 17)))
    assert not _found(JOURNAL, arxiv=None)  # type: ignore[arg-type]


def test_token_sort_at_its_boundary() -> None:
    """Words reordered, not contained in order: 85 or more is possible, below is not."""
    near = "Relevance Patching via Automated Circuit Discovery Outperforms Attribution Patching"
    score = fuzz.token_sort_ratio(normalise_title(TITLE), normalise_title(near))
    assert score >= TOKEN_SORT_RATIO and _found(replace(JOURNAL, title=near))
    far = "Circuit Discovery in Large Models by Relevance Patching"
    score = fuzz.token_sort_ratio(normalise_title(TITLE), normalise_title(far))
    assert score < TOKEN_SORT_RATIO and not _found(replace(JOURNAL, title=far))


def test_the_hit_must_hold_the_entry_title_not_the_reverse() -> None:
    """A journal title shorter than the entry's (words dropped) is not 'word for word'."""
    short = "Attribution Patching Outperforms Circuit Discovery"
    assert fuzz.token_sort_ratio(normalise_title(TITLE), normalise_title(short)) < 85
    assert not _found(replace(JOURNAL, title=short))


def test_token_sort_exactly_at_85_is_possible() -> None:
    """The boundary itself: a token-sort similarity of exactly 85 counts."""
    exact = "Attribution Patching Outperforms Automated Circuit Discovery via the Networks"
    assert fuzz.token_sort_ratio(normalise_title(TITLE), normalise_title(exact)) == 85.0
    assert _found(replace(JOURNAL, title=exact))


def test_a_work_without_authors_or_an_empty_title_is_never_possible() -> None:
    """No author list to share, or nothing left of a title: no candidate (precision)."""
    assert not _found(replace(JOURNAL, families=()))
    assert not possible_versions([""], [JOURNAL], ARXIV)
    assert not _found(replace(JOURNAL, title="?!"))
