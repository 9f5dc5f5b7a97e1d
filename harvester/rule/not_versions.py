"""Works that are never an entry's published version, whatever a search says (pure).

The date rule's "Never a published version": preprint servers (by DOI prefix, even when
typed `journal-article`, as older SSRN DOIs are) and `subtype` preprint; notices about a
paper (corrections, errata, retractions, replies, reviews; or any work with
`update-to`); and types that are no paper version, unless the list links that DOI.
"""

from __future__ import annotations

import re

from harvester.values.evidence import CrossrefWork

#: DOI prefixes of preprint servers: SSRN, Research Square, Preprints.org, TechRxiv,
#: Authorea, ChemRxiv, OSF Preprints, PsyArXiv, SocArXiv, arXiv.
PREPRINT_PREFIXES = (
    "10.2139/", "10.21203/", "10.20944/", "10.36227/", "10.22541/", "10.26434/",
    "10.31219/", "10.31234/", "10.31235/", "10.48550/",
)  # fmt: skip
#: A title that opens like one of these is a notice about a paper, not the paper.
NOTICE = re.compile(
    r"(?i)^\s*(?:correction to\b|correction:|author correction\b|publisher correction\b"
    r"|erratum|corrigendum|retraction\b|retracted:|expression of concern\b|reply to\b"
    r"|response to\b|comment on\b|review for\b|addendum\b)"
)
#: The types a published version may have when the list does not link it.
VERSION_TYPES = frozenset(
    {"journal-article", "proceedings-article", "book-chapter", "book", "monograph"}
)


def never_a_version(work: CrossrefWork, linked: bool = False) -> str | None:
    """Why `work` is never a published version (None when it may be one); `linked`: the
    list links its DOI, which admits any type but not a preprint or a notice."""
    if work.type == "posted-content" or work.subtype == "preprint":
        return "posted-content is a preprint" if work.type == "posted-content" else "a preprint"
    if work.doi.startswith(PREPRINT_PREFIXES):
        return f"a preprint server's work ({work.doi.split('/')[0]})"
    if work.updates or NOTICE.match(work.title):
        return "a notice about a paper (correction, erratum, reply, review...)"
    if not linked and work.type not in VERSION_TYPES:
        return f"a {work.type}, not a version of a paper"
    return None
