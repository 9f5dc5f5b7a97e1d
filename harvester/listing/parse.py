"""Parse a Markdown paper list into entries (pure).

markdown-it-py finds the list items, headings and links; this module only decides
which items are papers and reads their date, title, links and identifiers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from harvester.listing.dates import find_leading_date
from harvester.listing.identifiers import arxiv_id_from_url, doi_from_url, hint_from_url
from harvester.listing.items import ItemText, read_item
from harvester.listing.keys import assign_keys
from harvester.values.entries import Entry, RecordedDate, Span

_NEWLINE = re.compile(rb"\r\n|\r|\n")
_MD = MarkdownIt("commonmark")


@dataclass(frozen=True)
class _Lines:
    """The raw file cut into lines, with each line's byte range (newline excluded)."""

    text: list[str]
    start: list[int]
    end: list[int]


def parse_list(raw: bytes) -> list[Entry]:
    """Every paper entry of a UTF-8 Markdown list, in order, with stable keys."""
    lines = _split_lines(raw)
    text = "\n".join(lines.text).removeprefix("\ufeff")
    entries: list[Entry] = []
    in_entry: list[bool | None] = []  # per open list item: is it an entry (None: not read yet)
    section: str | None = None
    heading = False
    for tok in _MD.parse(text):
        if tok.type == "heading_open":
            heading = True
        elif tok.type == "list_item_open":
            in_entry.append(None)
        elif tok.type == "list_item_close":
            in_entry.pop()
        elif tok.type != "inline" or tok.map is None:
            continue
        elif heading:
            section, heading = _plain(tok.children or []).strip() or section, False
        elif in_entry and in_entry[-1] is None:
            entry = None
            if not any(in_entry[:-1]):  # items nested in an entry (authors, datasets) are its own
                item = read_item(tok.children or [])
                entry = _entry_from_item(item, tok.map, section, lines, len(entries) + 1)
            in_entry[-1] = entry is not None
            if entry is not None:
                entries.append(entry)
    return assign_keys(entries)


def _split_lines(raw: bytes) -> _Lines:
    text, start, end = [], [], []
    pos = 0
    for m in _NEWLINE.finditer(raw):
        text.append(raw[pos : m.start()].decode("utf-8", errors="replace"))
        start.append(pos)
        end.append(m.start())
        pos = m.end()
    text.append(raw[pos:].decode("utf-8", errors="replace"))
    start.append(pos)
    end.append(len(raw))
    return _Lines(text, start, end)


def _plain(children: list[Token]) -> str:
    return "".join(c.content for c in children if c.type in {"text", "code_inline"})


def _entry_from_item(
    item: ItemText, lines_map: list[int], section: str | None, lines: _Lines, position: int
) -> Entry | None:
    first, last = lines_map[0], lines_map[1] - 1
    date = _recorded_date(lines, first)
    title = item.title(strip_date=date is not None)
    links = item.links
    arxiv_ids = _unique(arxiv_id_from_url(link.url) for link in links)
    dois = _unique(doi_from_url(link.url) for link in links)
    real_links = [link for link in links if link.kind not in {"anchor", "empty", "non-http"}]
    if not item.outside_text.strip():
        return None
    if date is None and not real_links and item.tag is None:
        return None
    if not title and not arxiv_ids and not dois and date is None:
        return None
    hints = tuple(h for link in links if (h := hint_from_url(link.url)) is not None)
    problems = [f"link '{link.label}': {link.problem}" for link in links if link.problem]
    if date is not None and date.problem:
        problems.insert(0, f"date {date.problem}")
    if not title:
        problems.append("no title")
    span = Span(first + 1, last + 1, lines.start[first], lines.end[last])
    return Entry(
        position=position,
        section=section,
        span=span,
        date=date,
        title=title,
        tag=item.tag,
        links=links,
        arxiv_ids=arxiv_ids,
        dois=dois,
        hints=tuple(dict.fromkeys(hints)),
        problems=tuple(problems),
    )


def _recorded_date(lines: _Lines, index: int) -> RecordedDate | None:
    line = lines.text[index]
    found = find_leading_date(line)
    if found is None:
        return None
    base = lines.start[index]
    start = base + len(line[: found.start].encode("utf-8"))
    end = base + len(line[: found.end].encode("utf-8"))
    return RecordedDate(found.text, found.value, found.problem, start, end)


def _unique(values: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))
