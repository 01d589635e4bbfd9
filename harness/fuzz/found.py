"""A shrunk failure as an ordinary scenario file anyone can replay.

The file lives in a pack of its own per backend (`scenario_packs/found/
<backend>/`, pack `found-<backend>`), so `prorata run` replays it with no
fuzzer involved. Its expectations are the reference engine's documents, its
`rule` names the broken invariant, its `math` holds the derivation of every
expected amount and what the backend did instead, so the finding can be
checked by hand and filed as a deviation or fixed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from harness.engine import run as reference_run
from harness.fuzz.invariants import INVARIANTS
from harness.fuzz.run import CRASH, Failure
from harness.model import Outcome, Scenario
from harness.packs import expectation_of, write_scenario
from harness.render.explain import formula


def pack_name(backend: str) -> str:
    return f"found-{backend}"


def _math(scenario: Scenario, outcome: Outcome, failure: Failure, backend: str) -> str:
    currency = outcome.documents[0].currency if outcome.documents else scenario.pack.currency
    lines = ["Expected (reference engine):"]
    for document in outcome.documents:
        lines.append(f"{document.kind.value.replace('_', ' ')} {document.date.date()} ({document.reason}):")
        for line in document.lines:
            derivation = formula(line.derivation, currency) if line.derivation else str(line.amount)
            lines.append(f"  {line.kind.value} {line.plan or ''}: {derivation}")
    if not outcome.documents:
        lines.append("no documents")
    lines.append(f"Found on {backend}:")
    for name, problems in failure.problems.items():
        lines.extend(f"  {name}: {problem}" for problem in problems)
    return "\n".join(lines)


def found_scenario(failure: Failure, backend: str) -> Scenario:
    """The failure as a scenario of the found pack, expectations filled in."""
    scenario = failure.scenario
    summary = "the backend raised an error" if failure.invariant == CRASH else INVARIANTS[failure.invariant].summary
    meta = replace(scenario.pack, name=pack_name(backend), currency="USD",  # plans carry their own currency
                   title=f"Scenarios prorata fuzz found failing on {backend}")
    outcome = reference_run(scenario)
    events = len(scenario.events)
    return replace(
        scenario,
        pack=meta,
        title=f"{failure.invariant} broken on {backend} ({events} event{'s' if events != 1 else ''})",
        rule=f"{failure.invariant}: {summary}",
        tags=("fuzz", failure.invariant),
        math=_math(scenario, outcome, failure, backend),
        expect=expectation_of(outcome, meta.timezone),
    )


def write_found(failure: Failure, backend: str, folder: Path) -> Path:
    """Write the failure into `folder` (the found pack); returns the file."""
    return write_scenario(folder, found_scenario(failure, backend), overwrite=True)
