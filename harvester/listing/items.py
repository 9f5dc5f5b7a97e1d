"""Read one list item's inline tokens: its links, venue tag and title (pure).

The styles met in real lists, and where each keeps its title:
    `(2024/01/19) Title. [[Venue](url)]`            text before the first link
    `Title | **[CVPR' 20]** | [pdf](url)`           text before the first `|`
    `[Author et al.] [Title] [Venue] [[pdf](url)]`   the second bracket group
    `⭐⭐ *(2025-CVPR)* **Title** [[Paper](url)]`    the bold text
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.etree
import lxml.html
from markdown_it.token import Token

from harvester.listing.identifiers import is_paper_url, link_kind
from harvester.values.entries import Link

_TAG = re.compile(r"^\s*[\[(](?P<tag>[^\[\]()]+)[\])]\s*$")
_BRACKET_GROUP = re.compile(r"\s*\[(?P<text>[^\[\]]+)\]")
_VENUE_LIKE = re.compile(r".{0,30}(?:['\u2019]\s?\d{2}|\b(?:19|20)\d{2})\s*")
_DATE_PREFIX = re.compile(r"^\s*\([^()]*\)\s*")
_DATE_GROUP = re.compile(r"[\[(][^\[\]()]*\d{4}[^\[\]()]*[\])]")
#: `[label](url)`, `[[label]](url)` Markdown refused: a space in the URL, or the URL closed
#: by a full-width paren (U+FF09, from a CJK keyboard).
_BROKEN_LINK = re.compile(
    r"\[(?P<label>[^\[\]\x00]*)\]\]?\((?P<url>[^()\uff08\uff09\x00]*)[)\uff09]"
)
_BROKEN_LINK_AND_BRACKET = re.compile(r"\[?\[[^\[\]\x00]*\]\]?\([^()\uff08\uff09\x00]*[)\uff09]")
_BARE_LABEL = re.compile(r"\[(?P<label>[^\[\]\x00]+)\](?!\()")
_SPACES = re.compile(r"[ \t\r\n]+")  # runs of ASCII white space; a no-break space is kept
#: `**Image **Scene**`, `**Attention******`: bold markers Markdown left unmatched, as text.
_STRAY_STARS = re.compile(r"\*{2,}")
_SHORTCODE = re.compile(r":[a-z0-9_+\-]+:")  # `:fire:`, an emoji written as a shortcode
_QUOTED = re.compile(r'^["\u201c](?P<t>.+?)\.?["\u201d]$')
_ALIAS_AFTER = re.compile(r"^\W*(?:\([^()]*\))?\W*$")
_ANCHOR_OPEN = re.compile(r"<a\s[^>]*>", re.IGNORECASE)
_ANCHOR_CLOSE = re.compile(r"</a\s*>", re.IGNORECASE)
_LINK_MARK = "\x00"  # stands where a parsed link was, so text on both sides never joins


@dataclass
class ItemText:
    """What an item's inline tokens say, split into the part before the first link and the rest."""

    before: list[tuple[str, str]] = field(default_factory=list)  # (style, text) before 1st link
    after: list[str] = field(default_factory=list)  # text outside links, after the first link
    parsed_links: list[tuple[str, str]] = field(default_factory=list)  # (label, href)

    @property
    def outside_text(self) -> str:
        """All text that is not inside a link."""
        return "".join(t for _, t in self.before) + "".join(self.after).replace(_LINK_MARK, "")

    @property
    def link_only(self) -> bool:
        """`- [Title](url)`: one link, to a paper, with a title of words and no other text
        (its sub-bullets are apart)."""
        if len(self.parsed_links) != 1 or "".join(t for _, t in self.before).strip():
            return False
        label, url = self.parsed_links[0]
        return (
            bool(_ALIAS_AFTER.match("".join(self.after).replace(_LINK_MARK, "")))
            and len(label.split()) >= 2  # a title, not a model's or a tool's name
            and (link_kind(url) in {"arxiv", "doi", "publisher"} or is_paper_url(url))
        )

    @property
    def tag(self) -> str | None:
        """The venue/year tag (`CVPR' 20`, `2025-CVPR`, `MIDL'18`) kept as text."""
        for style, text in self.before:
            if style != "plain" and (m := _TAG.match(text)):
                return m["tag"].strip()
        groups = _bracket_groups(self._plain_before())
        return groups[1] if groups else None

    @property
    def links(self) -> tuple[Link, ...]:
        """Parsed links, then links that Markdown refused (a space in the URL) or left bare."""
        links = [
            Link(label, href, link_kind(href), _empty(href)) for label, href in self.parsed_links
        ]
        rest = "".join(self.after)
        for m in _BROKEN_LINK.finditer(self._plain_before() + _LINK_MARK + rest):
            problem = "URL contains a space" if " " in m["url"].strip() else "not a valid link"
            links.append(Link(m["label"], m["url"], "broken", problem))
        for m in _BARE_LABEL.finditer(_BROKEN_LINK.sub(_LINK_MARK, rest)):
            links.append(Link(m["label"], "", "empty", "label with no URL"))
        return tuple(links)

    def title(self, strip_date: bool) -> str:
        """The paper's title by the styles above, without trailing period or link brackets."""
        plain = _BROKEN_LINK_AND_BRACKET.split(self._plain_before(), maxsplit=1)[0]
        if strip_date:
            plain = _DATE_PREFIX.sub("", plain, count=1)
        bold = [t for st, t in self.before if st == "strong" and not _TAG.match(t) and t.strip()]
        rest = self._plain_before(skip_bold=True)
        if bold and not any(ch.isalnum() for ch in rest):
            title = bold[0]
        elif (lead := self._lead_bold()) is not None:
            title = lead
        elif groups := _bracket_groups(plain):
            title = groups[0]
        else:
            title = plain.split("|", 1)[0]
        if not title.strip() and self.link_only:
            title = self.parsed_links[0][0]  # `- [Title](url)`: the item is its title's link
        title = _SPACES.sub(" ", _STRAY_STARS.sub("", title)).strip().rstrip(" [(").rstrip(" ,;:")
        title = title.removesuffix(".").strip()
        if quoted := _QUOTED.match(title):
            title = quoted["t"].strip()
        return title if any(ch.isalnum() for ch in title) else ""

    def _lead_bold(self) -> str | None:
        """`[2023/10] **Title.** *Authors.*`: a bold run that opens the item (after a date)
        and that styled text, not plain text, follows, is the title."""
        styles = [(st, t) for st, t in self.before if t.strip() and not _TAG.match(t)]
        first = next((i for i, (st, _) in enumerate(styles) if st == "strong"), None)
        if first is None:
            return None
        lead = "".join(t for _, t in styles[:first])
        if any(ch.isalnum() for ch in _DATE_GROUP.sub("", lead)):
            return None
        after = styles[first + 1 : first + 2]
        text_after = _SHORTCODE.sub("", after[0][1]) if after else ""
        closed = (
            styles[first][1].rstrip().endswith((".", "?"))
            or text_after.lstrip().startswith(".")
            or _is_venue_sentence(text_after)
        )  # `**Title.** Venue.`, `**Title**. Venue.`, `**Title** Preprint 2022.`: a whole sentence
        if (
            not closed
            and after
            and after[0][0] == "plain"
            and any(ch.isalnum() for ch in text_after)
        ):
            return None
        return styles[first][1]

    def _plain_before(self, skip_bold: bool = False) -> str:
        """Text before the first link, emphasis markers and tags removed."""
        return "".join(
            t
            for st, t in self.before
            if (st == "plain" or not _TAG.match(t)) and not (skip_bold and st == "strong")
        )


def read_item(children: list[Token]) -> ItemText:
    """Walk an item's inline tokens once, sorting text into before/inside/after links."""
    item = ItemText()
    style: list[str] = []
    label: list[str] | None = None
    href = ""
    for tok in children:
        kind, text = tok.type, _text_of(tok)
        if kind == "html_inline" and _ANCHOR_OPEN.fullmatch(tok.content):
            if (anchor := _anchor_href(tok.content)) is not None:  # `<a href="...">` in a cell
                label, href = [], anchor
        elif kind == "html_inline" and _ANCHOR_CLOSE.fullmatch(tok.content):
            kind = "link_close"
        if kind == "link_open":
            label, href = [], str(tok.attrs.get("href", ""))
        elif kind == "link_close" and label is not None:
            item.parsed_links.append((" ".join("".join(label).split()), href))
            item.after.append(_LINK_MARK)
            label = None
        elif kind in {"strong_open", "em_open"}:
            style.append(kind.removesuffix("_open"))
        elif kind in {"strong_close", "em_close"} and style:
            style.pop()
        elif label is not None:
            label.append(text)
        elif item.parsed_links:
            item.after.append(text)
        elif text:
            kind_now = style[-1] if style else "plain"
            if item.before and item.before[-1][0] == kind_now:  # one run across line breaks
                item.before[-1] = (kind_now, item.before[-1][1] + text)
            else:
                item.before.append((kind_now, text))
    return item


def _bracket_groups(plain: str) -> tuple[str, str | None] | None:
    """(title, tag) for `[Authors] [Title] [Venue]` and `[Title] [Venue]`; None otherwise."""
    groups, pos = [], 0
    while m := _BRACKET_GROUP.match(plain, pos):
        groups.append(m["text"].strip())
        pos = m.end()
    if len(groups) >= 3:
        return groups[1], groups[2]
    if len(groups) == 2:
        if _VENUE_LIKE.fullmatch(groups[1]):
            return groups[0], groups[1]
        return groups[1], None
    return None


def _is_venue_sentence(text: str) -> bool:
    """`Preprint 2022.`, `NeurIPS 2022.`: a short sentence of a venue and its year."""
    text = text.strip().rstrip(" [(")  # the bracket that opens the entry's first link
    return text.endswith(".") and bool(_VENUE_LIKE.fullmatch(text.removesuffix(".")))


def _text_of(tok: Token) -> str:
    if tok.type in {"text", "code_inline"}:
        return tok.content
    return " " if tok.type in {"softbreak", "hardbreak"} else ""


def _anchor_href(tag: str) -> str | None:
    """The href of an inline `<a ...>` tag, read by the HTML parser; None without one."""
    try:
        href = lxml.html.fragment_fromstring(tag + "</a>").get("href")
    except (ValueError, lxml.etree.ParserError):
        return None
    return None if href is None else str(href)


def _empty(href: str) -> str | None:
    return "empty link" if not href.strip() else None
