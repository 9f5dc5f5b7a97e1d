"""Options and set-up shared by every command: settings read once, the store opened."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from harvester.settings import Settings, settings_from
from harvester.store import Store
from harvester.values.decisions import FINDING_KINDS

F = TypeVar("F", bound=Callable[..., Any])


def common_options(func: F) -> F:
    """`--db` and `-v/--verbose`, accepted by every command."""
    func = click.option(
        "--db",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="SQLite file (default: $HARVESTER_DB, else ./harvest.sqlite).",
    )(func)
    return click.option("-v", "--verbose", count=True, help="More log lines on stderr.")(func)


def kind_option(help_text: str) -> Callable[[F], F]:
    """`--kind`, repeatable, one of the audit table's kinds."""
    return click.option(
        "--kind", "kinds", multiple=True, type=click.Choice(FINDING_KINDS), help=help_text
    )


def settings_for(db: Path | None, verbose: int, own_info: bool = False) -> Settings:
    """Logging to stderr at the asked level (`own_info`: harvester's own INFO lines even
    without -v, for the nightly job; the HTTP libraries' per-request lines only with -v),
    and the settings read once."""
    before = global_option("verbose")
    verbose = max(verbose, before if isinstance(before, int) else 0)
    level = logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, stream=sys.stderr, format="harvester: %(message)s")
    # SQLAlchemy's pool logs a traceback when a stop signal lands while it closes a
    # connection, then re-raises it; the command reports it in one line itself.
    logging.getLogger("sqlalchemy.pool").setLevel(logging.CRITICAL)
    if own_info:
        logging.getLogger("harvester").setLevel(min(level, logging.INFO))
    return settings_from(os.environ, db=db)


def global_option(name: str) -> object:
    """The value of `-v` or `-q` given before the command (`harvester -v harvest ...`)."""
    context = click.get_current_context(silent=True)
    return context.find_root().params.get(name) if context is not None else None


def is_quiet(quiet: bool) -> bool:
    """`-q` after the command or before it."""
    return quiet or bool(global_option("quiet"))


def quiet_option(func: F) -> F:
    """`-q/--quiet`: no progress display and no progress lines."""
    return click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")(func)


def existing_store(settings: Settings, write: bool = False) -> Store:
    """The database, which must exist already (reading commands never create one)."""
    return Store.open(settings.db_path, write=write, must_exist=True)
