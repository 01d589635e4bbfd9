"""The reference semantics of scenario-packs v1, section 5, as one simulation.

A subscription walks forward in time: period roll-overs (renewals, scheduled
changes, anchor and interval moves) happen before the events at the same
instant, and each event posts its lines by the policy row that governs it.
docs/semantics.md records every choice the spec leaves open; this module
and event_rules.py (what each event does) implement exactly that page."""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

from harness.engine import lines
from harness.engine.calendar import add_interval
from harness.engine.event_rules import EventRules
from harness.engine.errors import ScenarioError
from harness.engine.lines import Context, Rule, describe_period, price_label
from harness.engine.state import Billing, Item, rule_text
from harness.model import (
    CreditForm,
    Document,
    DocumentKind,
    Event,
    EventNote,
    Line,
    LineKind,
    Outcome,
    Period,
    Plan,
    Scenario,
    minor_units,
)


# Enum members bound once, as in harness/model/money.py (a lookup on an enum class is slow).
_INVOICE, _CREDIT_NOTE = DocumentKind.INVOICE, DocumentKind.CREDIT_NOTE
_CREDITS_ON_NOTES = CreditForm.CREDIT_NOTE
_CHARGE = LineKind.PRORATION_CHARGE

_MIDNIGHT = time()


@lru_cache(maxsize=1024)  # the same few numbers in every scenario of a pack
def document_number(prefix: str, count: int) -> str:
    """'INV-0001': the engine numbers each kind of document on from 1."""
    return f"{prefix}-{count:04d}"


_RENEWAL = Rule("renewal", "bill in advance")
_SIGNUP_IN_ADVANCE = Rule("signup", "bill in advance")


class Simulation(EventRules):
    """One scenario's run: the calendar, the documents, the bookkeeping; what
    each event does is in `EventRules`."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.policy = scenario.policy
        pack = scenario.pack
        self.plans = pack.catalog.plans
        self.tz = ZoneInfo(pack.timezone)
        self.documents: list[Document] = []
        self.invoices = self.credit_notes = 0  # documents of each kind so far (their numbers count on)
        self.seen_ids: set[str] = set()
        self.notes: list[EventNote] = []
        self.judged: list[str] = []  # the policy rows (and `usage`) in the order they first applied
        # what the run relied on, kept as the rows were applied; `used` spells it
        # out (only requirements need that, so a plain run does not pay for it)
        self.applied: list[tuple[str, object, dict[str, object]]] = []
        self.features: set[str] = set()
        self.horizon: datetime | None = None  # where the run stopped; set by run()
        self.items = [Item(self._plan(item.plan, ("start", "plan")), item.quantity, []) for item in scenario.start.items]
        # an item stays licensed or metered for life (a plan change cannot cross over)
        self.licensed: list[Item] = []
        self.metered: list[Item] = []
        for item in self.items:
            (self.metered if item.plan.metered else self.licensed).append(item)
        first = self.items[0].plan
        if len(self.items) > 1 and any(item.plan.currency != first.currency or item.plan.interval != first.interval
                                       for item in self.items):
            raise ScenarioError(
                "the subscription's items must share one currency and one billing interval",
                field=("start", "items"),
            )
        self.currency = first.currency
        self.interval = first.interval
        self.ctx = Context(self.policy, minor_units(self.currency))
        start_state = scenario.start
        self.start = start = self._midnight(start_state.date)
        anchor = self._midnight(start_state.anchor)
        if start == anchor:
            end = add_interval(anchor, self.interval, 1)
            self.billing = Billing(anchor, 0, anchor, end, Period(anchor, end), [])
            return
        before_anchor = add_interval(anchor, self.interval, -1)
        if not (before_anchor <= start < anchor):
            raise ScenarioError(
                "start.anchor must lie within one billing interval after start.date",
                field=("start", "anchor"),
                hint=f"use an anchor between {scenario.start.date} and {add_interval(start, self.interval, 1).date()}",
            )
        self.billing = Billing(anchor, -1, start, anchor, Period(before_anchor, anchor), [])

    # ---------------------------------------------------------------- helpers

    def _midnight(self, day) -> datetime:
        return datetime.combine(day, _MIDNIGHT, self.tz)  # tzinfo positional: a C call's keywords cost a parse

    def _plan(self, plan_id: str, where: tuple) -> Plan:
        try:
            return self.plans[plan_id]
        except KeyError:
            raise ScenarioError(f"unknown plan {plan_id!r}", field=where) from None

    def _item(self, event: Event, plan_id: str | None, metered: bool) -> Item:
        candidates = self.metered if metered else self.licensed
        if plan_id is not None:
            candidates = [item for item in candidates if item.plan.id == plan_id]
            if not candidates:
                on = ", ".join(item.plan.id for item in self.items)
                raise ScenarioError(
                    f"{plan_id!r} is not a {'metered' if metered else 'licensed'} item of the subscription at this point",
                    event_index=event.index, field=("events", event.index, event.name, "item"),
                    hint=f"the subscription has: {on}",
                )
        if len(candidates) != 1:
            what = "metered" if metered else "licensed"
            raise ScenarioError(
                f"the subscription has {len(candidates)} {what} items here; say which with `item`",
                event_index=event.index, field=("events", event.index, event.name),
            )
        return candidates[0]

    def _issue(self, at: datetime, entries: list[Line], reason: str) -> None:
        """Post lines now: charges on an invoice, credits per the policy's credit form."""
        if self.policy.credits is not _CREDITS_ON_NOTES:  # credits are negative lines of the invoice
            if entries:
                self._document(_INVOICE, at, entries, reason)
            return
        credits = [line for line in entries if line.amount < 0]
        charges = [line for line in entries if line.amount >= 0]
        if charges:
            self._document(_INVOICE, at, charges, reason)
        if credits:
            self._document(_CREDIT_NOTE, at, credits, reason)

    def _document(self, kind: DocumentKind, at: datetime, entries: list[Line], reason: str) -> None:
        if kind is _INVOICE:
            self.invoices = count = self.invoices + 1
            number, adjusts = document_number("INV", count), ""
        else:
            self.credit_notes = count = self.credit_notes + 1
            number, adjusts = document_number("CN", count), self._adjusted_invoice(entries)
        # positional (stated_total None: the engine's totals are its lines'): a class call's keywords cost a dict
        self.documents.append(Document(kind, at, self.currency, tuple(entries), number, reason, None, adjusts))

    def _adjusted_invoice(self, credits: list[Line]) -> str:
        """The invoice a credit note adjusts: the latest one that billed a credited
        plan for a period containing the credited span (so the customer can find
        what is being given back), else the latest invoice."""
        invoices = [d for d in self.documents if d.kind is _INVOICE]
        for invoice in reversed(invoices):
            for billed in invoice.lines:
                if billed.amount > 0 and any(
                    credit.plan == billed.plan and billed.period.start <= credit.period.start < billed.period.end
                    for credit in credits
                ):
                    return invoice.number
        return invoices[-1].number if invoices else ""

    # --------------------------------------------------------------- the run

    def run(self) -> Outcome:
        self._signup()
        billing, seen_ids = self.billing, self.seen_ids
        start, until = self.start, self.scenario.until
        horizon_end = None
        for event in self.scenario.events:
            at = event.at
            while billing.ended is None and billing.end <= at:  # what ends by the event rolls over first
                self._roll_over()
            horizon_end = billing.end if billing.end > at else None
            if event.id is not None and event.id in seen_ids:
                self.features.add("retried_event")
                self._note(event, f"ignored: id {event.id!r} was already applied (a retry posts nothing)")
                continue
            if at < start or (until is not None and at >= until):
                self._refuse_time(event)
            if billing.ended is not None and at >= billing.ended:
                raise ScenarioError(
                    f"event at {at.isoformat()} comes after the subscription ended "
                    f"at {billing.ended.isoformat()}",
                    event_index=event.index, field=("events", event.index, "at"),
                )
            if event.id is not None:
                seen_ids.add(event.id)
            self._apply(event)
        if until is None:
            until = horizon_end if self.scenario.events else billing.end
        self.horizon = until
        if until is not None:
            while billing.ended is None and billing.end < until:  # a period ending at the horizon stays open
                self._roll_over()
        return Outcome(tuple(self.documents), tuple(self.notes))

    def _note(self, event: Event, text: str) -> None:
        self.notes.append(EventNote(event.index, text))

    def _use(self, rule_name: str, policy_rule=None, **values: object) -> None:
        """Record that an event was judged by `rule_name` with these values."""
        if rule_name not in self.judged:
            self.judged.append(rule_name)
        self.applied.append((rule_name, policy_rule, values))

    @property
    def used(self) -> set[tuple[str, object]]:
        """What the run relied on, as (key, value) with values as the policy
        holds them: `("event", row)`, `("<row>.<field>", value)` for every field
        of the rows applied, `("feature", name)` (requirements word them)."""
        used: set[tuple[str, object]] = {("feature", feature) for feature in self.features}
        for rule_name, policy_rule, values in self.applied:
            used.add(("event", rule_name))
            fields = dict(vars(policy_rule)) if policy_rule is not None else {}
            fields.update(values)
            used.update((f"{rule_name}.{key}", value) for key, value in fields.items())
        return used

    def _refuse_time(self, event: Event) -> None:
        """An event before the start or at or after `until`: the scenario cannot run."""
        where = "before the start" if event.at < self.start else "at or after `until`"
        raise ScenarioError(
            f"event at {event.at.isoformat()} is {where}",
            event_index=event.index, field=("events", event.index, "at"),
        )

    def _signup(self) -> None:
        billing = self.billing
        current = billing.basis if billing.index == 0 else Period(billing.start, billing.end)
        if billing.index < 0:
            self._use("signup", self.policy.signup)
            rule = Rule("signup", rule_text(self.policy.signup))
        else:
            rule = _SIGNUP_IN_ADVANCE
        posted = []
        for item in self.licensed:
            if billing.index == 0:
                line = lines.recurring(self.ctx, item.plan, item.quantity, current, rule)
            elif self.policy.signup.prorate:
                line = lines.prorated(
                    self.ctx, _CHARGE, item.plan, item.quantity, item.plan.amount,
                    current, billing.basis, rule,
                    description=f"{price_label(item.plan, item.quantity, item.plan.amount)}, "
                    f"first partial period {describe_period(current.start, current.end)}",
                )
            else:
                line = lines.recurring(self.ctx, item.plan, item.quantity, current, rule)
            if line is not None:
                item.billed.append(line)
                posted.append(line)
        self._issue(billing.start, posted, "signup")

    def _usage_lines(self, start: datetime, end: datetime) -> list[Line]:
        posted = []
        for item in self.metered:
            if item.usage:
                line = lines.usage(self.ctx, item.plan, item.usage, Period(start, end))
                if line is not None:
                    posted.append(line)
                item.usage = Decimal(0)
        return posted

    def _roll_over(self) -> None:
        """The current period ends: the subscription closes, or a new period opens."""
        billing = self.billing
        at = billing.end
        closing, billing.pending = billing.pending, []
        if self.metered:
            closing += self._usage_lines(billing.start, at)
        if billing.cancel_at_end:
            billing.ended = at
            self._issue(at, closing, "closing")
            return
        self.features.add("renewal")
        for item in self.items:
            if item.next_plan is not None:
                if item.next_plan.interval != self.interval:
                    self.interval = item.next_plan.interval
                    billing.anchor, billing.index = at, -1
                item.plan, item.next_plan = item.next_plan, None
            if item.next_quantity is not None:
                item.quantity, item.next_quantity = item.next_quantity, None
        if billing.cut_short:
            billing.anchor, billing.index, billing.cut_short = at, -1, False
        billing.index += 1
        billing.start = at
        billing.end = add_interval(billing.anchor, self.interval, billing.index + 1)
        billing.basis = Period(billing.start, billing.end)
        self._issue(at, closing + self._recurring(_RENEWAL), "renewal")

    def _recurring(self, rule: Rule) -> list[Line]:
        period = self.billing.basis  # called as a period opens, so it runs its full length
        posted = []
        for item in self.licensed:
            line = lines.recurring(self.ctx, item.plan, item.quantity, period, rule)
            item.billed = [line]
            posted.append(line)
        return posted
