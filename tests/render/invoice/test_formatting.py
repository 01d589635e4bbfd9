"""Money, instants and periods as the layouts write them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from harness.render.invoice.formatting import HARNESS_STYLE, LEDGER_STYLE, instant, money, period, quantity

UTC = timezone.utc


@pytest.mark.parametrize(
    "amount, currency, locale, text",
    [
        ("10.00", "USD", "en_US", "$10.00"),
        ("-5.00", "USD", "en_US", "-$5.00"),
        ("-5.00", "USD", "de_DE", "-5,00 $"),
        ("1234.56", "EUR", "de_DE", "1.234,56 €"),
        ("1234.56", "EUR", "en_US", "€1,234.56"),
        ("679", "JPY", "en_US", "¥679"),
        ("-233", "JPY", "de_DE", "-233 ¥"),
        ("4.065", "KWD", "de_DE", "4,065 KWD"),
        ("-4.065", "KWD", "en_US", "-KWD4.065"),
        ("0.002", "USD", "en_US", "$0.002"),  # a metered unit price keeps its sub-cent digits
    ],
)
def test_money_per_currency_and_locale(amount, currency, locale, text):
    assert money(Decimal(amount), currency, locale) == text


@pytest.mark.parametrize("locale, text", [("en_US", "¥466.67"), ("de_DE", "466,67 ¥")])
def test_a_posted_amount_is_never_rounded(locale, text):
    # a backend that posted fractions of a yen must show them: the lint is there to catch it
    assert money(Decimal("466.67"), "JPY", locale) == text
    assert money(Decimal("10.0049"), "USD", "en_US") == "$10.0049"


def test_every_posted_digit_is_printed_as_written():
    # trailing zeros a backend posted beyond the minor units are part of what it posted
    assert money(Decimal("699.90"), "JPY", "en_US") == "¥699.90"
    assert money(Decimal("1.2340"), "KWD", "en_US") == "KWD1.2340"


def test_an_unknown_currency_code_still_shows_the_amount():
    assert money(Decimal("-1.5"), "XYZZY", "en_US") == "-XYZZY1.50"


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_name_round_trips_through_strptime(month):
    moment = datetime(2026, month, 9, tzinfo=UTC)
    text = instant(moment, HARNESS_STYLE, "en_US", UTC)
    assert datetime.strptime(text, "%d %b %Y") == moment.replace(tzinfo=None)


def test_instants_show_the_time_only_when_not_local_midnight():
    tz = ZoneInfo("America/New_York")
    midnight = datetime(2026, 4, 16, tzinfo=tz)
    assert instant(midnight, HARNESS_STYLE, "en_US", tz) == "16 Apr 2026"
    assert instant(midnight + timedelta(hours=14, minutes=30), HARNESS_STYLE, "en_US", tz) == "16 Apr 2026 14:30"
    assert instant(midnight + timedelta(hours=14, seconds=5), HARNESS_STYLE, "en_US", tz) == "16 Apr 2026 14:00:05"
    # written in the pack's timezone, whatever zone the backend's instant is in
    assert instant(midnight.astimezone(UTC), HARNESS_STYLE, "en_US", tz) == "16 Apr 2026"
    assert instant(midnight, LEDGER_STYLE, "de_DE", tz) == "16.04.2026"
    assert instant(midnight + timedelta(hours=9), LEDGER_STYLE, "de_DE", tz) == "16.04.2026 09:00"


def test_whole_day_periods_show_the_last_covered_day_in_the_harness_layout():
    start, end = datetime(2026, 4, 16, tzinfo=UTC), datetime(2026, 5, 1, tzinfo=UTC)
    assert period(start, end, HARNESS_STYLE, "en_US", UTC) == "16 Apr 2026 \u2013 30 Apr 2026"
    one_day = period(start, start + timedelta(days=1), HARNESS_STYLE, "en_US", UTC)
    assert one_day == "16 Apr 2026 \u2013 16 Apr 2026"


def test_time_periods_and_empty_periods_are_written_with_times_end_exclusive():
    start, end = datetime(2026, 4, 16, 12, tzinfo=UTC), datetime(2026, 5, 1, tzinfo=UTC)
    assert period(start, end, HARNESS_STYLE, "en_US", UTC) == "16 Apr 2026 12:00 \u2013 1 May 2026 00:00"
    empty = datetime(2026, 4, 16, tzinfo=UTC)
    assert period(empty, empty, HARNESS_STYLE, "en_US", UTC) == "16 Apr 2026 00:00 \u2013 16 Apr 2026 00:00"


def test_ledger_periods_are_end_exclusive():
    start, end = datetime(2026, 4, 16, tzinfo=UTC), datetime(2026, 5, 1, tzinfo=UTC)
    assert period(start, end, LEDGER_STYLE, "de_DE", UTC) == "16.04.2026 to 01.05.2026"
    noon = start + timedelta(hours=12)
    assert period(noon, end, LEDGER_STYLE, "de_DE", UTC) == "16.04.2026 12:00 to 01.05.2026 00:00"


def test_midnight_is_judged_in_the_pack_timezone():
    tz = ZoneInfo("Asia/Tokyo")
    start = datetime(2026, 4, 15, 15, tzinfo=UTC)  # 16 Apr 00:00 in Tokyo
    assert period(start, start + timedelta(days=15), HARNESS_STYLE, "en_US", tz) == "16 Apr 2026 \u2013 30 Apr 2026"


@pytest.mark.parametrize("value, text", [(Decimal(1), "1"), (Decimal("2.5"), "2.5"), (Decimal("5E+3"), "5000"), (None, "")])
def test_quantity_as_written(value, text):
    assert quantity(value) == text
