"""arXiv identifiers and a small `search_query` parser for the fake arXiv API.

Grammar (AND/ANDNOT bind tighter than OR; juxtaposed terms are ANDed):
    expr   := conj (OR conj)*
    conj   := unary ((AND | ANDNOT)? unary)*
    unary  := '(' expr ')' | term
    term   := [field ':'] (word | '"' phrase '"')
Fields: ti, au, abs, co, jr, cat, all (a bare term means all). A term matches
when its words occur consecutively, case- and accent-insensitively. `ti:` splits
words as arXiv's title index does (`title_words`) and also tries the words without a
possessive `'s` (its `title.english` subfield; no stemming here); the other fields
split at any non-alphanumeric character.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Protocol

NEW_ID = re.compile(r"^(\d{4}\.\d{4,5})(?:v(\d+))?$")
OLD_ID = re.compile(r"^([a-z]+(?:-[a-z]+)*(?:\.[A-Za-z]{2})?/\d{7})(?:v(\d+))?$")
FIELDS = frozenset({"ti", "au", "abs", "co", "jr", "cat", "all", "rn", "id"})
_TOKEN = re.compile(r'\(|\)|[A-Za-z_]+:"[^"]*"|"[^"]*"|[^\s()]+')
#: Letters and digits joined by an apostrophe or a period stay one word (UAX#29, narrowed).
_TITLE_WORD = re.compile(r"[^\W_]+(?:['.][^\W_]+)*")


class QueryError(ValueError):
    """The search_query could not be parsed."""


class Searchable(Protocol):
    """Anything that can give the text of a search field."""

    def field_text(self, field: str) -> str: ...


Matcher = Callable[[Searchable], bool]


def parse_id(raw: str) -> tuple[str, int | None] | None:
    """Split `1111.2011v2` / `astro-ph/0601001` into (base id, version); None if malformed."""
    for pattern in (NEW_ID, OLD_ID):
        m = pattern.match(raw)
        if m:
            return m.group(1), int(m.group(2)) if m.group(2) else None
    return None


def _fold(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text)
    return "".join(c for c in folded if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    """Lower-cased, accent-stripped word tokens (underscores and hyphens split words)."""
    return re.findall(r"[^\W_]+", _fold(text))


def title_words(text: str) -> list[str]:
    """Words as arXiv's title index splits them: `Goodhart's`, `Let\u2019s`, `3.0` and
    `Qwen2.5` are one word each, any other punctuation separates words; U+2019 counts as `'`."""
    return _TITLE_WORD.findall(_fold(text).replace("\u2019", "'"))


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def _term(token: str) -> Matcher:
    field, sep, value = token.partition(":")
    if not sep or field not in FIELDS:
        field, value = "all", token
    if field == "ti":
        return _title_term(value.strip('"'))
    needle = words(value.strip('"'))
    if not needle:
        raise QueryError(f"empty search term in {token!r}")
    return lambda rec: _contains(words(rec.field_text(field)), needle)


def _title_term(phrase: str) -> Matcher:
    """The phrase in the `title` field, or in `title.english`, which drops possessive `'s`."""
    needle = title_words(phrase)
    if not needle:
        raise QueryError(f"empty search term in {phrase!r}")
    english = [w.removesuffix("'s") for w in needle]

    def match(rec: Searchable) -> bool:
        have = title_words(rec.field_text("ti"))
        return _contains(have, needle) or _contains([w.removesuffix("'s") for w in have], english)

    return match


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens: list[str] = _TOKEN.findall(text)
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def expr(self) -> Matcher:
        parts = [self.conj()]
        while self.peek() == "OR":
            self.take()
            parts.append(self.conj())
        return parts[0] if len(parts) == 1 else (lambda r: any(p(r) for p in parts))

    def conj(self) -> Matcher:
        left = self.unary()
        while self.peek() not in (None, ")", "OR"):
            op = self.take() if self.peek() in ("AND", "ANDNOT") else "AND"
            right = self.unary()
            left = _combine(left, right, negate=op == "ANDNOT")
        return left

    def unary(self) -> Matcher:
        tok = self.peek()
        if tok is None or tok in (")", "AND", "OR", "ANDNOT"):
            raise QueryError(f"unexpected {tok or 'end of query'!r}")
        self.take()
        if tok != "(":
            return _term(tok)
        inner = self.expr()
        if self.peek() != ")":
            raise QueryError("unbalanced parentheses")
        self.take()
        return inner


def _combine(left: Matcher, right: Matcher, negate: bool) -> Matcher:
    if negate:
        return lambda r: left(r) and not right(r)
    return lambda r: left(r) and right(r)


def parse_query(text: str) -> Matcher | None:
    """Compile a search_query; None when it is empty. Raises QueryError if malformed."""
    if not text.strip():
        return None
    parser = _Parser(text)
    matcher = parser.expr()
    if parser.peek() is not None:
        raise QueryError(f"unexpected {parser.peek()!r}")
    return matcher
