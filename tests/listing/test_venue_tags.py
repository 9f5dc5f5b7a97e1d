"""A venue's date is the entry's venue tag, kept as written; between a title's words it is
part of the title (list-styles.md, "Titles" and "The recorded date")."""

from __future__ import annotations

import pytest

from harvester.listing.dated import line_dates, strip_dates
from harvester.listing.parse import parse_list


@pytest.mark.parametrize(
    ("line", "tag"),
    [
        ("*CVPR 2021*", "CVPR 2021"),
        ("*NeurIPS, Dec 2021*", "NeurIPS, Dec 2021"),
        ("ICLR-2025.01 T", "ICLR-2025.01"),
        ('<img src="https://img.shields.io/badge/ICLR-2025.01-blue">', "ICLR 2025.01"),
        ("*arXiv, Dec 2021*", None),
        ("(2024/01/19)", None),
    ],
)
def test_the_venue_tag_of_a_line(line: str, tag: str | None) -> None:
    """The venue's name with its date, without the markup; none for arXiv or plain dates."""
    assert line_dates(line)[1] == tag


@pytest.mark.parametrize(
    ("title", "kept"),
    [
        ("2nd Place Solution to ECCV 2022 Challenge", "2nd Place Solution to ECCV 2022 Challenge"),
        ("Keypoint Transformer, CVPR 2022", "Keypoint Transformer"),
        ("CVPR 2022 Keypoint Transformer", "Keypoint Transformer"),
        ("Keypoint Transformer (CVPR 2022) for Hands", "Keypoint Transformer for Hands"),
    ],
)
def test_a_venue_date_between_words_is_title(title: str, kept: str) -> None:
    """Only a venue date at an edge of the title, or alone in brackets, is a decoration."""
    assert strip_dates(title) == kept


def test_an_entry_takes_its_venue_date_as_its_tag_unless_the_title_holds_it() -> None:
    """`*CVPR 2021*` after the title is the tag and no recorded date; `ECCV 2022` inside the
    title stays there and is no tag."""
    raw = (
        b"- **Dense Contrastive Pretraining for Object Detection.** *CVPR 2021*"
        b" [[paper](https://arxiv.org/abs/2103.18005)]\n"
        b"- (arXiv 2022.10) 2nd Place Solution to ECCV 2022 Challenge: Action Recognition,"
        b" [[Paper]](https://arxiv.org/pdf/2210.11387.pdf)\n"
    )
    first, second = parse_list(raw)
    assert (first.tag, first.date, first.title) == (
        "CVPR 2021", None, "Dense Contrastive Pretraining for Object Detection"
    )  # fmt: skip
    assert second.tag is None and second.recorded_date == "2022-10"
    assert second.title == "2nd Place Solution to ECCV 2022 Challenge: Action Recognition"
