"""Names a pack refers to: currencies, time zones, plan ids, the pack's own
name and version, and the words of the policy (enum values).

A wrong name is usually a typo of a right one, so each check knows the list
it is checked against (ISO 4217, the IANA zones, the catalog's plans, the
enums of `harness.model`) and fails with a did-you-mean hint. Enum words are
`Literal`s made from the model's enums, so the schema and the model cannot
disagree on them.

Validation context: `plans`, the catalog's plan ids; plan references must
name one (absent: not checked).
"""

from __future__ import annotations

import re
import zoneinfo
from functools import lru_cache
from typing import Annotated, Any, Literal

from iso4217 import Currency as _Iso4217
from pydantic import AfterValidator, Field, PlainValidator, ValidationInfo, WithJsonSchema

from harness.model.catalog import IntervalUnit
from harness.model.documents import LineKind
from harness.model.money import UnknownCurrency, minor_units
from harness.model.policy import Bill, CreditForm, DayCount, Effective, ProrationLines, Rounding
from harness.packs.fields import fail, yaml_kind
from harness.packs.problems import did_you_mean

_PACK_NAME_RE = re.compile(r"[a-z0-9-]+\Z")
_CURRENCY_RE = re.compile(r"[A-Z]{3}\Z")


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
        raise fail("currency_type", f"must be an ISO 4217 code like USD, not {yaml_kind(value)}")
    if not _CURRENCY_RE.match(value):
        if _CURRENCY_RE.match(value.upper()):
            raise fail("currency_case", f"currency codes are upper case: '{value}'", f"write '{value.upper()}'")
        raise fail("currency_syntax", f"{value!r} is not a currency code", "write an ISO 4217 code like USD, EUR, JPY")
    try:
        minor_units(value)
    except UnknownCurrency as exc:
        known = value in _Iso4217.__members__
        hint = "pick a currency with minor units, e.g. USD, EUR, JPY" if known else _closest_code(value)
        message = f"{exc}" if known else f"unknown currency '{value}': not an ISO 4217 code"
        raise fail("currency_unknown", message, hint) from None
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
    """Shared by validation, the checks and the conversion, which all ask for
    the pack's zone once per scenario: look it up once."""
    return zoneinfo.ZoneInfo(name)


def _timezone(value: Any) -> str:
    if not isinstance(value, str):
        raise fail("timezone_type", f"must be an IANA time zone name like Europe/Berlin, not {yaml_kind(value)}")
    try:
        zone(value)
    except Exception:  # ZoneInfoNotFoundError, ValueError, IsADirectoryError, ...
        hint = did_you_mean(value, _zones())
        if not hint.startswith("did you mean"):
            hint = "use an IANA name like UTC, Europe/Berlin, America/New_York"
        raise fail("timezone_unknown", f"unknown time zone '{value}'", hint) from None
    return value


def _pack_name(value: str) -> str:
    if not _PACK_NAME_RE.match(value):
        suggestion = re.sub(r"[^a-z0-9-]+", "-", value.lower()).strip("-")
        raise fail(
            "pack_name",
            f"{value!r} is not a pack name: use lower-case letters, digits and '-'",
            f"e.g. '{suggestion}'" if suggestion else "",
        )
    return value


def _version(value: Any) -> int:
    if isinstance(value, bool) or value != 1 or not isinstance(value, int):
        raise fail("version", f"must be 1, not {yaml_kind(value)}", "1 is the only version of the pack format")
    return value


def _plan_ref(value: str, info: ValidationInfo) -> str:
    plans = (info.context or {}).get("plans")
    if plans is not None and value not in plans:
        raise fail("unknown_plan", f"unknown plan '{value}'", did_you_mean(value, plans, listing="plans in the catalog"))
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
