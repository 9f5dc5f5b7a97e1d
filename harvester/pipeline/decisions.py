"""The maintainer's decisions between the file beside the list and the database: read
(the file wins) before every run and every change, written back after each change."""

from __future__ import annotations

import logging
from pathlib import Path

from harvester.store import Store
from harvester.upstream.decisions_file import decisions_path, read_decisions, write_decisions
from harvester.upstream.list_source import is_url
from harvester.upstream.repository import ListPlace, checkout_file
from harvester.values.decisions import Decisions

log = logging.getLogger("harvester")


def place_file(place: ListPlace) -> Path | None:
    """The list's file, when it is one."""
    return None if is_url(place.legacy) else Path(place.legacy)


def read_beside(list_file: Path | None) -> Decisions | None:
    """The decisions in the file beside `list_file`; None when the list is no file or has
    no decisions file; InputError (exit 2) naming the file when it cannot be read."""
    return None if list_file is None else read_decisions(decisions_path(list_file))


def load_decisions(store: Store, name: str, list_file: Path | None) -> Decisions | None:
    """The decisions beside `list_file`, made the database's for list `name` (the file
    wins); None when the list is no file or has no decisions file."""
    decisions = read_beside(list_file)
    if decisions is not None:
        store.replace_decisions(name, decisions)
    return decisions


def report_stale(decisions: Decisions | None, list_file: Path | None, present: set[str]) -> None:
    """Say which decisions are about entries no longer in the list (kept, unused)."""
    if decisions is None or list_file is None:
        return
    for key in sorted(decisions.entry_keys() - present):
        log.warning(
            "%s: %s is no longer in the list; its decisions stay in the file, unused",
            decisions_path(list_file), key,
        )  # fmt: skip


def save_decisions(store: Store, name: str, list_file: Path | None) -> Path | None:
    """Write the database's decisions on list `name` to the file beside `list_file`;
    the file written, or None when there is no local file to keep them beside."""
    if list_file is None:
        return None
    decisions = Decisions(tuple(store.acks(name)), tuple(store.pins(name).values()))
    path = decisions_path(list_file)
    write_decisions(path, list_file.name, decisions)
    return path


def review_file(name: str, source: str | None) -> Path | None:
    """The local file of list `name` for a review command: SOURCE when it is a file,
    else the list's file in this checkout."""
    if source and not is_url(source) and Path(source).is_file():
        return Path(source).resolve()
    return checkout_file(name, Path.cwd())
