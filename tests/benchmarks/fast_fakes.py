"""The loopback fakes with indexes, so that 10,000-paper worlds answer in constant time.

Same wire formats as tests/fakes; only the look-ups are indexed: arXiv `ti:"..."`
phrases by normalised title, Crossref DOI filters by DOI and bibliographic queries by
title words.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from harvester.values.titles import normalise_title
from tests.fakes.arxiv_fake import ArxivFake
from tests.fakes.arxiv_feed import ArxivRecord
from tests.fakes.crossref_fake import CrossrefFake
from tests.fakes.server import Request

_PHRASE = re.compile(r'ti:"([^"]*)"')


class FastArxivFake(ArxivFake):
    """Title phrase searches answered from an index of normalised titles."""

    def add(self, *records: ArxivRecord) -> None:
        super().add(*records)
        index = getattr(self, "_by_title", None)
        if index is None:
            index = self._by_title = defaultdict(list)
        for rec in records:
            index[normalise_title(rec.title)].append(rec)

    def _select(self, q: dict[str, str]) -> tuple[int, int, int, list[tuple[ArxivRecord, int]]]:
        if not q.get("search_query"):
            return super()._select(q)
        start, size = int(q.get("start", 0)), int(q.get("max_results", 10))
        hits = [
            (r, r.version)
            for p in _PHRASE.findall(q["search_query"])
            for r in self._by_title.get(normalise_title(p), [])
        ]
        return start, size, len(hits), hits[start : start + size]


class FastCrossrefFake(CrossrefFake):
    """DOI filters and bibliographic queries answered from indexes; generous rate headers."""

    def add(self, *works: dict[str, Any]) -> None:
        super().add(*works)
        words = getattr(self, "_by_word", None)
        if words is None:
            words = self._by_word = defaultdict(set)
        for work in works:
            for word in normalise_title(" ".join(work.get("title", []))).split():
                words[word].add(work["DOI"].lower())

    def api_headers(self, req: Request) -> dict[str, str]:
        return {
            **super().api_headers(req),
            "x-rate-limit-limit": "1000",
            "x-rate-limit-interval": "1s",
        }

    def _match(self, q: dict[str, str]) -> list[tuple[dict[str, Any], float]]:
        if q.get("filter", "").startswith("doi:"):
            dois = [c.partition(":")[2].lower() for c in q["filter"].split(",")]
            return [(self.works[d], 0.0) for d in dois if d in self.works]
        query = normalise_title(q.get("query.bibliographic", "")).split()
        if not query:
            return super()._match(q)
        rare = sorted(query, key=lambda w: len(self._by_word.get(w, ())))[:3]
        pool = set().union(*(self._by_word.get(w, set()) for w in rare))
        scored = []
        for doi in pool:
            title = set(normalise_title(" ".join(self.works[doi].get("title", []))).split())
            matched = len(set(query) & title)
            scored.append((self.works[doi], matched + 10.0 * matched / len(set(query))))
        return sorted(scored, key=lambda s: -s[1])
