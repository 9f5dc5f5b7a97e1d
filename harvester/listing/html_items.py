"""HTML `<li>` items as entries, even across lines, read with a real HTML parser (pure).

`<li><i><b>Title</b></i>, Authors, <a href="url"><img src=".../badge/arXiv-2023.03-red"></a></li>`:
the title is the first bold (else italic) text, the links are the `href`s, and the date
is the one the item's lines write (a shields badge's arXiv month; venue badges are tags).
"""

from __future__ import annotations

import re

import lxml.html

from harvester.listing.dated import FoundDate, byte_span, dates_in_line, pick_date, recorded
from harvester.listing.identifiers import entry_problems, has_real_link, ids_from_links, link_kind
from harvester.values.entries import Entry, Link, RecordedDate, Span

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
    if not title or (not has_real_link(links) and date is None):
        return None
    arxiv_ids, dois, hints = ids_from_links(links)
    return Entry(
        position=position, section=section,
        span=Span(first + 1, last + 1, starts[first], ends[last]), date=date, title=title,
        tag=None, links=links, arxiv_ids=arxiv_ids, dois=dois, hints=hints,
        problems=tuple(entry_problems(links, date)),
    )  # fmt: skip


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
