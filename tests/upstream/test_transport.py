"""The shared transport parts under concurrency: each thread takes its own replies."""

from __future__ import annotations

import threading

from harvester.upstream.transport import ReplyLog


def test_each_thread_takes_only_the_replies_it_recorded() -> None:
    log = ReplyLog("crossref")
    recorded = threading.Barrier(2)
    taken: dict[str, list[str]] = {}

    def work(name: str) -> None:
        log.count()
        log.record(f"http://x/{name}", 200, name)
        recorded.wait(5)  # both have recorded before either takes
        taken[name] = [r.url for r in log.take_replies()]

    threads = [threading.Thread(target=work, args=(n,)) for n in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert taken == {"a": ["http://x/a"], "b": ["http://x/b"]}
    assert log.requests_made == 2 and log.take_replies() == []
