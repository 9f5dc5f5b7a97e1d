"""The nightly job's configuration file (TOML), read once; errors name the file and field."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from harvester.errors import ConfigError
from harvester.plan.policy import Intervals
from harvester.upstream.files import read_regular
from harvester.upstream.list_source import is_url
from harvester.values.decisions import LIST_RULES

#: A config file larger than this is refused rather than read into memory.
MAX_CONFIG_BYTES = 2**20


@dataclass(frozen=True)
class NightlyConfig:
    """The lists to watch, the rule of those that name one, and how often entries refresh."""

    lists: tuple[str, ...]
    intervals: Intervals
    rules: dict[str, str] = field(default_factory=dict)


def read_config(path: Path) -> NightlyConfig:
    """Read and check a config file; ConfigError (exit 2) names what is wrong."""
    try:
        data = tomllib.loads(read_regular(path, MAX_CONFIG_BYTES).decode("utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    return config_from(data, str(path), base=path.parent)


def config_from(data: dict[str, Any], name: str, base: Path | None = None) -> NightlyConfig:
    """A checked config from parsed TOML; relative list paths are taken relative to `base`
    (the config file's folder), wherever the job runs."""
    lists, rules = _lists(data.get("lists", []), name, base)
    refresh = data.get("refresh", {})
    if not isinstance(refresh, dict):
        raise ConfigError(f"{name}: [refresh] must be a table")
    known = {f.name for f in fields(Intervals)}
    if unknown := sorted(set(refresh) - known):
        raise ConfigError(
            f"{name}: unknown [refresh] setting {unknown[0]!r} (known: {', '.join(sorted(known))})"
        )
    values: dict[str, Any] = {}
    for key, value in refresh.items():
        if key == "failure_backoff_hours":
            if not isinstance(value, list) or not value or not all(_positive(v) for v in value):
                raise ConfigError(
                    f"{name}: refresh.{key} must be a non-empty list of positive numbers"
                )
            values[key] = tuple(float(v) for v in value)
        elif not _positive(value):
            raise ConfigError(f"{name}: refresh.{key} must be a positive number of days")
        else:
            values[key] = float(value)
    return NightlyConfig(tuple(lists), Intervals(**values), rules)


def _lists(items: Any, name: str, base: Path | None) -> tuple[list[str], dict[str, str]]:
    """The watched sources, each a path or URL, or `{ source = ..., rule = ... }`."""
    if not isinstance(items, list):
        raise ConfigError(f"{name}: 'lists' must be a list of file paths or URLs")
    lists, rules = [], {}
    for i, item in enumerate(items, 1):
        if isinstance(item, dict):
            source, rule = item.get("source"), item.get("rule")
            if unknown := sorted(set(item) - {"source", "rule"}):
                raise ConfigError(f"{name}: lists[{i}]: unknown setting {unknown[0]!r}")
            if rule is not None and rule not in LIST_RULES:
                raise ConfigError(
                    f"{name}: lists[{i}].rule must be one of {', '.join(LIST_RULES)}, not {rule!r}"
                )
        else:
            source, rule = item, None
        if not isinstance(source, str) or not source.strip():
            raise ConfigError(
                f"{name}: lists[{i}] must be a file path or URL, or {{ source = ..., rule = ... }}"
            )
        if base is not None and not is_url(source) and not Path(source).is_absolute():
            source = str(base / source)
        lists.append(source)
        if rule is not None:
            rules[source] = rule
    return lists, rules


def _positive(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0
