"""Properties of the reference engine that hold for any sequence of changes."""

from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings, strategies as st

from harness.engine import run
from harness.engine.calendar import fraction
from harness.model import (
    Bill, Catalog, ChangePlan, ChangeQuantity, ChangeRule, CreditForm, DayCount, Effective, Policy,
    ProrationLines, Rounding, minor_units,
)
from tests.engine.builders import at, plan, scenario

CURRENCIES = ["USD", "EUR", "JPY", "KWD"]


@st.composite
def catalogs(draw):
    currency = draw(st.sampled_from(CURRENCIES))
    units = minor_units(currency)
    prices = draw(st.lists(st.integers(0, 10**6), min_size=2, max_size=5))
    plans = [plan(f"p{i}", str(Decimal(p).scaleb(-units)), currency=currency) for i, p in enumerate(prices)]
    return currency, Catalog({p.id: p for p in plans})


@st.composite
def one_period_cases(draw, policies):
    """A subscription with 1-6 plan or seat changes inside its first month."""
    currency, catalog = draw(catalogs())
    start = at("2026-01-01") + timedelta(days=draw(st.integers(0, 800)))
    ids = list(catalog.plans)
    offsets = sorted(draw(st.lists(st.integers(0, 28 * 86400 - 1), min_size=1, max_size=6)))
    events = []
    for offset in offsets:
        when = (start + timedelta(seconds=offset)).isoformat()
        if draw(st.booleans()):
            events.append((when, ChangePlan(draw(st.sampled_from(ids)))))
        else:
            events.append((when, ChangeQuantity(draw(st.integers(1, 5)))))
    # the horizon passes the first renewal, so lines waiting for the next invoice show
    until = (start + timedelta(days=35)).date().isoformat()
    case = scenario(start.date().isoformat(), [(draw(st.sampled_from(ids)), draw(st.integers(1, 5)))],
                    events=events, policy=draw(policies), catalog=catalog, until=until)
    return currency, case


immediate = ChangeRule(Effective.IMMEDIATELY, True, Bill.NOW)
plain_policies = st.builds(
    Policy,
    day_count=st.sampled_from(list(DayCount)),
    rounding=st.sampled_from(list(Rounding)),
    proration_lines=st.sampled_from(list(ProrationLines)),
    upgrade=st.just(immediate), downgrade=st.just(immediate),
    quantity_increase=st.just(immediate), quantity_decrease=st.just(immediate),
)
any_policies = st.builds(
    Policy,
    day_count=st.sampled_from(list(DayCount)),
    rounding=st.sampled_from(list(Rounding)),
    minimum_adjustment=st.sampled_from([Decimal(0), Decimal("0.50"), Decimal(5)]),
    proration_lines=st.sampled_from(list(ProrationLines)),
    credits=st.sampled_from(list(CreditForm)),
    **{name: st.builds(ChangeRule, st.sampled_from([Effective.IMMEDIATELY, Effective.NEXT_PERIOD]), st.booleans(), st.sampled_from(list(Bill)))
       for name in ("upgrade", "downgrade", "quantity_increase", "quantity_decrease")},
)


def _first_period_lines(outcome, end):
    return [line for doc in outcome.documents for line in doc.lines if line.period.end <= end]


@settings(max_examples=300, deadline=None)
@given(one_period_cases(plain_policies))
def test_billed_for_a_period_equals_the_sum_of_its_segments(case):
    currency, sc = case
    outcome = run(sc)
    first = outcome.documents[0].lines[0].period
    segments, plan_in_force, quantity = [], sc.pack.catalog[sc.start.items[0].plan], sc.start.items[0].quantity
    since = first.start
    for event in sc.events:
        segments.append((since, event.at, plan_in_force.amount * quantity))
        since = event.at
        if isinstance(event.action, ChangePlan):
            plan_in_force = sc.pack.catalog[event.action.to]
        else:
            quantity = event.action.to
    segments.append((since, first.end, plan_in_force.amount * quantity))
    exact = sum(Fraction(amount) * fraction(sc.policy.day_count, (a, b), (first.start, first.end))[0] for a, b, amount in segments)
    billed = _first_period_lines(outcome, first.end)
    tolerance = Fraction(len(billed), 10 ** minor_units(currency))
    assert abs(Fraction(sum(line.amount for line in billed)) - exact) <= tolerance


@settings(max_examples=300, deadline=None)
@given(one_period_cases(any_policies))
def test_no_credit_exceeds_what_was_billed_for_its_span(case):
    _, sc = case
    outcome = run(sc)
    end = outcome.documents[0].lines[0].period.end if outcome.documents else None
    # walk the first period's lines in the order they were posted: lines waiting
    # for the next invoice count as billed when their event happened
    posted = sorted(
        (line for doc in outcome.documents for line in doc.lines if line.period.end <= end),
        # within an event the credit is judged before that event's charge counts
        key=lambda line: (-1 if line.derivation.event_index is None else line.derivation.event_index, line.amount >= 0),
    )
    net = Decimal(0)
    for line in posted:
        if line.amount < 0:
            assert -line.amount <= net, f"credit {line.amount} exceeds the {net} billed for its span"
        net += line.amount


@settings(max_examples=200, deadline=None)
@given(one_period_cases(any_policies), st.data())
def test_a_replayed_event_id_changes_nothing(case, data):
    _, sc = case
    events = [replace(event, id=f"evt-{event.index}") for event in sc.events]
    original = data.draw(st.sampled_from(events))
    later = data.draw(st.sampled_from([e for e in events if e.at >= original.at]))
    position = events.index(later) + 1
    retried = events[:position] + [replace(original, at=later.at)] + events[position:]
    retried = tuple(replace(event, index=i) for i, event in enumerate(retried))
    def posted(events):  # `reason` names event positions, which the retry shifts
        return [replace(doc, reason="") for doc in run(replace(sc, events=events)).documents]

    assert posted(retried) == posted(tuple(events))


@settings(max_examples=200, deadline=None)
@given(one_period_cases(any_policies))
def test_every_amount_has_the_currency_minor_units(case):
    currency, sc = case
    for doc in run(sc).documents:
        assert doc.currency == currency
        for line in doc.lines:
            assert line.amount.as_tuple().exponent == -minor_units(currency)
            assert line.derivation is not None
