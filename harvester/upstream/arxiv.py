"""arXiv over the `arxiv` client: batched ID look-ups and batched title searches.

The client makes the requests and parses the feed; our transport adapter under it
sets the timeout and User-Agent, paces every request (batches, pages and retries
alike), keeps each raw reply, and turns HTTP failures into our error tree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

import arxiv
import arxiv._feed
from lxml import etree

from harvester.errors import FetchError, TransientFetchError
from harvester.upstream.arxiv_http import (
    ARXIV_NS,
    ATOM,
    ATOM_FEED,
    SAFE_XML,
    ArxivTransport,
    drop_unreadable,
)
from harvester.upstream.retrying import RetryLog, RetryPolicy, call_with_retries
from harvester.values.evidence import ArxivRecord, RawReply
from harvester.values.ids import normalise_doi, split_arxiv_id
from harvester.values.titles import query_title

#: IDs per id_list request: long lists fail with HTTP 414; 100 is safe.
ID_BATCH = 100
#: Titles per OR-joined search_query, and results asked per title.
TITLE_BATCH = 10
HITS_PER_TITLE = 5
SERVICE = "arxiv"
_WORD = re.compile(r"[^\W_]+(?:['\u2019.][^\W_]+)*")


@dataclass
class ArxivReplies:
    """Records by versionless ID (or hits), IDs called nonexistent, what failed, raw replies."""

    records: dict[str, ArxivRecord] = field(default_factory=dict)
    missing: set[str] = field(default_factory=set)
    failed: dict[str, str] = field(default_factory=dict)  # ID or title -> why, after retries
    unreadable: dict[str, str] = field(default_factory=dict)  # ID -> what cannot be read
    replies: list[RawReply] = field(default_factory=list)


class ArxivApi:
    """One shared client per run; every request paced and retried by our policy."""

    def __init__(self, transport: ArxivTransport, policy: RetryPolicy, log: RetryLog) -> None:
        self.transport = transport
        self.policy = policy
        self.log = log
        self.client = arxiv.Client(page_size=ID_BATCH, delay_seconds=0, num_retries=0)
        self.client.query_url_format = transport.endpoint + "?{}"
        self.client._session = transport.session  # the library offers no other hook

    def fetch_by_ids(self, ids: list[str]) -> ArxivReplies:
        """Look up well-formed IDs in batches; IDs missing from a batch are asked alone."""
        out = ArxivReplies()
        wanted = list(dict.fromkeys(i for i in ids if split_arxiv_id(i)))
        for batch in _chunks(wanted, ID_BATCH):
            found = self._search_or_fail(_by_ids(batch), batch, out)
            if found == [] and len(batch) > 1:  # an empty page for a list of IDs: ask again once
                found = self._search_or_fail(_by_ids(batch), batch, out)
            out.records.update({r.arxiv_id: r for r in found or [] if r.arxiv_id in batch})
        skip = out.failed.keys() | out.unreadable.keys()
        for arxiv_id in [i for i in wanted if i not in out.records and i not in skip]:
            found = self._search_or_fail(_by_ids([arxiv_id]), [arxiv_id], out)
            match = [r for r in found or [] if r.arxiv_id == arxiv_id]
            if match:
                out.records[arxiv_id] = match[0]
            elif found is not None:
                out.missing.add(arxiv_id)
        return out

    def search_titles(self, titles: list[str]) -> ArxivReplies:
        """All hits (in `records`) of OR-joined `ti:` phrase searches, TITLE_BATCH per request.

        Titles whose batch failed are in `failed`.
        """
        out = ArxivReplies()
        phrase_of = _phrases(titles)
        for batch in _chunks(list(dict.fromkeys(phrase_of.values())), TITLE_BATCH):
            query = " OR ".join(f'ti:"{p}"' for p in batch)
            search = arxiv.Search(query=query, max_results=HITS_PER_TITLE * len(batch))
            failed_titles = [t for t, p in phrase_of.items() if p in batch]
            hits = self._search_or_fail(search, failed_titles, out)
            if hits == [] and len(batch) > 1:  # an empty page for several titles: ask again once
                hits = self._search_or_fail(search, failed_titles, out)
            out.records.update({r.arxiv_id: r for r in hits or []})
        return out

    def _search_or_fail(
        self, search: arxiv.Search, keys: list[str], out: ArxivReplies
    ) -> list[ArxivRecord] | None:
        """The search's records, or None with `keys` marked failed when retries ran out."""
        try:
            return self._search(search, out)
        except FetchError as exc:
            out.failed.update(dict.fromkeys(keys, str(exc)))
            return None

    def _search(self, search: arxiv.Search, out: ArxivReplies) -> list[ArxivRecord]:
        def attempt() -> list[ArxivRecord]:
            try:
                results = list(self.client.results(search))
            except arxiv.ArxivError as exc:  # an empty later page, or a status we let through
                raise TransientFetchError(SERVICE, exc.url, str(exc)) from None
            except (ValueError, OverflowError) as exc:  # a date the transport let through
                raise TransientFetchError(
                    SERVICE, self.transport.endpoint, f"bad feed: {exc}"
                ) from None
            return [r for res in results if (r := record_from_result(res)) is not None]

        replies: list[RawReply] = []
        try:
            records = call_with_retries(
                attempt, SERVICE, self.policy, self.log, self.transport.sleep
            )
        finally:
            replies = self.transport.take_replies()
            out.replies.extend(replies)
            out.unreadable.update(self.transport.take_unreadable())
        return with_declared_dois(records, [r.body.encode() for r in replies])


def title_batches(titles: list[str]) -> list[list[str]]:
    """`titles` grouped as `search_titles` asks them, one request each (titles without a
    searchable word are in none)."""
    titles_of: dict[str, list[str]] = {}
    for title, phrase in _phrases(titles).items():
        titles_of.setdefault(phrase, []).append(title)
    return [
        [t for p in batch for t in titles_of[p]] for batch in _chunks(list(titles_of), TITLE_BATCH)
    ]


def _phrases(titles: list[str]) -> dict[str, str]:
    return {t: p for t in dict.fromkeys(titles) if (p := title_phrase(t))}


def _by_ids(ids: list[str]) -> arxiv.Search:
    return arxiv.Search(id_list=ids, max_results=len(ids))


def record_from_result(result: arxiv.Result) -> ArxivRecord | None:
    """Our frozen record of a library result; None when its ID cannot be read. Blank author
    names are no authors (the Crossref query takes the first author's last word)."""
    split = split_arxiv_id(result.entry_id.rsplit("/abs/", 1)[-1])
    if split is None:
        return None
    return ArxivRecord(
        arxiv_id=split[0],
        version=split[1],
        published_at=_utc(result.published),
        updated_at=_utc(result.updated),
        title=" ".join(result.title.split()),
        authors=tuple(n for a in result.authors if (n := " ".join(a.name.split()))),
        doi=normalise_doi(result.doi) if result.doi else None,
        journal_ref=result.journal_ref or None,
    )


def records_from_feed(body: bytes, latest: int) -> tuple[list[ArxivRecord], dict[str, str]]:
    """The records of one Atom reply as a harvest reads them (entries whose dates are not
    in the sane range up to year `latest` dropped first, as the transport drops them; then
    the client's parser, with every DOI), and why each dropped record cannot be read, by
    ID. A body that is no Atom feed holds no records."""
    try:
        root = etree.fromstring(body, parser=SAFE_XML)
    except etree.LxmlError:
        return [], {}
    if root is None or root.tag != ATOM_FEED:
        return [], {}
    unreadable = drop_unreadable(root, latest)
    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    results = arxiv._feed.parse(body).results
    records = [r for res in results if (r := record_from_result(res)) is not None]
    return with_declared_dois(records, [body]), unreadable


def with_declared_dois(records: list[ArxivRecord], bodies: list[bytes]) -> list[ArxivRecord]:
    """`records` with every DOI their entries declare in the raw Atom `bodies`: the feed
    writes one `<arxiv:doi>` per DOI (or several in one, separated by spaces), and the
    client keeps only the first."""
    found: dict[str, tuple[str, ...]] = {}
    for body in bodies:
        found |= _dois_in_feed(body)
    return [
        replace(r, doi=dois[0], dois=dois) if (dois := found.get(r.arxiv_id)) else r
        for r in records
    ]


def _dois_in_feed(body: bytes) -> dict[str, tuple[str, ...]]:
    try:
        root = etree.fromstring(body, parser=SAFE_XML)
    except etree.XMLSyntaxError:
        return {}
    out = {}
    for entry in [] if root is None else root.iterfind(f"{ATOM}entry"):
        split = split_arxiv_id((entry.findtext(f"{ATOM}id") or "").rsplit("/abs/", 1)[-1])
        texts = [t for el in entry.iterfind(f"{ARXIV_NS}doi") for t in (el.text or "").split()]
        dois = tuple(dict.fromkeys(d for t in texts if (d := normalise_doi(t))))
        if split and dois:
            out[split[0]] = dois
    return out


def title_phrase(title: str) -> str:
    """A title as a phrase the API can search, in words as arXiv's tokenizer cuts them:
    letters and digits joined by an apostrophe or a period stay one word (`Goodhart's`,
    `Qwen2.5`, `3.0`); other punctuation separates words."""
    return " ".join(_WORD.findall(query_title(title)))


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
