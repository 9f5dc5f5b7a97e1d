"""The normal form of titles: entities decoded and markup removed before anything else."""

from __future__ import annotations

from harvester.values.titles import (
    QUERY_TITLE_BACKOFF,
    QUERY_TITLE_MAX,
    normalise_title,
    query_title,
)


def test_entities_and_markup() -> None:
    """`&amp;` is `&` (punctuation, gone), `<i>` goes, `&lt;i&gt;` is markup too."""
    assert normalise_title("Imaging &amp; <i>in vivo</i> Segmentation") == (
        "imaging in vivo segmentation"
    )
    assert normalise_title("A &lt;i&gt;B&lt;/i&gt; &#8211; C") == "a b c"


def test_a_search_asks_for_at_most_the_first_300_characters_cut_at_a_space() -> None:
    assert (QUERY_TITLE_MAX, QUERY_TITLE_BACKOFF) == (300, 40)
    fits = "w" * 296 + " end"  # 300 characters: asked whole
    assert query_title(fits) == fits
    over = "w" * 296 + " ends"  # 301: cut at its last space inside the limit
    assert query_title(over) == "w" * 296
    assert query_title("x" * 301) == "x" * 300  # no space: cut at the limit
    assert query_title("A " + "y" * 400) == "A " + "y" * 298  # a space too far back
    near = "y" * 260 + " " + "z" * 100  # the space at 260, the earliest it may be
    assert query_title(near) == "y" * 260
    far = "y" * 259 + " " + "z" * 100  # at 259: too far back, cut at the limit
    assert query_title(far) == far[:300]
