"""A contract backend's JSON answer, checked and turned into an `Outcome`.

The checks are written out by hand rather than run through jsonschema (a
test-only dependency) so every refusal names the exact field in the path a
backend author can find in their output, `invoices[0].lines[1].amount`, and
says what was expected. docs/schema/backend-response.json publishes the same
shape; tests keep the two in step.

Strict on purpose: unknown keys are refused (a misspelt `credit_note` or
`ammount` would otherwise drop data silently), except keys starting with
`x-`, which are ignored so a backend can attach its own debugging data.
Money must be a decimal string: a JSON number has already been through a
float in most JSON libraries, which is the bug this harness exists to catch."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from harness.adapters.contract.errors import BackendReportedError, MalformedResponse
from harness.adapters.errors import NotApplicable
from harness.engine.calendar import add_interval
from harness.model import (
    Document,
    DocumentKind,
    Line,
    LineKind,
    Outcome,
    Period,
    Scenario,
    minor_units,
)
from harness.model.money import decimal_places

_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INSTANT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?([+-][0-9]{2}:?[0-9]{2}|Z)?")
_DOCUMENT_KEYS = {"date", "total", "lines", "number", "currency", "adjusts"}
_LINE_KEYS = {"kind", "plan", "quantity", "period", "amount", "description"}
_KINDS = {kind.value: kind for kind in LineKind}


def decode(data: Any, scenario: Scenario) -> Outcome:
    """The Outcome a response describes. Raises `NotApplicable` for
    `not_supported`, `BackendReportedError` for `error`, `MalformedResponse`
    for anything that is not the contract."""
    return _Reader(scenario).outcome(data)


class _Reader:
    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.catalog = scenario.pack.catalog
        self.tz = ZoneInfo(scenario.pack.timezone)
        plans = [self.catalog.plans.get(item.plan) for item in scenario.start.items]
        self.currency = plans[0].currency if plans and plans[0] is not None else scenario.pack.currency
        self.units = minor_units(self.currency)

    # ------------------------------------------------------------- top level

    def outcome(self, data: Any) -> Outcome:
        if not isinstance(data, dict):
            raise MalformedResponse(f"the response must be a JSON object, not {_json_type(data)}")
        keys = {key for key in data if not key.startswith("x-")}
        if "not_supported" in keys or "error" in keys:
            which = "not_supported" if "not_supported" in keys else "error"
            extra = sorted(keys - {which})
            if extra:
                raise MalformedResponse(f"a response with {which!r} has no other keys; got also {_names(extra)}")
            reason = data[which]
            if not isinstance(reason, str) or not reason.strip():
                raise MalformedResponse(f"{which}: expected a non-empty string, got {_show(reason)}")
            if which == "not_supported":
                raise NotApplicable(reason.strip())
            raise BackendReportedError(f"the backend reported an error: {reason.strip()}")
        unknown = sorted(keys - {"invoices", "credit_notes"})
        if unknown:
            raise MalformedResponse(
                f"unknown key{'s' if len(unknown) > 1 else ''} {_names(unknown)} in the response "
                "(expected invoices and credit_notes, or not_supported, or error; prefix your own keys with x-)"
            )
        if not keys:
            raise MalformedResponse(
                "the response has none of invoices, credit_notes, not_supported, error "
                '(send {"invoices": [], "credit_notes": []} for a scenario that bills nothing)'
            )
        documents = self._documents(data, "invoices", DocumentKind.INVOICE)
        documents += self._documents(data, "credit_notes", DocumentKind.CREDIT_NOTE)
        # Issue order: by date, invoices before credit notes of the same date
        # (as the engine issues them); the sort is stable within each list.
        documents.sort(key=lambda document: (document.date, document.kind is DocumentKind.CREDIT_NOTE))
        return Outcome(tuple(documents))

    def _documents(self, data: dict, key: str, kind: DocumentKind) -> list[Document]:
        items = data.get(key, [])
        if not isinstance(items, list):
            raise MalformedResponse(f"{key}: expected a list of documents, got {_show(items)}")
        return [self._document(item, f"{key}[{index}]", kind) for index, item in enumerate(items)]

    # -------------------------------------------------------------- documents

    def _document(self, data: Any, path: str, kind: DocumentKind) -> Document:
        self._check_object(data, path, _DOCUMENT_KEYS, required=("date", "lines"))
        currency = data.get("currency", self.currency)
        if currency != self.currency:
            raise MalformedResponse(
                f"{path}.currency: the subscription bills in {self.currency}, got {_show(currency)}"
            )
        if "adjusts" in data and kind is DocumentKind.INVOICE:
            raise MalformedResponse(f"{path}.adjusts: only a credit note adjusts an invoice")
        number, adjusts = data.get("number", ""), data.get("adjusts", "")
        for key, value in (("number", number), ("adjusts", adjusts)):
            if not isinstance(value, str):
                raise MalformedResponse(f"{path}.{key}: expected a string, got {_show(value)}")
        lines_data = data["lines"]
        if not isinstance(lines_data, list):
            raise MalformedResponse(f"{path}.lines: expected a list of lines, got {_show(lines_data)}")
        lines = tuple(self._line(line, f"{path}.lines[{index}]", kind) for index, line in enumerate(lines_data))
        total = self._money(data["total"], f"{path}.total") if "total" in data else None
        return Document(kind, self._instant(data["date"], f"{path}.date"), self.currency, lines, number,
                        stated_total=total, adjusts=adjusts)

    def _line(self, data: Any, path: str, document: DocumentKind) -> Line:
        self._check_object(data, path, _LINE_KEYS, required=("period", "amount"))
        amount = self._money(data["amount"], f"{path}.amount")
        if document is DocumentKind.CREDIT_NOTE and amount > 0:
            raise MalformedResponse(
                f"{path}.amount: credit note lines are credits and must be negative "
                f"(amounts are from the customer's side), got {_show(data['amount'])}"
            )
        period = self._period(data["period"], f"{path}.period")
        plan_id = data.get("plan")
        if plan_id is not None:
            if not isinstance(plan_id, str):
                raise MalformedResponse(f"{path}.plan: expected a plan id string, got {_show(plan_id)}")
            if plan_id not in self.catalog:
                known = ", ".join(sorted(self.catalog.plans))
                raise MalformedResponse(f"{path}.plan: {plan_id!r} is not a plan of the pack's catalog ({known})")
        quantity = self._quantity(data["quantity"], f"{path}.quantity") if data.get("quantity") is not None else None
        description = data.get("description")
        if description is not None and not isinstance(description, str):
            raise MalformedResponse(f"{path}.description: expected a string, got {_show(description)}")
        kind_text = data.get("kind")
        if kind_text is None:
            kind = classify(amount, period, plan_id, self.scenario)
        elif kind_text in _KINDS:
            kind = _KINDS[kind_text]
        else:
            raise MalformedResponse(f"{path}.kind: expected one of {', '.join(_KINDS)}, got {_show(kind_text)}")
        return Line(kind, amount, period, plan_id, quantity, description)

    # ----------------------------------------------------------------- values

    def _check_object(self, data: Any, path: str, allowed: set[str], required: tuple[str, ...]) -> None:
        if not isinstance(data, dict):
            raise MalformedResponse(f"{path}: expected an object, got {_show(data)}")
        unknown = sorted(key for key in data if key not in allowed and not key.startswith("x-"))
        if unknown:
            raise MalformedResponse(
                f"{path}: unknown key{'s' if len(unknown) > 1 else ''} {_names(unknown)} "
                f"(allowed: {', '.join(sorted(allowed))}; prefix your own keys with x-)"
            )
        missing = [key for key in required if key not in data]
        if missing:
            raise MalformedResponse(f"{path}: missing {_names(missing)}")

    def _money(self, value: Any, path: str) -> Decimal:
        if _is_number(value):
            raise MalformedResponse(
                f"{path}: amounts must be JSON strings like \"12.50\", not the JSON number {value} "
                "(a number may have gone through a float)"
            )
        if not isinstance(value, str) or not _DECIMAL.fullmatch(value):
            raise MalformedResponse(f'{path}: expected a decimal string like "-12.50", got {_show(value)}')
        amount = Decimal(value)
        if decimal_places(amount) > self.units:
            raise MalformedResponse(
                f"{path}: {value} has more decimals than {self.currency} has minor units ({self.units})"
            )
        return amount

    def _quantity(self, value: Any, path: str) -> Decimal:
        if isinstance(value, int) and not isinstance(value, bool):
            return Decimal(value)
        if isinstance(value, str) and _DECIMAL.fullmatch(value):
            return Decimal(value)
        raise MalformedResponse(f'{path}: expected an integer or a decimal string like "1234", got {_show(value)}')

    def _period(self, value: Any, path: str) -> Period:
        if not isinstance(value, list) or len(value) != 2:
            raise MalformedResponse(f"{path}: expected [start, end], got {_show(value)}")
        start = self._instant(value[0], f"{path}[0]")
        end = self._instant(value[1], f"{path}[1]")
        if end < start:
            raise MalformedResponse(f"{path}: ends before it starts ({value[0]} .. {value[1]})")
        return Period(start, end)

    def _instant(self, value: Any, path: str) -> datetime:
        """`YYYY-MM-DD` is midnight in the pack's timezone; an instant needs
        its offset (a bare local time would be ambiguous across timezones)."""
        if not isinstance(value, str):
            raise MalformedResponse(f"{path}: expected a date string, got {_show(value)}")
        if _DATE.fullmatch(value):
            try:
                return datetime.combine(date.fromisoformat(value), time(), tzinfo=self.tz)
            except ValueError as error:
                raise MalformedResponse(f"{path}: {value!r} is not a date ({error})") from None
        try:
            if not _INSTANT.fullmatch(value):
                raise ValueError(value)
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise MalformedResponse(
                f'{path}: expected "YYYY-MM-DD" or an ISO 8601 instant with offset, got {_show(value)}'
            ) from None
        if moment.tzinfo is None:
            raise MalformedResponse(
                f"{path}: {value!r} has no UTC offset; add one (e.g. +00:00) or give a plain YYYY-MM-DD"
            )
        return moment.astimezone(self.tz)


def classify(amount: Decimal, period: Period, plan_id: str | None, scenario: Scenario) -> LineKind:
    """The kind of a line the backend did not label, from what the line says:
    a negative amount is a proration credit; a metered plan's line is usage; a
    line covering exactly one whole billing period of its plan is recurring;
    anything else is a proration charge."""
    if amount < 0:
        return LineKind.PRORATION_CREDIT
    plan = scenario.pack.catalog.plans.get(plan_id) if plan_id is not None else None
    if plan is not None and plan.metered:
        return LineKind.USAGE
    if plan is not None and _whole_period(period, plan.interval):
        return LineKind.RECURRING
    return LineKind.PRORATION_CHARGE


def _whole_period(period: Period, interval) -> bool:
    # Either direction, so month-end anchors count: Jan 31 - Feb 28 steps
    # forward, Feb 28 - Mar 31 (anchor on the 31st) steps back.
    return add_interval(period.start, interval, 1) == period.end or add_interval(period.end, interval, -1) == period.start


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if _is_number(value):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _is_number(value: Any) -> bool:
    # JSON numbers arrive as int, or Decimal (parsed with parse_float=Decimal
    # so messages show them as written); float when decode() is called directly.
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _show(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return _json_type(value)
    text = str(value) if _is_number(value) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _names(keys: list[str]) -> str:
    return ", ".join(repr(key) for key in keys)
