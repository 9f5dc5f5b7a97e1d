"""Frozen settings, read once at the edge: flags beat environment variables beat defaults."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from harvester import __version__
from harvester.errors import ConfigError

DEFAULTS: Mapping[str, str] = {
    "HARVESTER_DB": "harvest.sqlite",
    "HARVESTER_ARXIV_URL": "https://export.arxiv.org/api/query",
    "HARVESTER_CROSSREF_URL": "https://api.crossref.org",
    "HARVESTER_ARXIV_DELAY": "3",
    "HARVESTER_TIMEOUT": "30",
    "HARVESTER_RETRIES": "5",
    "HARVESTER_RETRY_WAIT": "2",
    "HARVESTER_CROSSREF_RATE": "3",
}


@dataclass(frozen=True)
class Settings:
    """Everything configurable, resolved once."""

    db_path: Path
    arxiv_url: str
    crossref_url: str
    mailto: str | None
    arxiv_delay: float
    timeout: float
    retries: int
    retry_wait: float
    crossref_rate: float = 3.0
    #: False: arXiv first, then Crossref one request at a time (the sequential schedule,
    #: kept so tests can compare a concurrent harvest against it; no variable sets it).
    overlap: bool = True

    @property
    def user_agent(self) -> str:
        """A clear User-Agent naming the tool and, when given, its operator's contact."""
        contact = f"; mailto:{self.mailto}" if self.mailto else ""
        return f"harvester/{__version__} (paper-list date checker{contact})"


#: The most seconds a timeout, delay or wait may be: beyond an hour it is a typo.
MAX_SECONDS = 3600.0
#: The most Crossref list requests a second harvester will make (Crossref allows far fewer).
MAX_RATE = 100.0


def settings_from(env: Mapping[str, str], db: Path | None = None) -> Settings:
    """Settings from flags (given as arguments) over `env` over `DEFAULTS`; ConfigError
    (exit 2) naming the flag or variable when a value is unusable."""

    def get(name: str) -> str:
        return env.get(name) or DEFAULTS[name]

    return Settings(
        db_path=_db_path(db, get("HARVESTER_DB")),
        arxiv_url=_url("HARVESTER_ARXIV_URL", get("HARVESTER_ARXIV_URL")),
        crossref_url=_url("HARVESTER_CROSSREF_URL", get("HARVESTER_CROSSREF_URL")).rstrip("/"),
        mailto=_mailto(env.get("HARVESTER_MAILTO") or None),
        arxiv_delay=_seconds("HARVESTER_ARXIV_DELAY", get("HARVESTER_ARXIV_DELAY")),
        timeout=_seconds("HARVESTER_TIMEOUT", get("HARVESTER_TIMEOUT"), positive=True),
        retries=_attempts(get("HARVESTER_RETRIES")),
        retry_wait=_seconds("HARVESTER_RETRY_WAIT", get("HARVESTER_RETRY_WAIT")),
        crossref_rate=_seconds(
            "HARVESTER_CROSSREF_RATE", get("HARVESTER_CROSSREF_RATE"), True, MAX_RATE, "per second"
        ),
    )


def _db_path(flag: Path | None, variable: str) -> Path:
    name, path = ("--db", flag) if flag is not None else ("HARVESTER_DB", Path(variable))
    if str(path) in ("", ".") or path.is_dir():
        raise ConfigError(f"{name}={str(path)!r}: expected the path of a database file")
    return path


def _seconds(
    name: str,
    text: str,
    positive: bool = False,
    maximum: float = MAX_SECONDS,
    unit: str = "seconds",
) -> float:
    """A number in (0 or [0) .. maximum]: NaN, infinities and typos like 1e300 refused."""
    bounds = f"{'more than' if positive else 'at least'} 0 and at most {maximum:g}"
    try:
        value = float(text)
    except ValueError:
        raise ConfigError(f"{name}={text!r}: expected a number ({unit}), {bounds}") from None
    low_ok = value > 0 if positive else value >= 0
    if not (low_ok and value <= maximum):
        raise ConfigError(f"{name}={text!r}: expected a number ({unit}), {bounds}")
    return value


def _attempts(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 20:
        raise ConfigError(f"HARVESTER_RETRIES={text!r}: expected a whole number of tries, 1 to 20")
    return int(text)


def _url(name: str, text: str) -> str:
    """An http(s) URL with a host and a valid port, no spaces or control characters."""
    if why := _url_problem(text):
        raise ConfigError(f"{name}={text!r}: expected an http(s) URL with a host ({why})")
    return text


def _url_problem(text: str) -> str | None:
    if not text.isascii() or any(c.isspace() or not c.isprintable() for c in text):
        return "spaces, control or non-ASCII characters"
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 (raises for a port out of range)
    except ValueError as exc:  # a port out of range, a broken [IPv6] host
        return str(exc).lower()
    if parts.scheme not in ("http", "https"):
        return "no http or https scheme"
    return None if parts.hostname else "no host"


def _mailto(text: str | None) -> str | None:
    """A contact address: one line of printable ASCII, no spaces, one @ between two parts."""
    if text is None:
        return None
    local, at, domain = text.partition("@")
    printable = text.isascii() and all(c.isprintable() and not c.isspace() for c in text)
    if not (printable and at and local and domain and "@" not in domain):
        raise ConfigError(
            f"HARVESTER_MAILTO={text!r}: expected one address like you@example.org"
            " (printable ASCII, no spaces)"
        )
    return text
