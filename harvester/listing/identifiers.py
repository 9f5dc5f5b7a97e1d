"""arXiv IDs, DOIs and host hints out of link URLs, in their normal forms (pure)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from urllib.parse import parse_qs, unquote, urlsplit

from harvester.values.entries import HostHint, Link, RecordedDate
from harvester.values.ids import ARXIV_DOI, normalise_doi, split_arxiv_id

ARXIV_HOSTS = frozenset({"arxiv.org", "www.arxiv.org", "export.arxiv.org", "browse.arxiv.org"})
DOI_HOSTS = frozenset({"doi.org", "dx.doi.org", "www.doi.org"})
#: Hosts that serve papers (proceedings, anthologies, journals) without an ID we read.
PAPER_HOSTS = frozenset(
    "aclanthology.org proceedings.mlr.press proceedings.neurips.cc papers.nips.cc "
    "ojs.aaai.org www.ijcai.org ieeexplore.ieee.org openaccess.thecvf.com openreview.net "
    "www.nature.com www.science.org pubmed.ncbi.nlm.nih.gov www.biorxiv.org "
    "www.medrxiv.org www.sciencedirect.com link.springer.com dl.acm.org".split()
)
CODE_HOSTS = frozenset({"github.com", "gitlab.com", "bitbucket.org", "huggingface.co"})
#: Archives whose URLs wrap the archived page's own URL (`web.archive.org/web/<time>/<url>`,
#: `scholar.archive.org/work/<id>/access/wayback/<url>`): links are read as the page's.
ARCHIVE_HOSTS = frozenset({"web.archive.org", "scholar.archive.org"})

_OTHER_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.\-]*:")
_WRAPPED_URL = re.compile(r"/(https?://.+)")
_PAPER_LABEL = re.compile(r"(?i)\b(?:paper|pdf|arxiv)\b")


def arxiv_id_from_url(url: str) -> str | None:
    """The versionless arXiv ID an arxiv.org abs/pdf/html link (or arXiv DOI) points to."""
    parts = _split(url)
    if parts is None:
        return None
    host, path, _ = parts
    if host in DOI_HOSTS:
        m = ARXIV_DOI.fullmatch(unquote(path.lstrip("/")))
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
    elif host in {"onlinelibrary.wiley.com", "dl.acm.org", "www.science.org"}:
        m = re.match(r"/doi/(?:abs/|full/|pdf/|epdf/|fullHtml/|book/)?(10\..+)", path)
        candidate = m.group(1) if m else None
    elif host == "iopscience.iop.org":
        m = re.match(r"/article/(10\.[^/]+/.+?)(?:/(?:meta|pdf|ampdf))?/?$", path)
        candidate = m.group(1) if m else None
    elif host == "journals.plos.org":
        candidate = next(iter(parse_qs(query).get("id", [])), None)
    return normalise_doi(candidate) if candidate else None


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


def is_paper_url(url: str) -> bool:
    """A link to a paper's page or PDF: a known paper host, or a `.pdf` anywhere."""
    parts = _split(url)
    if parts is None:
        return False
    return parts[0] in PAPER_HOSTS or parts[1].lower().endswith(".pdf")


def is_paper_link(link: Link) -> bool:
    """A link to a paper: an arXiv, DOI or publisher link, a paper URL, or one labelled
    `Paper`, `pdf` or `arXiv`."""
    return (
        link.kind in {"arxiv", "doi", "publisher"}
        or is_paper_url(link.url)
        or bool(_PAPER_LABEL.search(link.label))
    )


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
    host = parts.hostname.lower()
    if host in ARCHIVE_HOSTS and (inner := _WRAPPED_URL.search(parts.path)):
        return _split(inner.group(1) + (f"?{parts.query}" if parts.query else ""))
    return host, parts.path, parts.query


def _versionless(text: str) -> str | None:
    split = split_arxiv_id(unquote(text))
    return split[0] if split else None


def ids_from_links(
    links: Iterable[Link],
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[HostHint, ...]]:
    """(arXiv IDs, DOIs, host hints) an entry's links hold, each once, in link order."""
    links = list(links)
    arxiv_ids = dict.fromkeys(i for link in links if (i := arxiv_id_from_url(link.url)))
    dois = dict.fromkeys(d for link in links if (d := doi_from_url(link.url)))
    hints = dict.fromkeys(h for link in links if (h := hint_from_url(link.url)) is not None)
    return tuple(arxiv_ids), tuple(dois), tuple(hints)


def has_real_link(links: Iterable[Link]) -> bool:
    """Whether a link leads somewhere (not an anchor, an empty link or mailto:)."""
    return any(link.kind not in {"anchor", "empty", "non-http"} for link in links)


def entry_problems(links: Sequence[Link], date: RecordedDate | None) -> list[str]:
    """What is wrong with an entry's date and links, the date first."""
    problems = [f"link '{link.label}': {link.problem}" for link in links if link.problem]
    if date is not None and date.problem:
        problems.insert(0, f"date {date.problem}")
    return problems
