"""The shape of pack.yaml and scenario files, as pydantic models.

The same models validate what the YAML reader produced and generate the JSON
Schema (`schema_for`, `prorata schema`, docs/schema/*.json), so the published
schema cannot drift from what the loader accepts.

Values the harness interprets (amounts, dates, currencies, time zones, plan
ids) have their own types here: they accept only what the format allows and
fail with plain messages (`PydanticCustomError`) that the loader shows as
they are. Checks that need more than one value (event order, the start, the
sums of documents) live in `harness.packs.checks`.

Validation context (a dict passed to `model_validate`):
- `currency`: the currency amounts are written in (the pack's for pack.yaml,
  the subscription's for a scenario); amounts with more decimals than its ISO
  4217 minor units fail. Absent: not checked.
- `plans`: the catalog's plan ids; plan references must name one. Absent: not checked.
"""

from __future__ import annotations

import json
import re
import zoneinfo
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Any, Literal

from iso4217 import Currency as _Iso4217
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from harness.model.catalog import IntervalUnit
from harness.model.documents import LineKind
from harness.model.money import UnknownCurrency, decimal_places, minor_units
from harness.model.policy import Bill, CreditForm, DayCount, Effective, ProrationLines, Rounding
from harness.model.scenario import ACTION_NAMES
from harness.packs.problems import did_you_mean

ACTIONS: tuple[str, ...] = tuple(ACTION_NAMES.values())

_AMOUNT_RE = re.compile(r"-?[0-9]+(?:\.[0-9]+)?\Z")
_AMOUNT_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"
_UNSIGNED_PATTERN = r"^[0-9]+(\.[0-9]+)?$"
_DATE_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
_DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_DATETIME_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?"
    r"[ ]?(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)$"
)
_DATETIME_HEAD_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]")
_OFFSET_SPACE_RE = re.compile(r"\s+(?=(?:Z|z|[+-][0-9]{1,2}(?::?[0-9]{2})?)\Z)")
_PACK_NAME_RE = re.compile(r"[a-z0-9-]+\Z")
_CURRENCY_RE = re.compile(r"[A-Z]{3}\Z")
_MONTHS = (
    "January February March April May June July August September October November December"
).split()


def _fail(kind: str, message: str, hint: str = "") -> PydanticCustomError:
    # pydantic substitutes only {names} of the context, so user text is safe
    return PydanticCustomError(kind, message, {"hint": hint})


def _yaml_kind(value: Any) -> str:
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"the YAML boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the YAML number {value!r}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{value!r}"


# --------------------------------------------------------------------------- amounts


def _suggest_amount(value: int | float, info: ValidationInfo | None, what: str) -> str:
    """The quoted text to write instead of a YAML number (10.5 -> "10.50" in USD)."""
    try:
        written = Decimal(repr(value))
    except Exception:  # pragma: no cover - repr of a float is always a decimal
        return '"10.00"'
    if not written.is_finite():
        return '"10.00"'
    context = info.context if info is not None else None
    if what == "amount" and context and context.get("currency"):
        try:
            units = minor_units(context["currency"])
        except UnknownCurrency:
            units = 2
        if decimal_places(written) < units:
            written = written.quantize(Decimal(1).scaleb(-units))
    return f'"{written}"'


def _parse_decimal(value: Any, info: ValidationInfo | None, *, what: str, signed: bool) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise _fail(
            f"{what}_type",
            f"must be {'an amount' if what == 'amount' else 'a rate'} in quotes, e.g. \"10.00\", not {_yaml_kind(value)}",
        )
    if not isinstance(value, str):
        raise _fail(
            "amount_number",
            'write amounts as quoted strings, e.g. "10.00"',
            f"a YAML number loses trailing zeros; write {_suggest_amount(value, info, what)}",
        )
    if not _AMOUNT_RE.match(value):
        raise _fail(
            f"{what}_syntax",
            f"{value!r} is not an amount",
            'write a decimal number like "10.00" or "-5.00": no currency sign, spaces or thousands separators',
        )
    amount = Decimal(value)
    if not signed and amount < 0:
        raise _fail(f"{what}_negative", f"{value!r} must not be negative")
    return amount


def check_precision(amount: Decimal, text: str, currency: str | None) -> None:
    """Amounts carry at most the currency's ISO 4217 minor units (USD 2, JPY 0)."""
    if not currency:
        return
    try:
        units = minor_units(currency)
    except UnknownCurrency:
        return
    places = decimal_places(amount)
    if places > units:
        allowed = "no decimals" if units == 0 else f"at most {units} decimal{'s' if units > 1 else ''}"
        raise _fail(
            "amount_precision",
            f"{text} has {places} decimal{'s' if places > 1 else ''} but {currency} has "
            f"{units} minor unit{'s' if units != 1 else ''} (ISO 4217)",
            f"write {currency} amounts with {allowed}",
        )


def _money(value: Any, info: ValidationInfo) -> Decimal:
    amount = _parse_decimal(value, info, what="amount", signed=True)
    check_precision(amount, repr(value), (info.context or {}).get("currency"))
    return amount


def _price(value: Any, info: ValidationInfo) -> Decimal:
    """A catalog amount: not negative; its precision is checked by the plan
    (which knows the plan's own currency)."""
    return _parse_decimal(value, info, what="amount", signed=False)


def _rate(value: Any, info: ValidationInfo) -> Decimal:
    return _parse_decimal(value, info, what="rate", signed=False)


def _threshold(value: Any, info: ValidationInfo) -> Decimal:
    amount = _parse_decimal(value, info, what="amount", signed=False)
    check_precision(amount, repr(value), (info.context or {}).get("currency"))
    return amount


Money = Annotated[
    Decimal,
    PlainValidator(_money),
    WithJsonSchema({"type": "string", "pattern": _AMOUNT_PATTERN, "examples": ["10.00", "-5.00"]}),
]
Price = Annotated[
    Decimal,
    PlainValidator(_price),
    WithJsonSchema({"type": "string", "pattern": _UNSIGNED_PATTERN, "examples": ["10.00"]}),
]
Rate = Annotated[
    Decimal,
    PlainValidator(_rate),
    WithJsonSchema({"type": "string", "pattern": _UNSIGNED_PATTERN, "examples": ["0.002"]}),
]
Threshold = Annotated[
    Decimal,
    PlainValidator(_threshold),
    WithJsonSchema({"type": "string", "pattern": _UNSIGNED_PATTERN, "examples": ["0.00", "1.00"]}),
]


def _quantity(signed: bool):
    def validate(value: Any) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise _fail("quantity_type", f"must be a number, not {_yaml_kind(value)}")
        if isinstance(value, float):
            raise _fail(
                "quantity_number",
                'write decimal quantities as quoted strings, e.g. "1.5"',
                "a YAML float is not exact; whole numbers may stay unquoted",
            )
        if isinstance(value, str):
            if not _AMOUNT_RE.match(value):
                raise _fail("quantity_syntax", f"{value!r} is not a quantity", 'write a number like 3 or "2.5"')
            quantity = Decimal(value)
        else:
            quantity = Decimal(value)
        if not signed and quantity < 0:
            raise _fail("quantity_negative", f"{value!r} must not be negative")
        return quantity

    pattern = _AMOUNT_PATTERN if signed else _UNSIGNED_PATTERN
    number: dict[str, Any] = {"type": "integer"} if signed else {"type": "integer", "minimum": 0}
    return Annotated[
        Decimal,
        PlainValidator(validate),
        WithJsonSchema({"anyOf": [number, {"type": "string", "pattern": pattern}]}),
    ]


UsageQuantity = _quantity(signed=False)
LineQuantity = _quantity(signed=True)
Count = Annotated[int, Field(ge=1)]

# --------------------------------------------------------------------------- dates


def _calendar_date(year: str, month: str, day: str, text: str) -> date:
    y, m, d = int(year), int(month), int(day)
    if not 1 <= m <= 12:
        raise _fail("date_invalid", f"{text} is not a date: there is no month {m}", "write YYYY-MM-DD")
    try:
        return date(y, m, d)
    except ValueError:
        last = (date(y + (m == 12), m % 12 + 1, 1) - date(y, m, 1)).days if y >= 1 else 31
        raise _fail(
            "date_invalid",
            f"{text} is not a date: {_MONTHS[m - 1]} {y} has {last} days",
            "write YYYY-MM-DD",
        ) from None


def _memo(parse: Any) -> Any:
    """Packs repeat the same dates thousands of times: parse each text once
    (failures are not remembered, so their messages are always fresh)."""
    seen: dict[str, Any] = {}

    def cached(value: Any) -> Any:
        if type(value) is str:
            try:
                return seen[value]
            except KeyError:
                if len(seen) > 50_000:
                    seen.clear()
                result = seen[value] = parse(value)
                return result
        return parse(value)

    cached.__wrapped__ = parse  # type: ignore[attr-defined]
    return cached


@_memo
def _date_only(value: Any) -> date:
    if not isinstance(value, str):
        raise _fail("date_type", f"must be a date written YYYY-MM-DD, not {_yaml_kind(value)}")
    match = _DATE_RE.match(value)
    if match:
        return _calendar_date(*match.groups(), value)
    if _DATETIME_HEAD_RE.match(value):
        raise _fail(
            "date_only",
            f"{value!r} has a time; this field is a calendar date",
            "write YYYY-MM-DD; a date means 00:00 in the pack's timezone",
        )
    raise _fail("date_syntax", f"{value!r} is not a date", "write YYYY-MM-DD, e.g. 2026-04-01")


@_memo
def _when(value: Any) -> date | datetime:
    """A bare date (00:00 in the pack's timezone) or a datetime with an offset."""
    if not isinstance(value, str):
        raise _fail("when_type", f"must be a date (YYYY-MM-DD) or a datetime with offset, not {_yaml_kind(value)}")
    match = _DATE_RE.match(value)
    if match:
        return _calendar_date(*match.groups(), value)
    head = _DATETIME_HEAD_RE.match(value)
    if not head:
        raise _fail(
            "when_syntax",
            f"{value!r} is not a date or datetime",
            "write 2026-04-16, or 2026-04-16T10:00:00+02:00 for a time of day",
        )
    _calendar_date(*head.groups(), value[:10])
    try:
        moment = datetime.fromisoformat(_OFFSET_SPACE_RE.sub("", value))
    except ValueError:
        raise _fail(
            "when_syntax",
            f"{value!r} is not a valid datetime",
            "write an ISO datetime with offset, e.g. 2026-04-16T10:00:00+02:00 or 2026-04-16T08:00:00Z",
        ) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise _fail(
            "naive_datetime",
            f"{value!r} has a time but no UTC offset",
            f"add an offset, e.g. {value}+02:00 or {value}Z; a bare date means 00:00 in the pack's timezone",
        )
    return moment


DateOnly = Annotated[
    date,
    PlainValidator(_date_only),
    WithJsonSchema({"type": "string", "format": "date", "pattern": _DATE_PATTERN}),
]
When = Annotated[
    date | datetime,
    PlainValidator(_when),
    WithJsonSchema(
        {
            "type": "string",
            "anyOf": [
                {"format": "date", "pattern": _DATE_PATTERN},
                {"format": "date-time", "pattern": _DATETIME_PATTERN},
            ],
            "description": "a date (00:00 in the pack's timezone) or an ISO datetime with an offset",
        }
    ),
]

# --------------------------------------------------------------------------- names


@lru_cache(maxsize=1)
def _currency_codes() -> tuple[str, ...]:
    codes = []
    for currency in _Iso4217:
        try:
            minor_units(currency.code)
        except UnknownCurrency:  # gold, bond units, ...: not billing currencies
            continue
        codes.append(currency.code)
    return tuple(sorted(codes))


def _currency(value: Any) -> str:
    if not isinstance(value, str):
        raise _fail("currency_type", f"must be an ISO 4217 code like USD, not {_yaml_kind(value)}")
    if not _CURRENCY_RE.match(value):
        if _CURRENCY_RE.match(value.upper()):
            raise _fail("currency_case", f"currency codes are upper case: '{value}'", f"write '{value.upper()}'")
        raise _fail("currency_syntax", f"{value!r} is not a currency code", "write an ISO 4217 code like USD, EUR, JPY")
    try:
        minor_units(value)
    except UnknownCurrency as exc:
        known = value in _Iso4217.__members__
        hint = "pick a currency with minor units, e.g. USD, EUR, JPY" if known else _closest_code(value)
        message = f"{exc}" if known else f"unknown currency '{value}': not an ISO 4217 code"
        raise _fail("currency_unknown", message, hint) from None
    return value


def _closest_code(value: str) -> str:
    """Codes are read letter by letter: USX is most like USD (two letters in place)."""
    scored = [(sum(a == b for a, b in zip(value, code)), code) for code in _currency_codes()]
    best = max(score for score, _ in scored)
    if best >= 2:
        candidates = [code for score, code in scored if score == best]
        common = [code for code in ("USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD") if code in candidates]
        return f"did you mean '{(common or candidates)[0]}'?"
    hint = did_you_mean(value, _currency_codes())
    return hint if hint.startswith("did you mean") else "use an ISO 4217 code like USD, EUR, JPY"


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@lru_cache(maxsize=256)
def zone(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


def _timezone(value: Any) -> str:
    if not isinstance(value, str):
        raise _fail("timezone_type", f"must be an IANA time zone name like Europe/Berlin, not {_yaml_kind(value)}")
    try:
        zone(value)
    except Exception:  # ZoneInfoNotFoundError, ValueError, IsADirectoryError, ...
        hint = did_you_mean(value, _zones())
        if not hint.startswith("did you mean"):
            hint = "use an IANA name like UTC, Europe/Berlin, America/New_York"
        raise _fail("timezone_unknown", f"unknown time zone '{value}'", hint) from None
    return value


def _pack_name(value: str) -> str:
    if not _PACK_NAME_RE.match(value):
        suggestion = re.sub(r"[^a-z0-9-]+", "-", value.lower()).strip("-")
        raise _fail(
            "pack_name",
            f"{value!r} is not a pack name: use lower-case letters, digits and '-'",
            f"e.g. '{suggestion}'" if suggestion else "",
        )
    return value


def _version(value: Any) -> int:
    if isinstance(value, bool) or value != 1 or not isinstance(value, int):
        raise _fail("version", f"must be 1, not {_yaml_kind(value)}", "1 is the only version of the pack format")
    return value


def _plan_ref(value: str, info: ValidationInfo) -> str:
    plans = (info.context or {}).get("plans")
    if plans is not None and value not in plans:
        raise _fail("unknown_plan", f"unknown plan '{value}'", did_you_mean(value, plans, listing="plans in the catalog"))
    return value


Text = Annotated[str, Field(min_length=1)]
Currency = Annotated[
    str,
    PlainValidator(_currency),
    WithJsonSchema({"type": "string", "pattern": "^[A-Z]{3}$", "description": "ISO 4217 code"}),
]
Timezone = Annotated[
    str,
    PlainValidator(_timezone),
    WithJsonSchema({"type": "string", "description": "IANA time zone name, e.g. UTC or Europe/Berlin"}),
]
PackName = Annotated[
    str, Field(min_length=1, json_schema_extra={"pattern": "^[a-z0-9-]+$"}), AfterValidator(_pack_name)
]
Version = Annotated[int, PlainValidator(_version), WithJsonSchema({"const": 1})]
PlanRef = Annotated[str, Field(min_length=1), AfterValidator(_plan_ref)]


def _choices(enum: type, *, only: tuple[str, ...] | None = None) -> Any:
    values = tuple(m.value for m in enum if only is None or m.value in only)
    return Literal[values]  # type: ignore[valid-type]


DayCountName = _choices(DayCount)
RoundingName = _choices(Rounding)
ProrationLinesName = _choices(ProrationLines)
CreditFormName = _choices(CreditForm)
ChangeEffective = _choices(Effective, only=("immediately", "next_period"))
CancelEffective = _choices(Effective, only=("immediately", "end_of_period"))
BillName = _choices(Bill)
IntervalName = _choices(IntervalUnit)
#: `adjustment` is what a backend posts when nothing else fits; never expected.
ExpectedKind = _choices(LineKind, only=("recurring", "proration_charge", "proration_credit", "usage"))

# --------------------------------------------------------------------------- models


class Strict(BaseModel):
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
            raise _fail("event_action", f"an event needs one action: {choices}", "e.g. change_plan: {to: pro}")
        raise _fail(
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
    """Drop `default: null` (absent keys fall back to the pack or the format's
    defaults; an editor must not offer null) and name definitions plainly."""
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
    if kind not in _ROOTS:
        raise ValueError(f"kind must be 'pack' or 'scenario', not {kind!r}")
    return json.loads(_schema(kind))


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

