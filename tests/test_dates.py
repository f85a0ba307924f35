"""Date rules: date lines and datelines in the text, URL paths, metadata, file time; never a body date."""

from __future__ import annotations

import datetime as dt

import pytest

from parley.ingest.dates import FoundDate, find_date, parse_date, text_date, url_date

D = dt.date
BODY = "Negotiators met again to discuss the remaining gaps in the text, officials said."
# 2024-01-03 12:00 UTC
MTIME = dt.datetime(2024, 1, 3, 12, tzinfo=dt.timezone.utc).timestamp()


@pytest.mark.parametrize(
    "value, expected",
    [
        ("12 March 2024", (D(2024, 3, 12), "day")),
        ("March 12, 2024", (D(2024, 3, 12), "day")),
        ("Tuesday, 12 March 2024", (D(2024, 3, 12), "day")),
        ("Mar. 12th, 2024", (D(2024, 3, 12), "day")),
        ("2024-03-12", (D(2024, 3, 12), "day")),
        ("2024-03-12T08:30:00+02:00", (D(2024, 3, 12), "day")),
        ("2024-08", (D(2024, 8, 1), "month")),
        ("August 2024", (D(2024, 8, 1), "month")),
        ("2024", (D(2024, 1, 1), "year")),
        ("31 February 2024", None),
        ("last Tuesday", None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # labelled date lines, anywhere in the report
        (f"Published: 12 March 2024\n{BODY}", D(2024, 3, 12)),
        (f"{BODY}\nPublished on March 12, 2024 at 10:30 GMT", D(2024, 3, 12)),
        (f"Updated: 2024-06-03T10:00:00Z\n{BODY}", D(2024, 6, 3)),
        (f"Posted on Jan. 5th, 2024 at 3:45 pm EST\n{BODY}", D(2024, 1, 5)),
        # a bare date line near the top
        (f"Ceasefire talks resume\nMarch 12, 2024\n{BODY}", D(2024, 3, 12)),
        (f"Tuesday, 12 March 2024 10:30 GMT\n{BODY}", D(2024, 3, 12)),
        # dates inside sentences are event dates, not the publication date
        (f"{BODY} The first round ended on March 12, 2024 without a deal.", None),
        ("Talks that began on 7 October 2024 resumed in Cairo after a pause, the mediators said.", None),
        # a bare date line deep in the report is not taken
        ("\n".join([BODY] * 6 + ["March 12, 2024"]), None),
    ],
)
def test_text_date(text, expected):
    found = text_date(text)
    assert (found[0] if found else None) == expected


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://example.org/news/2024/06/03/talks-resume.html", (D(2024, 6, 3), "day")),
        ("https://example.org/2024-06-03-talks-resume", (D(2024, 6, 3), "day")),
        ("https://example.org/world/20240603/talks", (D(2024, 6, 3), "day")),
        ("https://example.org/news/2024/06/talks-resume-in-doha.html", (D(2024, 6, 1), "month")),
        ("https://example.org/news/talks-resume", None),
        ("https://example.org/story/123456789", None),
        (None, None),
    ],
)
def test_url_date(url, expected):
    assert url_date(url) == expected


@pytest.mark.parametrize(
    "text, kwargs, expected",
    [
        # the text wins over every other source
        (f"Published: 12 March 2024\n{BODY}", {"url": "https://x.org/2024/06/03/a", "mtime": MTIME},
         FoundDate(D(2024, 3, 12), "day", "text")),
        (f"GAZA CITY, March 4, 2024 (Wire) - {BODY}", {"mtime": MTIME}, FoundDate(D(2024, 3, 4), "day", "text")),
        (f"Headline\nShare | Tweet\nGAZA/JERUSALEM, Jan 20, 2025 (Wire) - {BODY}", {"mtime": MTIME},
         FoundDate(D(2025, 1, 20), "day", "text")),
        # then the URL, then metadata, then the file time
        (BODY, {"url": "https://x.org/2024/06/03/a", "metadata": "2024-05-01", "mtime": MTIME},
         FoundDate(D(2024, 6, 3), "day", "url")),
        (BODY, {"metadata": "Mon, 03 Jun 2024 10:00:00 GMT", "mtime": MTIME}, FoundDate(D(2024, 6, 3), "day", "metadata")),
        (BODY, {"metadata": "2024-08", "mtime": MTIME}, FoundDate(D(2024, 8, 1), "month", "metadata")),
        # a month in the URL path and a day in agreeing metadata: the day is kept
        (BODY, {"url": "https://x.org/news/2024/04/talks", "metadata": "Tue, 09 Apr 2024 09:30:00 +0000"},
         FoundDate(D(2024, 4, 9), "day", "metadata")),
        (BODY, {"url": "https://x.org/news/2024/04/talks", "metadata": "2024-05-09", "mtime": MTIME},
         FoundDate(D(2024, 4, 1), "month", "url")),
        (BODY, {"mtime": MTIME}, FoundDate(D(2024, 1, 3), "day", "file")),
        # a yearless dateline takes the year of another source and says so
        (f"DOHA, June 3 (Wire) - {BODY}", {"metadata": "2024-06-04"}, FoundDate(D(2024, 6, 3), "day", "inferred")),
        (f"CAIRO, Egypt, Dec. 30 - {BODY}", {"mtime": MTIME}, FoundDate(D(2023, 12, 30), "day", "inferred")),
        # nothing to go on: no date is invented
        (f"DOHA, June 3 (Wire) - {BODY}", {}, None),
        (BODY, {"metadata": "not a date"}, None),
    ],
)
def test_find_date(text, kwargs, expected):
    assert find_date(text, **kwargs) == expected
