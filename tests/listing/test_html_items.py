"""HTML `<li>` items, across lines, read with lxml: title, links, badge dates."""

from __future__ import annotations

from harvester.listing.parse import parse_list
from harvester.listing.render import render_list

HTML = """\
## Surveys

<ul>
<li><i><b>A Survey of Large Language Models</b></i>, Zhao et al.,<a href="https://arxiv.org/abs/2303.18223" target="_blank"><img src="https://img.shields.io/badge/arXiv-2023.03-red" alt="arXiv Badge"></a>
    </li>
<li><i><b>HotpotQA: A Dataset for &amp; Multi-hop Question Answering</b></i>, Yang et al., <a href="https://arxiv.org/abs/1809.09600"><img src="https://img.shields.io/badge/EMNLP-2018.09-blue"></a></li>
<li><i><b>Solving Olympiad Geometry</b></i>, Trinh et al., <a href="https://doi.org/10.1038/s41586-023-06747-5"><img src="https://img.shields.io/badge/Nature-2024.01-blue"></a></li>
<li><i><b>A Paper With No Link</b></i>, Anonymous et al.</li>
</ul>
"""


def test_html_items_are_entries_with_their_badge_dates() -> None:
    """Each `<li>` naming a paper is an entry: bold title (entities decoded), href IDs, an
    arXiv badge's month as an arXiv date; venue badges (EMNLP, Nature) are no dates; an
    item with no link that credits its authors is a paper too."""
    entries = parse_list(HTML.encode())
    assert [(e.span.line_start, e.span.line_end, e.title, e.arxiv_ids, e.dois) for e in entries] == [
        (4, 5, "A Survey of Large Language Models", ("2303.18223",), ()),
        (6, 6, "HotpotQA: A Dataset for & Multi-hop Question Answering", ("1809.09600",), ()),
        (7, 7, "Solving Olympiad Geometry", (), ("10.1038/s41586-023-06747-5",)),
        (8, 8, "A Paper With No Link", (), ()),
    ]  # fmt: skip
    first = entries[0].date
    assert first is not None and (first.value, first.precision, first.label) == (
        "2023-03", "month", "arxiv",
    )  # fmt: skip
    assert [e.date for e in entries[1:]] == [None, None, None]
    assert entries[0].section == "Surveys"


def test_an_html_badge_date_is_rendered_in_place() -> None:
    """render rewrites the badge's month, and nothing else."""
    raw = HTML.encode()
    out = render_list(raw, parse_list(raw), {"arxiv:2303.18223": "2023-04-02"}).decode()
    assert out == HTML.replace("badge/arXiv-2023.03-red", "badge/arXiv-2023.04-red")


def _li(title: str, after: str = "", href: str = "", badge: str = "") -> str:
    img = f'<img src="https://img.shields.io/badge/{badge}">' if badge else ""
    link = f'<a href="{href}">{img}</a>' if href or img else ""
    return f"<li><i><b>{title}</b></i>{after} {link}</li>"


def _read(*items: str) -> list[str]:
    raw = "\n".join(["## Papers", "", "<ul>", *items, "</ul>", ""])
    return [e.title for e in parse_list(raw.encode())]


def test_items_of_tools_docs_and_repositories_are_not_entries() -> None:
    """A badge naming a tool or repository, or a link to a page that is neither a paper
    nor code (a vendor's docs), makes a credited item a resource; an arXiv link does not."""
    repo = "https://github.com/o/r"
    assert _read(
        _li("Entroly: Context Engine", ", Team,", repo, "Tool-2025-green"),
        _li("HybridRAG: Hybrid Retrieval", ", Sarabesh,", "#", "GitHub-2024.12-white"),
        _li("OpenAI Agents Guide", ", OpenAI,", "https://platform.openai.com/docs", "OpenAI-2026-blue"),
        _li("Self-Supervised Prompt Optimization", ", Xiang et al.,", repo, "CoRR-2025.01-orange"),
        _li("A Paper With a Tool Badge", ", Li et al.,", "https://arxiv.org/abs/2401.00001", "Tool-2025"),
    ) == ["Self-Supervised Prompt Optimization", "A Paper With a Tool Badge"]  # fmt: skip


def test_uncredited_items_are_papers_by_their_title_and_code_link() -> None:
    """With neither authors nor a paper link, an item is a paper when it links code and its
    title has a colon or five words; four words, or no link at all, is not enough."""
    repo = "https://github.com/o/r"
    assert _read(
        _li("LightPROF: A Framework", "", repo),
        _li("Knowledge Graph-Guided Retrieval Augmented Generation", "", repo),
        _li("Model Context Protocol (MCP)", "", repo),
        _li("Planning and decomposition", ": how long tasks are split"),
        _li("Old IR Methods Meet RAG", ", Oz Huly et al."),
    ) == [
        "LightPROF: A Framework",
        "Knowledge Graph-Guided Retrieval Augmented Generation",
        "Old IR Methods Meet RAG",
    ]
