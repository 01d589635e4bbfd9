"""Printed values back to the model's, as each shipped profile writes them."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from harness.adapters.pdf.profile import load_profile
from harness.adapters.pdf.values import Values, squeeze
from harness.model import LineKind, Period


@pytest.fixture(scope="module")
def harness(core):
    return Values(load_profile("harness"), "Europe/Berlin", core.meta.catalog)


@pytest.fixture(scope="module")
def ledger(core):
    return Values(load_profile("ledger"), "Europe/Berlin", core.meta.catalog)


BERLIN = ZoneInfo("Europe/Berlin")


def local(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=BERLIN)


def test_wrapped_text_is_joined_by_single_spaces():
    assert squeeze("Unused time on\nBasic (1 x\u00a010.00/month),  16 Apr") == "Unused time on Basic (1 x 10.00/month), 16 Apr"
    assert squeeze(None) == ""


def test_dates_are_local_instants(harness, ledger):
    assert harness.instant("16 Apr 2026")[0] == local(2026, 4, 16)
    assert harness.instant("16 Apr 2026 14:30")[0] == local(2026, 4, 16, 14, 30)
    assert harness.instant("6 Sep 2026 14:30:15")[0] == local(2026, 9, 6, 14, 30, 15)
    assert ledger.instant("16.04.2026 09:05")[0] == local(2026, 4, 16, 9, 5)
    assert harness.instant("16 Apr 2026")[0].tzinfo is BERLIN
    assert (harness.instant("16 Apr 2026")[1], harness.instant("16 Apr 2026 00:00")[1]) == (True, False)
    with pytest.raises(ValueError, match=r"'2026-04-16' is not a date or time written as '%d %b %Y %H:%M:%S'"):
        harness.instant("2026-04-16")[0]


def test_an_inclusive_period_ends_the_midnight_after_its_last_day(harness):
    assert harness.period("16 Apr 2026 – 30 Apr 2026") == Period(local(2026, 4, 16), local(2026, 5, 1))
    assert harness.period("31 Mar 2026 – 31 Mar 2026") == Period(local(2026, 3, 31), local(2026, 4, 1))


def test_a_period_with_times_is_read_as_written(harness, ledger):
    expected = Period(local(2026, 4, 16, 12), local(2026, 5, 1))
    assert harness.period("16 Apr 2026 12:00 – 1 May 2026 00:00") == expected
    assert ledger.period("16.04.2026 12:00 to 01.05.2026 00:00") == expected
    zero = Period(local(2026, 4, 16), local(2026, 4, 16))
    assert harness.period("16 Apr 2026 00:00 – 16 Apr 2026 00:00") == zero


def test_an_exclusive_period(ledger):
    assert ledger.period("16.04.2026 to 01.05.2026") == Period(local(2026, 4, 16), local(2026, 5, 1))
    with pytest.raises(ValueError, match="is not two instants separated by ' to '"):
        ledger.period("16.04.2026 - 01.05.2026")


@pytest.mark.parametrize(
    "text, currency, expected",
    [
        ("-$5.00", "USD", "-5.00"),
        ("$1,234.56", "USD", "1234.56"),
        ("¥679", "JPY", "679"),
        ("¥466.67", "JPY", "466.67"),  # a fraction of a yen a backend posted: kept
        ("KWD10.500", "KWD", "10.500"),
        ("XTS 3.14", "XTS", "3.14"),
    ],
)
def test_amounts_keep_the_printed_decimals(harness, text, currency, expected):
    amount = harness.amount(text, currency)
    assert amount == Decimal(expected) and amount.as_tuple() == Decimal(expected).as_tuple()


@pytest.mark.parametrize(
    "text, currency, expected",
    [("-5,00 $", "USD", "-5.00"), ("1.234,56 €", "EUR", "1234.56"), ("-4,065 KWD", "KWD", "-4.065"), ("679 ¥", "JPY", "679")],
)
def test_amounts_in_german(ledger, text, currency, expected):
    assert ledger.amount(text, currency).as_tuple() == Decimal(expected).as_tuple()


@pytest.mark.parametrize("text", ["", "€5.00", "5.00.00", "12,34", "five"])
def test_an_amount_that_does_not_read(harness, text):
    with pytest.raises(ValueError, match="amount"):
        harness.amount(text, "USD")


def test_quantity(harness):
    assert harness.quantity("2.5") == Decimal("2.5")
    assert harness.quantity("") is None
    with pytest.raises(ValueError, match="quantity 'two' is not a number"):
        harness.quantity("two")


def test_plans_map_to_the_pack_id_by_name_or_id(harness):
    assert harness.plan("Team seat") == "seat"
    assert harness.plan("Basic (EUR)") == "basic-eur"
    assert harness.plan("plan-100") == "plan-100"
    assert harness.plan("") is None
    with pytest.raises(ValueError, match="plan 'Gold' is neither the name nor the id of a plan"):
        harness.plan("Gold")


def test_kind_words(harness):
    assert harness.line_kind("Prorated charge") is LineKind.PRORATION_CHARGE
    with pytest.raises(ValueError, match="kind 'Credit' is not one of the profile's kind words"):
        harness.line_kind("Credit")
