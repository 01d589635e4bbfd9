"""The floor under the reference engine: the bare exact arithmetic of its lines.

Issue #7 asks the engine to stay within 5x of this. For every line the engine
issues for a scenario, the floor does only what exact money cannot do without:

    exact = unit amount x quantity x units used / units in the period   (a Fraction)
    amount = that, rounded once to the currency's minor units           (a Decimal)

with every input (the Decimal unit amount and quantity, the day counts, the
minor units and the rounding mode) worked out before the clock starts. It
builds no line, no description, no derivation, no document, and walks no
calendar: what the engine does on top of this is its overhead, and the ratio
engine time / floor time says how much that is.

Two versions (timed by engine_throughput.py, in turn with the engine). `arithmetic` is the floor issue #7 describes, the
computation as written: Fraction(amount) x quantity x Fraction(days, period
days), rounded once (`round_to_minor`, the model's one rounding). `tight`
builds the same product the way the engine does (one Fraction from the
integers of the three factors), the least arithmetic exact money needs;
its ratio is printed beside the other so the overhead is not flattered.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from harness.model import Outcome, Rounding, minor_units, round_to_minor

#: One line's inputs: unit amount, quantity, units used, units in the period,
#: minor units, rounding mode.
LineInputs = tuple[Decimal, Decimal, int, int, int, Rounding]


def line_inputs(outcomes: list[Outcome]) -> list[list[LineInputs]]:
    """Per scenario, the inputs of every line the engine issued (lines
    without a derivation, if any, have no arithmetic to redo and are left out)."""
    scenarios = []
    for outcome in outcomes:
        entries = []
        for document in outcome.documents:
            units = minor_units(document.currency)
            for line in document.lines:
                d = line.derivation
                if d is None:
                    continue
                used, total = (d.units_used, d.units_total) if d.units_total > 0 else (0, 1)
                entries.append((d.unit_amount, d.quantity, used, total, units, Rounding(d.rounding)))
        scenarios.append(entries)
    return scenarios


def arithmetic(entries: list[LineInputs]) -> list[Decimal]:
    """The timed part for one scenario: per line, amount x quantity x
    days / period days as Fractions, rounded once."""
    return [round_to_minor(Fraction(unit) * Fraction(quantity) * Fraction(used, total), units, mode)
            for unit, quantity, used, total, units, mode in entries]


def tight(entries: list[LineInputs]) -> list[Decimal]:
    """The same amounts, each product built as one Fraction from integers."""
    amounts = []
    for unit, quantity, used, total, units, mode in entries:
        unit_num, unit_den = unit.as_integer_ratio()
        qty_num, qty_den = quantity.as_integer_ratio()
        exact = Fraction(unit_num * qty_num * used, unit_den * qty_den * total)
        amounts.append(round_to_minor(exact, units, mode))
    return amounts


def check_against(outcomes: list[Outcome], scenarios: list[list[LineInputs]]) -> int:
    """How many lines the floor computes differently from the engine, cap aside
    (0 expected: a floor that computed something else would prove nothing)."""
    wrong = 0
    for outcome, entries in zip(outcomes, scenarios):
        if arithmetic(entries) != tight(entries):
            wrong += len(entries)
            continue
        amounts = iter(arithmetic(entries))
        for document in outcome.documents:
            for line in document.lines:
                d = line.derivation
                if d is None:
                    continue
                amount = next(amounts)
                if d.cap is None and amount != abs(line.amount):
                    wrong += 1
    return wrong
