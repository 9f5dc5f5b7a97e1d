"""render in every container: only the date's bytes change, at the recorded precision, in
the list's notation; a date that already holds the resolved day stays as written."""

from __future__ import annotations

from harvester.listing.parse import parse_list
from harvester.listing.render import render_list

TABLE = (
    "| Date | Title | Paper |\n"
    "| --- | --- | --- |\n"
    "| 2024.02 | Towards Universal Unsupervised Anomaly Detection in Medical Imaging |"
    " [pdf](https://arxiv.org/abs/2401.10637) |\n"
    "|  2023.9  | Latent Transformer Models for out-of-distribution detection |"
    " [MIA](https://doi.org/10.1016/j.media.2023.102967) |\n"
)
BLOCK = (
    "## Papers\n\n"
    "**Towards Universal Unsupervised Anomaly Detection in Medical Imaging** \\\n"
    "*C. Bercea et al.* \\\n"
    "[21st Jan., 2024] [arXiv, 2024] \\\n"
    "[[Paper](https://arxiv.org/abs/2401.10637)]\n"
)
ITEMS = (
    "### 2023.2\n\n"
    "- (arXiv 2023.2) Some Survey, [[Paper]](https://arxiv.org/abs/2303.00001)\n"
    "- Under The Heading Only, [[Paper]](https://arxiv.org/abs/2303.00002)\n"
)


def _render(text: str, resolved: dict[str, str]) -> str:
    raw = text.encode()
    return render_list(raw, parse_list(raw), resolved).decode()


def test_a_table_cell_is_rewritten_in_place_keeping_its_spacing() -> None:
    """`2024.02` becomes `2024.01`; `2023.9` already holds 2023-09-16 and stays."""
    out = _render(TABLE, {"arxiv:2401.10637": "2024-01-19",
                          "doi:10.1016/j.media.2023.102967": "2023-09-16"})  # fmt: skip
    assert out == TABLE.replace("| 2024.02 |", "| 2024.01 |")


def test_a_block_keeps_its_ordinal_style() -> None:
    """`[21st Jan., 2024]` becomes `[19th Jan., 2024]`; the arXiv year beside it stays."""
    out = _render(BLOCK, {"arxiv:2401.10637": "2024-01-19"})
    assert out == BLOCK.replace("[21st Jan., 2024]", "[19th Jan., 2024]")


def test_arxiv_month_moves_and_a_heading_date_is_not_rewritten() -> None:
    """`(arXiv 2023.2)` becomes `(arXiv 2023.3)`; the entry dated by `### 2023.2` keeps it
    (the fix is to move the entry, not to edit the heading)."""
    out = _render(ITEMS, {"arxiv:2303.00001": "2023-03-05", "arxiv:2303.00002": "2023-03-05"})
    assert out == ITEMS.replace("(arXiv 2023.2)", "(arXiv 2023.3)")
