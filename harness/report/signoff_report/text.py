"""The few words the report writes itself: money, start states, events.

Amounts use the comparison's own text (`compare.text.amount_text`): at least
the currency's minor units, more only when an amount really has them, so a
report never rounds away a fraction a backend posted."""

from __future__ import annotations

from decimal import Decimal
from zoneinfo import ZoneInfo

from harness.compare.text import amount_text, instant_text
from harness.model import Event, Scenario, minor_units
from harness.render.explain import describe_event


def money(amount: Decimal, currency: str) -> str:
    """`1216.73`, `1467` (JPY), `14.564` (KWD)."""
    return amount_text(amount, minor_units(currency))


def signed_money(amount: Decimal, currency: str) -> str:
    """A delta: `+0.01`, `-0.01`, `0.00`."""
    text = money(amount, currency)
    return f"+{text}" if amount > 0 else text


def start_text(scenario: Scenario) -> str:
    start = scenario.start
    items = ", ".join(item.plan if item.quantity == 1 else f"{item.plan} x {item.quantity}" for item in start.items)
    text = f"{start.date.isoformat()}: {items}"
    if start.anchor != start.date:
        text += f", billing date {start.anchor.isoformat()}"
    if scenario.until is not None:
        text += f"; observed until {instant_text(scenario.until, ZoneInfo(scenario.pack.timezone))}"
    return text


def event_text(scenario: Scenario, event: Event) -> str:
    """`2026-04-16: change_plan to pro`, `2026-04-20: usage 1500 (item api)`:
    explain's words for the event, after its instant in the pack's timezone."""
    return f"{instant_text(event.at, ZoneInfo(scenario.pack.timezone))}: {describe_event(event)}"
