"""Crossref work JSON into our record (pure): the Crossref mapper.

Bad evidence is reported as a problem naming the field, never raised. What the rule
dates a version by is checked strictly, and a bad value makes the work unusable (its
online date cannot be known): the DOI, `type`, and every date it reads
(`published-online`, `published-print`, `created`, the `first_online` assertion), whose
years must lie between 1900 and the year after the reply was received
(`harvester.values.checks`). The other fields only help match and classify a work, and
junk of the wrong shape there counts as absent (a title that is a number is no title).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import unquote

from harvester.values.checks import day_problem, shown, timestamp_from
from harvester.values.evidence import CrossrefWork
from harvester.values.ids import ARXIV_DOI, normalise_doi, split_arxiv_id

_ARXIV_PREFIX = re.compile(r"(?i)^arxiv:\s*")

#: Crossref work types (REST API `/types`); anything else is bad evidence.
KNOWN_TYPES = frozenset(
    "book-section monograph report-component report peer-review book-track journal-article "
    "book-part other book journal-volume book-set reference-entry proceedings-article journal "
    "component book-chapter proceedings-series report-series proceedings database standard "
    "reference-book posted-content journal-issue dissertation grant dataset book-series "
    "edited-book journal-section monograph-series".split()
)


def work_from_json(data: Any, latest: int) -> tuple[CrossrefWork | None, str | None]:
    """(work, None), or (None, the problem naming the field) when the evidence cannot be
    read; `latest` is the last year a date may name (`values.checks.latest_year` of the
    reply's fetch time)."""
    if not isinstance(data, dict):
        return None, "the Crossref record is not a JSON object"
    doi = normalise_doi(data["DOI"]) if isinstance(data.get("DOI"), str) else None
    if doi is None:
        return None, "the Crossref record has no readable DOI"
    kind = data.get("type")
    if not isinstance(kind, str):
        return None, f"Crossref record {doi} has no 'type'"
    if kind not in KNOWN_TYPES:
        return None, f"Crossref record {doi} has an unknown type {shown(kind)}"
    try:
        work = CrossrefWork(
            doi=doi,
            type=kind,
            title=_first_text(data.get("title")),
            venue=_first_text(data.get("container-title")) or None,
            families=tuple(_families(data.get("author"))),
            published_online=_date_parts(data, "published-online", latest),
            published_print=_date_parts(data, "published-print", latest),
            first_online=_first_online(data.get("assertion"), latest),
            created=_created(data.get("created"), latest),
            preprint_ids=tuple(_preprints(data.get("relation"))),
            subtitle=_first_text(data.get("subtitle")) or None,
            subtype=data["subtype"] if isinstance(data.get("subtype"), str) else None,
            updates=bool(data.get("update-to")),
        )
    except ValueError as exc:
        return None, f"Crossref record {doi}: {exc}"
    return work, None


def _date_parts(data: dict[str, Any], field: str, latest: int) -> tuple[int, ...] | None:
    """The first `date-parts` of `field` (year[, month[, day]]); None for none or
    `[[null]]`; ValueError naming the field for anything that is no date in range."""
    value = data.get(field)
    if value is None:
        return None
    parts = value.get("date-parts") if isinstance(value, dict) else None
    if not isinstance(parts, list) or not parts or not isinstance(parts[0], list):
        raise ValueError(f"'{field}' has no date-parts list: {shown(value)}")
    first = parts[0]
    if not first or first[0] is None:
        return None  # [[null]] occurs in real data and means "no date"
    if not all(isinstance(p, int) and not isinstance(p, bool) for p in first):
        raise ValueError(f"'{field}' date-parts are not numbers: {shown(first)}")
    if len(first) > 3:
        raise ValueError(f"'{field}' date-parts {shown(parts)} are more than a day")
    if why := day_problem(tuple(first), latest):
        raise ValueError(f"'{field}' date-parts {shown(parts)} are not a date: {why}")
    return tuple(first)


def _created(value: Any, latest: int) -> str | None:
    """The UTC day of `created.date-time`, else its day-precise date-parts."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError(f"'created' is not an object: {shown(value)}")
    stamp = value.get("date-time")
    if stamp is not None:
        moment, why = timestamp_from(stamp, latest)
        if moment is None:
            raise ValueError(f"'created' date-time {shown(stamp)} is not a date: {why}")
        return moment.date().isoformat()
    parts = _date_parts({"created": value}, "created", latest)
    if parts is None or len(parts) < 3:  # Crossref always stamps created: a day or broken
        raise ValueError(
            f"'created' has no date-time and no day-precise date-parts: {shown(value)}"
        )
    return f"{parts[0]:04d}-{parts[1]:02d}-{parts[2]:02d}"


def _first_online(assertions: Any, latest: int) -> str | None:
    """The day of Springer's first `first_online` assertion ("19 November 2015")."""
    if assertions is None:
        return None
    if not isinstance(assertions, list):
        raise ValueError(f"'assertion' is not a list: {shown(assertions)}")
    for a in assertions:
        if isinstance(a, dict) and a.get("name") == "first_online":
            return _assertion_day(a.get("value"), latest)
    return None


def _assertion_day(value: Any, latest: int) -> str:
    why: str | None = "it is not a day like '19 November 2015'"
    if isinstance(value, str):
        try:
            day = datetime.strptime(value.strip(), "%d %B %Y").date()
        except ValueError:
            pass
        else:
            if not (why := day_problem((day.year, day.month, day.day), latest)):
                return day.isoformat()
    raise ValueError(f"'assertion' first_online {shown(value)} is not a date: {why}")


def _first_text(value: Any) -> str:
    if isinstance(value, list) and value and isinstance(value[0], str):
        return " ".join(value[0].split())
    return value.strip() if isinstance(value, str) else ""


def _families(authors: Any) -> list[str]:
    if not isinstance(authors, list):
        return []
    return [
        a["family"] for a in authors if isinstance(a, dict) and isinstance(a.get("family"), str)
    ]


def _preprints(relation: Any) -> list[str]:
    """Versionless arXiv IDs of `relation.has-preprint`: `id-type` arxiv in any form
    (`2302.04668v2`, `arXiv:2302.04668`), or doi `10.48550/arXiv.<ID>`."""
    links = relation.get("has-preprint") if isinstance(relation, dict) else None
    if not isinstance(links, list):
        return []
    out = []
    for link in links:
        if not isinstance(link, dict) or not isinstance(link.get("id"), str):
            continue
        kind, value = link.get("id-type"), link["id"].strip()
        if kind == "arxiv":
            value = _ARXIV_PREFIX.sub("", value)
        elif kind == "doi" and (m := ARXIV_DOI.fullmatch(unquote(value))):
            value = m[1]
        else:
            continue
        if split := split_arxiv_id(value):
            out.append(split[0])
    return list(dict.fromkeys(out))
