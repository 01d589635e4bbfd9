"""A scenario as the operations a silver operator would perform.

silver knows a provider, a customer, plans (a base amount plus metered
features) and subscriptions (one plan each) that are activated, cancelled now
or at the end of the billing cycle, and reactivated. Everything a scenario
says is expressed with those, each at the instant the scenario gives (the
worker sets silver's clock to it):

* signup: a subscription on a plan holding the licensed item's price and a
  metered feature per metered item, activated at the start date;
* a plan change effective now: cancel now, and a new subscription from the
  same day (silver has no plan change; this is how its users switch plans);
* a change effective next period: cancel at the end of the billing cycle, and
  the new subscription from the day after silver's cancel date;
* changing back to the plan in force while a change is scheduled: reactivate
  (silver's /reactivate), which withdraws the cancellation;
* cancel: silver's own `now` / `end_of_billing_cycle`; an immediate cancel of
  a subscription already cancelled at period end reactivates it first,
  because silver refuses to cancel a cancelled subscription;
* usage: units logged in the metered feature's bucket of that day.

Documents are generated with silver's own DocumentsGenerator on the days an
operator runs `generate_docs`: the start date, every day a silver cycle can
start (the 1st of each month, Mondays for weekly plans) and right after every
change — never on a date at or after the scenario's horizon."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Callable
from zoneinfo import ZoneInfo

from harness.adapters.errors import NotApplicable
from harness.engine.calendar import shift_date
from harness import engine
from harness.model import (
    Cancel,
    ChangeAnchor,
    ChangePlan,
    ChangeQuantity,
    Effective,
    Event,
    Interval,
    IntervalUnit,
    Plan,
    Scenario,
    Usage,
)

Call = Callable[..., Any]


def silver_first_boundary(start: date, interval: Interval) -> date:
    """Where silver ends the first cycle: at the first aligned day after the
    start (1st of the month, Jan 1, Monday), or one whole interval later when
    the start is itself aligned."""
    unit = interval.unit
    if unit is IntervalUnit.MONTH:
        aligned = start if start.day == 1 else shift_date(start.replace(day=1), Interval(IntervalUnit.MONTH), 1)
    elif unit is IntervalUnit.YEAR:
        aligned = start if (start.month, start.day) == (1, 1) else date(start.year + 1, 1, 1)
    elif unit is IntervalUnit.WEEK:
        aligned = start + timedelta(days=(7 - start.weekday()) % 7)
    else:
        aligned = start
    return aligned if aligned > start else shift_date(aligned, interval, 1)


def expressible(scenario: Scenario) -> tuple[Plan, tuple[Plan, ...]]:
    """The licensed plan and the metered plans of the start, or NotApplicable
    with the reason silver cannot hold this subscription."""
    catalog = scenario.pack.catalog
    plans = [catalog[item.plan] for item in scenario.start.items]
    licensed = [plan for plan in plans if not plan.metered]
    metered = tuple(plan for plan in plans if plan.metered)
    if len(licensed) != 1:
        raise NotApplicable("a silver subscription holds one plan: this scenario starts with "
                            f"{len(licensed)} licensed items")
    plan = licensed[0]
    start = scenario.start
    first = start.anchor if start.anchor > start.date else shift_date(start.anchor, plan.interval, 1)
    silver = silver_first_boundary(start.date, plan.interval)
    if first != silver:
        raise NotApplicable(
            f"silver aligns {plan.interval.describe()} cycles to {_alignment(plan.interval)}: a subscription "
            f"starting {start.date} renews on {silver}, not on the scenario's {first}"
        )
    return plan, metered


def _alignment(interval: Interval) -> str:
    return {IntervalUnit.MONTH: "the 1st of the month", IntervalUnit.YEAR: "January 1",
            IntervalUnit.WEEK: "Mondays"}.get(interval.unit, "the start date")


@dataclass
class _Scheduled:
    plan: Plan
    day: date


class Player:
    """Plays one scenario on the worker; `codes` then maps silver product
    codes back to the pack's plan ids."""

    def __init__(self, call: Call, scenario: Scenario) -> None:
        self.call = call
        self.scenario = scenario
        self.tz = ZoneInfo(scenario.pack.timezone)
        self.catalog = scenario.pack.catalog
        self.licensed, self.metered = expressible(scenario)
        self.codes: dict[str, str] = {}
        self.features: dict[str, int] = {}
        self.silver_plans: dict[str, int] = {}
        self.provider = self.customer = 0
        self.subscription: int | None = None
        self.plan = self.licensed
        self.scheduled: _Scheduled | None = None
        self.cancelled = False  # silver state "canceled" (ends at its cancel date)
        self.ended = False
        self.generated: list[int] = []

    # -- helpers

    def _now(self, instant: datetime) -> str:
        """silver's clock reads UTC dates: it is given the pack's wall time."""
        return instant.astimezone(self.tz).replace(tzinfo=None).isoformat()

    def _midnight(self, day: date) -> datetime:
        return datetime.combine(day, time(), tzinfo=self.tz)

    def _feature(self, plan: Plan) -> int:
        if plan.id not in self.features:
            self.features[plan.id] = self.call(
                "create_metered_feature", name=plan.name, unit="units",
                price_per_unit=str(plan.unit_amount), product_code=plan.id,
            )["id"]
            self.codes[plan.id] = plan.id
        return self.features[plan.id]

    def _silver_plan(self, plan: Plan) -> int:
        code = "+".join([plan.id, *(m.id for m in self.metered)])
        if code not in self.silver_plans:
            features = [self._feature(m) for m in self.metered]
            self.silver_plans[code] = self.call(
                "create_plan", name=plan.name, amount=str(plan.amount), currency=plan.currency,
                interval=plan.interval.unit.value, interval_count=plan.interval.count,
                product_code=code, provider=self.provider, metered_features=features,
            )["id"]
            self.codes[code] = plan.id
        return self.silver_plans[code]

    def _subscribe(self, plan: Plan, day: date, instant: datetime) -> None:
        state = self.call("subscribe", plan=self._silver_plan(plan), customer=self.customer,
                          start_date=day.isoformat(), now=self._now(instant))
        self.subscription, self.plan, self.cancelled = state["id"], plan, False

    def _cancel(self, when: str, instant: datetime) -> dict:
        if self.cancelled and when == "now":
            self.call("reactivate", subscription=self.subscription, now=self._now(instant))
        state = self.call("cancel", subscription=self.subscription, when=when, now=self._now(instant))
        self.cancelled = True
        return state

    def _generate(self, day: date, instant: datetime) -> None:
        result = self.call("generate", billing_date=day.isoformat(), customer=self.customer,
                           now=self._now(instant))
        self.generated.extend(result["documents"])

    # -- the run

    def play(self) -> int:
        scenario = self.scenario
        self.provider = self.call("create_provider", name=f"prorata {scenario.pack.name}"[:128])["id"]
        self.customer = self.call("create_customer", name=scenario.id[:128])["id"]
        until = engine.horizon(scenario)
        events: dict[date, list[Event]] = {}
        for event in scenario.events:
            events.setdefault(event.at.astimezone(self.tz).date(), []).append(event)
        if until is None:  # the subscription ended with the last event: bill up to the next day
            last = max(events) if events else scenario.start.date
            until = self._midnight(last + timedelta(days=1))
        start = scenario.start.date
        days = sorted({start, *events, *self._boundaries(start, until)})
        boundaries = set(self._boundaries(start, until))
        for day in days:
            midnight = self._midnight(day)
            if midnight >= until:
                break
            bill = day == start or day in boundaries
            if day == start:
                self._subscribe(self.licensed, day, midnight)
            if self.scheduled is not None and self.scheduled.day == day:
                plan, self.scheduled = self.scheduled.plan, None
                self._subscribe(plan, day, midnight)
                bill = True
            if bill:
                self._generate(day, midnight)
            for event in events.get(day, []):
                self._apply(event)
                if not isinstance(event.action, Usage):
                    self._generate(day, event.at)
        return self.customer

    def _boundaries(self, start: date, until: datetime) -> list[date]:
        """Every day after the start on which a silver cycle of any plan in play can begin."""
        plans = [self.licensed] + [self.catalog[e.action.to] for e in self.scenario.events
                                   if isinstance(e.action, ChangePlan)]
        units = {plan.interval.unit for plan in plans}
        end = until.astimezone(self.tz).date()
        days, day = [], start + timedelta(days=1)
        while day <= end:
            if (IntervalUnit.DAY in units or day.day == 1
                    or (IntervalUnit.WEEK in units and day.weekday() == 0)):
                days.append(day)
            day += timedelta(days=1)
        return days

    def _apply(self, event: Event) -> None:
        action = event.action
        if self.ended:
            raise NotApplicable(f"event {event.index + 1} comes after silver ended the subscription")
        if isinstance(action, ChangePlan):
            self._change_plan(event, action)
        elif isinstance(action, Cancel):
            effective = action.effective or self.scenario.policy.cancel.effective
            if effective is Effective.IMMEDIATELY:
                self._cancel("now", event.at)
                self.ended = True
            elif not self.cancelled:
                self._cancel("end_of_billing_cycle", event.at)
            self.scheduled = None
        elif isinstance(action, Usage):
            metered = [m for m in self.metered if action.item in (None, m.id)]
            if len(metered) != 1:
                raise NotApplicable(f"event {event.index + 1}: usage for an item silver does not hold")
            self.call("log_usage", subscription=self.subscription, metered_feature=self._feature(metered[0]),
                      units=str(action.quantity), now=self._now(event.at))
        elif isinstance(action, (ChangeQuantity, ChangeAnchor)):
            raise NotApplicable(f"silver has no {event.name.replace('_', ' ')}")

    def _change_plan(self, event: Event, action: ChangePlan) -> None:
        new = self.catalog[action.to]
        if new.metered or (action.item is not None and action.item != self.plan.id):
            raise NotApplicable(f"event {event.index + 1}: silver changes only the subscription's plan")
        if self.cancelled and self.scheduled is None:
            raise NotApplicable("a plan change after a cancellation: silver's subscription is already cancelled")
        if new is self.plan:
            if self.scheduled is not None:  # back to the plan in force: withdraw the scheduled switch
                self.call("reactivate", subscription=self.subscription, now=self._now(event.at))
                self.scheduled, self.cancelled = None, False
            return
        policy = self.scenario.policy
        if new.interval != self.plan.interval:
            effective = policy.interval_change.effective
        else:
            effective = (policy.downgrade if new.amount < self.plan.amount else policy.upgrade).effective
        if effective is Effective.IMMEDIATELY:
            self._cancel("now", event.at)
            self.scheduled = None
            self._subscribe(new, event.at.astimezone(self.tz).date(), event.at)
        elif self.scheduled is not None:
            self.scheduled = _Scheduled(new, self.scheduled.day)
        else:
            state = self._cancel("end_of_billing_cycle", event.at)
            self.scheduled = _Scheduled(new, date.fromisoformat(state["cancel_date"]) + timedelta(days=1))
