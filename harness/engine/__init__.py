"""The reference engine: the oracle every backend is compared with.

Exact rationals throughout, one rounding per line, every line with its
derivation. Semantics: scenario-packs v1 section 5 and docs/semantics.md."""

from __future__ import annotations

from datetime import datetime

from harness.engine.errors import ScenarioError
from harness.engine.simulation import Simulation
from harness.model import Outcome, Scenario


def run(scenario: Scenario) -> Outcome:
    """Every document the policy issues for `scenario` before its horizon."""
    return Simulation(scenario).run()


def horizon(scenario: Scenario) -> datetime | None:
    """The instant documents stop at: `until`, or the default horizon of
    docs/semantics.md (None once the subscription ended and nothing is open).
    Backends that must be driven up to it (a sandbox clock) ask here."""
    simulation = Simulation(scenario)
    simulation.run()
    return simulation.horizon


def rules_applied(scenario: Scenario) -> tuple[str, ...]:
    """The policy rows `scenario` was judged by (plus `usage`), in the order
    they first applied: `signup` first when the first period is partial. What
    a report calls the scenario's change types comes from here, so a plan
    change is an upgrade or a downgrade by the spec's rule, not by its name."""
    simulation = Simulation(scenario)
    simulation.run()
    return tuple(simulation.judged)


def check(scenario: Scenario) -> None:
    """Raise ScenarioError if the semantics cannot run `scenario` (a load-time check)."""
    Simulation(scenario).run()


__all__ = ["ScenarioError", "check", "horizon", "rules_applied", "run"]
