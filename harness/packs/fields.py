"""How amounts, quantities and dates are written in a pack, as pydantic types.

These are what authors get wrong most (a YAML float where a quoted amount
belongs, a date with a time, February 30th), so each type accepts only what
the format allows and fails with a plain message and hint
(`PydanticCustomError`) that the loader shows as it is. Each also carries its
JSON Schema (`WithJsonSchema`), so the published schema says what the
validator accepts. Names (currencies, time zones, plan ids) are in
`harness.packs.names`; the models that use both are in `harness.packs.schema`.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import Field, PlainValidator, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

from harness.model.money import UnknownCurrency, decimal_places, minor_units

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
_MONTHS = (
    "January February March April May June July August September October November December"
).split()


def fail(kind: str, message: str, hint: str = "") -> PydanticCustomError:
    # pydantic substitutes only {names} of the context, so user text is safe
    return PydanticCustomError(kind, message, {"hint": hint})


def yaml_kind(value: Any, *, empty: str = "nothing (an empty value)", number: str = "the YAML number") -> str:
    """What YAML made of a value, for "must be X, not ..." messages: authors
    write `yes` or `10.50` and YAML reads a boolean or the number 10.5, which
    is why the value is shown as YAML saw it."""
    if value is None:
        return empty
    if isinstance(value, bool):
        return f"the YAML boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"{number} {value!r}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


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
        raise fail(
            f"{what}_type",
            f"must be {'an amount' if what == 'amount' else 'a rate'} in quotes, e.g. \"10.00\", not {yaml_kind(value)}",
        )
    if not isinstance(value, str):
        raise fail(
            "amount_number",
            'write amounts as quoted strings, e.g. "10.00"',
            f"a YAML number loses trailing zeros; write {_suggest_amount(value, info, what)}",
        )
    if not _AMOUNT_RE.match(value):
        raise fail(
            f"{what}_syntax",
            f"{value!r} is not an amount",
            'write a decimal number like "10.00" or "-5.00": no currency sign, spaces or thousands separators',
        )
    amount = Decimal(value)
    if not signed and amount < 0:
        raise fail(f"{what}_negative", f"{value!r} must not be negative")
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
        raise fail(
            "amount_precision",
            f"{text} has {places} decimal{'s' if places > 1 else ''} but {currency} has "
            f"{units} minor unit{'s' if units != 1 else ''} (ISO 4217)",
            f"write {currency} amounts with {allowed}",
        )


def _amount(what: str, *, signed: bool, precise: bool, examples: list[str]) -> Any:
    """An amount type. `precise`: checked against the currency of the context;
    catalog prices are not, as their plan knows its own currency (PlanModel)."""

    seen: dict[tuple[str, str | None], Decimal] = {}  # amounts that passed, by text and currency

    def validate(value: Any, info: ValidationInfo) -> Decimal:
        # packs repeat the same amounts thousands of times; check each text once
        # per currency (failures are not remembered, so their messages stay fresh)
        currency = (info.context or {}).get("currency") if precise else None
        key = (value, currency) if type(value) is str else None
        if key is not None and key in seen:
            return seen[key]
        amount = _parse_decimal(value, info, what=what, signed=signed)
        if precise:
            check_precision(amount, repr(value), currency)
        if key is not None:
            if len(seen) > 50_000:
                seen.clear()
            seen[key] = amount
        return amount

    pattern = _AMOUNT_PATTERN if signed else _UNSIGNED_PATTERN
    return Annotated[
        Decimal,
        PlainValidator(validate),
        WithJsonSchema({"type": "string", "pattern": pattern, "examples": examples}),
    ]


Money = _amount("amount", signed=True, precise=True, examples=["10.00", "-5.00"])
Price = _amount("amount", signed=False, precise=False, examples=["10.00"])
Rate = _amount("rate", signed=False, precise=False, examples=["0.002"])
Threshold = _amount("amount", signed=False, precise=True, examples=["0.00", "1.00"])


def _quantity(signed: bool):
    def validate(value: Any) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise fail("quantity_type", f"must be a number, not {yaml_kind(value)}")
        if isinstance(value, float):
            raise fail(
                "quantity_number",
                'write decimal quantities as quoted strings, e.g. "1.5"',
                "a YAML float is not exact; whole numbers may stay unquoted",
            )
        if isinstance(value, str) and not _AMOUNT_RE.match(value):
            raise fail("quantity_syntax", f"{value!r} is not a quantity", 'write a number like 3 or "2.5"')
        quantity = Decimal(value)
        if not signed and quantity < 0:
            raise fail("quantity_negative", f"{value!r} must not be negative")
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
        raise fail("date_invalid", f"{text} is not a date: there is no month {m}", "write YYYY-MM-DD")
    try:
        return date(y, m, d)
    except ValueError:
        last = (date(y + (m == 12), m % 12 + 1, 1) - date(y, m, 1)).days if y >= 1 else 31
        raise fail(
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

    return cached


@_memo
def _date_only(value: Any) -> date:
    if not isinstance(value, str):
        raise fail("date_type", f"must be a date written YYYY-MM-DD, not {yaml_kind(value)}")
    match = _DATE_RE.match(value)
    if match:
        return _calendar_date(*match.groups(), value)
    if _DATETIME_HEAD_RE.match(value):
        raise fail(
            "date_only",
            f"{value!r} has a time; this field is a calendar date",
            "write YYYY-MM-DD; a date means 00:00 in the pack's timezone",
        )
    raise fail("date_syntax", f"{value!r} is not a date", "write YYYY-MM-DD, e.g. 2026-04-01")


@_memo
def _when(value: Any) -> date | datetime:
    """A bare date (00:00 in the pack's timezone) or a datetime with an offset."""
    if not isinstance(value, str):
        raise fail("when_type", f"must be a date (YYYY-MM-DD) or a datetime with offset, not {yaml_kind(value)}")
    match = _DATE_RE.match(value)
    if match:
        return _calendar_date(*match.groups(), value)
    head = _DATETIME_HEAD_RE.match(value)
    if not head:
        raise fail(
            "when_syntax",
            f"{value!r} is not a date or datetime",
            "write 2026-04-16, or 2026-04-16T10:00:00+02:00 for a time of day",
        )
    _calendar_date(*head.groups(), value[:10])
    try:
        moment = datetime.fromisoformat(_OFFSET_SPACE_RE.sub("", value))
    except ValueError:
        raise fail(
            "when_syntax",
            f"{value!r} is not a valid datetime",
            "write an ISO datetime with offset, e.g. 2026-04-16T10:00:00+02:00 or 2026-04-16T08:00:00Z",
        ) from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise fail(
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

