"""HTML `<li>` items as entries, even across lines, read with a real HTML parser (pure).

`<li><i><b>Title</b></i>, Authors, <a href="url"><img src=".../badge/arXiv-2023.03-red"></a></li>`:
the title is the first bold (else italic) text, the links are the `href`s, and the date
is the one the item's lines write (a shields badge's arXiv month; venue badges are tags).

Such lists mix papers with tools, docs and repositories. An item that writes no date
of its own names a paper by the first of these that applies:
    it links a paper (arXiv, DOI, a paper host, a PDF)                    yes
    a badge names another kind of thing (`badge/Tool-2025`, `GitHub`)     no
    it links a page that is neither a paper nor code (docs, blogs, news)  no
    it credits authors after the title (`<b>Title</b>, Hu et al.`)        yes
    it links only code, under a title that reads as one: a colon or five
    words (`LightPROF: A Lightweight ...`, not `Model Context Protocol (MCP)`)
"""

from __future__ import annotations

import re

import lxml.html

from harvester.listing.dated import FoundDate, byte_span, dates_in_line, pick_date, recorded
from harvester.listing.identifiers import (
    entry_problems,
    has_real_link,
    ids_from_links,
    is_paper_link,
    link_kind,
)
from harvester.values.entries import Entry, Link, RecordedDate, Span

#: A badge label (`img.shields.io/badge/<label>-...`) that names a resource, not a paper.
_RESOURCE_BADGES = frozenset(
    "github tool tools spec docs documentation protocol schema benchmark leaderboard report "
    "blog news dataset website".split()
)
_TITLE_WORDS = 5  # a title with no subtitle: at least this many words
_BADGE_LABEL = re.compile(r"/badge/(?P<label>[^/\-]+)-", re.IGNORECASE)
_LI_OPEN = re.compile(r"<li\b", re.IGNORECASE)
_LI_CLOSE = re.compile(r"</li\s*>", re.IGNORECASE)


def item_spans(lines: list[str], first: int, last: int) -> list[tuple[int, int]]:
    """(first line, last line) of each `<li>` item within lines `first`..`last`."""
    spans, start = [], None
    for n in range(first, last + 1):
        if _LI_OPEN.search(lines[n]):
            if start is not None:
                spans.append((start, n - 1))
            start = n
        if start is not None and _LI_CLOSE.search(lines[n]):
            spans.append((start, n))
            start = None
    if start is not None:
        spans.append((start, last))  # an item that never closes ends with its block
    return spans


def item_entry(
    lines: list[str], starts: list[int], ends: list[int], span: tuple[int, int],
    section: str | None, position: int,
) -> Entry | None:  # fmt: skip
    """The entry an HTML item is, or None when it names no paper."""
    first, last = span
    try:
        root = lxml.html.fragment_fromstring("\n".join(lines[first : last + 1]), "div")
    except (ValueError, lxml.etree.ParserError):
        return None
    links = tuple(
        Link(" ".join(a.text_content().split()), href, link_kind(href))
        for a in root.iter("a")
        if (href := (a.get("href") or "").strip())
    )
    title = _title(root)
    date = _date(lines, starts, first, last)
    if not title or (date is None and not _names_a_paper(root, title, links)):
        return None
    arxiv_ids, dois, hints = ids_from_links(links)
    return Entry(
        position=position, section=section,
        span=Span(first + 1, last + 1, starts[first], ends[last]), date=date, title=title,
        tag=None, links=links, arxiv_ids=arxiv_ids, dois=dois, hints=hints,
        problems=tuple(entry_problems(links, date)),
    )  # fmt: skip


def _names_a_paper(root: lxml.html.HtmlElement, title: str, links: tuple[Link, ...]) -> bool:
    """Whether an item that writes no date of its own names a paper (module docstring)."""
    real = [link for link in links if has_real_link([link])]
    if any(map(is_paper_link, real)):
        return True
    badges = (_BADGE_LABEL.search(img.get("src") or "") for img in root.iter("img"))
    if any(m and m["label"].lower() in _RESOURCE_BADGES for m in badges):
        return False
    if any(link.kind != "code" for link in real):
        return False
    text = " ".join(root.text_content().split())
    if text.partition(title)[2].lstrip().startswith(","):
        return True  # `<b>Title</b>, Xiang et al.`: a paper credits its authors
    words = title.split()
    return bool(real) and (any(w.endswith(":") for w in words) or len(words) >= _TITLE_WORDS)


def _title(root: lxml.html.HtmlElement) -> str:
    for tag in ("b", "strong", "i", "em"):
        for element in root.iter(tag):
            text = " ".join(element.text_content().split()).removesuffix(".").strip()
            if text:
                return text
    return ""


def _date(lines: list[str], starts: list[int], first: int, last: int) -> RecordedDate | None:
    found = [FoundDate(n, d, label) for n in range(first, last + 1)
             for d, label in dates_in_line(lines[n])]  # fmt: skip
    best = pick_date(found)
    if best is None:
        return None
    d = best.date
    return recorded(d, byte_span(lines[best.line], starts[best.line], d.start, d.end), best.label)
