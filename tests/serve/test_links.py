"""The Datasette plugin's cells: arXiv IDs and DOIs become links, everything else stays
escaped text."""

from __future__ import annotations

import pytest

pytest.importorskip("datasette")

from harvester.serve import render_value


def test_arxiv_id_and_doi_columns_link_to_arxiv_and_doi_org() -> None:
    """`arxiv_id` links the abstract page, `doi` goes through doi.org (percent-encoded)."""
    assert render_value("arxiv_id", "2404.04518") == (
        '<a href="https://arxiv.org/abs/2404.04518">2404.04518</a>'
    )
    assert render_value("arxiv_id", "hep-th/9901001") == (
        '<a href="https://arxiv.org/abs/hep-th/9901001">hep-th/<wbr>9901001</a>'
    )
    assert render_value("doi", "10.1016/j.media.2023.102967") == (
        '<a href="https://doi.org/10.1016/j.media.2023.102967">10.1016/<wbr>j.media.2023.102967</a>'
    )
    assert render_value("doi", "10.1002/x<y>") == (
        '<a href="https://doi.org/10.1002/x%3Cy%3E">10.1002/<wbr>x&lt;y&gt;</a>'
    )
    assert render_value("arxiv_id", "not an id") is None
    assert render_value("doi", "doi.org/10.1/x") is None


def test_entry_keys_link_their_identifier_and_wrap_at_the_colon() -> None:
    """An `arxiv:` or `doi:` key links its identifier; other keys are only made breakable."""
    assert render_value("entry_key", "arxiv:2311.03074") == (
        'arxiv:<wbr><a href="https://arxiv.org/abs/2311.03074">2311.03074</a>'
    )
    assert render_value("entry_key", "doi:10.1109/tmi.2023.3310716") == (
        'doi:<wbr><a href="https://doi.org/10.1109/tmi.2023.3310716">10.1109/<wbr>tmi.2023.3310716</a>'
    )
    assert render_value("entry_key", "title:9b9f8b94899cb9f9") == "title:<wbr>9b9f8b94899cb9f9"
    assert render_value("entry_key", "ieee:10197302") == "ieee:<wbr>10197302"


def test_details_link_the_identifiers_they_name_and_escape_the_rest() -> None:
    """DOIs anywhere and arXiv IDs outside DOIs are linked (no closing period, no
    parenthesis); markup in the text stays text."""
    detail = (
        "Recorded 2023-03-01, but the journal's online date (10.1109/tmi.2023.3298093) is"
        " 2023-07-27 (-148 days)."
    )
    assert render_value("detail", detail) == (
        "Recorded 2023-03-01, but the journal&#39;s online date"
        ' (<a href="https://doi.org/10.1109/tmi.2023.3298093">10.1109/<wbr>tmi.2023.3298093</a>)'
        " is 2023-07-27 (-148 days)."
    )
    assert render_value("detail", "arXiv says (2404.04518); see 10.48550/arxiv.2404.04518.") == (
        'arXiv says (<a href="https://arxiv.org/abs/2404.04518">2404.04518</a>); see'
        ' <a href="https://doi.org/10.48550/arxiv.2404.04518">10.48550/<wbr>arxiv.2404.04518</a>.'
    )
    assert render_value("detail", "<b>2023.1</b> & v10.5") == (
        "&lt;b&gt;2023.1&lt;/b&gt; &amp; v10.5"
    )


def test_list_source_shows_its_last_part_with_the_whole_name_on_hover() -> None:
    """A list's name is shortened to what follows its last slash; the title has it all."""
    assert render_value("list_source", "github.com/owner/awesome:README.md") == (
        '<span title="github.com/owner/awesome:README.md">awesome:README.md</span>'
    )
    assert render_value("list_source", "README.md") is None
    assert render_value("title", "A <title>") is None  # Datasette escapes it itself
