"""The committed golden invoices of the core pack, compared with syrupy.

A difference fails with the invoice diff; accept it on purpose with
`pytest tests/golden --snapshot-update` or
`prorata golden update scenario_packs/core --backend NAME` (same bytes).
See docs/golden.md."""

from __future__ import annotations

import pytest

from harness.golden import Change, ChangeKind, Goldens, apply, golden_text, label, read_golden, stale, volatile_of
from harness.runner import Status, run_scenario
from tests.golden.cases import BACKENDS, CASES, CORE, ROOT, GoldenCase


@pytest.mark.parametrize("golden_case", CASES, ids=str)
def test_golden_invoice(golden_case: GoldenCase, started, golden, request: pytest.FixtureRequest) -> None:
    backend = started(golden_case.backend)
    result = run_scenario(golden_case.scenario, backend)
    if result.status is Status.NOT_APPLICABLE:
        # found out only by running it: such a scenario must have no golden
        if request.config.option.update_snapshots:
            golden_case.path.unlink(missing_ok=True)
        assert not golden_case.path.exists(), (
            f"{label(ROOT, golden_case.path)} is stale: {golden_case.backend} finds {golden_case.scenario.id} "
            f"not applicable ({result.note}); remove it with --snapshot-update or `prorata golden update`"
        )
        return
    assert result.outcome is not None, result.error
    text = golden_text(golden_case.scenario, result.outcome, volatile_of(backend))
    if not golden == text:  # syrupy records the comparison (and writes under --snapshot-update)
        pytest.fail(mismatch(golden_case, text), pytrace=False)


def mismatch(case: GoldenCase, text: str) -> str:
    """The whole invoice diff, as `prorata golden check` prints it (pytest's
    own assertion report would cut it after a few lines)."""
    old = read_golden(case.path)
    change = Change(ChangeKind.ADDED if old is None else ChangeKind.CHANGED, case.path, old, text)
    name = label(ROOT, case.path)
    return (f"{change.kind.check_word}: {name} ({case.backend} issues this now)\n{change.diff(name)}"
            f"if the change is intended: pytest tests/golden --snapshot-update, or "
            f"prorata golden update scenario_packs/core --backend {case.backend}")


@pytest.mark.parametrize("backend", BACKENDS)
def test_no_stale_goldens(backend: str, request: pytest.FixtureRequest) -> None:
    """syrupy reports unused goldens only when the whole suite runs; this
    names them on any selection, with the reason each one is stale."""
    planned = {case.scenario.id: "" for case in CASES if case.backend == backend}
    found = stale(ROOT, Goldens(backend, CORE.name, planned))
    if request.config.option.update_snapshots:
        apply(found)
        return
    if found:
        pytest.fail("stale goldens (--snapshot-update or `prorata golden update` removes them):\n" + "\n".join(
            f"  {label(ROOT, change.path)}: {change.note}" for change in found), pytrace=False)
