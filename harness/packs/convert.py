"""Validated files -> the frozen `harness.model` objects the engine runs.

Apart from the loader because it is a different kind of work: the loader
finds and reports problems, this only translates files that passed the schema
and the cross-field checks, so it reports nothing and can trust every value."""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from zoneinfo import ZoneInfo

from harness.model.catalog import Catalog, Interval, IntervalUnit, Plan
from harness.model.money import Rounding
from harness.model.policy import (
    EVENT_RULES,
    Bill,
    CreditForm,
    DayCount,
    Effective,
    Policy,
    ProrationLines,
)
from harness.model.scenario import (
    Cancel,
    ChangeAnchor,
    ChangePlan,
    ChangeQuantity,
    Event,
    Expectation,
    ExpectedDocument,
    ExpectedLine,
    PackMeta,
    Scenario,
    SourceRef,
    Start,
    StartItem,
    Usage,
)
from harness.packs.checks import instant, local_date
from harness.packs.names import zone
from harness.packs.schema import DocumentModel, EventModel, PackFile, PolicyModel, ScenarioFile


def policy_values(policy: PolicyModel | None) -> dict:
    return policy.model_dump(exclude_unset=True) if policy is not None else {}


def merge_policy(base: dict, over: dict) -> dict:
    """Scenario overrides over the pack's policy, key by key (rules per key)."""
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


_ENUMS = {
    "day_count": DayCount,
    "rounding": Rounding,
    "proration_lines": ProrationLines,
    "credits": CreditForm,
    "effective": Effective,
    "bill": Bill,
}
_DEFAULT_POLICY = Policy()


def build_policy(values: dict) -> Policy:
    changes: dict[str, Any] = {}
    for key, value in values.items():
        if key in EVENT_RULES:
            rule = getattr(_DEFAULT_POLICY, key)
            changes[key] = replace(rule, **{k: _ENUMS[k](v) if k in _ENUMS else v for k, v in value.items()})
        elif key in _ENUMS:
            changes[key] = _ENUMS[key](value)
        else:
            changes[key] = value  # minimum_adjustment: already a Decimal
    return replace(_DEFAULT_POLICY, **changes) if changes else _DEFAULT_POLICY


def build_meta(pf: PackFile, source: str, policy: dict) -> PackMeta:
    plans = {}
    for plan_id, p in pf.catalog.plans.items():
        plans[plan_id] = Plan(
            id=plan_id,
            name=p.name,
            currency=p.currency or pf.currency,
            interval=Interval(IntervalUnit(p.interval), p.interval_count),
            amount=p.amount,
            unit_amount=p.metered.unit_amount if p.metered is not None else None,
        )
    return PackMeta(
        name=pf.pack,
        title=pf.title,
        currency=pf.currency,
        timezone=pf.timezone,
        owner=pf.owner,
        catalog=Catalog(plans=plans),
        policy=build_policy(policy),
        version=pf.version,
        source=source,
    )


def _action(event: EventModel) -> Any:
    name = event.action_name
    if name == "change_plan":
        return ChangePlan(to=event.change_plan.to, item=event.change_plan.item)
    if name == "change_quantity":
        return ChangeQuantity(to=event.change_quantity.to, item=event.change_quantity.item)
    if name == "cancel":
        given = event.cancel
        if given is None:
            return Cancel()
        effective = Effective(given.effective) if given.effective is not None else None
        return Cancel(effective=effective, prorate=given.prorate)
    if name == "change_anchor":
        return ChangeAnchor(to=event.change_anchor.to)
    return Usage(quantity=event.usage.quantity, item=event.usage.item)


def _document(d: DocumentModel, tz: ZoneInfo) -> ExpectedDocument:
    return ExpectedDocument(
        date=local_date(d.date, tz),
        total=d.total,
        lines=tuple(
            ExpectedLine(
                kind=line.kind,
                amount=line.amount,
                period=(instant(line.period[0], tz), instant(line.period[1], tz)),
                plan=line.plan,
                quantity=line.quantity,
            )
            for line in d.lines
        ),
    )


def build_scenario(sf: ScenarioFile, meta: PackMeta, policy: Policy, overrides: dict, source: SourceRef) -> Scenario:
    tz = zone(meta.timezone)
    start = sf.start
    if start.items is not None:
        items = tuple(StartItem(plan=i.plan, quantity=i.quantity) for i in start.items)
    else:
        items = (StartItem(plan=start.plan, quantity=start.quantity or 1),)

    expect = sf.expect
    invoices = tuple(_document(d, tz) for d in expect.invoices) if expect.invoices is not None else None
    if expect.credit_notes is not None:
        credit_notes: tuple[ExpectedDocument, ...] | None = tuple(_document(d, tz) for d in expect.credit_notes)
    else:
        # omitted = none expected, when the documents are listed at all
        credit_notes = () if invoices is not None else None

    return Scenario(
        id=sf.id,
        title=sf.title,
        pack=meta,
        policy=policy,
        start=Start(date=start.date, items=items, anchor=start.anchor or start.date),
        events=tuple(
            Event(at=instant(e.at, tz), action=_action(e), id=e.id, index=i) for i, e in enumerate(sf.events)
        ),
        expect=Expectation(invoices=invoices, credit_notes=credit_notes, total_billed=expect.total_billed),
        until=instant(sf.until, tz) if sf.until is not None else None,
        rule=sf.rule,
        owner=sf.owner or meta.owner,
        math=sf.math,
        tags=tuple(sf.tags),
        policy_overrides=overrides,
        source=source,
    )
