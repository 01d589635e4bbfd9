"""Finished runs built by hand (fixed durations) so report output is stable."""

from __future__ import annotations

from fractions import Fraction

from factories import (
    derivation,
    expected_doc,
    expected_line,
    invoice,
    line,
    outcome,
    pack,
    pack_meta,
    scenario,
    upgrade_expected,
    upgrade_outcome,
)

from harness.compare import compare
from harness.runner import RunResult, ScenarioResult, Status


def rounding_failure():
    """One scenario whose credit rounds the other way: two differences."""
    expected = [
        expected_doc(
            "2026-04-16",
            "-5.02",
            expected_line("proration_credit", "basic", "2026-04-16", "2026-05-01", "-5.02"),
        )
    ]
    issued = outcome(
        invoice(
            "2026-04-16",
            line(
                "proration_credit",
                "basic",
                "2026-04-16",
                "2026-05-01",
                "-5.03",
                derivation=derivation(Fraction(-201, 40), "half_up"),
            ),
        )
    )
    subject = scenario(expected, id="credit-rounding", tags=("rounding",))
    return subject, issued, compare(subject, issued)


def core_run(backend: str = "reference", name: str = "core") -> RunResult:
    meta = pack_meta(name=name)
    passed = scenario(upgrade_expected(), id="upgrade-halfway", meta=meta)
    failing, issued, differences = rounding_failure()
    failing = scenario(failing.expect.invoices, id="credit-rounding", meta=meta)
    not_applicable = scenario(upgrade_expected(), id="seat-increase", meta=meta)
    deviating = scenario(upgrade_expected(), id="anchor-change", meta=meta)
    broken = scenario(upgrade_expected(), id="cancel-immediately", meta=meta)
    one_missing = compare(deviating, outcome(upgrade_outcome().documents[0]))
    results = (
        ScenarioResult(passed, Status.PASSED, outcome=upgrade_outcome()),
        ScenarioResult(failing, Status.FAILED, differences, issued),
        ScenarioResult(not_applicable, Status.NOT_APPLICABLE, note="backend has no seats"),
        ScenarioResult(deviating, Status.DEVIATION, one_missing, note="anchor changes are not invoiced (issue #12)"),
        ScenarioResult(broken, Status.ERROR, error="RuntimeError: connection refused"),
    )
    return RunResult(pack(*(r.scenario for r in results), meta=meta), backend, results)


def small_run(name: str, backend: str = "reference") -> RunResult:
    meta = pack_meta(name=name)
    passed = scenario(upgrade_expected(), id="upgrade-halfway", meta=meta)
    return RunResult(pack(passed, meta=meta), backend, (ScenarioResult(passed, Status.PASSED),))
