"""Does a line's description say which dates it covers?

Vendors write dates every which way ("16 Apr", "Apr 16", "April 16th",
"2026-04-16", "16.04.2026", "04/16/2026"), often with the year only once
for a range ("16 Apr - 30 Apr 2026"). So the question asked is narrow and
answerable: is *this* calendar day mentioned in one of the common written
forms? The year is required only by the all-numeric forms, where a day and
a month alone would match too much. Month names are English.

Every date a description writes is found once (`written`, cached per text)
and the question becomes a set lookup: a regex per calendar day would cost
a compilation for each day a pack mentions, which dominated linting a large
pack. A form is searched at every position (a lookahead), so dates that
overlap ("Mar 16 Apr") are all found."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Iterator

_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def _month_names(month: int) -> str:
    full = _MONTH_NAMES[month - 1]
    names = {full, full[:3]} | ({"Sept"} if month == 9 else set())
    return "|".join(sorted(names, key=len, reverse=True))


# One group per month (m1..m12), so the regex itself says which month a name is.
_MONTH = (r"(?<![a-z])(?:" + "|".join(f"(?P<m{month}>{_month_names(month)})" for month in range(1, 13))
          + r")(?![a-z])\.?")
_SUFFIX = r"(?:st|nd|rd|th)?"

#: The written forms; `day`, `month` (a number) and `year` are digit runs checked by `written`.
_FORMS = {
    "day month": rf"(?<!\d)(?P<day>\d+){_SUFFIX}\.?\s*(?:of\s+)?{_MONTH}",  # 16 Apr, 16. April, 16th of April
    "month day": rf"{_MONTH}\s*(?P<day>\d+){_SUFFIX}(?!\d)",  # Apr 16, April 16th, Feb. 10
    "iso": r"(?<!\d)(?P<year>\d+)[-/.](?P<month>\d+)[-/.](?P<day>\d+)(?!\d)",  # 2026-04-16
    "day.month.year": r"(?<!\d)(?P<day>\d+)[-/.](?P<month>\d+)[-/.](?P<year>\d+)(?!\d)",  # 16.04.2026, 16/04/2026
    "month/day/year": r"(?<!\d)(?P<month>\d+)/(?P<day>\d+)/(?P<year>\d+)(?!\d)",  # 04/16/2026
}
_SEARCHES = {form: re.compile(f"(?=(?:{pattern}))", re.IGNORECASE) for form, pattern in _FORMS.items()}


def _number(digits: str, zero_padded: bool) -> int | None:
    """`digits` as written for a number: plainly ("4", "16"), or with one
    leading zero ("04"; "016" too when `zero_padded` allows any width)."""
    if not digits.isascii():
        return None
    value = int(digits)
    plain = str(value)
    if digits == plain or (digits == "0" + plain and (zero_padded or value < 10)):
        return value
    return None


def _named_month(match: re.Match[str]) -> int:
    return next(month for month in range(1, 13) if match.group(f"m{month}") is not None)


def _dates(text: str) -> Iterator[tuple]:
    """("md", month, day) for a date written without its year, ("ymd", year
    as written, month, day) with one, ("iso", ...) for year-first dates, whose
    year must be written in full."""
    for form, search in _SEARCHES.items():
        for match in search.finditer(text):
            named = form in ("day month", "month day")
            day = _number(match.group("day"), zero_padded=not named)
            if named:
                yield "md", _named_month(match), day
                continue
            month = _number(match.group("month"), zero_padded=False)
            yield ("iso" if form == "iso" else "ymd"), match.group("year"), month, day


@lru_cache(maxsize=4096)
def written(text: str) -> frozenset[tuple]:
    """Every date `text` writes, in the shapes `mentions` looks up."""
    return frozenset(_dates(text))


def mentions(text: str, day: date) -> bool:
    """Is `day` written in `text` in one of the common forms?"""
    found = written(text)
    year = str(day.year)
    return (("md", day.month, day.day) in found
            or ("iso", year, day.month, day.day) in found
            or ("ymd", year, day.month, day.day) in found
            or ("ymd", f"{day.year % 100:02d}", day.month, day.day) in found)
