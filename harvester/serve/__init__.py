"""The Datasette plugin for a harvester database, with the metadata beside it.

Registered through the `datasette` entry point (or `--plugins-dir` this folder, for
`datasette publish`): arXiv IDs and DOIs become links (in `arxiv_id`, `doi`, the entry
keys and the findings' details), a list's name shows its last part, and harvester.css
makes the views readable. `METADATA` is the file to pass to `datasette --metadata`.
Imports nothing from harvester, so Datasette can load this file on its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from datasette import Response
from datasette import hookimpl as datasette_hookimpl
from markupsafe import Markup, escape

F = TypeVar("F", bound=Callable[..., Any])
#: Datasette's (untyped) hook marker, typed: it returns the function it marks.
hookimpl: Callable[[F], F] = datasette_hookimpl

HERE = Path(__file__).parent
METADATA = HERE / "metadata.yml"
CSS = HERE / "harvester.css"
CSS_PATH = "/-/harvester.css"

_ARXIV = re.compile(r"(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})")
#: DOIs anywhere in a sentence, arXiv IDs outside them (the DOI alternative comes first).
_IN_TEXT = re.compile(
    r"(?P<doi>\b10\.\d{4,9}/[^\s()'\"`,;]*[^\s()'\"`,;.])"
    r"|(?P<arxiv>(?<![\w./])\d{4}\.\d{4,5}(?![\w/]))"
)


def breakable(text: str) -> Markup:
    """Escaped text that may wrap after a `/` or `:` (an entry key, a DOI), nowhere else."""
    return Markup("<wbr>").join(escape(p) for p in re.split(r"(?<=[/:])", text))


def _link(url: str, text: Markup) -> Markup:
    return Markup('<a href="{}">{}</a>').format(url, text)


def link_arxiv(arxiv_id: str) -> Markup:
    """An arXiv ID as a link to its abstract page."""
    return _link(f"https://arxiv.org/abs/{quote(arxiv_id, safe='/')}", breakable(arxiv_id))


def link_doi(doi: str) -> Markup:
    """A DOI as a link through doi.org."""
    return _link(f"https://doi.org/{quote(doi, safe='/')}", breakable(doi))


def link_text(text: str) -> Markup:
    """A sentence with the DOIs and arXiv IDs in it linked, the rest escaped."""
    out, end = Markup(""), 0
    for found in _IN_TEXT.finditer(text):
        doi, arxiv_id = found.group("doi"), found.group("arxiv")
        out += escape(text[end : found.start()])
        out += link_doi(doi) if doi else link_arxiv(arxiv_id)
        end = found.end()
    return out + escape(text[end:])


def render_value(column: str, value: str) -> Markup | None:
    """The HTML for one cell of harvester's columns, None for Datasette's own rendering."""
    if column == "arxiv_id" and _ARXIV.fullmatch(value):
        return link_arxiv(value)
    if column == "doi" and value.startswith("10."):
        return link_doi(value)
    if column == "entry_key":
        prefix, _, rest = value.partition(":")
        link = {"arxiv": link_arxiv, "doi": link_doi}.get(prefix)
        return (
            Markup("{}:<wbr>{}").format(prefix, link(rest)) if link and rest else breakable(value)
        )
    if column == "detail":
        return link_text(value)
    if column == "list_source" and "/" in value.rstrip("/"):
        short = value.rstrip("/").rsplit("/", 1)[1]
        return Markup('<span title="{}">{}</span>').format(value, short)
    return None


@hookimpl
def render_cell(value: Any, column: str) -> Markup | None:
    """Links for arXiv IDs and DOIs, the short name of a list."""
    return render_value(column, value) if isinstance(value, str) else None


@hookimpl
def extra_css_urls(datasette: Any) -> list[str]:
    """harvester.css on every page (its rules name harvester's views and queries)."""
    return [datasette.urls.path(CSS_PATH)]


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    """Serve harvester.css from this folder."""

    async def css() -> Response:
        return Response(CSS.read_text(encoding="utf-8"), content_type="text/css; charset=utf-8")

    return [(rf"^{re.escape(CSS_PATH)}$", css)]
