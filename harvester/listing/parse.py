"""Parse a Markdown paper list into entries (pure).

markdown-it-py finds the list items, headings and links; this module only decides
which items are papers and reads their date, title, links and identifiers.
"""

from __future__ import annotations

import re
from dataclasses import replace

from markdown_it.token import Token

from harvester.listing.chunks import PIECE_LINES, Lines, piece_tokens, pieces, split_lines
from harvester.listing.dated import (
    FoundDate,
    byte_span,
    line_dates,
    pick_date,
    recorded,
    strip_dates,
)
from harvester.listing.dates import find_leading_date
from harvester.listing.html_items import item_entry, item_spans
from harvester.listing.identifiers import (
    entry_problems,
    has_real_link,
    ids_from_links,
    is_paper_link,
)
from harvester.listing.items import ItemText, read_item
from harvester.listing.keys import assign_keys
from harvester.listing.notations import DateText
from harvester.listing.sections import Headings, PaperHeading
from harvester.listing.tables import columns, read_table, row_entry
from harvester.values.entries import Entry, RecordedDate, Span

#: `Last updated: 2024/01/19`, `Update: ...`: the list's news, not a paper; `Our survey
#: paper on arXiv: [...]`: the list's authors, in the first person, announcing their own.
_ANNOUNCEMENT = re.compile(r"(?i)\s*(?:(?:last\s+)?updat(?:ed|e)\b|our\s)")


#: A list of more entries than this is refused (parsing one takes about 0.5 ms an entry).
MAX_LIST_ENTRIES = 250_000


class TooManyEntries(ValueError):
    """The list has more than `limit` entries; `line` is the 1-based line of the first
    entry past the limit."""

    def __init__(self, line: int, limit: int) -> None:
        super().__init__(f"line {line}: more than {limit:,} entries")
        self.line, self.limit = line, limit


def parse_list(raw: bytes, piece_lines: int = PIECE_LINES, limit: int | None = None) -> list[Entry]:
    """Every paper entry of a UTF-8 Markdown list, in order, with stable keys; a big list
    is parsed in pieces of about `piece_lines` lines (`chunks`), with the same result.
    TooManyEntries as soon as a piece takes the entries past `limit` (MAX_LIST_ENTRIES)."""
    limit = MAX_LIST_ENTRIES if limit is None else limit
    lines = split_lines(raw)
    reader = _Reader(lines)
    for piece in pieces(lines.text, piece_lines):
        reader.feed(piece_tokens(piece, lines))
        if len(reader.entries) > limit:
            raise TooManyEntries(reader.entries[limit].span.line_start, limit)
    entries = reader.done()
    if len(entries) > limit:  # the last paper heading
        raise TooManyEntries(entries[limit].span.line_start, limit)
    return assign_keys(entries)


class _Reader:
    """Reads the tokens of a list, piece after piece, into its entries."""

    def __init__(self, lines: Lines) -> None:
        self.lines = lines
        self.entries: list[Entry] = []
        self.headings = Headings()
        self.paper: PaperHeading | None = None  # the heading that may name a paper of its own
        self.level = 0
        # per open list item: is it an entry (None: not read yet); per open list: numbered
        self.in_entry: list[bool | None] = []
        self.ordered: list[bool] = []

    def done(self) -> list[Entry]:
        _paper_heading(self.paper, self.lines, self.headings, self.entries)
        return self.entries

    def feed(self, tokens: list[Token]) -> None:
        lines, entries, headings = self.lines, self.entries, self.headings
        in_entry, ordered = self.in_entry, self.ordered
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            i += 1
            if tok.type == "table_open" and not any(in_entry):  # also in a category item
                i = _table(tokens, i - 1, lines, headings, entries)
            elif tok.type == "html_block" and tok.map:
                headings.html(tok.content)
                if not in_entry and not headings.news:
                    _html_items(tok.map, lines, headings, entries)
            elif tok.type == "heading_open":
                _paper_heading(self.paper, lines, headings, entries)
                self.paper, self.level = None, int(tok.tag[1:])
            elif tok.type in {"bullet_list_open", "ordered_list_open"}:
                ordered.append(tok.type == "ordered_list_open")
            elif tok.type in {"bullet_list_close", "ordered_list_close"}:
                ordered.pop()
            elif tok.type == "list_item_open":
                in_entry.append(None)
            elif tok.type == "list_item_close":
                in_entry.pop()
            elif tok.type != "inline" or tok.map is None:
                continue
            elif self.level:
                heading = _plain(tok.children or []).strip()
                headings.enter(self.level, heading)
                if headings.may_name_a_paper(self.level, heading):
                    self.paper = PaperHeading(
                        tok.children or [], tok.map, headings.parent, len(entries)
                    )
                self.level = 0
            elif in_entry and in_entry[-1] is None:
                entry = None
                if not any(in_entry[:-1]) and not headings.news:  # sub-items: their entry's
                    children, span = tok.children or [], tok.map
                    if ordered and ordered[-1]:  # `23. **Title.**` + indented paragraphs
                        children, span = _with_continuations(tokens, i - 1)
                    item = read_item(children)
                    entry = _entry_from_item(item, span, headings, lines, len(entries) + 1)
                in_entry[-1] = entry is not None
                if entry is not None:
                    entries.append(entry)
            elif not in_entry:
                if self.paper is not None and tokens[i - 2].type == "paragraph_open":
                    self.paper.add(tok)
                if _is_block(tok, tokens[i - 2]) and not headings.news:
                    item = read_item(tok.children or [])
                    block = _entry_from_item(item, tok.map, headings, lines, len(entries) + 1)
                    if block is not None and block.title and block.links:
                        entries.append(block)


def _paper_heading(
    paper: PaperHeading | None, lines: Lines, headings: Headings, entries: list[Entry]
) -> None:
    """Append the paper a heading names (`### 12. Title` with its links in the paragraphs
    below), when nothing under it was an entry and a paragraph links a paper."""
    if paper is None or len(entries) != paper.entries_before or not paper.paragraphs:
        return
    heading, tag = paper.title_tokens()
    item = read_item(heading + paper.link_tokens())
    if not any(map(is_paper_link, item.links)):
        return
    entry = _entry_from_item(item, paper.span, headings, lines, len(entries) + 1)
    if entry is not None:
        last = max(paper.last_line, paper.span[1]) - 1
        span = replace(entry.span, line_end=last + 1, byte_end=lines.end[last])
        own = entry.date is not None and entry.date.source == "entry"
        title = strip_dates(read_item(heading).title(strip_date=own))
        entries.append(
            replace(entry, section=paper.section, span=span, tag=tag or entry.tag, title=title)
        )


def _with_continuations(tokens: list[Token], at: int) -> tuple[list[Token], list[int]]:
    """A numbered item's first paragraph with the paragraphs that continue it (before any
    nested list or the item's end): their inline tokens as one, and the lines they span."""
    first = tokens[at]
    children = list(first.children or [])
    assert first.map is not None
    span = list(first.map)
    j = at + 1
    while j < len(tokens) and tokens[j].type not in {
        "list_item_close", "bullet_list_open", "ordered_list_open",
    }:  # fmt: skip
        tok = tokens[j]
        if tok.type == "inline" and tok.level == first.level and tok.map is not None:
            children += [Token("softbreak", "br", 0), *(tok.children or [])]
            span[1] = tok.map[1]
        j += 1
    return children, span


def _is_block(tok: Token, before: Token) -> bool:
    """A paragraph of several lines (joined by `\\`, `<br>` or not) that opens with a bold
    title: `**Title** \\` / `*Authors* \\` / `[date]` / `[[Paper](url)]`."""
    children = [c for c in tok.children or [] if c.type != "text" or c.content.strip()]
    return (
        before.type == "paragraph_open"
        and before.level == 0
        and tok.map is not None
        and tok.map[1] - tok.map[0] >= 2
        and bool(children)
        and children[0].type == "strong_open"
    )


def _table(
    tokens: list[Token], start: int, lines: Lines, headings: Headings, entries: list[Entry]
) -> int:
    """Append the entries of the table opening at `start`; the index after it."""
    header, rows, after = read_table(tokens, start)
    title_col, date_col = columns(header)
    if title_col is None or headings.news:
        return after
    for row in rows:
        n = row.line
        entry = row_entry(row, title_col, date_col, lines.text[n], lines.start[n],
                          lines.end[n], headings.section, len(entries) + 1)  # fmt: skip
        if entry is not None:
            entries.append(entry)
    return after


def _html_items(block: list[int], lines: Lines, headings: Headings, entries: list[Entry]) -> None:
    """Append the entries of the `<li>` items of an HTML block spanning lines `block`."""
    for span in item_spans(lines.text, block[0], block[1] - 1):
        entry = item_entry(lines.text, lines.start, lines.end, span, headings.section,
                           len(entries) + 1)  # fmt: skip
        if entry is not None:
            entries.append(entry)


def _plain(children: list[Token]) -> str:
    return "".join(c.content for c in children if c.type in {"text", "code_inline"})


def _entry_from_item(
    item: ItemText, lines_map: list[int], headings: Headings, lines: Lines, position: int
) -> Entry | None:
    first, last = lines_map[0], lines_map[1] - 1
    written = [line_dates(lines.text[i]) for i in range(first, last + 1)]  # each line read once
    own = _recorded_date(lines, first, [dates for dates, _ in written])
    title = strip_dates(item.title(strip_date=own is not None))
    venue = next((venue for _, venue in written if venue), None)
    date = own or (None if venue else headings.date)
    links = item.links
    arxiv_ids, dois, hints = ids_from_links(links)
    if (not item.outside_text.strip() and not item.link_only) or _ANNOUNCEMENT.match(
        item.outside_text
    ):
        return None
    if own is None and not has_real_link(links) and item.tag is None:
        return None
    if own is None and len(title.split()) < 2 and not any(map(is_paper_link, links)):
        return None  # `- Parti [[Page]](...), [[Code]](...)`: a model's or tool's name
    if not title and not arxiv_ids and not dois and date is None:
        return None
    problems = entry_problems(links, date)
    if not title:
        problems.append("no title")
    span = Span(first + 1, last + 1, lines.start[first], lines.end[last])
    return Entry(
        position=position,
        section=headings.section,
        span=span,
        date=date,
        title=title,
        tag=item.tag or (venue if venue and venue not in title else None),
        links=links,
        arxiv_ids=arxiv_ids,
        dois=dois,
        hints=hints,
        problems=tuple(problems),
    )


def _recorded_date(
    lines: Lines, first: int, written: list[list[tuple[DateText, str | None]]]
) -> RecordedDate | None:
    """The date the entry's lines (from `first`, their `dates_in_line` in `written`) write
    for it, with its place in the raw file; a date-like `(...)` after the bullet that is
    no date is kept with its problem."""
    found = [FoundDate(i, d, label) for i, dates in enumerate(written, first) for d, label in dates]
    best = pick_date(found)
    if best is None:
        leading = find_leading_date(lines.text[first])
        if leading is None:
            return None
        best = FoundDate(first, DateText(leading.text, "ymd", leading.start, leading.end,
                                         leading.value, "day", leading.problem), None)  # fmt: skip
    line, d = lines.text[best.line], best.date
    return recorded(d, byte_span(line, lines.start[best.line], d.start, d.end), best.label)
