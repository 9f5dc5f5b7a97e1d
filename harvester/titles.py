"""Title normalisation for keys and for the matching bar (pure)."""

from __future__ import annotations

import re
import unicodedata

_LATEX_COMMAND = re.compile(r"\\[a-zA-Z]+\*?")
_NON_WORD = re.compile(r"[^\w\s]|_")


def normalise_title(title: str) -> str:
    """Case-folded, NFKC, LaTeX commands and punctuation stripped, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", title)
    text = _LATEX_COMMAND.sub(" ", text).replace("$", " ")
    text = _NON_WORD.sub(" ", text.casefold())
    return " ".join(text.split())
