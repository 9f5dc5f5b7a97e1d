"""Which Crossref work is the entry's published version (pure).

In the rule's order: a DOI the list links (it ends the search), else the DOIs the arXiv
record declares (a journal among them preferred; a declared non-journal stays unless a
relation or the search finds a journal), else a work whose `relation` names the arXiv ID
as its preprint, else a bibliographic search hit that passes the matching bar (title,
author guard, and for journals the date window). Works that are never a published
version (`not_versions.py`) are dropped first, so they are no rivals.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from harvester.rule.guards import outside_window, shared_families
from harvester.rule.matching import TitleMatch, match_title
from harvester.rule.not_versions import never_a_version
from harvester.rule.possible import possible_versions
from harvester.values.decisions import Consideration
from harvester.values.entries import Entry
from harvester.values.evidence import ArxivRecord, CrossrefWork, Evidence

DECLARED = "DOI declared by arXiv"


@dataclass(frozen=True)
class VersionPick:
    """The chosen work (or none), a blocking problem, ambiguity, what was considered, and
    journal works that are possibly this paper under another title."""

    work: CrossrefWork | None = None
    problem: str | None = None
    ambiguous: str | None = None
    considered: tuple[Consideration, ...] = ()
    possible: tuple[CrossrefWork, ...] = ()


def pick_version(entry: Entry, ev: Evidence, arxiv: ArxivRecord | None) -> VersionPick:
    """The published version by the rule's order of identification."""
    seen: list[Consideration] = []
    for doi in entry.dois:
        work, problem = _identified(doi, ev, "linked DOI", seen, linked=True)
        if problem or work:
            if work:
                seen.append(Consideration("linked DOI", doi, work.title, _TAKEN))
            return VersionPick(work, problem, None, tuple(seen))
    declared: list[CrossrefWork] = []
    for doi in arxiv.declared_dois if arxiv else ():
        work, problem = _identified(doi, ev, DECLARED, seen, linked=False)
        if problem:
            return VersionPick(None, problem, None, tuple(seen))
        if work:
            declared.append(work)
    if journal := next((w for w in declared if w.is_journal), None):
        seen.append(Consideration(DECLARED, journal.doi, journal.title, _TAKEN))
        return VersionPick(journal, None, None, tuple(seen))
    kept = declared[0] if declared else None
    if kept:
        why = "taken unless a relation or the search finds a journal (not a journal)"
        seen.append(Consideration(DECLARED, kept.doi, kept.title, why))
    hits = [w for w in ev.search_hits if w.doi not in {d.doi for d in declared}]
    pick = _by_relation(hits, arxiv, kept, seen) or _by_search(entry, hits, arxiv, seen)
    if kept and not (pick.work and pick.work.is_journal):
        return replace(pick, work=kept)
    return pick


_TAKEN = "taken (identified, no search needed)"


def _identified(
    doi: str, ev: Evidence, origin: str, seen: list[Consideration], linked: bool
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
    if why := never_a_version(work, linked):
        seen.append(Consideration(origin, doi, work.title, f"refused: {why}"))
        return None, None
    return work, None


def _by_relation(
    hits: list[CrossrefWork],
    arxiv: ArxivRecord | None,
    kept: CrossrefWork | None,
    seen: list[Consideration],
) -> VersionPick | None:
    """A hit whose `relation.has-preprint` names the arXiv record (a journal, when a
    declared work is kept): identified, no title bar."""
    if arxiv is None:
        return None
    for work in hits:
        named = arxiv.arxiv_id in work.preprint_ids and not never_a_version(work)
        if named and (kept is None or work.is_journal):
            seen.append(Consideration("relation has-preprint", work.doi, work.title, "taken"))
            return VersionPick(work, None, None, tuple(seen))
    return None


def _by_search(
    entry: Entry, works: list[CrossrefWork], arxiv: ArxivRecord | None, seen: list[Consideration]
) -> VersionPick:
    usable = []
    for w in works:
        if why := never_a_version(w):
            seen.append(Consideration("Crossref search", w.doi, w.title, f"refused: {why}"))
        else:
            usable.append(w)
    titles = [entry.title, *([arxiv.title] if arxiv and arxiv.title != entry.title else [])]
    match = match_title(titles, usable, lambda w: w.titles)
    refusal = _guard(match.chosen, arxiv) if match.chosen else None
    for w, score in match.scores:
        verdict = _search_verdict(w, score, match, refusal)
        seen.append(Consideration("Crossref search", w.doi, w.title, verdict))
    tried = {w.doi for w in (*match.passing, *match.crowded)}
    possible = tuple(possible_versions(titles, [w for w in usable if w.doi not in tried], arxiv))
    if match.ambiguous:
        dois = ", ".join(w.doi for w in (*match.passing, *match.crowded))
        why = f"several Crossref works match the title: {dois}"
        return VersionPick(None, None, why, tuple(seen), possible)
    if match.chosen is None:
        return VersionPick(None, None, None, tuple(seen), possible)
    if refusal:
        why = f"{match.chosen.doi} matches the title but {refusal}"
        return VersionPick(None, None, why, tuple(seen), possible)
    journal = () if match.chosen.is_journal else possible
    return VersionPick(match.chosen, None, None, tuple(seen), journal)


def _search_verdict(
    work: CrossrefWork, score: float, match: TitleMatch[CrossrefWork], refusal: str | None
) -> str:
    """What the search made of one hit, once: taken, or why not."""
    if work is match.chosen:
        return f"refused: {refusal}" if refusal else "taken"
    if work in match.passing:
        return "refused: passes the title bar, but another hit is as close"
    if work in match.crowded:
        return f"refused: title {score:.1f}% similar but another hit is as close"
    return f"refused: title only {score:.1f}% similar"


def _guard(work: CrossrefWork, arxiv: ArxivRecord | None) -> str | None:
    """Why a title match is refused: no shared author family name, or outside the window."""
    if arxiv and arxiv.authors and work.families and not shared_families(work, arxiv):
        return "shares no author family name with the arXiv record"
    if arxiv and work.is_journal and (outside := outside_window(work, arxiv)):
        return outside
    return None
