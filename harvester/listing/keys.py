"""Stable entry keys (pure).

A key names the paper, not the line: the first arXiv ID the entry links, else its
first DOI, else a publisher's document ID, else a hash of its normalised title.
So re-ordering the list, editing a date or adding a code link keep the key. When a
key would change between two parses (a title typo fixed on a title-keyed entry, an
identifier added), `carry_keys` hands the old key over to the entry that replaced it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from rapidfuzz import fuzz

from harvester.values.entries import Entry, KnownEntry
from harvester.values.titles import normalise_title

#: Two titles this similar (rapidfuzz ratio over normalised titles) are one entry edited.
SAME_ENTRY_TITLE_RATIO = 90.0


def base_key(entry: Entry) -> str:
    """The key an entry's own content gives, before duplicates are told apart."""
    if entry.arxiv_ids:
        return f"arxiv:{entry.arxiv_ids[0]}"
    if entry.dois:
        return f"doi:{entry.dois[0]}"
    if entry.hints:
        return f"{entry.hints[0].kind}:{entry.hints[0].value}"
    if title := normalise_title(entry.title):
        return "title:" + hashlib.sha256(title.encode()).hexdigest()[:16]
    return f"position:{entry.position}"


def assign_keys(entries: Iterable[Entry]) -> list[Entry]:
    """Give each entry its key; the n-th duplicate of a key gets the suffix `~n`."""
    seen: Counter[str] = Counter()
    keyed = []
    for entry in entries:
        key = base_key(entry)
        seen[key] += 1
        keyed.append(replace(entry, entry_key=key if seen[key] == 1 else f"{key}~{seen[key]}"))
    return keyed


def carry_keys(known: Iterable[KnownEntry], entries: list[Entry]) -> list[Entry]:
    """Reuse the key of a known entry that vanished when a new entry is plainly the same paper."""
    current = {e.entry_key for e in entries}
    vanished = [k for k in known if k.entry_key not in current]
    out = []
    for entry in entries:
        match = None if entry.entry_key in {k.entry_key for k in known} else _same(entry, vanished)
        if match is not None:
            vanished.remove(match)
            entry = replace(entry, entry_key=match.entry_key)
        out.append(entry)
    return out


def _same(entry: Entry, candidates: list[KnownEntry]) -> KnownEntry | None:
    title = normalise_title(entry.title)
    for known in candidates:
        if set(entry.arxiv_ids) & set(known.arxiv_ids) or set(entry.dois) & set(known.dois):
            return known
    scored = [(fuzz.ratio(title, normalise_title(k.title)), k) for k in candidates]
    good = [(score, k) for score, k in scored if title and score >= SAME_ENTRY_TITLE_RATIO]
    if len(good) == 1:
        return good[0][1]
    return None
