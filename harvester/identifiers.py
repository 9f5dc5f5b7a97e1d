"""arXiv IDs, DOIs and host hints out of link URLs, normalised once (pure).

`arxiv_id` is always the versionless ID (`2401.10637`, `cs/0102003`); `doi` is
always lower-case and URL-decoded.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

ARXIV_HOSTS = frozenset({"arxiv.org", "www.arxiv.org", "export.arxiv.org"})
DOI_HOSTS = frozenset({"doi.org", "dx.doi.org", "www.doi.org"})
CODE_HOSTS = frozenset({"github.com", "gitlab.com", "bitbucket.org", "huggingface.co"})

#: Archives of old-style arXiv IDs (before April 2007), as arXiv lists them.
OLD_ARCHIVES = frozenset(
    "acc-phys adap-org alg-geom ao-sci astro-ph atom-ph bayes-an chao-dyn chem-ph cmp-lg "
    "comp-gas cond-mat cs dg-ga funct-an gr-qc hep-ex hep-lat hep-ph hep-th math math-ph "
    "mtrl-th nlin nucl-ex nucl-th patt-sol physics plasm-ph q-alg q-bio quant-ph "
    "solv-int supr-con".split()
)

_NEW_ID = re.compile(r"(?P<yymm>\d{4})\.(?P<num>\d{4,5})(?:v(?P<v>\d+))?")
_OLD_ID = re.compile(r"(?P<arch>[a-z][a-z\-]*)(?:\.[A-Za-z\-]{2,})?/(?P<num>\d{7})(?:v(?P<v>\d+))?")
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_OTHER_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.\-]*:")
_ARXIV_DOI = re.compile(r"10\.48550/arxiv\.(.+)", re.IGNORECASE)


@dataclass(frozen=True)
class HostHint:
    """A link that holds no identifier but names the paper on a known host."""

    kind: str
    value: str


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


def arxiv_id_from_url(url: str) -> str | None:
    """The versionless arXiv ID an arxiv.org abs/pdf/html link (or arXiv DOI) points to."""
    parts = _split(url)
    if parts is None:
        return None
    host, path, _ = parts
    if host in DOI_HOSTS:
        m = _ARXIV_DOI.fullmatch(unquote(path.lstrip("/")))
        return _versionless(m.group(1)) if m else None
    if host not in ARXIV_HOSTS:
        return None
    m = re.fullmatch(r"/(?:abs|pdf|html|ftp/arxiv/papers/\d{4})/(.+?)(?:\.pdf)?/?", path)
    return _versionless(m.group(1)) if m else None


def doi_from_url(url: str) -> str | None:
    """The DOI a doi.org link or a DOI-bearing publisher URL holds, normalised."""
    parts = _split(url)
    if parts is None:
        return None
    host, path, query = parts
    candidate: str | None = None
    if host in DOI_HOSTS:
        candidate = path.lstrip("/")
    elif host == "link.springer.com":
        m = re.match(r"/(?:chapter|article|content/pdf)/(10\..+)", path)
        candidate = m.group(1).removesuffix(".pdf") if m else None
    elif host in {"onlinelibrary.wiley.com", "dl.acm.org"}:
        m = re.match(r"/doi/(?:abs/|full/|pdf/|epdf/|fullHtml/|book/)?(10\..+)", path)
        candidate = m.group(1) if m else None
    elif host == "journals.plos.org":
        candidate = next(iter(parse_qs(query).get("id", [])), None)
    return normalise_doi(candidate) if candidate else None


def normalise_doi(text: str) -> str | None:
    """Lower-case, URL-decode and trim a DOI; None when it is not one (or is arXiv's own)."""
    doi = unquote(text).strip().lower().rstrip(".,;")
    if not _DOI.fullmatch(doi) or _ARXIV_DOI.fullmatch(doi):
        return None
    return doi


def hint_from_url(url: str) -> HostHint | None:
    """A host hint for title search when the link holds no identifier."""
    parts = _split(url)
    if parts is None:
        return None
    host, path, query = parts
    if host == "ieeexplore.ieee.org" and (m := re.search(r"/document/(\d+)", path)):
        return HostHint("ieee", m.group(1))
    if host.endswith("sciencedirect.com") and (m := re.search(r"/pii/([0-9A-Z]+)", path)):
        return HostHint("sciencedirect_pii", m.group(1))
    if host == "openaccess.thecvf.com":
        return HostHint("cvf", path)
    if host == "openreview.net" and (ids := parse_qs(query).get("id")):
        return HostHint("openreview", ids[0])
    return None


def link_kind(url: str) -> str:
    """Classify a link URL: empty, anchor, non-http, arxiv, doi, publisher, code or other."""
    if not url.strip():
        return "empty"
    if url.startswith("#"):
        return "anchor"
    if _OTHER_SCHEME.match(url.strip()) and not url.strip().lower().startswith("http"):
        return "non-http"  # mailto:, tel:, javascript: ... never a paper's page
    if arxiv_id_from_url(url):
        return "arxiv"
    if doi_from_url(url):
        return "doi"
    if hint_from_url(url):
        return "publisher"
    parts = _split(url)
    return "code" if parts and parts[0] in CODE_HOSTS else "other"


@functools.lru_cache(maxsize=4096)
def _split(url: str) -> tuple[str, str, str] | None:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return None
    return parts.hostname.lower(), parts.path, parts.query


def _versionless(text: str) -> str | None:
    split = split_arxiv_id(unquote(text))
    return split[0] if split else None
