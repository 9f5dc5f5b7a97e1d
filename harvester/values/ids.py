"""The normal forms of identifiers, applied once (pure).

`arxiv_id` is always the versionless ID (`2401.10637`, `cs/0102003`); `doi` is
always lower-case and URL-decoded.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

#: Archives of old-style arXiv IDs (before April 2007), as arXiv lists them.
OLD_ARCHIVES = frozenset(
    "acc-phys adap-org alg-geom ao-sci astro-ph atom-ph bayes-an chao-dyn chem-ph cmp-lg "
    "comp-gas cond-mat cs dg-ga funct-an gr-qc hep-ex hep-lat hep-ph hep-th math math-ph "
    "mtrl-th nlin nucl-ex nucl-th patt-sol physics plasm-ph q-alg q-bio quant-ph "
    "solv-int supr-con".split()
)

#: A version has at most nine digits (int() of thousands of digits raises).
_VERSION = r"(?:v(?P<v>\d{1,9}))?"
_NEW_ID = re.compile(r"(?P<yymm>\d{4})\.(?P<num>\d{4,5})" + _VERSION)
_OLD_ID = re.compile(r"(?P<arch>[a-z][a-z\-]*)(?:\.[A-Za-z\-]{2,})?/(?P<num>\d{7})" + _VERSION)
_DOI = re.compile(r"10\.\d{4,9}/\S+")
ARXIV_DOI = re.compile(r"10\.48550/arxiv\.(.+)", re.IGNORECASE)


def split_arxiv_id(text: str) -> tuple[str, int | None] | None:
    """Return (versionless ID, version) for a well-formed arXiv ID, else None."""
    text = text.strip()
    if m := _NEW_ID.fullmatch(text):
        yymm, num = m["yymm"], m["num"]
        month = int(yymm[2:])
        if not 1 <= month <= 12 or int(yymm) < 704:
            return None
        if len(num) != (5 if int(yymm) >= 1501 else 4):
            return None
        return f"{yymm}.{num}", int(m["v"]) if m["v"] else None
    if (m := _OLD_ID.fullmatch(text)) and m["arch"] in OLD_ARCHIVES:
        return f"{m['arch']}/{m['num']}", int(m["v"]) if m["v"] else None
    return None


def normalise_doi(text: str) -> str | None:
    """Lower-case, URL-decode and trim a DOI; None when it is not one (or is arXiv's own)."""
    doi = unquote(text).strip().lower().rstrip(".,;")
    if not _DOI.fullmatch(doi) or ARXIV_DOI.fullmatch(doi):
        return None
    return doi
