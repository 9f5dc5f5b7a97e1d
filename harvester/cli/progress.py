"""A progress bar on a terminal, nothing when stderr is a file or a pipe (cron)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn


@contextlib.contextmanager
def harvest_progress() -> Iterator[Callable[[str], None]]:
    """A callback advancing a spinner with the current step, shown only on a terminal."""
    if not sys.stderr.isatty():
        yield lambda step: None
        return
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("harvesting", total=None)

        def advance(step: str) -> None:
            bar.update(task, description=f"harvesting: {step}", advance=1)

        yield advance
