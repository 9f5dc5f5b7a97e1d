"""Read the list at SOURCE, a file path or an http(s) URL, and check it is a readable list;
name it (`locate`); write a rendered list back over its file (`replace_file`)."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

import httpx

from harvester.errors import InputError, SourceError
from harvester.upstream.deadline import Resolver, bounded_client, pinned, resolve, within
from harvester.upstream.files import read_regular
from harvester.upstream.redirects import (
    REDIRECT_STATUSES,
    needs_addresses,
    port_of,
    redirect_refusal,
)
from harvester.upstream.repository import ListPlace, locate_file

#: A list larger than this is refused rather than read into memory.
MAX_LIST_BYTES = 64 * 1024 * 1024


def is_url(source: str) -> bool:
    """Whether SOURCE names an http(s) URL rather than a file."""
    return source.startswith(("http://", "https://"))


def locate(source: str, name: str | None = None) -> ListPlace:
    """Where the list at SOURCE lives and how the database names it: a URL as given; a
    file by its repository's origin and its path inside it (so two clones, or a moved
    checkout, are one list), else by its absolute path; `name` overrides either."""
    if is_url(source):
        return ListPlace(name or source, source)
    return locate_file(Path(source), name)


def canonical_source(source: str, name: str | None = None) -> str:
    """How the database names the list at SOURCE (see `locate`)."""
    return locate(source, name).name


def fetch_list_bytes(
    source: str, timeout: float, user_agent: str, resolver: Resolver = resolve
) -> bytes:
    """The raw bytes of the list; SourceError names the file or URL when it cannot be read.
    A URL is fetched within `timeout` seconds, redirects included; `resolver` gives the
    addresses of a host a redirect leads to."""
    if is_url(source):
        raw = _fetch_url(source, timeout, user_agent, resolver)
    else:
        raw = _read_file(source)
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


def replace_file(path: Path, before: bytes, after: bytes) -> bool:
    """Write `after` over the list at `path` atomically, its mode kept, provided the file
    still holds `before`; False when there is nothing to change. InputError (exit 2)
    when the file changed meanwhile."""
    if after == before:
        return False
    try:
        if path.read_bytes() != before:
            raise InputError(f"{path}: changed since it was read; nothing written, run again")
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    write_atomically(path, after)
    return True


def write_atomically(path: Path, data: bytes) -> None:
    """`data` as the whole of `path`: a temporary file beside it, flushed to disk, given
    the file's mode (0644 for a new file), renamed over it; a reader sees the old file or
    the new one, never a part. InputError (exit 2) naming the file when it cannot be."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temp, mode)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise InputError(f"{path}: cannot write: {exc.strerror or exc}") from None


def _read_file(source: str) -> bytes:
    try:
        return read_regular(source, MAX_LIST_BYTES)
    except OSError as exc:
        raise SourceError(f"{source}: cannot read: {exc.strerror or exc}") from None


def _fetch_url(source: str, timeout: float, user_agent: str, resolver: Resolver) -> bytes:
    """The list at an http(s) SOURCE, redirects followed as `redirects` allows, the whole
    fetch (every hop, connect to last byte) within `timeout` seconds."""
    try:
        followed = [httpx.URL(source)]
    except httpx.InvalidURL as exc:
        raise SourceError(f"{source}: not a URL that can be fetched: {exc}") from None
    try:
        with (
            bounded_client(headers={"User-Agent": user_agent}, timeout=timeout) as client,
            within(timeout),
            contextlib.ExitStack() as pins,
        ):
            while True:
                with client.stream("GET", followed[-1]) as reply:
                    if reply.status_code not in REDIRECT_STATUSES:
                        return _list_body(_asked(source, followed), reply)
                    target, addresses = _next_hop(source, reply, followed, resolver)
                if addresses is not None:  # connect only to the addresses judged
                    pins.enter_context(pinned(_host(target), addresses))
                followed.append(target)
    except httpx.TimeoutException:
        why = f"timed out after {timeout:g} s"
        raise SourceError(f"{_asked(source, followed)}: cannot fetch: {why}") from None
    except httpx.HTTPError as exc:
        raise SourceError(f"{_asked(source, followed)}: cannot fetch: {exc}") from None


def _asked(source: str, followed: list[httpx.URL]) -> str:
    """SOURCE, and the URL that failed when a redirect led there."""
    last = str(followed[-1])
    return source if len(followed) == 1 else f"{source}: redirected to {last}"


def _next_hop(
    source: str, reply: httpx.Response, followed: list[httpx.URL], resolver: Resolver
) -> tuple[httpx.URL, list[str] | None]:
    """Where a redirect leads and, off its origin, the addresses judged for it; SourceError
    naming it when it is refused."""
    location = reply.headers.get("location")
    if not location:
        raise SourceError(f"{source}: HTTP {reply.status_code} redirect without a Location")
    previous = followed[-1]
    target = previous.join(location)  # httpx has parsed it already (else RemoteProtocolError)
    addresses = None
    if needs_addresses(previous, target):
        try:
            addresses = list(resolver(_host(target), port_of(target) or 0))
        except OSError as exc:
            raise SourceError(f"{source}: redirect to {target}: cannot resolve: {exc}") from None
    if refusal := redirect_refusal(previous, target, addresses, followed):
        shown = target if target.scheme in ("http", "https") else location  # as it was sent
        raise SourceError(f"{source}: redirect to {shown} refused: {refusal}")
    return target, addresses


def _host(url: httpx.URL) -> str:
    """The host as it is resolved and connected to (an IDNA name in its ASCII form)."""
    return url.raw_host.decode("ascii")


def _list_body(source: str, reply: httpx.Response) -> bytes:
    """The body of the final reply, within MAX_LIST_BYTES; SourceError unless it is a 200."""
    if reply.status_code != 200:
        raise SourceError(f"{source}: HTTP {reply.status_code} {reply.reason_phrase}")
    chunks, size = [], 0
    for chunk in reply.iter_bytes():
        size += len(chunk)
        if size > MAX_LIST_BYTES:
            raise SourceError(f"{source}: larger than {MAX_LIST_BYTES // 2**20} MiB")
        chunks.append(chunk)
    return b"".join(chunks)
