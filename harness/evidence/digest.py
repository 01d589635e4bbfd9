"""What a backend produced for a pack, as hashes a sign-off can record and the
CI gate can compare: one per scenario, and one for the whole run.

Only what the comparison looks at goes in (status, documents by kind, date,
currency, total and lines by kind, plan, quantity, period and amount, and the
problems a report lists), never what differs from run to run on a real
backend (vendor invoice numbers, descriptions, durations)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from harness.model import Document, Outcome
from harness.packs.fingerprint import canonical, digest_of
from harness.runner import RunResult, ScenarioResult


@dataclass(frozen=True)
class ResultsDigest:
    """`scenarios` maps a scenario id to a short hash of its result."""

    digest: str
    scenarios: Mapping[str, str]

    def changed(self, signed: Mapping[str, str]) -> tuple[str, ...]:
        """Scenario ids whose result differs from `signed` (or that only one side has)."""
        ids = self.scenarios.keys() | signed.keys()
        return tuple(sorted(i for i in ids if self.scenarios.get(i) != signed.get(i)))


def results_digest(run: RunResult) -> ResultsDigest:
    return ResultsDigest(*digest_of({result.id: canonical(result_content(result)) for result in run.results}))


def result_content(result: ScenarioResult) -> dict[str, Any]:
    return {
        "status": result.status.value,
        "documents": outcome_content(result.outcome) if result.outcome is not None else None,
        "problems": list(result.problems),
    }


def outcome_content(outcome: Outcome) -> list[dict[str, Any]]:
    return [_document(document) for document in outcome.documents]


def _document(document: Document) -> dict[str, Any]:
    return {
        "kind": document.kind.value,
        "date": document.date.isoformat(),
        "currency": document.currency,
        "total": str(document.total),
        "lines": [
            {"kind": line.kind.value, "plan": line.plan,
             "quantity": None if line.quantity is None else str(line.quantity),
             "period": [line.period.start.isoformat(), line.period.end.isoformat()], "amount": str(line.amount)}
            for line in document.lines
        ],
    }
