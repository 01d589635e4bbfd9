"""`prorata explain`: every amount of a scenario, with the formula and rule behind it.

This is what a support agent reads when a customer asks "why was I charged
15.00?": the scenario's rule and math, what happened when, then each document
and each line with its period, its formula from the line's `Derivation`
(`30.00 x 15/30 days = 15.00 (half_up)`) and the policy row that produced it
(`policy.upgrade: effective immediately, prorate, bill now`).

A pure function of a Scenario and an Outcome (plus, optionally, the
differences found against the expectation): no I/O, no clock."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields, is_dataclass
from decimal import Decimal
from fractions import Fraction

from harness.model import (
    Derivation,
    Document,
    DocumentKind,
    Event,
    Line,
    Outcome,
    Rounding,
    Scenario,
    minor_units,
    round_to_minor,
)
from harness.model.policy import EVENT_RULES
from harness.render.text import exact, instant, money, period, plain

_DOCUMENT_NAMES = {DocumentKind.INVOICE: "Invoice", DocumentKind.CREDIT_NOTE: "Credit note"}


def explain(
    scenario: Scenario,
    outcome: Outcome,
    differences: Sequence[object] | None = None,
) -> str:
    """The whole explanation as text (ends with a newline).

    `differences` is the comparison against the scenario's expectation; when
    given, the last section says whether the outcome matches it."""
    sections = [
        _header(scenario),
        _timeline(scenario, outcome),
        *(_document(scenario, document) for document in outcome.documents),
        _totals(scenario, outcome),
    ]
    if not outcome.documents:
        sections.insert(2, "No documents issued.")
    if differences is not None:
        sections.append(_verdict(scenario, outcome, differences))
    return "\n\n".join(section for section in sections if section) + "\n"


# -- header and timeline ---------------------------------------------------


def _header(scenario: Scenario) -> str:
    lines = [f"{scenario.pack.name}::{scenario.id}  {scenario.title}".rstrip()]
    rows = [
        ("rule", scenario.rule),
        ("math", scenario.math),
        ("owner", scenario.owner or scenario.pack.owner),
        ("tags", ", ".join(scenario.tags)),
        ("policy", _overrides(scenario.policy_overrides)),
        ("source", str(scenario.source) if scenario.source else ""),
    ]
    width = max(len(name) for name, value in rows if value) if any(v for _, v in rows) else 0
    for name, value in rows:
        if value:
            lines.append(f"{name + ':':<{width + 1}} {value}")
    return "\n".join(lines)


def _overrides(overrides: Mapping | None) -> str:
    """{"upgrade": {"bill": "next_invoice"}} -> "upgrade.bill = next_invoice (overrides the pack)"."""
    if not overrides:
        return ""
    flat: list[str] = []

    def walk(prefix: str, value: object) -> None:
        if isinstance(value, Mapping):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        else:
            flat.append(f"{prefix} = {_scalar(value)}")

    walk("", overrides)
    return ", ".join(flat) + " (overrides the pack)"


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return plain(value)
    return str(getattr(value, "value", value))


def _timeline(scenario: Scenario, outcome: Outcome) -> str:
    start = scenario.start
    items = ", ".join(
        item.plan if item.quantity == 1 else f"{item.plan} x {item.quantity}" for item in start.items
    )
    when = instant(start.date)
    rows = [(when, f"start: {items}" + (f", anchor {instant(start.anchor)}" if start.anchor != start.date else ""))]
    for number, event in enumerate(scenario.events, start=1):
        rows.append((instant(event.at), f"event {number}: {describe_event(event)}"))
        rows.extend(("", f"  -> {note.text}") for note in outcome.notes if note.event_index == event.index)
    if scenario.until is not None:
        rows.append((instant(scenario.until), "until (exclusive)"))
    width = max(len(when) for when, _ in rows)
    body = [f"  {when:<{width}}  {what}" for when, what in rows]
    return f"Timeline ({scenario.pack.timezone})\n" + "\n".join(body)


def describe_event(event: Event) -> str:
    """"change_plan to pro", "usage 1500 (item api)", "cancel effective immediately, prorate"."""
    action = event.action
    values = {f.name: getattr(action, f.name) for f in fields(action)} if is_dataclass(action) else {}
    parts = [event.name]
    if "to" in values:
        parts.append(f"to {_scalar_or_date(values.pop('to'))}")
    if "quantity" in values:
        parts.append(plain(values.pop("quantity")))
    item = values.pop("item", None)
    for key, value in values.items():
        if value is None:
            continue
        if isinstance(value, bool):
            parts.append(key if value else f"no {key}")
        else:
            parts.append(f"{key} {_scalar(value)}")
    text = " ".join(parts)
    if item:
        text += f" (item {item})"
    if event.id:
        text += f" [id {event.id}]"
    return text


def _scalar_or_date(value: object) -> str:
    if hasattr(value, "isoformat"):
        return instant(value)  # type: ignore[arg-type]
    return _scalar(value)


# -- documents and lines ---------------------------------------------------


def _document(scenario: Scenario, document: Document) -> str:
    name = _DOCUMENT_NAMES.get(document.kind, str(getattr(document.kind, "value", document.kind)))
    if document.number:
        name += f" {document.number}"
    head = f"{name} {instant(document.date)}: total {money(document.total, document.currency)} {document.currency}"
    if document.reason:
        head += f" ({document.reason})"
    if not document.lines:
        return head + "\n  (no lines)"
    rows = [_line_columns(line, document.currency) for line in document.lines]
    kind_w, plan_w, span_w, amount_w = (max(len(row[i]) for row in rows) for i in range(4))
    out = [head]
    for line, (kind, plan, span, amount) in zip(document.lines, rows):
        out.append(f"  {kind:<{kind_w}}  {plan:<{plan_w}}  {span:<{span_w}}  {amount:>{amount_w}}".rstrip())
        for detail in explain_line(scenario, line, document.currency):
            out.append(f"      {detail}")
    return "\n".join(out)


def _line_columns(line: Line, currency: str) -> tuple[str, str, str, str]:
    kind = str(getattr(line.kind, "value", line.kind))
    plan = line.plan or ""
    if line.quantity is not None and line.quantity != 1:
        plan += f" x {plain(line.quantity)}"
    return kind, plan, period(line.period.start, line.period.end), money(line.amount, currency)


def explain_line(scenario: Scenario, line: Line, currency: str) -> list[str]:
    """The formula line and the rule line under one invoice line."""
    derivation = line.derivation
    if derivation is None:
        return ["(no derivation: this backend does not say how it got the amount)"]
    return [formula(derivation, currency), rule(scenario, derivation)]


def formula(derivation: Derivation, currency: str) -> str:
    """`30.00 x 15/30 days = 15.00 (half_up)`, `10.00 x 1 = 10.00 (full period)`,
    `-(10.00 x 31/30 days) = -10.33 (half_up), capped at 10.00 billed for the span`.

    The comparisons below work on (numerator, denominator) pairs rather than
    Fractions: every golden invoice prints a formula per line, and building
    the product and its negation as Fractions was the largest part of
    rendering one (each Fraction normalises with a gcd); cross-multiplying
    decides the same equalities exactly."""
    d = derivation
    unit = plain(d.unit_amount)
    quantity = plain(d.quantity)
    if d.basis == "full":
        factors = [unit, quantity]
    elif d.basis == "usage":
        factors = [unit, quantity]
    else:
        factors = [unit]
        if d.quantity != 1:
            factors.append(quantity)
        factors.append(_fraction(d))
    expression = " x ".join(factors)
    exact_ratio = _ratio(d.exact)
    if _negated(_product(d), exact_ratio):  # a credit: the engine negated the product
        expression = f"-({expression})"
    rounded = _round(d, currency)
    text = f"{expression} = {money(rounded, currency)}"
    unchanged = _same(_ratio(rounded), exact_ratio)  # the rounding changed nothing
    if d.basis == "full" and unchanged:
        text += " (full period)"
    elif unchanged:
        text += f" ({d.rounding})"
    else:
        text += f" ({exact(d.exact)} rounded {d.rounding})"
    if d.cap is not None:
        text += f", capped at {money(d.cap, currency)} billed for the span"
    if d.note:
        text += f"; {d.note}"
    return text


def _ratio(value: Fraction | Decimal | int) -> tuple[int, int]:
    """`value` as (numerator, denominator > 0): what `Fraction(value)` holds,
    without building one (a Decimal, a Fraction and an int give theirs)."""
    try:
        return value.as_integer_ratio()
    except AttributeError:  # not a number that has one: Fraction tells, or raises as it did
        return Fraction(value).as_integer_ratio()


def _same(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two ratios are equal (denominators not zero), reduced or not."""
    return a[0] * b[1] == b[0] * a[1]


def _product(d: Derivation) -> tuple[int, int]:
    """unit_amount x quantity x fraction, exactly, as a ratio not reduced."""
    (un, ud), (qn, qd), (fn, fd) = _ratio(d.unit_amount), _ratio(d.quantity), _ratio(d.fraction)
    return un * qn * fn, ud * qd * fd


def _negated(product: tuple[int, int], exact_ratio: tuple[int, int]) -> bool:
    """product != exact and product == -exact: exact is the product negated, and not zero."""
    left, right = product[0] * exact_ratio[1], exact_ratio[0] * product[1]
    return left == -right and left != right


def _fraction(d: Derivation) -> str:
    basis = d.basis
    if basis == "30E/360 days":  # the model's docstring spelling
        basis = "days (30E/360)"
    text = f"{d.units_used}/{d.units_total} {basis}"
    # units_used/units_total are integer counts, so their ratio needs no Fraction to compare
    if d.units_total and not _same((d.units_used, d.units_total), _ratio(d.fraction)):
        text += f" (fraction {d.fraction})"
    return text


#: Rounding modes by their text, looked up once: calling the enum by value
#: costs a microsecond a line; an unknown text still goes to `Rounding(...)`.
_ROUNDINGS = {mode.value: mode for mode in Rounding}


def _round(d: Derivation, currency: str) -> Decimal:
    try:
        return round_to_minor(d.exact, minor_units(currency), _ROUNDINGS.get(d.rounding) or Rounding(d.rounding))
    except ValueError:
        return Decimal(d.exact.numerator) / Decimal(d.exact.denominator)


def rule(scenario: Scenario, derivation: Derivation) -> str:
    """`policy.upgrade: effective immediately, prorate, bill now (event 1)`."""
    name = derivation.rule
    text = f"policy.{name}" if name in EVENT_RULES else name
    if derivation.policy:
        text += f": {derivation.policy}"
    notes = []
    if name in (scenario.policy_overrides or {}):
        notes.append("scenario override")
    if derivation.event_index is not None:
        notes.append(_event_ref(scenario, derivation.event_index))
    if notes:
        text += f" ({'; '.join(notes)})"
    return text


def _event_ref(scenario: Scenario, index: int) -> str:
    for number, event in enumerate(scenario.events, start=1):
        if event.index == index:
            return f"event {number}, {instant(event.at)}"
    return f"event {index + 1}"


# -- totals and verdict ----------------------------------------------------


def _totals(scenario: Scenario, outcome: Outcome) -> str:
    if not outcome.documents:
        return ""
    currency = outcome.documents[0].currency
    invoices = len(outcome.invoices)
    notes = len(outcome.credit_notes)
    counts = f"{invoices} invoice{'s' if invoices != 1 else ''}"
    if notes:
        counts += f", {notes} credit note{'s' if notes != 1 else ''}"
    return f"Billed in all: {money(outcome.total_billed, currency)} {currency} ({counts})"


def _verdict(scenario: Scenario, outcome: Outcome, differences: Sequence[object]) -> str:
    if not differences:
        return "Expectation: matches."
    count = len(differences)
    out = [f"Expectation: {count} difference{'s' if count != 1 else ''}"]
    for difference in differences:
        lines = str(difference).splitlines() or [""]
        out.append(f"  - {lines[0]}")
        out.extend(f"    {rest}" for rest in lines[1:])
    return "\n".join(out)
