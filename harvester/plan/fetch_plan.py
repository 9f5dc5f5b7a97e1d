"""What each entry needs from the sources, decided from the list and the stored evidence (pure).

The order follows the date rule's definitions: the arXiv record is the linked ID, else
an arXiv title search that passes the matching bar; the published version is a linked
DOI, else the DOIs the arXiv record declares, else (unless one of those is a journal) a
Crossref bibliographic search.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz

from harvester.values.entries import Entry
from harvester.values.evidence import ArxivRecord
from harvester.values.titles import QUERY_TITLE_MAX, normalise_title, query_title

#: Search hits at least this similar to the entry's title are kept as evidence for it.
CANDIDATE_RATIO = 80.0


def linked_arxiv_ids(entries: Iterable[Entry]) -> dict[str, str]:
    """The arXiv ID each entry links (its first), by entry key."""
    return {e.entry_key: e.arxiv_ids[0] for e in entries if e.arxiv_ids}


def arxiv_title_queries(entries: Iterable[Entry]) -> dict[str, str]:
    """Titles to search on arXiv, by entry key: entries that link no arXiv ID."""
    return {e.entry_key: e.title for e in entries if not e.arxiv_ids and normalise_title(e.title)}


def candidates_for(title: str, hits: Iterable[ArxivRecord]) -> list[str]:
    """IDs of the hits close enough to `title` to keep as evidence, best first."""
    wanted = normalise_title(title)
    scored = [(fuzz.ratio(wanted, normalise_title(h.title)), h.arxiv_id) for h in hits]
    return [i for score, i in sorted(scored, key=lambda p: -p[0]) if score >= CANDIDATE_RATIO]


def dois_to_fetch(entry: Entry, arxiv_record: ArxivRecord | None) -> list[str]:
    """DOIs of possible published versions: linked ones, then every one arXiv declares."""
    declared = arxiv_record.declared_dois if arxiv_record else ()
    return list(dict.fromkeys([*entry.dois, *declared]))


def crossref_query(
    entry: Entry,
    arxiv_record: ArxivRecord | None,
    declared_journal: bool = False,
    cut: bool = True,
) -> str | None:
    """A bibliographic query when the list links no DOI and arXiv declares no journal:
    the arXiv record's title (the paper's current one) else the list's, with the first
    author's family name (`cut` False: the title whole, as before searches were cut)."""
    if entry.dois or declared_journal or not normalise_title(entry.title):
        return None
    title = arxiv_record.title if arxiv_record and normalise_title(arxiv_record.title) else ""
    return _query(title or entry.title, arxiv_record, cut)


def legacy_crossref_query(
    entry: Entry, arxiv_record: ArxivRecord | None, cut: bool = True
) -> str | None:
    """The query harvester asked before it searched by the arXiv title: its stored answer
    stands in until the entry is searched again."""
    if entry.dois or not normalise_title(entry.title):
        return None
    return _query(entry.title, arxiv_record, cut)


def cut_searches(
    entry: Entry, arxiv_record: ArxivRecord | None, searched_crossref: bool
) -> list[str]:
    """What the title searches for `entry` left out of a title too long for a query:
    the arXiv title search (no linked ID) and, when it was made, the Crossref search."""
    notes = []
    if not entry.arxiv_ids and len(entry.title) > QUERY_TITLE_MAX:
        notes.append(_cut_note("the arXiv title search", "list's", entry.title))
    if searched_crossref:
        by_arxiv = bool(arxiv_record and normalise_title(arxiv_record.title))
        title = arxiv_record.title if arxiv_record and by_arxiv else entry.title
        if len(title) > QUERY_TITLE_MAX:
            whose = "arXiv record's" if by_arxiv else "list's"
            notes.append(_cut_note("the Crossref search", whose, title))
    return notes


def _cut_note(search: str, whose: str, title: str) -> str:
    return (
        f"{search} asked for the first {len(query_title(title))} characters of the"
        f" {whose} title ({len(title)})"
    )


def _query(title: str, arxiv_record: ArxivRecord | None, cut: bool) -> str:
    author = arxiv_record.authors[0].split()[-1] if arxiv_record and arxiv_record.authors else ""
    if cut:
        title, author = query_title(title), author[:QUERY_TITLE_MAX]
    return f"{title} {author}".strip()
