"""A scenario as the JSON request of contract `prorata.backend/1`.

The request carries everything a backend needs and nothing it would have to
work out from the harness's semantics: the policy already merged with the
scenario's overrides, a cancel's `effective`/`prorate` already resolved
against the policy, and an explicit `until` (the default horizon computed by
the reference engine), so a backend in any language only has to bill.

Instants are ISO 8601 with the offset of the pack's timezone; money and
usage quantities are decimal strings, never JSON numbers, so no float touches
an amount on either side. Field names follow the pack's YAML vocabulary."""

from __future__ import annotations

import dataclasses
import enum
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from harness import engine
from harness.model import (
    Cancel,
    ChangeAnchor,
    ChangePlan,
    ChangeQuantity,
    Event,
    Plan,
    Policy,
    Scenario,
    Usage,
    minor_units,
)
from harness.model.money import quantize

CONTRACT = "prorata.backend/1"


def encode(scenario: Scenario) -> dict[str, Any]:
    """The request body for `scenario` (a dict ready for `json.dumps`)."""
    pack = scenario.pack
    tz = ZoneInfo(pack.timezone)
    return {
        "contract": CONTRACT,
        "pack": {
            "name": pack.name,
            "currency": pack.currency,
            "timezone": pack.timezone,
            "catalog": {"plans": {plan_id: _plan(plan) for plan_id, plan in pack.catalog.plans.items()}},
            "policy": policy_json(scenario.policy),
        },
        "scenario": {
            "id": scenario.id,
            "start": {
                "date": _instant(_midnight(scenario.start.date, tz)),
                "anchor": _instant(_midnight(scenario.start.anchor, tz)),
                "items": [{"plan": item.plan, "quantity": item.quantity} for item in scenario.start.items],
            },
            "events": [_event(event, scenario.policy, tz) for event in scenario.events],
            "until": _instant(horizon(scenario)),
        },
    }


def horizon(scenario: Scenario) -> datetime:
    """The instant before which documents count: the scenario's `until`, or
    the default horizon of docs/semantics.md as the engine computes it."""
    until = engine.horizon(scenario)
    if until is not None:
        return until
    # The engine sets no horizon only when the subscription ended before the
    # last (retried) event: nothing can happen after that event, so the next
    # day is equivalent to "no horizon" and keeps `until` a plain instant.
    return scenario.events[-1].at + timedelta(days=1)


def policy_json(policy: Policy) -> dict[str, Any]:
    """The merged policy in the YAML's words: enums by value, booleans as
    booleans, `minimum_adjustment` as a decimal string; rows as objects."""
    return {field.name: _value(getattr(policy, field.name)) for field in dataclasses.fields(policy)}


def _value(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        return {field.name: _value(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    return value


def _plan(plan: Plan) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": plan.id,
        "name": plan.name,
        "currency": plan.currency,
        "interval": plan.interval.unit.value,
        "interval_count": plan.interval.count,
    }
    if plan.metered:
        body["unit_amount"] = str(plan.unit_amount)
    else:
        body["amount"] = str(quantize(plan.amount, minor_units(plan.currency)))
    return body


def _event(event: Event, policy: Policy, tz: ZoneInfo) -> dict[str, Any]:
    action = event.action
    if isinstance(action, ChangePlan):
        body: dict[str, Any] = {"to": action.to, "item": action.item}
    elif isinstance(action, ChangeQuantity):
        body = {"to": action.to, "item": action.item}
    elif isinstance(action, Cancel):
        effective = action.effective if action.effective is not None else policy.cancel.effective
        prorate = action.prorate if action.prorate is not None else policy.cancel.prorate
        body = {"effective": effective.value, "prorate": prorate}
    elif isinstance(action, ChangeAnchor):
        body = {"to": _instant(_midnight(action.to, tz))}
    elif isinstance(action, Usage):
        body = {"quantity": str(action.quantity), "item": action.item}
    else:  # pragma: no cover - the model has no other action
        raise TypeError(f"no contract encoding for {type(action).__name__}")
    return {"at": _instant(event.at.astimezone(tz)), "id": event.id, event.name: body}


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=tz)


def _instant(moment: datetime) -> str:
    return moment.isoformat()
