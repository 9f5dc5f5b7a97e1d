"""A possible published version: a journal work that is probably this paper under another
title (pure). It decides nothing; the audit reports it for the maintainer to settle."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz

from harvester.rule.guards import outside_window, shared_families
from harvester.values.evidence import ArxivRecord, CrossrefWork
from harvester.values.titles import normalise_title

#: Token-sort similarity at which a retitled journal work is worth the maintainer's look.
TOKEN_SORT_RATIO = 85.0
#: Author family names a possible version must share with the arXiv record.
SHARED_AUTHORS = 2


def possible_versions(
    titles: Sequence[str], works: Sequence[CrossrefWork], arxiv: ArxivRecord | None
) -> list[CrossrefWork]:
    """The journal works among `works` (hits that failed the title bar) whose title holds
    one of `titles` word for word in order or is token-sort similar, that share authors
    with the arXiv record, and lie in the date window."""
    if arxiv is None:
        return []
    wanted = [normalise_title(t).split() for t in titles]
    return [
        w
        for w in works
        if w.is_journal
        and any(_close(ours, normalise_title(t).split()) for ours in wanted for t in w.titles)
        and _enough_authors(w, arxiv)
        and outside_window(w, arxiv) is None
    ]


def _close(ours: list[str], theirs: list[str]) -> bool:
    if not ours or not theirs:
        return False
    if _in_order(ours, theirs):
        return True
    return float(fuzz.token_sort_ratio(" ".join(ours), " ".join(theirs))) >= TOKEN_SORT_RATIO


def _in_order(short: list[str], long: list[str]) -> bool:
    """Every word of `short` appears in `long` in the same order (words may be inserted)."""
    rest = iter(long)
    return all(word in rest for word in short)


def _enough_authors(work: CrossrefWork, arxiv: ArxivRecord) -> bool:
    shared = len(shared_families(work, arxiv))
    fewest = min(len(arxiv.authors), len({f for f in work.families if f.strip()}))
    return shared >= SHARED_AUTHORS or (fewest < SHARED_AUTHORS and shared >= fewest > 0)
