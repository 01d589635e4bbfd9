"""Which kind of change a scenario tests, in the words of the seeds' monthly
reconciliation ("by change type"): upgrade, downgrade, seats, cancellation,
signup, anchor, interval, usage.

The type comes from the policy rows the reference engine judged the events
by (`engine.rules_applied`), never from the YAML or the tags: a plan change is
an upgrade or a downgrade by the spec's price rule, whatever the file says.

Totals are summed per scenario, so each scenario counts under exactly one
type, its *primary* one: the first change its events make, usage only when
it has nothing else, signup when it has no change at all. A scenario that
upgrades and then cancels is an upgrade case; `change_types` lists all."""

from __future__ import annotations

from typing import Iterable, Sequence

from harness.engine import rules_applied
from harness.model import Scenario

#: Every change type, in the order reports show them.
CHANGE_TYPES: tuple[str, ...] = (
    "signup", "upgrade", "downgrade", "seats", "interval", "anchor", "cancellation", "usage",
)

_OF_RULE = {
    "signup": "signup",
    "upgrade": "upgrade",
    "downgrade": "downgrade",
    "quantity_increase": "seats",
    "quantity_decrease": "seats",
    "interval_change": "interval",
    "change_anchor": "anchor",
    "cancel": "cancellation",
    "usage": "usage",
}


def change_types(scenario: Scenario) -> tuple[str, ...]:
    """Every change type the scenario exercises, in the order they first apply."""
    return types_of_rules(rules_applied(scenario))


def change_type(scenario: Scenario) -> str:
    """The one type the scenario's amounts are reported under (see the module's docstring)."""
    return primary_type(change_types(scenario))


def types_of_rules(rules: Iterable[str]) -> tuple[str, ...]:
    """The change types of the policy rows an engine run judged by (its
    `judged` list), in order: for callers that already ran the engine."""
    return tuple(dict.fromkeys(_OF_RULE[rule] for rule in rules))


def primary_type(types: Sequence[str]) -> str:
    """The one type of `change_types`' result that amounts are reported under."""
    changes = [kind for kind in types if kind not in ("signup", "usage")]
    if changes:
        return changes[0]
    return "usage" if "usage" in types else "signup"
