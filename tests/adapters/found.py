"""What every backend's test folder checks of the scenarios `prorata fuzz`
found on it (scenario_packs/found/<backend>): they replay as recorded."""

from __future__ import annotations

from pathlib import Path

from harness.adapters import ReferenceBackend
from harness.packs import load_ledger, load_pack
from harness.runner import Status, run_pack

FOUND = Path(__file__).resolve().parents[2] / "scenario_packs" / "found"


def check_found_pack(backend, name: str) -> None:
    """Each found scenario fails on `backend` without its ledger, is exactly the
    recorded deviation with it, and passes on the reference engine (whose
    documents are its expectations)."""
    pack = load_pack(FOUND / name)
    assert pack.scenarios, f"no found scenarios for {name}"
    ledger = load_ledger(pack.meta.source, pack.name, name)
    judged = run_pack(pack, backend, ledger=ledger)
    assert judged.ok, [(r.id, r.status, r.problems) for r in judged.results]
    assert judged.summary["deviations"] == len(pack.scenarios)
    bare = run_pack(pack, backend)
    assert {result.status for result in bare.results} == {Status.FAILED}
    assert run_pack(pack, ReferenceBackend()).summary["passed"] == len(pack.scenarios)
