"""Stripe-shaped dicts -> harness documents: both the legacy shape localstripe
serves and the current API's shape, without any server."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from harness.adapters import stripe_common as sc
from harness.model import DocumentKind, Interval, IntervalUnit, LineKind, Period

UTC = timezone.utc
MONTH = Interval(IntervalUnit.MONTH)


def ts(*args: int, tz=UTC) -> int:
    return int(datetime(*args, tzinfo=tz).timestamp())


def plan(plan_id: str = "v-basic", interval: str = "month", count: int = 1, usage: str = "licensed") -> dict:
    return {"id": plan_id, "interval": interval, "interval_count": count, "usage_type": usage, "metadata": {}}


def legacy_line(amount: int, start: int, end: int, *, proration=False, kind="subscription", **extra) -> dict:
    return {
        "amount": amount, "currency": "usd", "description": "Basic", "period": {"start": start, "end": end},
        "plan": plan(), "proration": proration, "quantity": 1, "type": kind, **extra,
    }


def current_line(amount: int, start: int, end: int, *, proration: bool, parent: str) -> dict:
    """The shape of API 2025-03-31 and later: no plan/proration/type, parent details instead."""
    details = {"proration": proration, "subscription": "sub_1"}
    return {
        "amount": amount, "currency": "eur", "description": "Unused time on Pro after 16 Apr 2026",
        "period": {"start": start, "end": end}, "quantity": 1,
        "parent": {"type": parent, parent: details},
        "pricing": {"type": "price_details", "price_details": {"price": "price_123", "product": "prod_1"}},
    }


# -- money


@pytest.mark.parametrize(
    ("amount", "currency", "minor"),
    [("10.00", "USD", 1000), ("9.99", "usd", 999), ("1000", "JPY", 1000), ("10.500", "KWD", 10500)],
)
def test_minor_units_round_trip(amount, currency, minor):
    assert sc.to_minor_units(Decimal(amount), currency) == minor
    back = sc.from_minor_units(minor, currency)
    assert back == Decimal(amount) and str(back) == str(Decimal(amount).quantize(back))


def test_from_minor_units_keeps_the_currency_decimals():
    assert str(sc.from_minor_units(-500, "usd")) == "-5.00"
    assert str(sc.from_minor_units(1500, "JPY")) == "1500"
    assert str(sc.from_minor_units(10500, "KWD")) == "10.500"


def test_an_amount_finer_than_the_currency_is_refused():
    with pytest.raises(ValueError, match="minor units"):
        sc.to_minor_units(Decimal("0.002"), "USD")


# -- time


def test_timestamp_shifted_back_to_the_scenario_calendar():
    shifted = ts(2022, 4, 16, 12)  # the scenario's 2026-04-16 12:00, replayed 4 years earlier
    moment = sc.from_timestamp(shifted, "UTC", shift=4)
    assert moment == datetime(2026, 4, 16, 12, tzinfo=UTC)
    assert sc.to_timestamp(moment, 4) == shifted


def test_feb_29_survives_a_leap_cycle_shift():
    moment = datetime(2028, 2, 29, tzinfo=UTC)
    assert sc.from_timestamp(sc.to_timestamp(moment, 8), "UTC", 8) == moment
    assert sc.shift_years(moment, -8) == datetime(2020, 2, 29, tzinfo=UTC)


def test_timestamps_land_in_the_pack_time_zone():
    zone = ZoneInfo("Europe/Berlin")
    moment = sc.from_timestamp(ts(2026, 4, 1, tz=zone), "Europe/Berlin")
    assert moment.tzinfo == zone and (moment.hour, moment.day) == (0, 1)


def test_naive_and_fractional_instants_are_refused():
    with pytest.raises(ValueError):
        sc.to_timestamp(datetime(2026, 4, 1))
    with pytest.raises(ValueError):
        sc.to_timestamp(datetime(2026, 4, 1, 0, 0, 0, 5, tzinfo=UTC))


# -- line kinds


def period(start: tuple, end: tuple) -> Period:
    return Period(datetime(*start, tzinfo=UTC), datetime(*end, tzinfo=UTC))


def test_full_and_partial_periods():
    assert sc.is_full_period(period((2026, 4, 1), (2026, 5, 1)), MONTH)
    assert not sc.is_full_period(period((2026, 4, 16), (2026, 5, 1)), MONTH)
    # month-end anchors: Jan 31 -> Feb 28 and Feb 28 -> Mar 31 are whole months
    assert sc.is_full_period(period((2026, 1, 31), (2026, 2, 28)), MONTH)
    assert sc.is_full_period(period((2026, 2, 28), (2026, 3, 31)), MONTH)
    assert not sc.is_full_period(period((2026, 4, 1), (2026, 6, 1)), Interval(IntervalUnit.MONTH, 3))


def kind_of(line: dict) -> LineKind:
    return sc.line_kind(line, sc.period_of(line, "UTC"))


def test_legacy_line_kinds():
    full = legacy_line(1000, ts(2026, 4, 1), ts(2026, 5, 1))
    partial = legacy_line(500, ts(2026, 4, 16), ts(2026, 5, 1))
    credit = legacy_line(-500, ts(2026, 4, 16), ts(2026, 5, 1), proration=True, kind="invoiceitem")
    charge = legacy_line(1500, ts(2026, 4, 16), ts(2026, 5, 1), proration=True, kind="invoiceitem")
    other = legacy_line(700, ts(2026, 4, 16), ts(2026, 4, 16), kind="invoiceitem")
    metered = legacy_line(42, ts(2026, 4, 1), ts(2026, 5, 1), plan=plan(usage="metered"))
    assert [kind_of(line) for line in (full, partial, credit, charge, other, metered)] == [
        LineKind.RECURRING,
        LineKind.PRORATION_CHARGE,
        LineKind.PRORATION_CREDIT,
        LineKind.PRORATION_CHARGE,
        LineKind.ADJUSTMENT,
        LineKind.USAGE,
    ]


def test_current_api_line_kinds_and_price_ids():
    credit = current_line(-500, ts(2026, 4, 16), ts(2026, 5, 1), proration=True, parent="subscription_item_details")
    item = current_line(700, ts(2026, 4, 16), ts(2026, 4, 16), proration=False, parent="invoice_item_details")
    recurring = current_line(1000, ts(2026, 4, 1), ts(2026, 5, 1), proration=False, parent="subscription_item_details")
    assert kind_of(credit) is LineKind.PRORATION_CREDIT
    assert kind_of(item) is LineKind.ADJUSTMENT
    assert kind_of(recurring) is LineKind.RECURRING  # price not expanded: no interval to judge by
    assert sc.vendor_plan_id(credit) == "price_123"
    assert sc.pack_plan_id(credit, {"price_123": "pro"}) == "pro"


def test_expanded_price_interval_and_metadata():
    line = current_line(500, ts(2026, 4, 16), ts(2026, 5, 1), proration=False, parent="subscription_item_details")
    line["pricing"]["price_details"]["price"] = {
        "id": "price_9", "recurring": {"interval": "month", "interval_count": 1, "usage_type": "licensed"},
        "metadata": {sc.PLAN_METADATA_KEY: "pro"},
    }
    assert sc.plan_interval(line) == MONTH
    assert kind_of(line) is LineKind.PRORATION_CHARGE  # partial first period
    assert sc.pack_plan_id(line, {}) == "pro"


def test_unknown_vendor_plan_is_kept_so_the_comparison_shows_it():
    line = legacy_line(1000, ts(2026, 4, 1), ts(2026, 5, 1))
    assert sc.pack_plan_id(line, {"v-other": "pro"}) == "v-basic"
    assert sc.pack_plan_id({"amount": 1}, {}) is None


# -- documents


def invoice(lines: list[dict], total: int, currency: str = "usd") -> dict:
    return {
        "id": "in_1", "object": "invoice", "created": ts(2022, 4, 16), "currency": currency, "total": total,
        "lines": {"object": "list", "data": lines, "has_more": False},
    }


def test_negative_invoice_stays_an_invoice_with_its_vendor_text():
    lines = [
        legacy_line(-1000, ts(2022, 4, 16), ts(2022, 5, 1), proration=True, kind="invoiceitem"),
        legacy_line(500, ts(2022, 4, 16), ts(2022, 5, 1), proration=True, kind="invoiceitem"),
    ]
    document = sc.invoice_to_document(invoice(lines, -500), timezone="UTC", plan_ids={"v-basic": "basic"}, shift=4)
    assert document.kind is DocumentKind.INVOICE
    assert document.date == datetime(2026, 4, 16, tzinfo=UTC)
    assert document.currency == "USD" and document.stated_total == Decimal("-5.00")
    assert [line.amount for line in document.lines] == [Decimal("-10.00"), Decimal("5.00")]
    first = document.lines[0]
    assert (first.kind, first.plan, first.quantity, first.description) == (
        LineKind.PRORATION_CREDIT, "basic", Decimal(1), "Basic",
    )
    assert first.period == period((2026, 4, 16), (2026, 5, 1))


def test_stated_total_is_what_the_vendor_printed_not_the_line_sum():
    lines = [legacy_line(-1000, ts(2022, 4, 16), ts(2022, 4, 16), proration=True, kind="invoiceitem")]
    document = sc.invoice_to_document(invoice(lines, 0), timezone="UTC", plan_ids={})
    assert document.stated_total == Decimal("0.00")
    assert sum(line.amount for line in document.lines) == Decimal("-10.00")


def test_zero_decimal_currency_document():
    lines = [legacy_line(3000, ts(2022, 4, 1), ts(2022, 5, 1))]
    document = sc.invoice_to_document(invoice(lines, 3000, "jpy"), timezone="UTC", plan_ids={})
    assert document.currency == "JPY" and document.lines[0].amount == Decimal(3000)


def test_truncated_line_list_is_an_error_not_a_silent_drop():
    data = invoice([], 0)
    data["lines"]["has_more"] = True
    with pytest.raises(ValueError, match="more lines"):
        sc.invoice_to_document(data, timezone="UTC", plan_ids={})
