"""Titles out of the item styles real lists use: where the title stops and what is markup."""

from __future__ import annotations

from harvester.listing.parse import parse_list

PDF = "[[pdf](https://arxiv.org/abs/2201.00001)]"


def _titles(*items: str) -> list[str]:
    return [e.title for e in parse_list("\n".join(items).encode())]


def test_bold_title_followed_by_a_venue_sentence_ends_at_the_bold() -> None:
    """`**Title** Preprint 2022.`: a venue-and-year sentence after the bold is not title text."""
    venue = "v" * 29  # with its space, the 30 characters the rule takes before a year
    assert _titles(
        f"- **Bold Title** Preprint 2022. {PDF}",
        f"- **Bold Title** {venue} 2022. {PDF}",
    ) == ["Bold Title", "Bold Title"]


def test_bold_followed_by_longer_or_open_text_is_not_the_whole_title() -> None:
    """A longer run after the bold, or one with no closing period, continues the title."""
    venue = "v" * 30
    too_long, open_ended = _titles(
        f"- **Bold Title** {venue} 2022. {PDF}", f"- **Bold Title** Preprint 2022 {PDF}"
    )
    assert too_long.startswith("Bold Title v")
    assert open_ended.startswith("Bold Title Preprint")


def test_unmatched_bold_markers_are_not_title_text() -> None:
    """`**Image **Scene**`, `**Attention******`: runs of two or more stars Markdown left as
    text are markup; a lone `*` (`A* Search`) is the title's own."""
    assert _titles(
        f"- Bringing **Image **Scene Structure** via Tokens, {PDF}",
        f"- Locally Shifted **Attention****** With Integration, {PDF}",
        f"- A* Search Without Expansions, {PDF}",
    ) == [
        "Bringing Image Scene Structure via Tokens",
        "Locally Shifted Attention With Integration",
        "A* Search Without Expansions",
    ]


def test_link_closed_by_a_full_width_paren_is_still_read() -> None:
    """`[[Paper]](url` closed by a full-width paren (U+FF09): the URL's IDs are read, the
    link leaves the title, and the entry keeps a problem for the malformed link."""
    raw = "- (arXiv 2022.03) Transformers Meet Review, [[Paper]](https://arxiv.org/pdf/2203.12944.pdf\uff09"
    (entry,) = parse_list(raw.encode())
    assert (entry.title, entry.arxiv_ids) == ("Transformers Meet Review", ("2203.12944",))
    assert entry.problems == ("link 'Paper': not a valid link",)


def test_a_bare_name_without_a_paper_link_is_not_an_entry() -> None:
    """`- Parti [[Page]](..), [[Code]](..)` names a model, not a paper; two words, a paper
    link or a date of its own make the item an entry."""
    page = "[[Page]](https://parti.example.org/), [[Code]](https://github.com/g/parti)"
    assert _titles(
        f"- Parti {page}",
        f"- Parti Model {page}",
        "- DIFFUSIONDB [[Paper]](https://arxiv.org/pdf/2210.14896.pdf)",
        f"- (2022/06) Parti {page}",
    ) == ["Parti Model", "DIFFUSIONDB", "Parti"]
