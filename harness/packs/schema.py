"""The shape of pack.yaml and scenario files, as pydantic models.

The same models validate what the YAML reader produced and generate the JSON
Schema (`schema_for`, `prorata schema`, docs/schema/*.json), so the published
schema cannot drift from what the loader accepts.

The values inside (amounts, dates: `harness.packs.fields`; currencies, time
zones, plan ids, policy words: `harness.packs.names`) carry their own
validation and schema. Checks that need more than one value (event order, the
start, the sums of documents) live in `harness.packs.checks`.

Validation context (a dict passed to `model_validate`):
- `currency`: the currency amounts are written in (the pack's for pack.yaml,
  the subscription's for a scenario); amounts with more decimals than its ISO
  4217 minor units fail. Absent: not checked.
- `plans`: the catalog's plan ids; plan references must name one. Absent: not checked.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from harness.model.scenario import ACTION_NAMES
from harness.packs.fields import (
    Count,
    DateOnly,
    LineQuantity,
    Money,
    Price,
    Rate,
    Threshold,
    UsageQuantity,
    When,
    check_precision,
    fail,
)
from harness.packs.names import (
    BillName,
    CancelEffective,
    ChangeEffective,
    CreditFormName,
    Currency,
    DayCountName,
    ExpectedKind,
    IntervalName,
    PackName,
    PlanRef,
    ProrationLinesName,
    RoundingName,
    Text,
    Timezone,
    Version,
)

ACTIONS: tuple[str, ...] = tuple(ACTION_NAMES.values())

# --------------------------------------------------------------------------- models


class Strict(BaseModel):
    # strict: a quoted "3" is not silently a count; extra="forbid": a misspelt
    # key is reported, not ignored; frozen: a validated file is only read
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class SignupRuleModel(Strict):
    prorate: bool = Field(None, description="bill the partial period before the anchor prorated")


class ChangeRuleModel(Strict):
    effective: ChangeEffective = None
    prorate: bool = None
    bill: BillName = Field(None, description="now: an invoice at the event; next_invoice: lines wait for the next renewal")


class IntervalChangeRuleModel(Strict):
    effective: ChangeEffective = None
    prorate: bool = None


class CancelRuleModel(Strict):
    effective: CancelEffective = None
    prorate: bool = None


class AnchorRuleModel(Strict):
    prorate: bool = None


class PolicyModel(Strict):
    """The decision matrix; every key is optional and falls back to the pack's
    policy (for a scenario) or to the defaults of the format."""

    model_config = ConfigDict(title="Policy")

    day_count: DayCountName = None
    rounding: RoundingName = None
    minimum_adjustment: Threshold = Field(None, description="an event whose net proration is below this posts nothing")
    proration_lines: ProrationLinesName = None
    credits: CreditFormName = None
    signup: SignupRuleModel = None
    upgrade: ChangeRuleModel = None
    downgrade: ChangeRuleModel = None
    quantity_increase: ChangeRuleModel = None
    quantity_decrease: ChangeRuleModel = None
    interval_change: IntervalChangeRuleModel = None
    cancel: CancelRuleModel = None
    change_anchor: AnchorRuleModel = None


class MeteredModel(Strict):
    unit_amount: Rate = Field(description="price of one unit of usage, e.g. \"0.002\"")


class PlanModel(Strict):
    model_config = ConfigDict(title="Plan")

    name: Text = Field(description="every plan needs a name, e.g. name: Pro")
    currency: Currency = Field(None, description="defaults to the pack's currency")
    amount: Price = Field(
        None, description="price of one unit for one interval, a quoted decimal; required unless metered"
    )
    interval: IntervalName = Field(description="every plan needs an interval: day, week, month or year")
    interval_count: Count = 1
    metered: MeteredModel = Field(None, description="usage billed in arrears: {unit_amount: \"0.002\"}")

    @field_validator("amount")
    @classmethod
    def _amount_precision(cls, value: Decimal | None, info: ValidationInfo) -> Decimal | None:
        if value is not None:
            currency = info.data.get("currency") or (info.context or {}).get("currency")
            check_precision(value, f"'{value}'", currency)
        return value


class CatalogModel(Strict):
    plans: dict[Text, PlanModel] = Field(min_length=1, description="plan id -> plan")


class PackFile(Strict):
    """pack.yaml: metadata, catalog and policy of a scenario pack (format v1)."""

    model_config = ConfigDict(title="Scenario pack (pack.yaml)")

    pack: PackName = Field(description="the pack's name: lower-case letters, digits and '-'")
    title: Text = Field(description="a one-line title, e.g. title: Core proration cases")
    version: Version = Field(description="format version; write version: 1")
    currency: Currency = Field(description="ISO 4217 code, the default for plans without one")
    timezone: Timezone = Field(description="IANA name; a date without a time means 00:00 here")
    owner: Text = Field(description="who answers for the pack")
    catalog: CatalogModel = Field(description="catalog: {plans: {...}}")
    policy: PolicyModel = None


class StartItemModel(Strict):
    plan: PlanRef = Field(description="a plan id of the catalog")
    quantity: Count = 1


class StartModel(Strict):
    date: DateOnly = Field(description="the subscription's start date; the first invoice is issued here")
    plan: PlanRef = None
    quantity: Count = Field(None, description="seats of `plan`, default 1")
    items: list[StartItemModel] = Field(None, min_length=1)
    anchor: DateOnly = Field(None, description="billing-cycle anchor, >= date; default: date")


class ChangePlanModel(Strict):
    to: PlanRef = Field(description="the plan id to switch to")
    item: PlanRef = Field(None, description="the plan id being replaced, when the subscription has several items")


class ChangeQuantityModel(Strict):
    to: Count = Field(description="the new number of seats")
    item: PlanRef = None


class CancelModel(Strict):
    effective: CancelEffective = None
    prorate: bool = None


class ChangeAnchorModel(Strict):
    to: DateOnly = Field(description="the new billing date, inside the current period and after `at`")


class UsageModel(Strict):
    quantity: UsageQuantity = Field(description="units used: a whole number or a quoted decimal")
    item: PlanRef = None


class EventModel(Strict):
    model_config = ConfigDict(
        title="Event",
        json_schema_extra={"oneOf": [{"required": [name]} for name in ACTIONS]},
    )

    at: When = Field(description="when the event happens: a date, or a datetime with offset")
    id: Text = Field(None, description="idempotency key: a later event with the same id is ignored")
    change_plan: ChangePlanModel = None
    change_quantity: ChangeQuantityModel = None
    cancel: CancelModel | None = None
    change_anchor: ChangeAnchorModel = None
    usage: UsageModel = None

    @model_validator(mode="after")
    def _one_action(self) -> "EventModel":
        given = [name for name in ACTIONS if name in self.model_fields_set]
        if len(given) == 1:
            return self
        choices = ", ".join(ACTIONS)
        if not given:
            raise fail("event_action", f"an event needs one action: {choices}", "e.g. change_plan: {to: pro}")
        raise fail(
            "event_actions",
            f"an event has exactly one action, this one has {len(given)}: {', '.join(given)}",
            "split it into separate events at the same time; they apply in the order listed",
        )

    @property
    def action_name(self) -> str:
        return next(name for name in ACTIONS if name in self.model_fields_set)


class LineModel(Strict):
    model_config = ConfigDict(title="Expected line")

    kind: ExpectedKind = Field(description="recurring, proration_charge, proration_credit or usage")
    amount: Money = Field(description="signed from the customer's side: charges positive, credits negative")
    period: list[When] = Field(min_length=2, max_length=2, description="[start, end), end exclusive")
    plan: PlanRef = None
    quantity: LineQuantity = None
    description: str = Field(None, description="never compared; for readers only")


class DocumentModel(Strict):
    model_config = ConfigDict(title="Expected document")

    date: When = Field(description="the document's date (a calendar date in the pack's timezone)")
    lines: list[LineModel] = Field(min_length=1, description="every line of the document")
    total: Money = Field(description="the document's total, a quoted decimal")


class ExpectModel(Strict):
    invoices: list[DocumentModel] = Field(None, description="every invoice issued before `until`, in date order")
    credit_notes: list[DocumentModel] = Field(None, description="every credit note; omitted = none expected")
    total_billed: Money = Field(None, description="sum of all invoice and credit-note totals")


class ScenarioFile(Strict):
    """One scenario: start state, events and the documents expected."""

    model_config = ConfigDict(title="Scenario")

    id: Text = Field(description="unique in the pack; equals the file name without .yaml")
    title: Text = Field(description="a one-line title, shown in reports")
    rule: Text = Field(description="the billing rule this scenario demonstrates")
    owner: Text = Field(None, description="defaults to the pack's owner")
    tags: list[Text] = []
    math: str = Field("", description="the derivation, shown in reports")
    policy: PolicyModel = Field(None, description="overrides merged key by key over the pack's policy")
    start: StartModel = Field(description="start: {date: 2026-04-01, plan: basic}")
    events: list[EventModel] = []
    until: When = Field(None, description="exclusive horizon; default: the end of the last event's period")
    expect: ExpectModel = Field(description='the documents expected: expect: {invoices: [...]}, or expect: {total_billed: "40.00"}')


# --------------------------------------------------------------------------- schema

_ROOTS: dict[str, type[BaseModel]] = {"pack": PackFile, "scenario": ScenarioFile}


def _tidy(node: Any) -> Any:
    """Drop `default: null`: absent keys fall back to the pack or the format's
    defaults, so an editor must not offer null."""
    if isinstance(node, dict):
        return {
            key: _tidy(value)
            for key, value in node.items()
            if not (key == "default" and value is None)
        }
    if isinstance(node, list):
        return [_tidy(value) for value in node]
    return node


@lru_cache(maxsize=None)
def _schema(kind: str) -> str:
    model = _ROOTS[kind]
    schema = model.model_json_schema(mode="validation")
    # definitions named as the format names them: Event, Plan, ... (not EventModel)
    names = {name: name.removesuffix("Model") for name in schema.get("$defs", {})}
    text = json.dumps(schema)
    for old, new in names.items():
        text = text.replace(f'"#/$defs/{old}"', f'"#/$defs/{new}"')
    schema = json.loads(text)
    if "$defs" in schema:
        schema["$defs"] = {names[name]: value for name, value in schema["$defs"].items()}
        for value in schema["$defs"].values():
            if isinstance(value.get("title"), str):
                value["title"] = value["title"].removesuffix("Model")
    schema = _tidy(schema)
    document = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": "Generated from harness/packs/schema.py; do not edit (see docs/schema).",
        **schema,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def schema_for(kind: str) -> dict:
    """JSON Schema of a pack file: kind "pack" (pack.yaml) or "scenario"."""
    return json.loads(schema_text(kind))


def schema_text(kind: str) -> str:
    """The schema as committed under docs/schema/<kind>.schema.json."""
    if kind not in _ROOTS:
        raise ValueError(f"kind must be 'pack' or 'scenario', not {kind!r}")
    return _schema(kind)


def write_schemas(folder: str) -> list[str]:
    """Regenerate docs/schema/*.schema.json (`python -m harness.packs docs/schema`)."""
    from pathlib import Path

    written = []
    for kind in _ROOTS:
        path = Path(folder) / f"{kind}.schema.json"
        path.write_text(schema_text(kind), encoding="utf-8")
        written.append(str(path))
    return written

