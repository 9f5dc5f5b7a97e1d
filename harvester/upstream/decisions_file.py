"""The maintainer's decisions kept beside the list, in the list's repository: for
`README.md`, `README.harvester.toml`, one table per entry key with its pin and its acks
(who, when, why), so they are reviewed in pull requests and travel with the list. The
database is a cache of them: when the file exists it wins."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from harvester.errors import InputError
from harvester.upstream.files import read_regular
from harvester.upstream.list_source import write_atomically
from harvester.values.decisions import Ack, Decisions, Pin

SUFFIX = ".harvester.toml"
#: A decisions file larger than this is refused rather than read into memory.
MAX_DECISIONS_BYTES = 16 * 2**20
HEADER = (
    "# harvester: the maintainer's decisions on {name}, read on every run.\n"
    "# Written by `harvester ack` and `harvester pin`; review it like the list itself.\n"
    "# One table per entry key: `pin` (the published version: a DOI, arxiv:ID or none)\n"
    "# and `acks` (findings seen, the recorded date kept while the evidence holds).\n\n"
)


def decisions_path(list_file: Path) -> Path:
    """Where the decisions on the list at `list_file` are kept: beside it."""
    return list_file.with_name(list_file.stem + SUFFIX)


def read_decisions(path: Path) -> Decisions | None:
    """The decisions in `path`, or None when there is no such file; InputError (exit 2)
    naming the file and the table when it cannot be read."""
    try:
        raw = read_regular(path, MAX_DECISIONS_BYTES)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        doc = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path}: not TOML: {exc}") from None
    acks, pins = [], []
    for key, table in doc.items():
        if not isinstance(table, dict):
            raise InputError(f"{path}: [{key!r}] must be a table of `pin` and `acks`")
        try:
            if "pin" in table:
                p = table["pin"]
                pins.append(Pin(key, _text(p, "target"), _text(p, "note"), _text(p, "by"),
                                _text(p, "at")))  # fmt: skip
            for a in table.get("acks", []):
                acks.append(Ack(key, _text(a, "kind"), _text(a, "evidence"), _text(a, "note"),
                                _text(a, "by"), _text(a, "at")))  # fmt: skip
        except (KeyError, TypeError) as exc:
            raise InputError(f"{path}: [{key!r}]: {exc.args[0]}") from None
        unknown = set(table) - {"pin", "acks"}
        if unknown:
            raise InputError(f"{path}: [{key!r}]: unknown field {sorted(unknown)[0]!r}")
    return Decisions(tuple(acks), tuple(pins))


def write_decisions(path: Path, list_label: str, decisions: Decisions) -> None:
    """Write `decisions` to `path` atomically (as a list is rewritten); the file is
    removed when there is no decision left."""
    if not decisions.acks and not decisions.pins:
        path.unlink(missing_ok=True)
        return
    doc: dict[str, dict[str, Any]] = {}
    for p in sorted(decisions.pins, key=lambda p: p.entry_key):
        doc.setdefault(p.entry_key, {})["pin"] = {
            "target": p.target, "note": p.note, "by": p.pinned_by, "at": p.pinned_at,
        }  # fmt: skip
    for a in sorted(decisions.acks, key=lambda a: (a.entry_key, a.kind, a.acked_at)):
        doc.setdefault(a.entry_key, {}).setdefault("acks", []).append({
            "kind": a.kind, "evidence": a.evidence_key, "note": a.note, "by": a.acked_by,
            "at": a.acked_at,
        })  # fmt: skip
    text = HEADER.format(name=list_label) + tomli_w.dumps(dict(sorted(doc.items())))
    write_atomically(path, text.encode("utf-8"))


def _text(table: Any, field: str) -> str:
    if not isinstance(table, dict):
        raise TypeError("`pin` must be a table and `acks` a list of tables")
    if field not in table:
        raise KeyError(f"missing field {field!r}")
    value = table[field]
    if not isinstance(value, str):
        raise TypeError(f"field {field!r} must be a string")
    return value
