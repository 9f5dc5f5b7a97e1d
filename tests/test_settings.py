"""Settings: flags beat environment variables beat defaults; bad values are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from harvester.errors import ConfigError
from harvester.settings import settings_from


def test_defaults_are_the_real_services() -> None:
    """With nothing set, the real endpoints and polite delays are used."""
    s = settings_from({})
    assert (s.arxiv_url, s.crossref_url) == (
        "https://export.arxiv.org/api/query",
        "https://api.crossref.org",
    )
    assert (s.arxiv_delay, s.timeout, s.mailto, s.db_path) == (
        3.0,
        30.0,
        None,
        Path("harvest.sqlite"),
    )
    assert s.user_agent.startswith("harvester/")


def test_environment_and_flags() -> None:
    """Environment variables override defaults and the --db flag overrides the environment."""
    env = {
        "HARVESTER_DB": "env.sqlite",
        "HARVESTER_CROSSREF_URL": "http://127.0.0.1:8000/",
        "HARVESTER_MAILTO": "me@example.org",
        "HARVESTER_ARXIV_DELAY": "0.05",
    }
    s = settings_from(env, db=Path("flag.sqlite"))
    assert s.db_path == Path("flag.sqlite")
    assert s.crossref_url == "http://127.0.0.1:8000"
    assert s.arxiv_delay == 0.05
    assert "mailto:me@example.org" in s.user_agent


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("HARVESTER_TIMEOUT", "soon"),
        ("HARVESTER_TIMEOUT", "0"),
        ("HARVESTER_ARXIV_DELAY", "-1"),
        ("HARVESTER_ARXIV_DELAY", "nan"),
        ("HARVESTER_ARXIV_URL", "export.arxiv.org/api/query"),
    ],
)
def test_bad_values_name_the_variable(name: str, value: str) -> None:
    """A bad value raises ConfigError naming the variable and the value."""
    with pytest.raises(ConfigError, match=f"{name}='{value}'"):
        settings_from({name: value})
