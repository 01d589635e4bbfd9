"""A scenario decoded from a fixed-size string of bytes (its genome).

A fuzz run derives each example's genome from its seed (harness.fuzz.run);
hypothesis, whose bookkeeping per drawn example cost more than judging one,
only shrinks the genome of a failure. The decoding is deterministic and reads
every choice so that zero means the simplest option (the first currency, the
first policy value, no second item, no retry, a step of 0 days), so when
hypothesis shrinks the genome towards zeros it shrinks the scenario: fewer
events (an all-zero event slot is no event), earlier and simpler choices.

The genome has fixed regions (catalog, policy, start, a tail), each read
from its own offset, so changing one byte changes one choice instead of
shifting every later one; then one slot per event, as many as the genome is
long, so deleting bytes from its end (hypothesis's first way to shrink bytes)
drops events. Events are still placed against
a live `Walk` of the timeline, so each lands where the format allows it.
What a backend cannot express (its declared capabilities, through `Shape`)
is never decoded; prices, dates and instants lean to the awkward."""

from __future__ import annotations

import calendar
import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Callable, Sequence
from zoneinfo import ZoneInfo

from harness.engine.calendar import add_interval, shift_date
from harness.engine.requirements import Need
from harness.fuzz.timeline import Timeline, Unreadable, Walk
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
FIRST_DAY, LAST_DAY = date(2024, 1, 1), date(2030, 12, 31)
STEPS = (0, 1, 14, 15, 28, 29, 30, 31, 182, 365)  # days between events, besides 0-40
MONTH, YEAR = Interval(IntervalUnit.MONTH), Interval(IntervalUnit.YEAR)

#: Bytes per region; each is read by its own `Genes`, past its end as zeros.
CATALOG, POLICY, START, TAIL, EVENT = 28, 24, 18, 2, 16
HEADER = CATALOG + POLICY + START + TAIL


@dataclass(frozen=True)
class Shape:
    """What the generator may draw. `allows(key, value)` answers for a need of
    harness.engine.requirements (`event=usage`, `upgrade.effective=next_period`);
    a backend's declared limits make it say no."""

    allows: Callable[[str, str], bool] = lambda key, value: True
    max_events: int = 10
    _values: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, backend: object, max_events: int = 10) -> "Shape":
        capabilities = getattr(backend, "capabilities", None)
        if capabilities is None:
            return cls(max_events=max_events)
        return cls(lambda key, value: not capabilities.unsupported([Need(key, value)]), max_events)

    def values(self, key: str, options: Sequence | type) -> list:
        """The options a backend allows for `key` (remembered: asked per example)."""
        found = self._values.get((key, options))
        if found is None:
            allowed = [option for option in options if self.allows(key, getattr(option, "value", str(option).lower()))]
            found = self._values[key, options] = allowed or list(options)[:1]
        return found

    def can(self, key: str, value: str) -> bool:
        if (key, value) not in self._values:
            self._values[key, value] = self.allows(key, value)
        return self._values[key, value]

    @property
    def sizes(self) -> tuple[int, int]:
        """Least and most bytes in a genome of this shape: one event, max_events."""
        return HEADER, HEADER + EVENT * self.max_events


class Genes:
    """Choices read one after another from a slice of the genome; zero bytes
    (and bytes past the end) pick the first, simplest option."""

    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def below(self, n: int) -> int:
        """0 <= value < n, from as many bytes as n needs."""
        if n <= 256:  # one byte: nearly every choice
            at = self.at
            self.at = at + 1
            try:
                return self.data[at] % n
            except IndexError:
                return 0
        value, span = 0, 1
        while span < n:
            value = value * 256 + (self.data[self.at] if self.at < len(self.data) else 0)
            self.at += 1
            span *= 256
        return value % n

    def pick(self, options: Sequence):
        return options[self.below(len(options))] if len(options) > 1 else options[0]

    def flag(self) -> bool:
        return self.below(2) == 1

    def one_in(self, n: int) -> bool:
        """True about once in n (never for zero)."""
        return self.below(n) == n - 1

    def between(self, low: int, high: int) -> int:
        return low + self.below(high - low + 1)


def _slice(genome: bytes, start: int, size: int) -> Genes:
    return Genes(genome[start:start + size])


# -- catalog and policy ------------------------------------------------------------------------


def _amount(minor: int, units: int) -> Decimal:
    return Decimal(minor).scaleb(-units)


def _plan_id(currency: str, interval: Interval, text: str, metered: bool = False) -> str:
    kind = "metered" if metered else {"month": "monthly", "year": "yearly"}[interval.unit.value]
    return f"{currency.lower()}-{kind}-{text.replace('.', '-')}"


@lru_cache(maxsize=4096)
def plan(currency: str, interval: Interval, minor: int) -> Plan:
    """A licensed plan (remembered: the awkward prices recur across a run's scenarios)."""
    amount = _amount(minor, minor_units(currency))
    return Plan(_plan_id(currency, interval, str(amount)), f"{currency} {amount} {interval.describe()}ly",
                currency, interval, amount)


def catalog(genes: Genes, shape: Shape) -> tuple[str, list[Plan]]:
    """2-5 plans, unique by interval and price; half the prices awkward."""
    currency = genes.pick(CURRENCIES)
    intervals = (MONTH, YEAR) if shape.can("interval", "year") else (MONTH,)
    drawn: list[tuple[Interval, int]] = []
    for _ in range(2 + genes.below(4)):
        interval = genes.pick(intervals)
        price = genes.pick(AWKWARD_PRICES) if not genes.flag() else genes.between(1, 10**7)
        while (interval, price) in drawn:  # the simplest genome draws the same plan twice: the next price up
            price += 1
        drawn.append((interval, price))
    return currency, [plan(currency, interval, price) for interval, price in drawn]


def metered(genes: Genes, currency: str, interval: Interval) -> Plan:
    digits = minor_units(currency) + genes.below(4)
    rate = _amount(genes.between(1, 10**4), digits)
    return Plan(_plan_id(currency, interval, str(rate), metered=True), f"{currency} {rate} per unit", currency,
                interval, None, rate)


_WHEN = (Effective.IMMEDIATELY, Effective.NEXT_PERIOD)


# The policy's rows have a handful of values each: built once, shared by the scenarios (they are frozen).
_change_rule, _signup_rule, _anchor_rule = lru_cache(ChangeRule), lru_cache(SignupRule), lru_cache(AnchorRule)
_interval_rule, _cancel_rule = lru_cache(IntervalChangeRule), lru_cache(CancelRule)


def policy(genes: Genes, shape: Shape, currency: str) -> Policy:
    def rule(name: str) -> ChangeRule:
        return _change_rule(genes.pick(shape.values(f"{name}.effective", _WHEN)), genes.flag(),
                            genes.pick(shape.values(f"{name}.bill", Bill)))

    units = minor_units(currency)
    minimum = genes.pick(("0", "50", "500") if units == 0 else ("0", "0.5", "5"))
    return Policy(
        day_count=genes.pick(shape.values("day_count", DayCount)),
        rounding=genes.pick(shape.values("rounding", Rounding)),
        minimum_adjustment=Decimal(minimum).quantize(Decimal(1).scaleb(-units)),
        proration_lines=genes.pick(shape.values("proration_lines", ProrationLines)),
        credits=genes.pick(shape.values("credits", CreditForm)),
        signup=_signup_rule(genes.flag()),
        upgrade=rule("upgrade"), downgrade=rule("downgrade"),
        quantity_increase=rule("quantity_increase"), quantity_decrease=rule("quantity_decrease"),
        interval_change=_interval_rule(genes.pick(shape.values("interval_change.effective", _WHEN)), genes.flag()),
        cancel=_cancel_rule(genes.pick(shape.values("cancel.effective", (Effective.END_OF_PERIOD, Effective.IMMEDIATELY))),
                            genes.flag()),
        change_anchor=_anchor_rule(genes.flag()),
    )


# -- start and events ---------------------------------------------------------------------------


def start(genes: Genes, shape: Shape, plans: list[Plan], currency: str) -> tuple[Start, list[Plan]]:
    if genes.flag():
        day = FIRST_DAY + timedelta(days=genes.below((LAST_DAY - FIRST_DAY).days + 1))
    else:
        day = genes.pick(AWKWARD_DAYS)
    first = genes.pick(plans)
    licensed = [p for p in plans if p.interval == first.interval]
    seats = shape.can("feature", "quantity")
    items = [StartItem(first.id, genes.between(1, 10) if seats else 1)]
    extra = []
    if len(licensed) > 1 and shape.can("feature", "multiple_items") and genes.one_in(5):
        second = genes.pick([p for p in licensed if p != first])
        items.append(StartItem(second.id, genes.between(1, 10) if seats else 1))
    if shape.can("event", "usage") and shape.can("feature", "multiple_items") and genes.one_in(4):
        extra.append(metered(genes, currency, first.interval))
        items.append(StartItem(extra[0].id))
    anchor = day
    if shape.can("event", "signup") and genes.flag():
        if genes.flag():
            anchor = day + timedelta(days=genes.between(1, (shift_date(day, first.interval, 1) - day).days))
        else:
            anchor = date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    return Start(day, tuple(items), anchor), extra


def _instant(day: date, seconds: int, tz) -> datetime:
    return datetime.combine(day, time(), tzinfo=tz) + timedelta(seconds=seconds)


def action(genes: Genes, shape: Shape, walk: Walk, plans: list[Plan], at: datetime):
    """One action valid at `at` for the subscription as `walk` stands there."""
    licensed = [holding for holding in walk.items if not holding.plan.metered]
    holding = genes.pick(licensed)
    choices = ["change_plan"]
    if shape.can("event", "quantity_increase") and shape.can("event", "quantity_decrease"):
        choices.append("change_quantity")
    if shape.can("event", "cancel"):
        choices.append("cancel")
    end = walk.current.end
    first_midnight = datetime.combine(at.date() + timedelta(days=1), time(), tzinfo=at.tzinfo)
    if shape.can("event", "change_anchor") and walk.ended is None and first_midnight < end:
        choices.append("change_anchor")
    if len(licensed) < len(walk.items):  # a metered item
        choices.append("usage")
    kind = genes.pick(choices)
    item = holding.plan.id if len(licensed) > 1 else None
    if kind == "change_plan":
        alone = len(walk.items) == 1
        targets = [p for p in plans if alone or p.interval == holding.plan.interval]
        return ChangePlan(genes.pick(targets).id, item)
    if kind == "change_quantity":
        return ChangeQuantity(genes.between(1, 10), item)
    if kind == "cancel":
        effective = genes.pick((None, *shape.values("cancel.effective", (Effective.IMMEDIATELY, Effective.END_OF_PERIOD))))
        return Cancel(effective, genes.pick((None, True, False)))
    if kind == "change_anchor":
        days = (end.date() - first_midnight.date()).days
        return ChangeAnchor(first_midnight.date() + timedelta(days=genes.below(days + 1)))
    if genes.flag():
        return Usage(Decimal(genes.between(1, 10**6)).scaleb(-3))  # 0.001 to 1000, three places
    return Usage(Decimal(genes.between(1, 10**6)))


# Frozen, the same in every scenario, and slow to build (Policy() builds every row): built once.
_PACK_POLICY, _NO_EXPECTATION = Policy(), Expectation()


def decode(genome: bytes, shape: Shape = Shape(), pack_name: str = "fuzz", timezone: str = "UTC") -> Scenario:
    """The scenario a genome stands for (expectations empty: the reference
    engine supplies them). Any bytes decode to a valid scenario."""
    return decode_with_timeline(genome, shape, pack_name, timezone)[0]


def decode_with_timeline(genome: bytes, shape: Shape = Shape(), pack_name: str = "fuzz",
                         timezone: str = "UTC") -> tuple[Scenario, Timeline | None]:
    """The scenario, and its `timeline` as the walk that placed the events
    reached it: the walk advances and applies exactly what `timeline` does
    for the scenario's events (an event the walk refuses is dropped before
    anything of it is applied), so the judge need not walk it again. None
    (the judge walks it) if the walk refused the last event it advanced to."""
    tz = ZoneInfo(timezone)
    currency, plans = catalog(_slice(genome, 0, CATALOG), shape)
    policy_ = policy(_slice(genome, CATALOG, POLICY), shape, currency)
    start_, extra = start(_slice(genome, CATALOG + POLICY, START), shape, plans, currency)
    tail = _slice(genome, CATALOG + POLICY + START, TAIL)
    catalog_ = Catalog({p.id: p for p in plans + extra})
    meta = PackMeta(pack_name, "Scenarios found by prorata fuzz", currency, timezone, "billing-ops", catalog_, _PACK_POLICY)
    walk = Walk(Scenario("draft", "draft", meta, policy_, start_, (), _NO_EXPECTATION))
    renewals = shape.can("feature", "renewal")
    retrying = shape.can("feature", "retried_event")
    times_of_day = (0, 0, 0, 43200, 3600 * 14 + 1800) if shape.can("feature", "time_of_day") else (0,)
    limit = walk.current.end if not renewals else add_interval(walk.current.end, walk.interval, 2)
    at = datetime.combine(start_.date, time(), tzinfo=tz)
    events: list[Event] = []
    sent: list[Event] = []  # events with an id, retried or not
    retried: list[int] = []  # positions of the events the timeline ignores (their id was seen)
    horizon_end, walked = None, True
    slots = min(shape.max_events, max(1, -(-(len(genome) - HEADER) // EVENT)))
    for index in range(slots):
        genes = _slice(genome, HEADER + EVENT * index, EVENT)
        if index and genes.below(256) == 0:
            continue  # an all-zero slot is no event: shrinking an event's bytes away removes it
        if events and genes.one_in(5):
            pass  # same instant as the previous event
        else:
            step = genes.pick(STEPS) if genes.flag() else genes.below(41)
            seconds = genes.pick(times_of_day) if len(times_of_day) > 1 else 0
            at = max(at, _instant(at.date() + timedelta(days=step), seconds, tz))
            if genes.one_in(6):
                at = max(at, walk.current.end)  # exactly at the renewal instant
        if at >= limit:
            if events:
                break
            at = datetime.combine(start_.date, time(), tzinfo=tz)  # at least one event: at the start
        if walk.ends_by(at):
            break  # asked before advancing, so the walk goes no further than the timeline's
        period = walk.current
        walk.advance(at, inclusive=True)
        reached = walk.horizon_after(at)  # as the timeline sees it: before the event is applied
        if sent and retrying and genes.one_in(6):
            retry = genes.pick(sent)  # the same id again, as sent or with other content
            again = retry.action if not genes.flag() else action(genes, shape, walk, plans, at)
            horizon_end, walked = reached, True
            retried.append(len(events))
            events.append(Event(at, again, retry.id, len(events)))
            sent.append(events[-1])
            continue
        next_action = action(genes, shape, walk, plans, at)
        event_id = f"evt-{index + 1}" if retrying and genes.flag() else None
        try:
            walk.apply(at, next_action, index)
        except Unreadable:
            # renewed for an event that is not there: fine only if a later event's advance covers it
            walked = walked and walk.current is period
            continue
        horizon_end, walked = reached, True
        events.append(Event(at, next_action, event_id, len(events)))
        if event_id is not None:
            sent.append(events[-1])
    until = None
    if events and renewals and tail.one_in(4):
        until = walk.current.end + timedelta(days=tail.pick((1, 2, 40)))
    digest = hashlib.sha256(genome).hexdigest()[:10]  # a digest of the scenario's text cost as much as decoding
    scenario = Scenario(f"fuzz-{digest}", f"Found by fuzzing ({len(events)} event(s))", meta, policy_, start_,
                        tuple(events), _NO_EXPECTATION, until=until)
    if not walked:
        return scenario, None
    horizon = until if until is not None else horizon_end if events else walk.periods[0].end
    return scenario, walk.account(horizon, tuple(retried))
