"""One scenario on its own test clock: customer, subscription, events, invoices.

The calendar is Stripe's: the clock starts at the scenario's start instant,
the subscription is created at the clock's time, and the clock moves once to
each distinct event instant and then to the horizon. Each event becomes the
subscription update the policy row asks for (`proration_behavior`
`always_invoice` for "bill now", `create_prorations` for "bill with the next
invoice", `none` without proration). What Stripe issued is read back and
normalised by stripe_common; nothing here computes an amount."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any, Callable
from zoneinfo import ZoneInfo

from harness.adapters.errors import NotApplicable
from harness.adapters.stripe_common import from_minor_units, from_timestamp, invoice_to_document, pack_plan_id
from harness.adapters.stripe_test.api import Api
from harness.adapters.stripe_test.catalog import Catalog
from harness.adapters.stripe_test.clock import Clock, Timing, max_step, ts
from harness.engine import horizon
from harness.model import (
    Bill,
    Cancel,
    ChangeAnchor,
    ChangePlan,
    ChangeQuantity,
    Document,
    DocumentKind,
    Effective,
    Event,
    EventNote,
    Line,
    LineKind,
    Outcome,
    Period,
    Plan,
    Scenario,
    Usage,
)

#: How far past a renewal the clock moves so Stripe finalises its draft
#: invoice (Stripe does it about an hour after the renewal).
SETTLE = timedelta(hours=1, minutes=5)
CLOCK_PREFIX = "prorata "


@dataclass
class _Item:
    id: str  # the subscription item
    plan: Plan
    quantity: int


@dataclass
class Session:
    api: Api
    catalog: Catalog
    scenario: Scenario
    run_id: str
    timing: Timing
    on_clock: Callable[[Clock | None], None] = lambda clock: None  # tells the adapter what to delete
    billing_mode: str | None = None
    clock: Clock | None = None
    subscription: str = ""
    items: list[_Item] = field(default_factory=list)
    notes: list[EventNote] = field(default_factory=list)
    pending: bool = False  # proration items waiting for the next invoice

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.scenario.pack.timezone)

    @property
    def tags(self) -> dict[str, str]:
        return {"prorata_run": self.run_id, "prorata_scenario": self.scenario.id[:500]}

    def _plan(self, plan_id: str) -> Plan:
        return self.scenario.pack.catalog[plan_id]

    # ------------------------------------------------------------------ run

    def check(self) -> None:
        """Everything Stripe cannot express, found before any request."""
        for event in self.scenario.events:
            self._request(event, dry=True)

    def run(self) -> Outcome:
        """Create, drive and read back; the caller deletes the clock."""
        scenario = self.scenario
        plans = [self._plan(item.plan) for item in scenario.start.items]
        plans += [self._plan(e.action.to) for e in scenario.events if isinstance(e.action, ChangePlan)]
        prices = {plan.id: self.catalog.price(plan, scenario.pack.name) for plan in plans}
        start = datetime.combine(scenario.start.date, time(), self.tz)
        anchor = datetime.combine(scenario.start.anchor, time(), self.tz)
        name = f"{CLOCK_PREFIX}{self.run_id} {scenario.id}"
        self.clock = Clock.create(self.api, start, name, max_step([p.interval for p in plans]), self.timing)
        self.on_clock(self.clock)
        customer = self.api.call("creating the customer", self.api.v1.customers.create, params={
            "name": f"prorata {scenario.id}"[:256],
            "test_clock": self.clock.id,
            "payment_method": "pm_card_visa",
            "invoice_settings": {"default_payment_method": "pm_card_visa"},
            "metadata": self.tags,
        })
        self._subscribe(customer["id"], prices, start, anchor)
        instants = sorted({event.at for event in scenario.events})
        for instant in instants:
            self.clock.advance_to(instant)
            for event in (e for e in scenario.events if e.at == instant):
                self._apply(event)
        end = horizon(scenario) or (instants[-1] if instants else start)
        self.clock.advance_to(end)
        invoices = self._invoices(customer["id"])
        if any(inv["status"] == "draft" and inv["created"] < ts(end) for inv in invoices):
            self.clock.advance_to(datetime.fromtimestamp(self.clock.now, self.tz) + SETTLE)
            invoices = self._invoices(customer["id"])
        notes = self._credit_notes(customer["id"], invoices)
        documents = [self._invoice(invoice) for invoice in invoices if invoice["status"] != "void"] + notes
        documents = [doc for doc in documents if doc.date < end]
        documents.sort(key=lambda doc: (doc.date, doc.kind is DocumentKind.CREDIT_NOTE))
        return Outcome(tuple(documents), tuple(self.notes))

    def _subscribe(self, customer: str, prices: dict[str, str], start: datetime, anchor: datetime) -> None:
        params: dict[str, Any] = {
            "customer": customer,
            "items": [{"price": prices[item.plan], "quantity": item.quantity} for item in self.scenario.start.items],
            "metadata": self.tags,
        }
        if anchor > start:
            params["billing_cycle_anchor"] = ts(anchor)
            params["proration_behavior"] = "create_prorations" if self.scenario.policy.signup.prorate else "none"
        if self.billing_mode:
            params["billing_mode"] = {"type": self.billing_mode}
        subscription = self.api.call("creating the subscription", self.api.v1.subscriptions.create, params=params)
        self.subscription = subscription["id"]
        by_price = {item["price"]["id"]: item["id"] for item in subscription["items"]["data"]}
        for item in self.scenario.start.items:
            self.items.append(_Item(by_price[prices[item.plan]], self._plan(item.plan), item.quantity))

    # --------------------------------------------------------------- events

    def _apply(self, event: Event) -> None:
        method, params, effect = self._request(event)
        options = {}
        if event.id is not None:
            digest = hashlib.sha256(f"{self.run_id}|{self.scenario.id}|{event.id}".encode()).hexdigest()[:32]
            options["idempotency_key"] = f"prorata-event-{digest}"
        what = f"event {event.index + 1} ({event.name} at {event.at.isoformat()})"
        if method == "cancel":
            self.api.call(what, self.api.v1.subscriptions.cancel, self.subscription, params=params)
        else:
            self.api.call(what, self.api.v1.subscriptions.update, self.subscription, params=params, options=options)
        effect()

    def _request(self, event: Event, dry: bool = False) -> tuple[str, dict, Callable[[], None]]:
        """The call an event becomes: ("update" | "cancel", params, what to remember after it)."""
        action, policy = event.action, self.scenario.policy
        if isinstance(action, Usage):
            raise NotApplicable("usage needs Stripe Billing Meters, which this adapter does not drive")
        if isinstance(action, Cancel):
            effective = action.effective or policy.cancel.effective
            prorate = policy.cancel.prorate if action.prorate is None else action.prorate
            if effective is Effective.END_OF_PERIOD:
                return "update", {"cancel_at_period_end": True}, lambda: None
            if effective is not Effective.IMMEDIATELY:
                raise NotApplicable(f"Stripe cancels at once or at the period end, not {effective.value}")
            params = {"prorate": True, "invoice_now": True} if prorate else ({"invoice_now": True} if self.pending else {})
            return "cancel", params, lambda: None
        if isinstance(action, ChangeAnchor):
            moment = datetime.combine(action.to, time(), self.tz)
            if moment != event.at:
                raise NotApplicable(
                    f"Stripe can only restart the billing cycle at the moment of the change (billing_cycle_anchor=now); "
                    f"this scenario moves the anchor to {action.to} at {event.at.isoformat()}"
                )
            behavior = "create_prorations" if policy.change_anchor.prorate else "none"
            return "update", {"billing_cycle_anchor": "now", "proration_behavior": behavior}, lambda: None
        if dry:
            return "update", {}, lambda: None  # item changes depend on the state reached; checked by capabilities
        item = self._item(action.item)
        if isinstance(action, ChangePlan):
            new = self._plan(action.to)
            if new.interval != item.plan.interval:
                rule = policy.interval_change
                behavior = "always_invoice" if rule.prorate else "none"
            else:
                up = new.amount >= item.plan.amount
                rule = policy.upgrade if up else policy.downgrade
                behavior = self._behavior(rule, "upgrade" if up else "downgrade")
            change = {"id": item.id, "price": self.catalog.price(new, self.scenario.pack.name)}
            after = lambda: setattr(item, "plan", new)  # noqa: E731
        else:
            assert isinstance(action, ChangeQuantity)
            up = action.to >= item.quantity
            rule = policy.quantity_increase if up else policy.quantity_decrease
            behavior = self._behavior(rule, "quantity_increase" if up else "quantity_decrease")
            change = {"id": item.id, "quantity": action.to}
            after = lambda: setattr(item, "quantity", action.to)  # noqa: E731
        if rule.effective is not Effective.IMMEDIATELY:
            raise NotApplicable(f"a change effective {rule.effective.value} needs a subscription schedule, not created here")

        def effect() -> None:
            after()
            self.pending = self.pending or behavior == "create_prorations"

        return "update", {"items": [change], "proration_behavior": behavior}, effect

    @staticmethod
    def _behavior(rule, name: str) -> str:
        if not rule.prorate:
            return "none"
        return "always_invoice" if rule.bill is Bill.NOW else "create_prorations"

    def _item(self, plan_id: str | None) -> _Item:
        licensed = [item for item in self.items if not item.plan.metered]
        matches = [item for item in licensed if plan_id is None or item.plan.id == plan_id]
        if len(matches) != 1:
            raise NotApplicable(f"cannot tell which subscription item {plan_id or 'the event'} means")
        return matches[0]

    # ------------------------------------------------------------ documents

    def _invoices(self, customer: str) -> list[dict]:
        invoices = list(self.api.each("listing invoices", self.api.v1.invoices.list, params={"customer": customer}))
        for invoice in invoices:
            lines = invoice.get("lines") or {}
            if lines.get("has_more"):
                data = list(self.api.each(
                    f"listing the lines of invoice {invoice['id']}", self.api.v1.invoices.line_items.list, invoice["id"]
                ))
                invoice["lines"] = {"object": "list", "data": data, "has_more": False}
        invoices.sort(key=lambda inv: (inv["created"], inv.get("number") or "~", inv["id"]))
        return invoices

    def _price(self, price_id: str) -> dict:
        """The price as an expanded object, from the catalog, so stripe_common
        can tell a whole period from a partial one."""
        if price_id not in self.catalog.plan_of_price:
            return {"id": price_id}
        plan = self._plan(self.catalog.plan_of_price[price_id])
        return {"id": price_id, "metadata": {"prorata_plan": plan.id},
                "recurring": {"interval": plan.interval.unit.value, "interval_count": plan.interval.count}}

    def _invoice(self, invoice: dict) -> Document:
        for line in (invoice.get("lines") or {}).get("data", []):
            details = (line.get("pricing") or {}).get("price_details") or {}
            if isinstance(details.get("price"), str):
                details["price"] = self._price(details["price"])
        return invoice_to_document(
            invoice, timezone=self.scenario.pack.timezone, plan_ids=self.catalog.plan_of_price,
            reason=invoice.get("billing_reason") or "",
        )

    def _credit_notes(self, customer: str, invoices: list[dict]) -> list[Document]:
        """Stripe issues credit notes only when asked; listed so none goes unseen.
        A credit note line takes the period and plan of the invoice line it credits."""
        tz = self.scenario.pack.timezone
        lines = {line["id"]: line for inv in invoices for line in (inv.get("lines") or {}).get("data", [])}
        documents = []
        for note in self.api.each("listing credit notes", self.api.v1.credit_notes.list, params={"customer": customer}):
            created = from_timestamp(note["created"], tz)
            out = []
            for line in (note.get("lines") or {}).get("data", []):
                source = lines.get(line.get("invoice_line_item") or "")
                if source is not None:
                    period = Period(from_timestamp(source["period"]["start"], tz), from_timestamp(source["period"]["end"], tz))
                    plan = pack_plan_id(source, self.catalog.plan_of_price)
                else:
                    period, plan = Period(created, created), None
                quantity = line.get("quantity")
                out.append(Line(LineKind.ADJUSTMENT if source is None else LineKind.PRORATION_CREDIT,
                                -from_minor_units(line["amount"], note["currency"]), period, plan,
                                None if quantity is None else Decimal(int(quantity)),
                                line.get("description")))
            documents.append(Document(DocumentKind.CREDIT_NOTE, created, note["currency"].upper(), tuple(out),
                                      note.get("number") or note["id"], note.get("reason") or "",
                                      -from_minor_units(note["total"], note["currency"])))
        return documents
