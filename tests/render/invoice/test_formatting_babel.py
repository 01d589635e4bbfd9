"""The formatting shortcuts print what babel's own calls print: the currency
pattern made once per locale, currency and places (symbol put in its affixes),
and the date-and-time texts kept per local wall time."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from babel import Locale
from babel.dates import format_datetime
from babel.numbers import format_currency, get_currency_precision, parse_pattern

from harness.render.invoice import formatting
from harness.render.invoice.formatting import HARNESS_STYLE, LEDGER_STYLE, instant, money

LOCALES = ["en_US", "de_DE", "ja_JP", "fr_CH", "nl_NL", "hi_IN", "ar_EG", "he_IL", "lo_LA", "bn", "sv_SE", "pt_BR"]
CURRENCIES = ["USD", "EUR", "JPY", "KWD", "CHF", "INR", "BHD", "XYZZY"]
AMOUNTS = ["0", "5", "-5", "0.5", "-0.01", "10.00", "-10.00", "1234567.891", "-1234567.891", "699.90", "0.002",
           "-4.065", "100000", "-0.0001"]


def _spaces(text: str) -> str:
    return text.translate(formatting._SPACES)


def _apply_fresh(amount: Decimal, currency: str, locale: str) -> str:
    """What `money` printed before the pattern was kept: a fresh copy, babel substituting per call."""
    pattern = copy.copy(Locale.parse(locale).currency_formats["standard"])
    places = max(get_currency_precision(currency), -amount.as_tuple().exponent)
    pattern.frac_prec = (places, places)
    return _spaces(pattern.apply(amount, Locale.parse(locale), currency=currency, currency_digits=False))


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("currency", CURRENCIES)
def test_money_is_babels_apply_with_the_currency(locale, currency):
    for text in AMOUNTS:
        amount = Decimal(text)
        assert money(amount, currency, locale) == _apply_fresh(amount, currency, locale), (text, currency, locale)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("currency", CURRENCIES)
def test_money_is_babels_format_currency_where_no_digit_goes_beyond_the_minor_units(locale, currency):
    places = get_currency_precision(currency)
    for text in AMOUNTS:
        amount = Decimal(text)
        if -amount.as_tuple().exponent <= places:
            assert money(amount, currency, locale) == _spaces(format_currency(amount, currency, locale=locale))


def test_jpy_has_no_decimals_and_kwd_three_negatives_signed():
    assert money(Decimal("-1500"), "JPY", "ja_JP") == "-\uffe51,500"
    assert money(Decimal("-1500"), "JPY", "en_US") == "-\u00a51,500"
    assert money(Decimal("-21.5"), "KWD", "en_US") == "-KWD21.500"
    assert money(Decimal("-21.5"), "KWD", "de_DE") == "-21,500 KWD"


def test_a_pattern_that_names_the_currency_keeps_babels_per_amount_substitution(monkeypatch):
    class Named(Locale):  # a pattern with the currency's (plural) name: it depends on the amount
        currency_formats = {"standard": parse_pattern("#,##0.00 \u00a4\u00a4\u00a4")}

    named = Named("en", "US")
    monkeypatch.setattr(formatting, "parsed_locale", lambda code: named)
    pattern, substitute = formatting.currency_pattern.__wrapped__("en_US", "USD", 2)
    assert substitute == "USD"
    assert pattern.apply(Decimal(1), named, currency=substitute, currency_digits=False) == "1.00 US dollar"
    assert pattern.apply(Decimal(2), named, currency=substitute, currency_digits=False) == "2.00 US dollars"


def test_the_kept_pattern_is_not_babels_own():
    pattern, substitute = formatting.currency_pattern("en_US", "USD", 2)
    assert substitute is None and pattern.prefix == ("$", "-$")
    assert Locale.parse("en_US").currency_formats["standard"].prefix == ("\u00a4", "-\u00a4")


@pytest.mark.parametrize("style, locale", [(HARNESS_STYLE, "en_US"), (LEDGER_STYLE, "de_DE"), (HARNESS_STYLE, "ja_JP")])
def test_times_of_day_are_babels_format_datetime(style, locale):
    tz = ZoneInfo("Europe/Berlin")
    start = datetime(2026, 10, 24, 22, 15, tzinfo=tz)
    for hours in range(0, 40, 3):
        moment = (start + timedelta(hours=hours, seconds=hours % 2 * 7)).astimezone(tz)
        pattern = f"{style.date_pattern} HH:mm" + (":ss" if moment.second else "")
        expected = _spaces(format_datetime(moment.replace(tzinfo=None), pattern, locale=locale))
        assert instant(moment, style, locale, tz) == expected


def test_the_same_wall_time_in_two_zones_prints_its_own_local_time():
    berlin, tokyo = ZoneInfo("Europe/Berlin"), ZoneInfo("Asia/Tokyo")
    moment = datetime(2026, 4, 16, 9, 30, tzinfo=berlin)
    assert instant(moment, HARNESS_STYLE, "en_US", berlin) == "16 Apr 2026 09:30"
    assert instant(moment, HARNESS_STYLE, "en_US", tokyo) == "16 Apr 2026 16:30"
