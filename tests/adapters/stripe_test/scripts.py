"""Three core-pack scenarios as the exact conversation with Stripe, and the
documents Stripe's answers become."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

from harness.model import Document, DocumentKind, Line, LineKind, Period
from tests.adapters.stripe_test.stripe_objects import (
    advance_steps,
    closing_steps,
    invoice,
    line,
    setup_steps,
    ts,
)
from tests.adapters.stripe_test.transport import Step


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def doc(date: datetime, lines: list[Line], number: str, reason: str, total: str) -> Document:
    return Document(DocumentKind.INVOICE, date, "USD", tuple(lines), number, reason, Decimal(total))


# --- signup-plain-first-period: Pro from Mar 1, horizon Apr 1 (the renewal there is not shown)

def signup(n: int) -> list[Step]:
    invoices = [
        invoice(f"in_{n}b", None, ts(2026, 4, 1), [
            line(f"il_{n}b", 3000, "1 × Pro (at $30.00 / month)", ts(2026, 4, 1), ts(2026, 5, 1), "price_pro",
                 si=f"si_{n}0", sub=f"sub_{n}"),
        ], "subscription_cycle", status="draft", customer=f"cus_{n}"),
        invoice(f"in_{n}a", f"C{n}-0001", ts(2026, 3, 1), [
            line(f"il_{n}a", 3000, "1 × Pro (at $30.00 / month)", ts(2026, 3, 1), ts(2026, 4, 1), "price_pro",
                 si=f"si_{n}0", sub=f"sub_{n}"),
        ], "subscription_create", customer=f"cus_{n}"),
    ]
    return [
        *setup_steps("signup-plain-first-period", n, ts(2026, 3, 1), [("price_pro", 1)]),
        *advance_steps(n, ts(2026, 4, 1)),
        *closing_steps(n, invoices),
    ]


def signup_documents(n: int) -> list[Document]:
    return [doc(utc(2026, 3, 1), [
        Line(LineKind.RECURRING, Decimal("30.00"), Period(utc(2026, 3, 1), utc(2026, 4, 1)), "pro", Decimal(1),
             "1 × Pro (at $30.00 / month)"),
    ], f"C{n}-0001", "subscription_create", "30.00")]


# --- upgrade-halfway: Basic from Apr 1, upgrade to Pro on Apr 16 billed at once

def upgrade(n: int, *, fail_update: bool = False) -> list[Step]:
    update = Step("POST", f"/v1/subscriptions/sub_{n}", {
        "items[0][id]": f"si_{n}0", "items[0][price]": "price_pro", "proration_behavior": "always_invoice",
    }, {"id": f"sub_{n}", "object": "subscription", "status": "active"})
    if fail_update:
        update.response = {"error": {"type": "api_error", "message": "An unknown error occurred"}}
        update.status = 500
        return [
            *setup_steps("upgrade-halfway", n, ts(2026, 4, 1), [("price_basic", 1)]),
            *advance_steps(n, ts(2026, 4, 16)),
            update,
            Step("DELETE", f"/v1/test_helpers/test_clocks/clock_{n}", {},
                 {"id": f"clock_{n}", "object": "test_helpers.test_clock", "deleted": True}),
        ]
    invoices = [
        invoice(f"in_{n}c", None, ts(2026, 5, 1), [
            line(f"il_{n}c", 3000, "1 × Pro (at $30.00 / month)", ts(2026, 5, 1), ts(2026, 6, 1), "price_pro",
                 si=f"si_{n}0", sub=f"sub_{n}"),
        ], "subscription_cycle", status="draft", customer=f"cus_{n}"),
        invoice(f"in_{n}b", f"U{n}-0002", ts(2026, 4, 16), [
            line(f"il_{n}b1", -500, "Unused time on Basic after 16 Apr 2026", ts(2026, 4, 16), ts(2026, 5, 1),
                 "price_basic", proration=True, si=f"si_{n}0", sub=f"sub_{n}"),
            line(f"il_{n}b2", 1500, "Remaining time on Pro after 16 Apr 2026", ts(2026, 4, 16), ts(2026, 5, 1),
                 "price_pro", proration=True, si=f"si_{n}0", sub=f"sub_{n}"),
        ], "subscription_update", customer=f"cus_{n}"),
        invoice(f"in_{n}a", f"U{n}-0001", ts(2026, 4, 1), [
            line(f"il_{n}a", 1000, "1 × Basic (at $10.00 / month)", ts(2026, 4, 1), ts(2026, 5, 1), "price_basic",
                 si=f"si_{n}0", sub=f"sub_{n}"),
        ], "subscription_create", customer=f"cus_{n}"),
    ]
    return [
        *setup_steps("upgrade-halfway", n, ts(2026, 4, 1), [("price_basic", 1)]),
        *advance_steps(n, ts(2026, 4, 16)),
        update,
        *advance_steps(n, ts(2026, 5, 1), polls=2),
        *closing_steps(n, invoices),
    ]


def upgrade_documents(n: int) -> list[Document]:
    period = Period(utc(2026, 4, 16), utc(2026, 5, 1))
    return [
        doc(utc(2026, 4, 1), [
            Line(LineKind.RECURRING, Decimal("10.00"), Period(utc(2026, 4, 1), utc(2026, 5, 1)), "basic", Decimal(1),
                 "1 × Basic (at $10.00 / month)"),
        ], f"U{n}-0001", "subscription_create", "10.00"),
        doc(utc(2026, 4, 16), [
            Line(LineKind.PRORATION_CREDIT, Decimal("-5.00"), period, "basic", Decimal(1),
                 "Unused time on Basic after 16 Apr 2026"),
            Line(LineKind.PRORATION_CHARGE, Decimal("15.00"), period, "pro", Decimal(1),
                 "Remaining time on Pro after 16 Apr 2026"),
        ], f"U{n}-0002", "subscription_update", "10.00"),
    ]


# --- cancel-end-of-period: Basic from Apr 1, cancelled on Apr 10 for the period end; until Jun 1

def cancel(n: int) -> list[Step]:
    invoices = [
        invoice(f"in_{n}a", f"X{n}-0001", ts(2026, 4, 1), [
            line(f"il_{n}a", 1000, "1 × Basic (at $10.00 / month)", ts(2026, 4, 1), ts(2026, 5, 1), "price_basic",
                 si=f"si_{n}0", sub=f"sub_{n}"),
        ], "subscription_create", customer=f"cus_{n}"),
    ]
    return [
        *setup_steps("cancel-end-of-period", n, ts(2026, 4, 1), [("price_basic", 1)]),
        *advance_steps(n, ts(2026, 4, 10)),
        Step("POST", f"/v1/subscriptions/sub_{n}", {"cancel_at_period_end": "true"},
             {"id": f"sub_{n}", "object": "subscription", "status": "active", "cancel_at_period_end": True}),
        *advance_steps(n, ts(2026, 6, 1)),
        *closing_steps(n, invoices),
    ]


def cancel_documents(n: int) -> list[Document]:
    return [doc(utc(2026, 4, 1), [
        Line(LineKind.RECURRING, Decimal("10.00"), Period(utc(2026, 4, 1), utc(2026, 5, 1)), "basic", Decimal(1),
             "1 × Basic (at $10.00 / month)"),
    ], f"X{n}-0001", "subscription_create", "10.00")]
