"""Small hand-written exports the reconciliation tests share (the README's
upgrade-halfway case and a plain signup), in the harness and Stripe formats."""

from __future__ import annotations

import csv
from datetime import datetime, timezone
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "scenario_packs" / "core"

EVENTS = [
    ("sub_up", "cus_1", "2026-04-01", "signup", "basic", "1"),
    ("sub_up", "cus_1", "2026-04-16", "change_plan", "pro", ""),
    ("sub_plain", "cus_2", "2026-04-01", "signup", "pro", "2"),
]
LINES = [
    ("sub_up", "in_1", "2026-04-01", "recurring", "basic", "2026-04-01", "2026-05-01", "10.00", "USD"),
    ("sub_up", "in_2", "2026-04-16", "proration_credit", "basic", "2026-04-16", "2026-05-01", "-5.00", "USD"),
    ("sub_up", "in_2", "2026-04-16", "proration_charge", "pro", "2026-04-16", "2026-05-01", "15.00", "USD"),
    ("sub_plain", "in_3", "2026-04-01", "recurring", "pro", "2026-04-01", "2026-05-01", "60.00", "USD"),
]
EVENT_HEADER = ("subscription_id", "customer_id", "at", "event", "plan", "quantity")
LINE_HEADER = ("subscription_id", "invoice_id", "date", "kind", "plan", "period_start", "period_end", "amount",
               "currency")


def write(path: Path, header, rows) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def harness_exports(folder: Path, lines=LINES, events=EVENTS) -> tuple[Path, Path]:
    return write(folder / "events.csv", EVENT_HEADER, events), write(folder / "lines.csv", LINE_HEADER, lines)


def _unix(day: str) -> int:
    return int(datetime.fromisoformat(day).replace(tzinfo=timezone.utc).timestamp())


def stripe_exports(folder: Path) -> tuple[Path, Path]:
    """The same subscriptions as Stripe exports them: minor units, Unix seconds, a proration flag."""
    types = {"signup": "customer.subscription.created", "change_plan": "customer.subscription.updated"}
    quantities = {}
    events = []
    for sub, customer, day, kind, plan, quantity in EVENTS:
        quantities[sub] = quantity or quantities[sub]
        events.append((f"evt_{len(events)}", types[kind], _unix(day), sub, customer, f"price_{plan}", quantities[sub]))
    lines = [(f"il_{n}", invoice, sub, int(amount.replace(".", "")),
              currency.lower(), _unix(start), _unix(end), "true" if kind.startswith("proration") else "false",
              f"price_{plan}", _unix(day))
             for n, (sub, invoice, day, kind, plan, start, end, amount, currency) in enumerate(LINES)]
    return (write(folder / "events.csv", ("id", "type", "created", "subscription", "customer", "price", "quantity"),
                  events),
            write(folder / "lines.csv", ("id", "invoice", "subscription", "amount", "currency", "period_start",
                                         "period_end", "proration", "price", "invoice_created"), lines))
