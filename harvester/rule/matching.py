"""The title part of the matching bar: which search hits are the same paper (pure).

A hit passes when a normalised title of it (its title, or title + ": " + subtitle) equals
one of the entry's (the list's, or the arXiv record's own), or is at least 95% similar
(rapidfuzz `fuzz.ratio` over the whole normalised titles) with no other hit within 2
points of it. Hits that reach 95% but are crowded by another are not matches either:
they make the entry ambiguous, never a silent pick.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from rapidfuzz import fuzz

from harvester.values.titles import normalise_title

T = TypeVar("T")

#: Minimum similarity of two normalised titles for a hit to count as the same paper.
TITLE_RATIO = 95.0
#: A second hit this close to the best makes the best one unsafe.
RUNNER_UP_MARGIN = 2.0


@dataclass(frozen=True)
class TitleMatch(Generic[T]):
    """The hits that pass the title bar, the ones too close to call, and every score."""

    passing: tuple[T, ...]
    crowded: tuple[T, ...]
    scores: tuple[tuple[T, float], ...]

    @property
    def chosen(self) -> T | None:
        """The one hit that is the paper, when exactly one passes and none is crowded."""
        return self.passing[0] if len(self.passing) == 1 and not self.crowded else None

    @property
    def ambiguous(self) -> bool:
        """Two or more hits pass, or a hit reaches the bar but another is too close."""
        return len(self.passing) + len(self.crowded) > 1 or bool(self.crowded)


def match_title(
    titles: str | Sequence[str], hits: Sequence[T], title_of: Callable[[T], str | Sequence[str]]
) -> TitleMatch[T]:
    """Apply the title bar to every hit of a search for the entry's `titles` (the list's,
    and the arXiv record's own): a hit scores its best title against the best of them."""
    wanted = [normalise_title(t) for t in ([titles] if isinstance(titles, str) else titles)]
    scored = [(hit, _best(wanted, title_of(hit))) for hit in hits]
    passing: list[T] = []
    crowded: list[T] = []
    for hit, score in scored:
        if score < TITLE_RATIO:
            continue
        rivals = [s for h, s in scored if h is not hit and abs(s - score) <= RUNNER_UP_MARGIN]
        exact = score == 100.0
        (passing if exact or not rivals else crowded).append(hit)
    return TitleMatch(tuple(passing), tuple(crowded), tuple(scored))


def _best(wanted: list[str], theirs: str | Sequence[str]) -> float:
    names = [theirs] if isinstance(theirs, str) else list(theirs)
    return max((_similarity(w, normalise_title(t)) for w in wanted for t in names), default=0.0)


def _similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return 100.0 if a == b else float(fuzz.ratio(a, b))
