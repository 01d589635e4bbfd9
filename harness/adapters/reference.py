"""The reference engine as a backend: the oracle every other backend is judged by."""

from __future__ import annotations

import harness
from harness import engine
from harness.adapters.base import Adapter
from harness.model import Outcome, Scenario


class ReferenceBackend(Adapter):
    parallel_safe = True
    pure = True  # a pure function of the scenario: --workers runs it on processes
    name = "reference"
    description = "the harness's own engine: the pack's policy exactly, exact rationals"

    def run(self, scenario: Scenario) -> Outcome:
        return engine.run(scenario)

    def version(self) -> str:
        return f"proration-harness {harness.__version__}"
