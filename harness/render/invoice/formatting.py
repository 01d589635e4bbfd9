"""Money, instants and periods as each invoice layout writes them (babel).

Two rules hold everywhere: an amount is printed exactly as the backend posted
it (`decimal_quantization=False`: 466.67 JPY stays visible, because that is
what the clarity lint must be able to see on a rendered invoice), and every
instant is written in the pack's timezone, with the time only when it is not
local midnight, so a reader (a person or the pdf backend) can recover the
exact instant from the text."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal

from babel.dates import format_date, format_datetime
from babel import Locale
from babel.numbers import get_currency_precision

# babel separates number and symbol with no-break spaces in some locales;
# printed text uses ordinary spaces (HTML keeps them together with CSS instead),
# so what a PDF reader extracts is what the documentation shows.
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})


@dataclass(frozen=True)
class Style:
    """How one layout writes dates and periods.

    `period_end_inclusive`: a period of whole local days is written with its
    last covered day (`16 Apr 2026 – 30 Apr 2026`); otherwise periods are
    written half-open, end exclusive (`16.04.2026 to 01.05.2026`)."""

    date_pattern: str
    period_separator: str
    period_end_inclusive: bool


HARNESS_STYLE = Style(date_pattern="d MMM y", period_separator=" \u2013 ", period_end_inclusive=True)
LEDGER_STYLE = Style(date_pattern="dd.MM.y", period_separator=" to ", period_end_inclusive=False)


def money(amount: Decimal, currency: str, locale: str) -> str:
    """`-$5.00`, `¥466.67`, `¥699.90`, `-4,065 KWD`: sign shown, never rounded.

    Printed with the currency's minor units, or with every digit the backend
    posted when it posted more (so 699.90 JPY is not shortened to 699.9)."""
    return _money_text(str(amount), currency, locale)


@lru_cache(maxsize=8192)
def _money_text(amount: str, currency: str, locale: str) -> str:
    """Keyed by the amount's text, not the Decimal: 699.9 and 699.90 are equal
    Decimals but print differently. Invoices repeat the same amounts a lot."""
    value = Decimal(amount)
    pattern = copy.copy(_locale(locale).currency_formats["standard"])
    places = max(get_currency_precision(currency), -value.as_tuple().exponent)
    pattern.frac_prec = (places, places)
    text = pattern.apply(value, _locale(locale), currency=currency, currency_digits=False)
    return text.translate(_SPACES)  # a code babel does not know is printed as the symbol


def local(instant: datetime, tz: tzinfo | None) -> datetime:
    """The instant in the pack's timezone (a naive instant is taken as local already)."""
    if tz is None or instant.tzinfo is None:
        return instant
    return instant.astimezone(tz)


def is_midnight(instant: datetime) -> bool:
    return instant.time() == time(0)


def instant(value: datetime, style: Style, locale: str, tz: tzinfo | None) -> str:
    """The date alone at local midnight; else with `HH:mm`, and `:ss` when the seconds are not zero."""
    moment = local(value, tz)
    if is_midnight(moment):
        return _date(moment, style, locale)
    return _with_time(moment, style, locale)


@lru_cache(maxsize=None)
def _locale(code: str) -> Locale:
    """Parsed once per locale: babel parses its data again on every call given a code."""
    return Locale.parse(code)


def _date(moment: datetime, style: Style, locale: str) -> str:
    return _date_text(moment.date(), style.date_pattern, locale)


@lru_cache(maxsize=4096)
def _date_text(day: date, pattern: str, locale: str) -> str:
    """An invoice repeats the same few dates on every line."""
    return format_date(day, pattern, locale=_locale(locale)).translate(_SPACES)


def _with_time(moment: datetime, style: Style, locale: str) -> str:
    pattern = f"{style.date_pattern} HH:mm" + (":ss" if moment.second else "")
    naive = moment.replace(tzinfo=None)  # already local: babel must not shift it
    return format_datetime(naive, pattern, locale=_locale(locale)).translate(_SPACES)


def period(start: datetime, end: datetime, style: Style, locale: str, tz: tzinfo | None) -> str:
    """The period rule (docs/rendering.md): whole local days as dates, anything else with times.

    Inclusive style: both ends local midnight and end after start -> the last
    covered day is `end - 1 day`; otherwise both instants with their times,
    end exclusive. Exclusive style: dates when both ends are local midnight,
    else both with times; the end is always the first instant not covered."""
    first, after = local(start, tz), local(end, tz)
    whole_days = is_midnight(first) and is_midnight(after)
    if style.period_end_inclusive:
        if whole_days and after > first:
            last = after.date() - timedelta(days=1)
            return _date(first, style, locale) + style.period_separator + _date(
                datetime.combine(last, time(0)), style, locale
            )
        return _with_time(first, style, locale) + style.period_separator + _with_time(after, style, locale)
    write = _date if whole_days else _with_time
    return write(first, style, locale) + style.period_separator + write(after, style, locale)


def quantity(value: Decimal | None) -> str:
    """The quantity as written (`1`, `2.5`, `5000`), never in exponent notation."""
    if value is None:
        return ""
    return format(value, "f")
