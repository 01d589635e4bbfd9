"""The reference engine as a backend: the oracle every other backend is judged by."""

from __future__ import annotations

from harness import engine
from harness.model import Outcome, Scenario


class ReferenceBackend:
    name = "reference"

    def run(self, scenario: Scenario) -> Outcome:
        return engine.run(scenario)
