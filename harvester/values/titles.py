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
