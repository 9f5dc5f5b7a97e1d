"""Which date an entry writes for itself, its label, and dates in headings (pure).

A date found in an entry's lines is skipped when it sits in a link's URL (but not a
shields badge, whose URL is where such lists write the date), or when a venue names
it (`CVPR 2024`, `ICLR-2025.01`: a venue tag, never audited). A date written with
`arXiv` is labelled `arxiv`. Of the rest, the most precise wins, then the first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from harvester.listing.notations import (
    COMPACT,
    NOTATIONS,
    YEAR,
    YEAR_LIKE,
    DateText,
    find_in,
    read_date,
)
from harvester.values.entries import RecordedDate

_URL = re.compile(r"\]\([^)\s]*\)|<[^<>]*>|https?://[^\s)\]>\"']+")
_BADGE = re.compile(r"shields\.io/badge/|badgen\.net/badge/", re.IGNORECASE)
_BADGE_LABEL = re.compile(r"/badge/(?P<label>[^/\-]+)-$", re.IGNORECASE)
_ARXIV_BEFORE = re.compile(r"arxiv[\s,:\-]*$", re.IGNORECASE)
_VENUE_WORDS = (
    r"Nature|Science|Journal|Transactions|Letters|Conference|Proceedings|Workshop|"
    r"Intelligence|Review|Reviews|Medicine|Imaging|Analysis|Processing"
)
_VENUE_BEFORE = re.compile(
    r"(?:\b(?!arXiv|ArXiv|Arxiv|ARXIV|Preprint)[A-Z][A-Za-z]*[A-Z][A-Za-z]*['\u2019]?,?[\s\-]*"
    rf"|\b(?:{_VENUE_WORDS}),?\s*)$"
)
_VENUE_AFTER = re.compile(r"^[\-\s]*[A-Z][A-Za-z]*[A-Z]")
_WORD = re.compile(r"\w")
_VENUE_AFTER_WORD = re.compile(r"[\-\s]*[A-Z][A-Za-z]*[A-Z][A-Za-z]*")
#: A year alone counts where a label makes it a date (`arXiv, 2024`, `Preprint 2022.`) or
#: where it closes a line after a comma (`..., 2022.` at the end of an authors line).
_LABELLED_YEAR = re.compile(r"(?i:\barxiv|\bpreprint)[\s,:\-]*" + YEAR.pattern)
_CLOSING_YEAR = re.compile(r",\s*" + YEAR.pattern + r"\.?\s*$")
#: `CVPR 2022`, `NeurIPS-2023`: a venue's year, found so that it is known for a venue tag.
_VENUE_YEAR = re.compile(r"\b[A-Z][A-Za-z]*[A-Z][A-Za-z]*[\s\-']+" + YEAR.pattern)
_RANK = {"day": 3, "month": 2, "year": 1}
_NOISE = r"[\s:\uff1a.,;!*_`#~()\[\]\u2600-\u27bf\U0001f000-\U0001faff]+"
_HEADING_NOISE = re.compile(rf"^{_NOISE}|{_NOISE}$")


@dataclass(frozen=True)
class FoundDate:
    """A date in one line of an entry: the line, the date, and its label."""

    line: int
    date: DateText
    label: str | None


def byte_span(line: str, line_start: int, start: int, end: int) -> tuple[int, int]:
    """Byte offsets in the raw file of characters `start`..`end` of a line beginning at byte
    `line_start`."""
    return (
        line_start + len(line[:start].encode("utf-8")),
        line_start + len(line[:end].encode("utf-8")),
    )


def recorded(
    date: DateText, span: tuple[int, int], label: str | None = None, source: str = "entry"
) -> RecordedDate:
    """`date` as an entry's recorded date, at byte `span` of the raw file."""
    return RecordedDate(date.text, date.value, date.problem, span[0], span[1], date.precision,
                        label, source, date.notation)  # fmt: skip


def dates_in_line(text: str) -> list[tuple[DateText, str | None]]:
    """(date, label) for the dates a line writes for its entry; venue dates left out."""
    return line_dates(text)[0]


def line_dates(text: str) -> tuple[list[tuple[DateText, str | None]], str | None]:
    """`dates_in_line`, and the venue tag with its date when the line writes a venue's date
    (`CVPR 2021`, `NeurIPS, Dec 2021`; the entry then takes no heading's date), reading the
    line's dates once."""
    found = _all_dates(text)
    venue = next((_venue_tag(text, d) for d, label in found if label == "venue"), None)
    return [p for p in found if p[1] != "venue"], venue


def _venue_tag(text: str, found: DateText) -> str:
    """The venue's name with its date, as written, without the markup around them."""
    start, end = found.start, found.end
    if badge := _BADGE_LABEL.search(text[max(0, start - 40) : start]):
        return f"{badge['label']} {found.text}"
    if before := _VENUE_BEFORE.search(text[:start]):
        start = before.start()
    elif after := _VENUE_AFTER_WORD.match(text, end):
        end = after.end()
    return re.sub(r"\s+", " ", text[start:end]).strip(" *_()[]")


def pick_date(found: list[FoundDate]) -> FoundDate | None:
    """The entry's recorded date: a real date before an impossible one, then the most
    precise, then the first."""
    if not found:
        return None
    return max(
        found, key=lambda f: (f.date.value is not None, _RANK.get(f.date.precision or "", 0),
                              -found.index(f))
    )  # fmt: skip


def _all_dates(text: str) -> list[tuple[DateText, str | None]]:
    """(date, label) for every date of a line outside link URLs (shields badges read)."""
    if not YEAR_LIKE.search(text):
        return []  # every notation and every lone year writes one
    urls = [(m.start(), m.end(), bool(_BADGE.search(m.group(0)))) for m in _URL.finditer(text)]
    out = []
    for found in [*find_in(text), *_years(text)]:
        inside = [badge for start, end, badge in urls if start <= found.start < end]
        if not inside or inside[0]:
            out.append((found, _label(text, found)))
    return _without_overlaps(out)


def heading_date(text: str) -> DateText | None:
    """The date a section heading is, when it is nothing else (`2023.1`, `2024:`)."""
    bare = _HEADING_NOISE.sub("", text.strip())
    for notation, pattern in NOTATIONS:
        if m := pattern.fullmatch(bare):
            return read_date(m, notation)
    if m := YEAR.fullmatch(bare):
        return read_date(m, "year")
    return None


def cell_date(text: str) -> DateText | None:
    """The date a table cell is, when it is nothing else (`2024.11`, `202304`, `2022`)."""
    bare = text.strip()
    if m := COMPACT.fullmatch(bare):
        return read_date(m, "compact")
    return heading_date(bare)


def strip_dates(title: str) -> str:
    """A title without the dates written in it: a bracket holding only a date (with arXiv
    or a venue's name) goes whole, a venue's name goes with its date; a venue's date
    between the title's words (`2nd Place Solution to ECCV 2022 Challenge`) is title."""
    for found, label in reversed(_all_dates(title)):
        start, end = found.start, found.end
        if label == "venue" and (venue := _VENUE_BEFORE.search(title[:start])):
            start = venue.start()
        group = re.search(r"[\[(][^\[\]()]*$", title[:start])
        close = re.match(r"[^\[\]()]*[\])]", title[end:])
        if group and close:
            rest = group.group(0)[1:] + close.group(0)[:-1]
            if not re.sub(r"(?i)arxiv|[\s,.\-:']", "", rest):
                start, end = group.start(), end + close.end()
        elif label == "venue" and _WORD.search(title[:start]) and _WORD.search(title[end:]):
            continue
        title = title[:start] + title[end:]
    return re.sub(r"[ \t\r\n]+", " ", title).strip(" ,;:-\u2013\t\r\n")


def _years(text: str) -> list[DateText]:
    out = []
    for pattern in (_LABELLED_YEAR, _CLOSING_YEAR, _VENUE_YEAR):
        for m in pattern.finditer(text):
            if year := YEAR.match(text, m.start("y")):
                out.append(read_date(year, "year"))
    return out


def _label(text: str, found: DateText) -> str | None:
    before = text[max(0, found.start - 40) : found.start]
    if badge := _BADGE_LABEL.search(before):  # a badge names its date: `badge/Nature-2024.01`
        return "arxiv" if badge["label"].lower() == "arxiv" else "venue"
    if _ARXIV_BEFORE.search(before):
        return "arxiv"
    if _VENUE_BEFORE.search(before) or _VENUE_AFTER.search(text[found.end : found.end + 12]):
        return "venue"
    return None


def _without_overlaps(
    found: list[tuple[DateText, str | None]],
) -> list[tuple[DateText, str | None]]:
    """Dates left to right; a year inside a longer date is that date's, not another."""
    out: list[tuple[DateText, str | None]] = []
    for date, label in sorted(found, key=lambda p: (p[0].start, -(p[0].end - p[0].start))):
        if out and date.start < out[-1][0].end:
            continue
        out.append((date, label))
    return out
