"""Every committed deviations ledger is loadable, current and finished.

A ledger is part of what finance signs, so a draft finding, an entry for a
scenario that no longer exists or a ledger for a backend nobody can run would
be a defect in the pack, not in a backend."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.adapters import BACKENDS
from harness.packs import load_ledger, load_pack

PACKS = Path(__file__).resolve().parents[2] / "scenario_packs"
LEDGERS = sorted(PACKS.glob("*/deviations/*.yaml"))


def test_the_core_pack_has_ledgers_for_the_real_backends() -> None:
    found = {path.stem for path in PACKS.glob("core/deviations/*.yaml")}
    assert {"localstripe", "silver", "larz"} <= found


@pytest.mark.parametrize("path", LEDGERS, ids=lambda path: f"{path.parents[1].name}/{path.stem}")
def test_a_committed_ledger_is_finished(path: Path) -> None:
    pack = load_pack(path.parents[1])
    ledger = load_ledger(pack.meta.source, pack.name, path.stem)
    assert path.stem in BACKENDS, f"{path}: no backend is called {path.stem!r}"
    ids = {scenario.id for scenario in pack.scenarios}
    for entry in ledger.deviations:
        assert entry.scenario in ids, f"{entry.source}: scenario {entry.scenario!r} is not in the pack"
        assert not entry.drafted, f"{entry.source}: finding is still a draft: {entry.finding}"
        assert len(entry.finding.split()) >= 5, f"{entry.source}: a finding is a sentence, not a label"
