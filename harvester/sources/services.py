"""Both source clients for one run, built from the settings."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from harvester.settings import Settings
from harvester.sources.arxiv_api import ArxivApi
from harvester.sources.arxiv_transport import ArxivTransport
from harvester.sources.crossref_api import CrossrefApi
from harvester.sources.crossref_transport import CrossrefTransport
from harvester.sources.pacing import Pacer
from harvester.sources.retrying import RetryLog, RetryPolicy


@dataclass
class Services:
    """The arXiv and Crossref clients of one run, sharing one retry log."""

    arxiv: ArxivApi
    crossref: CrossrefApi
    retry_log: RetryLog = field(default_factory=RetryLog)

    def requests_made(self) -> dict[str, int]:
        """Upstream requests so far, per service (retries included)."""
        return {
            "arxiv": self.arxiv.transport.requests_made,
            "crossref": self.crossref.transport.requests_made,
        }

    def close(self) -> None:
        """Release the HTTP connections."""
        self.arxiv.transport.session.close()
        self.crossref.transport.close()


def build_services(
    settings: Settings, policy: RetryPolicy, sleep: Callable[[float], None] = time.sleep
) -> Services:
    """Clients for the configured endpoints with polite pacing and the one retry policy."""
    log = RetryLog()
    arxiv_transport = ArxivTransport(
        settings.arxiv_url,
        settings.timeout,
        settings.user_agent,
        Pacer(settings.arxiv_delay, sleep=sleep),
        sleep=sleep,
    )
    crossref = CrossrefApi(
        settings.crossref_url,
        settings.mailto,
        settings.timeout,
        CrossrefTransport(settings.crossref_rate, sleep=sleep),
        policy,
        log,
    )
    return Services(ArxivApi(arxiv_transport, policy, log), crossref, log)
