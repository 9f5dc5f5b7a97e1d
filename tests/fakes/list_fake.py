"""A loopback web server for lists given as SOURCE URLs: files by path, and redirects.

It answers as a static host does (GitHub's raw host, a web server): `put` a file at a
path, `redirect` a path elsewhere (any status, any Location, relative or absolute), and
everything else is a 404 page. Faults (trickle, stall, ...) apply as on the service fakes.
"""

from __future__ import annotations

from tests.fakes.faults import Fault
from tests.fakes.server import FakeServer, Request, Response

MARKDOWN = "text/plain; charset=utf-8"  # what raw.githubusercontent.com sends for .md


class ListFake(FakeServer):
    """Static files and redirects by path; `.url_of(path)` is the full URL of one."""

    def __init__(self, latency: float = 0.0) -> None:
        super().__init__(latency)
        self.routes: dict[str, Response] = {}

    def put(self, path: str, body: bytes) -> str:
        """Serve `body` at `path`; its URL."""
        self.routes[path] = Response(200, body, {"Content-Type": MARKDOWN})
        return self.url_of(path)

    def redirect(self, path: str, location: str, status: int = 302) -> str:
        """Answer `path` with `status` and `Location: location`; its URL."""
        body = f"<a href='{location}'>moved</a>\n".encode()
        self.routes[path] = Response(
            status, body, {"Location": location, "Content-Type": "text/html"}
        )
        return self.url_of(path)

    def url_of(self, path: str) -> str:
        """`http://127.0.0.1:PORT/path`."""
        return f"{self.base_url}{path}"

    def handle(self, req: Request, fault: Fault | None) -> Response | Fault:
        """The file or redirect at the path, else 404."""
        return self.routes.get(req.path, Response(404, b"Not Found\n", {"Content-Type": MARKDOWN}))
