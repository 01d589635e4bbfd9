"""Which combinations of the decision matrix a pack actually tests: event x
policy value x day count x currency, computed from what the reference engine
used when it ran each scenario (engine requirements), not from file names or
tags.

A *policy value* is one field of an event's rule at one of its possible values
(`effective=next_period`, `prorate=false`, `bill=now`): every value the
policy model allows is a column, so a pack that never tests a downgrade billed
immediately shows that as a gap even though its own policy never says so —
exactly the cell a pricing change would switch on. Only the fields the engine
consulted count: a non-prorated upgrade does not cover `bill=now`."""

from __future__ import annotations

import dataclasses
import enum
from collections import defaultdict
from dataclasses import dataclass

from harness.engine.requirements import requirements
from harness.engine.state import value_text
from harness.model import Pack
from harness.model.policy import DayCount, EVENT_RULES, Policy


@dataclass(frozen=True)
class CoverageCell:
    """`event` is a decision-matrix row key (`upgrade`, `quantity_increase`),
    `policy` one of its fields at one value (`effective=next_period`);
    `scenarios` the ids that exercise the cell, empty for a gap."""

    event: str
    policy: str
    day_count: str
    currency: str
    scenarios: tuple[str, ...]

    @property
    def covered(self) -> bool:
        return bool(self.scenarios)


@dataclass(frozen=True)
class Coverage:
    """Every cell of the universe, in decision-matrix order, then policy value,
    day count and currency order; `currencies` are the pack's (its catalog's
    and its default currency)."""

    cells: tuple[CoverageCell, ...]
    currencies: tuple[str, ...]

    @property
    def covered(self) -> tuple[CoverageCell, ...]:
        return tuple(cell for cell in self.cells if cell.covered)

    @property
    def gaps(self) -> tuple[CoverageCell, ...]:
        return tuple(cell for cell in self.cells if not cell.covered)


DAY_COUNTS: tuple[str, ...] = tuple(member.value for member in DayCount)


def policy_values(event: str) -> tuple[str, ...]:
    """Every `field=value` the policy model allows for an event's rule."""
    rule = getattr(Policy(), event)
    values = []
    for field in dataclasses.fields(rule):
        current = getattr(rule, field.name)
        choices = list(type(current)) if isinstance(current, enum.Enum) else [True, False]
        values += [f"{field.name}={value_text(choice)}" for choice in choices]
    return tuple(values)


def coverage(pack: Pack) -> Coverage:
    """The coverage matrix of `pack` (runs each scenario once on the engine)."""
    currencies = tuple(sorted({plan.currency for plan in pack.meta.catalog.plans.values()} | {pack.meta.currency}))
    seen: dict[tuple[str, str, str, str], list[str]] = defaultdict(list)
    for scenario in pack.scenarios:
        needs = requirements(scenario)
        events = {need.value for need in needs if need.key == "event"}
        day_count = next(need.value for need in needs if need.key == "day_count")
        currency = next(need.value for need in needs if need.key == "currency")
        for need in needs:
            event, dot, field = need.key.partition(".")
            if dot and event in events:
                seen[event, f"{field}={need.value}", day_count, currency].append(scenario.id)
    cells = tuple(
        CoverageCell(event, value, day_count, currency, tuple(seen.get((event, value, day_count, currency), ())))
        for event in EVENT_RULES for value in policy_values(event) for day_count in DAY_COUNTS for currency in currencies
    )
    return Coverage(cells, currencies)
