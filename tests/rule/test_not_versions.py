"""Works that are never a published version (date-rule.md, "Never a published version")."""

from __future__ import annotations

from dataclasses import replace

import pytest

from harvester.rule.not_versions import PREPRINT_PREFIXES, never_a_version
from harvester.values.evidence import CrossrefWork

WORK = CrossrefWork(
    "10.1016/j.media.2023.102967", "journal-article", "Latent Transformer Models", "MIA",
    ("Graham",), (2023, 9, 16), None, None, None, (),
)  # fmt: skip


@pytest.mark.parametrize("prefix", PREPRINT_PREFIXES)
def test_preprint_servers_by_prefix_whatever_their_type(prefix: str) -> None:
    """An SSRN DOI typed journal-article in "SSRN Electronic Journal" is still SSRN's."""
    assert never_a_version(replace(WORK, doi=prefix + "ssrn.4500000"), linked=True)


def test_a_prefix_is_matched_whole() -> None:
    """`10.2139/` is SSRN; `10.21390/` is not (just outside)."""
    assert never_a_version(replace(WORK, doi="10.21390/x.1")) is None


@pytest.mark.parametrize(
    "title",
    ["Correction to: Latent Transformer Models", "Correction: Latent models",
     "Author Correction: X", "Publisher Correction: X", "Erratum to X", "Corrigendum to X",
     "Retraction Note: X", "Retracted: X", "Expression of Concern: X", "Reply to X",
     "Response to X", "Comment on X", "Review for \"X\"", "Addendum: X", "  correction to x"],
)  # fmt: skip
def test_notices_about_a_paper(title: str) -> None:
    """Corrections, errata, retractions, replies, comments, reviews, addenda."""
    assert never_a_version(replace(WORK, title=title), linked=True)


@pytest.mark.parametrize(
    "title",
    [
        "Corrections of Label Noise in Medical Images",
        "Responsible AI in Radiology",
        "Commentary Generation with Transformers",
        "Reviewing Anomaly Detection",
        "Replying Agents",
    ],
)
def test_titles_that_merely_start_alike_are_papers(title: str) -> None:
    """Just outside: a notice word must stand as the notice's own words."""
    assert never_a_version(replace(WORK, title=title)) is None


def test_update_to_and_subtype_preprint() -> None:
    """A work with `update-to` is a notice; `subtype` preprint a preprint."""
    assert never_a_version(replace(WORK, updates=True), linked=True)
    assert never_a_version(replace(WORK, subtype="preprint"), linked=True)
    assert never_a_version(replace(WORK, type="posted-content"), linked=True)


@pytest.mark.parametrize("kind", ["peer-review", "component", "dataset", "report", "other"])
def test_other_types_count_only_when_the_list_links_them(kind: str) -> None:
    """A linked `report` is the entry's version (the maintainer named it); found by
    search, it is not."""
    assert never_a_version(replace(WORK, type=kind), linked=True) is None
    assert never_a_version(replace(WORK, type=kind))


@pytest.mark.parametrize(
    "kind", ["journal-article", "proceedings-article", "book-chapter", "book", "monograph"]
)
def test_version_types(kind: str) -> None:
    """The five types a searched version may have."""
    assert never_a_version(replace(WORK, type=kind)) is None


@pytest.mark.parametrize(
    ("venue", "journal"),
    [("Proceedings of the AAAI Conference on Artificial Intelligence", False),
     ("IEEE Workshop on Applications", False), ("Symposium on Theory", False),
     ("World Congress of Medical Physics", False), ("Proceedings of the IEEE", True),
     ("Proceedings of the National Academy of Sciences", True),
     ("Proceedings of the ACM on Programming Languages", True), ("Conferences Review", True)],
)  # fmt: skip
def test_a_journal_article_in_a_meetings_container_is_proceedings(
    venue: str, journal: bool
) -> None:
    """ "Conference", "Workshop", "Symposium", "Congress" as words make proceedings."""
    assert replace(WORK, venue=venue).is_journal is journal
    assert replace(WORK, venue=venue, type="proceedings-article").is_journal is False


def test_the_reasons_name_what_the_work_is() -> None:
    """The words explain shows for each refusal."""
    assert never_a_version(replace(WORK, type="posted-content")) == "posted-content is a preprint"
    assert never_a_version(replace(WORK, subtype="preprint")) == "a preprint"
    assert never_a_version(replace(WORK, doi="10.2139/ssrn.1")) == (
        "a preprint server's work (10.2139)"
    )
    assert never_a_version(replace(WORK, updates=True)) == (
        "a notice about a paper (correction, erratum, reply, review...)"
    )
    assert never_a_version(replace(WORK, type="dataset")) == "a dataset, not a version of a paper"
