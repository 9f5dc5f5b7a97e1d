"""Progress a person can read: on a terminal a live line (rich) with the list, the phase
and its entries, the requests made and retried per service and the time the allowances
need for the rest; off a terminal (cron, CI logs) the same as one line every
`HARVESTER_PROGRESS_SECONDS` (30 s), so a log never sits silent for minutes."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable, Iterator

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from harvester.cli.options import is_quiet
from harvester.errors import ConfigError
from harvester.pipeline.monitor import Monitor, describe

REFRESH_SECONDS = 0.25
DEFAULT_LINE_SECONDS = 30.0


@contextlib.contextmanager
def harvest_progress(monitor: Monitor, quiet: bool = False) -> Iterator[None]:
    """Show `monitor` while the block runs: live on a terminal, as lines off one."""
    if is_quiet(quiet):
        yield
        return
    if sys.stderr.isatty():
        columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
        with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task("harvesting", total=None)
            with _every(REFRESH_SECONDS, lambda: bar.update(task, description=_line(monitor))):
                yield
        return
    with _every(_line_seconds(), lambda: click.echo(f"harvester: {_line(monitor)}", err=True)):
        yield


def _line(monitor: Monitor) -> str:
    return describe(monitor.snapshot())


def _line_seconds() -> float:
    text = os.environ.get("HARVESTER_PROGRESS_SECONDS")
    if text is None:
        return DEFAULT_LINE_SECONDS
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value > 0:
        raise ConfigError(f"HARVESTER_PROGRESS_SECONDS must be a positive number, not {text!r}")
    return value


@contextlib.contextmanager
def _every(seconds: float, action: Callable[[], object]) -> Iterator[None]:
    """Run `action` every `seconds` in a daemon thread while the block runs."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(seconds):
            action()

    thread = threading.Thread(target=loop, daemon=True, name="harvester-progress")
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
