"""The sane range of a reply's dates, and reasons that quote any value safely."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from harvester.values.checks import (
    EARLIEST_YEAR,
    day_problem,
    latest_year,
    shown,
    timestamp_from,
    year_problem,
)
from harvester.values.ids import split_arxiv_id

LATEST = 2027  # a reply received in 2026


def test_the_latest_year_is_the_one_after_the_reply_was_received() -> None:
    """Received in 2026 (any moment of it): 2027 is the last year; no fetch time, none."""
    assert latest_year("2026-11-30T00:00:00+00:00") == LATEST
    assert latest_year("2026-01-01") == LATEST
    assert latest_year("") == latest_year("yesterday") == EARLIEST_YEAR


@pytest.mark.parametrize(
    ("year", "kept"),
    [(1899, False), (1900, True), (2026, True), (2027, True), (2028, False), (10**30, False),
     (0, False), (-2024, False)],
)  # fmt: skip
def test_years_from_1900_to_the_year_after_the_reply(year: int, kept: bool) -> None:
    """1900 is kept and 1899 refused; next year kept and the year after refused."""
    assert (year_problem(year, LATEST) is None) is kept


@pytest.mark.parametrize(
    ("parts", "why"),
    [((2024, 2, 29), None), ((2023, 2, 29), "the month has no such day"),
     ((2023, 4, 31), "the month has no such day"), ((2023, 4, 30), None),
     ((2023, 0), "the month is not 1 to 12"), ((2023, 13, 1), "the month is not 1 to 12"),
     ((2023, 12), None), ((2023,), None), ((2023, 1, 0), "the month has no such day"),
     ((1899, 12, 31), "the year is not between 1900 and 2027")],
)  # fmt: skip
def test_a_day_must_be_a_calendar_day(parts: tuple[int, ...], why: str | None) -> None:
    """Month 1 to 12, a day the month has (29 February only in leap years)."""
    assert day_problem(parts, LATEST) == why


@pytest.mark.parametrize(
    ("text", "moment", "why"),
    [("2024-01-19T17:59:46Z", datetime(2024, 1, 19, 17, 59, 46, tzinfo=UTC), None),
     ("2024-01-19T23:30:00-05:00", datetime(2024, 1, 20, 4, 30, tzinfo=UTC), None),
     ("2024-01-19", datetime(2024, 1, 19, tzinfo=UTC), None),
     ("1900-01-01T00:00:00Z", datetime(1900, 1, 1, tzinfo=UTC), None),
     ("2027-12-31T23:59:59Z", datetime(2027, 12, 31, 23, 59, 59, tzinfo=UTC), None),
     ("1899-12-31T23:59:59Z", None, "the year is not between 1900 and 2027"),
     ("1900-01-01T00:30:00+01:00", None, "the year is not between 1900 and 2027"),
     ("2027-12-31T23:00:00-05:00", None, "the year is not between 1900 and 2027"),
     ("2028-01-01T00:00:00Z", None, "the year is not between 1900 and 2027"),
     ("9999-12-31T00:00:00Z", None, "the year is not between 1900 and 2027"),
     ("not a date", None, "it is not a timestamp"), ("", None, "it is missing"),
     (None, None, "it is missing"), (20240119, None, "it is not a timestamp")],
)  # fmt: skip
def test_timestamps_are_read_in_utc_within_the_range(
    text: object, moment: datetime | None, why: str | None
) -> None:
    """The UTC moment, its year in range both as written and in UTC."""
    assert timestamp_from(text, LATEST) == (moment, why)


def test_the_end_of_time_is_no_timestamp() -> None:
    """9999-12-31T23:00-05:00 is in year 9999 as written, but has no UTC moment: refused
    even when the range would allow 9999 (it used to raise OverflowError)."""
    assert timestamp_from("9999-12-31T23:00:00-05:00", 10_000) == (
        None, "it is past the last date there is"
    )  # fmt: skip


def test_shown_quotes_any_value_briefly() -> None:
    """Huge numbers by their length (str() refuses past 4,300 digits), deep nesting and
    long text cut short."""
    assert shown([[10**30, 1, 1]]) == "[[<a 31-digit number>, 1, 1]]"
    assert shown(-(10**5000)) == "-<a 5000-digit number>"
    assert shown([[2023, 1, 2]]) == "[[2023, 1, 2]]"
    assert shown([[[[[[[1]]]]]]]) == "[[[[[...]]]]]"
    assert len(shown("x" * 10_000)) < 50
    assert shown(True) == "True" and shown(None) == "None"


def test_an_arxiv_version_of_thousands_of_digits_is_no_id() -> None:
    """`v` and 5,000 digits used to raise ValueError (int() of a long string); nine digits
    are still a version."""
    assert split_arxiv_id("2401.10637v" + "9" * 5000) is None
    assert split_arxiv_id("cs/0102003v" + "9" * 5000) is None
    assert split_arxiv_id("2401.10637v123456789") == ("2401.10637", 123456789)
