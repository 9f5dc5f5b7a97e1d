"""Crossref work JSON into our record (pure): the Crossref mapper.

Bad evidence (a missing `type`, an unknown one, a string where date-parts belong)
is reported as a problem naming the field, never raised.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import unquote

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


def work_from_json(data: Any) -> tuple[CrossrefWork | None, str | None]:
    """(work, None), or (None, the problem) when the evidence cannot be read."""
    if not isinstance(data, dict):
        return None, "the Crossref record is not a JSON object"
    doi = normalise_doi(str(data.get("DOI", "")))
    if doi is None:
        return None, "the Crossref record has no readable DOI"
    kind = data.get("type")
    if not isinstance(kind, str):
        return None, f"Crossref record {doi} has no 'type'"
    if kind not in KNOWN_TYPES:
        return None, f"Crossref record {doi} has an unknown type {kind!r}"
    try:
        work = CrossrefWork(
            doi=doi,
            type=kind,
            title=_first_text(data.get("title")),
            venue=_first_text(data.get("container-title")) or None,
            families=tuple(_families(data.get("author"))),
            published_online=_date_parts(data, "published-online"),
            published_print=_date_parts(data, "published-print"),
            first_online=_first_online(data.get("assertion")),
            created=_created(data.get("created")),
            preprint_ids=tuple(_preprints(data.get("relation"))),
            subtitle=_first_text(data.get("subtitle")) or None,
            subtype=data["subtype"] if isinstance(data.get("subtype"), str) else None,
            updates=bool(data.get("update-to")),
        )
    except ValueError as exc:
        return None, f"Crossref record {doi}: {exc}"
    return work, None


def _date_parts(data: dict[str, Any], field: str) -> tuple[int, ...] | None:
    value = data.get(field)
    if value is None:
        return None
    parts = value.get("date-parts") if isinstance(value, dict) else None
    if not isinstance(parts, list) or not parts or not isinstance(parts[0], list):
        raise ValueError(f"'{field}' has no date-parts list: {value!r}"[:200])
    first = parts[0]
    if not first or first[0] is None:
        return None  # [[null]] occurs in real data and means "no date"
    if not all(isinstance(p, int) and not isinstance(p, bool) for p in first):
        raise ValueError(f"'{field}' date-parts are not numbers: {first!r}"[:200])
    date(*([*first, 1, 1][:3]))  # raises ValueError for 2023-13-45
    return tuple(first[:3])


def _created(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError(f"'created' is not an object: {value!r}"[:200])
    stamp = value.get("date-time")
    if isinstance(stamp, str):
        try:
            moment = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"'created' date-time is not a timestamp: {stamp!r}") from None
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC).date().isoformat()
    parts = _date_parts({"created": value}, "created")
    if parts is None or len(parts) < 3:  # Crossref always stamps created: a day or broken
        raise ValueError(f"'created' has no date-time and no day-precise date-parts: {value!r}")
    return date(*parts).isoformat()


def _first_online(assertions: Any) -> str | None:
    if not isinstance(assertions, list):
        return None
    for a in assertions:
        if (
            isinstance(a, dict)
            and a.get("name") == "first_online"
            and isinstance(a.get("value"), str)
        ):
            try:
                return datetime.strptime(a["value"].strip(), "%d %B %Y").date().isoformat()
            except ValueError:
                raise ValueError(f"first_online assertion is not a date: {a['value']!r}") from None
    return None


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
