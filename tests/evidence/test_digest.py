"""A results digest changes exactly when what the comparison sees changes."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from harness.adapters import get_backend
from harness.evidence import results_digest
from harness.runner import RunResult, run_pack


def _run(pack):
    return run_pack(pack, get_backend("reference", {}))


def _with_amount(run: RunResult, scenario_id: str, amount: Decimal) -> RunResult:
    results = []
    for result in run.results:
        if result.id == scenario_id:
            document = result.outcome.documents[0]
            line = replace(document.lines[0], amount=amount)
            outcome = replace(result.outcome, documents=(replace(document, lines=(line, *document.lines[1:])),
                                                         *result.outcome.documents[1:]))
            result = replace(result, outcome=outcome)
        results.append(result)
    return replace(run, results=tuple(results))


def test_the_same_run_twice_has_the_same_digest(core_pack):
    first, second = results_digest(_run(core_pack)), results_digest(_run(core_pack))
    assert first == second
    assert len(first.scenarios) == len(core_pack.scenarios)


def test_one_amount_changes_one_scenario_and_the_whole(core_pack):
    run = _run(core_pack)
    target = run.results[0].id
    signed = results_digest(run)
    edited = results_digest(_with_amount(run, target, run.results[0].outcome.documents[0].lines[0].amount + 1))
    assert edited.digest != signed.digest
    assert edited.changed(signed.scenarios) == (target,)


def test_descriptions_and_numbers_are_not_part_of_it(core_pack):
    run = _run(core_pack)
    result = run.results[0]
    document = result.outcome.documents[0]
    renamed = replace(document, number="INV-999", lines=tuple(replace(line, description="worded otherwise")
                                                               for line in document.lines))
    outcome = replace(result.outcome, documents=(renamed, *result.outcome.documents[1:]))
    edited = replace(run, results=(replace(result, outcome=outcome), *run.results[1:]))
    assert results_digest(edited) == results_digest(run)
