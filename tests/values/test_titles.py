"""The normal form of titles: entities decoded and markup removed before anything else."""

from __future__ import annotations

from harvester.values.titles import normalise_title


def test_entities_and_markup() -> None:
    """`&amp;` is `&` (punctuation, gone), `<i>` goes, `&lt;i&gt;` is markup too."""
    assert normalise_title("Imaging &amp; <i>in vivo</i> Segmentation") == (
        "imaging in vivo segmentation"
    )
    assert normalise_title("A &lt;i&gt;B&lt;/i&gt; &#8211; C") == "a b c"
