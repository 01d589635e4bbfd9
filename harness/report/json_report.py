"""The machine-readable report. Everything is a string, int or list: amounts
stay the strings the comparison rendered (never floats)."""

from __future__ import annotations

from typing import Any, Sequence

from harness.compare import Difference
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


def _scenario(result: ScenarioResult) -> dict[str, Any]:
    return {
        "id": result.id,
        "status": result.status.value,
        "differences": [difference_to_json(d) for d in result.differences],
        "detail": result.detail,
    }


def to_json(runs: Sequence[RunResult]) -> dict[str, Any]:
    """One run: {"pack": name, "backend": name, "summary": {...}, "scenarios": [...]}.
    Several packs: "pack" lists the names and each scenario names its "pack";
    several backends likewise for "backend"."""
    packs = list(dict.fromkeys(run.pack.name for run in runs))
    backends = list(dict.fromkeys(run.backend for run in runs))
    scenarios = []
    for run in runs:
        for result in run.results:
            entry = _scenario(result)
            if len(packs) > 1:
                entry["pack"] = run.pack.name
            if len(backends) > 1:
                entry["backend"] = run.backend
            scenarios.append(entry)
    return {
        "pack": packs[0] if len(packs) == 1 else packs,
        "backend": backends[0] if len(backends) == 1 else backends,
        "summary": summarize([result for run in runs for result in run.results]),
        "scenarios": scenarios,
    }
