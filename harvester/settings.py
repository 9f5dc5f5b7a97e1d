"""Frozen settings, read once at the edge: flags beat environment variables beat defaults."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

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


def settings_from(env: Mapping[str, str], db: Path | None = None) -> Settings:
    """Settings from flags (given as arguments) over `env` over `DEFAULTS`."""

    def get(name: str) -> str:
        return env.get(name) or DEFAULTS[name]

    return Settings(
        db_path=db or Path(get("HARVESTER_DB")),
        arxiv_url=_url("HARVESTER_ARXIV_URL", get("HARVESTER_ARXIV_URL")),
        crossref_url=_url("HARVESTER_CROSSREF_URL", get("HARVESTER_CROSSREF_URL")).rstrip("/"),
        mailto=env.get("HARVESTER_MAILTO") or None,
        arxiv_delay=_seconds("HARVESTER_ARXIV_DELAY", get("HARVESTER_ARXIV_DELAY")),
        timeout=_seconds("HARVESTER_TIMEOUT", get("HARVESTER_TIMEOUT"), minimum=0.001),
        retries=_attempts(get("HARVESTER_RETRIES")),
        retry_wait=_seconds("HARVESTER_RETRY_WAIT", get("HARVESTER_RETRY_WAIT")),
        crossref_rate=_seconds("HARVESTER_CROSSREF_RATE", get("HARVESTER_CROSSREF_RATE"), 0.001),
    )


def _seconds(name: str, text: str, minimum: float = 0.0) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ConfigError(f"{name}={text!r}: expected a number of seconds") from None
    if not value >= minimum or value == float("inf"):
        raise ConfigError(f"{name}={text!r}: expected a finite number of seconds >= {minimum}")
    return value


def _attempts(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 20:
        raise ConfigError(f"HARVESTER_RETRIES={text!r}: expected a whole number of tries, 1 to 20")
    return int(text)


def _url(name: str, text: str) -> str:
    if not text.startswith(("http://", "https://")):
        raise ConfigError(f"{name}={text!r}: expected an http(s) URL")
    return text
