"""The matching bar's guards beside the title: shared authors and the date window (pure)."""

from __future__ import annotations

import unicodedata
from datetime import date

from harvester.rule.online_date import online_date
from harvester.values.evidence import ArxivRecord, CrossrefWork

#: A journal version found by search must be online within this window of the arXiv date.
WINDOW_YEARS_BEFORE = 1
WINDOW_YEARS_AFTER = 4


def shared_families(work: CrossrefWork, arxiv: ArxivRecord) -> set[str]:
    """The work's author family names (folded) that the arXiv record's authors end in."""
    ours = [_fold(name) for name in arxiv.authors]
    theirs = {_fold(f) for f in work.families if f.strip()}
    return {f for f in theirs if any(n == f or n.endswith(" " + f) for n in ours)}


def outside_window(work: CrossrefWork, arxiv: ArxivRecord) -> str | None:
    """Why a journal's online date is outside 1 year before to 4 years after the arXiv
    date; None when inside, or when it has no online date."""
    online, _ = online_date(work)
    if online is None:
        return None
    submitted = date.fromisoformat(arxiv.submitted_on)
    low, high = _shift(submitted, -WINDOW_YEARS_BEFORE), _shift(submitted, WINDOW_YEARS_AFTER)
    if low <= date.fromisoformat(online) <= high:
        return None
    return f"is online {online}, outside 1 year before to 4 years after arXiv {arxiv.submitted_on}"


def _shift(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()
