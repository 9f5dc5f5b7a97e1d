"""arXiv IDs, DOIs and host hints out of URLs."""

from __future__ import annotations

import pytest

from harvester.listing.identifiers import (
    HostHint,
    arxiv_id_from_url,
    doi_from_url,
    hint_from_url,
    link_kind,
    split_arxiv_id,
)


@pytest.mark.parametrize(
    ("url", "arxiv_id"),
    [
        ("http://arxiv.org/abs/2401.10637", "2401.10637"),
        ("https://arxiv.org/abs/2401.10637v3", "2401.10637"),
        ("https://arxiv.org/pdf/2308.16150.pdf", "2308.16150"),
        ("https://arxiv.org/pdf/2308.16150v2.pdf", "2308.16150"),
        ("https://arxiv.org/html/2403.12570v1", "2403.12570"),
        ("https://export.arxiv.org/abs/0704.0001", "0704.0001"),
        ("https://www.arxiv.org/abs/cs/0102003v1", "cs/0102003"),
        ("https://arxiv.org/abs/math.GT/0309136", "math/0309136"),
        ("https://arxiv.org/abs/cs.CV/0102003", "cs/0102003"),
        ("https://arxiv.org/ftp/arxiv/papers/1708/1708.03665.pdf", "1708.03665"),
        ("https://doi.org/10.48550/arXiv.2401.10637", "2401.10637"),
        ("https://web.archive.org/web/2024/https://arxiv.org/abs/2401.10637v2", "2401.10637"),
        ("https://arxivtools.blob.core.windows.net/x/2024_1_22/2401.10637.pdf", None),
        ("https://arxiv.org/abs/2413.00001", None),  # month 13
        ("https://arxiv.org/abs/1501.0001", None),  # 4 digits after 2015
        ("https://arxiv.org/abs/nonsense/0102003", None),
        ("https://arxiv.org/list/cs.CV/recent", None),
        ("ftp://arxiv.org/abs/2401.10637", None),
    ],
)
def test_arxiv_id_from_url(url: str, arxiv_id: str | None) -> None:
    """Only arxiv.org abs/pdf/html/ftp links (and arXiv DOIs) give a versionless ID."""
    assert arxiv_id_from_url(url) == arxiv_id


def test_split_arxiv_id_keeps_version_apart() -> None:
    """The version is split off once, the ID kept versionless."""
    assert split_arxiv_id("2401.10637v2") == ("2401.10637", 2)
    assert split_arxiv_id("astro-ph/0601001") == ("astro-ph/0601001", None)
    assert split_arxiv_id("abc") is None


@pytest.mark.parametrize(
    ("url", "doi"),
    [
        ("https://doi.org/10.1016/j.media.2023.102967", "10.1016/j.media.2023.102967"),
        ("https://dx.doi.org/10.1109/TMI.2023.3310716", "10.1109/tmi.2023.3310716"),
        ("http://doi.org/10.1002/%28SICI%291097-4571", "10.1002/(sici)1097-4571"),
        (
            "https://link.springer.com/chapter/10.1007/978-3-031-16434-7_63",
            "10.1007/978-3-031-16434-7_63",
        ),
        (
            "https://link.springer.com/article/10.1007/s11263-022-01578-9",
            "10.1007/s11263-022-01578-9",
        ),
        ("https://onlinelibrary.wiley.com/doi/abs/10.1002/mp.16000", "10.1002/mp.16000"),
        ("https://onlinelibrary.wiley.com/doi/epdf/10.1111/sjos.12407", "10.1111/sjos.12407"),
        ("https://dl.acm.org/doi/10.1145/3439950", "10.1145/3439950"),
        (
            "https://journals.plos.org/plosone/article?id=10.1371/journal.pone.0123456",
            "10.1371/journal.pone.0123456",
        ),
        (
            "https://iopscience.iop.org/article/10.1088/1361-6560/acca5c/meta",
            "10.1088/1361-6560/acca5c",
        ),
        ("https://iopscience.iop.org/article/10.1088/1361-6560/acca5c", "10.1088/1361-6560/acca5c"),
        ("https://iopscience.iop.org/issue/0031-9155/68/9", None),
        (
            "https://scholar.archive.org/work/2brq/access/wayback/https://dl.acm.org/doi/pdf/10.1145/3628797.3629010",
            "10.1145/3628797.3629010",
        ),
        (
            "https://web.archive.org/web/20230101000000/https://doi.org/10.1016/j.media.2023.102967",
            "10.1016/j.media.2023.102967",
        ),
        ("https://web.archive.org/web/20230101000000/10.1016/j.media.2023.102967", None),
        ("https://doi.org/10.48550/arXiv.2401.10637", None),  # arXiv's own DOI: DataCite
        ("https://ieeexplore.ieee.org/document/10197302/", None),
        ("https://citeseerx.ist.psu.edu/viewdoc/download?doi=10.1.1.86.5955", None),
    ],
)
def test_doi_from_url(url: str, doi: str | None) -> None:
    """DOIs come lower-cased and URL-decoded from doi.org and DOI-bearing publisher URLs."""
    assert doi_from_url(url) == doi


def test_host_hints_for_links_without_identifiers() -> None:
    """IEEE, ScienceDirect, CVF and OpenReview links give hints for a later title search."""
    assert hint_from_url("https://ieeexplore.ieee.org/document/10197302/") == HostHint(
        "ieee", "10197302"
    )
    assert hint_from_url(
        "https://www.sciencedirect.com/science/article/pii/S1361841520300773"
    ) == HostHint("sciencedirect_pii", "S1361841520300773")
    assert hint_from_url("https://openreview.net/forum?id=A5VV3UyIQz") == HostHint(
        "openreview", "A5VV3UyIQz"
    )
    assert hint_from_url("https://github.com/ci-ber/RA") is None


def test_link_kinds() -> None:
    """Links are classified by what their URL holds, not by their label."""
    assert link_kind("") == "empty"
    assert link_kind("#brain-mri") == "anchor"
    assert link_kind("https://arxiv.org/abs/2401.10637") == "arxiv"
    assert link_kind("https://doi.org/10.1016/j.media.2023.102967") == "doi"
    assert link_kind("https://ieeexplore.ieee.org/document/10197302/") == "publisher"
    assert link_kind("https://github.com/ci-ber/RA") == "code"
    assert link_kind("https://zhuanlan.zhihu.com/p/674050907") == "other"
