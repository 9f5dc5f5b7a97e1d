"""A list's lines, and the pieces Markdown parses as the whole would, with their tokens
(pure): `split_lines`, `pieces`, `piece_tokens`.

markdown-it-py keeps a token for every block of the document: about 4 KB per table row,
so a 200,000-row list needed 2 GB. Parsed in pieces of a few thousand lines, only one
piece's tokens live at a time. A piece may only start where the whole document's parse
starts a new top-level block that nothing before it can change:

- after a blank line, at a line in column 0 that opens a heading or a list item;
- or, with no blank line, at a bullet item or a heading in column 0 when no line since
  the last blank one opened HTML (`<`) or a table (`|`): a bullet item or a heading
  interrupts a paragraph and ends every list item and block quote;
- inside a GFM table whose header follows a blank line, at a row: the piece then starts
  with the table's header and delimiter lines again, so its rows are read by the same
  columns;
- never at a line followed by what may be a delimiter row (read alone, `- Title |` over
  `|-|` opens a table; inside a list it is an item).

Never while an HTML comment, `<pre>`, `<script>`, `<style>`, `<textarea>`, `<?...?>`,
`<![CDATA[...]]>` or `<!DECL>` may be open (they run across blank lines; an opener is
looked for anywhere in a line, every kind at once), and never in a document that holds
`]:` (a link reference definition reaches every part) or a code fence (its extent in
list items is more than a line scan can follow): those are parsed whole. Blank is
spaces and tabs only, as in Markdown.
Where the whole parse would stop a table after 65,536 missing cells (markdown-it's guard),
its pieces read on: a table that long is read whole instead of ending in paragraph text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_block.html_block import HTML_SEQUENCES
from markdown_it.token import Token

#: The one Markdown parser of the project's lists (CommonMark with GFM tables).
MARKDOWN = MarkdownIt("commonmark").enable("table")
#: A list of more lines than this is parsed in pieces of about this many lines.
PIECE_LINES = 5_000

#: A document that may hold a link reference definition (`[label]: url`, reaching every
#: part, perhaps inside a list item or split over lines) or a code fence (whose extent
#: inside list items a line scan cannot follow) is parsed whole.
_WHOLE = ("]:", "```", "~~~")
_NEWLINE = re.compile(rb"\r\n|\r|\n")
_STARTS_BLOCK = re.compile(r"#{1,6}(?:[ \t]|$)|[-*+][ \t]+\S|\d{1,9}[.)][ \t]+\S")
_BULLET_OR_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)|[-*+][ \t]+\S")
#: what may be a table's delimiter row (more: a setext underline, a thematic break)
_DELIMITER = re.compile(r"[ \t]*[-|:][-|: \t]*$")
_OPENS_HTML = re.compile(r" {0,3}<")
_OPENS_TABLE = re.compile(r" {0,3}\|")
#: markdown-it's own (opening, closing) of the HTML blocks that run across blank lines
#: (types 1 to 5: `<pre>`, `<script>`, `<style>`, `<textarea>`, comments, `<?`, `<!X`,
#: CDATA); its openers are anchored at a line's start, ours are tried at every `<`.
_RAW_HTML = [(opening, closing) for opening, closing, _ in HTML_SEQUENCES[:5]]


def _blank(line: str) -> bool:
    """Blank as Markdown means it: spaces and tabs only (not a no-break space)."""
    return not line.strip(" \t")


@dataclass(frozen=True)
class Piece:
    """Lines of the document to parse together: `lines[i]` is the document's 0-based line
    of the piece's line i (a piece inside a table repeats its header and delimiter)."""

    lines: list[int]

    def text(self, doc: list[str]) -> str:
        return "\n".join(doc[n] for n in self.lines)


def pieces(doc: list[str], size: int = PIECE_LINES) -> Iterator[Piece]:
    """The pieces of `doc` (its lines), each about `size` lines or, where no safe start
    comes, more; one piece when the document is no longer than `size` lines or may hold a
    link reference definition or a code fence."""
    if len(doc) <= size or any(mark in line for line in doc for mark in _WHOLE):
        yield Piece(list(range(len(doc))))
        return
    scan = _Scanner([doc[0].removeprefix("\ufeff"), *doc[1:]])  # as markdown-it reads it
    start, head = 0, list[int]()
    for n in range(1, len(doc)):
        cut = scan.step(n - 1)  # what line n-1 leaves open
        if n - start < size or cut is None:
            continue
        yield Piece(head + list(range(start, n)))
        # a "row" cut is made only while a table is open: its header starts the piece
        start, head = n, list(scan.table_head or ()) if cut == "row" else []
    yield Piece(head + list(range(start, len(doc))))


class _Scanner:
    """Reads the document line by line and says where a piece may start."""

    def __init__(self, doc: list[str]) -> None:
        self.doc = doc
        #: the raw HTML kinds (indexes in _RAW_HTML) opened and not closed since; an
        #: opener is looked for anywhere in a line (where markdown-it opens a block and more)
        self.raw_open: set[int] = set()
        self.html_since_blank = False
        self.table_since_blank = False
        self.table_head: tuple[int, int] | None = None  # the open table's header lines

    def step(self, n: int) -> str | None:
        """Take in line `n`; whether line n+1 may start a piece: "block" (a new block),
        "row" (a row of the open table), or None."""
        line = self.doc[n]
        was_open = bool(self.raw_open)
        self._raw_html(line)
        blank = _blank(line)
        self._table(n, was_open)
        if blank:
            self.html_since_blank = self.table_since_blank = False
        self.html_since_blank |= bool(_OPENS_HTML.match(line))
        self.table_since_blank |= bool(_OPENS_TABLE.match(line))
        if self.raw_open or n + 1 >= len(self.doc):
            return None
        following = self.doc[n + 1]
        body = self.table_head is not None and n + 1 > self.table_head[1] + 1
        if body and following.startswith("|") and not blank:
            return "row"
        if n + 2 < len(self.doc) and _DELIMITER.match(self.doc[n + 2]):
            return None  # read alone, `- Title |` over `|-|` would open a table
        if blank:
            return "block" if _STARTS_BLOCK.match(following) else None
        quiet = not (self.html_since_blank or self.table_since_blank)
        return "block" if quiet and _BULLET_OR_HEADING.match(following) else None

    def _raw_html(self, line: str) -> None:
        """Close each open raw HTML kind whose end is in `line`, and open each whose
        last opener in it has no end after it."""
        starts = [i for i, c in enumerate(line) if c == "<"]
        for kind, (opening, closing) in enumerate(_RAW_HTML):
            if kind in self.raw_open and closing.search(line):
                self.raw_open.discard(kind)
            opened = [m.end() + i for i in starts if (m := opening.match(line[i:]))]
            if opened and not closing.search(line, opened[-1]):
                self.raw_open.add(kind)

    def _table(self, n: int, was_open: bool) -> None:
        """Follow a top-level table: opened at a header in column 0 after a blank line
        or at the start, when markdown-it reads it and its first row as a table;
        open while rows start with `|` in column 0."""
        line = self.doc[n]
        if self.table_head is not None:
            if n > self.table_head[1] and not line.startswith("|"):
                self.table_head = None
            return
        if was_open or self.raw_open or self.html_since_blank or n + 2 >= len(self.doc):
            return
        before = self.doc[n - 1] if n else ""
        if not line.startswith("|") or not _blank(before):  # a heading may be a header
            return
        types = [t.type for t in MARKDOWN.parse("\n".join(self.doc[n : n + 3]))]
        if types[:1] == ["table_open"] and "tbody_open" in types:
            self.table_head = (n, n + 1)


@dataclass(frozen=True)
class Lines:
    """The raw file cut into lines, with each line's byte range (newline excluded)."""

    text: list[str]
    start: list[int]
    end: list[int]


def split_lines(raw: bytes) -> Lines:
    """The raw file cut at every newline (CRLF, CR or LF), each line decoded."""
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
    return Lines(text, start, end)


def piece_tokens(piece: Piece, lines: Lines) -> list[Token]:
    """markdown-it's tokens of `piece`, their line maps made the document's."""
    text = piece.text(lines.text)
    at = piece.lines
    tokens = MARKDOWN.parse(text.removeprefix("\ufeff") if at[0] == 0 else text)
    if at[0] != 0 or at[-1] != len(at) - 1:
        for tok in tokens:
            if tok.map is not None:
                tok.map = [at[tok.map[0]], at[tok.map[1] - 1] + 1]
    return tokens
