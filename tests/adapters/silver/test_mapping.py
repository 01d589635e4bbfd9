"""How silver's documents become the harness's, and which calendars silver can hold."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from harness.adapters import NotApplicable, backend_class
from harness.adapters.silver import SilverBackend
from harness.adapters.silver.normalise import documents
from harness import engine
from harness.adapters.silver.translate import expressible, silver_first_boundary
from harness.model import DocumentKind, Interval, IntervalUnit, LineKind, Start, StartItem
from harness.packs import load_pack

UTC = ZoneInfo("UTC")


@pytest.fixture(scope="module")
def core():
    return load_pack("scenario_packs/core")


def entry(**fields):
    base = {"description": "Pro Plan month Prorated Subscription (April 16, 2026 - April 30, 2026)\n",
            "unit": "months", "quantity": "1.0000", "unit_price": "15.0000", "total": "15.00",
            "start_date": "2026-04-16", "end_date": "2026-04-30", "prorated": True, "product_code": "pro+api"}
    return {**base, **fields}


def doc(*entries, currency="USD", total="15.00"):
    return {"id": 1, "kind": "invoice", "state": "issued", "series": "INV", "number": 2,
            "issue_date": "2026-04-16", "currency": currency, "total": total, "entries": list(entries)}


def test_registered_under_its_name():
    assert backend_class("silver") is SilverBackend and SilverBackend.name == "silver"


def test_entries_become_lines_with_kind_plan_and_half_open_period():
    usage = entry(description="Extra API calls (April 1, 2026 - April 30, 2026).", quantity="1234.0000",
                  unit_price="0.0020", total="2.47", start_date="2026-04-01", prorated=False, product_code="api")
    full = entry(prorated=False, total="30.00", start_date="2026-05-01", end_date="2026-05-31")
    (invoice,) = documents([doc(entry(), usage, full, total="47.47")], {"pro+api": "pro", "api": "api"}, {"api"}, "UTC")
    assert invoice.kind is DocumentKind.INVOICE and invoice.number == "INV-2"
    assert invoice.date == datetime(2026, 4, 16, tzinfo=UTC) and invoice.stated_total == Decimal("47.47")
    charge, used, recurring = invoice.lines
    assert (charge.kind, charge.plan, charge.amount, charge.quantity) == (LineKind.PRORATION_CHARGE, "pro", Decimal("15.00"), 1)
    assert charge.period.start == datetime(2026, 4, 16, tzinfo=UTC)
    assert charge.period.end == datetime(2026, 5, 1, tzinfo=UTC)  # silver's April 30 is inclusive
    assert charge.description == "Pro Plan month Prorated Subscription (April 16, 2026 - April 30, 2026)"
    assert (used.kind, used.plan, used.quantity) == (LineKind.USAGE, "api", Decimal(1234))
    assert (recurring.kind, recurring.period.end) == (LineKind.RECURRING, datetime(2026, 6, 1, tzinfo=UTC))


def test_amounts_keep_what_silver_printed_beyond_the_currency_minor_units():
    (jpy,) = documents([doc(entry(total="678.60"), currency="JPY", total="678.60")], {}, set(), "UTC")
    assert str(jpy.lines[0].amount) == "678.60"  # silver bills yen to two decimals: not hidden
    (whole,) = documents([doc(entry(total="1000.00"), currency="JPY", total="1000.00")], {}, set(), "UTC")
    assert str(whole.lines[0].amount) == "1000"
    (kwd,) = documents([doc(entry(total="8.13"), currency="KWD", total="8.13")], {}, set(), "UTC")
    assert str(kwd.lines[0].amount) == "8.130"


def test_an_empty_invoice_is_kept_and_drafts_are_not_bills():
    empty = {**doc(), "entries": [], "total": "0.00"}
    draft = {**doc(entry()), "state": "draft"}
    (kept,) = documents([empty, draft], {}, set(), "UTC")
    assert kept.lines == () and kept.stated_total == Decimal("0.00")


@pytest.mark.parametrize("start, unit, count, boundary", [
    (date(2026, 4, 16), IntervalUnit.MONTH, 1, date(2026, 5, 1)),
    (date(2026, 4, 1), IntervalUnit.MONTH, 1, date(2026, 5, 1)),
    (date(2026, 2, 15), IntervalUnit.MONTH, 3, date(2026, 3, 1)),  # first partial cycle ends at the next 1st
    (date(2026, 4, 1), IntervalUnit.MONTH, 3, date(2026, 7, 1)),
    (date(2026, 3, 15), IntervalUnit.YEAR, 1, date(2027, 1, 1)),
    (date(2026, 4, 16), IntervalUnit.WEEK, 1, date(2026, 4, 20)),  # a Thursday: next Monday
])
def test_silver_first_boundary(start, unit, count, boundary):
    assert silver_first_boundary(start, Interval(unit, count)) == boundary


def test_an_anchor_off_silver_calendar_is_not_applicable(core):
    scenario = core.scenario("anchor-jan31-month-end-clamp")
    with pytest.raises(NotApplicable, match="silver aligns month cycles to the 1st of the month"):
        expressible(scenario)
    aligned = replace(scenario, start=Start(date(2026, 1, 31), (StartItem("basic"),), date(2026, 2, 1)))
    assert expressible(aligned)[0].id == "basic"


def test_quantities_and_anchor_changes_are_declared_limits(core):
    backend = SilverBackend()
    assert any("no quantity" in reason for reason in backend.unsupported(core.scenario("seats-increase-immediately")))
    assert any("no anchor to move" in reason for reason in backend.unsupported(core.scenario("change-anchor-prorated")))
    assert any("idempotency" in reason for reason in backend.unsupported(core.scenario("retry-same-period")))
    assert backend.unsupported(core.scenario("upgrade-halfway")) == ()


def test_horizon_is_the_reference_one(core):
    assert engine.horizon(core.scenario("upgrade-halfway")) == datetime(2026, 5, 1, tzinfo=UTC)
    assert engine.horizon(core.scenario("usage-two-periods")) == datetime(2026, 6, 2, tzinfo=UTC)
