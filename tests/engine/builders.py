"""Scenarios built straight from the model, so engine tests need no YAML."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from harness.model import (
    Catalog, Expectation, Event, Interval, IntervalUnit, PackMeta, Plan, Policy, Scenario, Start, StartItem,
)

MONTH = Interval(IntervalUnit.MONTH)
YEAR = Interval(IntervalUnit.YEAR)


def plan(plan_id: str, amount: str | None, interval: Interval = MONTH, currency: str = "USD", unit_amount: str | None = None) -> Plan:
    return Plan(
        plan_id, plan_id.title(), currency, interval,
        Decimal(amount) if amount is not None else None,
        Decimal(unit_amount) if unit_amount is not None else None,
    )


CATALOG = Catalog({p.id: p for p in [
    plan("basic", "10.00"), plan("pro", "30.00"), plan("seat", "12.00"), plan("a", "30.00"), plan("b", "60.00"),
    plan("hundred", "100.00"), plan("ninety", "90.00"), plan("odd", "9.99"), plan("yearly", "300.00", YEAR),
    plan("api", None, unit_amount="0.002"), plan("yen", "1000", currency="JPY"), plan("dinar", "10.500", currency="KWD"),
]})


def at(value: str, tz: str = "UTC") -> datetime:
    zone = ZoneInfo(tz)
    if "T" in value:
        return datetime.fromisoformat(value).astimezone(zone)
    return datetime.combine(date.fromisoformat(value), time(), tzinfo=zone)


def scenario(start: str, plans, *, anchor: str | None = None, events=(), until: str | None = None,
             policy: Policy | None = None, tz: str = "UTC", catalog: Catalog = CATALOG) -> Scenario:
    """`plans`: a plan id, or a list of (plan id, quantity); `events`: (at, action[, id])."""
    items = (StartItem(plans),) if isinstance(plans, str) else tuple(StartItem(p, q) for p, q in plans)
    meta = PackMeta("test", "Test", "USD", tz, "tests", catalog, Policy())
    built = tuple(
        Event(at(e[0], tz), e[1], e[2] if len(e) > 2 else None, i) for i, e in enumerate(events)
    )
    return Scenario(
        id="s", title="s", pack=meta, policy=policy or Policy(),
        start=Start(date.fromisoformat(start), items, date.fromisoformat(anchor or start)),
        events=built, expect=Expectation(), until=at(until, tz) if until else None,
    )


def with_policy(base: Policy = Policy(), **changes) -> Policy:
    return replace(base, **changes)


def summary(outcome) -> list[tuple[str, str, list[tuple[str, str | None, str, str, str]]]]:
    """Documents as (kind, date, [(kind, plan, start, end, amount)]) for readable asserts."""
    return [
        (d.kind.value, d.date.date().isoformat(), [
            (l.kind.value, l.plan, l.period.start.date().isoformat(), l.period.end.date().isoformat(), str(l.amount))
            for l in d.lines
        ])
        for d in outcome.documents
    ]
