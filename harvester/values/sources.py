"""How a list is named in the database: the normal form of a git remote, and a list's
name from its repository and its path inside it (pure; `upstream.list_source` asks git)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")  # C:\repo is a path, not host C
_SCP_LIKE = re.compile(r"^(?:[^@/\s]+@)?(?P<host>[^:/\s]+):(?P<path>[^/\s][^\s]*)$")


def normalise_remote(url: str) -> str | None:
    """`host/owner/repo` for a network remote, whatever its spelling: the scheme, any
    credentials, a port, a trailing slash and a `.git` suffix dropped, the host in lower
    case. None for a local remote (a path or `file:`), which names no shared repository."""
    text = url.strip()
    if not text or _DRIVE.match(text):
        return None
    if "://" in text:
        parts = urlsplit(text)
        if parts.scheme.lower() not in {"https", "http", "ssh", "git", "git+ssh", "ssh+git"}:
            return None
        host, path = (parts.hostname or "").lower(), parts.path
    elif match := _SCP_LIKE.match(text):
        host, path = match["host"].lower(), match["path"]
    else:
        return None  # a local path
    path = path.strip("/")
    path = path[: -len(".git")] if path.endswith(".git") else path
    path = path.rstrip("/")
    return f"{host}/{path}" if host and path else None


def list_name(remote: str, path_in_repo: str) -> str:
    """A list's name in its repository: `host/owner/repo:path/inside/README.md`."""
    return f"{remote}:{path_in_repo}"


def repo_path_of(name: str) -> str | None:
    """The path inside its repository of a list named by `list_name`, else None."""
    if "://" in name or name.startswith("/"):
        return None
    remote, sep, path = name.partition(":")
    return path if sep and "/" in remote and path else None
