"""Cut a big list into pieces that Markdown parses as the whole would (pure).

markdown-it-py keeps a token for every block of the document: about 4 KB per table row,
so a 200,000-row list needed 2 GB. Parsed in pieces of a few thousand lines, only one
piece's tokens live at a time. A piece may only start where the whole document's parse
starts a new top-level block that nothing before it can change:

- after a blank line, at a line in column 0 that opens a heading or a list item;
- or, with no blank line, at a bullet item or a heading in column 0 when no line since
  the last blank one opened HTML (`<`) or a table (`|`): a bullet item or a heading
  interrupts a paragraph and ends every list item and block quote;
- inside a top-level GFM table, at a row: the piece then starts with the table's header
  and delimiter lines again, so its rows are read by the same columns.

Never inside a fenced code block, nor an HTML comment, `<pre>`, `<script>`, `<style>`,
`<textarea>`, `<?...?>` or `<![CDATA[...]]>` (which run across blank lines), and not at
all in a document with a link reference definition (`[label]: url` reaches every part).
Where the whole parse would stop a table after 65,536 missing cells (markdown-it's guard),
its pieces read on: a table that long is read whole instead of ending in paragraph text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from markdown_it import MarkdownIt

#: The one Markdown parser of the project's lists (CommonMark with GFM tables).
MARKDOWN = MarkdownIt("commonmark").enable("table")
#: A list of more lines than this is parsed in pieces of about this many lines.
PIECE_LINES = 5_000

_REFERENCE = re.compile(r"(?m)^ {0,3}\[[^\]\n]+\]:")
_STARTS_BLOCK = re.compile(r"#{1,6}(?:[ \t]|$)|[-*+][ \t]+\S|\d{1,9}[.)][ \t]+\S")
_BULLET_OR_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)|[-*+][ \t]+\S")
_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")
_OPENS_HTML_OR_TABLE = re.compile(r" {0,3}[<|]")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_RAW_HTML = (  # (opening, closing) of the HTML blocks that run across blank lines
    (re.compile(r"(?i)<(?:pre|script|style|textarea)(?:[\s>]|$)"),
     re.compile(r"(?i)</(?:pre|script|style|textarea)>")),
    (re.compile(r"<!--"), re.compile(r"-->")),
    (re.compile(r"<\?"), re.compile(r"\?>")),
    (re.compile(r"<!\[CDATA\["), re.compile(r"\]\]>")),
    (re.compile(r"<![A-Za-z]"), re.compile(r">")),
)  # fmt: skip


@dataclass(frozen=True)
class Piece:
    """Lines of the document to parse together: `lines[i]` is the document's 0-based line
    of the piece's line i (a piece inside a table repeats its header and delimiter)."""

    lines: list[int]

    def text(self, doc: list[str]) -> str:
        return "\n".join(doc[n] for n in self.lines)


def pieces(doc: list[str], size: int = PIECE_LINES) -> Iterator[Piece]:
    """The pieces of `doc` (its lines), each about `size` lines or, where no safe start
    comes, more; one piece when the document is no longer than `size` lines or has a
    link reference definition."""
    if len(doc) <= size or _REFERENCE.search("\n".join(doc)):
        yield Piece(list(range(len(doc))))
        return
    scan = _Scanner(doc)
    start, head = 0, list[int]()
    for n in range(1, len(doc)):
        cut = scan.step(n - 1)  # what line n-1 leaves open
        if n - start < size or cut is None:
            continue
        table = scan.table_head if cut == "row" else None
        if cut == "row" and table is None:
            continue
        yield Piece(head + list(range(start, n)))
        start, head = n, list(table or ())
    yield Piece(head + list(range(start, len(doc))))


class _Scanner:
    """Reads the document line by line and says where a piece may start."""

    def __init__(self, doc: list[str]) -> None:
        self.doc = doc
        self.fence: tuple[str, int] | None = None  # the open fence's character and length
        self.raw_close: re.Pattern[str] | None = None  # what ends the open raw HTML block
        self.since_blank_html_or_table = False
        self.table_head: tuple[int, int] | None = None  # the open table's header lines

    def step(self, n: int) -> str | None:
        """Take in line `n`; whether line n+1 may start a piece: "block" (a new block),
        "row" (a row of the open table), or None."""
        line = self.doc[n]
        self._enclosures(line)
        blank = not line.strip()
        if blank:
            self.since_blank_html_or_table = False
        elif _OPENS_HTML_OR_TABLE.match(line):
            self.since_blank_html_or_table = True
        self._table(n)
        if self.fence is not None or self.raw_close is not None or n + 1 >= len(self.doc):
            return None
        following = self.doc[n + 1]
        body = self.table_head is not None and n + 1 > self.table_head[1] + 1
        if body and following.startswith("|") and not blank:
            return "row"
        if blank:
            return "block" if _STARTS_BLOCK.match(following) else None
        if not self.since_blank_html_or_table and _BULLET_OR_HEADING.match(following):
            return "block"
        return None

    def _enclosures(self, line: str) -> None:
        """Open or close a fence or a raw HTML block at `line`."""
        if self.fence is not None:
            mark, length = self.fence
            close = _FENCE.match(line)
            ours = close and close.group(1)[0] == mark and len(close.group(1)) >= length
            if close and ours and not line[close.end() :].strip():
                self.fence = None
            return
        if self.raw_close is not None:
            if self.raw_close.search(line):
                self.raw_close = None
            return
        if opened := _FENCE.match(line):
            self.fence = (opened.group(1)[0], len(opened.group(1)))
            return
        for opening, closing in _RAW_HTML:
            found = opening.search(line)
            if found and not closing.search(line, found.end()):
                self.raw_close = closing
                return

    def _table(self, n: int) -> None:
        """Follow a top-level table: opened at a header in column 0 after a blank line,
        a heading or the start, when markdown-it reads it and its first row as a table;
        open while rows start with `|` in column 0."""
        line = self.doc[n]
        if self.table_head is not None:
            if n > self.table_head[1] and not line.startswith("|"):
                self.table_head = None
            return
        if self.fence or self.raw_close or n + 2 >= len(self.doc) or not line.startswith("|"):
            return
        before = self.doc[n - 1] if n else ""
        if before.strip() and not _HEADING.match(before):
            return
        types = [t.type for t in MARKDOWN.parse("\n".join(self.doc[n : n + 3]))]
        if types[:1] == ["table_open"] and "tbody_open" in types:
            self.table_head = (n, n + 1)
