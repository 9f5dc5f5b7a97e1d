"""Serve both loopback fakes, loaded with the model list's papers, until Ctrl-C.

    python -m tests.fakes.serve

prints the environment to point harvester at them, for trying it offline.
"""

from __future__ import annotations

import time

from tests.fakes.arxiv_fake import ArxivFake
from tests.fakes.crossref_fake import CrossrefFake
from tests.fakes.model_world import ARXIV, CROSSREF


def main() -> None:
    """Start the fakes, print their addresses, wait."""
    with ArxivFake(ARXIV) as arxiv_fake, CrossrefFake(CROSSREF) as crossref_fake:
        print(f"export HARVESTER_ARXIV_URL={arxiv_fake.url}")
        print(f"export HARVESTER_CROSSREF_URL={crossref_fake.url}")
        print("# fakes running; Ctrl-C stops them", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
