"""The nightly job's configuration file (TOML), read once; errors name the file and field."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from harvester.errors import ConfigError
from harvester.plan.policy import Intervals


@dataclass(frozen=True)
class NightlyConfig:
    """The lists to watch and how often their entries are refreshed."""

    lists: tuple[str, ...]
    intervals: Intervals


def read_config(path: Path) -> NightlyConfig:
    """Read and check a config file; ConfigError (exit 2) names what is wrong."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    return config_from(data, str(path))


def config_from(data: dict[str, Any], name: str) -> NightlyConfig:
    """A checked config from parsed TOML."""
    lists = data.get("lists", [])
    if not isinstance(lists, list) or not all(isinstance(s, str) and s.strip() for s in lists):
        raise ConfigError(f"{name}: 'lists' must be a list of file paths or URLs")
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
    return NightlyConfig(tuple(lists), Intervals(**values))


def _positive(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0
