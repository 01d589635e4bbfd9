"""Hypothesis strategies for whole scenarios: a catalog, a policy, a start and
a sequence of events, all valid by construction.

Events are drawn one after another against a live `Walk` of the timeline,
so each is placed where the format allows it (an anchor move inside the
period it moves, nothing after the subscription ended, a retry of an id
already sent) instead of being generated blind and thrown away. What a
backend cannot express (its declared capabilities) is never drawn, so a
budget is spent on scenarios it can run. Prices, dates and instants lean to
the awkward: odd cents, huge amounts, month ends, Feb 29, year ends, the
renewal instant itself."""

from __future__ import annotations

import calendar
import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Callable
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from harness.engine.calendar import add_interval, shift_date
from harness.engine.requirements import Need
from harness.fuzz.timeline import Unreadable, Walk
from harness.model import (
    AnchorRule, Bill, Cancel, CancelRule, Catalog, ChangeAnchor, ChangePlan, ChangeQuantity, ChangeRule, CreditForm,
    DayCount, Effective, Event, Expectation, Interval, IntervalChangeRule, IntervalUnit, PackMeta, Plan, Policy,
    ProrationLines, Rounding, Scenario, SignupRule, Start, StartItem, Usage, minor_units,
)

CURRENCIES = ("USD", "EUR", "JPY", "KWD")
#: Prices in minor units that break naive code: zero, one, odd cents, values
#: whose thirds and sixths never end, and amounts past a float's exact range.
AWKWARD_PRICES = (0, 1, 5, 99, 333, 999, 1000, 1999, 2999, 4999, 9999, 12345, 100000, 999999999, 10**13 + 7)
AWKWARD_DAYS = (
    date(2024, 1, 31), date(2024, 2, 28), date(2024, 2, 29), date(2024, 12, 31), date(2025, 1, 1),
    date(2025, 2, 28), date(2025, 3, 31), date(2025, 8, 31), date(2026, 4, 30), date(2026, 12, 31),
    date(2027, 1, 31), date(2028, 2, 29),
)
MONTH, YEAR = Interval(IntervalUnit.MONTH), Interval(IntervalUnit.YEAR)


@dataclass(frozen=True)
class Shape:
    """What the generator may draw. `allows(key, value)` answers for a need of
    harness.engine.requirements (`event=usage`, `upgrade.effective=next_period`);
    a backend's declared limits make it say no."""

    allows: Callable[[str, str], bool] = lambda key, value: True
    max_events: int = 10

    @classmethod
    def of(cls, backend: object, max_events: int = 10) -> "Shape":
        capabilities = getattr(backend, "capabilities", None)
        if capabilities is None:
            return cls(max_events=max_events)
        return cls(lambda key, value: not capabilities.unsupported([Need(key, value)]), max_events)

    def values(self, key: str, options):
        allowed = [option for option in options if self.allows(key, getattr(option, "value", str(option).lower()))]
        return allowed or list(options)[:1]


# -- catalog and policy ------------------------------------------------------------------------


def _amount(minor: int, units: int) -> Decimal:
    return Decimal(minor).scaleb(-units)


def _plan_id(currency: str, interval: Interval, text: str, metered: bool = False) -> str:
    kind = "metered" if metered else {"month": "monthly", "year": "yearly"}[interval.unit.value]
    return f"{currency.lower()}-{kind}-{text.replace('.', '-')}"


def plan(currency: str, interval: Interval, minor: int) -> Plan:
    amount = _amount(minor, minor_units(currency))
    return Plan(_plan_id(currency, interval, str(amount)), f"{currency} {amount} {interval.describe()}ly",
                currency, interval, amount)


@st.composite
def catalogs(draw, shape: Shape):
    currency = draw(st.sampled_from(CURRENCIES))
    intervals = [MONTH] + ([YEAR] if shape.allows("interval", "year") else [])
    prices = st.one_of(st.sampled_from(AWKWARD_PRICES), st.integers(1, 10**7))
    drawn = draw(st.lists(st.tuples(st.sampled_from(intervals), prices), min_size=2, max_size=5,
                          unique_by=lambda pair: (pair[0].unit, pair[1])))
    return currency, [plan(currency, interval, price) for interval, price in drawn]


def metered(currency: str, interval: Interval, draw) -> Plan:
    digits = minor_units(currency) + draw(st.integers(0, 3))
    rate = _amount(draw(st.integers(1, 10**4)), digits)
    return Plan(_plan_id(currency, interval, str(rate), metered=True), f"{currency} {rate} per unit", currency,
                interval, None, rate)


@st.composite
def policies(draw, shape: Shape, currency: str):
    def rule(name: str) -> ChangeRule:
        return ChangeRule(draw(st.sampled_from(shape.values(f"{name}.effective", [Effective.IMMEDIATELY, Effective.NEXT_PERIOD]))),
                          draw(st.booleans()), draw(st.sampled_from(shape.values(f"{name}.bill", list(Bill)))))

    units = minor_units(currency)
    minimum = draw(st.sampled_from(["0", "50", "500"] if units == 0 else ["0", "0.5", "5"]))
    return Policy(
        day_count=draw(st.sampled_from(shape.values("day_count", list(DayCount)))),
        rounding=draw(st.sampled_from(shape.values("rounding", list(Rounding)))),
        minimum_adjustment=Decimal(minimum).quantize(Decimal(1).scaleb(-units)),
        proration_lines=draw(st.sampled_from(shape.values("proration_lines", list(ProrationLines)))),
        credits=draw(st.sampled_from(shape.values("credits", list(CreditForm)))),
        signup=SignupRule(draw(st.booleans())),
        upgrade=rule("upgrade"), downgrade=rule("downgrade"),
        quantity_increase=rule("quantity_increase"), quantity_decrease=rule("quantity_decrease"),
        interval_change=IntervalChangeRule(
            draw(st.sampled_from(shape.values("interval_change.effective", [Effective.IMMEDIATELY, Effective.NEXT_PERIOD]))),
            draw(st.booleans())),
        cancel=CancelRule(
            draw(st.sampled_from(shape.values("cancel.effective", [Effective.END_OF_PERIOD, Effective.IMMEDIATELY]))),
            draw(st.booleans())),
        change_anchor=AnchorRule(draw(st.booleans())),
    )


# -- start and events ---------------------------------------------------------------------------


@st.composite
def starts(draw, shape: Shape, plans: list[Plan], currency: str):
    day = draw(st.one_of(st.sampled_from(AWKWARD_DAYS), st.dates(date(2024, 1, 1), date(2030, 12, 31))))
    first = draw(st.sampled_from(plans))
    licensed = [p for p in plans if p.interval == first.interval]
    quantity = st.integers(1, 10) if shape.allows("feature", "quantity") else st.just(1)
    items = [StartItem(first.id, draw(quantity))]
    extra = []
    if len(licensed) > 1 and shape.allows("feature", "multiple_items") and draw(st.integers(0, 4)) == 0:
        second = draw(st.sampled_from([p for p in licensed if p != first]))
        items.append(StartItem(second.id, draw(quantity)))
    if shape.allows("event", "usage") and shape.allows("feature", "multiple_items") and draw(st.integers(0, 3)) == 0:
        extra.append(metered(currency, first.interval, draw))
        items.append(StartItem(extra[0].id))
    anchor = day
    if shape.allows("event", "signup") and draw(st.booleans()):
        limit = (shift_date(day, first.interval, 1) - day).days
        month_end = date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
        anchor = draw(st.one_of(st.just(month_end), st.builds(lambda k: day + timedelta(days=k), st.integers(1, limit))))
    return Start(day, tuple(items), anchor), extra


def _instant(day: date, seconds: int, tz) -> datetime:
    return datetime.combine(day, time(), tzinfo=tz) + timedelta(seconds=seconds)


@st.composite
def actions(draw, shape: Shape, walk: Walk, plans: list[Plan], at: datetime):
    """One action valid at `at` for the subscription as `walk` stands there."""
    licensed = [holding for holding in walk.items if not holding.plan.metered]
    holding = draw(st.sampled_from(licensed))
    alone = len(walk.items) == 1
    targets = [p for p in plans if p.interval == holding.plan.interval or alone]
    choices = ["change_plan"]
    if shape.allows("event", "quantity_increase") and shape.allows("event", "quantity_decrease"):
        choices.append("change_quantity")
    if shape.allows("event", "cancel"):
        choices.append("cancel")
    end = walk.current.end
    first_midnight = datetime.combine(at.date() + timedelta(days=1), time(), tzinfo=at.tzinfo)
    if shape.allows("event", "change_anchor") and walk.ended is None and first_midnight < end:
        choices.append("change_anchor")
    if any(h.plan.metered for h in walk.items):
        choices.append("usage")
    kind = draw(st.sampled_from(choices))
    item = holding.plan.id if len(licensed) > 1 else None
    if kind == "change_plan":
        return ChangePlan(draw(st.sampled_from(targets)).id, item)
    if kind == "change_quantity":
        return ChangeQuantity(draw(st.integers(1, 10)), item)
    if kind == "cancel":
        effective = draw(st.sampled_from([None, *shape.values("cancel.effective", [Effective.IMMEDIATELY, Effective.END_OF_PERIOD])]))
        return Cancel(effective, draw(st.sampled_from([None, True, False])))
    if kind == "change_anchor":
        days = (end.date() - first_midnight.date()).days
        return ChangeAnchor(first_midnight.date() + timedelta(days=draw(st.integers(0, days))))
    quantity = draw(st.one_of(st.integers(1, 10**6).map(Decimal), st.decimals("0.001", "1000", places=3)))
    return Usage(quantity)


@st.composite
def scenarios(draw, shape: Shape = Shape(), pack_name: str = "fuzz", timezone: str = "UTC"):
    """A whole scenario (expectations empty: the reference engine supplies them)."""
    tz = ZoneInfo(timezone)
    currency, plans = draw(catalogs(shape))
    policy = draw(policies(shape, currency))
    start, extra = draw(starts(shape, plans, currency))
    catalog = Catalog({p.id: p for p in plans + extra})
    meta = PackMeta(pack_name, "Scenarios found by prorata fuzz", currency, timezone, "billing-ops", catalog, Policy())
    base = Scenario("draft", "draft", meta, policy, start, (), Expectation())
    walk = Walk(base)
    renewals = shape.allows("feature", "renewal")
    limit = walk.current.end if not renewals else add_interval(walk.current.end, walk.interval, 2)
    at = datetime.combine(start.date, time(), tzinfo=tz)
    events: list[Event] = []
    for index in range(draw(st.integers(1, shape.max_events))):
        if events and draw(st.integers(0, 4)) == 0:
            pass  # same instant as the previous event
        else:
            step = draw(st.one_of(st.integers(0, 40), st.sampled_from([0, 1, 14, 15, 28, 29, 30, 31, 182, 365])))
            seconds = draw(st.sampled_from([0, 0, 0, 43200, 3600 * 14 + 1800])) if shape.allows("feature", "time_of_day") else 0
            at = max(at, _instant(at.date() + timedelta(days=step), seconds, tz))
            if draw(st.integers(0, 5)) == 0:
                at = max(at, walk.current.end)  # exactly at the renewal instant
        if at >= limit:
            if events:
                break
            at = datetime.combine(start.date, time(), tzinfo=tz)  # at least one event: at the start
        walk.advance(at, inclusive=True)
        if walk.ended is not None:
            break
        sent = [e for e in events if e.id is not None]
        if sent and shape.allows("feature", "retried_event") and draw(st.integers(0, 5)) == 0:
            retry = draw(st.sampled_from(sent))  # the same id again, as sent or with other content
            again = retry.action if draw(st.booleans()) else draw(actions(shape, walk, plans, at))
            events.append(Event(at, again, retry.id, index))
            continue
        action = draw(actions(shape, walk, plans, at))
        event_id = f"evt-{index + 1}" if shape.allows("feature", "retried_event") and draw(st.booleans()) else None
        try:
            walk.apply(at, action, index)
        except Unreadable:
            continue
        events.append(Event(at, action, event_id, len(events)))
    events = [Event(e.at, e.action, e.id, i) for i, e in enumerate(events)]
    until = None
    if events and renewals and draw(st.integers(0, 3)) == 0:
        until = walk.current.end + timedelta(days=draw(st.sampled_from([1, 2, 40])))
    case = Scenario("draft", "draft", meta, policy, start, tuple(events), Expectation(), until=until)
    digest = hashlib.sha256(repr((catalog, policy, start, case.events, until)).encode()).hexdigest()[:10]
    return Scenario(f"fuzz-{digest}", f"Found by fuzzing ({len(events)} event(s))", meta, policy, start,
                    tuple(events), Expectation(), until=until)
