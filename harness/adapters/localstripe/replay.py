"""One scenario replayed on localstripe through the stripe SDK.

The replay does what an integrator of Stripe's classic subscription API would
do for each event, with the parameters localstripe accepts:

* catalog: one plan per pack plan the scenario uses (amount in minor units,
  currency, interval); a customer with `pm_card_visa` as default method;
* start: a subscription backdated to the (shifted) start date; localstripe
  bills the first period at once;
* plan or seat change: a subscription update with the legacy `prorate` and
  `proration_date` parameters, then, when the policy bills now and the update
  left pending items, `POST /v1/invoices` (and pay it) to bill them;
* cancel: `DELETE` (immediately, with `prorate`/`invoice_now`) or
  `cancel_at_period_end`;
* a retried event id is sent again with the same idempotency key, as a client
  retry would be.

localstripe stamps what it creates with the real clock. Each object is tied
to the event that created it (invoices by id, invoice items by listing them
after the event), and its real-clock stamps are replaced by that event's
shifted instant, so the normalised documents carry the scenario's dates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import stripe

from harness.adapters import stripe_common
from harness.adapters.errors import NotApplicable
from harness.adapters.localstripe.timeline import Timeline
from harness.model import (
    Bill,
    Cancel,
    ChangePlan,
    ChangeQuantity,
    Effective,
    Event,
    Outcome,
    Scenario,
)

PLAN_PREFIX = "prorata-"


def vendor_id(plan_id: str) -> str:
    return PLAN_PREFIX + plan_id


@dataclass
class Replay:
    client: stripe.StripeClient
    scenario: Scenario
    timeline: Timeline
    #: real-clock stamps are at or after this Unix time (shifted ones are days older)
    real_floor: int
    plan_ids: dict[str, str] = field(default_factory=dict)  # vendor id -> pack id
    invoices: list[tuple[str, int, str]] = field(default_factory=list)  # (id, shifted ts, reason)
    item_stamps: dict[str, int] = field(default_factory=dict)  # invoice item id -> shifted ts
    customer: str = ""
    subscription: str = ""
    item_id: str = ""
    plan: str = ""
    quantity: int = 1
    latest_invoice: str | None = None

    # ---------------------------------------------------------------- setup

    def run(self) -> Outcome:
        scenario = self.scenario
        if len(scenario.start.items) != 1:
            raise NotApplicable("localstripe supports one item per subscription")
        if scenario.start.anchor != scenario.start.date:
            raise NotApplicable(
                "a billing anchor after the start needs a future billing_cycle_anchor, "
                "which localstripe rejects (the scenario is replayed in the past)"
            )
        self._create_plans()
        self._create_customer()
        self._subscribe()
        for event in scenario.events:
            self._apply(event)
        return Outcome(tuple(self._documents()))

    def _create_plans(self) -> None:
        catalog = self.scenario.pack.catalog
        wanted = [item.plan for item in self.scenario.start.items]
        wanted += [e.action.to for e in self.scenario.events if isinstance(e.action, ChangePlan)]
        for plan_id in dict.fromkeys(wanted):
            plan = catalog[plan_id]
            if plan.metered:
                raise NotApplicable(f"plan {plan_id!r} is metered; localstripe records no usage")
            self.client.v1.plans.create(
                {
                    "id": vendor_id(plan_id),
                    "amount": stripe_common.to_minor_units(plan.amount, plan.currency),
                    "currency": plan.currency.lower(),
                    "interval": plan.interval.unit.value,
                    "interval_count": plan.interval.count,
                    "product": {"name": plan.name},
                    "metadata": {stripe_common.PLAN_METADATA_KEY: plan_id},
                }
            )
            self.plan_ids[vendor_id(plan_id)] = plan_id

    def _create_customer(self) -> None:
        customer = self.client.v1.customers.create(
            {"payment_method": "pm_card_visa", "description": f"prorata {self.scenario.id}"}
        )
        methods = self.client.v1.payment_methods.list({"customer": customer.id, "type": "card"})
        self.client.v1.customers.update(
            customer.id, {"invoice_settings": {"default_payment_method": methods.data[0].id}}
        )
        self.customer = customer.id

    def _subscribe(self) -> None:
        item = self.scenario.start.items[0]
        at = self._start_instant()
        subscription = self.client.v1.subscriptions.create(
            {
                "customer": self.customer,
                "items": [{"plan": vendor_id(item.plan), "quantity": item.quantity}],
                "backdate_start_date": self.timeline.to_backend(at),
            }
        )
        self.subscription = subscription.id
        self._follow(subscription)
        self.plan, self.quantity = item.plan, item.quantity
        self.latest_invoice = subscription.latest_invoice
        if subscription.latest_invoice:
            self.invoices.append((subscription.latest_invoice, self.timeline.to_backend(at), "signup"))

    def _start_instant(self) -> datetime:
        """00:00 of the start date in the pack's time zone (a bare date's meaning)."""
        zone = ZoneInfo(self.scenario.pack.timezone)
        return datetime.combine(self.scenario.start.date, time(0), tzinfo=zone)

    def _follow(self, subscription: Any) -> None:
        self.item_id = subscription["items"].data[0].id

    # ---------------------------------------------------------------- events

    def _apply(self, event: Event) -> None:
        action = event.action
        if isinstance(action, ChangePlan):
            self._change(event, action.to, self.quantity)
        elif isinstance(action, ChangeQuantity):
            self._change(event, self.plan, action.to)
        elif isinstance(action, Cancel):
            self._cancel(event, action)
        else:
            raise NotApplicable(f"localstripe cannot express {event.name}")

    def _row(self, plan_id: str, quantity: int) -> tuple[str, Any]:
        """The policy row that governs a change, classified like the reference
        semantics (docs/semantics.md, Events)."""
        catalog, policy = self.scenario.pack.catalog, self.scenario.policy
        old, new = catalog[self.plan], catalog[plan_id]
        if old.interval != new.interval:
            return "interval_change", policy.interval_change
        if plan_id == self.plan:
            row = "quantity_increase" if quantity > self.quantity else "quantity_decrease"
            return row, getattr(policy, row)
        if new.amount * quantity < old.amount * self.quantity:
            return "downgrade", policy.downgrade
        return "upgrade", policy.upgrade

    def _change(self, event: Event, plan_id: str, quantity: int) -> None:
        if plan_id == self.plan and quantity == self.quantity:
            return  # nothing changes: the reference posts nothing either
        name, rule = self._row(plan_id, quantity)
        if rule.effective is not Effective.IMMEDIATELY:
            raise NotApplicable(f"{name} takes effect at the period end; localstripe cannot schedule changes")
        stamp = self.timeline.to_backend(event.at)
        subscription = self.client.v1.subscriptions.update(
            self.subscription,
            {
                "items": [{"id": self.item_id, "plan": vendor_id(plan_id), "quantity": quantity}],
                "prorate": rule.prorate,
                "proration_date": stamp,
            },
            self._options(event, "update"),
        )
        self._follow(subscription)
        self.plan, self.quantity = plan_id, quantity
        reason = f"{name} (event {event.index + 1})"
        pending = self._note_pending_items(stamp)
        if subscription.latest_invoice and subscription.latest_invoice != self.latest_invoice:
            self.latest_invoice = subscription.latest_invoice
            self.invoices.append((subscription.latest_invoice, stamp, reason))  # localstripe invoiced by itself
        elif getattr(rule, "bill", Bill.NOW) is Bill.NOW and pending:
            invoice = self.client.v1.invoices.create(
                {"customer": self.customer, "subscription": self.subscription}, self._options(event, "invoice")
            )
            self.client.v1.invoices.pay(invoice.id)
            self.latest_invoice = invoice.id
            self.invoices.append((invoice.id, stamp, reason))

    def _cancel(self, event: Event, action: Cancel) -> None:
        rule = self.scenario.policy.cancel
        effective = action.effective or rule.effective
        prorate = rule.prorate if action.prorate is None else action.prorate
        stamp = self.timeline.to_backend(event.at)
        if effective is Effective.IMMEDIATELY:
            self.client.v1.subscriptions.cancel(
                self.subscription, {"prorate": prorate, "invoice_now": prorate}, self._options(event, "cancel")
            )
        else:
            self.client.v1.subscriptions.update(
                self.subscription, {"cancel_at_period_end": True}, self._options(event, "cancel")
            )
        self._note_pending_items(stamp)

    def _options(self, event: Event, step: str) -> dict:
        """A retried event id reuses its idempotency key, as a client retry would."""
        if event.id is None:
            return {}
        return {"idempotency_key": f"{self.customer}-{event.id}-{step}"}

    def _note_pending_items(self, stamp: int) -> list[str]:
        """Tie the invoice items the last call created to its event instant."""
        items = self.client.v1.invoice_items.list({"customer": self.customer, "limit": 100})
        new = [item.id for item in items.data if item.id not in self.item_stamps]
        for item_id in new:
            self.item_stamps[item_id] = stamp
        return [item.id for item in items.data]

    # ---------------------------------------------------------------- documents

    def _documents(self):
        for invoice_id, stamp, reason in self.invoices:
            invoice = self.client.v1.invoices.retrieve(invoice_id).to_dict()
            lines = invoice.get("lines") or {}
            if lines.get("has_more"):
                listed = self.client.v1.invoices.line_items.list(invoice_id, {"limit": 100}).to_dict()
                invoice["lines"] = {"data": listed["data"], "has_more": False}
            yield stripe_common.invoice_to_document(
                self._restamp(invoice, stamp),
                timezone=self.scenario.pack.timezone,
                plan_ids=self.plan_ids,
                shift=self.timeline.years,
                reason=reason,
            )

    def _restamp(self, invoice: dict, stamp: int) -> dict:
        """Replace localstripe's real-clock stamps by the instant of the event
        that created each object (the invoice, or the line's invoice item)."""
        invoice = dict(invoice, created=stamp)
        lines = []
        for line in invoice["lines"]["data"]:
            period = dict(line["period"])
            own = self.item_stamps.get(line.get("invoice_item") or "", stamp)
            for key in ("start", "end"):
                if period[key] >= self.real_floor:
                    period[key] = own
            lines.append(dict(line, period=period))
        invoice["lines"] = dict(invoice["lines"], data=lines)
        return invoice
