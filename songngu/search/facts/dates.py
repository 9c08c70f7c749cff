"""Dates as written in Vietnamese, Chinese and English text: (year, month, day) with any part missing."""

import re
from dataclasses import dataclass

from songngu.search.facts.numbers import HAN_DIGIT_CLASS, ascii_digits, han_readings


@dataclass(frozen=True)
class DateMention:
    text: str
    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None


_MONTHS = {name: number for number, names in enumerate(
    ["january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul", "august aug",
     "september sep sept", "october oct", "november nov", "december dec"], start=1) for name in names.split()}
_MONTH_NAME = "(?i:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_HAN_SMALL = f"[{HAN_DIGIT_CLASS}十]{{1,3}}"
_HAN_YEAR = f"[{HAN_DIGIT_CLASS}]{{4}}"
# (pattern, the group names in it), longest forms first; a later pattern never takes a span an earlier one took.
_DATE_PATTERNS = [
    re.compile(r"(?<![\d/.])(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?![\d-])"),
    re.compile(r"(?<![\d/])(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})(?![\d/])"),
    re.compile(r"(?i:ngày)\s+(?P<day>\d{1,2})\s+tháng\s+(?P<month>\d{1,2})(?:\s*(?:năm\s+|/)(?P<year>\d{4}))?"),
    re.compile(r"(?i:tháng)\s+(?P<month>\d{1,2})\s*(?:/|năm\s+)(?P<year>\d{4})(?!\d)"),
    re.compile(rf"(?:(?P<year>\d{{4}}|{_HAN_YEAR})\s*年\s*)?(?P<month>\d{{1,2}}|{_HAN_SMALL})\s*月"
               rf"(?:\s*(?P<day>\d{{1,2}}|{_HAN_SMALL})\s*[日号號])?"),
    re.compile(rf"(?<!\d)(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<monthname>{_MONTH_NAME})"
               r"(?:,?\s+(?P<year>\d{4}))?(?!\w)"),
    re.compile(rf"(?<!\w)(?P<monthname>{_MONTH_NAME})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?"
               r"(?!\d)"),
    re.compile(rf"(?<!\w)(?P<monthname>{_MONTH_NAME})\s+(?P<year>\d{{4}})(?!\d)"),
    re.compile(r"(?<![\d/.,])(?P<month>\d{1,2})/(?P<year>\d{4})(?![\d/])"),
    re.compile(r"(?<![\d/.,])(?P<day>\d{1,2})/(?P<month>\d{1,2})(?![\d/])"),
    re.compile(r"(?i:tháng)\s+(?P<month>\d{1,2})(?![\d/])"),
]


def _date_part(text: str | None) -> int | None:
    if not text:
        return None
    if text[0].isdigit():
        return int(ascii_digits(text))
    readings = han_readings(text)
    return int(readings[0][0]) if readings else None


def dates_in(text: str) -> list[DateMention]:
    """The dates written in ``text`` (a year alone is a number, not a date), in text order."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            parts = match.groupdict()
            month = _MONTHS[parts["monthname"].rstrip(".").casefold()] if parts.get("monthname") \
                else _date_part(parts.get("month"))
            day, year = _date_part(parts.get("day")), _date_part(parts.get("year"))
            if month is None or not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
                continue
            found.append(DateMention(match.group(0), match.start(), match.end(), year, month, day))
            taken.append((match.start(), match.end()))
    return sorted(found, key=lambda d: d.start)


def date_of_iso(value: str | None) -> DateMention | None:
    """A document's ``date`` field (``2025-10-29``, ``2025-02``) as a date."""
    match = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", value or "")
    if not match or not match.group(2):
        return None
    return DateMention(value, 0, 0, int(match.group(1)), int(match.group(2)),
                       int(match.group(3)) if match.group(3) else None)


def same_date(claimed: DateMention, stated: DateMention, stated_years: frozenset[int]) -> bool:
    """Whether ``stated`` (or it and a year the same passage states) gives every part ``claimed`` gives."""
    if claimed.month != stated.month or (claimed.day is not None and claimed.day != stated.day):
        return False
    return claimed.year is None or claimed.year == stated.year or (stated.year is None
                                                                   and claimed.year in stated_years)
