"""The normal form of a title, for keys, searches and the matching bar (pure)."""

from __future__ import annotations

import html
import re
import unicodedata

_LATEX_COMMAND = re.compile(r"\\[a-zA-Z]+\*?")
_MARKUP_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9:]*(?:\s[^<>]*)?/?>")
_NON_WORD = re.compile(r"[^\w\s]|_")


def normalise_title(title: str) -> str:
    """HTML entities decoded, case-folded, NFKC, markup tags, LaTeX commands and
    punctuation stripped, spaces collapsed."""
    text = unicodedata.normalize("NFKC", _MARKUP_TAG.sub("", html.unescape(title)))
    text = _LATEX_COMMAND.sub(" ", text).replace("$", " ")
    text = _NON_WORD.sub(" ", text.casefold())
    return " ".join(text.split())


#: The longest title a search asks for: a real title is far shorter, and a URL has a
#: length limit (a 64k-character "title" made the request itself fail).
QUERY_TITLE_MAX = 300
#: How far back from the limit a cut looks for a space to keep the last word whole.
QUERY_TITLE_BACKOFF = 40


def query_title(title: str) -> str:
    """`title` as a search asks for it: whole when it fits QUERY_TITLE_MAX, else cut at
    its last space within QUERY_TITLE_BACKOFF of the limit, else at the limit."""
    if len(title) <= QUERY_TITLE_MAX:
        return title
    space = title.rfind(" ", QUERY_TITLE_MAX - QUERY_TITLE_BACKOFF, QUERY_TITLE_MAX + 1)
    return title[:space] if space > 0 else title[:QUERY_TITLE_MAX]
