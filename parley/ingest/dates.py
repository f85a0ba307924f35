"""Publication dates from a report's text, URL, metadata or file time.

Only a date the report states about itself is taken from its text: a date
line ("Published: 12 March 2024", a line holding only a date) or a dateline
opening the first paragraph ("DOHA, June 3 (Wire) -"). Dates mentioned in the
body are event dates and are left to the extractor. A dateline without a year
gets its year from another source and is then recorded as ``inferred``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Optional

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"

# Each pattern reads one date; the order matters (most specific first).
_DATE_PATTERNS = [
    re.compile(_WEEKDAY + rf"{_DAY}\s+{_MONTH},?\s+{_YEAR}", re.IGNORECASE),  # 12 March 2024
    re.compile(_WEEKDAY + rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}", re.IGNORECASE),  # March 12, 2024
    re.compile(rf"{_YEAR}-(?P<month_num>[01]\d)-(?P<day>[0-3]\d)"),  # 2024-03-12
    re.compile(rf"{_MONTH},?\s+{_YEAR}", re.IGNORECASE),  # March 2024
]
_LABEL = r"(?:(?:first\s+)?published|updated|last\s+updated|posted|date|dated|filed)(?:\s+on)?\s*:?\s*"
_TIME = (
    r"(?:[\s,|·-]*(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*"
    r"(?:[A-Z]{2,5}|GMT[+-]?\d*|UTC[+-]?\d*)?)?"
)
_LABELLED_LINE = re.compile(rf"^\s*{_LABEL}(?P<date>.+?){_TIME}\s*$", re.IGNORECASE)
_BARE_LINE = re.compile(rf"^\s*(?P<date>.+?){_TIME}\s*$", re.IGNORECASE)
_DATELINE = re.compile(
    rf"^\s*(?P<place>[A-Z][A-Z.'/\- ]{{1,40}}(?:,\s*[A-Z][A-Za-z.'\- ]{{1,30}})?),?\s+"
    rf"(?P<date>(?i:{_MONTH})\s+{_DAY}(?:,?\s+{_YEAR})?)\s*(?:\((?P<wire>[^)]{{1,40}})\))?\s*[-–—:]",
)
_URL_DATE = [
    (re.compile(r"/(?P<year>(?:19|20)\d\d)/(?P<month>[01]?\d)/(?P<day>[0-3]?\d)(?:/|$|[-_])"), "day"),
    (re.compile(r"[/_-](?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?:/|$|[-_.])"), "day"),
    (re.compile(r"/(?P<year>(?:19|20)\d\d)(?P<month>[01]\d)(?P<day>[0-3]\d)(?:/|$|[-_])"), "day"),
    (re.compile(r"/(?P<year>(?:19|20)\d\d)/(?P<month>[01]?\d)/"), "month"),
]
# Lines at the top of a report that may hold a bare date line or a dateline.
FIRST_LINES = 5
# A date line is short: a longer line is a sentence that mentions a date.
DATE_LINE_MAX_CHARS = 60


@dataclass(frozen=True)
class FoundDate:
    """A publication date, how precise it is, and where it came from."""

    date: dt.date
    precision: str  # day, month, year
    source: str  # text, metadata, url, file, inferred


def _build(year: int, month: int, day: Optional[int]) -> Optional[tuple[dt.date, str]]:
    try:
        return (dt.date(year, month, day), "day") if day else (dt.date(year, month, 1), "month")
    except ValueError:
        return None


def parse_date(value: str) -> Optional[tuple[dt.date, str]]:
    """Read one date written in full (``value`` is only the date), with its precision.

    >>> parse_date("Tuesday, 12 March 2024")
    (datetime.date(2024, 3, 12), 'day')
    >>> parse_date("2024-08") is None
    False
    """
    value = value.strip().strip(",.;")
    iso = re.fullmatch(r"((?:19|20)\d\d)(?:-(\d\d)(?:-(\d\d))?)?(?:[T ][\d:.+\-Z]*)?", value)
    if iso:
        year, month, day = iso.group(1), iso.group(2), iso.group(3)
        if month is None:
            return dt.date(int(year), 1, 1), "year"
        return _build(int(year), int(month), int(day) if day else None)
    for pattern in _DATE_PATTERNS:
        m = pattern.fullmatch(value)
        if m:
            groups = m.groupdict()
            month = int(groups["month_num"]) if groups.get("month_num") else MONTHS[groups["month"].lower()]
            return _build(int(groups["year"]), month, int(groups["day"]) if groups.get("day") else None)
    return None


def _metadata_date(value: str) -> Optional[tuple[dt.date, str]]:
    """Feed and HTTP dates such as 'Mon, 03 Jun 2024 10:00:00 GMT' as well as ISO dates."""
    parsed = parse_date(value)
    if parsed:
        return parsed
    m = re.search(rf"{_DAY}\s+{_MONTH}\s+{_YEAR}", value, re.IGNORECASE) or re.search(
        rf"{_MONTH}\s+{_DAY},?\s+{_YEAR}", value, re.IGNORECASE
    )
    if m:
        return _build(int(m["year"]), MONTHS[m["month"].lower()], int(m["day"]))
    return None


def text_date(text: str) -> Optional[tuple[dt.date, str]]:
    """The date a report states about itself in its text, or None.

    A labelled date line ("Published: ...") may sit anywhere; a bare date
    line or a dateline counts only within the first lines.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        m = _LABELLED_LINE.match(line) if len(line) <= DATE_LINE_MAX_CHARS + 20 else None
        if m and (parsed := parse_date(m["date"])):
            return parsed
    for line in lines[:FIRST_LINES]:
        if len(line) <= DATE_LINE_MAX_CHARS:
            m = _BARE_LINE.match(line)
            if m and (parsed := parse_date(m["date"])):
                return parsed
    return None


def dateline(text: str) -> Optional[tuple[int, int]]:
    """Month and day of a yearless dateline opening the first paragraph ("DOHA, June 3 (Wire) -")."""
    for line in [line for line in text.splitlines() if line.strip()][:FIRST_LINES]:
        m = _DATELINE.match(line)
        if m:
            if m["year"]:
                return None  # a dated dateline is read by dateline_date
            return MONTHS[m["month"].lower()], int(m["day"])
    return None


def dateline_date(text: str) -> Optional[tuple[dt.date, str]]:
    """The full date of a dateline that carries its year ("GAZA, March 4, 2024 (Wire) -")."""
    for line in [line for line in text.splitlines() if line.strip()][:FIRST_LINES]:
        m = _DATELINE.match(line)
        if m and m["year"]:
            return _build(int(m["year"]), MONTHS[m["month"].lower()], int(m["day"]))
    return None


def url_date(url: Optional[str]) -> Optional[tuple[dt.date, str]]:
    """A date in the path of ``url`` (``/2024/06/03/``, ``2024-06-03``, ``/2024/06/``)."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url)
    for pattern, precision in _URL_DATE:
        m = pattern.search(path)
        if m:
            built = _build(int(m["year"]), int(m["month"]), int(m["day"]) if precision == "day" else None)
            if built:
                return built
    return None


def find_date(
    text: str,
    *,
    url: Optional[str] = None,
    metadata: Optional[str] = None,
    mtime: Optional[float] = None,
) -> Optional[FoundDate]:
    """The publication date of a report, from the best source available, or None.

    Sources in order: the text (date line or dated dateline), the URL path,
    metadata, the file's modification time. A yearless dateline takes its year
    from the first other source that has one and is recorded as ``inferred``.
    """
    found = text_date(text) or dateline_date(text)
    if found:
        return FoundDate(found[0], found[1], "text")
    others: list[tuple[tuple[dt.date, str], str]] = []
    if (from_url := url_date(url)) is not None:
        others.append((from_url, "url"))
    if metadata and (from_meta := _metadata_date(metadata)) is not None:
        others.append((from_meta, "metadata"))
    if mtime is not None:
        others.append(((dt.datetime.fromtimestamp(mtime, dt.timezone.utc).date(), "day"), "file"))
    month_day = dateline(text)
    if month_day and others:
        reference = others[0][0][0]
        built = _build(reference.year, month_day[0], month_day[1])
        if built and built[0] > reference + dt.timedelta(days=2):  # a December dateline read in January
            built = _build(reference.year - 1, month_day[0], month_day[1])
        if built:
            return FoundDate(built[0], built[1], "inferred")
    if others:
        (date, precision), source = others[0]
        for (other, other_precision), other_source in others[1:]:
            # "/2024/04/" in a URL and a feed's "9 Apr 2024" agree; keep the day
            if other_source != "file" and _finer(other_precision, precision) and _within(other, date, precision):
                return FoundDate(other, other_precision, other_source)
        return FoundDate(date, precision, source)
    return None


_PRECISION_RANK = {"year": 0, "month": 1, "day": 2}


def _finer(a: str, b: str) -> bool:
    return _PRECISION_RANK[a] > _PRECISION_RANK[b]


def _within(date: dt.date, coarse: dt.date, precision: str) -> bool:
    """Whether ``date`` falls in the month or year that ``coarse`` stands for."""
    return date.year == coarse.year and (precision == "year" or date.month == coarse.month)
