"""What each event does to the subscription, and the proration it posts.

The half of the simulation that reads the policy's decision matrix: a plan
or seat change is an upgrade, a downgrade or a seat change and follows its
row (now or next period, prorated or not, billed now or on the next
invoice); interval changes, cancellations and anchor moves have their own
rows. `Simulation` (harness/engine/simulation.py) keeps the calendar, the
documents and the run; these methods move its items and its period and post
through its `_issue`."""

from __future__ import annotations

from decimal import Decimal

from harness.engine import lines
from harness.engine.calendar import add_interval
from harness.engine.errors import ScenarioError
from harness.engine.lines import Rule
from harness.engine.state import Item, rule_text
from harness.model import (
    Bill,
    Cancel,
    ChangeAnchor,
    ChangePlan,
    ChangeQuantity,
    Effective,
    Event,
    Line,
    Period,
    Plan,
    Usage,
)

# Enum members bound once, as in harness/model/money.py (a lookup on an enum class is slow).
_IMMEDIATELY = Effective.IMMEDIATELY
_NOW, _NEXT_INVOICE = Bill.NOW, Bill.NEXT_INVOICE


class EventRules:
    """The event handlers of `Simulation` (a mixin: it has no state of its own)."""

    def _apply(self, event: Event) -> None:
        action = event.action
        if isinstance(action, ChangePlan):
            self._change_plan(event, action)
        elif isinstance(action, ChangeQuantity):
            self._change_quantity(event, action)
        elif isinstance(action, Cancel):
            self._cancel(event, action)
        elif isinstance(action, ChangeAnchor):
            self._change_anchor(event, action)
        elif isinstance(action, Usage):
            self._use("usage")
            self._item(event, action.item, metered=True).usage += action.quantity

    def _credit(self, item: Item, span: Period, rule: Rule) -> Line | None:
        return lines.unused(self.ctx, item.plan, item.quantity, span, self.billing.basis, rule,
                            item.paid_for(span, self.policy.day_count))

    def _above_minimum(self, event: Event, posted: list[tuple[Item, Line]]) -> list[tuple[Item, Line]]:
        """An event whose net proration is below the threshold posts none of it."""
        if not (posted and self.policy.minimum_adjustment):  # no threshold: nothing is below it
            return posted
        net = sum((line.amount for _, line in posted), Decimal(0))
        if abs(net) < self.policy.minimum_adjustment:
            self._note(event, f"proration suppressed: net {net} is below minimum_adjustment "
                              f"{self.policy.minimum_adjustment}; the change still applies")
            return []
        return posted

    def _post_proration(self, event: Event, posted: list[tuple[Item, Line]], bill: Bill, reason: str,
                        waiting: list[Line] = (), extra: list[Line] = ()) -> None:
        """Apply the minimum adjustment, update what each item has been billed,
        post: lines that were waiting first (they were posted earlier), then
        this event's, then `extra` (usage)."""
        entries = list(waiting)
        for item, line in self._above_minimum(event, posted):
            item.billed.append(line)
            entries.append(line)
        entries += extra
        if bill is _NEXT_INVOICE:
            self.billing.pending.extend(entries)
        else:
            self._issue(event.at, entries, f"{reason} (event {event.index + 1})")

    def _change_plan(self, event: Event, action: ChangePlan) -> None:
        item = self._item(event, action.item, metered=False)
        plan = self._plan(action.to, ("events", event.index, "change_plan", "to"))
        if plan.metered or plan.currency != item.plan.currency:
            raise ScenarioError(
                f"cannot change {item.plan.id!r} to {plan.id!r}: "
                + ("a metered plan" if plan.metered else f"plans bill in {item.plan.currency} and {plan.currency}"),
                event_index=event.index, field=("events", event.index, "change_plan", "to"),
            )
        if plan is item.plan:
            self._withdraw(event, item, "next_plan")
            return
        if plan.interval != item.plan.interval:
            self._change_interval(event, item, plan)
            return
        old_total, new_total = item.plan.amount * item.quantity, plan.amount * item.quantity
        name = "downgrade" if new_total < old_total else "upgrade"
        policy_rule = getattr(self.policy, name)
        self._change(event, item, plan, item.quantity, name, policy_rule)

    def _change_quantity(self, event: Event, action: ChangeQuantity) -> None:
        item = self._item(event, action.item, metered=False)
        if action.to == item.quantity:
            self._withdraw(event, item, "next_quantity")
            return
        name = "quantity_increase" if action.to > item.quantity else "quantity_decrease"
        self._change(event, item, item.plan, action.to, name, getattr(self.policy, name))

    def _withdraw(self, event: Event, item: Item, scheduled: str) -> None:
        """A change to what is already in force: the customer changed their mind."""
        if getattr(item, scheduled) is not None:
            setattr(item, scheduled, None)
            self._note(event, "already in force: withdraws the change scheduled for the end of the period")
        else:
            self._note(event, "already in force: nothing changes")

    def _schedule(self, event: Event, item: Item, rule_name: str, plan: Plan | None, quantity: int | None) -> None:
        if plan is not None:
            item.next_plan = plan
        if quantity is not None:
            item.next_quantity = quantity
        self._note(event, f"scheduled for {self.billing.end.date()} (policy.{rule_name}: effective next period)")

    def _change(self, event: Event, item: Item, plan: Plan, quantity: int, name: str, policy_rule) -> None:
        seats = plan is item.plan
        self._use(name, policy_rule)
        if policy_rule.effective is not _IMMEDIATELY:
            self._schedule(event, item, name, None if seats else plan, quantity if seats else None)
            return
        rule = Rule(name, rule_text(policy_rule), event.index)
        posted = []
        if policy_rule.prorate:
            span = Period(event.at, self.billing.end)
            paid = item.paid_for(span, self.policy.day_count)
            posted = [(item, line) for line in lines.swap(
                self.ctx, item.plan, item.quantity, plan, quantity, span, self.billing.basis, rule, paid)]
        else:
            self._note(event, f"applies now without proration (policy.{name}: {rule.text})")
        if seats:
            item.quantity, item.next_quantity = quantity, None
        else:
            item.plan, item.next_plan = plan, None
        self._post_proration(event, posted, policy_rule.bill, name.replace("_", " "))

    def _change_interval(self, event: Event, item: Item, plan: Plan) -> None:
        if len(self.items) > 1:
            raise ScenarioError(
                "an interval change needs a subscription with a single item "
                "(all items of a subscription share one billing interval)",
                event_index=event.index, field=("events", event.index, "change_plan", "to"),
            )
        policy_rule = self.policy.interval_change
        self._use("interval_change", policy_rule)
        if policy_rule.effective is not _IMMEDIATELY:
            self._schedule(event, item, "interval_change", plan, None)
            return
        rule = Rule("interval_change", rule_text(policy_rule), event.index)
        billing = self.billing
        credit = self._credit(item, Period(event.at, billing.end), rule) if policy_rule.prorate else None
        credits = [line for _, line in self._above_minimum(event, [(item, credit)] if credit else [])]
        waiting, billing.pending = billing.pending, []
        used = self._usage_lines(billing.start, event.at)
        item.plan, item.next_plan = plan, None
        self.interval = plan.interval
        billing.anchor, billing.index, billing.start, billing.cut_short = event.at, 0, event.at, False
        billing.end = add_interval(event.at, self.interval, 1)
        billing.basis = Period(billing.start, billing.end)
        entries = waiting + credits + used + self._recurring(rule)
        self._issue(event.at, entries, f"interval change (event {event.index + 1})")

    def _cancel(self, event: Event, action: Cancel) -> None:
        effective = action.effective or self.policy.cancel.effective
        prorate = self.policy.cancel.prorate if action.prorate is None else action.prorate
        billing = self.billing
        self._use("cancel", effective=effective, prorate=prorate)
        if effective is not _IMMEDIATELY:
            billing.cancel_at_end = True
            self._note(event, f"the subscription ends at the end of the period, {billing.end.date()}")
            return
        text = f"effective immediately, {'prorate' if prorate else 'no proration'}"
        rule = Rule("cancel", text, event.index)
        posted = []
        if prorate:
            for item in self.licensed:
                credit = self._credit(item, Period(event.at, billing.end), rule)
                if credit is not None:
                    posted.append((item, credit))
        waiting, billing.pending = billing.pending, []
        used = self._usage_lines(billing.start, event.at)
        billing.ended = event.at
        self._post_proration(event, posted, _NOW, "cancellation", waiting=waiting, extra=used)

    def _change_anchor(self, event: Event, action: ChangeAnchor) -> None:
        billing = self.billing
        new_end = self._midnight(action.to)
        if not (event.at < new_end <= billing.end):
            raise ScenarioError(
                f"change_anchor.to {action.to} is outside the current period "
                f"[{billing.start.date()}, {billing.end.date()}]",
                event_index=event.index, field=("events", event.index, "change_anchor", "to"),
                hint=f"pick a date after {event.at.date()} and no later than {billing.end.date()}",
            )
        if new_end == billing.end:
            self._note(event, "the period already ends on that date: nothing changes")
            return
        policy_rule = self.policy.change_anchor
        self._use("change_anchor", policy_rule)
        rule = Rule("change_anchor", rule_text(policy_rule), event.index)
        posted = []
        if policy_rule.prorate:
            for item in self.licensed:
                credit = self._credit(item, Period(new_end, billing.end), rule)
                if credit is not None:
                    posted.append((item, credit))
        billing.end, billing.cut_short = new_end, True
        self._post_proration(event, posted, _NEXT_INVOICE, "anchor change")

