"""arXiv records and their Atom rendering, element order and namespaces as the 2026 samples."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from xml.etree import ElementTree
from xml.sax.saxutils import escape, quoteattr

ATOM_TYPE = "application/atom+xml; charset=utf-8"
SCHEME = "http://arxiv.org/schemas/atom"
FEED_OPEN = (
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
    'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">\n'
)
Author = str | tuple[str, list[str]]


@dataclass
class ArxivRecord:
    """One arXiv paper; `version` is the latest, dates are RFC 3339 (`...Z`).

    `title` is the current title, the only one `ti:` searches find; `version_titles`
    holds earlier versions' titles (shown when an id_list asks for that version).
    `dois` are written one `<arxiv:doi>` each; `doi=` is the first of them.
    """

    id: str
    title: str = "Untitled"
    version: int = 1
    published: str = "2020-01-01T00:00:00Z"
    updated: str | None = None
    summary: str = "An abstract."
    authors: list[Author] = field(default_factory=lambda: ["A. Author"])
    doi: str | None = None
    journal_ref: str | None = None
    comment: str | None = None
    primary_category: str = "cs.CV"
    categories: list[str] = field(default_factory=list)
    version_dates: dict[int, str] = field(default_factory=dict)
    dois: tuple[str, ...] = ()
    version_titles: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.dois = self.all_dois()
        self.doi = self.dois[0] if self.dois else None

    def all_dois(self) -> tuple[str, ...]:
        """`doi` (if set) then `dois`, without repeats."""
        return tuple(dict.fromkeys(((self.doi,) if self.doi else ()) + tuple(self.dois)))

    def title_of(self, version: int) -> str:
        """The title `version` carried (the current title unless `version_titles` says)."""
        return (
            self.version_titles.get(version, self.title) if version < self.version else self.title
        )

    def as_of(self, version: int) -> ArxivRecord:
        """The record as arXiv indexes `version`: that version's title."""
        return replace(self, title=self.title_of(version)) if version < self.version else self

    def date_of(self, version: int) -> str:
        """Submission time of `version` (v1 is `published`, latest is `updated`)."""
        if version in self.version_dates:
            return self.version_dates[version]
        if version == self.version and self.updated:
            return self.updated
        return self.published

    def author_names(self) -> list[str]:
        """Author names without affiliations."""
        return [a if isinstance(a, str) else a[0] for a in self.authors]

    def field_text(self, field: str) -> str:
        """Text searched by a `search_query` field prefix."""
        texts = {
            "ti": self.title,
            "au": " ; ".join(self.author_names()),
            "abs": self.summary,
            "co": self.comment or "",
            "jr": self.journal_ref or "",
            "cat": " ".join(self.categories or [self.primary_category]),
            "id": self.id,
            "rn": "",
        }
        if field == "all":
            return " ; ".join(texts.values())
        return texts[field]


def make_records(titles: Iterable[str], prefix: str = "2101", first: int = 1) -> list[ArxivRecord]:
    """Records `{prefix}.{first:05d}`... with the given titles, published a day apart."""
    out = []
    for i, title in enumerate(titles):
        day = datetime(2021, 1, 1, 12, tzinfo=UTC).timestamp() + 86400 * i
        stamp = datetime.fromtimestamp(day, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        out.append(ArxivRecord(f"{prefix}.{first + i:05d}", title, published=stamp))
    return out


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _entry(rec: ArxivRecord, version: int) -> str:
    vid = f"{rec.id}v{version}"
    lines = [
        "  <entry>",
        f"    <id>http://arxiv.org/abs/{vid}</id>",
        f"    <title>{escape(rec.title_of(version))}</title>",
        f"    <updated>{rec.date_of(version)}</updated>",
        f'    <link href="https://arxiv.org/abs/{vid}" rel="alternate" type="text/html"/>',
        f'    <link href="https://arxiv.org/pdf/{vid}" rel="related" type="application/pdf"'
        ' title="pdf"/>',
        f"    <summary>{escape(rec.summary)}</summary>",
    ]
    for cat in rec.categories or [rec.primary_category]:
        lines.append(f'    <category term={quoteattr(cat)} scheme="{SCHEME}"/>')
    lines.append(f"    <published>{rec.published}</published>")
    if rec.comment:
        lines.append(f"    <arxiv:comment>{escape(rec.comment)}</arxiv:comment>")
    lines.append(f"    <arxiv:primary_category term={quoteattr(rec.primary_category)}/>")
    if rec.journal_ref:
        lines.append(f"    <arxiv:journal_ref>{escape(rec.journal_ref)}</arxiv:journal_ref>")
    for author in rec.authors:
        name, affils = (author, []) if isinstance(author, str) else author
        lines += ["    <author>", f"      <name>{escape(name)}</name>"]
        lines += [f"      <arxiv:affiliation>{escape(a)}</arxiv:affiliation>" for a in affils]
        lines.append("    </author>")
    for doi in rec.all_dois():  # one element and one link per DOI, as arxiv-search writes them
        lines.append(f"    <arxiv:doi>{escape(doi)}</arxiv:doi>")
        href = quoteattr(f"https://doi.org/{doi}")
        lines.append(f'    <link rel="related" href={href} title="doi"/>')
    lines.append("  </entry>")
    return "\n".join(lines) + "\n"


def render_feed(
    q: dict[str, str], start: int, size: int, total: int, entries: list[tuple[ArxivRecord, int]]
) -> bytes:
    """A query-result feed, element order and namespaces as the 2026 samples."""
    sq, ids = q.get("search_query", ""), q.get("id_list", "")
    digest = hashlib.sha1(f"{sq}|{ids}|{start}|{size}".encode()).hexdigest()[:27]
    self_link = f"https://arxiv.org/api/query?search_query={sq}&start={start}&max_results={size}"
    head = (
        f"  <id>https://arxiv.org/api/{digest}</id>\n"
        f"  <title>{escape(f'arXiv Query: search_query={sq}&id_list={ids}')}"
        f"{escape(f'&start={start}&max_results={size}')}</title>\n"
        f"  <updated>{_now()}</updated>\n"
        f'  <link href={quoteattr(f"{self_link}&id_list={ids}")} type="application/atom+xml"/>\n'
        f"  <opensearch:itemsPerPage>{size}</opensearch:itemsPerPage>\n"
        f"  <opensearch:totalResults>{total}</opensearch:totalResults>\n"
        f"  <opensearch:startIndex>{start}</opensearch:startIndex>\n"
    )
    body = "".join(_entry(rec, v) for rec, v in entries)
    return (FEED_OPEN + head + body + "</feed>\n").encode()


def render_error(message: str) -> bytes:
    """The single-`Error`-entry feed arXiv sends with HTTP 400."""
    link = f"https://arxiv.org/api/errors#{message.replace(' ', '_')}"
    now = _now()
    return (
        FEED_OPEN + "  <id>https://arxiv.org/</id>\n  <title>arXiv Search Results</title>\n"
        f"  <updated>{now}</updated>\n  <opensearch:itemsPerPage>1</opensearch:itemsPerPage>\n"
        "  <opensearch:totalResults>1</opensearch:totalResults>\n"
        "  <opensearch:startIndex>0</opensearch:startIndex>\n  <entry>\n"
        f"    <id>{escape(link)}</id>\n    <title>Error</title>\n    <updated>{now}</updated>\n"
        f'    <link href={quoteattr(link)} rel="alternate" type="text/html"/>\n'
        f"    <summary>{escape(message)}</summary>\n"
        "    <author>\n      <name>arXiv api core</name>\n    </author>\n  </entry>\n</feed>\n"
    ).encode()


def records_from_feed(xml: bytes | str) -> list[ArxivRecord]:
    """Parse the entries of a real (or fake) arXiv feed back into records."""
    ns = {"a": "http://www.w3.org/2005/Atom", "x": SCHEME}
    out = []
    for e in ElementTree.fromstring(xml).iterfind("a:entry", ns):
        short = (e.findtext("a:id", "", ns)).split("arxiv.org/abs/")[-1]
        base, _, ver = short.rpartition("v")
        authors: list[Author] = []
        for a in e.iterfind("a:author", ns):
            affils = [x.text or "" for x in a.iterfind("x:affiliation", ns)]
            name = a.findtext("a:name", "", ns)
            authors.append((name, affils) if affils else name)
        primary = e.find("x:primary_category", ns)
        out.append(
            ArxivRecord(
                id=base,
                title=e.findtext("a:title", "", ns),
                version=int(ver),
                published=e.findtext("a:published", "", ns),
                updated=e.findtext("a:updated", "", ns),
                summary=e.findtext("a:summary", "", ns),
                authors=authors,
                dois=tuple(d.text or "" for d in e.iterfind("x:doi", ns)),
                journal_ref=e.findtext("x:journal_ref", None, ns),
                comment=e.findtext("x:comment", None, ns),
                primary_category=primary.get("term", "") if primary is not None else "",
                categories=[c.get("term", "") for c in e.iterfind("a:category", ns)],
            )
        )
    return out
