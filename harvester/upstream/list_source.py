"""Read the list at SOURCE, a file path or an http(s) URL, and check it is a readable list;
name it (`locate`); write a rendered list back over its file (`replace_file`)."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import httpx

from harvester.errors import InputError, SourceError
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
