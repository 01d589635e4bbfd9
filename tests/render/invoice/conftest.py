"""The core pack and its reference outcomes, computed once for the invoice tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness import engine
from harness.packs import load_pack

CORE = load_pack(Path(__file__).resolve().parents[3] / "scenario_packs" / "core")


@pytest.fixture(scope="session")
def core_outcomes():
    return {scenario.id: (scenario, engine.run(scenario)) for scenario in CORE.scenarios}
