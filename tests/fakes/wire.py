"""Wire-level records shared by the fakes: request, response, and the request log."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Request:
    """What a handler sees: decoded path, first value of each query param, headers."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    raw_path: str

    def header(self, name: str, default: str = "") -> str:
        """Header value by case-insensitive name."""
        return self.headers.get(name.lower(), default)


@dataclass
class Response:
    """A reply to send: status, body bytes, headers."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class LogEntry:
    """One logged request; `status` is None until answered and stays None if dropped."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    timestamp: float
    status: int | None = None
    fault: str | None = None


class RequestLog:
    """Thread-safe, append-only list of `LogEntry` in arrival order."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[LogEntry] = []

    def append(self, entry: LogEntry) -> None:
        """Record a request."""
        with self._lock:
            self._entries.append(entry)

    @property
    def entries(self) -> list[LogEntry]:
        """A snapshot copy of all entries."""
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        """Forget all entries."""
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def __getitem__(self, index: int) -> LogEntry:
        with self._lock:
            return self._entries[index]

    def statuses(self) -> list[int | None]:
        """Status of each request, in arrival order."""
        return [e.status for e in self.entries]
