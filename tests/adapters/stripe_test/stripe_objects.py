"""Stripe API objects as Stripe returns them (API 2025+ shape: invoice lines
name their price under `pricing.price_details` and say whether they are a
proration under `parent`), and the scripts of whole scenarios built from them.

Amounts are what Stripe computes for these cases: proration to the second
over the period, so Apr 16 00:00 in a 30-day April is exactly 15/30."""

from __future__ import annotations

from datetime import datetime, timezone

from harness.adapters.stripe_test.catalog import lookup_key, unit_amount
from harness.model import Plan
from tests.adapters.stripe_test.transport import Step

RUN = "run1"


def ts(year: int, month: int, day: int, hour: int = 0) -> int:
    return int(datetime(year, month, day, hour, tzinfo=timezone.utc).timestamp())


def listing(url: str, data: list, has_more: bool = False) -> dict:
    return {"object": "list", "url": url, "has_more": has_more, "data": data}


def clock(cid: str, frozen: int, status: str = "ready", name: str = "") -> dict:
    return {"id": cid, "object": "test_helpers.test_clock", "created": 1700000000, "deletes_after": 1700604800,
            "frozen_time": frozen, "livemode": False, "name": name, "status": status}


def price(pid: str, plan: Plan) -> dict:
    return {"id": pid, "object": "price", "active": True, "currency": plan.currency.lower(),
            "unit_amount": unit_amount(plan), "lookup_key": lookup_key(plan), "nickname": plan.name,
            "product": f"prod_{plan.id}", "type": "recurring", "livemode": False,
            "recurring": {"interval": plan.interval.unit.value, "interval_count": plan.interval.count,
                          "usage_type": "licensed"},
            "metadata": {"prorata": "catalog", "prorata_plan": plan.id, "prorata_pack": "core"}}


def subscription(sid: str, customer: str, items: list[tuple[str, str, int]], status: str = "active") -> dict:
    return {"id": sid, "object": "subscription", "customer": customer, "status": status,
            "items": listing(f"/v1/subscription_items?subscription={sid}", [
                {"id": si, "object": "subscription_item", "price": {"id": pid, "object": "price"}, "quantity": qty}
                for si, pid, qty in items
            ])}


def line(lid: str, amount: int, description: str, start: int, end: int, price_id: str, *,
         proration: bool = False, quantity: int = 1, si: str = "si_1", sub: str = "sub_1") -> dict:
    if proration:
        parent = {"type": "invoice_item_details", "invoice_item_details": {
            "invoice_item": f"ii_{lid}", "proration": True, "proration_details": {"credited_items": None},
            "subscription": sub}, "subscription_item_details": None}
    else:
        parent = {"type": "subscription_item_details", "invoice_item_details": None, "subscription_item_details": {
            "invoice_item": None, "proration": False, "proration_details": {"credited_items": None},
            "subscription": sub, "subscription_item": si}}
    return {"id": lid, "object": "line_item", "amount": amount, "currency": "usd", "description": description,
            "livemode": False, "metadata": {}, "parent": parent, "period": {"start": start, "end": end},
            "pricing": {"type": "price_details", "price_details": {"price": price_id, "product": "prod_x"},
                        "unit_amount_decimal": None},
            "quantity": quantity, "subtotal": amount, "taxes": []}


def invoice(iid: str, number: str | None, created: int, lines: list[dict], reason: str,
            status: str = "paid", customer: str = "cus_1") -> dict:
    total = sum(item["amount"] for item in lines)
    return {"id": iid, "object": "invoice", "number": number, "created": created, "currency": "usd",
            "customer": customer, "status": status, "billing_reason": reason, "total": total, "subtotal": total,
            "amount_due": max(total, 0), "livemode": False,
            "lines": listing(f"/v1/invoices/{iid}/lines", lines)}


# ------------------------------------------------------------ requests


def catalog_steps(plan: Plan, pid: str) -> list[Step]:
    key = lookup_key(plan)
    return [
        Step("GET", "/v1/prices", {"lookup_keys[0]": key, "active": "true", "limit": "1"}, listing("/v1/prices", [])),
        Step("POST", "/v1/prices", {
            "currency": plan.currency.lower(), "unit_amount": str(unit_amount(plan)),
            "recurring[interval]": plan.interval.unit.value, "recurring[interval_count]": str(plan.interval.count),
            "lookup_key": key, "transfer_lookup_key": "true", "nickname": plan.name,
            "product_data[name]": plan.name, "product_data[metadata][prorata]": "catalog",
            "product_data[metadata][prorata_plan]": plan.id, "product_data[metadata][prorata_pack]": "core",
            "metadata[prorata]": "catalog", "metadata[prorata_plan]": plan.id, "metadata[prorata_pack]": "core",
        }, price(pid, plan), idempotency_key=f"prorata-price-{key}"),
    ]


def setup_steps(scenario_id: str, n: int, start: int, items: list[tuple[str, int]], *, extra: dict | None = None
                ) -> list[Step]:
    """Clock, customer and subscription number `n` (ids clock_n, cus_n, sub_n, si_n...)."""
    cid, cus, sub = f"clock_{n}", f"cus_{n}", f"sub_{n}"
    tags = {"metadata[prorata_run]": RUN, "metadata[prorata_scenario]": scenario_id}
    sub_params = {"customer": cus, **tags}
    for index, (pid, qty) in enumerate(items):
        sub_params[f"items[{index}][price]"] = pid
        sub_params[f"items[{index}][quantity]"] = str(qty)
    sub_params.update(extra or {})
    return [
        Step("POST", "/v1/test_helpers/test_clocks", {"frozen_time": str(start), "name": f"prorata {RUN} {scenario_id}"},
             clock(cid, start, name=f"prorata {RUN} {scenario_id}")),
        Step("POST", "/v1/customers", {
            "name": f"prorata {scenario_id}", "test_clock": cid, "payment_method": "pm_card_visa",
            "invoice_settings[default_payment_method]": "pm_card_visa", **tags,
        }, {"id": cus, "object": "customer", "test_clock": cid, "metadata": {}}),
        Step("POST", "/v1/subscriptions", sub_params,
             subscription(sub, cus, [(f"si_{n}{i}", pid, qty) for i, (pid, qty) in enumerate(items)])),
    ]


def advance_steps(n: int, to: int, polls: int = 1) -> list[Step]:
    cid = f"clock_{n}"
    steps = [Step("POST", f"/v1/test_helpers/test_clocks/{cid}/advance", {"frozen_time": str(to)},
                  clock(cid, to, "advancing"))]
    steps += [Step("GET", f"/v1/test_helpers/test_clocks/{cid}", {}, clock(cid, to, "advancing"))] * (polls - 1)
    steps.append(Step("GET", f"/v1/test_helpers/test_clocks/{cid}", {}, clock(cid, to, "ready")))
    return steps


def closing_steps(n: int, invoices: list[dict]) -> list[Step]:
    cus, cid = f"cus_{n}", f"clock_{n}"
    return [
        Step("GET", "/v1/invoices", {"customer": cus, "limit": "100"}, listing("/v1/invoices", invoices)),
        Step("GET", "/v1/credit_notes", {"customer": cus, "limit": "100"}, listing("/v1/credit_notes", [])),
        Step("DELETE", f"/v1/test_helpers/test_clocks/{cid}", {},
             {"id": cid, "object": "test_helpers.test_clock", "deleted": True}),
    ]
