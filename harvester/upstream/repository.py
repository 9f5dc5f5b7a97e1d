"""Where a list file lives: its git work tree and that repository's origin, asked of
`git` (absent, or not a work tree: nothing), so that a list keeps its name when the
checkout moves (a CI runner, a second clone)."""

from __future__ import annotations

import functools
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from harvester.errors import SourceError
from harvester.values.sources import list_name, normalise_remote, repo_path_of

#: A git call that takes longer than this is taken as no answer.
GIT_TIMEOUT = 10.0


@dataclass(frozen=True)
class ListPlace:
    """A list's name in the database, the name versions before 0.2 gave it (its resolved
    path, or the URL), and its path inside its git work tree when it is in one."""

    name: str
    legacy: str
    repo_path: str | None = None


def locate_file(path: Path, name: str | None = None) -> ListPlace:
    """The place of a list file: named by its repository's origin and its path inside
    it, else by its resolved path; `name` overrides."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop, before 3.13
        why = "a symbolic link loop" if isinstance(exc, RuntimeError) else exc.strerror or exc
        raise SourceError(f"{path}: cannot read: {why}") from None
    top = _toplevel(str(resolved.parent))
    repo_path = (
        resolved.relative_to(top).as_posix() if top and resolved.is_relative_to(top) else None
    )
    remote = normalise_remote(_origin(str(top)) or "") if top else None
    default = list_name(remote, repo_path) if remote and repo_path else str(resolved)
    return ListPlace(name or default, str(resolved), repo_path)


@functools.lru_cache(maxsize=64)
def _toplevel(directory: str) -> Path | None:
    out = _git(directory, "rev-parse", "--show-toplevel")
    return Path(out).resolve() if out else None


@functools.lru_cache(maxsize=64)
def _origin(top: str) -> str | None:
    return _git(top, "config", "--get", "remote.origin.url")


def _git(directory: str, *args: str) -> str | None:
    """git's one-line answer in `directory`, or None (no git, not a work tree, no value)."""
    done = _run_git(directory, *args)
    answer = done.stdout.strip() if done else ""
    return answer if done and done.returncode == 0 and answer else None


def _run_git(directory: str, *args: str) -> subprocess.CompletedProcess[str] | None:
    """git run in `directory` without the caller's GIT_* variables; None without git."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    try:
        return subprocess.run(
            ["git", "-C", directory, *args],
            capture_output=True, text=True, timeout=GIT_TIMEOUT, env=env, check=False,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None


def unignored_in_repository(path: Path) -> str | None:
    """The .gitignore line (from the work tree's root) that keeps the database at `path`,
    its WAL files and its lock out of git, when it sits in a work tree and one of them is
    not ignored yet; None outside a work tree, when all are ignored, or without git."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop, before 3.13
        why = "a symbolic link loop" if isinstance(exc, RuntimeError) else exc.strerror or exc
        raise SourceError(f"{path}: cannot read: {why}") from None
    top = _toplevel(str(resolved.parent))
    if top is None or not resolved.is_relative_to(top):
        return None
    inside = resolved.relative_to(top).as_posix()
    names = [inside, *(inside + tail for tail in ("-wal", "-shm", ".lock"))]
    done = [_run_git(str(top), "check-ignore", "-q", "--no-index", name) for name in names]
    if any(d is None for d in done):
        return None
    ignored = [d.returncode for d in done if d is not None]
    if 1 not in ignored:  # 0: ignored; 128: git failed
        return None
    return "/" + "".join("\\" + c if c in "*?[\\!#" else c for c in inside) + "*"


def checkout_file(name: str, cwd: Path) -> Path | None:
    """The local file of the list named `name`: the file itself for a path name; for a
    repository name, that path in the work tree around `cwd` when its origin is the
    list's repository; else None."""
    inside = repo_path_of(name)
    if inside is None:
        path = Path(name)
        return path if path.is_absolute() and path.is_file() else None
    top = _toplevel(str(cwd.resolve()))
    if top is None or normalise_remote(_origin(str(top)) or "") != name.partition(":")[0]:
        return None
    candidate = top / inside
    return candidate if candidate.is_file() else None
