"""GFM table rows as entries, read by the header's column names (pure).

A table lists papers when a header names a title (`Title`, `Paper`, `Name`); its rows
are entries when they have a title and a link or a date. The date column is the one
whose header says so (`Date`, `Year`, `Time`, ...); the title is the title column's
text, or its link's label when the cell is only a link, without the list's
decorations (emoji, a leading `[ShortName]`, a trailing `(@Org)`, a venue's date).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.token import Token

from harvester.listing.dated import byte_span, cell_date, recorded, strip_dates
from harvester.listing.identifiers import entry_problems, has_real_link, ids_from_links
from harvester.listing.items import read_item
from harvester.values.entries import Entry, RecordedDate, Span

_TITLE_HEADERS = (re.compile(r"(?i)\btitle\b"), re.compile(r"(?i)\b(?:paper|name|work)s?\b"))
_DATE_HEADER = re.compile(r"(?i)\b(?:date|year|time|month|published|release)\b")
_LEADING_TAG = re.compile(r"^(?:\W*\[[^\[\]]{1,60}\]\s*)+")
_NOT_PAPERS = re.compile(r"(?i)^(?:apps?|tools?|datasets?|models?|benchmarks?|projects?|repos?)$")
_PAPER_COLUMN = re.compile(r"(?i)\b(?:paper|pdf|arxiv|title)s?\b")
_ORG_SUFFIX = re.compile(r"\s*\(@[^()]*\)\s*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")


@dataclass(frozen=True)
class Row:
    """One body row: its 0-based line and the inline tokens of its cells, in order."""

    line: int
    cells: tuple[Token, ...]


def read_table(tokens: list[Token], start: int) -> tuple[list[str], list[Row], int]:
    """(header texts, body rows, index after `table_close`) of the table opening at `start`."""
    header: list[str] = []
    rows: list[Row] = []
    cells: list[Token] = []
    in_head = False
    i = start
    while i < len(tokens) and tokens[i].type != "table_close":
        tok = tokens[i]
        if tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open":
            cells = []
        elif tok.type == "inline":
            cells.append(tok)
        elif tok.type == "tr_close" and cells and cells[0].map:
            if in_head:
                header = [c.content.strip() for c in cells]
            else:
                rows.append(Row(cells[0].map[0], tuple(cells)))
        i += 1
    return header, rows, i + 1


def columns(header: list[str]) -> tuple[int | None, int | None]:
    """(title column, date column) by the header's names; None when there is none."""
    title = None
    for pattern in _TITLE_HEADERS:
        title = next((i for i, h in enumerate(header) if pattern.search(h)), None)
        if title is not None:
            break
    date = next((i for i, h in enumerate(header) if _DATE_HEADER.search(h)), None)
    if any(_NOT_PAPERS.match(h) for h in header) and not any(
        _PAPER_COLUMN.search(h) for i, h in enumerate(header) if i != title
    ):
        return None, date  # a table of apps, tools or datasets, not of papers
    return title, date


def row_entry(
    row: Row, title_col: int, date_col: int | None, raw_line: str, line_start: int,
    line_end: int, section: str | None, position: int,
) -> Entry | None:  # fmt: skip
    """The entry a table row is, or None when it names no paper."""
    if title_col >= len(row.cells):
        return None
    children = [c for cell in row.cells for c in (cell.children or [])]
    links = read_item(children).links
    title = _title(row.cells[title_col])
    date = _date(row, date_col, raw_line, line_start) if date_col is not None else None
    if not title or (not has_real_link(links) and date is None):
        return None
    arxiv_ids, dois, hints = ids_from_links(links)
    return Entry(
        position=position, section=section,
        span=Span(row.line + 1, row.line + 1, line_start, line_end), date=date, title=title,
        tag=None, links=links, arxiv_ids=arxiv_ids, dois=dois, hints=hints,
        problems=tuple(entry_problems(links, date)),
    )  # fmt: skip


def _title(cell: Token) -> str:
    item = read_item(cell.children or [])
    text = item.title(strip_date=False)
    if not text and item.parsed_links:
        text = item.parsed_links[0][0]
    text = _ORG_SUFFIX.sub("", _LEADING_TAG.sub("", text))
    return strip_dates(text).removesuffix(".").strip()


def _date(row: Row, col: int, raw_line: str, line_start: int) -> RecordedDate | None:
    if col >= len(row.cells):
        return None
    found = cell_date(row.cells[col].content)
    if found is None:
        return None
    offset = _cell_offset(raw_line, col, found.text)
    if offset is None:
        return None
    return recorded(found, byte_span(raw_line, line_start, offset, offset + len(found.text)))


def _cell_offset(raw_line: str, col: int, text: str) -> int | None:
    """Where `text` stands inside cell `col` of a raw table row."""
    bars = [m.start() for m in _CELL_SPLIT.finditer(raw_line)]
    lead = 1 if raw_line.lstrip().startswith("|") else 0
    bounds = [-1, *bars, len(raw_line)]
    index = col + lead
    if index + 1 >= len(bounds):
        return None
    cell_start, cell_end = bounds[index] + 1, bounds[index + 1]
    found = raw_line.find(text, cell_start, cell_end)
    return found if found >= 0 else None
