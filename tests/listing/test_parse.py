"""The list parser: spans, dates, problems, styles, and junk that must never raise."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harvester.listing.parse import parse_list
from tests.conftest import MODEL_LIST

LINE = "* (2024/01/19) Towards Universal Unsupervised Anomaly Detection in Medical Imaging. [[MIDL](http://arxiv.org/abs/2401.10637)][[code](https://github.com/ci-ber/RA)]"


def test_date_span_points_at_the_date_bytes() -> None:
    """The recorded date's byte offsets cut exactly its text out of the raw file."""
    raw = MODEL_LIST.read_bytes()
    for entry in parse_list(raw):
        assert entry.date is not None
        assert raw[entry.date.byte_start : entry.date.byte_end].decode() == entry.date.text
        line = raw[entry.span.byte_start : entry.span.byte_end].decode()
        assert line.startswith("* (") and line.endswith("]")


def test_spans_survive_bom_crlf_and_multibyte_text() -> None:
    """Byte offsets stay exact with a BOM, CRLF endings and non-ASCII text before the date."""
    raw = (
        "\ufeff# Lists ✓\r\n\r\n"
        + LINE
        + "\r\n- (2023-03-01) Ünïcode title. [[x](https://arxiv.org/abs/2303.00001)]\r\n"
    ).encode()
    entries = parse_list(raw)
    assert [e.recorded_date for e in entries] == ["2024-01-19", "2023-03-01"]
    for e in entries:
        assert e.date is not None
        assert raw[e.date.byte_start : e.date.byte_end].decode() == e.date.text
    assert entries[1].span.line_start == 4
    assert entries[0].section == "Lists ✓"


def test_impossible_and_foreign_dates_are_kept_as_problems() -> None:
    """2023/13/45 and 23/01/05 give no recorded date but say why."""
    raw = (
        b"- (2023/13/45) A title. [[a](https://arxiv.org/abs/2301.00001)]\n"
        b"- (23/01/05) B title. [[a](https://arxiv.org/abs/2301.00002)]\n"
        b"- (2023.02.28) C title. [[a](https://arxiv.org/abs/2301.00003)]\n"
    )
    a, b, c = parse_list(raw)
    assert (
        a.recorded_date is None
        and a.date is not None
        and "not a real calendar date" in a.problems[0]
    )
    assert b.recorded_date is None and "not a YYYY/MM/DD date" in b.problems[0]
    assert c.recorded_date == "2023-02-28" and c.problems == ()
    assert a.title == "A title"


def test_link_problems_are_recorded_and_entry_kept() -> None:
    """A label with no URL, a URL with a space and an empty link keep the entry, with problems."""
    raw = (
        b"- (2024/01/13) Diffusion models. [[MIA](https://doi.org/10.1016/j.media.2024.103088)][code]\n"
        b"- (2023/09/16) Latent Transformer Models. [[MIA](https://doi.org/10.1016/j.media.2023.102967)][[code](https://github.com/marksgraham/ transformer-ood)]\n"
        b"- (2023/09/17) Empty link paper. [[arXiv]()][[x](https://arxiv.org/abs/2309.00001)]\n"
    )
    first, second, third = parse_list(raw)
    assert first.problems == ("link 'code': label with no URL",)
    assert second.problems == ("link 'code': URL contains a space",)
    assert second.dois == ("10.1016/j.media.2023.102967",)
    assert third.problems == ("link 'arXiv': empty link",)
    assert third.arxiv_ids == ("2309.00001",)


def test_non_entries_are_skipped() -> None:
    """Headers, TOC anchors, contact links, prose and sub-bullets of an entry are not entries."""
    raw = (
        b"# Title\n\nLast updated: 2024/04/19\n\n"
        b"- [Brain MRI](#brain-mri)\n- [blog](https://example.org/)\n- just some prose\n"
        b"- (2024/01/19) Real paper. [[arXiv](https://arxiv.org/abs/2401.10637)]\n"
        b"  - Authors: A. Person [[site](https://example.org/a)]\n"
        b"- Category\n  - Nested paper | **[CVPR' 20]** | [pdf](https://arxiv.org/pdf/2001.00001.pdf)\n"
    )
    entries = parse_list(raw)
    assert [e.title for e in entries] == ["Real paper", "Nested paper"]
    assert entries[1].tag == "CVPR' 20"


def test_styles_of_other_lists() -> None:
    """Bold titles, pipe-separated tags and bracket groups give the right title and tag."""
    raw = (
        "- ⭐⭐ *(2025-CVPR)* **Bold Title Here** [[Paper]](https://example.org/p)\n"
        "- [Chen _et. al._] [Bracketed Title] [MIDL'18] [[pdf]](https://arxiv.org/abs/1806.04972)\n"
        "- [Not Yet Public Title] [MICCAI'20]\n"
    ).encode()
    bold, bracket, unpublished = parse_list(raw)
    assert (bold.title, bold.tag, bold.recorded_date) == ("Bold Title Here", "2025-CVPR", None)
    assert (bracket.title, bracket.tag) == ("Bracketed Title", "MIDL'18")
    assert (unpublished.title, unpublished.tag) == ("Not Yet Public Title", "MICCAI'20")


def test_positions_are_one_based_and_in_order() -> None:
    """Positions count entries only, from 1."""
    entries = parse_list(MODEL_LIST.read_bytes())
    assert [e.position for e in entries] == list(range(1, 18))


MARKDOWNISH = st.text(
    alphabet=st.sampled_from(
        list("[]()*-+#>|`_!\\:/.0123456789 \t\r\nabcxyz\u00a0\ufeff\u202e\x00好")
    ),
    max_size=400,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(MARKDOWNISH, st.text(max_size=300)))
def test_parser_never_raises_on_junk(text: str) -> None:
    """Arbitrary text and Markdown-like junk parse to a list of entries without raising."""
    entries = parse_list(text.encode("utf-8", errors="surrogatepass"))
    assert all(e.position == i for i, e in enumerate(entries, 1))


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_parser_never_raises_on_bytes(raw: bytes) -> None:
    """Even bytes that are not UTF-8 never make the parser raise."""
    assert isinstance(parse_list(raw), list)


def test_first_person_announcements_are_not_entries() -> None:
    """`- Our survey paper on arXiv: [Title](url)` is the list's authors announcing their
    own work; `Our` later in the text, or as part of a word, leaves the item an entry."""
    raw = (
        b"- Our survey paper on arXiv: [Diffusion Models: A Survey](https://arxiv.org/abs/2211.07804)\n"
        b"- Ourania Reads Scans, [[pdf](https://arxiv.org/abs/2211.00001)]\n"
        b"- Towards Our Own Models, [[pdf](https://arxiv.org/abs/2211.00002)]\n"
    )
    assert [e.title for e in parse_list(raw)] == ["Ourania Reads Scans", "Towards Our Own Models"]


@pytest.mark.parametrize(
    ("heading", "read"),
    [("Video", True), ("Videos", False), ("Tools", False), ("Papers and Tools", True),
     ("Datasets", False), ("News", False), ("Updates of papers", False), ("Vision", True)],
)  # fmt: skip
def test_sections_that_list_no_papers(heading: str, read: bool) -> None:
    """A section whose heading ends in a non-paper word (`Videos`, `Tools`, `Datasets`)
    or names news lists no papers, unless it names papers; `Video` is a topic."""
    raw = (
        f"## {heading}\n\n- (arXiv 2023.2) Masked Video Distillation for Action Recognition,"
        " [[Paper]](https://arxiv.org/abs/2302.01234)\n"
    ).encode()
    assert len(parse_list(raw)) == (1 if read else 0)


def test_inline_html_anchors_are_links() -> None:
    """`<a href="...">` in an item or a table cell is a link like `[...](...)`; an anchor
    without href is text."""
    raw = (
        b'- (2023/02/01) Masked Video Distillation, <a href="https://arxiv.org/abs/2302.01234">'
        b"pdf</a> <a name=x>code</a>\n"
        b"\n| Title | Date | Paper |\n| --- | --- | --- |\n"
        b"| Polyp Transformers | 2022.07 | <table><tr><td><a href='https://arxiv.org/abs/2207.15001'>"
        b"arXiv</a></td></tr></table> |\n"
    )
    item, row = parse_list(raw)
    assert [(link.label, link.url) for link in item.links] == [
        ("pdf", "https://arxiv.org/abs/2302.01234")
    ]
    assert item.arxiv_ids == ("2302.01234",) and row.arxiv_ids == ("2207.15001",)
