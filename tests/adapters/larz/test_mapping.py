"""The larz adapter's mapping: plans to interval days, amounts to Decimal,
the horizon, and what it declares it cannot express."""

from __future__ import annotations

from decimal import Decimal

import pytest

from harness.adapters import BackendOptionError, BackendUnavailable, backend_class
from harness.adapters.larz import LarzBackend, interval_days, to_amount
from harness.model import Interval, IntervalUnit
from harness.packs import load_pack

CORE = "scenario_packs/core"


@pytest.fixture(scope="module")
def pack():
    return load_pack(CORE)


def test_registered_under_its_name():
    assert backend_class("larz") is LarzBackend
    assert LarzBackend.name == "larz" and LarzBackend.extra == "larz"


def test_unknown_option_is_refused():
    with pytest.raises(BackendOptionError, match="no option 'month_days'"):
        LarzBackend(month_days="31")


def test_availability_names_the_installed_version():
    availability = LarzBackend.availability()
    assert availability.installed and availability.reachable
    assert "larzsubscription 0.1.0" in availability.detail


@pytest.mark.parametrize(
    "unit, count, days",
    [
        (IntervalUnit.MONTH, 1, 30),
        (IntervalUnit.MONTH, 3, 90),
        (IntervalUnit.YEAR, 1, 365),
        (IntervalUnit.WEEK, 2, 14),
        (IntervalUnit.DAY, 10, 10),
    ],
)
def test_interval_days(unit, count, days):
    assert interval_days(Interval(unit, count)) == days


@pytest.mark.parametrize(
    "value, currency, expected",
    [
        (Decimal("10.00"), "USD", "10.00"),
        (Decimal("-13.33"), "USD", "-13.33"),
        (Decimal("1000.00"), "JPY", "1000"),  # a whole yen: shown as yen
        (Decimal("466.67"), "JPY", "466.67"),  # larz charged a fraction of a yen: kept, not rounded
        (Decimal("3.85"), "KWD", "3.850"),
    ],
)
def test_amounts_are_exact_decimals(value, currency, expected):
    amount = to_amount(value, currency)
    assert isinstance(amount, Decimal)
    assert str(amount) == expected


def test_a_float_never_becomes_an_amount():
    with pytest.raises(TypeError, match="expected a Decimal"):
        to_amount(10.0, "USD")


@pytest.mark.parametrize(
    "scenario_id, reason",
    [
        ("seats-increase-immediately", "needs event=quantity_increase: a larz subscription has no quantity (seats)"),
        ("seats-increase-immediately", "needs feature=quantity: a larz subscription cannot start with more than one seat"),
        ("usage-two-periods", "needs event=usage: larz has no metered usage"),
        ("signup-prorated-100-apr16", "needs event=signup: larz periods start at the subscription's start"),
        ("change-anchor-prorated", "needs event=change_anchor: larz has no billing anchor to move"),
        ("downgrade-next-period", "needs downgrade.effective=next_period: larz applies a plan change the moment"),
        ("interval-change-next-period", "needs interval_change.effective=next_period: "),
    ],
)
def test_declares_what_larz_cannot_express(pack, scenario_id, reason):
    reasons = LarzBackend().unsupported(pack.scenario(scenario_id))
    assert any(text.startswith(reason) for text in reasons), reasons


@pytest.mark.parametrize(
    "scenario_id",
    [
        "upgrade-halfway",
        "downgrade-immediately-prorated",  # an immediate downgrade
        "cancel-immediately-prorated",  # no refund in larz: a deviation, not a limit
        "upgrade-bill-next-invoice",  # larz always bills now: a deviation
        "upgrade-without-proration",  # larz always prorates: a deviation
        "retry-same-period",  # no idempotency key: sent twice
        "interval-monthly-to-yearly-immediately",
        "currency-jpy-upgrade",
        "thirty-day-february",
    ],
)
def test_runs_what_larz_can_express(pack, scenario_id):
    assert LarzBackend().unsupported(pack.scenario(scenario_id)) == ()


def test_missing_library_says_how_to_install_it(monkeypatch):
    import harness.adapters.larz as module

    monkeypatch.setattr(module, "larzsubscription", None)
    availability = LarzBackend.availability()
    assert (availability.installed, availability.reachable) == (False, False)
    with pytest.raises(BackendUnavailable, match=r"pip install 'proration-harness\[larz\]'"):
        LarzBackend()
