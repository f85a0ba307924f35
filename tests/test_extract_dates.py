"""Relative and absolute dates in report text, resolved against the report's date."""

from __future__ import annotations

import datetime as dt

import pytest

from parley.extract.dates import find_dates

WEDNESDAY = dt.date(2024, 10, 23)


@pytest.mark.parametrize(
    "text, date, precision",
    [
        ("Talks resumed on Sunday in Oslo.", "2024-10-20", "day"),
        ("They met last Wednesday.", "2024-10-16", "day"),
        ("They meet next Monday.", "2024-10-28", "day"),
        ("The envoy left yesterday.", "2024-10-22", "day"),
        ("It happened last week.", "2024-10-14", "week"),
        ("A round of talks was held in mid-October.", "2024-10-15", "month"),
        ("The drones struck on Oct. 1 at dawn.", "2024-10-01", "day"),
        ("They signed on 7 October 2023.", "2023-10-07", "day"),
        ("The sides met earlier this month.", "2024-10-01", "month"),
        ("The plan was drafted last month.", "2024-09-01", "month"),
        ("Forces advanced in May.", "2024-05-01", "month"),
        ("Talks broke down in January.", "2024-01-01", "month"),
        ("Talks are expected to resume in December.", "2024-12-01", "month"),
        ("The war began in 2022.", "2022-01-01", "year"),
    ],
)
def test_dates_resolve_against_the_report_date(text, date, precision):
    found = find_dates(text, WEDNESDAY)
    assert [(m.date.isoformat(), m.precision) for m in found] == [(date, precision)]
    assert text[found[0].start : found[0].end] == found[0].text


@pytest.mark.parametrize("text", ["Talks resumed on Sunday.", "It happened last week.", "in mid-October"])
def test_relative_dates_need_a_report_date(text):
    assert find_dates(text, None) == []


def test_absolute_date_with_year_resolves_without_report_date():
    assert find_dates("on March 3, 2024", None)[0].date == dt.date(2024, 3, 3)


def test_may_as_a_verb_is_not_a_date():
    assert find_dates("Borvia may accept the plan.", WEDNESDAY) == []


def test_offset_shifts_positions():
    assert find_dates("on Sunday", WEDNESDAY, offset=100)[0].start == 100
