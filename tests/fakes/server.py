"""A reusable loopback HTTP server for fakes: request log, fault script, latency.

Subclasses implement `handle(request, fault)` and return a `Response` (or a
`Fault` to render, e.g. a throttling reply). The server binds 127.0.0.1 on a
free port, serves from a daemon thread, and is a context manager.
"""

from __future__ import annotations

import contextlib
import gzip
import socket
import threading
import time
from collections import deque
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qs, unquote, urlsplit

from tests.fakes.faults import DIRECT_KINDS, Fault, Predicate, html_error
from tests.fakes.wire import LogEntry, Request, RequestLog, Response

__all__ = ["FakeServer", "LogEntry", "Request", "RequestLog", "Response"]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 10
    server: _HTTPServer

    def do_GET(self) -> None:
        self.server.fake._dispatch(self)

    do_HEAD = do_POST = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default stderr access log."""

    def setup(self) -> None:
        super().setup()
        # Real servers answer without Nagle's delay; without this, keep-alive clients wait
        # ~40 ms per reply on delayed ACKs.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.fake._track(self.connection, add=True)

    def finish(self) -> None:
        self.server.fake._track(self.connection, add=False)
        super().finish()


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Client went away mid-reply (timeouts, drops): expected here, stay quiet."""


class FakeServer:
    """Base fake: start/stop, `.log`, `.script()`, `.fail_forever()`, `.latency`."""

    max_url_length: int | None = None

    def __init__(self, latency: float = 0.0) -> None:
        self.latency = latency
        self.log = RequestLog()
        self._lock = threading.Lock()
        self._script: deque[tuple[Fault, Predicate | None]] = deque()
        self._permanent: tuple[Fault, Predicate | None] | None = None
        self._stopping = threading.Event()
        self._conns: set[socket.socket] = set()
        self._inflight = 0
        self.peak_inflight = 0  # the most requests ever served at once
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------
    def start(self) -> Self:
        """Bind 127.0.0.1:0 and serve from a daemon thread."""
        self._httpd = _HTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.fake = self
        self._stopping.clear()
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, cut open connections, wake sleeping handlers."""
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        with self._lock:
            conns = list(self._conns)
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The bound port (server must be started)."""
        assert self._httpd is not None, "server not started"
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:PORT`, no trailing slash."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        """The endpoint clients should be pointed at (subclasses may add a path)."""
        return self.base_url

    # -- fault script ----------------------------------------------------
    def script(self, *faults: Fault, when: Predicate | None = None) -> None:
        """Queue faults; each is used by one later request (matching `when`, if given)."""
        with self._lock:
            self._script.extend((f, when) for f in faults)

    def fail_forever(self, fault: Fault | None = None, when: Predicate | None = None) -> None:
        """Service down for good: every request (matching `when`) gets `fault` (503 page)."""
        with self._lock:
            self._permanent = (fault or html_error(503), when)

    def recover(self) -> None:
        """Undo `fail_forever` and drop any faults still queued."""
        with self._lock:
            self._permanent = None
            self._script.clear()

    @property
    def pending_faults(self) -> int:
        """Queued faults not yet consumed."""
        with self._lock:
            return len(self._script)

    def _next_fault(self, req: Request) -> Fault | None:
        with self._lock:
            for i, (fault, when) in enumerate(self._script):
                if when is None or when(req):
                    del self._script[i]
                    return fault
            if self._permanent and (self._permanent[1] is None or self._permanent[1](req)):
                return self._permanent[0]
        return None

    # -- hooks for subclasses -------------------------------------------
    def handle(self, req: Request, fault: Fault | None) -> Response | Fault:
        """Produce the normal reply; `fault` is set only for service-specific kinds."""
        raise NotImplementedError

    def api_headers(self, req: Request) -> dict[str, str]:
        """Headers the service adds to every API reply (e.g. rate-limit headers)."""
        return {}

    @property
    def inflight(self) -> int:
        """Requests currently being served (including this one, inside `handle`)."""
        with self._lock:
            return self._inflight

    # -- request path ----------------------------------------------------
    def _track(self, conn: socket.socket, add: bool) -> None:
        with self._lock:
            (self._conns.add if add else self._conns.discard)(conn)

    def _sleep(self, seconds: float) -> None:
        self._stopping.wait(seconds)

    def _dispatch(self, h: _Handler) -> None:
        split = urlsplit(h.path)
        query = {k: v[0] for k, v in parse_qs(split.query, keep_blank_values=True).items()}
        headers = {k.lower(): v for k, v in h.headers.items()}
        req = Request(h.command, unquote(split.path), query, headers, h.path)
        entry = LogEntry(h.command, req.path, query, headers, time.monotonic())
        self.log.append(entry)
        with self._lock:
            self._inflight += 1
            self.peak_inflight = max(self.peak_inflight, self._inflight)
        try:
            if self.max_url_length is not None and len(h.path) > self.max_url_length:
                fault: Fault | None = html_error(414)
            else:
                fault = self._next_fault(req)
            entry.fault = fault.describe() if fault else None
            if fault is not None and fault.kind == "drop":
                h.close_connection = True
                return
            if fault is not None and fault.kind in DIRECT_KINDS:
                outcome: Response | Fault = fault
            else:
                if fault is not None and fault.kind == "slow":
                    self._sleep(fault.delay)
                outcome = self.handle(req, fault)
            if self.latency:
                self._sleep(self.latency)
            resp = self._render(req, outcome)
            if fault is not None and fault.kind == "gzip":
                encoded = {**resp.headers, "Content-Encoding": "gzip"}
                resp = Response(resp.status, gzip.compress(resp.body), encoded)
            entry.status = resp.status
            if fault is not None and fault.kind in {"trickle", "stall"}:
                self._send_slowly(h, resp, fault)
                return
            self._send(h, resp, truncate=fault is not None and fault.kind == "truncated")
        finally:
            with self._lock:
                self._inflight -= 1

    def _render(self, req: Request, outcome: Response | Fault) -> Response:
        if isinstance(outcome, Response):
            return Response(
                outcome.status, outcome.body, {**self.api_headers(req), **outcome.headers}
            )
        extra = self.api_headers(req) if outcome.api_headers else {}
        return Response(outcome.status, outcome.body, {**extra, **dict(outcome.headers)})

    def _send_slowly(self, h: _Handler, resp: Response, fault: Fault) -> None:
        """`trickle`: the reply's bytes one at a time, `fault.delay` apart (from the status
        line, or from the body with the head sent at once); `stall`: the head, then nothing.
        Ends when the client has gone (a write fails) or the server stops."""
        head = f"HTTP/1.1 {resp.status} {HTTPStatus(resp.status).phrase}\r\n"
        fields = {**resp.headers, "Content-Length": str(len(resp.body))}
        head += "".join(f"{name}: {value}\r\n" for name, value in fields.items()) + "\r\n"
        data = head.encode("latin-1") + (b"" if h.command == "HEAD" else resp.body)
        h.close_connection = True
        at_once = len(head) if fault.kind == "stall" or fault.options["from"] == "body" else 0
        try:
            h.wfile.write(data[:at_once])
            h.wfile.flush()
            if fault.kind == "stall":
                self._stopping.wait()
                return
            for i in range(at_once, len(data)):
                if self._stopping.is_set():
                    return
                self._sleep(fault.delay)
                h.wfile.write(data[i : i + 1])
                h.wfile.flush()
        except OSError:  # the client gave up: what a trickle is for
            return

    def _send(self, h: _Handler, resp: Response, truncate: bool) -> None:
        body = b"" if h.command == "HEAD" else resp.body
        h.send_response(resp.status)
        for name, value in resp.headers.items():
            h.send_header(name, value)
        if truncate:
            h.send_header("Content-Length", str(len(resp.body) + max(64, len(resp.body))))
            h.end_headers()
            h.wfile.write(body[: len(body) // 2])
            h.wfile.flush()
            h.close_connection = True
            return
        h.send_header("Content-Length", str(len(resp.body)))
        h.end_headers()
        h.wfile.write(body)
        h.wfile.flush()
