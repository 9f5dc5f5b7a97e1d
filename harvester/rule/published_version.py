"""Which Crossref work is the entry's published version (pure).

In the rule's order: a DOI the list links, else the DOI the arXiv record declares,
else a work whose `relation` names the arXiv ID as its preprint, else a bibliographic
search hit that passes the matching bar (title, author guard, and for journals the
date window). Identified works are taken without the bar; posted-content never is a
published version.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from harvester.rule.matching import match_title
from harvester.rule.online_date import online_date
from harvester.values.decisions import Consideration
from harvester.values.entries import Entry
from harvester.values.evidence import ArxivRecord, CrossrefWork, Evidence

#: A journal version found by search must be online within this window of the arXiv date.
WINDOW_YEARS_BEFORE = 1
WINDOW_YEARS_AFTER = 4


@dataclass(frozen=True)
class VersionPick:
    """The chosen work (or none), a blocking problem, ambiguity, and what was considered."""

    work: CrossrefWork | None = None
    problem: str | None = None
    ambiguous: str | None = None
    considered: tuple[Consideration, ...] = ()


def pick_version(entry: Entry, ev: Evidence, arxiv: ArxivRecord | None) -> VersionPick:
    """The published version by the rule's order of identification."""
    seen: list[Consideration] = []
    declared = [arxiv.doi] if arxiv and arxiv.doi else []
    for origin, dois in (("linked DOI", list(entry.dois)), ("DOI declared by arXiv", declared)):
        for doi in dois:
            work, problem = _identified(doi, ev, origin, seen)
            if problem or work:
                return VersionPick(work, problem, None, tuple(seen))
    works = list(ev.search_hits)
    if arxiv:
        for work in works:
            if arxiv.arxiv_id in work.preprint_ids and work.type != "posted-content":
                seen.append(Consideration("relation has-preprint", work.doi, work.title, "taken"))
                return VersionPick(work, None, None, tuple(seen))
    return _by_search(entry, works, arxiv, seen)


def _identified(
    doi: str, ev: Evidence, origin: str, seen: list[Consideration]
) -> tuple[CrossrefWork | None, str | None]:
    if doi in ev.works_unreadable:
        problem = ev.works_unreadable[doi]
        problem = problem if doi in problem else f"{problem} (asked for {doi})"
        seen.append(Consideration(origin, doi, "", f"refused: {problem}"))
        return None, problem
    if doi not in ev.works:
        if doi in ev.works_missing:
            seen.append(Consideration(origin, doi, "", "refused: Crossref does not know it"))
            return None, None
        # No answer yet (its fetch failed): the version might be a journal, so decide nothing.
        seen.append(Consideration(origin, doi, "", "unknown: not fetched yet"))
        return None, f"Crossref has not answered for {doi} yet"
    work = ev.works[doi]
    if work.type == "posted-content":
        seen.append(Consideration(origin, doi, work.title, "refused: posted-content is a preprint"))
        return None, None
    seen.append(Consideration(origin, doi, work.title, "taken (identified, no search needed)"))
    return work, None


def _by_search(
    entry: Entry, works: list[CrossrefWork], arxiv: ArxivRecord | None, seen: list[Consideration]
) -> VersionPick:
    usable = [w for w in works if w.type != "posted-content"]
    for w in works:
        if w.type == "posted-content":
            seen.append(Consideration("Crossref search", w.doi, w.title, "refused: posted-content"))
    match = match_title(entry.title, usable, lambda w: w.title)
    for w, score in match.scores:
        verdict = (
            "passes the title bar"
            if w in match.passing
            else f"refused: title only {score:.1f}% similar"
            if w not in match.crowded
            else f"refused: title {score:.1f}% similar but another hit is as close"
        )
        seen.append(Consideration("Crossref search", w.doi, w.title, verdict))
    if match.ambiguous:
        dois = ", ".join(w.doi for w in (*match.passing, *match.crowded))
        return VersionPick(
            None, None, f"several Crossref works match the title: {dois}", tuple(seen)
        )
    if match.chosen is None:
        return VersionPick(None, None, None, tuple(seen))
    refusal = _guard(match.chosen, arxiv)
    if refusal:
        return VersionPick(
            None, None, f"{match.chosen.doi} matches the title but {refusal}", tuple(seen)
        )
    seen.append(Consideration("Crossref search", match.chosen.doi, match.chosen.title, "taken"))
    return VersionPick(match.chosen, None, None, tuple(seen))


def _guard(work: CrossrefWork, arxiv: ArxivRecord | None) -> str | None:
    """Why a title match is refused: no shared author family name, or outside the window."""
    if arxiv and arxiv.authors and work.families:
        theirs = {_fold(f) for f in work.families if f.strip()}
        ours = [_fold(name) for name in arxiv.authors]
        if not any(n == f or n.endswith(" " + f) for n in ours for f in theirs):
            return "shares no author family name with the arXiv record"
    if arxiv and work.is_journal:
        online, _ = online_date(work)
        if online and not _in_window(
            date.fromisoformat(online), date.fromisoformat(arxiv.submitted_on)
        ):
            return (
                f"is online {online}, outside 1 year before to 4 years after "
                f"arXiv {arxiv.submitted_on}"
            )
    return None


def _in_window(online: date, submitted: date) -> bool:
    return (
        _shift(submitted, -WINDOW_YEARS_BEFORE) <= online <= _shift(submitted, WINDOW_YEARS_AFTER)
    )


def _shift(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()
