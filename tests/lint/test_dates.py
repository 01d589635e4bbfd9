"""`mentions` finds every written date of a text once; it must answer exactly
as the regex per calendar day it replaced (kept here as the oracle)."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from harness.lint.dates import mentions, written

_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def _month(month: int) -> str:
    full = _MONTH_NAMES[month - 1]
    names = {full, full[:3]} | ({"Sept"} if month == 9 else set())
    alternatives = "|".join(sorted(names, key=len, reverse=True))
    return rf"(?<![a-z])(?:{alternatives})(?![a-z])\.?"


def oracle(text: str, day: date) -> bool:
    """The former implementation: one regex for every way `day` is commonly written."""
    d = rf"0?{day.day}(?:st|nd|rd|th)?" if day.day < 10 else rf"{day.day}(?:st|nd|rd|th)?"
    m = rf"0?{day.month}" if day.month < 10 else str(day.month)
    year = rf"(?:{day.year}|{day.year % 100:02d})"
    month = _month(day.month)
    forms = (
        rf"(?<!\d){d}\.?\s*(?:of\s+)?{month}",
        rf"{month}\s*{d}(?!\d)",
        rf"(?<!\d){day.year}[-/.]{m}[-/.]0?{day.day}(?!\d)",
        rf"(?<!\d)0?{day.day}[-/.]{m}[-/.]{year}(?!\d)",
        rf"(?<!\d){m}/0?{day.day}/{year}(?!\d)",
    )
    return re.compile("|".join(f"(?:{form})" for form in forms), re.IGNORECASE).search(text) is not None


DAYS = [date(2026, 4, 16), date(2026, 4, 5), date(2026, 9, 1), date(2026, 12, 31), date(2005, 1, 9),
        date(2026, 3, 16), date(1999, 10, 10)]

CASES = [
    "16 Apr - 30 Apr 2026", "Apr 16", "April 16th", "2026-04-16", "16.04.2026", "04/16/2026", "16/04/26",
    "Mar 16 Apr", "04/05/2026", "2026-04-016", "016.04.2026", "Apr 016", "Apr 05", "05 Apr", "005 Apr",
    "2026-04-005", "1st Sept.", "Sep 1", "Sept 01", "September 1st", "16th of April", "16. April", "Apr16",
    "Apr 160", "Apr 5th7", "2026/4/5", "5-4-26", "4/5/26", "4/5/2026", "31 Dec", "Dec. 31st", "2026-12-31",
    "31.12.26", "12/31/2026", "9 Jan 2005", "01/09/05", "2005-01-09", "09.01.2005", "10 Oct 1999", "10/10/99",
    "AUGUſT 16", "apr 16", "APRIL 16TH", "Aprils 16", "xApr 16", "12016 Apr", "Apr 16 and 30 Apr",
    "", "no dates", "Unused time on Pro (2 x 30.00/month), 16 Apr - 30 Apr 2026", "١٦ Apr",
]


def test_the_known_forms_answer_as_the_regex_per_day_did() -> None:
    for text in CASES:
        for day in DAYS:
            assert mentions(text, day) == oracle(text, day), (text, day)


def test_a_text_s_dates_are_found_once_and_include_overlapping_ones() -> None:
    assert {("md", 3, 16), ("md", 4, 16)} <= written("Mar 16 Apr")
    assert mentions("Mar 16 Apr", date(2026, 4, 16)) and mentions("Mar 16 Apr", date(2026, 3, 16))
    assert not mentions("Mar 16 Apr", date(2026, 4, 15))


_pieces = st.sampled_from(
    ["16", "05", "5", "016", "2026", "26", "1", "31", "12", "04", "4", "9", "Apr", "April", "Sept", "Sep",
     "Dec", "mar", "th", "st", "of", " ", "-", "/", ".", "x", "0", "Ma", "y"]
)


@settings(max_examples=400, deadline=None, database=None)
@given(st.lists(_pieces, max_size=8).map("".join),
       st.sampled_from(DAYS + [date(2026, 5, 4), date(2026, 12, 1), date(2026, 1, 12), date(2026, 4, 1)]))
def test_any_text_answers_as_the_regex_per_day_did(text: str, day: date) -> None:
    assert mentions(text, day) == oracle(text, day)


@settings(max_examples=300, deadline=None, database=None)
@given(st.sampled_from(CASES), st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)))
def test_any_day_answers_as_the_regex_per_day_did(text: str, day: date) -> None:
    assert mentions(text, day) == oracle(text, day)
