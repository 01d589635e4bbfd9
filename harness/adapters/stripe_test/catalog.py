"""The pack's plans as Stripe prices, created once and reused by later runs.

A price is found again by its lookup key, which is derived from everything
that makes it what it is (plan id, name, currency, amount, interval): a run
after a catalog edit gets a new price instead of billing at the old one. The
create request carries an Idempotency-Key derived from the same lookup key,
so two processes, or a retry after a lost answer, never make two prices.

Catalog objects are shared by runs, so they are tagged `prorata=catalog`
(not with a run id: an idempotent request must repeat its parameters
exactly) and removed only by `clean()`."""

from __future__ import annotations

import hashlib
import secrets
import threading
from decimal import Decimal

from harness.adapters.errors import NotApplicable
from harness.adapters.stripe_test.api import Api
from harness.model import Plan, minor_units

TAG = {"prorata": "catalog"}


def unit_amount(plan: Plan) -> int:
    """The plan's price in minor units; Stripe prices are whole minor units."""
    scaled = Decimal(plan.amount) * 10 ** minor_units(plan.currency)
    if scaled != scaled.to_integral_value():
        raise NotApplicable(f"plan {plan.id!r} costs {plan.amount} {plan.currency}, finer than Stripe's minor unit")
    return int(scaled)


def lookup_key(plan: Plan) -> str:
    identity = f"{plan.id}|{plan.name}|{plan.currency.lower()}|{unit_amount(plan)}|{plan.interval.unit.value}|{plan.interval.count}"
    return f"prorata-{plan.id}-{hashlib.sha256(identity.encode()).hexdigest()[:12]}"


class Catalog:
    """Pack plan -> Stripe price id, and back. Thread safe: workers share it."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self._lock = threading.Lock()
        self._prices: dict[str, str] = {}  # lookup key -> price id
        self.plan_of_price: dict[str, str] = {}  # price id -> pack plan id

    def price(self, plan: Plan, pack: str) -> str:
        if plan.metered:
            raise NotApplicable(f"plan {plan.id!r} is metered: usage needs Stripe Billing Meters, not driven by this adapter")
        key = lookup_key(plan)
        with self._lock:
            if key not in self._prices:
                price_id = self._find(key) or self._create(plan, key, pack)
                self._prices[key] = price_id
                self.plan_of_price[price_id] = plan.id
            return self._prices[key]

    def _find(self, key: str) -> str | None:
        found = self.api.call(
            f"the price lookup {key}", self.api.v1.prices.list,
            params={"lookup_keys": [key], "active": True, "limit": 1},
        )
        data = found.get("data") or []
        return data[0]["id"] if data else None

    def _create(self, plan: Plan, key: str, pack: str) -> str:
        params = {
            "currency": plan.currency.lower(),
            "unit_amount": unit_amount(plan),
            "recurring": {"interval": plan.interval.unit.value, "interval_count": plan.interval.count},
            "lookup_key": key,
            "transfer_lookup_key": True,
            "nickname": plan.name,
            "product_data": {"name": plan.name, "metadata": {**TAG, "prorata_plan": plan.id, "prorata_pack": pack}},
            "metadata": {**TAG, "prorata_plan": plan.id, "prorata_pack": pack},
        }
        price = self.api.call(
            f"creating the price for plan {plan.id}", self.api.v1.prices.create,
            params=params, options={"idempotency_key": f"prorata-price-{key}"},
        )
        if not price.get("active", True):
            # The idempotent replay of a price that `clean()` archived since: make a new one.
            price = self.api.call(
                f"creating the price for plan {plan.id}", self.api.v1.prices.create,
                params=params, options={"idempotency_key": f"prorata-price-{key}-{secrets.token_hex(6)}"},
            )
        return price["id"]


def clean(api: Api) -> list[str]:
    """Archive every price and product tagged as harness catalog (Stripe keeps
    prices forever; archived ones are never reused)."""
    removed = []
    for price in list(api.each("listing prices", api.v1.prices.list, params={"active": True})):
        if (price.get("metadata") or {}).get("prorata") == "catalog":
            api.call(f"archiving price {price['id']}", api.v1.prices.update, price["id"], params={"active": False})
            removed.append(f"price {price['id']} ({price.get('lookup_key') or price.get('nickname') or ''}) archived")
    for product in list(api.each("listing products", api.v1.products.list, params={"active": True})):
        if (product.get("metadata") or {}).get("prorata") == "catalog":
            api.call(f"archiving product {product['id']}", api.v1.products.update, product["id"], params={"active": False})
            removed.append(f"product {product['id']} ({product.get('name', '')}) archived")
    return removed
