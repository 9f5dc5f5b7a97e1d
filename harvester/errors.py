"""The project's error tree; library errors are translated into these at the boundary.

HarvesterError                 base; carries the exit code of the contract
├── InputError (2)             a list or configuration that cannot be read
│   ├── SourceError            the list file or URL cannot be read
│   └── ConfigError            a setting has a bad value
├── LockHeldError (4)          another harvest holds the database's lock
└── StoreError (2)             the database file cannot be opened or upgraded

Interrupted (a BaseException, like KeyboardInterrupt) is a stop signal: SIGINT or SIGTERM.
"""

from __future__ import annotations


class HarvesterError(Exception):
    """Base of every error this tool raises on purpose."""

    exit_code = 2


class InputError(HarvesterError):
    """A list or a configuration that cannot be read (exit 2)."""


class SourceError(InputError):
    """The list at SOURCE cannot be read; the message names the file and line."""


class ConfigError(InputError):
    """A flag or environment variable has an unusable value."""


class LockHeldError(HarvesterError):
    """Another harvest holds the database's lock (exit 4)."""

    exit_code = 4


class StoreError(HarvesterError):
    """The SQLite file cannot be opened, read or upgraded."""


class Interrupted(BaseException):
    """SIGINT (Ctrl-C) or SIGTERM stopped the command: exit 128 + the signal's number."""

    def __init__(self, signal_name: str, exit_code: int) -> None:
        super().__init__(signal_name)
        self.signal_name = signal_name
        self.exit_code = exit_code


class FetchError(HarvesterError):
    """A source could not give an answer; the entries keep their previous evidence (exit 3)."""

    exit_code = 3

    def __init__(self, service: str, url: str, reason: str, status: int | None = None) -> None:
        super().__init__(f"{service}: {reason} ({url})")
        self.service = service
        self.url = url
        self.reason = reason
        self.status = status


class TransientFetchError(FetchError):
    """A failure that a later try may not meet; `retry_after` is the server's wish, in seconds."""

    def __init__(
        self,
        service: str,
        url: str,
        reason: str,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(service, url, reason, status)
        self.retry_after = retry_after


class PermanentFetchError(FetchError):
    """A failure that retrying the same request will not mend."""


class NotFoundError(PermanentFetchError):
    """The service answered that the record does not exist."""


#: The longest reason stored for a run that did not end `ok`.
REASON_MAX = 300


def ended_by(exc: BaseException) -> tuple[str, str]:
    """How a run stopped by `exc` ended, and why: `interrupted` by a signal, `failed` on
    an error of ours (bad input found mid-run), else `crashed`; the reason one line."""
    if isinstance(exc, Interrupted):
        return "interrupted", exc.signal_name
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted", "SIGINT"
    text = " ".join(str(exc).split())
    if isinstance(exc, HarvesterError):
        return "failed", text[:REASON_MAX]
    return "crashed", f"{type(exc).__name__}: {text}"[:REASON_MAX]
