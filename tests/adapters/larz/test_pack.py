"""The whole core pack through larz, judged against the committed ledger:
every scenario passes, is a recorded deviation, or is not applicable."""

from __future__ import annotations

import pytest

from harness.adapters.larz import LarzBackend
from harness.packs import load_pack
from harness.packs.ledger import load_ledger
from harness.runner import run_pack

CORE = "scenario_packs/core"


@pytest.fixture(scope="module")
def run():
    pack = load_pack(CORE)
    ledger = load_ledger(CORE, pack.name, "larz")
    with LarzBackend() as backend:
        return run_pack(pack, backend, ledger=ledger), ledger


def test_core_pack_runs_clean_against_the_ledger(run):
    result, _ = run
    summary = result.summary
    problems = [(r.id, r.status.value, r.error or r.note) for r in result.results if r.status.value in ("failed", "error")]
    assert problems == []
    assert result.ok
    assert summary["deviations"] >= 40 and summary["passed"] >= 1


def test_every_ledger_entry_has_a_written_finding(run):
    _, ledger = run
    assert ledger.deviations
    assert not [entry.scenario for entry in ledger.deviations if entry.drafted]


def test_not_applicable_only_for_what_larz_cannot_express(run):
    result, _ = run
    reasons = {r.id: r.note for r in result.results if r.status.value == "not_applicable"}
    assert reasons["seats-increase-immediately"].startswith("needs event=quantity_increase: a larz subscription has no quantity")
    assert reasons["downgrade-next-period"].startswith("needs downgrade.effective=next_period")
    # an immediate cancel with a refund is run (larz refunds nothing: a deviation), not skipped
    assert "cancel-immediately-prorated" not in reasons
