"""`engine.horizon`: where documents stop, for adapters that drive a clock to it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from harness import engine
from harness.packs import load_pack

CORE = Path(__file__).resolve().parents[2] / "scenario_packs" / "core"


@pytest.fixture(scope="module")
def pack():
    return load_pack(CORE)


@pytest.mark.parametrize(
    ("scenario_id", "expected"),
    [
        ("signup-plain-first-period", "2026-04-01T00:00:00+00:00"),  # an explicit until
        ("retry-later-period", "2026-06-01T00:00:00+00:00"),  # a retry in May: the end of May
        ("cancel-end-of-period", "2026-06-01T00:00:00+00:00"),  # an explicit until wins
        # yearly to monthly on Jul 2: the yearly period as scheduled before the change
        ("horizon-after-interval-change-to-monthly", "2027-01-01T00:00:00+00:00"),
    ],
)
def test_the_horizon_of_core_scenarios(pack, scenario_id: str, expected: str) -> None:
    assert engine.horizon(pack.scenario(scenario_id)) == datetime.fromisoformat(expected)


def test_no_document_is_dated_at_or_after_the_horizon(pack) -> None:
    for scenario in pack.scenarios:
        until = engine.horizon(scenario)
        if until is None:
            continue
        assert all(document.date < until for document in engine.run(scenario).documents), scenario.id
