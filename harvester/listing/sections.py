"""Where a line sits: the headings above it, the `<details>` it is folded in, and the
heading that names a paper of its own (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.token import Token

from harvester.listing.dated import heading_date, recorded
from harvester.values.entries import RecordedDate

#: A section whose heading ends in one of these words lists no papers.
_NOT_PAPERS = re.compile(
    r"(?i)\b(?:books?|courses?|tutorials?|tools?|projects?|datasets?|codebases?|blogs?"
    r"|blog posts|repos|repositories|leaderboards?|videos|talks?|lectures?|contact"
    r"|feedback|citation|license|acknowledge?ments?|contributors?|contributing|credits?)\W*$"
)
_PAPERS = re.compile(r"(?i)\bpapers?\b")
_NEWS = re.compile(r"(?i)\b(?:news|updates?|changelog|change log|release notes)\b")
#: `<details>` opening and closing, and the `<summary>` that names what is folded.
_DETAILS = re.compile(
    r"<details\b[^>]*>|</details\s*>|<summary\b[^>]*>(?P<summary>.*?)</summary\s*>",
    re.IGNORECASE | re.DOTALL,
)
_TAGS = re.compile(r"<[^>]*>")
#: `### 12. Title`: the paper's number in a heading-per-paper list.
_NUMBERED = re.compile(r"^\d{1,4}\.(?:\s+|(?=[^\W\d_]))")  # `12. Title`, `4.LGM`; not `2.5D`
_TITLE_WORDS = 4
_LEADING_TAG = re.compile(r"\[(?P<tag>[^\[\]]{1,40})\]\s+")


class Headings:
    """The headings above the current line: the section's name, its date, whether it is
    a news or updates section (whose items announce, not list, papers), and whether the
    line is folded in a `<details>` whose summary names an update log."""

    def __init__(self) -> None:
        self._open: list[tuple[int, str, RecordedDate | None]] = []
        self._details: list[bool] = []  # per open <details>: does its summary name news

    def enter(self, level: int, text: str) -> None:
        """A heading of `level`: it closes those at its level and below."""
        while self._open and self._open[-1][0] >= level:
            self._open.pop()
        found = heading_date(text)
        date = None
        if found is not None and found.value is not None:
            date = recorded(found, (0, 0), source="heading")  # a heading's is never rewritten
        self._open.append((level, text, date))

    def html(self, block: str) -> None:
        """Follow the `<details>` an HTML block opens, names or closes."""
        for m in _DETAILS.finditer(block):
            tag = m.group(0)
            if m["summary"] is not None:
                if self._details:
                    self._details[-1] = bool(_NEWS.search(_TAGS.sub("", m["summary"])))
            elif tag.startswith("</"):
                if self._details:
                    self._details.pop()
            else:
                self._details.append(False)

    @property
    def section(self) -> str | None:
        """The nearest heading's text."""
        return next((t for _, t, _ in reversed(self._open) if t), None)

    @property
    def parent(self) -> str | None:
        """The text of the heading around the nearest one."""
        return next((t for _, t, _ in reversed(self._open[:-1]) if t), None)

    @property
    def date(self) -> RecordedDate | None:
        """The nearest date heading's date, for entries that write none."""
        return next((d for _, _, d in reversed(self._open) if d), None)

    @property
    def news(self) -> bool:
        """Inside a News, Updates or changelog section or `<details>`, or a section that
        lists no papers (books, courses, tools, codebases, datasets, blogs...)."""
        return self.news_above(len(self._open))

    def news_above(self, depth: int) -> bool:
        """`news`, judged by the `depth` outermost open headings only."""
        open_ = self._open[:depth]
        inner = open_[-1][1] if open_ else ""
        not_papers = bool(_NOT_PAPERS.search(inner)) and not _PAPERS.search(inner)
        return not_papers or any(self._details) or any(_NEWS.search(t) for _, t, _ in open_)

    def may_name_a_paper(self, level: int, text: str) -> bool:
        """Whether the heading just entered may be a paper's title: level 3 or deeper,
        numbered (`12. Title`) or of four words or more (`Viewers`, `Gaussian Style
        Transfer` name sections), not a date, and not in a news or non-paper section; a
        title may end in a section word (`... from Monocular Videos`)."""
        return (
            level >= 3
            and (bool(_NUMBERED.match(text)) or len(text.split()) >= _TITLE_WORDS)
            and heading_date(text) is None
            and not self.news_above(len(self._open) - 1)
        )


@dataclass
class PaperHeading:
    """A heading that may name one paper (`### 12. Title`): its inline tokens and lines,
    the paragraphs under it that hold links, and how many entries stood before it."""

    children: list[Token]
    span: list[int]
    section: str | None
    entries_before: int
    paragraphs: list[Token] = field(default_factory=list)
    last_line: int = 0

    def add(self, inline: Token) -> None:
        """A paragraph under the heading; kept when it holds a link."""
        assert inline.map is not None
        self.last_line = max(self.last_line, inline.map[1])
        if any(c.type == "link_open" for c in inline.children or []):
            self.paragraphs.append(inline)

    def title_tokens(self) -> tuple[list[Token], str | None]:
        """The heading's inline tokens, and the venue tag that leads it (`### 3. [CVPR '24]
        Title`: the number and the tag left out)."""
        children, tag = list(self.children), None
        if children and children[0].type == "text":
            text = _NUMBERED.sub("", children[0].content)
            if m := _LEADING_TAG.match(text):
                tag, text = m["tag"].strip(), text[m.end() :]
            children[0] = Token("text", "", 0, content=text)
        return children, tag

    def link_tokens(self) -> list[Token]:
        """The inline tokens of the paragraphs under the heading that hold links."""
        out: list[Token] = []
        for paragraph in self.paragraphs:
            out += [Token("softbreak", "br", 0), *(paragraph.children or [])]
        return out
