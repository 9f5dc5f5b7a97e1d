"""Both source clients for one run, built from the settings."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from harvester.settings import Settings
from harvester.upstream.arxiv import ArxivApi
from harvester.upstream.arxiv_http import ArxivTransport
from harvester.upstream.crossref import CrossrefApi
from harvester.upstream.crossref_http import CrossrefTransport
from harvester.upstream.pacing import Pacer
from harvester.upstream.retrying import RetryLog, RetryPolicy

#: Crossref requests in flight until its `x-concurrency-limit` header says otherwise.
POLITE_CONCURRENCY, PUBLIC_CONCURRENCY = 3, 1
#: What arXiv's interval gets on top (5%, at most 0.25 s), so that connection set-up,
#: counted by the client and not by the server, never brings two starts within the delay.
ARXIV_CUSHION = 0.05


def arxiv_pacer(delay: float, sleep: Callable[[float], None] = time.sleep) -> Pacer:
    """arXiv's pacer: one request every `delay` seconds, start to start, with the cushion."""
    return Pacer(delay, sleep=sleep, cushion=ARXIV_CUSHION)


@dataclass
class Services:
    """The arXiv and Crossref clients of one run, sharing one retry log."""

    arxiv: ArxivApi
    crossref: CrossrefApi
    retry_log: RetryLog = field(default_factory=RetryLog)

    def requests_made(self) -> dict[str, int]:
        """Upstream requests so far, per service (retries included)."""
        return {
            "arxiv": self.arxiv.transport.log.requests_made,
            "crossref": self.crossref.transport.log.requests_made,
        }

    def stop(self) -> None:
        """Make no request from now on (calls under way fail at their next request)."""
        self.arxiv.transport.stopped.set()
        self.crossref.transport.stopped.set()

    def close(self) -> None:
        """Stop, and release the HTTP connections."""
        self.stop()
        self.arxiv.transport.session.close()
        self.crossref.transport.close()


def retry_policy(settings: Settings) -> RetryPolicy:
    """The one retry policy, from the settings."""
    return RetryPolicy(
        attempts=settings.retries,
        initial_wait=settings.retry_wait,
        jitter=min(1.0, settings.retry_wait),  # jitter never dwarfs a deliberately short wait
    )


def build_services(settings: Settings, sleep: Callable[[float], None] = time.sleep) -> Services:
    """Clients for the configured endpoints with polite pacing and the one retry policy."""
    policy = retry_policy(settings)
    log = RetryLog()
    arxiv_transport = ArxivTransport(
        settings.arxiv_url,
        settings.timeout,
        settings.user_agent,
        arxiv_pacer(settings.arxiv_delay, sleep),
        sleep=sleep,
    )
    crossref = CrossrefApi(
        settings.crossref_url,
        settings.mailto,
        settings.timeout,
        CrossrefTransport(
            settings.crossref_rate,
            sleep=sleep,
            concurrency=POLITE_CONCURRENCY if settings.mailto else PUBLIC_CONCURRENCY,
        ),
        policy,
        log,
    )
    return Services(ArxivApi(arxiv_transport, policy, log), crossref, log)
