"""larzsubscription (PyPI, MIT) as a backend, run in process.

larz is a small subscription state machine: one plan per subscription, periods
of a fixed number of days counted from the start, a plan change that charges
one net amount for the rest of the period at once, cancellation now or at the
period end, and renewals that happen only when the caller says so. Each charge
it records (`Subscription.invoices`: instant, amount, description) is what larz
calls an invoice; each becomes one Document here.

Choices a team using larz has to make, and this adapter makes for it (see
docs/backends/larz.md):

* a pack plan becomes `Plan(plan_id, amount, interval_days=...)` with 30 days
  a month and 365 a year (larz's own default is 30), so the calendar mismatch
  shows up as deviations, not as an adapter fix-up;
* renewals are called at every period end larz computes, up to the reference
  engine's horizon for the scenario (`harness.engine.horizon`), so both are looked
  at over the same stretch of time;
* every event is handed to larz as it comes, retries included: larz has no
  idempotency key.

What larz cannot express at all (quantities, several items, metered usage,
billing anchors, changes scheduled for the next period) is declared in
`capabilities`; its fixed conventions (seconds of a 30-day period, one net
line, no refund on cancel, rounding half-up to cents) are not limits: they are
run and recorded in the deviations ledger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from harness import engine
from harness.adapters.base import Adapter, Availability, Capabilities, Limit
from harness.adapters.errors import BackendUnavailable, NotApplicable
from harness.model import (
    Cancel,
    ChangePlan,
    Document,
    DocumentKind,
    Effective,
    EventNote,
    Interval,
    IntervalUnit,
    Line,
    LineKind,
    Outcome,
    Period,
    Plan,
    Scenario,
    minor_units,
)
from harness.model.money import decimal_places, quantize

try:  # an optional extra: the registry and `prorata backends` must still load without it
    import larzsubscription
except ImportError:  # pragma: no cover - exercised only where the extra is missing
    larzsubscription = None

INSTALL_HINT = "install it with: python3 -m pip install 'proration-harness[larz]'"

#: Days per calendar unit, as a team would configure larz's `interval_days`.
DAYS_PER_UNIT = {IntervalUnit.DAY: 1, IntervalUnit.WEEK: 7, IntervalUnit.MONTH: 30, IntervalUnit.YEAR: 365}

_ONE = Decimal(1)

_NOW_ONLY = "larz applies a plan change the moment it is called; it cannot schedule one for the next period"


CAPABILITIES = Capabilities(
    limits=(
        Limit.excluding("event", {"quantity_increase", "quantity_decrease"}, "a larz subscription has no quantity (seats)"),
        Limit.excluding("event", {"usage"}, "larz has no metered usage"),
        Limit.excluding("event", {"signup"}, "larz periods start at the subscription's start: no billing anchor, "
                 "so no partial first period"),
        Limit.excluding("event", {"change_anchor"}, "larz has no billing anchor to move"),
        Limit.excluding("feature", {"quantity"}, "a larz subscription cannot start with more than one seat"),
        Limit.excluding("feature", {"multiple_items"}, "a larz subscription holds exactly one plan"),
        Limit.of("upgrade.effective", {"immediately"}, _NOW_ONLY),
        Limit.of("downgrade.effective", {"immediately"}, _NOW_ONLY),
        Limit.of("interval_change.effective", {"immediately"}, _NOW_ONLY),
        Limit.of("cancel.effective", {"immediately", "end_of_period"}, "larz cancels at once or at the end of the period"),
    )
)


def interval_days(interval: Interval) -> int:
    """larz's `interval_days` for a catalog interval: 30 days a month, 365 a year."""
    return DAYS_PER_UNIT[interval.unit] * interval.count


def to_amount(value: object, currency: str) -> Decimal:
    """larz's amount as the harness's Decimal, exactly: shown with the currency's
    minor units, or with larz's own two decimals when it charged a fraction the
    currency does not have (e.g. 516.13 JPY) — that is what it billed."""
    if not isinstance(value, Decimal):  # larz keeps Decimals; anything else is a change in larz
        raise TypeError(f"larz returned {type(value).__name__} {value!r}, expected a Decimal")
    units = minor_units(currency)
    if value != value.quantize(Decimal(1).scaleb(-units)):  # finer than the currency allows: keep it
        units = decimal_places(value)
    return quantize(value, units)


@dataclass(frozen=True)
class _Charge:
    """One entry of larz's `invoices`, with what the adapter knew when it appeared."""

    at: datetime
    amount: object
    description: str
    kind: str  # "recurring" or "change"
    plan: str
    period: Period


class _Run:
    """One scenario driven through one larz Subscription."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        pack = scenario.pack
        self.tz = ZoneInfo(pack.timezone)
        items = scenario.start.items
        if len(items) != 1 or items[0].quantity != 1:
            raise NotApplicable("a larz subscription holds exactly one plan, with no quantity")
        if scenario.start.anchor != scenario.start.date:
            raise NotApplicable("larz periods start at the subscription's start; it has no billing anchor")
        self.plans: dict[str, object] = {}
        plan = self._plan(items[0].plan)
        self.currency = pack.catalog[items[0].plan].currency
        self.charges: list[_Charge] = []
        self.notes: list[EventNote] = []
        self.seen: set[str] = set()
        start = datetime.combine(scenario.start.date, time(), tzinfo=self.tz)
        self.sub = larzsubscription.Subscription(plan, start=start)
        self._record("recurring", start, Period(self.sub.period_start, self.sub.period_end))

    def _plan(self, plan_id: str):
        """The larz Plan for a pack plan, named by the pack's id (one per id)."""
        if plan_id not in self.plans:
            plan: Plan = self.scenario.pack.catalog[plan_id]
            if plan.metered:
                raise NotApplicable(f"{plan_id} is metered; larz has no usage billing")
            self.plans[plan_id] = larzsubscription.Plan(
                plan_id, str(plan.amount), interval_days=interval_days(plan.interval)
            )
        return self.plans[plan_id]

    def _record(self, kind: str, at: datetime, period: Period) -> None:
        """Take the entries larz appended since the last call."""
        for when, amount, description in self.sub.invoices[len(self.charges):]:
            self.charges.append(_Charge(when, amount, description, kind, self.sub.plan.name, period))

    def _live(self) -> bool:
        return self.sub.status not in (larzsubscription.CANCELED, larzsubscription.EXPIRED)

    def _renew_until(self, to: datetime, *, inclusive: bool) -> None:
        """Call renew at each period end larz computed, the way a scheduler would."""
        sub = self.sub
        while self._live() and (sub.period_end <= to if inclusive else sub.period_end < to):
            at = sub.period_end
            sub.renew(now=at)
            self._record("recurring", at, Period(sub.period_start, sub.period_end))

    def run(self) -> Outcome:
        for event in self.scenario.events:
            self._renew_until(event.at, inclusive=True)
            if event.id is not None:
                if event.id in self.seen:
                    self._note(event.index, f"sent to larz again: larz has no idempotency key (id {event.id!r})")
                self.seen.add(event.id)
            try:
                self._apply(event.index, event.at, event.action)
            except larzsubscription.SubscriptionError as error:
                self._note(event.index, f"larz refused it: {error}")
        horizon = engine.horizon(self.scenario)
        if horizon is not None:
            self._renew_until(horizon, inclusive=False)
        return Outcome(tuple(self._document(n, charge) for n, charge in enumerate(self.charges)), tuple(self.notes))

    def _note(self, index: int, text: str) -> None:
        self.notes.append(EventNote(index, text))

    def _apply(self, index: int, at: datetime, action: object) -> None:
        sub = self.sub
        if isinstance(action, ChangePlan):
            sub.change_plan(self._plan(action.to), now=at)
            self._record("change", at, Period(at, sub.period_end))
        elif isinstance(action, Cancel):
            effective = action.effective or self.scenario.policy.cancel.effective
            if effective is Effective.NEXT_PERIOD:
                raise NotApplicable("larz cancels either at once or at the end of the current period")
            sub.cancel(immediately=effective is Effective.IMMEDIATELY, now=at)
        else:
            name = type(action).__name__
            raise NotApplicable(f"larz has no {name} (plan changes and cancellations only)")

    def _document(self, number: int, charge: _Charge) -> Document:
        amount = to_amount(charge.amount, self.currency)
        if charge.kind == "recurring":
            kind = LineKind.RECURRING
        else:
            kind = LineKind.PRORATION_CHARGE if amount > 0 else LineKind.PRORATION_CREDIT
        line = Line(kind, amount, charge.period, charge.plan, _ONE, charge.description)
        return Document(
            DocumentKind.INVOICE,
            charge.at,
            self.currency,
            (line,),
            number=f"larz-{number + 1}",
            reason=charge.description,
            stated_total=amount,
        )


class LarzBackend(Adapter):
    name = "larz"
    extra = "larz"
    distribution = "larzsubscription"
    description = (
        "larzsubscription (PyPI), in process: fixed 30/365-day periods from the start, "
        "one net charge per plan change, renewals called at each period end"
    )
    capabilities = CAPABILITIES

    def __init__(self, **options: str) -> None:
        super().__init__(**options)
        if larzsubscription is None:
            raise BackendUnavailable(f"larzsubscription is not installed; {INSTALL_HINT}")

    @classmethod
    def availability(cls) -> Availability:
        if larzsubscription is None:
            return Availability(installed=False, reachable=False, detail=INSTALL_HINT)
        version = getattr(larzsubscription, "__version__", "?")
        return Availability(installed=True, reachable=True, detail=f"larzsubscription {version}, in process")

    def run(self, scenario: Scenario) -> Outcome:
        return _Run(scenario).run()
