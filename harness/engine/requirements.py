"""What a scenario asks of a backend, as `key=value` needs an adapter's
capabilities can be checked against before anything is sent to it.

Which policy row governs an event (is this plan change an upgrade or a
downgrade? does this cancellation take effect now?) is a question of the
reference semantics, so the needs come from a dry run of the engine rather
than from reading the YAML: a downgrade that is scheduled needs
`downgrade.effective=next_period`, a retried event id needs
`feature=retried_event`, a renewal inside the horizon needs
`feature=renewal`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import time

from harness.engine.simulation import Simulation
from harness.engine.state import value_text
from harness.model import ChangePlan, Scenario


#: The keys a need can have besides `<row>.<field>` (a policy row of
#: harness.model.policy.EVENT_RULES and one of its fields).
KEYS = ("event", "feature", "day_count", "rounding", "proration_lines", "credits", "minimum_adjustment",
        "currency", "timezone", "interval")

#: Every `feature` value.
FEATURES = ("renewal", "retried_event", "multiple_items", "quantity", "same_instant", "time_of_day", "until")


@dataclass(frozen=True, order=True)
class Need:
    """One thing a scenario relies on, e.g. `upgrade.bill=now`, `currency=JPY`,
    `event=signup` (a partial first period)."""

    key: str
    value: str

    def __str__(self) -> str:
        return f"{self.key}={self.value}"


def requirements(scenario: Scenario) -> frozenset[Need]:
    """Everything `scenario` needs a backend to express, in `key=value` form.

    Keys: `event` (the policy rows the events are judged by, plus `usage`;
    `signup` only when the first period is partial),
    `<row>.<field>` (the values of those rows actually used), `day_count`,
    `rounding`, `proration_lines`, `credits`, `minimum_adjustment` (`set` when
    non-zero), `currency`, `timezone`, `interval` (e.g. `month`, `3 months`)
    and `feature`: `renewal`, `retried_event`,
    `multiple_items`, `quantity` (a start quantity above one),
    `same_instant`, `time_of_day` (an event off midnight), `until`."""
    simulation = Simulation(scenario)
    simulation.run()
    needs = {Need(key, value_text(value)) for key, value in simulation.used}
    policy, pack = scenario.policy, scenario.pack
    for key in ("day_count", "rounding", "proration_lines", "credits"):
        needs.add(Need(key, value_text(getattr(policy, key))))
    if policy.minimum_adjustment:
        needs.add(Need("minimum_adjustment", "set"))
    needs.add(Need("currency", simulation.currency))
    needs.add(Need("timezone", pack.timezone))
    plan_ids = [item.plan for item in scenario.start.items]
    plan_ids += [event.action.to for event in scenario.events if isinstance(event.action, ChangePlan)]
    needs.update(Need("interval", pack.catalog[plan_id].interval.describe()) for plan_id in plan_ids)
    needs.update(Need("feature", feature) for feature in _features(scenario))
    return frozenset(needs)


def _features(scenario: Scenario) -> list[str]:
    features = []
    if len(scenario.start.items) > 1:
        features.append("multiple_items")
    if any(item.quantity != 1 for item in scenario.start.items):
        features.append("quantity")
    instants = Counter(event.at for event in scenario.events)
    if any(count > 1 for count in instants.values()):
        features.append("same_instant")
    if any(event.at.timetz().replace(tzinfo=None) != time(0) for event in scenario.events):
        features.append("time_of_day")
    if scenario.until is not None:
        features.append("until")
    return features
