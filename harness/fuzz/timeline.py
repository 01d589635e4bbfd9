"""A second reading of the reference semantics that tracks time and exact
value but posts no lines: which billing periods a scenario has, what the
policy bills in each (exact rationals, before any rounding), when the
subscription ended and where the documents stop.

The invariants judge any backend's documents against this account. It must
not be the reference engine itself, or fuzzing the engine would compare it
with itself; so it is written apart, from docs/semantics.md, and only the
calendar arithmetic the spec fixes (harness.engine.calendar: month-end
clamping, the three day counts) is shared. The generator also walks it to
place events where they are valid (an anchor move inside the current period,
nothing after the end)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from datetime import date, datetime, time
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from harness.engine.calendar import add_interval, fraction, measure
from harness.model import (
    Bill, Cancel, ChangeAnchor, ChangePlan, ChangeQuantity, Effective, Period, Plan, ProrationLines, Scenario, Usage,
    minor_units,
)


@lru_cache(maxsize=4096)
def _price(amount: Decimal, quantity: int) -> Fraction:
    """A price x quantity, exactly: asked at every renewal and change; Fraction arithmetic is slow."""
    return Fraction(amount) * quantity


class Unreadable(ValueError):
    """The scenario breaks a rule of the format (an event after the end, an
    anchor outside the period): it has no timeline."""


@dataclass
class Charge:
    """An exact amount the policy bills in a period, and the instant the
    document holding it is issued (None while it waits for the next invoice)."""

    amount: Fraction
    lines: int  # how many invoice lines it is expected to take
    posted_at: datetime | None


@dataclass
class BillingPeriod:
    start: datetime
    end: datetime  # as it ran: an anchor move, an interval change or a cancellation shortens it
    basis: Period  # the full period its prorations are measured against
    charges: list[Charge] = field(default_factory=list)
    recurring: int = 0  # recurring lines it opens with (none for a prorated first partial period)
    doubtful: str = ""  # why its total cannot be judged exactly (a proration right at the minimum)

    @cached_property
    def window(self) -> Period:
        """Every line billed for this period lies inside [start, basis end) (both fixed once open)."""
        return Period(self.start, self.basis.end)

    def posted(self, horizon: datetime | None) -> list[Charge]:
        """Its charges issued before `horizon`."""
        return [c for c in self.charges if c.posted_at is not None and (horizon is None or c.posted_at < horizon)]

    def billed_by(self, horizon: datetime | None) -> tuple[Fraction, int]:
        """The exact value and line count of what is issued before `horizon`."""
        return _total(self.posted(horizon))


def _total(charges: list[Charge]) -> tuple[Fraction, int]:
    """Their exact sum (onto the first, not onto a zero: Fraction additions cost) and line count."""
    amount = sum((c.amount for c in charges[1:]), charges[0].amount) if charges else Fraction(0)
    return amount, sum(c.lines for c in charges)


@dataclass
class Holding:
    plan: Plan
    quantity: int
    billed: list[tuple[Fraction, Period]] = field(default_factory=list)  # exact amounts in the current period
    usage: Decimal = Decimal(0)
    next_plan: Plan | None = None
    next_quantity: int | None = None

    def paid_for(self, span: Period, day_count) -> Fraction:
        """The credit cap: what the item was billed for `span`, pro rata."""
        paid = Fraction(0)
        for amount, period in self.billed:
            length = measure(day_count, period.start, period.end)
            covered = measure(day_count, max(period.start, span.start), min(period.end, span.end))
            if length > 0 and covered > 0:
                paid += amount * Fraction(covered, length)
        return max(paid, Fraction(0))

    @property
    def price(self) -> Fraction:
        return _price(self.plan.amount, self.quantity)


@dataclass
class Timeline:
    periods: list[BillingPeriod]
    ended: datetime | None  # when the subscription stopped (a cancellation took effect)
    renewal_stopped: bool  # it ended at a period end (nothing may renew there), not in mid-period
    horizon: datetime | None  # documents are issued strictly before it
    retried: tuple[int, ...]  # events ignored because their id was seen before
    currency: str

    @cached_property
    def minor(self) -> Fraction:
        """One minor unit of the currency: 1/100 for USD, 1 for JPY."""
        return Fraction(1, 10 ** minor_units(self.currency))

    @cached_property
    def stretches(self) -> list["Stretch"]:
        """The periods grouped where their windows overlap: a line cannot
        always be told apart between a period cut short (by an anchor move or
        an interval change) and the one that replaced it, but it always lies in
        their stretch, so totals are judged per stretch. In an ordinary run of
        periods each stretch is one period. (Worked out once: several invariants ask.)"""
        stretches: list[Stretch] = []
        for period in sorted(self.periods, key=lambda p: (p.window.start, p.window.end)):
            last = stretches[-1] if stretches else None
            if last is not None and period.window.start < last.end:
                last.periods.append(period)
                last.end = max(last.end, period.window.end)
            else:
                stretches.append(Stretch(period.window.start, period.window.end, [period]))
        return stretches


@dataclass
class Stretch:
    start: datetime
    end: datetime
    periods: list[BillingPeriod]

    def holds(self, span: Period) -> bool:
        return self.start <= span.start and span.end <= self.end

    @property
    def doubtful(self) -> str:
        return next((p.doubtful for p in self.periods if p.doubtful), "")

    def waits_beyond(self, horizon: datetime | None) -> bool:
        """Some of what it billed is on an invoice not issued before `horizon`."""
        return any(
            c.lines and (c.posted_at is None or (horizon is not None and c.posted_at >= horizon))
            for period in self.periods for c in period.charges
        )

    def billed_by(self, horizon: datetime | None) -> tuple[Fraction, int]:
        return _total([charge for period in self.periods for charge in period.posted(horizon)])


class Walk:
    """The subscription stepped through time: `advance` to an instant (renewals
    and scheduled changes happen), then `apply` the events there."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario, self.policy = scenario, scenario.policy
        self.tz = ZoneInfo(scenario.pack.timezone)
        catalog = scenario.pack.catalog
        self.items = [Holding(catalog[item.plan], item.quantity) for item in scenario.start.items]
        self.interval = self.items[0].plan.interval
        self.currency = self.items[0].plan.currency
        self.minor = Fraction(1, 10 ** minor_units(self.currency))
        self.periods: list[BillingPeriod] = []
        self.waiting: list[Charge] = []
        self.cancel_at_end = False
        self.ended: datetime | None = None
        self.renewal_stopped = False
        start, anchor = self._midnight(scenario.start.date), self._midnight(scenario.start.anchor)
        if start < anchor:
            self.anchor, self.index = anchor, -1
            self._open(Period(start, anchor), Period(add_interval(anchor, self.interval, -1), anchor), partial=True)
        else:
            self.anchor, self.index = anchor, 0
            end = add_interval(anchor, self.interval, 1)
            self._open(Period(anchor, end), Period(anchor, end))

    def _midnight(self, day: date) -> datetime:
        return datetime.combine(day, time(), tzinfo=self.tz)

    def _licensed(self) -> list[Holding]:
        return [item for item in self.items if not item.plan.metered]

    def _share(self, span: Period) -> Fraction:
        return fraction(self.policy.day_count, (span.start, span.end), (self.current.basis.start, self.current.basis.end))[0]

    # -- periods --------------------------------------------------------------------

    def _open(self, period: Period, basis: Period, partial: bool = False) -> None:
        """A period starts and its opening lines are billed: in advance, or for
        a first period before the anchor by the signup rule (prorated or not)."""
        self.current = BillingPeriod(period.start, period.end, basis)
        self.periods.append(self.current)
        prorated = partial and self.policy.signup.prorate
        share = self._share(period) if prorated else None
        licensed = self._licensed()
        self.current.recurring = 0 if prorated else len(licensed)
        for item in licensed:
            amount = item.price * share if prorated else item.price
            item.billed = [(amount, period)]
            self.current.charges.append(Charge(amount, 1, period.start))

    def _close(self, at: datetime) -> None:
        """The current period stops at `at`: waiting lines and usage are issued then."""
        for charge in self.waiting:
            charge.posted_at = at
        self.waiting = []
        for item in self.items:
            if item.plan.metered and item.usage:
                self.current.charges.append(Charge(Fraction(item.usage) * Fraction(item.plan.unit_amount), 1, at))
            item.usage = Decimal(0)
        self.current.end = at

    def advance(self, to: datetime, inclusive: bool) -> None:
        while self.ended is None and (self.current.end <= to if inclusive else self.current.end < to):
            self._roll_over()

    def ends_by(self, at: datetime) -> bool:
        """Whether `advance(at, inclusive=True)` would find it ended (only a cancellation at the period end can)."""
        return self.ended is not None or (self.cancel_at_end and self.current.end <= at)

    def horizon_after(self, at: datetime) -> datetime | None:
        """Where documents stop if the last event is at `at`: its period's end (None once ended)."""
        return self.current.end if self.ended is None and self.current.end > at else None

    def account(self, until: datetime | None, retried: tuple[int, ...]) -> Timeline:
        """The timeline, once every event is applied, up to the horizon `until`."""
        if until is not None:
            self.advance(until, inclusive=False)
        return Timeline(self.periods, self.ended, self.renewal_stopped, until, tuple(retried), self.currency)

    def _roll_over(self) -> None:
        at = self.current.end
        self._close(at)
        if self.cancel_at_end:
            self.ended, self.renewal_stopped = at, True
            return
        for item in self.items:
            if item.next_plan is not None:
                if item.next_plan.interval != self.interval:
                    self.interval, self.anchor, self.index = item.next_plan.interval, at, -1
                item.plan, item.next_plan = item.next_plan, None
            if item.next_quantity is not None:
                item.quantity, item.next_quantity = item.next_quantity, None
        if at != add_interval(self.anchor, self.interval, self.index + 1):
            self.anchor, self.index = at, -1
        self.index += 1
        end = add_interval(self.anchor, self.interval, self.index + 1)
        self._open(Period(at, end), Period(at, end))

    # -- events ---------------------------------------------------------------------

    def apply(self, at: datetime, action, index: int) -> None:
        if self.ended is not None and at >= self.ended:
            raise Unreadable(f"event {index + 1} comes after the subscription ended")
        if isinstance(action, Usage):
            self._item(action.item, metered=True).usage += action.quantity
        elif isinstance(action, ChangePlan):
            self._change_plan(at, action)
        elif isinstance(action, ChangeQuantity):
            item = self._item(action.item, metered=False)
            if action.to == item.quantity:
                item.next_quantity = None
            else:
                rule = self.policy.quantity_increase if action.to > item.quantity else self.policy.quantity_decrease
                self._change(at, item, item.plan, action.to, rule)
        elif isinstance(action, Cancel):
            self._cancel(at, action)
        elif isinstance(action, ChangeAnchor):
            self._change_anchor(at, self._midnight(action.to), index)

    def _item(self, plan_id: str | None, metered: bool) -> Holding:
        candidates = [i for i in self.items if i.plan.metered == metered and (plan_id is None or i.plan.id == plan_id)]
        if len(candidates) != 1:
            raise Unreadable(f"the event names no single {'metered' if metered else 'licensed'} item")
        return candidates[0]

    def _change_plan(self, at: datetime, action: ChangePlan) -> None:
        item = self._item(action.item, metered=False)
        plan = self.scenario.pack.catalog[action.to]
        if plan == item.plan:
            item.next_plan = None
        elif plan.interval != item.plan.interval:
            self._change_interval(at, item, plan)
        else:
            downgrade = plan.amount * item.quantity < item.plan.amount * item.quantity
            self._change(at, item, plan, item.quantity, self.policy.downgrade if downgrade else self.policy.upgrade)

    def _change(self, at: datetime, item: Holding, plan: Plan, quantity: int, rule) -> None:
        seats = plan == item.plan
        if rule.effective is not Effective.IMMEDIATELY:
            if seats:
                item.next_quantity = quantity
            else:
                item.next_plan = plan
            return
        if rule.prorate:
            span = Period(at, self.current.end)
            share, paid = self._share(span), item.paid_for(span, self.policy.day_count)
            old, new = item.price * share, _price(plan.amount, quantity) * share
            if self.policy.proration_lines is ProrationLines.GROSS:
                credit = min(old, paid)
                parts = [(-credit, credit != 0), (new, new != 0)]
            else:
                net = new - old
                parts = [(max(net, -paid), net != 0)]
            self._post(at, span, [(item, amount, lines) for amount, lines in parts], rule.bill)
        if seats:
            item.quantity, item.next_quantity = quantity, None
        else:
            item.plan, item.next_plan = plan, None

    def _credits(self, span: Period) -> list[tuple[Holding, Fraction, bool]]:
        share = self._share(span)
        credits = [(item, min(item.price * share, item.paid_for(span, self.policy.day_count))) for item in self._licensed()]
        return [(item, -amount, amount != 0) for item, amount in credits]

    def _post(self, at: datetime, span: Period, parts: list[tuple[Holding, Fraction, bool]], bill: Bill) -> bool:
        """Post an event's proration unless the minimum adjustment suppresses it."""
        net = sum((amount for _, amount, _ in parts), Fraction(0))
        lines = sum(int(counted) for _, _, counted in parts)
        minimum = Fraction(self.policy.minimum_adjustment)
        if minimum and lines:
            slack = lines * self.minor
            if abs(abs(net) - minimum) <= slack:
                self.current.doubtful = f"the proration at {at.isoformat()} is within rounding of the minimum adjustment"
            if abs(net) < minimum:
                return False
        for item, amount, _ in parts:
            item.billed.append((amount, span))
        charge = Charge(net, lines, at if bill is Bill.NOW else None)
        if bill is not Bill.NOW:
            self.waiting.append(charge)
        self.current.charges.append(charge)
        return True

    def _change_interval(self, at: datetime, item: Holding, plan: Plan) -> None:
        rule = self.policy.interval_change
        if rule.effective is not Effective.IMMEDIATELY:
            item.next_plan = plan
            return
        if rule.prorate:
            span = Period(at, self.current.end)
            self._post(at, span, [part for part in self._credits(span) if part[0] is item], Bill.NOW)
        self._close(at)
        item.plan, item.next_plan = plan, None
        self.interval, self.anchor, self.index = plan.interval, at, 0
        end = add_interval(at, self.interval, 1)
        self._open(Period(at, end), Period(at, end))

    def _cancel(self, at: datetime, action: Cancel) -> None:
        effective = action.effective or self.policy.cancel.effective
        prorate = self.policy.cancel.prorate if action.prorate is None else action.prorate
        if effective is not Effective.IMMEDIATELY:
            self.cancel_at_end = True
            return
        if prorate:
            span = Period(at, self.current.end)
            self._post(at, span, self._credits(span), Bill.NOW)
        self._close(at)
        self.ended = at

    def _change_anchor(self, at: datetime, to: datetime, index: int) -> None:
        if not at < to <= self.current.end:
            raise Unreadable(f"event {index + 1} moves the anchor outside the current period")
        if to == self.current.end:
            return
        if self.policy.change_anchor.prorate:
            span = Period(to, self.current.end)
            self._post(at, span, self._credits(span), Bill.NEXT_INVOICE)
        self.current.end = to


def timeline(scenario: Scenario) -> Timeline:
    """The scenario's billing periods and what the policy bills in each, up to
    the horizon (docs/semantics.md "Horizon"). Unreadable for a scenario the
    format does not allow. (harness.fuzz.genome keeps this account as it decodes.)"""
    walk = Walk(scenario)
    seen: set[str] = set()
    retried = []
    horizon_end = None
    for event in scenario.events:
        walk.advance(event.at, inclusive=True)
        horizon_end = walk.horizon_after(event.at)
        if event.id is not None and event.id in seen:
            retried.append(event.index)
            continue
        if event.id is not None:
            seen.add(event.id)
        walk.apply(event.at, event.action, event.index)
    until = scenario.until
    if until is None:
        until = horizon_end if scenario.events else walk.periods[0].end
    return walk.account(until, tuple(retried))
