"""Settings: flags beat environment variables beat defaults; bad values are named."""

from __future__ import annotations

import re
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


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("HARVESTER_TIMEOUT", "3600.001"),  # just past an hour
        ("HARVESTER_TIMEOUT", "1e300"),
        ("HARVESTER_TIMEOUT", "inf"),
        ("HARVESTER_RETRY_WAIT", "3601"),
        ("HARVESTER_ARXIV_DELAY", "-0.001"),
        ("HARVESTER_CROSSREF_RATE", "0"),
        ("HARVESTER_CROSSREF_RATE", "100.5"),
        ("HARVESTER_RETRIES", "²"),  # a digit to str.isdigit, not a number
        ("HARVESTER_RETRIES", "21"),
        ("HARVESTER_RETRIES", "0"),
        ("HARVESTER_ARXIV_URL", "http://"),
        ("HARVESTER_ARXIV_URL", "http://[::1/api/query"),  # a broken IPv6 host
        ("HARVESTER_ARXIV_URL", "http://127.0.0.1:99999/api/query"),
        ("HARVESTER_ARXIV_URL", "http://127.0.0.1:65536/api/query"),
        ("HARVESTER_CROSSREF_URL", "ftp://api.crossref.org"),
        ("HARVESTER_CROSSREF_URL", "https://api.crossref.org/ works"),
        ("HARVESTER_CROSSREF_URL", "https://api.crossref.org\r\nX-Evil: 1"),
        ("HARVESTER_CROSSREF_URL", "https://äpi.crossref.org"),
        ("HARVESTER_MAILTO", "me@example.org\r\nX-Evil: 1"),
        ("HARVESTER_MAILTO", "me @example.org"),
        ("HARVESTER_MAILTO", "me@ex@ample.org"),
        ("HARVESTER_MAILTO", "@example.org"),
        ("HARVESTER_MAILTO", "me@"),
        ("HARVESTER_MAILTO", "example.org"),
        ("HARVESTER_MAILTO", "mé@example.org"),
    ],
)
def test_values_out_of_bounds_name_the_variable(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match="^" + re.escape(f"{name}={value!r}: expected")):
        settings_from({name: value})


def test_values_just_inside_the_bounds() -> None:
    s = settings_from(
        {
            "HARVESTER_TIMEOUT": "3600", "HARVESTER_RETRY_WAIT": "0", "HARVESTER_ARXIV_DELAY": "0",
            "HARVESTER_CROSSREF_RATE": "100", "HARVESTER_RETRIES": "20",
            "HARVESTER_ARXIV_URL": "http://127.0.0.1:65535/api/query",
            "HARVESTER_MAILTO": "me+lists@example.org",
        }
    )  # fmt: skip
    assert (s.timeout, s.retry_wait, s.arxiv_delay, s.crossref_rate, s.retries) == (
        3600.0, 0.0, 0.0, 100.0, 20,
    )  # fmt: skip
    assert s.arxiv_url.endswith(":65535/api/query") and s.mailto == "me+lists@example.org"
    assert settings_from({"HARVESTER_TIMEOUT": "0.001", "HARVESTER_RETRIES": "1"}).timeout == 0.001


def test_the_database_path_must_name_a_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^--db='\.': expected the path of a database file"):
        settings_from({}, db=Path(""))
    with pytest.raises(ConfigError, match=r"^HARVESTER_DB="):
        settings_from({"HARVESTER_DB": str(tmp_path)})
    assert settings_from({"HARVESTER_DB": ""}).db_path == Path("harvest.sqlite")  # unset
