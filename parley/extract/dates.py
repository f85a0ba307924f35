"""Dates in report text, resolved against the report's own date.

"on Sunday", "last week", "in mid-October", "on Oct. 1", "earlier this month"
become a :class:`DateMention` with a date and a precision (day, week, month,
year). Without a report date only absolute dates with a year resolve.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from parley.extract.vocab import rules

# A month is "in the future" only this far past the report; further means last year.
FUTURE_SLACK = dt.timedelta(days=60)
PART_OF_MONTH = {"early": 5, "mid": 15, "late": 25}


@dataclass(frozen=True)
class DateMention:
    """A date expression: character offsets in the text, its resolved date and precision."""

    start: int
    end: int
    text: str
    date: dt.date
    precision: str  # day, week, month, year


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    words = rules()
    month = "|".join(sorted(words["months"], key=len, reverse=True))
    day_words = "|".join(re.escape(w) for w in sorted(words["relative_days"], key=len, reverse=True))
    week_words = "|".join(re.escape(w) for w in sorted(words["relative_weeks"], key=len, reverse=True))
    month_words = "|".join(re.escape(w) for w in sorted(words["relative_months"], key=len, reverse=True))
    weekday = "|".join(words["weekdays"])
    flags = re.IGNORECASE
    return [
        ("month_day", re.compile(rf"\b(?P<month>{month})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d\d))?", flags)),
        ("day_month", re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{month})\b\.?(?:,?\s+(?P<year>(?:19|20)\d\d))?", flags)),
        ("month", re.compile(rf"\b(?:in|since|by|until|during|from|of)\s+(?:(?P<part>early|mid|late)[- ]?)?(?P<month>{month})\b(?:\s+(?P<year>(?:19|20)\d\d))?", flags)),
        ("weekday", re.compile(rf"\b(?P<rel>on|last|this|next|since|by|until)?\s*(?P<weekday>{weekday})\b", flags)),
        ("days", re.compile(rf"\b(?P<phrase>{day_words})\b", flags)),
        ("weeks", re.compile(rf"\b(?P<phrase>{week_words})\b", flags)),
        ("months", re.compile(rf"\b(?P<phrase>{month_words})\b", flags)),
        ("year", re.compile(r"\b(?:in|since|by|during)\s+(?P<year>(?:19|20)\d\d)\b", flags)),
    ]


def find_dates(text: str, report_date: Optional[dt.date], offset: int = 0) -> list[DateMention]:
    """Every date expression of ``text`` that resolves, in text order, without overlaps.

    ``offset`` is added to the character offsets (for a sentence of a longer text).
    """
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _patterns():
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            resolved = _resolve(kind, match, report_date)
            if resolved is None:
                continue
            taken.append((start, end))
            found.append(DateMention(start + offset, end + offset, match.group(0).strip(), *resolved))
    return sorted(found, key=lambda mention: mention.start)


def _resolve(kind: str, match: re.Match[str], today: Optional[dt.date]) -> Optional[tuple[dt.date, str]]:
    words = rules()
    groups = match.groupdict()
    if kind in ("month_day", "day_month", "month"):
        month = words["months"][groups["month"].lower()]
        day = int(groups["day"]) if groups.get("day") else PART_OF_MONTH.get((groups.get("part") or "").lower(), 1)
        year = int(groups["year"]) if groups.get("year") else None
        # "May" alone is too often the verb; only "in May" (kind month) or a day with it counts.
        if year is None and today is None:
            return None
        try:
            date = dt.date(year or today.year, month, day)  # type: ignore[union-attr]
        except ValueError:
            return None
        if year is None and date > today + FUTURE_SLACK:  # type: ignore[operator]
            date = date.replace(year=date.year - 1)
        return date, "month" if kind == "month" else "day"
    if kind == "year":
        return dt.date(int(groups["year"]), 1, 1), "year"
    if today is None:
        return None
    if kind == "weekday":
        target = words["weekdays"].index(groups["weekday"].lower())
        back = (today.weekday() - target) % 7
        rel = (groups.get("rel") or "").lower()
        if rel == "next":
            return today + dt.timedelta(days=(target - today.weekday()) % 7 or 7), "day"
        if rel == "last" and back == 0:
            back = 7
        return today - dt.timedelta(days=back), "day"
    phrase = groups["phrase"].lower()
    if kind == "days":
        return today + dt.timedelta(days=words["relative_days"][phrase]), "day"
    if kind == "weeks":
        monday = today - dt.timedelta(days=today.weekday())
        return monday + dt.timedelta(days=words["relative_weeks"][phrase]), "week"
    shift = words["relative_months"][phrase]
    index = today.year * 12 + today.month - 1 + shift
    return dt.date(index // 12, index % 12 + 1, 1), "month"
