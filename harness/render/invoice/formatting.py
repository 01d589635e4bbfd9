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
from babel.numbers import NumberPattern, get_currency_precision, get_currency_symbol

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
    places = max(get_currency_precision(currency), -value.as_tuple().exponent)
    pattern, substitute = currency_pattern(locale, currency, places)
    text = pattern.apply(value, parsed_locale(locale), currency=substitute, currency_digits=False)
    return text.translate(_SPACES)  # a code babel does not know is printed as the symbol


@lru_cache(maxsize=256)
def currency_pattern(locale: str, currency: str, places: int) -> tuple[NumberPattern, str | None]:
    """babel's standard currency pattern of `locale` for `currency` with
    `places` decimals, made once per locale, currency and number of places
    (a few per pack) rather than for every amount, and the `currency` to
    give its `apply` (which only reads the pattern).

    `apply` given a currency puts the currency's symbol (`¤`) and code (`¤¤`)
    into the pattern's prefix and suffix on every call, and looks up the
    currency's plural name for `¤¤¤` whether the pattern has one or not (the
    larger part of the call). Those texts depend on the locale and currency
    only, so they are put into the pattern's affixes here, the same
    replacements in the same order, and `apply` is then given no currency.
    A pattern that names the currency (`¤¤¤`: the name depends on the amount)
    or has no number part keeps babel's own per-call substitution.
    tests/render/invoice/test_formatting_babel.py holds the result to babel's."""
    pattern = copy.copy(parsed_locale(locale).currency_formats["standard"])
    pattern.frac_prec = (places, places)
    affixes = (*pattern.prefix, *pattern.suffix)
    if not pattern.number_pattern or any("\u00a4\u00a4\u00a4" in affix for affix in affixes):
        return pattern, currency
    symbol = get_currency_symbol(currency, parsed_locale(locale))

    def named(affix: str) -> str:
        return affix.replace("\u00a4\u00a4", currency.upper()).replace("\u00a4", symbol)

    pattern.prefix = tuple(map(named, pattern.prefix))
    pattern.suffix = tuple(map(named, pattern.suffix))
    return pattern, None


def local(instant: datetime, tz: tzinfo | None) -> datetime:
    """The instant in the pack's timezone (a naive instant is taken as local already)."""
    if tz is None or instant.tzinfo is None:
        return instant
    return instant.astimezone(tz)


_MIDNIGHT = time(0)


def is_midnight(instant: datetime) -> bool:
    return instant.time() == _MIDNIGHT


def instant(value: datetime, style: Style, locale: str, tz: tzinfo | None) -> str:
    """The date alone at local midnight; else with `HH:mm`, and `:ss` when the seconds are not zero."""
    moment = local(value, tz)
    if is_midnight(moment):
        return _date(moment, style, locale)
    return _with_time(moment, style, locale)


@lru_cache(maxsize=None)
def parsed_locale(code: str) -> Locale:
    """Parsed once per locale: babel parses its data again on every call given a code.
    A code babel refuses raises as `Locale.parse` does (and is not kept)."""
    return Locale.parse(code)


def _date(moment: datetime, style: Style, locale: str) -> str:
    return _date_text(moment.date(), style.date_pattern, locale)


@lru_cache(maxsize=4096)
def _date_text(day: date, pattern: str, locale: str) -> str:
    """An invoice repeats the same few dates on every line."""
    return format_date(day, pattern, locale=parsed_locale(locale)).translate(_SPACES)


def _with_time(moment: datetime, style: Style, locale: str) -> str:
    naive = moment.replace(tzinfo=None)  # already local: babel must not shift it
    return _date_time_text(naive, style.date_pattern, locale)


@lru_cache(maxsize=4096)
def _date_time_text(naive: datetime, date_pattern: str, locale: str) -> str:
    """Keyed by the local wall time (naive, so two instants print alike
    exactly when their texts are alike): the scenarios of a pack share their
    event times, and babel parses the pattern and looks up its locale data
    on every call."""
    pattern = f"{date_pattern} HH:mm" + (":ss" if naive.second else "")
    return format_datetime(naive, pattern, locale=parsed_locale(locale)).translate(_SPACES)


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
            return (_date_text(first.date(), style.date_pattern, locale) + style.period_separator
                    + _date_text(last, style.date_pattern, locale))
        return _with_time(first, style, locale) + style.period_separator + _with_time(after, style, locale)
    write = _date if whole_days else _with_time
    return write(first, style, locale) + style.period_separator + write(after, style, locale)


def quantity(value: Decimal | None) -> str:
    """The quantity as written (`1`, `2.5`, `5000`), never in exponent notation."""
    if value is None:
        return ""
    return format(value, "f")
