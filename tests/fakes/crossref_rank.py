"""Relevance ranking for the Crossref fake, as honest as a small fake can be.

Crossref serves searches from Elasticsearch, whose default score is BM25: a query word
counts more when few records hold it, and a match in a short record counts more than
one in a long record. So the right work can rank below peer reviews or components that
carry its title and little else. Tests can also pin a work's rank outright.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

K1, B = 1.2, 0.75


def bm25(query: Sequence[str], docs: Sequence[Sequence[str]]) -> list[float]:
    """BM25 score of each tokenised doc for the query words (Lucene's idf, always > 0)."""
    wanted = list(dict.fromkeys(query))
    n_docs = len(docs)
    avg = sum(len(d) for d in docs) / max(1, n_docs) or 1.0
    holding = Counter(w for d in docs for w in set(d) & set(wanted))
    idf = {w: math.log(1 + (n_docs - holding[w] + 0.5) / (holding[w] + 0.5)) for w in wanted}
    scores = []
    for doc in docs:
        tf = Counter(doc)
        norm = K1 * (1 - B + B * len(doc) / avg)
        scores.append(sum(idf[w] * tf[w] * (K1 + 1) / (tf[w] + norm) for w in wanted if tf[w]))
    return scores


def place_pinned(ranked: list[tuple[str, float]], pins: dict[str, int]) -> list[tuple[str, float]]:
    """Move pinned keys to their 1-based rank; scores are then made non-increasing again."""
    free = [r for r in ranked if r[0] not in pins]
    for key, score in sorted((r for r in ranked if r[0] in pins), key=lambda r: pins[r[0]]):
        at = min(pins[key] - 1, len(free))
        above = free[at - 1][1] if at > 0 else None
        below = free[at][1] if at < len(free) else None
        if above is not None and below is not None:
            score = (above + below) / 2
        elif above is not None:
            score = min(score, above * 0.9)
        elif below is not None:
            score = max(score, below * 1.1)
        free.insert(at, (key, score))
    out: list[tuple[str, float]] = []
    for key, score in free:
        out.append((key, min(score, out[-1][1]) if out else score))
    return out
