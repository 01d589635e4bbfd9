"""Does a line's description say which dates it covers?

Vendors write dates every which way ("16 Apr", "Apr 16", "April 16th",
"2026-04-16", "16.04.2026", "04/16/2026"), often with the year only once
for a range ("16 Apr - 30 Apr 2026"). So the question asked is narrow and
answerable: is *this* calendar day mentioned in one of the common written
forms? The year is required only by the all-numeric forms, where a day and
a month alone would match too much. Month names are English."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def _month(month: int) -> str:
    full = _MONTH_NAMES[month - 1]
    names = {full, full[:3]} | ({"Sept"} if month == 9 else set())
    alternatives = "|".join(sorted(names, key=len, reverse=True))
    return rf"(?<![a-z])(?:{alternatives})(?![a-z])\.?"


@lru_cache(maxsize=4096)
def date_pattern(day: date) -> re.Pattern[str]:
    """One regex for every way `day` is commonly written."""
    d = rf"0?{day.day}(?:st|nd|rd|th)?" if day.day < 10 else rf"{day.day}(?:st|nd|rd|th)?"
    m = rf"0?{day.month}" if day.month < 10 else str(day.month)
    year = rf"(?:{day.year}|{day.year % 100:02d})"
    month = _month(day.month)
    forms = (
        rf"(?<!\d){d}\.?\s*(?:of\s+)?{month}",  # 16 Apr, 16. April, 16th of April
        rf"{month}\s*{d}(?!\d)",  # Apr 16, April 16th, Feb. 10
        rf"(?<!\d){day.year}[-/.]{m}[-/.]0?{day.day}(?!\d)",  # 2026-04-16
        rf"(?<!\d)0?{day.day}[-/.]{m}[-/.]{year}(?!\d)",  # 16.04.2026, 16/04/2026
        rf"(?<!\d){m}/0?{day.day}/{year}(?!\d)",  # 04/16/2026
    )
    return re.compile("|".join(f"(?:{form})" for form in forms), re.IGNORECASE)


def mentions(text: str, day: date) -> bool:
    return date_pattern(day).search(text) is not None
