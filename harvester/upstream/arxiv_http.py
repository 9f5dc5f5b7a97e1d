"""The HTTP layer under the `arxiv` client: deadline, User-Agent, pacing, raw replies, errors.

`arxiv` 4.0.2 sends through a `requests.Session` with no timeout and treats every
non-200 alike. The session's only adapter is this one: it sends each request with httpx
through `fetch_capped` (urllib3, under requests, bounds each socket read but not the
request, so a trickled reply would hold it for ever), and hands the client a
`requests.Response` built from the whole reply. Here its HTTP is translated into our error
tree. Redirects are not followed: the configured endpoint is the one asked.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

import requests
from lxml import etree
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers

from harvester.errors import PermanentFetchError, TransientFetchError
from harvester.upstream.deadline import bounded_client
from harvester.upstream.pacing import Pacer
from harvester.upstream.transport import Reply, ReplyLog, check_status, fetch_capped
from harvester.values.checks import shown, timestamp_from
from harvester.values.evidence import RawReply
from harvester.values.ids import split_arxiv_id

SERVICE = "arxiv"
ATOM = "{http://www.w3.org/2005/Atom}"
ATOM_FEED = f"{ATOM}feed"
ARXIV_NS = "{http://arxiv.org/schemas/atom}"
#: No entities, no network, no huge trees: the one way an arXiv reply is parsed here.
SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class ArxivTransport(BaseAdapter):
    """A requests adapter that paces, bounds, records and translates every arXiv request."""

    def __init__(
        self,
        endpoint: str,
        timeout: float,
        user_agent: str,
        pacer: Pacer,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__()
        self.endpoint = endpoint
        self.timeout = timeout
        self.user_agent = user_agent
        self.pacer = pacer
        self.sleep = sleep
        self.log = ReplyLog(SERVICE)
        self.unreadable: dict[str, str] = {}
        self.stopped = threading.Event()  # set: no request is made any more
        self.http = bounded_client()
        self.session = requests.Session()
        self.session.mount("http://", self)
        self.session.mount("https://", self)

    def take_replies(self) -> list[RawReply]:
        """The good replies recorded since the last call."""
        return self.log.take_replies()

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        """Send one paced request, whole within the deadline; raise our errors for anything
        but a well-formed Atom feed."""
        url = request.url or self.endpoint
        self.pacer.wait()
        if self.stopped.is_set():  # checked after the wait: the harvest may have ended in it
            raise PermanentFetchError(SERVICE, url, "the harvest stopped")
        self.log.count()
        reply = fetch_capped(
            self.http, SERVICE, url, self.timeout, headers={"User-Agent": self.user_agent}
        )
        body = reply.body
        root = self._check(url, reply.status, reply.headers, body)
        if self._drop_unreadable(root):  # the client parses only the readable entries
            body = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
        self.log.record(url, reply.status, body.decode("utf-8", errors="replace"))
        return _response(request, reply, body)

    def close(self) -> None:
        """Release the connections (the session closes its adapters)."""
        self.http.close()

    def take_unreadable(self) -> dict[str, str]:
        """Records dropped from replies since the last call, by ID, with the reason."""
        taken, self.unreadable = self.unreadable, {}
        return taken

    def _drop_unreadable(self, root: Any) -> bool:
        """Remove entries whose dates cannot be read and remember why, so they are reported
        rather than called nonexistent; True when there were any."""
        before = len(root)
        self.unreadable.update(drop_unreadable(root, datetime.now(UTC).year + 1))
        return len(root) < before

    def _check(self, url: str, status: int, headers: Mapping[str, str], body: bytes) -> Any:
        check_status(SERVICE, url, status, headers, _excerpt(body) if status != 200 else "")
        if body.strip().startswith(b"Rate exceeded"):
            raise TransientFetchError(SERVICE, url, "HTTP 200 'Rate exceeded.'", 200)
        try:
            root = etree.fromstring(body, parser=SAFE_XML)
        except etree.XMLSyntaxError as exc:
            raise TransientFetchError(SERVICE, url, f"unparsable reply: {exc}", 200) from None
        if root is None or root.tag != ATOM_FEED:
            raise TransientFetchError(SERVICE, url, "reply is not an Atom feed", 200)
        for entry_id in root.iterfind(
            "{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}id"
        ):
            if "/api/errors" in (entry_id.text or ""):
                raise PermanentFetchError(SERVICE, url, f"arXiv API error: {_excerpt(body)}", 200)
        return root


def _response(request: requests.PreparedRequest, reply: Reply, body: bytes) -> requests.Response:
    """What requests' own adapter would have returned for `reply`, its body read."""
    response = requests.Response()
    response.status_code = reply.status
    response.reason = reply.reason
    response.headers = CaseInsensitiveDict(reply.decoded_headers())
    response.encoding = get_encoding_from_headers(response.headers)
    response.url = reply.url
    response.request = request
    response._content = body
    return response


def drop_unreadable(root: Any, latest: int) -> dict[str, str]:
    """Remove from a parsed feed every entry whose `<published>` or `<updated>` is no
    timestamp in the sane range (years 1900 to `latest`, `values.checks`): the client would
    skip it, choke on it, or overflow (9999-12-31T23:00-05:00). Why, by versionless ID, for
    the entries whose ID can be read."""
    dropped = {}
    for entry in root.findall(f"{ATOM}entry"):
        if problem := _date_problem(entry, latest):
            split = split_arxiv_id((entry.findtext(f"{ATOM}id") or "").rsplit("/abs/", 1)[-1])
            if split:
                dropped[split[0]] = f"arXiv record {split[0]}: {problem}"
            root.remove(entry)
    return dropped


def _date_problem(entry: Any, latest: int) -> str | None:
    for field in ("published", "updated"):
        text = entry.findtext(f"{ATOM}{field}")
        _, why = timestamp_from(text, latest)
        if why == "it is missing":
            return f"<{field}> is missing"
        if why:
            return f"<{field}> {shown(text.strip())} is not a date: {why}"
    return None


def _excerpt(body: bytes) -> str:
    """The `<summary>` of an arXiv Error entry, else the start of the body."""
    try:
        root = etree.fromstring(body, parser=SAFE_XML)
        summary = root.find(".//{http://www.w3.org/2005/Atom}summary") if root is not None else None
        if summary is not None and summary.text:
            return " ".join(summary.text.split())
    except etree.XMLSyntaxError:
        pass
    return " ".join(body[:200].decode("utf-8", errors="replace").split())
