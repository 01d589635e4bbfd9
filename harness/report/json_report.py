"""The machine-readable report. Everything is a string, int or list: amounts
stay the strings the comparison rendered (never floats)."""

from __future__ import annotations

from typing import Any, Callable, Sequence

from harness.compare import Difference
from harness.lint import Finding
from harness.runner import RunResult, ScenarioResult, summarize


def difference_to_json(difference: Difference) -> dict[str, Any]:
    return {
        "document": difference.document,
        "problem": difference.problem,
        "expected": difference.expected,
        "actual": difference.actual,
        "hint": difference.hint,
        "message": str(difference),
    }


def finding_to_json(finding: Finding) -> dict[str, Any]:
    """`line` is 1-based, null for a finding about a whole document; `message`
    is what a ledger's `lint:` pins."""
    return {"rule": finding.rule, "document": finding.document, "line": finding.line, "message": str(finding)}


def _scenario(result: ScenarioResult) -> dict[str, Any]:
    return {
        "id": result.id,
        "status": result.status.value,
        "differences": [difference_to_json(d) for d in result.differences],
        "lint": [finding_to_json(finding) for finding in result.findings],
        "detail": result.detail,
    }


def to_json(runs: Sequence[RunResult]) -> dict[str, Any]:
    """One run: {"pack": name, "backend": name, "summary": {...}, "scenarios": [...]}.
    Several packs: "pack" lists the names and each scenario names its "pack";
    several backends likewise for "backend"."""
    return {
        **runs_header(runs),
        "summary": summarize([result for run in runs for result in run.results]),
        "scenarios": scenario_entries(runs, _scenario),
    }


def runs_header(runs: Sequence[RunResult]) -> dict[str, Any]:
    """"pack"/"backend": a name, or the list of names when there are several."""
    packs = list(dict.fromkeys(run.pack.name for run in runs))
    backends = list(dict.fromkeys(run.backend for run in runs))
    return {"pack": packs[0] if len(packs) == 1 else packs,
            "backend": backends[0] if len(backends) == 1 else backends}


def scenario_entries(runs: Sequence[RunResult], entry_of: Callable[[ScenarioResult], dict[str, Any]]
                     ) -> list[dict[str, Any]]:
    """Every scenario of every run; each names its own pack/backend when the
    runs have several."""
    several_packs = len({run.pack.name for run in runs}) > 1
    several_backends = len({run.backend for run in runs}) > 1
    scenarios = []
    for run in runs:
        for result in run.results:
            entry = entry_of(result)
            if several_packs:
                entry["pack"] = run.pack.name
            if several_backends:
                entry["backend"] = run.backend
            scenarios.append(entry)
    return scenarios
