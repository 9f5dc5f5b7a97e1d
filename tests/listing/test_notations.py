"""Date notations: read with their precision, impossible ones named, written back alike."""

from __future__ import annotations

import pytest

from harvester.listing.dated import dates_in_line, heading_date, strip_dates
from harvester.listing.notations import find_in, write_like


@pytest.mark.parametrize(
    ("text", "written", "value", "precision"),
    [
        ("(2024/01/19) Title", "2024/01/19", "2024-01-19", "day"),
        ("[07th Oct., 2024]", "07th Oct., 2024", "2024-10-07", "day"),
        ("1st Jan., 2023", "1st Jan., 2023", "2023-01-01", "day"),
        ("26 Dec 2022", "26 Dec 2022", "2022-12-26", "day"),
        ("May 17th 2024", "May 17th 2024", "2024-05-17", "day"),
        ("[2023/10]", "2023/10", "2023-10", "month"),
        ("(arXiv 2023.1)", "2023.1", "2023-01", "month"),
        ("[2022-04]", "2022-04", "2022-04", "month"),
        ("03/2024", "03/2024", "2024-03", "month"),
        ("Sept 2022", "Sept 2022", "2022-09", "month"),
        ("(Mar., 2023)", "Mar., 2023", "2023-03", "month"),
        ("(May, 2025", "May, 2025", "2025-05", "month"),
    ],
)  # fmt: skip
def test_notations_are_read_at_their_precision(
    text: str, written: str, value: str, precision: str
) -> None:
    """Each notation the lists write gives its ISO value at its precision."""
    (found,) = find_in(text)
    assert (found.text, found.value, found.precision, found.problem) == (
        written, value, precision, None,
    )  # fmt: skip


@pytest.mark.parametrize("text", ["2023.13", "2023.00", "2023/02/30", "2023/04/31"])
def test_impossible_dates_are_problems(text: str) -> None:
    """A month 00 or 13 and a day a month lacks give no value and say why."""
    (found,) = find_in(text)
    assert found.value is None and found.problem == f"'{text}' is not a real calendar date"


@pytest.mark.parametrize(
    "text", ["arXiv:2302.11481", "Qwen2.5", "v2023.1", "[[pdf](https://x.org/2023.10.pdf)]"]
)
def test_ids_versions_and_urls_are_no_dates(text: str) -> None:
    """arXiv IDs, version numbers and dates inside link URLs are not the entry's date."""
    assert dates_in_line(text) == []


@pytest.mark.parametrize(
    ("line", "label"),
    [("(arXiv 2023.2) T", "arxiv"), ("[arXiv, 2024]", "arxiv"), ("[2023/10] T", None),
     ('<img src="https://img.shields.io/badge/arXiv-2023.03-red">', "arxiv"),
     ("*ArXiv, Dec 2021*", "arxiv"), ("*Smith, Dec 2021*", None)],
)  # fmt: skip
def test_labels(line: str, label: str | None) -> None:
    """A date written with arXiv (even in a shields badge) is labelled arxiv."""
    ((_, got),) = dates_in_line(line)
    assert got == label


@pytest.mark.parametrize(
    "line",
    ["(CVPR 2023) T", "ICLR-2025.01", "[MICCAI, 2024]", "Nature Machine Intelligence, Mar 2025",
     "*NeurIPS, Dec 2021*", '<img src="https://img.shields.io/badge/ICLR-2025.01-blue">'],
)  # fmt: skip
def test_venue_dates_are_not_recorded_dates(line: str) -> None:
    """A venue's date is the venue tag, never the entry's date."""
    assert dates_in_line(line) == []


@pytest.mark.parametrize(
    ("written", "iso", "expected"),
    [
        ("(2024/01/19)", "2024-02-03", "2024/02/03"),
        ("[2023/10]", "2023-03-05", "2023/03"),
        ("(arXiv 2023.1)", "2023-02-27", "2023.2"),
        ("2023.11", "2024-02-01", "2024.02"),
        ("03/2024", "2024-11-30", "11/2024"),
        ("Apr 2022", "2022-05-02", "May 2022"),
        ("Sept 2022", "2022-09-30", "Sept 2022"),
        ("Sept 2022", "2022-10-01", "Oct 2022"),
        ("(Mar., 2023)", "2023-06-01", "Jun., 2023"),
        ("September 2022", "2022-12-01", "December 2022"),
        ("[07th Oct., 2024]", "2024-10-01", "01st Oct., 2024"),
        ("1st Jan., 2023", "2023-01-22", "22nd Jan., 2023"),
        ("26 Dec 2022", "2023-01-13", "13 Jan 2023"),
        ("May 17th 2024", "2024-06-03", "Jun 03rd 2024"),
    ],
)  # fmt: skip
def test_written_back_in_the_lists_own_notation(written: str, iso: str, expected: str) -> None:
    """Separators, padding, month-name style and ordinals stay as the list writes them."""
    (found,) = find_in(written)
    assert write_like(found, iso) == expected


def test_heading_dates() -> None:
    """A heading that is only a date dates its entries; other headings do not."""
    assert [
        (d.value, d.precision) if (d := heading_date(h)) else None
        for h in ["2023.1", "2024:", "🔥 2024", "2020 and before", "Papers of the Week (June 2 - June 8) - 2025"]
    ] == [("2023-01", "month"), ("2024", "year"), ("2024", "year"), None, None]  # fmt: skip


def test_dates_are_taken_out_of_titles() -> None:
    """A bracket holding only a date (and arXiv) goes, with the comma after the title."""
    assert strip_dates("(arXiv 2023.2) Deep Learning: a Review,") == "Deep Learning: a Review"
    assert strip_dates("[2023/10] Towards X") == "Towards X"
    assert strip_dates("(CVPR 2022) Keypoint Transformer") == "Keypoint Transformer"
