"""Read the list at SOURCE, a file path or an http(s) URL, and check it is a readable list."""

from __future__ import annotations

from pathlib import Path

import httpx

from harvester.errors import SourceError

#: A list larger than this is refused rather than read into memory.
MAX_LIST_BYTES = 64 * 1024 * 1024


def is_url(source: str) -> bool:
    """Whether SOURCE names an http(s) URL rather than a file."""
    return source.startswith(("http://", "https://"))


def canonical_source(source: str) -> str:
    """How a list is named in the database: a URL as given, a file by its absolute path,
    so the same file is the same list whichever directory a command runs in."""
    return source if is_url(source) else str(Path(source).resolve())


def fetch_list_bytes(source: str, timeout: float, user_agent: str) -> bytes:
    """The raw bytes of the list; SourceError names the file or URL when it cannot be read."""
    raw = _fetch_url(source, timeout, user_agent) if is_url(source) else _read_file(source)
    check_list_bytes(source, raw)
    return raw


def check_list_bytes(source: str, raw: bytes) -> None:
    """Refuse an empty list or one that is not UTF-8, naming the line of the first bad byte."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = raw[exc.start]
        raise SourceError(
            f"{source}:{line}: not UTF-8 text (byte 0x{byte:02x} at column {column})"
        ) from None
    if not text.strip(" \t\r\n\ufeff"):
        raise SourceError(f"{source}: the list is empty")


def _read_file(source: str) -> bytes:
    path = Path(source)
    try:
        if path.stat().st_size > MAX_LIST_BYTES:
            raise SourceError(f"{source}: larger than {MAX_LIST_BYTES // 2**20} MiB")
        return path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{source}: cannot read: {exc.strerror or exc}") from None


def _fetch_url(source: str, timeout: float, user_agent: str) -> bytes:
    try:
        with httpx.stream(
            "GET",
            source,
            timeout=timeout,
            follow_redirects=True,
            headers={"User-Agent": user_agent},
        ) as reply:
            if reply.status_code != 200:
                raise SourceError(f"{source}: HTTP {reply.status_code} {reply.reason_phrase}")
            chunks, size = [], 0
            for chunk in reply.iter_bytes():
                size += len(chunk)
                if size > MAX_LIST_BYTES:
                    raise SourceError(f"{source}: larger than {MAX_LIST_BYTES // 2**20} MiB")
                chunks.append(chunk)
            return b"".join(chunks)
    except httpx.HTTPError as exc:
        raise SourceError(f"{source}: cannot fetch: {exc}") from None
