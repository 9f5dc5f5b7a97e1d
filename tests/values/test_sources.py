"""A list's name survives moving the checkout: git remotes in every spelling normalise to
one name; local remotes name nothing shared."""

from __future__ import annotations

import pytest

from harvester.values.sources import list_name, normalise_remote, repo_path_of

SAME = "github.com/MedAIerHHL/awesome-list"


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/MedAIerHHL/awesome-list",
        "https://github.com/MedAIerHHL/awesome-list.git",
        "https://github.com/MedAIerHHL/awesome-list/",
        "https://x-access-token:ghs_secret@github.com/MedAIerHHL/awesome-list.git",
        "https://GitHub.com:443/MedAIerHHL/awesome-list",
        "http://github.com/MedAIerHHL/awesome-list",
        "git@github.com:MedAIerHHL/awesome-list.git",
        "github.com:MedAIerHHL/awesome-list",
        "ssh://git@github.com/MedAIerHHL/awesome-list.git",
        "ssh://git@github.com:22/MedAIerHHL/awesome-list",
        "git://github.com/MedAIerHHL/awesome-list.git",
        "  https://github.com/MedAIerHHL/awesome-list.git\n",
    ],
)
def test_every_spelling_of_one_remote_is_one_name(url: str) -> None:
    assert normalise_remote(url) == SAME


@pytest.mark.parametrize(
    "url",
    ["", "/srv/git/list.git", "../list", "./list", "file:///srv/git/list.git", "C:\\repo",
     "ftp://example.org/list", "https://github.com/", "https://github.com"],
)  # fmt: skip
def test_local_or_empty_remotes_name_nothing(url: str) -> None:
    assert normalise_remote(url) is None


def test_other_repositories_stay_apart() -> None:
    assert normalise_remote("https://github.com/a/list") != normalise_remote(
        "https://github.com/b/list"
    )
    assert normalise_remote("https://gitlab.com/a/list") == "gitlab.com/a/list"
    assert normalise_remote("https://github.com/a/list.github.io") == "github.com/a/list.github.io"


def test_a_list_name_and_its_path_in_the_repository() -> None:
    name = list_name(SAME, "docs/README.md")
    assert name == "github.com/MedAIerHHL/awesome-list:docs/README.md"
    assert repo_path_of(name) == "docs/README.md"
    assert repo_path_of("/home/me/list/README.md") is None
    assert repo_path_of("https://raw.githubusercontent.com/o/r/main/README.md") is None
    assert repo_path_of("owner/repo:README.md") == "README.md"
    assert repo_path_of("README.md") is None
