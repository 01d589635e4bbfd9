"""harness.render: formulas from derivations, the explain text, problems, results."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timezone
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from harness import engine
from harness.compare import compare
from harness.model import Derivation
from harness.packs import Problem, load_pack
from harness.render import describe_result, explain, format_pack_error, format_problem
from harness.render.explain import _negated, _product, _ratio, _same, formula, rule
from harness.render.text import exact, field_path, instant, period
from harness.runner import run_scenario
from harness.adapters import get_backend
from tests.cli.packs import PASSING, SEATS, WRONG, write_pack


def derivation(**changes) -> Derivation:
    base = Derivation(
        rule="upgrade",
        policy="effective immediately, prorate, bill now",
        unit_amount=Decimal("30.00"),
        quantity=Decimal(1),
        fraction=Fraction(15, 30),
        basis="days",
        units_used=15,
        units_total=30,
        rounding="half_up",
        exact=Fraction(15),
    )
    return replace(base, **changes)


@pytest.mark.parametrize(
    ("changes", "text"),
    [
        ({}, "30.00 x 15/30 days = 15.00 (half_up)"),
        (
            {"unit_amount": Decimal("12.00"), "quantity": Decimal(3), "exact": Fraction(18)},
            "12.00 x 3 x 15/30 days = 18.00 (half_up)",
        ),
        (
            {"basis": "days (30E/360)", "units_used": 16, "fraction": Fraction(16, 30), "exact": Fraction(16)},
            "30.00 x 16/30 days (30E/360) = 16.00 (half_up)",
        ),
        (  # the model docstring's spelling of the same basis
            {"basis": "30E/360 days", "units_used": 16, "fraction": Fraction(16, 30), "exact": Fraction(16)},
            "30.00 x 16/30 days (30E/360) = 16.00 (half_up)",
        ),
        (
            {
                "basis": "seconds",
                "units_used": 1296000,
                "units_total": 2592000,
                "fraction": Fraction(1, 2),
                "exact": Fraction(15),
            },
            "30.00 x 1296000/2592000 seconds = 15.00 (half_up)",
        ),
        (
            {
                "rule": "renewal",
                "basis": "full",
                "unit_amount": Decimal("10.00"),
                "units_used": 1,
                "units_total": 1,
                "fraction": Fraction(1),
                "exact": Fraction(10),
            },
            "10.00 x 1 = 10.00 (full period)",
        ),
        (
            {
                "rule": "usage",
                "basis": "usage",
                "unit_amount": Decimal("0.002"),
                "quantity": Decimal(1500),
                "units_used": 1,
                "units_total": 1,
                "fraction": Fraction(1),
                "exact": Fraction(3),
            },
            "0.002 x 1500 = 3.00 (half_up)",
        ),
        (  # a credit: the engine negated the product
            {"unit_amount": Decimal("10.00"), "exact": Fraction(-5)},
            "-(10.00 x 15/30 days) = -5.00 (half_up)",
        ),
        (  # rounding changed the value: the exact amount is shown
            {"unit_amount": Decimal("9.99"), "units_used": 1, "units_total": 31, "fraction": Fraction(1, 31),
             "exact": Fraction(999, 3100)},
            "9.99 x 1/31 days = 0.32 (0.322258... rounded half_up)",
        ),
        (
            {"unit_amount": Decimal("10.00"), "units_used": 31, "fraction": Fraction(31, 30),
             "exact": Fraction(-31, 3), "cap": Decimal("10.00")},
            "-(10.00 x 31/30 days) = -10.33 (-10.333333... rounded half_up), capped at 10.00 billed for the span",
        ),
        (
            {"exact": Fraction(15), "note": "first partial period, against [2026-03-16, 2026-04-16)"},
            "30.00 x 15/30 days = 15.00 (half_up); first partial period, against [2026-03-16, 2026-04-16)",
        ),
    ],
)
def test_formula(changes: dict, text: str) -> None:
    assert formula(derivation(**changes), "USD") == text


def test_formula_uses_the_currency_minor_units() -> None:
    jpy = derivation(unit_amount=Decimal("3000"), exact=Fraction(1500))
    assert formula(jpy, "JPY") == "3000 x 15/30 days = 1500 (half_up)"
    kwd = derivation(unit_amount=Decimal("21.000"), exact=Fraction(21, 2))
    assert formula(kwd, "KWD") == "21.000 x 15/30 days = 10.500 (half_up)"


_DECIMALS = st.decimals(min_value=-10**6, max_value=10**6, places=3, allow_nan=False, allow_infinity=False)
_FRACTIONS = st.fractions(min_value=-1000, max_value=1000, max_denominator=10**6)


@settings(max_examples=300, deadline=None)
@given(_DECIMALS, _DECIMALS, _FRACTIONS, _FRACTIONS, st.integers(-50, 50), st.integers(1, 50))
def test_the_integer_comparisons_are_fractions(unit, quantity, share, exact_value, used, total):
    """formula compares (numerator, denominator) pairs where it built Fractions: the same answers."""
    d = derivation(unit_amount=unit, quantity=quantity, fraction=share, exact=exact_value)
    product = Fraction(unit) * Fraction(quantity) * Fraction(share)
    assert _ratio(unit) == Fraction(unit).as_integer_ratio()
    for candidate in (exact_value, -exact_value, product, -product):
        assert _negated(_product(d), _ratio(candidate)) == (product != candidate and product == -candidate)
        assert _same(_ratio(candidate), _ratio(product)) == (candidate == product)
    assert _same((used, total), _ratio(share)) == (Fraction(used, total) == share)


def test_a_zero_product_is_not_a_credit():
    assert formula(derivation(unit_amount=Decimal("0.00"), exact=Fraction(0)), "USD") == (
        "0.00 x 15/30 days = 0.00 (half_up)"
    )
    assert formula(derivation(fraction=Fraction(1, 2), units_used=1, units_total=3), "USD") == (
        "30.00 x 1/3 days (fraction 1/2) = 15.00 (half_up)"
    )


def test_rule_names_the_policy_row_and_the_event(tmp_path: Path) -> None:
    pack = load_pack(write_pack(tmp_path))
    scenario = pack.scenario("upgrade-halfway")
    line = derivation(event_index=scenario.events[0].index)
    assert rule(scenario, line) == "policy.upgrade: effective immediately, prorate, bill now (event 1, 2026-04-16)"
    assert rule(scenario, derivation(rule="usage", policy="billed in arrears")) == "usage: billed in arrears"


def test_explain_is_a_pure_function_of_scenario_and_outcome(tmp_path: Path) -> None:
    pack = load_pack(write_pack(tmp_path, scenarios={**PASSING, "seats-thirty-day": SEATS, "upgrade-wrong": WRONG}))
    for scenario in pack.scenarios:
        outcome = engine.run(scenario)
        text = explain(scenario, outcome)
        assert text == explain(scenario, outcome)
        assert text.endswith("\n")
        assert "Expectation" not in text  # no differences given, no verdict
        for document in outcome.documents:
            for line in document.lines:
                assert str(line.amount) in text
        assert "Expectation: matches." in explain(scenario, outcome, compare(scenario, outcome)) or scenario.id == "upgrade-wrong"


def test_explain_a_scenario_at_a_time_of_day(tmp_path: Path) -> None:
    scenario_text = PASSING["upgrade-halfway"].replace("at: 2026-04-16", "at: 2026-04-16T14:00:00+00:00")
    scenario_text = scenario_text.replace("expect:\n  invoices:", "policy: {day_count: actual_seconds}\nexpect:\n  invoices:")
    pack = load_pack(write_pack(tmp_path, scenarios={"upgrade-halfway": scenario_text}))
    scenario = pack.scenarios[0]
    text = explain(scenario, engine.run(scenario))
    assert "2026-04-16 14:00  event 1: change_plan to pro" in text
    assert "[2026-04-16 14:00, 2026-05-01)" in text
    assert "x 1245600/2592000 seconds" in text


def test_explain_without_documents(tmp_path: Path) -> None:
    pack = load_pack(write_pack(tmp_path))
    scenario = pack.scenario("upgrade-halfway")
    from harness.model import Outcome

    text = explain(scenario, Outcome(documents=()), ())
    assert "No documents issued." in text
    assert "Expectation: matches." in text


def test_lines_without_derivation_say_so(tmp_path: Path) -> None:
    pack = load_pack(write_pack(tmp_path))
    scenario = pack.scenario("upgrade-halfway")
    outcome = engine.run(scenario)
    from harness.model import Outcome

    stripped = Outcome(
        tuple(replace(d, lines=tuple(replace(line, derivation=None) for line in d.lines)) for d in outcome.documents)
    )
    assert "(no derivation" in explain(scenario, stripped)


# -- text helpers ---------------------------------------------------------------


def test_text_helpers() -> None:
    utc = timezone.utc
    assert instant(datetime(2026, 4, 16, tzinfo=utc)) == "2026-04-16"
    assert instant(datetime(2026, 4, 16, 14, 0, tzinfo=utc)) == "2026-04-16 14:00"
    assert instant(datetime(2026, 4, 16, 14, 0, 5, tzinfo=utc)) == "2026-04-16 14:00:05"
    assert instant(date(2026, 4, 16)) == "2026-04-16"
    assert period(date(2026, 4, 16), date(2026, 5, 1)) == "[2026-04-16, 2026-05-01)"
    assert exact(Fraction(1, 3)) == "0.333333..."
    assert exact(Fraction(-5, 4)) == "-1.25"
    assert exact(Fraction(7)) == "7"
    assert field_path(("events", 2, "change_plan", "to")) == "events[2].change_plan.to"
    assert field_path("expect.total") == "expect.total"
    assert field_path(None) == ""


# -- problems and results ---------------------------------------------------------


def test_format_problem() -> None:
    problem = Problem("p/s/x.yaml", 12, 7, "events[2].change_plan.to", "unknown plan 'prp'", "did you mean 'pro'?")
    assert format_problem(problem) == (
        "error: p/s/x.yaml:12:7: events[2].change_plan.to: unknown plan 'prp'\n  hint: did you mean 'pro'?"
    )
    whole_file = Problem("p/pack.yaml", None, None, "", "missing")
    assert format_problem(whole_file) == "error: p/pack.yaml: missing"
    assert format_problem("plain text") == "error: plain text"


def test_format_pack_error_lists_every_problem() -> None:
    from harness.packs import PackError

    error = PackError([Problem("a.yaml", 1, 1, "x", "one"), Problem("b.yaml", 2, 3, "", "two", "fix it")])
    assert format_pack_error(error) == (
        "error: a.yaml:1:1: x: one\nerror: b.yaml:2:3: two\n  hint: fix it\n2 problems"
    )


def test_describe_result(tmp_path: Path) -> None:
    pack = load_pack(write_pack(tmp_path, scenarios={"upgrade-wrong": WRONG}))
    result = run_scenario(pack.scenarios[0], get_backend("reference"))
    text = describe_result(result)
    first, *rest = text.splitlines()
    assert first == "demo::upgrade-wrong failed: invoice of 2026-04-16: expected proration_charge pro 15.01, got 15.00 (+1 more)"
    assert "  rule:   Mid-cycle upgrade charges the prorated difference immediately" in rest
    assert "2 differences:" in rest
    assert "- invoice of 2026-04-16: expected total 10.01, got 10.00" in rest
    assert "Traceback" not in text

    errored = replace(result, differences=(), error="RuntimeError: vendor down")
    assert describe_result(errored).splitlines()[0] == "demo::upgrade-wrong failed: RuntimeError: vendor down"
